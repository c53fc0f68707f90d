"""Map export headings to (question, subquestion, part): code, EM, SGQA, full and abbreviated."""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pipeline.limesurvey import NO_COLUMN_TYPES
from pipeline.model import Structure

# LimeSurvey's system fields, in the order of RC2 and admin UI exports
SYSTEM_FIELDS: tuple[str, ...] = (
    "id", "submitdate", "lastpage", "startlanguage", "seed", "token",
    "startdate", "datestamp", "ipaddr", "refurl",
)
SYSTEM_LABELS: dict[str, tuple[str, ...]] = {
    "id": ("Respons-ID", "Response ID", "Antwoord-ID"),
    "submitdate": ("Datum verzonden", "Date submitted"),
    "lastpage": ("Laatste pagina", "Last page"),
    "startlanguage": ("Begin taal", "Start language", "Starttaal"),
    "seed": ("Plaats", "Seed"),
    "token": ("Toegangscode", "Access code", "Token"),
    "startdate": ("Startdatum", "Date started"),
    "datestamp": ("Datum laatste actie", "Date last action"),
    "ipaddr": ("IP-adres", "IP address"),
    "refurl": ("Verwijzer URL", "Referrer URL"),
}
# participant attributes the admin UI can append after the answers
ATTRIBUTE_NAMES = re.compile(r"^(firstname|lastname|email|tid|emailstatus|language|attribute_\d+)$")
OTHER_LABELS = ("Overige", "Other", "Anders")
COMMENT_LABELS = ("Opmerking", "Comment", "Commentaar")
_CODE_TYPES_WITHOUT_COLUMN = NO_COLUMN_TYPES
SGQA = re.compile(r"^(\d+)X(\d+)X(\d+)")
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9]*(\[[^\]]*\])*|[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_#]+")


@dataclass(frozen=True)
class Field:
    """One answer column the structure predicts."""

    column: str
    question: str
    subquestion: str
    part: str
    type: str
    sub_text: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    keys: tuple[str, ...] = ()


def _field(q: dict[str, Any], sgqa: str, column: str, sub: str, part: str, code_heading: str,
           sub_text: dict[str, str], extra: tuple[str, ...] = ()) -> Field:
    keys = (code_heading, column, sgqa, *extra)
    return Field(column, q["code"], sub, part, q["type"], sub_text, keys)


_SINGLE_COLUMN_TYPES = frozenset("L!O*5DGINSTUY|")
_SUBQUESTION_TYPES = frozenset("RMPKQ;:1FABCEH")


T = TypeVar("T")


def cached_per_structure(build: Callable[[Structure], T]) -> Callable[[Structure], T]:
    """Return ``build`` remembering its result for as long as that Structure object lives."""
    cache: dict[int, tuple[weakref.ref[Structure], T]] = {}

    @functools.wraps(build)
    def cached(structure: Structure) -> T:
        entry = cache.get(id(structure))
        if entry is not None and entry[0]() is structure:
            return entry[1]
        value = build(structure)
        key = id(structure)
        cache[key] = (weakref.ref(structure, lambda _ref: cache.pop(key, None)), value)
        return value

    return cached


@cached_per_structure
def expected_fields(structure: Structure) -> list[Field]:
    """Return the answer columns a full export of this survey has, in export order (cached per structure)."""
    langs = structure.languages
    subs_by_question: dict[str, list[dict[str, Any]]] = {}
    for sq in structure.subquestions.to_dict("records"):
        subs_by_question.setdefault(sq["question"], []).append(sq)
    answer_count: dict[str, int] = structure.answers["question"].value_counts().to_dict()
    out: list[Field] = []
    for q in structure.questions.to_dict("records"):
        code, qtype = q["code"], q["type"]
        sgqa = f"{structure.survey_id}X{q.get('gid', '')}X{q.get('qid', '')}"
        mine = subs_by_question.get(code, [])
        scale0 = [s for s in mine if s["scale"] == 0]
        scale1 = [s for s in mine if s["scale"] == 1]

        def texts(row: dict[str, Any]) -> dict[str, str]:
            return {lang: row.get(f"text_{lang}", "") for lang in langs}

        other_text = {lang: "" for lang in langs}
        if qtype in _CODE_TYPES_WITHOUT_COLUMN:
            continue
        if qtype in _SINGLE_COLUMN_TYPES or (not mine and qtype not in _SUBQUESTION_TYPES):
            out.append(_field(q, sgqa, code, "", "", code, {}))
            if qtype in {"L", "!"} and q["other"]:
                out.append(_field(q, sgqa + "other", f"{code}_other", "other", "other", f"{code}[other]", other_text))
            if qtype == "O":
                out.append(_field(q, sgqa + "comment", f"{code}_comment", "", "comment", f"{code}[comment]", {}))
            if qtype == "|":
                out.append(_field(q, sgqa + "_filecount", f"{code}_filecount", "", "filecount",
                                  f"{code}[filecount]", {}, (f"{code}_filecount",)))
            continue
        if qtype in {":", ";"}:
            for y in scale0:
                for x in scale1:
                    sq = f"{y['code']}_{x['code']}"
                    text = {lang: f"{y.get(f'text_{lang}', '')}] [{x.get(f'text_{lang}', '')}" for lang in langs}
                    out.append(_field(q, sgqa + sq, f"{code}_{sq}", sq, "", f"{code}[{sq}]", text))
            continue
        if qtype == "1":
            # dual scale: code headings add the scale as [1] / [2], EM codes as _0 / _1
            for y in scale0:
                for scale in (0, 1):
                    sq = f"{y['code']}#{scale}"
                    out.append(_field(q, sgqa + sq, f"{code}_{y['code']}_{scale}", sq, "",
                                      f"{code}[{y['code']}][{scale + 1}]", texts(y), (f"{code}[{sq}]",)))
            continue
        if qtype == "R":
            n = int(answer_count.get(code, 0)) or len(scale0)
            for rank in range(1, n + 1):
                out.append(_field(q, sgqa + str(rank), f"{code}_{rank}", str(rank), "", f"{code}[{rank}]",
                                  {lang: str(rank) for lang in langs}))
            continue
        for y in scale0:
            sq = y["code"]
            out.append(_field(q, sgqa + sq, f"{code}_{sq}", sq, "", f"{code}[{sq}]", texts(y)))
            if qtype == "P":
                out.append(_field(q, sgqa + sq + "comment", f"{code}_{sq}_comment", sq, "comment",
                                  f"{code}[{sq}comment]", texts(y), (f"{code}_{sq}comment", f"{code}[{sq}][comment]")))
        if q["other"] and qtype in {"M", "P"}:
            out.append(_field(q, sgqa + "other", f"{code}_other", "other", "other", f"{code}[other]", other_text))
            if qtype == "P":
                out.append(_field(q, sgqa + "othercomment", f"{code}_other_comment", "other", "comment",
                                  f"{code}[othercomment]", other_text, (f"{code}_othercomment",)))
    return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("_", " ").replace("\u00a0", " ")).strip().casefold()


