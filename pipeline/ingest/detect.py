"""Tell what an export file is: kind, encoding, delimiter; refuse what no LimeSurvey export is."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np

from pipeline.errors import InputError
from pipeline.files import UTF8_SEQUENCE as _UTF8_MULTIBYTE
from pipeline.messages import Term

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".vv", ".tab", ".dat"}
XLSX_SUFFIXES = {".xlsx", ".xls", ".xlsm"}


def sniff_kind(path: Path, data: bytes) -> str:
    """Return the kind of file the bytes are: zip, xml, json or text."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if data.startswith(b"%PDF"):
        return "pdf"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    start = head[:1]
    if head[:14].lower().startswith((b"<!doctype html", b"<html")):
        # a web page: most often LimeSurvey's login page, saved after the session timed out
        return "html"
    if start == b"<":
        return "xml"
    if start in (b"{", b"["):
        return "json"
    return "text"


def wrong_content(path: Path, kind: str) -> InputError:
    """Return the error for a file whose name promises something its content is not.

    ``kind`` says what it is instead: ``ingest.wrong.<kind>`` in the catalogue, with its fix.
    """
    return InputError(key="ingest.wrong_content", hint_key=f"ingest.wrong.{kind}.hint", path=path,
                      suffix=path.suffix or Term("ingest.plain"), what=Term(f"ingest.wrong.{kind}"))


def zip_kind(path: Path) -> str:
    """Return "zip" for a zip file that is an Excel workbook, "archive" for any other zip (one to unpack)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return "zip"
    return "zip" if "[Content_Types].xml" in names or any(n.startswith("xl/") for n in names) else "archive"


def _binary(path: Path) -> InputError:
    return InputError(key="ingest.binary", path=path)


def check_text_bytes(path: Path, data: bytes) -> tuple[bytes, str]:
    """Return (bytes, encoding to parse with) after the checks that need no full decode.

    UTF-16 (with BOM) is re-encoded as UTF-8. Whether the rest is valid UTF-8 is checked by
    the parser as it decodes; ``utf8_intended`` then tells a cp1252 file from broken UTF-8.
    """
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise InputError(key="ingest.bad_utf16", path=path) from None
    # the BOM stays in place (no copy of a large file); the parser's utf-8-sig skips it
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    encoding = "utf-8-sig" if start else "utf-8"
    # binary files show NUL bytes early; the parser refuses what is left
    if data.find(b"\x00", start, 1 << 20) >= 0:
        raise _binary(path)
    # a second byte-order mark (two files pasted together) shows up in the response ids, where
    # it is reported; a full scan here would cost as much as a third of the parse
    sample = data[start:65536].decode("utf-8", errors="replace")
    if len(_CONTROL.findall(sample)) > 8:
        raise _binary(path)
    return data, encoding


def utf8_intended(data: bytes) -> bool:
    """Return whether bytes that are not valid UTF-8 still hold UTF-8 sequences (so: damaged UTF-8, not cp1252)."""
    return _UTF8_MULTIBYTE.search(data) is not None


def invalid_utf8(path: Path, data: bytes, exc: UnicodeDecodeError) -> InputError:
    """Return the error for bytes that are meant as UTF-8 but are not."""
    try:
        data.decode("utf-8")
        start = exc.start
    except UnicodeDecodeError as again:
        start = again.start
    line = data.count(b"\n", 0, start) + 1
    return InputError(key="ingest.bad_utf8", path=path, line=line)


def decode_line(path: Path, line: bytes, encoding: str) -> str:
    """Return one line decoded; a line that is not UTF-8 is read as cp1252 unless it holds UTF-8 sequences."""
    try:
        return line.decode(encoding)
    except UnicodeDecodeError as exc:
        if utf8_intended(line):
            raise invalid_utf8(path, line, exc) from None
        return line.decode("cp1252", errors="replace")


def detect_delimiter(path: Path, first: str) -> str:
    """Return the delimiter of a header line: the one of ; , TAB that occurs most outside quotes."""
    outside = re.sub(r'"(?:[^"]|"")*"', "", first)
    counts = {d: outside.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        return ";" if first.strip() else ","
    return best


def is_vv(text: str, delimiter: str) -> bool:
    """Return whether a tab-separated text has VV's two heading lines (texts, then codes)."""
    if delimiter != "\t":
        return False
    lines = text.split("\n", 2)
    if len(lines) < 2:
        return False
    second = lines[1].rstrip("\r").split("\t")
    first = lines[0].rstrip("\r").split("\t")
    return bool(second) and second[0].strip('"') == "id" and first[0].strip('"') != "id"


def count_byte(path: Path, value: int, block: int = 1 << 20) -> int:
    """Return how often the byte ``value`` occurs in a file, read block by block (never the whole file at once)."""
    buffer = bytearray(block)
    view = np.frombuffer(buffer, dtype=np.uint8)
    total = 0
    with path.open("rb", buffering=0) as handle:
        while read := handle.readinto(buffer):
            total += int(np.count_nonzero(view[:read] == value))
    return total


def last_line(path: Path, block: int = 1 << 16) -> bytes:
    """Return the bytes after the last LF of a file (all of it when it has none)."""
    with path.open("rb") as handle:
        end = handle.seek(0, 2)
        tail = b""
        start = end
        while start > 0:
            start = max(0, start - block)
            handle.seek(start)
            tail = handle.read(end - start)
            cut = tail.rfind(b"\n")
            if cut >= 0:
                return tail[cut + 1:]
            block *= 2
        return tail
