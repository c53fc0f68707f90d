"""Read a LimeSurvey response export of any kind into a typed frame keyed by response id."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import is_numeric_dtype

from pipeline.errors import InputError
from pipeline.ingest import values as V
from pipeline.ingest.columns import (
    SYSTEM_FIELDS,
    ColumnMap,
    Field,
    cached_per_structure,
    expected_fields,
    map_headings,
)
from pipeline.ingest.detect import (
    TEXT_SUFFIXES,
    XLSX_SUFFIXES,
    check_text_bytes,
    count_byte,
    decode_line,
    detect_delimiter,
    invalid_utf8,
    is_vv,
    last_line,
    sniff_kind,
    utf8_intended,
    wrong_content,
    zip_kind,
)
from pipeline.ingest.safety import open_archive, parse_xml_safely, read_bytes_limited, read_head
from pipeline.messages import Term, say
from pipeline.model import Structure

log = logging.getLogger(__name__)
_CODE_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9_#]*(\[[^\]]*\])*$")

# the cells of a yes/no question in long (labels) and short (codes) exports
_YES_NO_LABELS = frozenset({"Ja", "Nee", "Yes", "No", "N/A"})
_YES_NO_CODES = frozenset({"Y", "N"})
SYSTEM_TYPES = {
    "submitdate": "date", "startdate": "date", "datestamp": "date", "lastpage": "int",
}


@dataclass(frozen=True)
class Export:
    """One response export, read and typed.

    ``frame``: one row per raw data row in file order, index ``response_id``; columns as
    documented for ``Round.responses`` (system fields, then answer fields), plus
    ``attribute_<name>`` for participant attributes the admin UI appended.
    ``columns``: one row per column of ``frame`` (see ``Round.columns``).
    """

    path: Path
    kind: str
    delimiter: str | None
    encoding: str | None
    heading_style: str
    answer_style: str
    raw_rows: int
    frame: pd.DataFrame
    columns: pd.DataFrame
    unmapped: tuple[str, ...]
    structure: Structure | None
    warnings: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    answer_fields: tuple[str, ...] = field(default=())


def _parse_error(path: Path, delimiter: str, exc: Exception) -> InputError:
    message = str(exc).strip().splitlines()[-1] if str(exc).strip() else exc.__class__.__name__
    if "EOF" in message:
        where = re.search(r"line (\d+)", message)
        if where:
            return InputError(key="ingest.open_quote_from", path=path, line=int(where.group(1)))
        return InputError(key="ingest.open_quote", path=path)
    return InputError(key="ingest.bad_delimited", path=path, delimiter=_delimiter_name(delimiter), reason=message)


def _read_table(path: Path, body: bytes | Path, delimiter: str, encoding: str, skip: int, width: int,
                dtype: dict[int, str] | None = None, usecols: list[int] | None = None) -> pd.DataFrame:
    """Return the data rows as parsed by pandas' C parser; missing cells are NaN.

    ``body`` is the file's bytes, or its path when the bytes on disk are the ones to parse
    (pandas then overlaps reading and parsing).
    """
    # pandas decodes UTF-8 in C but other codecs (utf-8-sig too) in Python: the BOM sits in the
    # skipped heading line, so plain UTF-8 reads the same data several times faster
    encoding = "utf-8" if encoding == "utf-8-sig" else encoding
    try:
        return pd.read_csv(
            body if isinstance(body, Path) else io.BytesIO(body), sep=delimiter, header=None, skiprows=skip, names=list(range(width)),
            encoding=encoding, keep_default_na=False, na_values=list(V.MISSING_MARKERS), quotechar='"',
            doublequote=True, skip_blank_lines=True, engine="c", dtype=dtype, usecols=usecols,
        )
    except pd.errors.EmptyDataError:
        return pd.DataFrame(columns=list(range(width)))
    except pd.errors.ParserError as exc:
        raise _parse_error(path, delimiter, exc) from None
    except ValueError as exc:
        if "names" not in str(exc):
            raise
        line = _first_long_row(body, delimiter, encoding, width, skip)
        raise InputError(key="ingest.long_row" if line else "ingest.long_row_somewhere", path=path, line=line,
                         width=width) from None


def _first_long_row(body: bytes | Path, delimiter: str, encoding: str, width: int, skip: int) -> int | None:
    """Return the line of the first record with more fields than the headings (only on the error path)."""
    if isinstance(body, Path):
        body = body.read_bytes()
    reader = csv.reader(io.StringIO(body.decode(encoding, errors="replace"), newline=""), delimiter=delimiter)
    for number, row in enumerate(reader, start=1):
        if number > skip and len(row) > width:
            return reader.line_num
    return None


# the first bytes of a file read for the checks; a longer text export is parsed from disk and its
# line endings counted block by block, so a large file is never held in memory whole
HEAD_BYTES = 1 << 20


def _streamable(head: bytes) -> bool:
    """Return whether a text export's checks can work from its first bytes (no UTF-16, no "sep=" line, headings within)."""
    if head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):
        return False
    if head.removeprefix(b"\xef\xbb\xbf").startswith(b"sep="):
        return False
    # the heading line, and VV's second one, lie in the head
    return head.find(b"\n", head.find(b"\n") + 1) > 0


