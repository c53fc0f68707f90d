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
from pipeline.limesurvey import (  # noqa: F401  (the type sets, as ingest names them)
    BOX_TYPES,
    CODE_TYPES,
    DATE_TYPES,
    KNOWN_TYPES,
    NUMBER_TYPES,
    OTHER_CODE,
    SCALE_TYPES,
    STRING_TYPES,
    YES_NO_TYPES,
)
from pipeline.model import Structure

NOT_SHOWN = "{question_not_shown}"
MISSING_MARKERS = ("", NOT_SHOWN)
OTHER_LABELS = ("Overige", "Other", "Anders")

# how each kind of cell is typed: every cell holding text is read as text
TEXT_TYPES = STRING_TYPES

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


def _arrow(series: pd.Series) -> pa.Array | pa.ChunkedArray:
    """Return the column as Arrow data; Arrow-backed strings keep their chunks (no copy: kernels take either)."""
    return pa.array(series, from_pandas=True)


def _arrow_strings(series: pd.Series) -> bool:
    """Return whether the column's cells are Arrow strings already (pandas' ``str`` and ``string``)."""
    return isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow"


# float columns whose cells are whole numbers below this are indexed by value, without hashing
_DENSE_LIMIT = 4096


class _Distinct:
    """A column's distinct values; on demand how many rows hold each and each row's position among them.

    Typing works on the few distinct values of a column and spreads the outcome back to the
    rows in Arrow or numpy, never through a Python call per row.
    """

    def __init__(self, raw: pd.Series) -> None:
        self.raw = raw
        self.arrow = _arrow(raw) if _arrow_strings(raw) else None
        self._codes: np.ndarray | None = None
        self._counts: np.ndarray | None = None
        if self.arrow is not None:
            self.values: list[Any] = pc.unique(self.arrow).drop_null().to_pylist()
            # cells that hold a value
            self.present = len(self.arrow) - self.arrow.null_count
            return
        dense = self._dense(raw)
        if dense is not None:
            self._codes, self._counts, self.values = dense
        else:
            codes, uniques = pd.factorize(raw, use_na_sentinel=True)
            self._codes = codes
            self.values = list(uniques)
        self.present = int((self._codes >= 0).sum())

    @staticmethod
    def _dense(raw: pd.Series) -> tuple[np.ndarray, np.ndarray, list[Any]] | None:
        """Return (codes, counts, values) of a float column of small whole numbers (codes, scales), else None."""
        if not (isinstance(raw.dtype, np.dtype) and raw.dtype.kind == "f"):
            return None
        cells = raw.to_numpy()
        found = ~np.isnan(cells)
        numbers = np.where(found, cells, 0.0)
        if not found.any() or numbers.min() < 0 or numbers.max() >= _DENSE_LIMIT:
            return None
        whole = numbers.astype(np.int64)
        if (whole != numbers).any():
            return None
        counts_by_value = np.bincount(whole)
        # the missing cells stand at 0 in ``whole``
        counts_by_value[0] -= len(cells) - int(found.sum())
        present = np.flatnonzero(counts_by_value)
        position_of = np.full(len(counts_by_value), -1, dtype=np.int64)
        position_of[present] = np.arange(len(present))
        codes = np.where(found, position_of[whole], -1)
        return codes, counts_by_value[present], [raw.dtype.type(v) for v in present]

    @property
    def counts(self) -> np.ndarray:
        """Return how many rows hold each of ``values``."""
        if self._counts is None:
            if self.arrow is not None:
                counted = pc.value_counts(self.arrow)
                found = counted.field("values").is_valid()
                by_value = dict(zip(counted.field("values").filter(found).to_pylist(),
                                    counted.field("counts").filter(found).to_pylist(), strict=True))
                self._counts = np.array([by_value[v] for v in self.values], dtype=np.int64)
            else:
                codes = self.codes()
                self._counts = np.bincount(codes[codes >= 0], minlength=len(self.values))
        return self._counts

    def rows_in(self, selected: list[bool]) -> int:
        """Return how many rows hold a value whose flag in ``selected`` (one per value) is set."""
        if all(selected):
            return self.present
        if not any(selected):
            return 0
        return int(self.counts[np.asarray(selected, dtype=bool)].sum())

    def positions(self) -> pa.Array:
        """Return per row the index of its value in ``values`` (null where the cell is missing)."""
        if self.arrow is not None:
            return pc.index_in(self.arrow, value_set=pa.array(self.values, type=pa.string()))
        assert self._codes is not None
        missing = self._codes < 0
        return pa.array(np.where(missing, 0, self._codes), mask=missing)

    def codes(self) -> np.ndarray:
        """Return per row the index of its value in ``values`` (-1 where the cell is missing)."""
        if self._codes is None:
            self._codes = pc.fill_null(self.positions(), -1).to_numpy(zero_copy_only=False)
        return self._codes

    def strings(self, mapped: list[Any] | pa.Array) -> pd.Series:
        """Return the ``string`` column whose rows hold ``mapped[i]`` for ``values[i]`` (NA where missing)."""
        if self.arrow is not None and not isinstance(mapped, pa.Array) and mapped == self.values:
            # every distinct value maps to itself: the cells are the answer as they are
            return self.raw.astype("string")
        if self.arrow is None and not isinstance(mapped, pa.Array):
            built = self._same_length_strings(mapped)
            if built is not None:
                return pd.Series(pd.array(built, dtype="string"), index=self.raw.index)
        table = mapped if isinstance(mapped, pa.Array) else pa.array(mapped, type=pa.string())
        taken = pc.take(table, self.positions()) if len(table) else pa.nulls(len(self.raw), pa.string())
        return pd.Series(pd.array(taken, dtype="string"), index=self.raw.index)

    def _same_length_strings(self, mapped: list[Any]) -> pa.Array | None:
        """Return the strings built straight from numpy buffers when all of ``mapped`` are as long (codes "1".."5")."""
        encoded = [m.encode("utf-8") for m in mapped]
        width = len(encoded[0]) if encoded else 0
        codes = self.codes()
        if not width or any(len(e) != width for e in encoded) or len(codes) * width >= 2**31:
            return None
        found = codes >= 0
        table = np.frombuffer(b"".join(encoded), dtype=np.uint8).reshape(len(encoded), width)
        data = table[codes[found]].ravel()
        offsets = np.zeros(len(codes) + 1, dtype=np.int32)
        np.cumsum(found, out=offsets[1:])
        offsets *= width
        validity = np.packbits(found, bitorder="little")
        return pa.StringArray.from_buffers(len(codes), pa.py_buffer(offsets), pa.py_buffer(data),
                                           pa.py_buffer(validity), null_count=len(codes) - int(found.sum()))

    def flags(self, mapped: list[bool | None]) -> pd.Series:
        """Return the nullable boolean column whose rows hold ``mapped[i]`` for ``values[i]`` (NA: None or missing)."""
        if self.arrow is not None and None not in mapped:
            # no unknown values: missing is where Arrow has nulls, true where a "yes" value is
            unknown = self.arrow.is_null().to_numpy(zero_copy_only=False)
            yes_values = [v for v, m in zip(self.values, mapped, strict=True) if m]
            if len(yes_values) == len(mapped):
                yes = ~unknown
            elif not yes_values:
                yes = np.zeros(len(unknown), dtype=bool)
            else:
                yes = pc.fill_null(pc.is_in(self.arrow, value_set=pa.array(yes_values, type=pa.string())),
                                   False).to_numpy(zero_copy_only=False)
            return pd.Series(pd.arrays.BooleanArray(yes, unknown), index=self.raw.index)
        # 1 true, 0 false, -1 unknown: built as a masked array, not from Python objects
        table = np.array([-1 if m is None else int(bool(m)) for m in mapped] + [-1], dtype=np.int8)
        flags = table[self.codes()]
        return pd.Series(pd.arrays.BooleanArray(flags == 1, flags < 0), index=self.raw.index)