def abbreviate(text: str, length: int = 15) -> str:
    """Return ``text`` cut the way LimeSurvey's abbreviated headings cut it."""
    return text[:length] + ".. " if len(text) > length else text


_TEXTS_CACHE: dict[int, tuple[weakref.ref[Structure], dict[str, list[int]]]] = {}


def _text_headings(structure: Structure, fields: list[Field]) -> dict[str, list[int]]:
    """Return normalised full / abbreviated heading texts -> indexes into ``fields`` (cached per structure).

    ``fields`` must be ``expected_fields(structure)``.
    """
    cached = _TEXTS_CACHE.get(id(structure))
    if cached is not None and cached[0]() is structure:
        return cached[1]
    table = _make_text_headings(structure, fields)
    key = id(structure)
    _TEXTS_CACHE[key] = (weakref.ref(structure, lambda _ref: _TEXTS_CACHE.pop(key, None)), table)
    return table


def _make_text_headings(structure: Structure, fields: list[Field]) -> dict[str, list[int]]:
    table: dict[str, list[int]] = {}
    qtext = {row["code"]: row for row in structure.questions.to_dict("records")}

    def add(key: str, index: int) -> None:
        bucket = table.setdefault(_norm(key), [])
        if index not in bucket:
            bucket.append(index)

    for index, f in enumerate(fields):
        q = qtext[f.question]
        for lang in structure.languages:
            text = q.get(f"text_{lang}", "")
            subs: tuple[str, ...]
            if f.part == "other":
                subs = OTHER_LABELS
            elif f.part == "comment" and not f.subquestion:
                subs = COMMENT_LABELS
            elif f.subquestion:
                subs = (f.sub_text.get(lang, ""),)
            else:
                subs = ()
            if not subs:
                add(text, index)
                add(abbreviate(text), index)
            for sub in subs:
                add(f"{text} [{sub}]", index)
                add(f"{abbreviate(text)} [{abbreviate(sub)}]", index)
                add(f"{text} ({sub})", index)  # VV's first heading line
    return table


