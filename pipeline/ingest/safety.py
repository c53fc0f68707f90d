"""Guards against hostile or oversized input: size limits, safe XML, zip bombs."""

from __future__ import annotations

import zipfile
from pathlib import Path
from types import TracebackType
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from xml.etree.ElementTree import ParseError

from pipeline.errors import InputError
from pipeline.messages import Term

MEGABYTE = 1024 * 1024
# a survey archive's members are plain XML: a ratio above this is a zip bomb, not a survey
MAX_COMPRESSION_RATIO = 100


def check_size(path: Path, max_megabytes: int) -> None:
    """Raise an InputError when ``path`` is larger than ``max_megabytes``."""
    size = path.stat().st_size
    if size > max_megabytes * MEGABYTE:
        raise InputError(key="ingest.too_large", path=path, megabytes=size / MEGABYTE, limit=max_megabytes)


def read_bytes_limited(path: Path, max_megabytes: int) -> bytes:
    """Return the bytes of ``path``, refusing a file larger than the limit."""
    try:
        check_size(path, max_megabytes)
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(key="ingest.is_folder", path=path) from None
    except PermissionError:
        raise InputError(key="ingest.no_permission", path=path) from None


# the kinds of zip file, as the messages name them in either language
_WHAT = {"survey archive (.lsa)": Term("ingest.what.lsa"), "Excel workbook (.xlsx)": Term("ingest.what.xlsx")}


def _term(what: str) -> Term | str:
    return _WHAT.get(what, what)


def parse_xml_safely(data: bytes, where: str) -> Any:
    """Return the root element of ``data``, refusing DTDs, entities and external references."""
    if data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")[:14].lower().startswith((b"<!doctype html", b"<html")):
        # a web page, not a DTD to refuse: LimeSurvey's login page, saved after the session timed out
        raise InputError(key="ingest.html_page", where=where)
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InputError(key="ingest.xml_entities", where=where) from None
    except ParseError as exc:
        # expat's own reason is English; where it stopped is what a facilitator can use
        line, column = getattr(exc, "position", (0, 0))
        raise InputError(key="ingest.bad_xml", where=where, line=line, column=column + 1) from None


class Archive:
    """A zip file opened with limits on member sizes and compression ratio."""

    def __init__(self, path: Path, max_megabytes: int, what: str = "survey archive (.lsa)") -> None:
        self.path = path
        self.limit = max_megabytes * MEGABYTE
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError):
            raise InputError(key="ingest.bad_zip", path=path, what=_term(what)) from None
        total = 0
        for info in self._zip.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if total > self.limit or (info.file_size > MEGABYTE and ratio > MAX_COMPRESSION_RATIO):
                self._zip.close()
                raise InputError(key="ingest.zip_bomb", path=path, what=_term(what), member=info.filename)

    def names(self) -> list[str]:
        return [i.filename for i in self._zip.infolist() if not i.is_dir()]

    def member_with_suffix(self, suffix: str) -> str | None:
        """Return the first member whose name ends with ``suffix``."""
        for name in self.names():
            if name.lower().endswith(suffix):
                return name
        return None

    def read(self, name: str) -> bytes:
        """Return a member's bytes, stopping at the size limit whatever the header claims."""
        try:
            with self._zip.open(name) as handle:
                data = handle.read(self.limit + 1)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
            raise InputError(key="ingest.bad_member", path=self.path, member=name, reason=str(exc)) from None
        if len(data) > self.limit:
            raise InputError(key="ingest.member_too_large", path=self.path, member=name)
        return data

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._zip.close()


def open_archive(path: Path, max_megabytes: int, what: str = "survey archive (.lsa)") -> Archive:
    """Return the zip file at ``path`` opened with size limits."""
    return Archive(path, max_megabytes, what)


def read_head(path: Path, max_megabytes: int, length: int) -> tuple[bytes, bool]:
    """Return the first ``length`` bytes of ``path`` and whether they are the whole file (size limit checked)."""
    try:
        check_size(path, max_megabytes)
        with path.open("rb") as handle:
            head = handle.read(length + 1)
    except IsADirectoryError:
        raise InputError(key="ingest.is_folder", path=path) from None
    except PermissionError:
        raise InputError(key="ingest.no_permission", path=path) from None
    return head[:length], len(head) <= length
