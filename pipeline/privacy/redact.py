"""Redaction of e-mail addresses, phone numbers, links, addresses, bank accounts, BSNs and names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pipeline.errors import ConfigError
from pipeline.files import decode_text, line_of
from pipeline.i18n import Language
from pipeline.privacy.firstnames import first_name_spans
from pipeline.privacy.patterns import (
    EMAIL,
    POSTCODE,
    URL,
    NameIndex,
    name_words,
    number_spans,
    street_spans,
)


PLACEHOLDERS: dict[str, dict[str, str]] = {
    "nl": {
        "email": "[e-mail]", "phone": "[telefoon]", "url": "[link]", "address": "[adres]",
        "iban": "[rekeningnummer]", "bsn": "[bsn]", "name": "[naam]",
    },
    "en": {
        "email": "[e-mail]", "phone": "[phone]", "url": "[link]", "address": "[address]",
        "iban": "[bank account]", "bsn": "[bsn]", "name": "[name]",
    },
}


def load_names(path: Path | None) -> tuple[str, ...]:
    """Return the names listed in a names file (one per line, ``#`` starts a comment)."""
    if path is None:
        return ()
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(key="privacy.no_names_file", path=path) from None
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ConfigError(key="privacy.names_binary", path=path)
    try:
        # as Notepad saved it: UTF-8, "Unicode" (UTF-16) or "ANSI" (Windows-1252)
        text = decode_text(data)
    except UnicodeDecodeError as exc:
        raise ConfigError(key="privacy.names_not_utf8", path=path, line=line_of(data, exc.start)) from None
    names = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.append(line)
    return tuple(dict.fromkeys(names))


def _first_names(names: Iterable[str]) -> tuple[str, ...]:
    """Return the given names of listed full names, for redacting a name used on its own."""
    firsts = set()
    for name in names:
        words = name.split()
        if len(words) >= 2 and len(name_words(words[0])) == 1 and len(words[0]) >= 3:
            firsts.add(words[0])
    return tuple(sorted(firsts))


def _surnames(names: Iterable[str]) -> tuple[str, ...]:
    """Return the family names of listed full names ("de Groot" of "Vincent de Groot")."""
    return tuple(sorted({" ".join(n.split()[1:]) for n in names if len(n.split()) >= 2}))


# a family name after a form of address is a name even without the given name
HONORIFIC = re.compile(
    r"\b(?:meneer|mevrouw|mevr\.?|mw\.?|dhr\.?|de heer|wethouder|burgemeester|juf|meester|"
    r"mr\.?|mrs\.?|ms\.?)[ \u00a0]+",
    re.IGNORECASE,
)


@lru_cache(maxsize=16)
def _name_indexes(names: tuple[str, ...]) -> tuple[NameIndex, NameIndex, NameIndex]:
    """Return the indexes of full names, given names alone, and family names (built once)."""
    return NameIndex(names), NameIndex(_first_names(names)), NameIndex(_surnames(names))


def _spans(
    text: str, indexes: tuple[NameIndex, NameIndex, NameIndex] | None, first_names: bool, name_list: bool
) -> list[tuple[int, int, str]]:
    """Return non-overlapping (start, end, kind) spans of personal data, earliest first."""
    found: list[tuple[int, int, str]] = []
    found += [(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
    for m in URL.finditer(text):
        # a sentence's closing punctuation is not part of the link
        link = m.group(0).rstrip(".,;:!?'\"")
        found.append((m.start(), m.start() + len(link), "url"))
    found += number_spans(text)
    found += [(m.start(), m.end(), "address") for m in POSTCODE.finditer(text)]
    found += [(s, e, "address") for s, e in street_spans(text)]
    if indexes is not None:
        full, given, family = indexes
        found += [(s, e, "name") for s, e in full.spans(text)]
        if first_names:
            # a given name on its own only counts when written as a name (capital first)
            found += [(s, e, "name") for s, e in given.spans(text) if text[s].isupper()]
        honorifics = {m.end() for m in HONORIFIC.finditer(text)}
        if honorifics:
            for s, e in family.spans(text):
                # a family name right after a form of address; "de Groot" counts, "de boer" not
                if s in honorifics and any(c.isupper() for c in text[s:e]):
                    found.append((s, e, "name"))
    if name_list:
        # a listed name is the more exact one where both found something
        listed = [(s, e) for s, e, kind in found if kind == "name"]
        # the e-mail addresses and phone numbers found above, not looked for again
        contacts = sorted((s, e) for s, e, kind in found if kind in ("email", "phone"))
        found += [(s, e, "name") for s, e in first_name_spans(text, contacts)
                  if not any(a < e and s < b for a, b in listed)]
    # the earliest, then the longest, span wins an overlap
    found.sort(key=lambda span: (span[0], -(span[1] - span[0])))
    kept: list[tuple[int, int, str]] = []
    for span in found:
        if kept and span[0] < kept[-1][1]:
            if span[1] > kept[-1][1]:
                kept[-1] = (kept[-1][0], span[1], kept[-1][2])
            continue
        kept.append(span)
    return kept


# the indexes built for a names collection, by its id (with the collection kept alive, so
# the id cannot be reused): a 50,000-name tuple is not hashed again for every quote
_INDEX_CACHE: dict[int, tuple[object, tuple[NameIndex, NameIndex, NameIndex]]] = {}


def _indexes_for(names: Iterable[str]) -> tuple[NameIndex, NameIndex, NameIndex] | None:
    """Return the name indexes for ``names`` (None without names), built once per collection."""
    cached = _INDEX_CACHE.get(id(names))
    if cached is not None and cached[0] is names:
        return cached[1]
    key = tuple(sorted(set(names)))
    if not key:
        return None
    indexes = _name_indexes(key)
    if isinstance(names, tuple | frozenset):  # immutable: safe to remember by identity
        if len(_INDEX_CACHE) >= 16:
            _INDEX_CACHE.clear()
        _INDEX_CACHE[id(names)] = (names, indexes)
    return indexes


def redact(
    text: str,
    *,
    names: Iterable[str] = (),
    language: Language = Language.NL,
    first_names: bool = True,
    name_list: bool | None = None,
) -> str:
    """Return ``text`` with e-mail, phone numbers, links, addresses, IBANs, BSNs and names replaced.

    Listed names match whole words, ignoring case and accents; with ``first_names`` the
    given name of a listed full name is also redacted when it stands alone with a capital.
    With ``name_list`` (by default: as ``first_names``), first names from a list of Dutch
    first names are redacted where they are written as a name, with the family name after
    them (``pipeline.privacy.firstnames``).
    """
    if not isinstance(text, str) or not text:
        return text
    marks = PLACEHOLDERS[language]
    pieces = []
    position = 0
    name_list = first_names if name_list is None else name_list
    for start, end, kind in _spans(text, _indexes_for(names), first_names, name_list):
        pieces.append(text[position:start])
        pieces.append(marks[kind])
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def redact_texts(
    values: pd.Series,
    *,
    names: Iterable[str] = (),
    language: Language = Language.NL,
    first_names: bool = True,
    name_list: bool | None = None,
) -> pd.Series:
    """Return a copy of a text column with every value redacted; missing stays missing."""
    names = tuple(names)
    # each distinct text once: a column repeats its empty and short answers ("nee", "geen")
    texts = {str(value) for value in values.dropna().tolist()}
    done = {text: redact(text, names=names, language=language, first_names=first_names, name_list=name_list)
            for text in sorted(texts)}
    redacted = [value if pd.isna(value) else done[str(value)] for value in values.tolist()]
    return pd.Series(redacted, index=values.index, name=values.name, dtype="string")
