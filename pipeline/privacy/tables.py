"""Public data files that a spreadsheet cannot turn into formulas, and HTML-safe text."""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.files import write_atomically

# a spreadsheet reads a cell starting with one of these as a formula (or DDE command)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# characters an XLSX file cannot hold at all (openpyxl refuses them)
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# fixed file times, so the same data gives a byte-identical workbook
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def neutralise_formula(value: Any) -> Any:
    """Return ``value`` with a leading ``'`` if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _neutralise_labels(index: pd.Index) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        return index.set_levels([_neutralise_labels(level) for level in index.levels])
    if index.dtype == object or pd.api.types.is_string_dtype(index.dtype):
        return index.map(neutralise_formula)
    return index


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` whose text cells, column names and labels cannot act as formulas."""
    out = df.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            out[column] = series.map(neutralise_formula, na_action="ignore").astype(series.dtype)
        elif isinstance(series.dtype, pd.CategoricalDtype):
            out[column] = series.cat.rename_categories(
                [neutralise_formula(c) for c in series.cat.categories]
            )
    out.columns = _neutralise_labels(out.columns)
    out.index = _neutralise_labels(out.index)
    return out


def _has_labels(df: pd.DataFrame) -> bool:
    """Return whether the index carries information (named), rather than row numbers."""
    return any(name is not None for name in df.index.names)


def write_public_csv(df: pd.DataFrame, path: Path) -> Path:
    """Write ``df`` as UTF-8 CSV (with BOM, for Excel) with formulas neutralised; return the path."""
    safe = neutralise_formulas(df)
    # CRLF (RFC 4180): a lone carriage return inside an answer is then quoted, not a row break
    text = safe.to_csv(index=_has_labels(safe), lineterminator="\r\n")
    write_atomically(Path(path), ("\ufeff" + text).encode("utf-8"))
    return Path(path)


def _cell_value(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()  # numpy scalar -> Python number
    if isinstance(value, str):
        return _XLSX_ILLEGAL.sub("", value)
    return value


def write_public_xlsx(df: pd.DataFrame, path: Path, *, sheet: str = "data") -> Path:
    """Write ``df`` as an XLSX workbook with formulas neutralised and no formula cells; return the path."""
    from openpyxl import Workbook

    safe = neutralise_formulas(df)
    if _has_labels(safe):
        safe = safe.reset_index()
    workbook = Workbook()
    sheet_ = workbook.active
    sheet_.title = sheet
    sheet_.append([_cell_value(str(c)) for c in safe.columns])
    for row in safe.itertuples(index=False, name=None):
        sheet_.append([_cell_value(v) for v in row])
    # openpyxl would store any text starting with "=" as a formula: force plain text
    for row in sheet_.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
    fixed = pd.Timestamp("2000-01-01").to_pydatetime()
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = "samenspel"
    raw = io.BytesIO()
    workbook.save(raw)
    # re-pack with fixed member times so reruns give identical bytes
    stable = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    write_atomically(Path(path), stable.getvalue())
    return Path(path)


def html_text(value: Any) -> str:
    """Return survey text escaped for HTML (``<script>`` shows as text); missing becomes ``""``."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True)