def _raw_from_delimited(path: Path, head: bytes, complete: bool, structure: Structure | None, max_megabytes: int
                        ) -> tuple[list[str], pd.DataFrame, str, str, bool, Callable[[], bool] | None]:
    """Return (headings, raw frame, encoding, delimiter, is VV, pending line-ending check) of a delimited text export.

    ``head`` is the file's first bytes, ``complete`` whether they are all of it. For a file
    parsed from disk, its carriage returns are still being counted when this returns: the
    pending check waits for the count, raises as ``_check_line_endings`` does and returns
    whether values hold a carriage return (``raw.attrs["cr_in_values"]`` is False until then).
    """
    if not complete and not _streamable(head):
        head, complete = read_bytes_limited(path, max_megabytes), True
    data = head
    body, encoding = check_text_bytes(path, data)
    first_end = body.find(b"\n")
    first_bytes = body if first_end < 0 else body[:first_end]
    first = decode_line(path, first_bytes, encoding).rstrip("\r")
    skip = 1
    if first.startswith("sep="):
        # Excel's hint line
        delimiter = first[4:5] or ";"
        body = body[first_end + 1:] if first_end >= 0 else b""
        first_end = body.find(b"\n")
        first = decode_line(path, body if first_end < 0 else body[:first_end], encoding).rstrip("\r")
    else:
        delimiter = detect_delimiter(path, first)
    heading_line = first
    vv = False
    if delimiter == "\t" and first_end >= 0:
        second_end = body.find(b"\n", first_end + 1)
        second = decode_line(path, body[first_end + 1: second_end if second_end >= 0 else len(body)], encoding)
        if is_vv(first + "\n" + second, delimiter):
            vv, heading_line, skip = True, second.rstrip("\r"), 2
    try:
        headings = next(csv.reader([heading_line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        headings = []
    if not heading_line.strip() or not headings:
        raise InputError(key="ingest.empty_file", path=path)
    width = len(headings)
    # the file itself when its bytes are parsed unchanged (no UTF-16 conversion, no "sep=" line)
    source: bytes | Path = path if body is data else body
    try:
        raw = _read_table(path, source, delimiter, encoding, skip, width)
    except UnicodeDecodeError as exc:
        whole = body if complete else read_bytes_limited(path, max_megabytes)
        if encoding == "utf-8-sig" or utf8_intended(whole):
            raise invalid_utf8(path, whole, exc) from None
        encoding = "cp1252"
        raw = _read_table(path, source, delimiter, encoding, skip, width)
    raw = _restore_text_columns(path, source, delimiter, encoding, skip, width, raw, headings, structure)
    rows = raw.shape[0]
    pending: Callable[[], bool] | None = None
    if complete:
        layout = _layout_of_bytes(body)
        raw.attrs["cr_in_values"] = _check_line_endings(path, layout, rows, delimiter, width, encoding, skip)
    else:
        # counted while the columns are typed, which leave a core free; not during the parse,
        # where a scan alongside slows pandas' own parallel parse more than it saves
        layout = _layout_of_file(path, body, crs=-1)
        counting = ThreadPoolExecutor(max_workers=1)
        crs = counting.submit(count_byte, path, ord("\r"))
        counting.shutdown(wait=False)
        ends = layout

        def check_when_counted() -> bool:
            return _check_line_endings(path, replace(ends, crs=crs.result()), rows, delimiter, width, encoding, skip)

        pending = check_when_counted
        raw.attrs["cr_in_values"] = False
    # RC2 writes ';' and one extra blank line at the end, and never masks formulas; the admin UI may
    raw.attrs["may_be_masked"] = not (delimiter == ";" and layout.ends_with_blank_crlf)
    return headings, raw, encoding, delimiter, vv, pending


def _restore_text_columns(path: Path, body: bytes | Path, delimiter: str, encoding: str, skip: int, width: int,
                          raw: pd.DataFrame, headings: list[str], structure: Structure | None) -> pd.DataFrame:
    """Re-read as text the columns the parser turned into numbers although their text matters.

    Reading every column as text is several times slower in pandas than letting it infer,
    so only columns whose exact text counts (free text, tokens, codes such as "01") and
    that came out numeric are read a second time, as text.
    """
    numeric = [i for i, dtype in enumerate(raw.dtypes.tolist()[:width]) if is_numeric_dtype(dtype)]
    if not numeric:
        return raw
    cmap = map_headings(headings, structure)  # cheap: the expected fields are cached per structure
    canonical = _canonical_code_questions(structure)
    again = []
    for i in numeric:
        f = cmap.fields[i]
        name = cmap.columns[i]
        if f is None:
            if name in {"id", "lastpage", "seed"}:
                continue
            again.append(i)
            continue
        qtype = f.type
        if f.part == "filecount" or (f.part == "" and qtype in V.NUMBER_TYPES | V.SCALE_TYPES | V.YES_NO_TYPES | V.BOX_TYPES):
            continue
        if f.part == "" and qtype in V.CODE_TYPES and f.question in canonical:
            continue
        again.append(i)
    if not again:
        return raw
    text = _read_table(path, body, delimiter, encoding, skip, width, dtype={i: "str" for i in again}, usecols=again)
    out = raw.copy()
    for i in again:
        out[i] = text[i]
    return out


def _canonical_code_questions(structure: Structure | None) -> frozenset[str]:
    """Return the questions whose answer codes all read the same as numbers ("1".."5", not "01")."""
    return frozenset() if structure is None else _make_canonical_code_questions(structure)


@cached_per_structure
def _make_canonical_code_questions(structure: Structure) -> frozenset[str]:
    out = set()
    for question, codes in structure.answers.groupby("question")["code"]:
        if all(c.isdigit() and str(int(c)) == c for c in codes):
            out.add(str(question))
    for question, qtype in zip(structure.questions["code"], structure.questions["type"], strict=True):
        if qtype in {"A", "B", "5"}:
            out.add(str(question))
    return frozenset(out)


def _delimiter_name(delimiter: str) -> Term | str:
    names = {";": "semicolon", ",": "comma", "\t": "tab", "|": "bar"}
    return Term(f"ingest.delimiter.{names[delimiter]}") if delimiter in names else repr(delimiter)


@dataclass(frozen=True)
class _Layout:
    """What the line-ending checks need to know about a text file's bytes."""

    first_line_crlf: bool  # the first LF has a CR before it
    has_newline: bool
    ends_with_newline: bool
    ends_with_blank_crlf: bool  # RC2's extra blank line
    last_line: bytes  # the bytes after the last LF
    crs: int  # carriage returns in the whole file


def _layout_of_bytes(body: bytes) -> _Layout:
    """Return the layout of a text held in memory."""
    first_end = body.find(b"\n")
    return _Layout(
        first_line_crlf=first_end > 0 and body[first_end - 1:first_end] == b"\r", has_newline=first_end >= 0,
        ends_with_newline=body.endswith(b"\n"), ends_with_blank_crlf=body.endswith(b"\r\n\r\n"),
        last_line=body[body.rfind(b"\n") + 1:], crs=body.count(b"\r"),
    )


def _layout_of_file(path: Path, head: bytes, crs: int) -> _Layout:
    """Return the layout of a text file from its first bytes (which hold a line break) and its end; ``crs`` as given."""
    first_end = head.find(b"\n")
    with path.open("rb") as handle:
        handle.seek(max(0, handle.seek(0, 2) - 4))
        end = handle.read()
    ends_with_newline = end.endswith(b"\n")
    return _Layout(
        first_line_crlf=first_end > 0 and head[first_end - 1:first_end] == b"\r", has_newline=first_end >= 0,
        ends_with_newline=ends_with_newline, ends_with_blank_crlf=end.endswith(b"\r\n\r\n"),
        last_line=b"" if ends_with_newline else last_line(path), crs=crs,
    )


def _check_line_endings(path: Path, layout: _Layout, rows: int, delimiter: str, width: int, encoding: str,
                        skip: int = 1) -> bool:
    """Refuse a file cut off after its last line break, or whose records mix CRLF with LF or CR.

    Returns whether values may hold a carriage return (so text columns need normalising).
    """
    if not layout.ends_with_newline:
        last = layout.last_line.decode(encoding, errors="replace")
        try:
            fields = next(csv.reader([last], delimiter=delimiter))
        except (csv.Error, StopIteration):
            fields = []
        if 0 < len(fields) < width:
            raise InputError(key="ingest.cut_off", path=path, found=len(fields), width=width)
    if not layout.has_newline:
        if layout.crs:
            raise InputError(key="ingest.cr_only", path=path)
        return False
    # counting one byte is three times faster than counting CRLF pairs; in LimeSurvey's CSV
    # every CR ends a record (values carry LF only), so CRs stand in for CRLFs
    crs = layout.crs
    # one per record and heading line; the last line may lack one; RC2 adds a blank line at the end
    terminators = rows + skip - (0 if layout.ends_with_newline else 1) + (1 if layout.ends_with_blank_crlf else 0)
    if layout.first_line_crlf and crs < terminators:
        raise InputError(key="ingest.mixed_endings", path=path)
    # more CRs than records: some values hold one
    return crs > terminators


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d 00:00:00")
    return str(value)


def _raw_from_json(path: Path, data: bytes) -> tuple[list[str], pd.DataFrame]:
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(key="ingest.json_not_utf8", path=path) from None
    except json.JSONDecodeError as exc:
        raise InputError(key="ingest.bad_json", path=path, line=exc.lineno, column=exc.colno) from None
    if isinstance(payload, dict) and "responses" not in payload and isinstance(payload.get("status"), str):
        raise InputError(key="ingest.status_reply", path=path, status=payload["status"])
    records = payload.get("responses") if isinstance(payload, dict) else payload
    if not isinstance(records, list):
        raise InputError(key="ingest.json_not_export", path=path)
    flat: list[dict[str, Any]] = []
    for record in records:
        # older exports wrap each response as {"<id>": {...}}
        if isinstance(record, dict) and len(record) == 1:
            (only,) = record.values()
            if isinstance(only, dict):
                record = only
        if not isinstance(record, dict):
            raise InputError(key="ingest.json_bad_response", path=path)
        flat.append(record)
    if not flat:
        raise InputError(key="ingest.json_no_responses", path=path)
    headings: list[str] = []
    seen: set[str] = set()
    for record in flat:
        for key in record:
            if key not in seen:
                seen.add(key)
                headings.append(key)
    rows = [[_cell_text(r.get(h)) for h in headings] for r in flat]
    return headings, pd.DataFrame(rows, dtype=object).astype(str) if rows else pd.DataFrame()


def _raw_from_xlsx(path: Path, max_megabytes: int) -> tuple[list[str], pd.DataFrame]:
    with open_archive(path, max_megabytes, "Excel workbook (.xlsx)") as archive:
        if archive.member_with_suffix("workbook.xml") is None:
            raise InputError(key="ingest.zip_not_xlsx", path=path)
    import warnings

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise InputError(key="ingest.damaged_xlsx", path=path, reason=exc.__class__.__name__) from None
    try:
        sheet = book.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    rows = [[_unformula(c) for c in r] for r in rows if any(c != "" for c in r)]
    if not rows:
        raise InputError(key="ingest.empty_sheet", path=path)
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    headings = rows[0]
    while headings and headings[-1] == "":
        headings = headings[:-1]
    width = len(headings)
    return headings, pd.DataFrame([r[:width] for r in rows[1:]], columns=range(width), dtype=object).astype(str)


def _unformula(value: str) -> str:
    """Return the text LimeSurvey wrote into a cell it stored as a formula ("=..." answers)."""
    # openpyxl shows a formula cell as "=" + its formula, and LimeSurvey's formula already starts with "="
    return value[1:] if value.startswith("==") else value


VV_ESCAPES = (("{newline}", "\n"), ("{cr}", "\r"), ("{tab}", "\t"))


def _unescape_vv(raw: pd.DataFrame) -> pd.DataFrame:
    """Return the VV cells with LimeSurvey's {newline}, {cr} and {tab} escapes turned back into characters."""
    out = raw.copy()
    for column in out.columns:
        col = out[column]
        if is_numeric_dtype(col.dtype):
            continue
        if col.astype("string").str.contains("{", regex=False).any():
            col = col.astype("string")
            for escape, char in VV_ESCAPES:
                col = col.str.replace(escape, char, regex=False)
            out[column] = col
    return out


def _raw_from_lsr(data: bytes, where: str) -> tuple[list[str], pd.DataFrame]:
    root = parse_xml_safely(data, where)
    if root.findtext("LimeSurveyDocType") != "Responses":
        raise InputError(key="ingest.not_lsr", where=where)
    table = root.find("responses")
    if table is None:
        raise InputError(key="ingest.lsr_no_responses", where=where)
    headings = [(f.text or "") for f in table.findall("fields/fieldname")]
    index = {h: i for i, h in enumerate(headings)}
    rows = []
    for row in table.findall("rows/row"):
        cells = [""] * len(headings)
        for cell in row:
            name = cell.tag[1:] if cell.tag.startswith("_") and cell.tag[1:] in index else cell.tag
            if name in index:
                cells[index[name]] = cell.text or ""
        rows.append(cells)
    return headings, pd.DataFrame(rows, columns=range(len(headings)), dtype=object).astype(str)


def _page_of(structure: Structure | None, question: str) -> int | None:
    """Return the page a question is on, from the survey's format (group / question / all in one)."""
    if structure is None:
        return None
    fmt = structure.settings.get("format", "G") or "G"
    # the first row of the question: found in one column, not by filtering the whole table
    rows = np.flatnonzero((structure.questions["code"] == question).to_numpy(bool))
    if not len(rows):
        return None
    if fmt == "S":
        return 1
    return int(structure.questions["order" if fmt == "A" else "group"].iloc[rows[0]])


def _refuse_lost_submit_dates(path: Path, name: str, col: pd.Series, values: pd.Series, bad: int) -> None:
    """Refuse submit dates that cannot be read: a lost one would turn a complete response into an incomplete one."""
    if bad and name == "submitdate":
        row = int(np.flatnonzero((values.isna() & col.notna()).to_numpy(bool))[0]) + 1
        raise InputError(key="ingest.bad_submitdate", path=path, row=row, value=repr(col.iloc[row - 1]))


# frames this long type their date columns in a thread (shorter ones would only pay for the thread)
_BACKGROUND_ROWS = 20_000


def _date_columns(cmap: ColumnMap, qtypes: dict[str, str]) -> list[int]:
    """Return the positions of the columns ``_type_frame`` reads as dates (same order of rules)."""
    out = []
    for i, (name, f) in enumerate(zip(cmap.columns, cmap.fields, strict=True)):
        if not name or name == "id":
            continue
        if f is None:
            if not name.startswith("timing_") and SYSTEM_TYPES.get(name) == "date":
                out.append(i)
            continue
        qtype = f.type or qtypes.get(f.question, "") or "?"
        if f.part in {"other", "comment", "filecount"} or qtype in V.CODE_TYPES | V.NUMBER_TYPES | V.SCALE_TYPES:
            continue
        if qtype in V.DATE_TYPES:
            out.append(i)
    return out


def _type_frame(path: Path, raw: pd.DataFrame, cmap: ColumnMap, structure: Structure | None,
                text_columns: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame, str, list[str]]:
    """Return (typed frame, columns table, answer style, warnings).

    ``text_columns``, when given, collects the columns typed as free text with ``raw.attrs["cr_in_values"]``.
    """
    if text_columns is None:
        text_columns = []
    cr = bool(raw.attrs.get("cr_in_values", True))
    data: dict[str, pd.Series] = {}
    rows: list[dict[str, str]] = []
    warnings: list[str] = []
    untyped: list[str] = []
    code_hits = label_hits = 0
    qtypes: dict[str, str] = {}
    if structure is not None:
        qtypes = dict(zip(structure.questions["code"], structure.questions["type"], strict=True))

    submitted = None
    lastpage = None
    unseen_by_page: dict[int, np.ndarray] = {}
    pages: dict[str, int | None] = {}
    position = {name: i for i, name in enumerate(cmap.columns) if name}
    if "submitdate" in position:
        submitted = raw[position["submitdate"]].notna()
    if "lastpage" in position:
        lastpage = pd.to_numeric(raw[position["lastpage"]], errors="coerce")

    dated: dict[int, Future[tuple[pd.Series, int]]] = {}
    deferred: list[tuple[int, str, pd.Series, int, bool]] = []
    if len(raw) >= _BACKGROUND_ROWS:
        # date columns are read by Arrow outside the GIL: in a thread, alongside the other columns
        dating = ThreadPoolExecutor(max_workers=1)
        dated = {i: dating.submit(V.to_date, raw[i]) for i in _date_columns(cmap, qtypes)}
        dating.shutdown(wait=False)

    for i, name in enumerate(cmap.columns):
        if not name:
            continue
        heading = cmap.headings[i]
        col = raw[i]
        f: Field | None = cmap.fields[i]
        if f is None:
            if name == "id":
                continue
            kind = "number" if name.startswith("timing_") else SYSTEM_TYPES.get(name, "text")
            part = "attribute" if name.startswith("attribute_") else "timing" if name.startswith("timing_") else "system"
            if kind == "date" and i in dated:
                # read in a thread: collected after the other columns, its warning kept in its place
                deferred.append((i, name, col, len(warnings), True))
                warnings.append("")
                rows.append({"column": name, "heading": heading, "question": "", "subquestion": "", "part": part,
                             "type": ""})
                continue
            if kind == "date":
                values, bad = V.to_date(col)
                _refuse_lost_submit_dates(path, name, col, values, bad)
            elif kind == "int":
                values, bad = V.to_number(col)
                values = values.round().astype("Int64") if bad == 0 else values
            elif kind == "number":
                values, bad = V.to_number(col)
            elif name.startswith("attribute_") or name in {"seed", "startlanguage", "token", "ipaddr", "refurl"}:
                values, bad = V.as_strings(col), 0
            else:
                values, bad = V.to_text(col, cr=cr), 0
                text_columns.append(name)
            rows.append({"column": name, "heading": heading, "question": "", "subquestion": "", "part": part, "type": ""})
            data[name] = values
            if bad:
                warnings.append(say("ingest.warn.unreadable_as", bad=bad, column=name, kind=Term(f"ingest.kind.{kind}")))
            continue
        qtype = f.type or qtypes.get(f.question, "")
        if not qtype:
            qtype = "?"
        bad = 0
        if f.part in {"other", "comment"}:
            values = V.to_text(col, cr=cr)
            text_columns.append(name)
        elif f.part == "filecount":
            values, bad = V.to_number(col)
        elif qtype in V.CODE_TYPES:
            values, hits, labels, unknown = V.to_codes(col, structure, f)
            code_hits += hits
            label_hits += labels
            if unknown:
                shown = ", ".join(repr(u) for u in sorted(unknown)[:5])
                warnings.append(say("ingest.warn.not_options", column=heading or name, n=len(unknown),
                                    question=f.question, shown=shown))
        elif qtype in V.NUMBER_TYPES or qtype in V.SCALE_TYPES:
            values, bad = V.to_number(col)
        elif qtype in V.DATE_TYPES and i in dated:
            deferred.append((i, name, col, len(warnings), False))
            warnings.append("")
            rows.append({"column": name, "heading": heading, "question": f.question, "subquestion": f.subquestion,
                         "part": f.part, "type": qtype})
            continue
        elif qtype in V.DATE_TYPES:
            values, bad = V.to_date(col)
        elif qtype in V.YES_NO_TYPES:
            values, bad, (labels, codes) = V.to_boolean_counted(col, [_YES_NO_LABELS, _YES_NO_CODES])
            if not is_numeric_dtype(col.dtype):
                label_hits += labels
                code_hits += codes
        elif qtype in V.BOX_TYPES:
            values, bad = V.to_boolean(col)
            # short exports leave an unticked box empty: False, unless the page was never reached (below)
            ticked = values.to_numpy(dtype=bool, na_value=False)
            unseen = np.zeros(len(ticked), dtype=bool)
            if f.question not in pages:
                # one look-up per question, not per box
                pages[f.question] = _page_of(structure, f.question)
            page = pages[f.question]
            if submitted is not None and lastpage is not None and page is not None:
                if page not in unseen_by_page:
                    reached = (lastpage >= page).fillna(False).to_numpy(bool)
                    unseen_by_page[page] = ~submitted.to_numpy(bool) & ~reached
                unseen = unseen_by_page[page].copy()
            values = pd.Series(pd.arrays.BooleanArray(ticked & ~unseen, unseen), index=values.index)
        elif qtype in V.TEXT_TYPES:
            values = V.to_text(col, cr=cr)
            text_columns.append(name)
        elif qtype == "?":
            # no structure says the type: one warning for all such columns, after the loop
            values = V.to_text(col)
            untyped.append(heading or name)
        else:
            values = V.to_text(col)
            message = say("ingest.warn.unknown_type", column=heading or name, qtype=qtype)
            if message not in warnings:
                warnings.append(message)
                log.warning("%s: %s", path, message)
        if raw.attrs.get("may_be_masked", True) and str(values.dtype) == "string" and (
                qtype in V.TEXT_TYPES or f.part in {"other", "comment"}):
            # the admin UI masks answers that start with "=" as "'="
            values = V.unmask_equations(values)
        if bad:
            warnings.append(say("ingest.warn.unreadable", bad=bad, column=heading or name))
        data[name] = values
        rows.append({"column": name, "heading": heading, "question": f.question, "subquestion": f.subquestion,
                     "part": f.part, "type": qtype})
    if untyped:
        shown = ", ".join(repr(h) for h in untyped[:5]) + (say("ingest.warn.more", n=len(untyped) - 5)
                                                           if len(untyped) > 5 else "")
        message = say("ingest.warn.untyped", n=len(untyped), shown=shown)
        warnings.append(message)
        log.warning("%s: %s", path, message)
    for i, name, col, slot, system in deferred:
        values, bad = dated[i].result()
        if system:
            _refuse_lost_submit_dates(path, name, col, values, bad)
        data[name] = values
        if bad:
            heading = cmap.headings[i]
            warnings[slot] = (say("ingest.warn.unreadable_as", bad=bad, column=name, kind=Term("ingest.kind.date"))
                              if system else say("ingest.warn.unreadable", bad=bad, column=heading or name))
    warnings = [w for w in warnings if w]
    # one order whatever the file's order: system fields, answers in survey order, attributes
    rank_system = {name: i for i, name in enumerate(SYSTEM_FIELDS)}
    rank_answer = {f.column: i for i, f in enumerate(expected_fields(structure))} if structure is not None else {}

    def rank(row: dict[str, str]) -> tuple[int, int]:
        if row["part"] == "system":
            return (0, rank_system.get(row["column"], len(rank_system)))
        if row["part"] in {"attribute", "timing"}:
            return (2, 0)
        return (1, rank_answer.get(row["column"], len(rank_answer)))

    rows = sorted(rows, key=rank)
    # no copy of every column again: copy-on-write keeps arrays shared with ``raw`` safe
    frame = pd.DataFrame({row["column"]: data[row["column"]] for row in rows}, index=raw.index, copy=False)
    columns = pd.DataFrame(rows, columns=["column", "heading", "question", "subquestion", "part", "type"])
    style = "long" if label_hits > code_hits else "short"
    return frame, columns, style, warnings


def _response_ids(path: Path, raw: pd.DataFrame, cmap: ColumnMap) -> pd.Index:
    if "id" not in cmap.columns:
        raise InputError(key="ingest.no_id_column", path=path)
    column = raw[cmap.columns.index("id")]
    if column.dtype == np.int64:
        # the parser read every id as a whole number: nothing to round or check
        return _unique_ids(path, column)
    if is_numeric_dtype(column.dtype) and column.notna().all():
        ids = column.astype("float64")
        raw_ids = None  # written as text only for a message (below)
    else:
        raw_ids = column.astype("string").fillna("").str.strip()
        ids = pd.to_numeric(raw_ids.str.replace(r"\.0+$", "", regex=True), errors="coerce").astype("float64")
    bad = ids.isna().to_numpy() | (ids != ids.round()).to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0]) + 1
        if raw_ids is None:
            raw_ids = column.astype(str)
        if "\ufeff" in str(raw_ids.iloc[row - 1]):
            raise InputError(key="ingest.inner_bom", path=path, row=row)
        raise InputError(key="ingest.bad_id", path=path, row=row, value=repr(raw_ids.iloc[row - 1]))
    return _unique_ids(path, ids.astype("int64"))


def _unique_ids(path: Path, ids: pd.Series) -> pd.Index:
    """Return the whole-number ids as the index, refusing one that occurs twice."""
    # exports list responses by id: strictly rising ids cannot repeat (checked without hashing)
    rising = len(ids) < 2 or bool((np.diff(ids.to_numpy()) > 0).all())
    duplicated = ids[:0] if rising else ids[ids.duplicated()]
    if len(duplicated):
        raise InputError(key="ingest.duplicate_id", path=path, id=int(duplicated.iloc[0]))
    return pd.Index(ids, name="response_id")


def listed_files(folder: Path, limit: int = 8) -> str:
    """Return the names of the files in ``folder`` (at most ``limit``, then "…"), for a message; "" when none."""
    try:
        names = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    except OSError:
        return ""
    return ", ".join(repr(n) for n in names[:limit]) + (", …" if len(names) > limit else "")


def export_is_folder(path: Path) -> InputError:
    """Return the error for a folder given where an export file belongs, naming the files in it."""
    present = listed_files(path)
    return InputError(key="ingest.export_is_folder", hint_key="ingest.export_is_folder.choose" if present else None,
                      path=path, present=present)


def read_export(path: Path, structure: Structure | None = None, *, max_megabytes: int = 200) -> Export:
    """Return the responses in a LimeSurvey export (csv, json, xlsx, VV, .lsr or .lsa), typed."""
    path = Path(path)
    if not path.exists():
        present = listed_files(path.parent)
        raise InputError(key="ingest.no_export_file", hint_key="ingest.no_export_file.present" if present else None,
                         path=path, folder=path.parent, present=present)
    if path.is_dir():
        raise export_is_folder(path)
    data, complete = read_head(path, max_megabytes, HEAD_BYTES)
    if complete and len(data) < 4096 and not data.strip(b"\xef\xbb\xbf \t\r\n"):
        from pipeline.exportsets import refuse_empty_set

        # a fetched survey that nobody has answered yet: say so, not "export again"
        refuse_empty_set(path)
        raise InputError(key="ingest.empty_export", path=path)
    suffix = path.suffix.lower()
    sniffed = sniff_kind(path, data)
    delimiter: str | None = None
    encoding: str | None = None
    kind: str
    if sniffed in ("html", "pdf"):
        raise wrong_content(path, sniffed)
    if sniffed == "zip":
        if suffix in TEXT_SUFFIXES or suffix == ".json":
            raise wrong_content(path, zip_kind(path))
        if suffix in {".lsa", ".zip"}:
            with open_archive(path, max_megabytes) as archive:
                lsr = archive.member_with_suffix(".lsr")
                lss = archive.member_with_suffix(".lss")
                if lsr is None:
                    raise InputError(key="ingest.lsa_without_lsr", path=path)
                lsr_bytes = archive.read(lsr)
                lss_bytes = archive.read(lss) if lss else None
            if structure is None and lss_bytes is not None:
                from pipeline.ingest.structure import structure_from_lss_bytes

                structure = structure_from_lss_bytes(lss_bytes, f"{path} ({lss})", path)
            headings, raw = _raw_from_lsr(lsr_bytes, f"{path} ({lsr})")
            kind = "lsa"
        else:
            headings, raw = _raw_from_xlsx(path, max_megabytes)
            kind = "xlsx"
    elif sniffed == "ole":
        raise InputError(key="ingest.old_xls", path=path)
    elif suffix in XLSX_SUFFIXES:
        raise wrong_content(path, "not_xlsx")
    elif sniffed == "json":
        if suffix in TEXT_SUFFIXES:
            raise wrong_content(path, "json")
        headings, raw = _raw_from_json(path, data if complete else read_bytes_limited(path, max_megabytes))
        kind = "json"
    elif sniffed == "xml":
        if b"<LimeSurveyDocType>Responses" in data[:2000]:
            headings, raw = _raw_from_lsr(data if complete else read_bytes_limited(path, max_megabytes), str(path))
            kind = "lsr"
        elif b"<LimeSurveyDocType>Survey" in data[:2000]:
            raise InputError(key="ingest.lss_as_export", path=path)
        else:
            if suffix in TEXT_SUFFIXES | {".json"}:
                raise wrong_content(path, "xml")
            raise InputError(key="ingest.xml_not_export", path=path)
    else:
        if suffix == ".json":
            raise wrong_content(path, "not_json")
        headings, raw, encoding, delimiter, vv, pending = _raw_from_delimited(path, data, complete, structure,
                                                                             max_megabytes)
        kind = "vv" if vv else "csv"
        if vv:
            raw = _unescape_vv(raw)
            # VV writes carriage returns as {cr}: they are back in the values now
            raw.attrs["cr_in_values"] = True
        if pending is not None:
            return _export_after_count(path, kind, delimiter, encoding, headings, raw, structure, pending)
    return _export(path, kind, delimiter, encoding, headings, raw, structure)


def _export_after_count(path: Path, kind: str, delimiter: str | None, encoding: str | None, headings: list[str],
                        raw: pd.DataFrame, structure: Structure | None, pending: Callable[[], bool]) -> Export:
    """Return the export of a file whose line endings are still being counted, checked as if counted first."""
    cr_assumed = bool(raw.attrs.get("cr_in_values", True))
    text_columns: list[str] = []
    try:
        export = _export(path, kind, delimiter, encoding, headings, raw, structure, text_columns)
    except InputError:
        # a file with broken line endings is reported as such, whatever else is wrong in it
        pending()
        raise
    if pending() and not cr_assumed:
        # values hold carriage returns after all (rare): normalise the text columns as to_text would
        for name in text_columns:
            export.frame[name] = V.crlf_to_lf(export.frame[name])
    return export


def _export(path: Path, kind: str, delimiter: str | None, encoding: str | None, headings: list[str],
            raw: pd.DataFrame, structure: Structure | None, text_columns: list[str] | None = None) -> Export:
    """Return the export typed from its raw cells, after the checks on headings, columns and ids.

    ``text_columns`` collects the free-text columns typed with ``raw.attrs["cr_in_values"]``.
    """
    headings = [h.lstrip("\ufeff").strip() if isinstance(h, str) else str(h) for h in headings]
    if kind not in {"csv", "vv"}:
        raw = raw.replace({marker: np.nan for marker in V.MISSING_MARKERS})
    if raw.shape[0] == 0:
        raise InputError(key="ingest.headings_only", path=path)
    if raw.shape[1] != len(headings):
        raise InputError(key="ingest.width_mismatch", path=path, fields=raw.shape[1], headings=len(headings))
    _refuse_duplicate_headings(path, headings)
    if structure is not None and structure.survey_id:
        from pipeline.ingest.columns import SGQA

        other_ids = {m.group(1) for h in headings if (m := SGQA.match(h))} - {str(structure.survey_id)}
        if other_ids:
            raise InputError(key="ingest.other_survey", path=path, others=", ".join(sorted(other_ids)),
                             structure=structure.source.name if structure.source else Term("ingest.the_structure_given"),
                             survey=structure.survey_id)
    cmap = map_headings(headings, structure)
    mapped_answers = [f for f in cmap.fields if f is not None]
    if not mapped_answers:
        if structure is not None:
            raise InputError(key="ingest.no_column_fits", path=path, n=len(headings), survey=structure.survey_id,
                             structure=structure.source.name if structure.source else Term("ingest.the_structure_given"))
        raise InputError(key="ingest.no_question_columns", path=path)
    ids = _response_ids(path, raw, cmap)
    frame, columns, answer_style, warnings = _type_frame(path, raw, cmap, structure, text_columns)
    frame.index = ids
    heading_style = cmap.style
    if heading_style == "text":
        heading_style = "abbreviated" if any(".. " in h or h.endswith("..") for h in headings) else "full"
    return Export(
        path=path, kind=kind, delimiter=delimiter, encoding=encoding, heading_style=heading_style,
        answer_style=answer_style, raw_rows=int(raw.shape[0]), frame=frame, columns=columns,
        unmapped=tuple(cmap.unmapped), structure=structure, warnings=tuple(warnings),
        headings=tuple(headings), answer_fields=tuple(f.column for f in mapped_answers),
    )


def _refuse_duplicate_headings(path: Path, headings: list[str]) -> None:
    from pipeline.ingest.columns import ATTRIBUTE_NAMES

    seen: dict[str, int] = {}
    for i, h in enumerate(headings):
        if h in seen and _CODE_LIKE.match(h) and not ATTRIBUTE_NAMES.match(h):
            raise InputError(key="ingest.duplicate_heading", path=path, heading=h, first=seen[h] + 1, second=i + 1)
        seen.setdefault(h, i)
