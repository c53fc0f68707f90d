"""Propose which questions play which role (initiative, obstacles, helped, aspects, personal)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from pipeline.limesurvey import FREE_TEXT_TYPES, LIST_TYPES
from pipeline.model import Structure

_LIST_TYPES = tuple(sorted(LIST_TYPES))
# one text per respondent (multiple short text has a column per subquestion)
_TEXT_TYPES = tuple(sorted(FREE_TEXT_TYPES - {"Q"}))
# arrays whose cells are numbers on a scale: 5- and 10-point arrays, an array of numbers,
# and arrays with answer options when every option code is a number (1..5)
_SCALE_ARRAY_TYPES = ("A", "B", ":")
_OPTION_ARRAY_TYPES = ("F", "H")
_ARRAY_TYPES = (*_SCALE_ARRAY_TYPES, *_OPTION_ARRAY_TYPES)

# the question types that fit each role (the message ingest.role_type.<role> says it in words)
ROLE_TYPES: dict[str, tuple[str, ...]] = {
    "initiative": (*_LIST_TYPES, "S"),
    "obstacles": _TEXT_TYPES,
    "helped": _TEXT_TYPES,
    "aspects": _ARRAY_TYPES,
    "group": _LIST_TYPES,
}
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


def fits_role(structure: Structure, role: str, code: str) -> bool:
    """Return whether question ``code`` has a type that can play ``role``."""
    q = structure.questions
    rows = q[q["code"] == code]
    if rows.empty:
        return False
    qtype = str(rows["type"].iloc[0])
    if qtype not in ROLE_TYPES[role]:
        return False
    if role == "aspects":
        subs = structure.subquestions
        if subs[(subs["question"] == code) & (subs["scale"] == 0)].empty:
            return False
        if qtype in _OPTION_ARRAY_TYPES:
            answers = structure.answers
            codes = answers.loc[(answers["question"] == code) & (answers["scale"] == 0), "code"].astype(str)
            return not codes.empty and bool(codes.str.fullmatch(r"-?\d+").all())
    return True


def fitting_questions(structure: Structure, role: str) -> list[str]:
    """Return the codes of the questions that can play ``role``, in survey order."""
    return [str(c) for c in structure.questions["code"] if fits_role(structure, role, str(c))]


def _haystack(row: pd.Series, languages: tuple[str, ...]) -> str:
    texts = " ".join(str(row.get(f"text_{lang}", "")) for lang in languages)
    return f"{row['code']} {texts}".casefold()


def _pick(structure: Structure, role: str, words: str, exclude: set[str]) -> str | None:
    questions, languages = structure.questions, structure.languages
    fitting = set(fitting_questions(structure, role)) - exclude
    candidates = questions[questions["code"].isin(fitting)]
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
    initiative = _pick(structure, "initiative", r"initiati|buurthuis|organisati|centre|center|project", taken)
    if initiative is None:
        lists = [c for c in fitting_questions(structure, "initiative") if c not in taken
                 and str(q.loc[q["code"] == c, "type"].iloc[0]) in _LIST_TYPES]
        initiative = lists[0] if lists else None
    taken.add(initiative or "")
    obstacles = _pick(structure, "obstacles", r"belemmer|obstak|obstacle|knelpunt|barrier|problem|moeilijk", taken)
    taken.add(obstacles or "")
    helped = _pick(structure, "helped", r"geholpen|helpt|help|werkt|succes|goed ging", taken)
    taken.add(helped or "")
    aspects = _pick(structure, "aspects", r"samenwerk|aspect|collaborat|relatie", taken)
    if aspects is None:
        arrays = [c for c in fitting_questions(structure, "aspects") if c not in taken]
        aspects = arrays[0] if arrays else None
    hidden = set(q.loc[q.get("hidden", pd.Series(False, index=q.index)).astype(bool), "code"])
    reportable = tuple(str(c) for c in q["code"] if c not in personal and c not in hidden)
    return ProposedRoles(initiative, obstacles, helped, aspects, personal, reportable)


# the scale of an array without answer options: LimeSurvey's own (5- and 10-point arrays,
# and the default minimum and maximum of an array of numbers)
_BUILT_IN_SCALES = {"A": (1, 5), "B": (1, 10), ":": (1, 10)}
_SHORT_LABEL = 40


def statement_label(text: str) -> str:
    """Return the short form of a statement: the words before a colon, else the whole text.

    >>> statement_label("Ambitie: de gemeente en ons initiatief streven hetzelfde na")
    'Ambitie'
    >>> statement_label("We krijgen snel antwoord op onze vragen")
    'We krijgen snel antwoord op onze vragen'
    """
    head, colon, _ = text.partition(":")
    head = head.strip()
    return head if colon and 0 < len(head) <= _SHORT_LABEL else text.strip()


def _text(row: pd.Series, column: str, language: str, base: str) -> str:
    for lang in (language, base):
        value = row.get(f"{column}_{lang}")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def aspect_labels(structure: Structure, code: str, language: str,
                  labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return statement code -> label of the aspects question ``code``, in survey order.

    A label from round.toml (``labels``) wins; else the short form of the statement's text
    in ``language`` (the survey's base language where it has none); else the code.
    """
    subs = structure.subquestions
    rows = subs[(subs["question"] == code) & (subs["scale"] == 0)]
    out = {}
    for _, row in rows.iterrows():
        sq = str(row["code"])
        given = (labels or {}).get(sq)
        out[sq] = given or statement_label(_text(row, "text", language, structure.base_language)) or sq
    return out


def _lower_first(label: str) -> str:
    """Return a label to stand inside a sentence: "Helemaal oneens" -> "helemaal oneens" (not "GGD")."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


@dataclass(frozen=True)
class Scale:
    """The ends of the aspects question's scale, as the survey words them ("" where it has no words)."""

    low: int
    high: int
    low_label: str = ""
    high_label: str = ""


def aspect_scale(structure: Structure, code: str, language: str) -> Scale:
    """Return the lowest and highest score of the aspects question ``code`` and their labels."""
    q = structure.questions
    qtype = str(q.loc[q["code"] == code, "type"].iloc[0]) if (q["code"] == code).any() else ""
    if qtype in _BUILT_IN_SCALES:
        return Scale(*_BUILT_IN_SCALES[qtype])
    answers = structure.answers
    options = answers[(answers["question"] == code) & (answers["scale"] == 0)]
    numeric = options[options["code"].astype(str).str.fullmatch(r"-?\d+")]
    if numeric.empty:
        return Scale(1, 5)
    numeric = numeric.assign(_value=numeric["code"].astype(int)).sort_values("_value", kind="stable")
    first, last = numeric.iloc[0], numeric.iloc[-1]
    return Scale(
        int(first["_value"]), int(last["_value"]),
        _lower_first(_text(first, "label", language, structure.base_language)),
        _lower_first(_text(last, "label", language, structure.base_language)),
    )
