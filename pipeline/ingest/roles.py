"""Propose which questions play which role (initiative, obstacles, helped, aspects, personal)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from pipeline.limesurvey import ARRAY_TYPES, FREE_TEXT_TYPES, LIST_TYPES, POINT_ARRAY_TYPES
from pipeline.model import Structure

_LIST_TYPES = sorted(LIST_TYPES)
_TEXT_TYPES = sorted(FREE_TEXT_TYPES)
_ARRAY_TYPES = sorted(ARRAY_TYPES)
_PERSONAL_WORDS = re.compile(r"e-?mail|telefoon|phone|naam|name|adres|address|postcode|geboorte|birth|mobiel|mobile")


@dataclass(frozen=True)
class ProposedRoles:
    """The question codes proposed for each role; None when nothing fits."""

    initiative: str | None
    obstacles: str | None
    helped: str | None
    aspects: str | None
    personal: tuple[str, ...]
    reportable: tuple[str, ...]


def _haystack(row: pd.Series, languages: tuple[str, ...]) -> str:
    texts = " ".join(str(row.get(f"text_{lang}", "")) for lang in languages)
    return f"{row['code']} {texts}".casefold()


def _pick(questions: pd.DataFrame, languages: tuple[str, ...], types: list[str], words: str,
          exclude: set[str]) -> str | None:
    candidates = questions[questions["type"].isin(types) & ~questions["code"].isin(exclude)]
    pattern = re.compile(words)
    for _, row in candidates.iterrows():
        if pattern.search(_haystack(row, languages)):
            return str(row["code"])
    return None


def propose_roles(structure: Structure) -> ProposedRoles:
    """Return the roles proposed from question codes, types and texts (for a facilitator to check)."""
    q = structure.questions
    langs = structure.languages
    personal = tuple(
        str(row["code"]) for _, row in q.iterrows()
        if row["type"] in FREE_TEXT_TYPES and _PERSONAL_WORDS.search(_haystack(row, langs))
    )
    taken = set(personal)
    initiative = _pick(q, langs, _LIST_TYPES, r"initiati|buurthuis|organisati|centre|center|project", taken)
    if initiative is None:
        lists = q[q["type"].isin(_LIST_TYPES)]
        initiative = str(lists["code"].iloc[0]) if len(lists) else None
    taken.add(initiative or "")
    obstacles = _pick(q, langs, _TEXT_TYPES, r"belemmer|obstak|obstacle|knelpunt|barrier|problem|moeilijk", taken)
    taken.add(obstacles or "")
    helped = _pick(q, langs, _TEXT_TYPES, r"geholpen|helpt|help|werkt|succes|goed ging", taken)
    taken.add(helped or "")
    aspects = _pick(q, langs, _ARRAY_TYPES, r"samenwerk|aspect|collaborat|relatie", taken)
    if aspects is None:
        arrays = q[q["type"].isin(sorted(POINT_ARRAY_TYPES))]
        aspects = str(arrays["code"].iloc[0]) if len(arrays) else None
    hidden = set(q.loc[q.get("hidden", pd.Series(False, index=q.index)).astype(bool), "code"])
    reportable = tuple(str(c) for c in q["code"] if c not in personal and c not in hidden)
    return ProposedRoles(initiative, obstacles, helped, aspects, personal, reportable)
