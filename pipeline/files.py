"""Writing and checking files safely: nothing half-written, checksums for the record."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
from pathlib import Path

# a UTF-8 multi-byte sequence: bytes that hold one are UTF-8 (perhaps damaged), never Windows-1252 text
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def write_atomically(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` via a temporary file beside it; return the path.

    A reader sees the old file or the whole new one, never a half-written one.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def why_not_written(exc: OSError) -> str:
    """Return the catalogue key that says, in a facilitator's words, why a file or folder could not be written."""
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "files.why.read_only"
    if exc.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        return "files.why.file_in_the_way"
    if exc.errno == errno.ENOSPC:
        return "files.why.disk_full"
    return "files.why.other"


def file_sha256(path: str | os.PathLike[str]) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def decode_text(data: bytes) -> str:
    """Return the text of a file a person saved, in whichever encoding Notepad or Excel chose.

    The rule: a byte-order mark decides (UTF-8, or UTF-16, Notepad's "Unicode"); without one,
    UTF-8 when the bytes are valid UTF-8, else Windows-1252 (Excel's CSV and Notepad's "ANSI")
    unless they hold UTF-8 sequences: then the UTF-8 is damaged and UnicodeDecodeError is
    raised (``line_of(data, error.start)`` says where).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if data.startswith(b"\xef\xbb\xbf") or UTF8_SEQUENCE.search(data):
            raise
        return data.decode("cp1252")


def line_of(data: bytes, offset: int) -> int:
    """Return the line number (from 1) of the byte at ``offset``."""
    return data.count(b"\n", 0, offset) + 1