@dataclass
class ColumnMap:
    """The outcome of mapping a file's headings."""

    fields: list[Field | None]
    columns: list[str]
    style: str
    unmapped: list[str]
    headings: list[str] = field(default_factory=list)


def split_code_heading(heading: str) -> tuple[str, str, str, str]:
    """Return (question, subquestion, part, column name) read from a code or EM heading alone."""
    h = heading.strip()
    m = re.fullmatch(r"([A-Za-z][A-Za-z0-9]*)\[([^\]]*)\](?:\[([^\]]*)\])?", h)
    if m:
        q, sq, extra = m.group(1), m.group(2), m.group(3)
        if extra and extra.isdigit():
            return q, f"{sq}#{int(extra) - 1}", "", f"{q}_{sq}_{int(extra) - 1}"
        if extra == "comment":
            return q, sq, "comment", f"{q}_{sq}_comment"
    else:
        m = re.fullmatch(r"([A-Za-z][A-Za-z0-9]*)_([A-Za-z0-9#_]+)", h)
        if not m:
            return h, "", "", h
        q, sq = m.group(1), m.group(2)
    if sq == "other":
        return q, "other", "other", f"{q}_other"
    if sq in {"comment", "filecount"}:
        return q, "", sq, f"{q}_{sq}"
    return q, sq, "", f"{q}_{sq}"


_TIMING = re.compile(r"^(interviewtime|groupTime\d+|\d+X\d+time|\d+X\d+X\d+time)$")


def is_timing(heading: str, question_codes: set[str]) -> bool:
    """Return whether a heading is one of the timing columns a survey with "save timings" exports."""
    return bool(_TIMING.match(heading)) or (heading.endswith("Time") and heading[:-4] in question_codes)


def _code_text_prefix(heading: str) -> str | None:
    """Return the code of a "code. text" heading (admin UI option), or None."""
    m = re.match(r"^([A-Za-z][A-Za-z0-9]*(?:\[[^\]]*\])*|[A-Za-z][A-Za-z0-9_#]*)\. ", heading)
    return m.group(1) if m else None


