"""Turn an export's raw cells into typed columns, vectorised per column.

A raw column arrives as strings with missing cells already NaN/NA (``""`` and VV's
``{question_not_shown}``), or as numbers when the CSV parser could read every cell as one.
Columns with few distinct values (codes, yes/no) are typed through their distinct values.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import is_numeric_dtype

from pipeline.ingest.columns import Field
from pipeline.model import Structure

NOT_SHOWN = "{question_not_shown}"
MISSING_MARKERS = ("", NOT_SHOWN)
OTHER_CODE = "-oth-"
OTHER_LABELS = ("Overige", "Other", "Anders")

# question types whose answers are answer codes
CODE_TYPES = frozenset("L!OFABCEHGIR1")
NUMBER_TYPES = frozenset("NK:")
SCALE_TYPES = frozenset("5")
DATE_TYPES = frozenset("D")
YES_NO_TYPES = frozenset("Y")
BOX_TYPES = frozenset("MP")
TEXT_TYPES = frozenset("STUQ;*|X")
KNOWN_TYPES = CODE_TYPES | NUMBER_TYPES | SCALE_TYPES | DATE_TYPES | YES_NO_TYPES | BOX_TYPES | TEXT_TYPES

YES = frozenset({"Y", "Ja", "Yes", "1", "y", "ja", "yes", "true", "True", "TRUE"})
# "2": the admin UI's default for "convert N to" (Y/N and multiple-choice columns only)
NO = frozenset({"N", "Nee", "No", "0", "2", "n", "nee", "no", "false", "False", "FALSE"})
# labels LimeSurvey gives built-in answer codes in long exports (nl and en)
BUILTIN_LABELS: dict[str, dict[str, str]] = {
    "C": {"Ja": "Y", "Yes": "Y", "Nee": "N", "No": "N", "Onzeker": "U", "Uncertain": "U"},
    "E": {"Toename": "I", "Increase": "I", "Gelijk": "S", "Same": "S", "Afname": "D", "Decrease": "D"},
    "G": {"Vrouw": "F", "Female": "F", "Man": "M", "Male": "M"},
}


def number_text(value: Any) -> str:
    """Return a parsed number as the text an export would show (3.0 -> "3")."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _arrow(series: pd.Series) -> pa.Array:
    """Return the column as one Arrow array (zero-copy for Arrow-backed strings)."""
    arr = pa.array(series, from_pandas=True)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def through_uniques(raw: pd.Series, convert: Callable[[Any], Any], dtype: str) -> pd.Series:
    """Return ``convert`` applied to each distinct value of ``raw``, spread back to every row."""
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    mapped = [convert(u) for u in uniques]
    missing = codes < 0
    if dtype == "boolean":
        # 1 true, 0 false, -1 unknown: built as a masked array, not from Python objects
        flags = np.array([-1 if m is None else int(bool(m)) for m in mapped] + [-1], dtype=np.int8)[codes]
        values = pd.arrays.BooleanArray(flags == 1, flags < 0)
        return pd.Series(values, index=raw.index)
    if dtype == "string":
        table = pa.array(mapped, type=pa.string())
        indices = pa.array(np.where(missing, 0, codes), mask=missing)
        taken = pc.take(table, indices) if len(table) else pa.nulls(len(raw), pa.string())
        return pd.Series(pd.array(taken, dtype="string"), index=raw.index)
    values = np.empty(len(mapped) + 1, dtype=object)
    values[:-1] = mapped
    values[-1] = None
    return pd.Series(pd.array(values[codes], dtype=dtype), index=raw.index)


def as_strings(raw: pd.Series) -> pd.Series:
    """Return the cells as the ``string`` dtype (numbers the parser read are written back as text)."""
    if is_numeric_dtype(raw.dtype):
        return through_uniques(raw, number_text, "string")
    return raw.astype("string")


def to_text(raw: pd.Series, *, cr: bool = True) -> pd.Series:
    """Return free text, CRLF normalised to LF (as the CSV exports do); missing is NA.

    ``cr=False`` says the caller knows no value holds a carriage return (a cheap check on the file).
    """
    out = as_strings(raw)
    if cr and out.str.contains("\r", regex=False).any():
        out = out.str.replace("\r\n", "\n", regex=False)
    return out


