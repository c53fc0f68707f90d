"""Load, check and save a codebook of obstacle themes (TOML), and promote emergent groups into it."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w

from pipeline.errors import write_chosen_file
from pipeline.errors import ConfigError
from pipeline.tomlfile import read_toml, reject_unknown_keys

BUILTIN_NAME = "codebook_nl.toml"
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_THEME_KEYS = (
    "id", "name_nl", "name_en", "definition_nl", "definition_en", "keywords",
    "helped_keywords", "examples", "origin",
)
_REQUIRED = ("id", "name_nl", "name_en", "definition_nl", "keywords")
_HEAD_KEYS = ("name", "language", "version")


@dataclass(frozen=True)
class Theme:
    """One obstacle theme: its id, names, definition, keywords and examples."""

    id: str
    name_nl: str
    name_en: str
    definition_nl: str
    keywords: tuple[str, ...]
    helped_keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    definition_en: str = ""
    # "builtin", "community" (written by a facilitator) or "emergent" (promoted from a group)
    origin: str = "community"


@dataclass(frozen=True)
class Codebook:
    """An ordered set of themes; ``source`` is the file it came from (None: built in)."""

    themes: tuple[Theme, ...]
    name: str = ""
    language: str = "nl"
    version: int = 1
    source: Path | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    def theme(self, theme_id: str) -> Theme:
        """Return the theme with this id, or raise a KeyError."""
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)


def builtin_codebook_path() -> Path:
    """Return the path of the codebook that ships with samenspel."""
    return Path(str(resources.files("pipeline.obstacles").joinpath(BUILTIN_NAME)))


def _texts(value: Any, where: str, key: str, *, required: bool) -> tuple[str, ...]:
    if value is None:
        if required:
            raise ConfigError(key="codebook.list_missing", where=where, name=key)
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(key="codebook.not_a_list", where=where, name=key, value=repr(value))
    seen: dict[str, None] = {}
    for v in value:
        v = " ".join(v.split())
        if v:
            seen.setdefault(v, None)
    if required and not seen:
        raise ConfigError(key="codebook.list_empty", where=where, name=key)
    return tuple(seen)


def _text(value: Any, where: str, key: str, *, required: bool) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(key="codebook.not_a_text", where=where, name=key, value=repr(value))
    return " ".join(value.split())


def codebook_from_dict(data: dict[str, Any], source: Path | None) -> Codebook:
    """Return the codebook a parsed TOML document describes, or raise a ConfigError saying what is wrong."""
    where_file = str(source) if source else "codebook"
    reject_unknown_keys(data, ("codebook", "theme"), where_file, tables=True, hint_key="codebook.unknown_tables.hint")
    head = data.get("codebook", {})
    if not isinstance(head, dict):
        raise ConfigError(key="codebook.head_not_table", where=where_file)
    reject_unknown_keys(head, _HEAD_KEYS, f"{where_file}, [codebook]")
    raw = data.get("theme")
    if not isinstance(raw, list) or not raw:
        raise ConfigError(key="codebook.no_themes", where=where_file)
    themes: list[Theme] = []
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        label = item.get("id") if isinstance(item, dict) else None
        where = f"{where_file}, theme {number}" + (f" ({label!r})" if isinstance(label, str) else "")
        if not isinstance(item, dict):
            raise ConfigError(key="codebook.theme_not_table", where=where)
        reject_unknown_keys(item, _THEME_KEYS, where, hint_key="codebook.unknown_keys.hint")
        missing = [k for k in _REQUIRED if k not in item]
        if missing:
            raise ConfigError(key="codebook.theme_missing", where=where, keys=", ".join(missing))
        theme_id = item["id"]
        if not isinstance(theme_id, str) or not _ID.match(theme_id):
            raise ConfigError(key="codebook.bad_id", where=where, id=theme_id)
        if theme_id in seen:
            raise ConfigError(key="codebook.id_twice", where=where, id=theme_id)
        if theme_id.startswith("emergent-"):
            raise ConfigError(key="codebook.emergent_id", where=where, id=theme_id)
        seen.add(theme_id)
        origin = item.get("origin", "community")
        if origin not in ("builtin", "community", "emergent"):
            raise ConfigError(key="codebook.bad_origin", where=where, origin=origin)
        themes.append(
            Theme(
                id=theme_id,
                name_nl=_text(item["name_nl"], where, "name_nl", required=True),
                name_en=_text(item["name_en"], where, "name_en", required=True),
                definition_nl=_text(item["definition_nl"], where, "definition_nl", required=True),
                definition_en=_text(item.get("definition_en"), where, "definition_en", required=False),
                keywords=_texts(item["keywords"], where, "keywords", required=True),
                helped_keywords=_texts(item.get("helped_keywords"), where, "helped_keywords", required=False),
                examples=_texts(item.get("examples"), where, "examples", required=False),
                origin=origin,
            )
        )
    version = head.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ConfigError(key="codebook.bad_version", where=where_file)
    return Codebook(
        themes=tuple(themes),
        name=str(head.get("name", "")),
        language=str(head.get("language", "nl")),
        version=version,
        source=source,
    )


def load_codebook(path: str | os.PathLike[str] | None = None) -> Codebook:
    """Return the codebook in ``path`` (None: the built-in Dutch codebook), checked whole."""
    builtin = path is None
    file = builtin_codebook_path() if path is None else Path(path)
    if not file.is_file():
        raise ConfigError(key="codebook.missing", file=file)
    data = read_toml(file)
    codebook = codebook_from_dict(data, None if builtin else file.resolve())
    if builtin:
        codebook = replace(codebook, themes=tuple(replace(t, origin="builtin") for t in codebook.themes))
    return codebook


def codebook_to_dict(codebook: Codebook) -> dict[str, Any]:
    """Return the TOML document for a codebook."""
    themes = []
    for t in codebook.themes:
        item: dict[str, Any] = {
            "id": t.id,
            "name_nl": t.name_nl,
            "name_en": t.name_en,
            "definition_nl": t.definition_nl,
        }
        if t.definition_en:
            item["definition_en"] = t.definition_en
        item["keywords"] = list(t.keywords)
        if t.helped_keywords:
            item["helped_keywords"] = list(t.helped_keywords)
        if t.examples:
            item["examples"] = list(t.examples)
        if t.origin != "builtin":
            item["origin"] = t.origin
        themes.append(item)
    head: dict[str, Any] = {"name": codebook.name, "language": codebook.language, "version": codebook.version}
    return {"codebook": head, "theme": themes}


_SAVE_HEADER = """\
# samenspel: codeboek van belemmeringen. Pas het gerust aan: thema's worden herkend aan hun
# keywords en examples. Verander een id niet meer als het eenmaal gebruikt is: volgende
# rondes worden erop vergeleken. Per thema: id, name_nl, name_en, definition_nl,
# definition_en, keywords, helped_keywords, examples, origin.

