"""The last gate of a run: search everything written for participants for personal data."""

from __future__ import annotations

import base64
import binascii
import bisect
import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from pathlib import Path
from urllib.parse import unquote

from pipeline.errors import PrivacyError
from pipeline.privacy.patterns import EMAIL, NameIndex, number_spans

TABLE_SUFFIXES = frozenset({".csv", ".parquet", ".xlsx"})
# files that hold no text a person reads; everything else is scanned
SKIPPED_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf"})
# words of a personal value may be split by at most this many characters ("ingrid.smit@…")
MAX_GAP = 3
CONTEXT = 24
# an embedded image's payload, except an SVG's (its texts are read, see ``_svg_texts``)
_BASE64 = re.compile(r"(?<!image/svg\+xml);base64,[A-Za-z0-9+/=\s]+")
_SVG_DATA = re.compile(r"image/svg\+xml;base64,[A-Za-z0-9+/=\s]+")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_PERCENT = re.compile(r"(?:%[0-9a-fA-F]{2})+")
_JSON_ESCAPE = re.compile(r"(?:\\u[0-9a-fA-F]{4})+")
_TAG = re.compile(r"<[^<>]{0,2000}>")
MARKUP_SUFFIXES = frozenset({".html", ".htm", ".svg", ".xml", ".md", ".ipynb", ".json"})


@dataclass(frozen=True)
class Finding:
    """One piece of personal data in an output: which file, where, what kind, masked."""

    file: Path
    place: str
    kind: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.file}, {self.place}: {self.kind} ({self.excerpt})"


# ---------------------------------------------------------------------------- decoded views


@dataclass(frozen=True)
class _View:
    """A decoded form of a text with a map from its positions back to the original."""

    text: str
    starts: tuple[int, ...]  # start of each segment in ``text``
    origins: tuple[int, ...]  # where that segment starts in the source
    literal: tuple[bool, ...]  # whether the segment is copied (else: one decoded escape)
    parent: _View | None = None

    def source(self, position: int) -> int:
        """Return the position in the original text that ``position`` comes from."""
        if not self.starts:
            here = position
        else:
            i = max(bisect.bisect_right(self.starts, position) - 1, 0)
            here = self.origins[i] + (position - self.starts[i] if self.literal[i] else 0)
        return self.parent.source(here) if self.parent else here


def _identity(text: str) -> _View:
    return _View(text, (0,), (0,), (True,))


def _decode(view: _View, pattern: re.Pattern[str], decode: Callable[[str], str]) -> _View:
    """Return a view of ``view.text`` with every match of ``pattern`` decoded."""
    pieces: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    literal: list[bool] = []
    out = 0
    position = 0
    text = view.text
    for match in pattern.finditer(text):
        decoded = decode(match.group(0))
        if decoded == match.group(0):
            continue
        if match.start() > position:
            starts.append(out)
            origins.append(position)
            literal.append(True)
            pieces.append(text[position:match.start()])
            out += match.start() - position
        starts.append(out)
        origins.append(match.start())
        literal.append(False)
        pieces.append(decoded)
        out += len(decoded)
        position = match.end()
    if not pieces:
        return view
    starts.append(out)
    origins.append(position)
    literal.append(True)
    pieces.append(text[position:])
    return _View("".join(pieces), tuple(starts), tuple(origins), tuple(literal), view)


def _json_unescape(escaped: str) -> str:
    try:
        return json.loads(f'"{escaped}"')
    except (json.JSONDecodeError, UnicodeDecodeError):
        return escaped