def unmask_equations(values: pd.Series) -> pd.Series:
    """Return text with the admin UI's formula masking undone ("'=SUM(...)" back to "=SUM(...)")."""
    masked = pc.starts_with(_arrow(values), "'=")
    if not pc.any(masked).as_py():
        return values
    flags = masked.to_numpy(zero_copy_only=False)
    flags = np.where(pd.isna(flags), False, flags).astype(bool)
    return values.mask(flags, values.str.slice(1))


def to_number(raw: pd.Series) -> tuple[pd.Series, int]:
    """Return numbers as Float64 (a decimal comma is read too) and the count of unreadable cells."""
    if is_numeric_dtype(raw.dtype):
        return raw.astype("Float64"), 0
    text = raw.astype("string").str.strip()
    if text.str.contains(",", regex=False).any():
        comma_only = text.str.contains(",", regex=False) & ~text.str.contains(".", regex=False)
        text = text.mask(comma_only.fillna(False), text.str.replace(",", ".", regex=False))
    numbers = pd.to_numeric(text, errors="coerce").astype("Float64")
    bad = int((numbers.isna() & text.notna()).sum())
    return numbers, bad


DAY_FIRST_FORMATS = ("%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M",
                     "%d/%m/%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y")


def to_date(raw: pd.Series) -> tuple[pd.Series, int]:
    """Return dates as datetime64 and the count of unreadable cells."""
    text = as_strings(raw)
    arr = _arrow(text)
    try:
        # LimeSurvey's own "YYYY-MM-DD HH:MM:SS": Arrow's ISO cast is the fastest reader
        parsed = pc.cast(arr, pa.timestamp("s"))
    except (pa.ArrowException, TypeError, ValueError):
        try:
            parsed = pc.strptime(arr, format="%Y-%m-%d %H:%M:%S", unit="s", error_is_null=True)
        except (pa.ArrowException, TypeError, ValueError):
            parsed = None
    if parsed is not None:
        dates = pd.Series(parsed.to_numpy(zero_copy_only=False), index=raw.index).astype("datetime64[ns]")
    else:
        dates = pd.to_datetime(text, format="%Y-%m-%d %H:%M:%S", errors="coerce").astype("datetime64[ns]")
    retry = dates.isna() & text.notna()
    if retry.any():
        text = text.str.strip()
        # files saved again by a spreadsheet: ISO variants and day-first Dutch dates
        again = pd.to_datetime(text[retry], format="ISO8601", errors="coerce").astype("datetime64[ns]")
        for fmt in DAY_FIRST_FORMATS:
            still = again.isna()
            if not still.any():
                break
            again[still] = pd.to_datetime(text[retry][still], format=fmt, errors="coerce")
        dates[retry] = again
    bad = int((dates.isna() & text.notna()).sum())
    return dates, bad


def _yes_no(value: Any) -> bool | None:
    text = number_text(value).strip()
    if text in YES:
        return True
    if text in NO:
        return False
    return None


_YES_ARROW = pa.array(sorted(YES))
_NO_ARROW = pa.array(sorted(NO))


def to_boolean(raw: pd.Series) -> tuple[pd.Series, int]:
    """Return Y/N-like cells as a nullable boolean and the count of unreadable cells (N/A is missing)."""
    if is_numeric_dtype(raw.dtype):
        out = through_uniques(raw, _yes_no, "boolean")
    else:
        arr = _arrow(raw)
        yes = pc.is_in(arr, value_set=_YES_ARROW).to_numpy(zero_copy_only=False)
        no = pc.is_in(arr, value_set=_NO_ARROW).to_numpy(zero_copy_only=False)
        unknown = ~(yes | no)
        out = pd.Series(pd.arrays.BooleanArray(yes, unknown), index=raw.index)
        if not unknown.any():
            return out, 0
        # "N/A" is LimeSurvey's own "no answer" in long exports
        answered = pc.fill_null(pc.not_equal(arr, "N/A"), False).to_numpy(zero_copy_only=False)
        return out, int((unknown & answered).sum())
    known_missing = raw.isna() | (raw.astype("string") == "N/A").fillna(False)
    bad = int((out.isna() & ~known_missing).sum())
    return out, bad


