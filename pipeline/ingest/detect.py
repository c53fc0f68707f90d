"""Tell what an export file is: kind, encoding, delimiter; refuse what no LimeSurvey export is."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pipeline.errors import InputError

Kind = Literal["csv", "vv", "json", "xlsx", "lsa", "lsr", "lss", "structure-json", "structure-tsv"]

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".vv", ".tab", ".dat"}
_XLSX_SUFFIXES = {".xlsx", ".xls", ".xlsm"}


def sniff_kind(path: Path, data: bytes) -> str:
    """Return the kind of file the bytes are: zip, xml, json or text."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"<":
        return "xml"
    if start in (b"{", b"["):
        return "json"
    return "text"


def wrong_content(path: Path, what: str, fix: str) -> InputError:
    """Return the error for a file whose name promises something its content is not."""
    return InputError(f"{path} is named like a {path.suffix or 'plain'} file, but it is {what}.", hint=fix)


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Return (text, encoding): UTF-8 with or without BOM, UTF-16 with BOM, or cp1252 as Excel saves it."""
    if b"\x00" in data[:65536] and not (data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff")):
        raise InputError(
            f"{path} is not a text export: it contains binary data.",
            hint="Give the CSV, JSON, XLSX or VV file that LimeSurvey exported; if it came by e-mail, save the attachment again.",
        )
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{path} claims to be UTF-16 text but is damaged.", hint="Export the file again.") from None
        encoding = "utf-16"
    elif data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
        text = _decode_utf8(path, data[3:])
    else:
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as exc:
            if _UTF8_MULTIBYTE.search(data):
                raise _invalid_utf8(path, data, exc) from None
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise _invalid_utf8(path, data, exc) from None
            encoding = "cp1252"
    if "\x00" in text or len(_CONTROL.findall(text[:65536])) > 8:
        raise InputError(
            f"{path} is not a text export: it contains binary data.",
            hint="Give the CSV, JSON, XLSX or VV file that LimeSurvey exported; if it came by e-mail, save the attachment again.",
        )
    if "\ufeff" in text:
        line = text.count("\n", 0, text.index("\ufeff")) + 1
        raise InputError(
            f"{path} has a byte-order mark in the middle (line {line}): two files were probably pasted together.",
            hint="Export the responses again from LimeSurvey instead of joining files.",
        )
    return text, encoding


def _decode_utf8(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _invalid_utf8(path, data, exc) from None


def _invalid_utf8(path: Path, data: bytes, exc: UnicodeDecodeError) -> InputError:
    line = data.count(b"\n", 0, exc.start) + 1
    return InputError(
        f"{path} is not valid UTF-8 text (bad bytes on line {line}).",
        hint="Export the file again from LimeSurvey, or save it as 'CSV UTF-8' in your spreadsheet program.",
    )


def header_line(text: str) -> str:
    """Return the first line, which in every LimeSurvey export holds no line breaks."""
    end = text.find("\n")
    return (text if end < 0 else text[:end]).rstrip("\r")


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
