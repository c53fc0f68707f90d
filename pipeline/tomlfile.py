"""Reading a settings file in TOML (round.toml, a codebook) and rejecting keys nobody knows."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError


def read_toml(path: Path) -> dict[str, Any]:
    """Return the TOML document in ``path``; a ConfigError says when it is not UTF-8 or not TOML."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(key="config.not_utf8", path=path, name=Path(path).name) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(key="config.not_toml", path=path, reason=str(exc)) from None


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