_LOOKUP_CACHE: dict[tuple[int, str, str, int | None], tuple[weakref.ref, dict[str, str]]] = {}


def label_lookup(structure: Structure, question: str, qtype: str, scale: int | None = None) -> dict[str, str]:
    """Return label -> answer code for a question, in every language of the survey (cached per structure)."""
    key = (id(structure), question, qtype, scale)
    cached = _LOOKUP_CACHE.get(key)
    if cached is not None and cached[0]() is structure:
        return cached[1]
    lookup = _label_lookup(structure, question, qtype, scale)
    _LOOKUP_CACHE[key] = (weakref.ref(structure, lambda _ref: _LOOKUP_CACHE.pop(key, None)), lookup)
    return lookup


def _label_lookup(structure: Structure, question: str, qtype: str, scale: int | None) -> dict[str, str]:
    answers = structure.answers
    mine = answers[answers["question"] == question]
    if scale is not None and len(mine):
        mine = mine[mine["scale"] == scale]
    lookup: dict[str, str] = dict(BUILTIN_LABELS.get(qtype, {}))
    for lang in structure.languages:
        column = f"label_{lang}"
        if column in mine:
            for code, label in zip(mine["code"], mine[column], strict=True):
                if label:
                    lookup.setdefault(label, code)
    for label in OTHER_LABELS:
        lookup.setdefault(label, OTHER_CODE)
    return lookup


def answer_codes(structure: Structure, question: str) -> set[str]:
    """Return the answer codes a question has in the structure (cached per structure)."""
    key = (id(structure), question, "codes", None)
    cached = _LOOKUP_CACHE.get(key)
    if cached is not None and cached[0]() is structure:
        return set(cached[1])
    answers = structure.answers
    codes = {str(c): str(c) for c in answers.loc[answers["question"] == question, "code"]}
    _LOOKUP_CACHE[key] = (weakref.ref(structure, lambda _ref: _LOOKUP_CACHE.pop(key, None)), codes)
    return set(codes)


def to_codes(raw: pd.Series, structure: Structure | None, field: Field
             ) -> tuple[pd.Series, int, int, list[str]]:
    """Return answer codes (labels of long exports mapped back), counts of (codes, labels) seen,
    and the values that are neither a code nor a label of the question (kept as they are)."""
    if structure is None:
        return through_uniques(raw, lambda u: number_text(u).strip(), "string"), 0, 0, []
    scale = None
    if field.type == "1":
        scale = 1 if field.subquestion.endswith("#1") else 0
    lookup = label_lookup(structure, field.question, field.type, scale)
    codes = set(lookup.values()) | answer_codes(structure, field.question)
    seen = {"code": 0, "label": 0}
    counts, uniques = pd.factorize(raw, use_na_sentinel=True)
    frequency = np.bincount(counts[counts >= 0], minlength=len(uniques))

    def convert(value: Any, n: int) -> str:
        text = number_text(value).strip()
        # xlsx and VV hold numeric codes as numbers ("3.0", "3.0000000000")
        if text not in codes and text.replace(".", "", 1).isdigit() and float(text).is_integer():
            text = str(int(float(text)))
        if text in codes:
            seen["code"] += n
            return text
        if text in lookup:
            seen["label"] += n
            return lookup[text]
        unknown.append(text)
        return text

    unknown: list[str] = []
    converted = {u: convert(u, int(n)) for u, n in zip(uniques, frequency, strict=True)}
    out = through_uniques(raw, converted.__getitem__, "string")
    # only questions whose options the structure lists can have values outside them
    listed = bool(answer_codes(structure, field.question)) or field.type in BUILTIN_LABELS
    return out, seen["code"], seen["label"], unknown if listed else []
