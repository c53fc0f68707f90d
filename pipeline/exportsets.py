"""The on-disk layout of the export sets that ``samenspel fetch`` writes, and how to find them.

A fetched set is one folder under ``ROUND_DIR/exports/``::

    exports/fetched-20261121T100000Z/
        responses_csv_code_short_all.csv      RC2 export: CSV, code headings, short answers, all
        structure/get_survey_properties.json  the RC2 structure calls, one JSON file each
        structure/get_language_properties_<lang>.json
        structure/list_groups_<lang>.json
        structure/list_questions_<lang>.json
        structure/get_question_properties_<lang>.json   keyed by question code
        structure/get_summary.json
        structure/list_participants.json      only when the survey has a participants table
        manifest.json                         written last: every file with sha256 and size

The set is assembled in a hidden sibling folder and renamed into place when complete, so a
set folder either is whole or does not exist. A set still counts as complete only when its
manifest lists exactly the files in the folder and every checksum matches.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.config import RoundConfig
from pipeline.errors import ConfigError
from pipeline.files import file_sha256

EXPORTS_DIR = "exports"
MANIFEST = "manifest.json"
STRUCTURE_DIR = "structure"
RESPONSES_FILE = "responses_csv_code_short_all.csv"
PARTICIPANTS_FILE = f"{STRUCTURE_DIR}/list_participants.json"
SET_PREFIX = "fetched-"
MANIFEST_FORMAT = 1
TIMESTAMP_FORMAT = "%Y%m%dT%H%M%SZ"
# fetched-<timestamp>, with -<n> when two fetches fall in the same second
_SET_NAME = re.compile(r"^fetched-(\d{8}T\d{6}Z)(?:-(\d+))?$")


@dataclass(frozen=True)
class ExportSet:
    """One complete fetched set: where its files are and what its manifest says."""

    path: Path
    # RC2 CSV with code headings, short answers and every completion state
    responses: Path
    # folder with the RC2 structure calls as JSON (the layout ``read_structure`` reads)
    structure: Path
    # list_participants JSON, or None when the survey has no participants table
    participants: Path | None
    manifest: dict[str, Any] = field(compare=False)
    fetched_at: datetime = field(compare=False)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def survey_id(self) -> int:
        return int(self.manifest["survey_id"])

    @property
    def has_responses(self) -> bool:
        """False when LimeSurvey had no responses yet (the responses file is then empty)."""
        return not self.manifest["responses"].get("no_responses", False)


def set_name(fetched_at: datetime) -> str:
    """Return the folder name of a set fetched at ``fetched_at`` (converted to UTC)."""
    return SET_PREFIX + fetched_at.astimezone(UTC).strftime(TIMESTAMP_FORMAT)


def _files_in(folder: Path) -> set[str]:
    """Return every file under ``folder`` except its own manifest, as relative POSIX paths."""
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    names.discard(MANIFEST)
    return names


def _sort_key(path: Path) -> tuple[str, int]:
    match = _SET_NAME.match(path.name)
    assert match is not None
    return match.group(1), int(match.group(2) or 0)


def _read_set(path: Path) -> ExportSet | None:
    """Return the set in ``path`` if it is complete and intact, else None."""
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        return None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("format") != MANIFEST_FORMAT:
            return None
        listed = {entry["file"]: entry for entry in manifest["files"]}
        if set(listed) != _files_in(path):
            return None
        for name, entry in listed.items():
            file = path / name
            if file.stat().st_size != entry["bytes"] or file_sha256(file) != entry["sha256"]:
                return None
        responses = manifest["responses"]["file"]
        participants = manifest.get("participants")
        structure = path / manifest["structure"]
        if responses not in listed or (participants is not None and participants not in listed):
            return None
        if not structure.is_dir():
            return None
        fetched_at = datetime.strptime(manifest["fetched_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return ExportSet(
        path=path,
        responses=path / responses,
        structure=structure,
        participants=None if participants is None else path / participants,
        manifest=manifest,
        fetched_at=fetched_at,
    )


def export_set_folders(round_dir: Path) -> list[Path]:
    """Return the fetched-set folders of a round, oldest first (complete or not)."""
    exports = Path(round_dir) / EXPORTS_DIR
    if not exports.is_dir():
        return []
    folders = [p for p in exports.iterdir() if p.is_dir() and _SET_NAME.match(p.name)]
    return sorted(folders, key=_sort_key)


def export_sets(round_dir: Path) -> list[ExportSet]:
    """Return every complete fetched set of a round, oldest first."""
    found = (_read_set(folder) for folder in export_set_folders(round_dir))
    return [s for s in found if s is not None]


def latest_export_set(round_dir: Path) -> ExportSet | None:
    """Return the newest complete fetched set of a round, or None when there is none."""
    for folder in reversed(export_set_folders(round_dir)):
        found = _read_set(folder)
        if found is not None:
            return found
    return None


def export_set_by_name(round_dir: Path, name: str) -> ExportSet:
    """Return the fetched set called ``name`` (e.g. ``fetched-20261121T100000Z``) or raise ConfigError."""
    exports = Path(round_dir) / EXPORTS_DIR
    folder = exports / name
    if not _SET_NAME.match(name) or not folder.is_dir():
        known = [p.name for p in export_set_folders(round_dir)]
        raise ConfigError(key="sets.unknown", hint_key=None if known else "sets.none.hint", exports=exports,
                          name=name, known=", ".join(known))
    found = _read_set(folder)
    if found is None:
        raise ConfigError(key="sets.damaged", folder=folder)
    return found


def refuse_empty_set(responses: Path) -> None:
    """Raise ConfigError when ``responses`` is the file of a set fetched before anyone answered.

    LimeSurvey has no export at all for a survey without responses, so the set's responses
    file is empty: that is "no responses yet", not a broken export.
    """
    found = _read_set(Path(responses).parent)
    if found is not None and found.responses == Path(responses) and not found.has_responses:
        raise ConfigError(key="sets.no_responses", survey=found.survey_id, folder=found.path,
                          fetched_at=found.fetched_at.strftime("%Y-%m-%d %H:%M UTC"))


def pin_export_set(config: RoundConfig, name: str | None) -> RoundConfig:
    """Return ``config`` reading the fetched set ``name`` instead of the newest complete one (``None``: as it is)."""
    if not name:
        return config
    found = export_set_by_name(config.round_dir, name)
    exports = dataclasses.replace(
        config.exports, responses=found.responses, structure=found.structure, participants=found.participants
    )
    return dataclasses.replace(config, exports=exports)