def _svg_texts(data: str) -> str:
    """Return the texts of an embedded SVG image (a chart's labels and legend), one space apart.

    A chart is drawn from the same tables as the page, but its labels are text a person
    reads like any other; a payload that is not an SVG in UTF-8 is blanked like an image's.
    """
    payload = "".join(data.partition(",")[2].split())
    try:
        svg = base64.b64decode(payload, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return " " * len(data)
    return " " + " ".join(_TAG.sub(" ", svg).split()) + " "


def _views(text: str, *, markup: bool = False) -> list[_View]:
    """Return the text as written and fully decoded (JSON, HTML entities, percent-escapes, SVG images)."""
    # image payloads are not text a person reads; blanking keeps every position
    text = _BASE64.sub(lambda m: ";base64," + " " * (len(m.group(0)) - 8), text)
    raw = _identity(text)
    decoded = _decode(raw, _SVG_DATA, _svg_texts)
    decoded = _decode(decoded, _JSON_ESCAPE, _json_unescape)
    # twice, so "&amp;#64;" (an entity inside an entity) is decoded too
    decoded = _decode(decoded, _ENTITY, html.unescape)
    decoded = _decode(decoded, _ENTITY, html.unescape)
    decoded = _decode(decoded, _PERCENT, lambda s: unquote(s, errors="strict") if _utf8(s) else s)
    # a literal value survives decoding unchanged, so the decoded view alone is enough;
    # in markup, also a view without tags: "Aïcha <b>Kaya</b>", "<td>Aïcha</td><td>Kaya</td>"
    if markup:
        return [decoded, _decode(decoded, _TAG, lambda tag: " ")]
    return [decoded]


def _utf8(escaped: str) -> bool:
    try:
        unquote(escaped, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------------------- matching


class _Matcher:
    """Finds known personal values (as word sequences, ignoring case and accents) and patterns."""

    def __init__(self, values: dict[str, set[str]], allow: Iterable[str]) -> None:
        # credentials are matched exactly as written: a password is not made of words
        self.literals = [(v, kind) for kind, items in values.items() if kind == "credential" for v in items]
        self.index = NameIndex(
            kinds={kind: items for kind, items in values.items() if kind != "credential"},
            max_gap=MAX_GAP, min_chars=1,
        )
        self.allow = {a.casefold() for a in allow}
        self.allow_ibans = {"".join(a.split()).upper() for a in allow}

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Yield (start, end, kind) of every personal value and e-mail/phone/IBAN/BSN pattern in ``text``."""
        yield from self.index.find(text, overlapping=True)
        for literal, kind in self.literals:
            start = text.find(literal)
            while start >= 0:
                yield start, start + len(literal), kind
                start = text.find(literal, start + 1)
        for match in EMAIL.finditer(text):
            if match.group(0).casefold() not in self.allow:
                yield match.start(), match.end(), "email-pattern"
        for start, end, kind in number_spans(text):
            value = text[start:end]
            if kind == "phone" and value.casefold() in self.allow:
                continue
            # an allowed IBAN (the community's own account) however it is spaced
            if kind == "iban" and "".join(value.split()).upper() in self.allow_ibans:
                continue
            yield start, end, f"{kind}-pattern"


def _mask(value: str, kind: str = "") -> str:
    # the first digits of a BSN are part of the number; an IBAN's first two are its country
    keep = 0 if kind in ("credential", "bsn-pattern") else 2 if len(value) >= 8 else 1
    return f"{value[:keep]}…[{len(value)}]"


def _excerpt(text: str, start: int, end: int, matcher: _Matcher, kind: str = "") -> str:
    """Return the finding in a little context, with it and any other personal data masked."""
    a, b = max(0, start - CONTEXT - 80), min(len(text), end + CONTEXT + 80)
    region = text[a:b]
    found = {(s, e): k for s, e, k in matcher.find(region)}
    found[(start - a, end - a)] = kind
    spans = sorted(found)
    pieces: list[str] = []
    position = 0
    main_at = (0, 0)
    for s, e in spans:
        if s < position:
            continue
        pieces.append(region[position:s])
        here = sum(len(p) for p in pieces)
        pieces.append(_mask(region[s:e], found[(s, e)]))
        if s == start - a:
            main_at = (here, here + len(pieces[-1]))
        position = e
    pieces.append(region[position:])
    masked = "".join(pieces)
    before = masked[max(0, main_at[0] - CONTEXT):main_at[0]]
    after = masked[main_at[1]:main_at[1] + CONTEXT]
    return " ".join(f"{before}<<{masked[main_at[0]:main_at[1]]}>>{after}".split())


def _scan_text(text: str, matcher: _Matcher, *, markup: bool = False) -> list[tuple[int, str, str]]:
    """Return (source position, kind, masked excerpt) of each finding in ``text``."""
    seen: dict[int, tuple[int, str, str]] = {}
    for view in _views(text, markup=markup):
        for start, end, kind in matcher.find(view.text):
            origin = view.source(start)
            known = seen.get(origin)
            # a known value beats a bare pattern at the same place
            if known is None or (known[1].endswith("-pattern") and not kind.endswith("-pattern")):
                seen[origin] = (origin, kind, _excerpt(view.text, start, end, matcher, kind))
    return sorted(seen.values())


# ---------------------------------------------------------------------------- file kinds


def _line_column(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return f"line {line}, column {column}"


def _scan_plain(path: Path, matcher: _Matcher) -> list[Finding]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return [
        Finding(path, _line_column(text, position), kind, excerpt)
        for position, kind, excerpt in _scan_text(text, matcher, markup=path.suffix.lower() in MARKUP_SUFFIXES)
    ]


def _scan_cells(path: Path, cells: Iterable[tuple[str, str]], matcher: _Matcher) -> list[Finding]:
    """Scan (place, text) cells; a repeated text is scanned once and reported where first seen."""
    findings = []
    done: set[str] = set()
    for place, text in cells:
        if not text or text in done:
            continue
        done.add(text)
        for _, kind, excerpt in _scan_text(text, matcher):
            findings.append(Finding(path, place, kind, excerpt))
    return findings


def _csv_cells(path: Path) -> Iterator[tuple[str, str]]:
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:65536], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    for number, row in enumerate(reader):
        if number == 0:
            header = row
            for c, name in enumerate(row, start=1):
                yield f"header, column {c}", name
            continue
        for c, cell in enumerate(row, start=1):
            name = header[c - 1] if c - 1 < len(header) else str(c)
            yield f"row {number}, column {c} ({name!r})", cell


def _parquet_cells(path: Path) -> Iterator[tuple[str, str]]:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    # opened once: its footer is read once, not once per column (a matrix of 1,500 columns)
    parquet = pq.ParquetFile(path)
    names = parquet.schema_arrow.names
    for c, name in enumerate(names, start=1):
        yield f"header, column {c}", str(name)
    for c, name in enumerate(names, start=1):
        # a column at a time, each distinct value once, where it first occurs (a repeated text
        # is scanned once anyway): a national round's peer pairs are 20 million rows of a few
        # thousand values. Arrow-typed, so a value reads as to_pylist gives it (5 stays 5
        # beside a missing value)
        column = parquet.read(columns=[name]).column(0)
        values: Iterable[tuple[int, Any]]
        if pa.types.is_dictionary(column.type):
            values = _dictionary_firsts(column)
        else:
            found = column.to_pandas(types_mapper=pd.ArrowDtype).drop_duplicates()
            values = zip(found.index.tolist(), found.tolist(), strict=True)
        for position, value in values:
            if value is not None and value is not pd.NA:
                yield f"row {position + 1}, column {c} ({name!r})", str(value)


def _dictionary_firsts(column: Any) -> list[tuple[int, Any]]:
    """Return (first row, value) of each value a dictionary-encoded column holds, in row order:
    its codes are counted, not its 20 million values compared."""
    import numpy as np

    column = column.unify_dictionaries()
    if column.num_chunks == 0:
        return []
    dictionary = column.chunk(0).dictionary
    codes = np.concatenate([chunk.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
                            for chunk in column.chunks])
    first = np.full(len(dictionary) + 1, len(codes), dtype=np.int64)
    rows = np.arange(len(codes), dtype=np.int64)
    # written last to first: each code keeps its earliest row (a missing value is code -1, the last slot)
    first[codes[::-1]] = rows[::-1]
    used = np.flatnonzero(first[:-1] < len(codes))
    values = dictionary.to_pylist()
    return sorted((int(first[code]), values[code]) for code in used)


def _xlsx_cells(path: Path) -> Iterator[tuple[str, str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value is not None and hasattr(cell, "coordinate"):
                        yield f"sheet {sheet.title!r}, cell {cell.coordinate}", str(cell.value)
    finally:
        workbook.close()


def _table_findings(path: Path, matcher: _Matcher) -> list[Finding]:
    readers = {".csv": _csv_cells, ".parquet": _parquet_cells, ".xlsx": _xlsx_cells}
    try:
        return _scan_cells(path, readers[path.suffix.lower()](path), matcher)
    except PrivacyError:
        raise
    except Exception as exc:  # a table we wrote but cannot read back cannot be vouched for
        return [Finding(path, "whole file", "unreadable", f"cannot be read for the scan ({type(exc).__name__})")]


def output_files(folder: Path, *, include_notebooks: bool = False) -> list[Path]:
    """Return the files under ``folder`` that the scan reads, in a stable order."""
    files = []
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        suffix = path.suffix.lower()
        if suffix in SKIPPED_SUFFIXES or (suffix == ".ipynb" and not include_notebooks):
            continue
        files.append(path)
    return files


class Scanner:
    """A privacy scan prepared once (the personal values indexed), for any number of files.

    The report runner builds it once and hands it to every page builder (a fork inherits
    it, a spawned worker receives it once), which scans the pages it wrote; the runner
    scans the rest.
    """

    def __init__(self, values: dict[str, set[str]], *, allow: Iterable[str] = ()) -> None:
        self._matcher = _Matcher(values, allow)

    def scan_files(self, paths: Iterable[Path], *, root: Path) -> list[Finding]:
        """Return every finding in ``paths`` (named relative to ``root`` for the file-name check)."""
        findings: list[Finding] = []
        for path in paths:
            relative = str(Path(path).relative_to(root))
            findings += [
                Finding(path, "file name", kind, excerpt)
                for _, kind, excerpt in _scan_text(relative, self._matcher)
            ]
            if path.suffix.lower() in TABLE_SUFFIXES:
                findings += _table_findings(path, self._matcher)
            else:
                findings += _scan_plain(path, self._matcher)
        return findings


def scan_outputs(
    folder: Path,
    values: dict[str, set[str]],
    *,
    include_notebooks: bool = False,
    allow: Iterable[str] = (),
) -> list[Finding]:
    """Return every personal value and e-mail/phone/IBAN/BSN pattern in the files under ``folder``.

    Reads HTML, Markdown, JSON, text (HTML entities, JSON and percent escapes decoded
    first, and the texts of embedded SVG charts), CSV, Parquet and XLSX cells, other text
    files, and the file names themselves;
    notebooks only with ``include_notebooks``. ``allow`` lists addresses that may appear
    (a facilitator's public contact address, the community's own IBAN).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise PrivacyError(key="privacy.no_scan_folder", folder=folder)
    files = output_files(folder, include_notebooks=include_notebooks)
    return Scanner(values, allow=allow).scan_files(files, root=folder)


def merge_values(*values: dict[str, set[str]]) -> dict[str, set[str]]:
    """Return the union of several ``personal_values``/``credential_values`` results, by kind."""
    merged: dict[str, set[str]] = {}
    for one in values:
        for kind, items in one.items():
            merged.setdefault(kind, set()).update(items)
    return merged


def summary_line(findings: list[Finding]) -> str:
    """Return the run's summary line, e.g. ``privacy scan: 0 findings``."""
    return f"privacy scan: {len(findings)} finding{'' if len(findings) == 1 else 's'}"


def assert_clean(findings: list[Finding]) -> None:
    """Raise a PrivacyError naming the first finding and the count, if there are any."""
    if not findings:
        return
    first = findings[0]
    raise PrivacyError(key="privacy.found_one" if len(findings) == 1 else "privacy.found_many",
                       hint_key="privacy.found.hint", n=len(findings), more=len(findings) - 1, kind=first.kind,
                       file=first.file, place=first.place, excerpt=first.excerpt)
