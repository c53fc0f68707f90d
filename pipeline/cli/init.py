"""``samenspel init ROUND_DIR --export FILE [--structure FILE]``: write a round.toml to check."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from pipeline.messages import say


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("round_dir", type=Path, metavar="ROUND_DIR", help=say("init.arg.round_dir"))
    parser.add_argument("--export", type=Path, required=True, metavar="FILE", help=say("init.arg.export"))
    parser.add_argument("--structure", type=Path, default=None, metavar="FILE", help=say("init.arg.structure"))
    parser.add_argument("--id", default=None, help=say("init.arg.id"))
    parser.add_argument("--force", action="store_true", help=say("init.arg.force"))


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def _relative(path: Path, base: Path) -> str:
    path, base = path.resolve(), base.resolve()
    # next to the round (its folder or the community folder): relative, so the folder can move
    if path.is_relative_to(base.parent):
        return Path(os.path.relpath(path, base)).as_posix()
    return path.as_posix()


def _toml_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(_toml_string(v) for v in values) + "]"


def handle(args: argparse.Namespace) -> int:
    from pipeline.config import ROUND_FILE, load_round_config
    from pipeline.errors import ConfigError, InputError
    from pipeline.ingest import read_export, read_structure
    from pipeline.ingest.participants import read_participants
    from pipeline.ingest.roles import propose_roles

    round_dir: Path = args.round_dir
    target = round_dir / ROUND_FILE
    if target.exists() and not args.force:
        raise ConfigError(key="init.exists", target=target)
    if round_dir.exists() and not round_dir.is_dir():
        raise ConfigError(key="init.is_file", folder=round_dir)
    export_path: Path = args.export
    structure_path: Path | None = args.structure
    if export_path.is_dir():
        from pipeline.ingest.responses import export_is_folder

        raise export_is_folder(export_path)
    if structure_path is None:
        if export_path.suffix.lower() == ".lsa":
            structure_path = export_path
        else:
            nearby = [p for folder in (export_path.parent, export_path.parent.parent) for p in sorted(folder.glob("*.lss"))]
            if len(nearby) != 1:
                raise InputError(key="init.no_structure", export=export_path)
            structure_path = nearby[0]
    structure = read_structure(structure_path)
    export = read_export(export_path, structure)
    if export.unmapped:
        raise InputError(key="init.unmapped", export=export_path, n=len(export.unmapped), survey=structure.survey_id,
                         columns=", ".join(repr(h) for h in export.unmapped[:5]))
    roles = propose_roles(structure)
    missing = [name for name in ("initiative", "obstacles", "helped", "aspects") if getattr(roles, name) is None]
    if missing:
        raise InputError(key="init.no_roles", roles=", ".join(missing), survey=structure.survey_id,
                         codes=", ".join(structure.questions["code"]))
    round_id = args.id or round_dir.resolve().name
    title = structure.titles.get(structure.base_language) or round_id
    language = structure.base_language if structure.base_language in ("nl", "en") else "nl"
    # a survey archive holds the participants list only when the survey has participants
    participants = ""
    if export_path.suffix.lower() == ".lsa" and not read_participants(export_path).empty:
        participants = f"participants = {_toml_string(_relative(export_path, round_dir))}\n"
    text = f"""# Written by 'samenspel init' from {export_path.name} and {structure_path.name}.
# CHECK the proposed question roles below before the first run; paths are relative to this file.

[round]
id = {_toml_string(round_id)}
title = {_toml_string(title)}
language = {_toml_string(language)}

[exports]
responses = {_toml_string(_relative(export_path, round_dir))}
structure = {_toml_string(_relative(structure_path, round_dir))}
{participants}
[questions]
# proposed from the question codes, types and texts: check them
initiative = {_toml_string(roles.initiative or "")}   # which initiative the respondent answers for
obstacles = {_toml_string(roles.obstacles or "")}   # free text: the obstacles the initiative meets
helped = {_toml_string(roles.helped or "")}   # free text: what helped
aspects = {_toml_string(roles.aspects or "")}   # array question: the aspects of collaboration
personal = {_toml_list(roles.personal)}   # personal data: never reported

[privacy]
# only these questions reach participant reports and public data files
reportable = {_toml_list(roles.reportable)}
"""
    round_dir.mkdir(parents=True, exist_ok=True)
    temporary = round_dir / f".{ROUND_FILE}.tmp"
    temporary.write_text(text, encoding="utf-8")
    try:
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    try:
        load_round_config(round_dir)
    except ConfigError:
        target.unlink(missing_ok=True)
        raise
    print(say("init.wrote", target=target, initiative=roles.initiative, obstacles=roles.obstacles, helped=roles.helped,
              aspects=roles.aspects, personal=", ".join(roles.personal) or say("init.none")))
    print(say("init.next", folder=round_dir))
    return 0
