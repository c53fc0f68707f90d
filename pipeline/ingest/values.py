"""Turn the raw text of an export's cells into typed columns, vectorised per column."""

from __future__ import annotations

import pandas as pd

from pipeline.ingest.columns import Field
from pipeline.model import Structure

NOT_SHOWN = "{question_not_shown}"
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
SYSTEM_DATES = ("submitdate", "startdate", "datestamp")


def missing_mask(raw: pd.Series, *, na_marker: bool = False) -> pd.Series:
    """Return where a raw cell means "no answer"."""
    mask = (raw == "") | (raw == NOT_SHOWN)
    if na_marker:
        mask |= raw == "N/A"
    return mask


def to_text(raw: pd.Series) -> pd.Series:
    """Return free text with missing as NA and CRLF normalised to LF (as the CSV exports do)."""
    out = raw.astype("string")
    if out.str.contains("\r", regex=False).any():
        out = out.str.replace("\r\n", "\n", regex=False)
    return out.mask(missing_mask(raw))


def to_number(raw: pd.Series) -> tuple[pd.Series, int]:
    """Return numbers as Float64 (a decimal comma is read too) and the count of unreadable cells."""
    text = raw.astype("string").str.strip()
    missing = missing_mask(raw)
    if text.str.contains(",", regex=False).any():
        comma_only = text.str.contains(",", regex=False) & ~text.str.contains(".", regex=False)
        text = text.mask(comma_only, text.str.replace(",", ".", regex=False))
    numbers = pd.to_numeric(text.mask(missing), errors="coerce").astype("Float64")
    bad = int((numbers.isna() & ~missing).sum())
    return numbers, bad


def to_date(raw: pd.Series) -> tuple[pd.Series, int]:
    """Return dates as datetime64 and the count of unreadable cells."""
    missing = missing_mask(raw)
    text = raw.astype("string").str.strip().mask(missing)
    try:
        dates = pd.to_datetime(text, format="%Y-%m-%d %H:%M:%S", errors="coerce")
    except (ValueError, TypeError):
        dates = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    retry = dates.isna() & ~missing
    if retry.any():
        again = pd.to_datetime(text[retry], format="ISO8601", errors="coerce")
        still = again.isna()
        if still.any():
            again[still] = pd.to_datetime(text[retry][still], format="%d-%m-%Y", errors="coerce")
        dates = dates.astype("datetime64[ns]")
        dates[retry] = again.astype("datetime64[ns]")
    dates = dates.astype("datetime64[ns]")
    bad = int((dates.isna() & ~missing).sum())
    return dates, bad


def to_boolean(raw: pd.Series) -> tuple[pd.Series, int]:
    """Return Y/N-like cells as a nullable boolean and the count of unreadable cells."""
    text = raw.astype("string").str.strip()
    out = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    out[text.isin(YES).fillna(False).to_numpy(bool)] = True
    out[text.isin(NO).fillna(False).to_numpy(bool)] = False
    missing = missing_mask(raw, na_marker=True)
    bad = int((out.isna() & ~missing).sum())
    return out, bad


def label_lookup(structure: Structure, question: str, qtype: str, scale: int | None = None) -> dict[str, str]:
    """Return label -> answer code for a question, in every language of the survey."""
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


def to_codes(raw: pd.Series, structure: Structure | None, field: Field) -> tuple[pd.Series, int, int]:
    """Return answer codes (labels of long exports mapped back) and counts of (codes, labels) seen."""
    text = raw.astype("string").str.strip()
    missing = missing_mask(raw)
    text = text.mask(missing)
    if text.str.fullmatch(r"\d+\.0+").any():
        # xlsx and VV hold numeric codes as numbers ("3.0", "3.0000000000")
        text = text.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    if structure is None:
        return text, 0, 0
    scale = None
    if field.type == "1" and field.subquestion.endswith("#1"):
        scale = 1
    elif field.type == "1":
        scale = 0
    lookup = label_lookup(structure, field.question, field.type, scale)
    codes = set(lookup.values())
    is_code = text.isin(codes).fillna(False)
    mapped = text.map(lookup)
    is_label = mapped.notna() & ~is_code
    out = text.mask(is_label, mapped)
    return out.astype("string"), int(is_code.sum()), int(is_label.sum())
