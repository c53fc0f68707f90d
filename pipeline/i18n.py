"""Languages and message catalogues: one mechanism for every text a person reads.

The reports (``pipeline.report.i18n``) and the command line keep their own catalogues, each a
mapping ``key -> {language: text}``; :func:`translate` looks a key up the same way for both.
Dutch is the default and the fallback.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class Language(StrEnum):
    """A language samenspel writes in."""

    NL = "nl"
    EN = "en"


DEFAULT_LANGUAGE = Language.NL

Catalogue = Mapping[str, Mapping[str, str]]


def translate(catalogue: Catalogue, key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """Return the message ``key`` of ``catalogue`` in ``lang`` with ``values`` filled in."""
    texts = catalogue[key]
    text = texts.get(str(lang)) or texts[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def missing_translations(catalogue: Catalogue) -> list[str]:
    """Return the keys of ``catalogue`` that lack a text in one of the languages."""
    return sorted(key for key, texts in catalogue.items() if any(not texts.get(lang) for lang in Language))
