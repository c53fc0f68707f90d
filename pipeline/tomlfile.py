"""Reading a settings file in TOML (round.toml, a codebook) and rejecting keys nobody knows."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.files import decode_text, line_of


# tomllib's reason ends with where it stopped: "Invalid value (at line 6, column 9)"
_WHERE = re.compile(r"^(?P<reason>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$", re.S)
_CURLY_QUOTES = "\u201c\u201d\u201e\u2018\u2019\u201a"


def read_toml(path: Path) -> dict[str, Any]:
    """Return the TOML document in ``path``; a ConfigError says where it is not text or not TOML.

    The file is read as Notepad may have saved it (``decode_text``: with a byte-order mark,
    UTF-16, or Windows-1252).
    """
    data = Path(path).read_bytes()
    if data.lstrip(b"\xef\xbb\xbf").startswith(b"{\\rtf"):
        # TextEdit's default on a Mac: formatted text, not plain text
        raise ConfigError(key="config.rtf", path=path, name=Path(path).name)
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # a word processor's document, or some other file, under the settings file's name
        raise ConfigError(key="config.not_text", path=path, name=Path(path).name)
    try:
        text = decode_text(data).replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise ConfigError(key="config.not_utf8", path=path, name=Path(path).name, line=line_of(data, exc.start)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(path, text, exc) from None


def _toml_error(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> ConfigError:
    """Return the error for a document tomllib refused: the line and column, and the likely fix."""
    where = _WHERE.match(str(exc))
    if where is None:  # "(at end of document)": a table or list left open
        return ConfigError(key="config.not_toml_end", path=path)
    number = int(where["line"])
    lines = text.split("\n")
    line = lines[number - 1].strip() if number <= len(lines) else ""
    if any(quote in line for quote in _CURLY_QUOTES):
        hint = "config.not_toml.curly_quotes"
    elif "\\" in line and where["reason"].startswith(("Unescaped '\\'", "Invalid hex value", "Invalid")):
        hint = "config.not_toml.backslash"
    elif where["reason"].startswith(("Illegal character '\\n'", "Unterminated string")) or line.count('"') % 2:
        hint = "config.not_toml.open_quote"
    else:
        hint = "config.not_toml.hint"
    shown = line if len(line) <= 60 else line[:57] + "..."
    return ConfigError(key="config.not_toml", hint_key=hint, path=path, line=number, column=int(where["column"]),
                       text=shown)


def reject_unknown_keys(
    data: Mapping[str, Any], known: Iterable[str], where: str, *, tables: bool = False, hint_key: str | None = None
) -> None:
    """Raise a ConfigError naming the keys (or ``tables``) of ``data`` that are not ``known``.

    ``where`` says which file and table; the hint lists the known ones (``hint_key``: another hint).
    """
    known = tuple(known)
    unknown = sorted(set(data) - set(known))
    if unknown:
        key = "config.unknown_" + ("table" if tables else "key") + ("" if len(unknown) == 1 else "s")
        raise ConfigError(key=key, hint_key=hint_key or "config.unknown_keys.hint", where=where,
                          keys=", ".join(repr(k) for k in unknown), known=", ".join(known))
