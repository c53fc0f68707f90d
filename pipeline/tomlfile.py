"""Reading a settings file in TOML (round.toml, a codebook) and rejecting keys nobody knows."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError


def read_toml(path: Path, *, label: str = "") -> dict[str, Any]:
    """Return the TOML document in ``path``; a ConfigError says when it is not UTF-8 or not TOML.

    ``label`` names the kind of file at the start of a message ("Codebook ").
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{label}{path} is not UTF-8 text.", hint=f"Save {Path(path).name} as UTF-8.") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{label}{path} is not valid TOML: {exc}.", hint="Correct the line it names.") from None


def reject_unknown_keys(
    data: Mapping[str, Any], known: Iterable[str], where: str, *, kind: str = "key", place: str = "there"
) -> None:
    """Raise a ConfigError naming the keys of ``data`` that are not ``known``, and the known ones.

    ``where`` says which file and table; ``kind`` is "key" or "table"; ``place`` ends the
    hint ("Known keys there: ...", "Known keys in a theme: ...").
    """
    known = tuple(known)
    unknown = sorted(set(data) - set(known))
    if unknown:
        noun = kind if len(unknown) == 1 else f"{kind}s"
        raise ConfigError(
            f"{where}: unknown {noun} {', '.join(repr(k) for k in unknown)}.",
            hint=f"Known {kind}s {place}: {', '.join(known)}. Fix the spelling or remove the line.",
        )