def through_uniques(raw: pd.Series, convert: Callable[[Any], Any], dtype: str) -> pd.Series:
    """Return ``convert`` applied to each distinct value of ``raw``, spread back to every row."""
    distinct = _Distinct(raw)
    mapped = [convert(u) for u in distinct.values]
    if dtype == "boolean":
        return distinct.flags(mapped)
    if dtype == "string":
        return distinct.strings(mapped)
    values = np.empty(len(mapped) + 1, dtype=object)
    values[:-1] = mapped
    values[-1] = None
    return pd.Series(pd.array(values[distinct.codes()], dtype=dtype), index=raw.index)


def as_strings(raw: pd.Series) -> pd.Series:
    """Return the cells as the ``string`` dtype (numbers the parser read are written back as text)."""
    if isinstance(raw.dtype, np.dtype) and raw.dtype.kind in "iu":
        # whole numbers: Arrow writes the distinct ones as Python would (seeds are mostly distinct)
        distinct = _Distinct(raw)
        return distinct.strings(pa.array(np.asarray(distinct.values, dtype=raw.dtype)).cast(pa.string()))
    if is_numeric_dtype(raw.dtype):
        return through_uniques(raw, number_text, "string")
    return raw.astype("string")


def to_text(raw: pd.Series, *, cr: bool = True) -> pd.Series:
    """Return free text, CRLF normalised to LF (as the CSV exports do); missing is NA.

    ``cr=False`` says the caller knows no value holds a carriage return (a cheap check on the file).
    """
    out = as_strings(raw)
    return crlf_to_lf(out) if cr else out