def map_headings(headings: list[str], structure: Structure | None) -> ColumnMap:
    """Return which field (or system field) each heading is; None where it cannot be mapped."""
    system_labels = {_norm(label): name for name, labels in SYSTEM_LABELS.items() for label in labels}
    for name, labels in SYSTEM_LABELS.items():
        for long_label in labels:
            system_labels.setdefault(_norm(abbreviate(long_label)), name)
    n = len(headings)
    result: list[Field | None] = [None] * n
    columns: list[str] = [""] * n
    styles: list[str] = []

    if structure is None:
        for i, h in enumerate(headings):
            code = _code_text_prefix(h) or h.strip()
            if code in SYSTEM_FIELDS:
                columns[i] = code
                styles.append("code")
                continue
            if is_timing(code, set()):
                columns[i] = f"timing_{code}"
                continue
            q, sq, part, name = split_code_heading(code)
            if name in columns and ATTRIBUTE_NAMES.match(code):
                columns[i] = f"attribute_{code}"
                continue
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", q) or name in columns:
                columns[i] = ""
                continue
            result[i] = Field(name, q, sq, part, "")
            columns[i] = name
            styles.append("code")
        unmapped = [h for h, c in zip(headings, columns, strict=True) if not c]
        return ColumnMap(result, columns, "code" if styles else "unknown", unmapped, list(headings))

    fields = expected_fields(structure)
    by_key: dict[str, int] = {}
    for number, f in enumerate(fields):
        for key in f.keys:
            by_key.setdefault(key, number)
            by_key.setdefault(key.casefold(), number)
    texts = _text_headings(structure, fields)
    taken: dict[int, int] = {}
    system_taken: set[str] = set()
    text_candidates: dict[int, list[int]] = {}
    for i, raw in enumerate(headings):
        h = raw.strip()
        prefix = _code_text_prefix(h)
        code = prefix if prefix is not None else h
        if code in SYSTEM_FIELDS and code not in system_taken:
            columns[i] = code
            system_taken.add(code)
            styles.append("codetext" if prefix else "code")
            continue
        index = by_key.get(code, by_key.get(code.casefold()))
        if index is not None and index not in taken:
            taken[index] = i
            result[i] = fields[index]
            columns[i] = fields[index].column
            style = "codetext" if prefix else (
                "code" if code == fields[index].keys[0] else "sgqa" if code == fields[index].keys[2] else "emcode")
            styles.append(style)
            continue
        if index is not None and ATTRIBUTE_NAMES.match(code):
            columns[i] = f"attribute_{code}" if not code.startswith("attribute_") else code
            continue
        label = system_labels.get(_norm(h))
        if label and label not in system_taken:
            columns[i] = label
            system_taken.add(label)
            continue
        candidates = texts.get(_norm(h), [])
        text_candidates[i] = [c for c in candidates if c not in taken]
    # text headings: take unambiguous matches in order; repeated texts go to the next free field
    for i, candidates in text_candidates.items():
        free = [c for c in candidates if c not in taken]
        if free:
            taken[free[0]] = i
            result[i] = fields[free[0]]
            columns[i] = fields[free[0]].column
            styles.append("text")
    # the remaining headings: by position, when the file has exactly the full set of columns
    # never for SGQA or code-like headings: those name their field, and a miss means another survey
    leftovers = [i for i in range(n) if not columns[i] and not SGQA.match(headings[i].strip())
                 and not _IDENTIFIER.fullmatch(headings[i].strip())]
    present_system = [s for s in SYSTEM_FIELDS if s in system_taken]
    if leftovers and n == len(fields) + len(present_system):
        offset = len(present_system)
        for i in leftovers:
            if i >= offset and (i - offset) not in taken:
                index = i - offset
                taken[index] = i
                result[i] = fields[index]
                columns[i] = fields[index].column
    question_codes = set(structure.questions["code"])
    for i, raw in enumerate(headings):
        h = raw.strip()
        if columns[i]:
            continue
        if ATTRIBUTE_NAMES.match(h):
            columns[i] = f"attribute_{h}"
        elif is_timing(h, question_codes):
            columns[i] = f"timing_{h}"
    unmapped = [h for h, c in zip(headings, columns, strict=True) if not c]
    style = max(set(styles), key=styles.count) if styles else "unknown"
    return ColumnMap(result, columns, style, unmapped, list(headings))
