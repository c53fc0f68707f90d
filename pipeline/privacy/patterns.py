"""Patterns for personal data in Dutch free text, shared by redaction and the output scan."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

# local@domain.tld; the local part allows the characters people really use
EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]*\w@(?:[\w-]+\.)+[a-z]{2,24}(?![\w-])",
    re.IGNORECASE,
)

# +31 / 0031 (optionally with "(0)"), or a leading 0 (optionally inside "(0..)"), then nine
# more digits with single separators; `_valid_phone` then checks the digit groups
_SEP = r"(?:\)?[ \u00a0]?[-.]?[ \u00a0]?)"
PHONE = re.compile(
    r"(?<![\w+./,\-#])"
    r"(?P<prefix>(?:\+|00)[ \u00a0]?31[ \u00a0]?(?:\(0\)[ \u00a0]?)?-?[ \u00a0]?|\(?0)"
    r"(?P<rest>[1-9](?:" + _SEP + r"\d){8})"
    r"(?![\w\-]|[.,]\d)"
)
_DATE_START = re.compile(r"\(?\d{2}[-./]\d{2}[-./](?:19|20)\d{2}")

URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'\]\[)]+"
    r"|\b(?:[a-z0-9-]+\.)+(?:nl|com|org|net|eu|be|info|nu|io|de|frl|amsterdam)/[^\s<>\"'\]\[)]*",
    re.IGNORECASE,
)

# Dutch postcode (never 0xxx; SA, SD and SS are not issued), optionally with house number
POSTCODE = re.compile(
    r"\b[1-9]\d{3}(?:[ \u00a0]?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})\b"
    r"(?:[ \u00a0]*,?[ \u00a0]*\d{1,5}(?:[ \u00a0]?[a-zA-Z]\b|-\d{1,4}\b)?(?!\d))?"
)
# a street name with a usual Dutch suffix followed by a house number
STREET = re.compile(
    r"\b[A-Z][a-zà-ÿ'-]*(?:straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|dreef|hof|park)"
    r"[ \u00a0]+\d{1,5}(?:[ \u00a0]?[a-zA-Z]\b|-\d{1,4}\b)?(?!\d)"
)

# what a value in the participant scan must look like to count as an IP address
IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")


def _valid_phone(match: re.Match[str]) -> bool:
    """Return whether a PHONE match has the digit groups of a Dutch number, not a date."""
    text = match.group(0)
    if _DATE_START.match(text):
        return False
    groups = re.findall(r"\d+", match.group("rest"))
    # a number typed as loose single digits ("0 1 2 3 ...") is not how people write phones
    return all(len(g) >= 2 for g in groups[1:]) or len(groups) == 1


def phone_matches(text: str) -> Iterator[re.Match[str]]:
    """Yield the Dutch phone numbers in ``text``."""
    for match in PHONE.finditer(text):
        if _valid_phone(match):
            yield match


def phone_digits(value: str) -> str:
    """Return a phone number as its ten national digits (``0612345678``), or ``""``."""
    digits = re.sub(r"\D", "", value)
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    elif digits.startswith("31") and value.lstrip().startswith("+"):
        digits = "0" + digits[2:]
    if digits.startswith("0") and "(0)" in value and len(digits) == 11:
        digits = digits[:1] + digits[2:] if digits[1] == "0" else digits
    return digits if len(digits) == 10 and digits.startswith("0") else ""


def _fold_char(char: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
    ).casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """Return ``text`` lower-cased without accents, and for each folded char its source index."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    where: list[int] = []
    position = 0
    for run in re.finditer(r"[^\x00-\x7f]+", text):
        out.append(text[position:run.start()].lower())
        where.extend(range(position, run.start()))
        for i in range(run.start(), run.end()):
            piece = _fold_char(text[i])
            out.append(piece)
            where.extend([i] * len(piece))
        position = run.end()
    out.append(text[position:].lower())
    where.extend(range(position, len(text)))
    return "".join(out), where


def name_words(name: str) -> tuple[str, ...]:
    """Return a name as folded words: ``"Aïcha El-Amrani"`` -> ``("aicha", "el", "amrani")``."""
    folded, _ = fold(name)
    return tuple(re.findall(r"\w+", folded))


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Return one word lower-cased without accents ("Aïcha" -> "aicha")."""
    if word.isascii():
        return word.lower()
    return _fold_char(word) if len(word) == 1 else "".join(_fold_char(c) for c in word)


_WORDS = re.compile(r"\w+")
# what may stand between the words of one name: "Jan-Willem", "D'Souza", "A. Kaya"
_NAME_GAP = re.compile(r"[\s\-.'\u2019]{1,3}")


class NameIndex:
    """Finds listed names in text as whole words, ignoring case and accents, in linear time."""

    def __init__(self, names: Iterable[str]) -> None:
        self.sequences: set[tuple[str, ...]] = set()
        self.lengths: dict[str, list[int]] = {}
        for name in names:
            words = tuple(fold_word(w) for w in _WORDS.findall(name))
            if words and len("".join(words)) >= 3 and words not in self.sequences:
                self.sequences.add(words)
                self.lengths.setdefault(words[0], []).append(len(words))
        for sizes in self.lengths.values():
            sizes.sort(reverse=True)  # the longest name wins: "Jan-Willem Bos" over "Jan-Willem"

    def __bool__(self) -> bool:
        return bool(self.sequences)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Return the (start, end) spans of listed names in ``text``, left to right."""
        if not self.sequences:
            return []
        matches = list(_WORDS.finditer(text))
        words = [fold_word(m.group(0)) for m in matches]
        found = []
        i = 0
        while i < len(words):
            for size in self.lengths.get(words[i], ()):
                if tuple(words[i:i + size]) in self.sequences and all(
                    _NAME_GAP.fullmatch(text, matches[j].end(), matches[j + 1].start())
                    for j in range(i, i + size - 1)
                ):
                    found.append((matches[i].start(), matches[i + size - 1].end()))
                    i += size - 1
                    break
            i += 1
        return found


def name_spans(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Return the (start, end) spans in ``text`` where a listed name occurs."""
    return NameIndex(names).spans(text)