def crlf_to_lf(text: pd.Series) -> pd.Series:
    """Return ``string`` cells with CRLF turned into LF (as the CSV exports write line breaks in answers)."""
    if text.str.contains("\r", regex=False).any():
        return text.str.replace("\r\n", "\n", regex=False)
    return text


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


# Excel with American settings writes month first with slashes ("10/25/2026 12:34")
MONTH_FIRST_FORMATS = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y")
_SLASHED = r"^\s*(\d{1,2})/(\d{1,2})/\d{4}"


def _spreadsheet_date_formats(text: pd.Series) -> tuple[str, ...]:
    """Return the formats to try on a column of dates a spreadsheet wrote.

    Dashes and dots are day first (Dutch and German settings). Slashes are day first (British)
    or month first (American): the column decides as a whole, so that "10/5/2026" is never read
    one way in one row and the other way in the next. A column where some date has a month
    above 12 in the first place, and none in the second, is month first; else day first.
    """
    parts = text.str.extract(_SLASHED).dropna().astype(int)
    if not parts.empty and (parts[0] > 12).sum() == 0 and (parts[1] > 12).any():
        return tuple(f for f in DAY_FIRST_FORMATS if "/" not in f) + MONTH_FIRST_FORMATS
    return DAY_FIRST_FORMATS


_NS_LIMIT = np.iinfo(np.int64).max // 10**9  # seconds either side of 1970 that datetime64[ns] holds


def _iso_dates(arr: pa.Array) -> pa.Array | None:
    """Return LimeSurvey's own "YYYY-MM-DD HH:MM:SS" read as timestamp[ns] (null where unreadable), or None."""
    try:
        # Arrow's ISO cast is the fastest reader
        parsed = pc.cast(arr, pa.timestamp("s"))
    except (pa.ArrowException, TypeError, ValueError):
        try:
            parsed = pc.strptime(arr, format="%Y-%m-%d %H:%M:%S", unit="s", error_is_null=True)
        except (pa.ArrowException, TypeError, ValueError):
            return None
    try:
        return pc.cast(parsed, pa.timestamp("ns"))
    except pa.ArrowInvalid:
        # a year such as 9999 lies outside what datetime64[ns] holds: unreadable, like any other bad date
        seconds = parsed.cast(pa.int64())
        inside = pc.and_(pc.less_equal(seconds, _NS_LIMIT), pc.greater_equal(seconds, -_NS_LIMIT))
        return pc.cast(pc.if_else(inside, parsed, pa.scalar(None, parsed.type)), pa.timestamp("ns"))