"""


def save_codebook(codebook: Codebook, path: str | os.PathLike[str]) -> Path:
    """Write the codebook to ``path`` as TOML (complete or not at all) and return the path."""
    target = Path(path)
    text = _SAVE_HEADER + tomli_w.dumps(codebook_to_dict(codebook), multiline_strings=False, indent=4)
    codebook_from_dict(tomllib.loads(text), target)  # never write what cannot be read back
    write_chosen_file(target, text)
    return target


def append_theme(path: str | os.PathLike[str], theme: Theme) -> Codebook:
    """Add one theme at the end of a codebook file, leaving the rest of the file (comments,
    layout, edits) exactly as it was, and return the codebook now in the file."""
    target = Path(path)
    current = load_codebook(target)
    if theme.id in current.ids:
        raise ConfigError(key="codebook.has_theme", hint_key="codebook.theme_exists.hint", where=target, id=theme.id)
    item = codebook_to_dict(Codebook(themes=(theme,)))["theme"][0]
    block = tomli_w.dumps({"theme": [item]}, multiline_strings=False, indent=4)
    old = target.read_text(encoding="utf-8")
    text = old + ("" if old.endswith("\n") else "\n") + "\n" + block
    result = codebook_from_dict(tomllib.loads(text), target.resolve())  # never write what cannot be read back
    write_chosen_file(target, text)
    return result


@dataclass(frozen=True)
class EmergentGroup:
    """A group of answers the codebook does not cover, as the estimator found it."""

    id: str
    label_nl: str
    keywords: tuple[str, ...]
    examples: tuple[str, ...]
    size: int = 0
    members: tuple[int, ...] = field(default=(), repr=False)


def promote_group(
    codebook: Codebook,
    group: EmergentGroup,
    *,
    theme_id: str,
    name_nl: str | None = None,
    name_en: str | None = None,
    definition_nl: str | None = None,
    keywords: tuple[str, ...] | list[str] | None = None,
) -> Codebook:
    """Return a new codebook with an emergent group added as a theme (the input is unchanged)."""
    if not _ID.match(theme_id) or theme_id.startswith("emergent-"):
        raise ConfigError(key="codebook.promote_bad_id", group=group.id, id=theme_id)
    if theme_id in codebook.ids:
        raise ConfigError(key="codebook.promote_exists", hint_key="codebook.theme_exists.hint", group=group.id,
                          id=theme_id)
    words = tuple(keywords) if keywords else group.keywords
    if not words:
        raise ConfigError(key="codebook.promote_no_keywords", group=group.id)
    label = name_nl or group.label_nl
    theme = Theme(
        id=theme_id,
        name_nl=label,
        name_en=name_en or label,
        definition_nl=definition_nl or f"Nieuw thema, ontstaan uit de groep '{group.label_nl}'.",
        keywords=tuple(dict.fromkeys(words)),
        examples=group.examples,
        origin="emergent",
    )
    return replace(codebook, themes=(*codebook.themes, theme))