def to_date(raw: pd.Series) -> tuple[pd.Series, int]:
    """Return dates as datetime64 and the count of unreadable cells."""
    text = as_strings(raw)
    arr = _arrow(text)
    parsed = _iso_dates(arr)
    if parsed is not None:
        nanoseconds = pc.fill_null(parsed.cast(pa.int64()), np.iinfo(np.int64).min).to_numpy(zero_copy_only=False)
        dates = pd.Series(nanoseconds.view("datetime64[ns]"), index=raw.index)
        if parsed.null_count == arr.null_count:
            # every cell that holds text is a date
            return dates, 0
    else:
        dates = _coerce_dates(text, format="%Y-%m-%d %H:%M:%S")
    retry = dates.isna() & text.notna()
    if retry.any():
        text = text.str.strip()
        # files saved again by a spreadsheet: ISO variants and day-first Dutch dates
        again = _coerce_dates(text[retry], format="ISO8601")
        for fmt in _spreadsheet_date_formats(text[retry]):
            still = again.isna()
            if not still.any():
                break
            again[still] = _coerce_dates(text[retry][still], format=fmt)
        dates[retry] = again
    bad = int((dates.isna() & text.notna()).sum())
    return dates, bad


def _coerce_dates(text: pd.Series, format: str) -> pd.Series:
    """Return ``text`` read with ``format`` as datetime64[ns]; unreadable and out-of-range cells are NaT."""
    parsed = pd.to_datetime(text, format=format, errors="coerce")
    try:
        return parsed.astype("datetime64[ns]")
    except (pd.errors.OutOfBoundsDatetime, OverflowError):
        bounds = (parsed >= pd.Timestamp.min) & (parsed <= pd.Timestamp.max)
        return parsed.where(bounds).astype("datetime64[ns]")


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
    values, bad, _ = to_boolean_counted(raw, [])
    return values, bad


def to_boolean_counted(raw: pd.Series, groups: list[frozenset[str]]) -> tuple[pd.Series, int, list[int]]:
    """Return what ``to_boolean`` does and, per group of cell texts, how many rows hold one of them."""
    distinct = _Distinct(raw)
    if is_numeric_dtype(raw.dtype):
        # numbers the parser read ("1", "0"): as the text an export shows
        mapped = [_yes_no(u) for u in distinct.values]
    else:
        # the cells as they are (no stripping)
        mapped = [True if u in YES else False if u in NO else None for u in distinct.values]
    out = distinct.flags(mapped)
    # "N/A" is LimeSurvey's own "no answer" in long exports
    bad = distinct.rows_in([m is None and u != "N/A" for u, m in zip(distinct.values, mapped, strict=True)])
    hits = [distinct.rows_in([u in group for u in distinct.values]) for group in groups]
    return out, bad, hits


_LOOKUP_CACHE: dict[tuple[int, str, str, int | None], tuple[weakref.ref[Structure], dict[str, str]]] = {}


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
    # Excel drops the leading zeros of numeric codes ("01" saved as 1): a number that is the value
    # of exactly one numeric code of the question is that code
    by_number: dict[int, list[str]] = {}
    for code in codes:
        if code.isdigit():
            by_number.setdefault(int(code), []).append(code)
    distinct = _Distinct(raw)
    unknown: list[str] = []
    mapped: list[str] = []
    kinds: list[str] = []
    for value in distinct.values:
        text = number_text(value).strip()
        # xlsx and VV hold numeric codes as numbers ("3.0", "3.0000000000")
        if text not in codes and text.replace(".", "", 1).isdigit() and float(text).is_integer():
            text = str(int(float(text)))
        if text not in codes and text.isdigit() and len(by_number.get(int(text), ())) == 1:
            text = by_number[int(text)][0]
        if text in codes:
            kinds.append("code")
        elif text in lookup:
            kinds.append("label")
            text = lookup[text]
        else:
            kinds.append("unknown")
            unknown.append(text)
        mapped.append(text)
    out = distinct.strings(mapped)
    seen = {kind: distinct.rows_in([k == kind for k in kinds]) for kind in ("code", "label")}
    # only questions whose options the structure lists can have values outside them
    listed = bool(answer_codes(structure, field.question)) or field.type in BUILTIN_LABELS
    return out, seen["code"], seen["label"], unknown if listed else []
