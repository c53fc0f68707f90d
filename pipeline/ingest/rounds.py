"""``load_round``: a round folder's exports, read, checked, ledgered and given semantic columns."""

from __future__ import annotations

import importlib
from pathlib import Path

import pandas as pd

from pipeline.config import RoundConfig, load_round_config
from pipeline.errors import ConfigError, InputError
from pipeline.ingest.ledger import build_ledger
from pipeline.ingest.participants import read_participants
from pipeline.ingest.responses import Export, read_export
from pipeline.ingest.roles import ROLE_TYPES, fits_role, fitting_questions
from pipeline.ingest.structure import read_structure
from pipeline.limesurvey import OTHER_CODE, other_initiative_code
from pipeline.model import Round, Structure


def _export_paths(config: RoundConfig) -> tuple[Path, Path, Path | None]:
    exports = config.exports
    if exports.responses is not None:
        if exports.structure is None:
            raise ConfigError(key="ingest.no_structure_set", file=config.config_file)
        return exports.responses, exports.structure, exports.participants
    try:
        exportsets = importlib.import_module("pipeline.exportsets")
    except ModuleNotFoundError:
        exportsets = None
    found = exportsets.latest_export_set(config.round_dir) if exportsets is not None else None
    if found is None:
        from pipeline.ingest.responses import listed_files

        folder = config.round_dir / "exports"
        present = listed_files(folder)
        raise ConfigError(key="ingest.no_exports", hint_key="ingest.no_exports.present" if present else None,
                          file=config.config_file, folder=folder, present=present)
    structure = exports.structure or found.structure
    participants = exports.participants or getattr(found, "participants", None)
    return found.responses, structure, participants


def _role_question(config: RoundConfig, structure: Structure, role: str, code: str) -> None:
    """Raise a ConfigError when the survey has no question ``code``, or one of a type the role cannot use."""
    codes = structure.questions["code"].tolist()
    if code not in codes:
        raise ConfigError(key="ingest.no_role_question", file=config.config_file, role=role, code=code,
                          survey=structure.survey_id, codes=", ".join(codes))
    if role not in ROLE_TYPES or fits_role(structure, role, code):
        return
    qtype = str(structure.questions.loc[structure.questions["code"] == code, "type"].iloc[0])
    fitting = [c for c in fitting_questions(structure, role) if c not in config.questions.personal]
    raise ConfigError(
        key=f"ingest.role_type.{role}", hint_key="ingest.role_type.hint" if fitting else "ingest.role_type.none",
        file=config.config_file, role=role, code=code, qtype=qtype,
        survey=structure.survey_id, fitting=", ".join(fitting),
    )


def check_roles(config: RoundConfig, structure: Structure) -> None:
    """Raise a ConfigError for the first role in [questions] that the survey cannot play."""
    roles = config.questions
    named = [(role, getattr(roles, role, None)) for role in ROLE_TYPES]
    questions = set(structure.questions["code"])
    for role, code in named:
        # a group may also be a column of the participants list: group_column checks it there
        if code and (role != "group" or code in questions):
            _role_question(config, structure, role, code)
    for code in roles.personal:
        _role_question(config, structure, "personal", code)


def _role_column(export: Export, name: str, config: RoundConfig, role: str) -> pd.Series:
    if name not in export.frame.columns:
        raise InputError(key="ingest.no_role_column", path=export.path, role=role, name=name)
    return export.frame[name]


def add_role_columns(frame: pd.DataFrame, export: Export, structure: Structure, config: RoundConfig) -> pd.DataFrame:
    """Return ``frame`` with initiative, initiative_name, obstacle_text, helped_text, aspect_<sq>."""
    roles = config.questions
    out = frame.copy()
    initiative = _role_column(export, roles.initiative, config, "initiative")
    out["initiative"] = initiative.astype("string")
    answers = structure.answers
    labels = answers[(answers["question"] == roles.initiative) & (answers["scale"] == 0)]
    label_column = f"label_{structure.base_language}"
    name_of = dict(zip(labels["code"], labels[label_column], strict=True)) if label_column in labels else {}
    names = out["initiative"].map(name_of).astype("string")
    other_column = f"{roles.initiative}_other"
    if other_column in out:
        other = out[other_column].astype("string").str.strip()
        is_other = (out["initiative"] == OTHER_CODE).fillna(False) & other.notna() & other.ne("")
        names = names.mask(is_other, other)
        # each initiative typed in as "other" is an initiative of its own, with a code
        # that is stable across rounds as long as its name is written the same way
        out["initiative"] = out["initiative"].mask(is_other, other.map(other_initiative_code))
    if labels.empty:
        # a short free-text question: every initiative is typed in, like an "other" answer
        typed = out["initiative"].str.strip()
        is_typed = typed.notna() & typed.ne("")
        names = typed.where(is_typed).astype("string")
        out["initiative"] = typed.map(other_initiative_code, na_action="ignore").where(is_typed).astype("string")
    out["initiative_name"] = names
    out["obstacle_text"] = _role_column(export, roles.obstacles, config, "obstacles").astype("string")
    out["helped_text"] = _role_column(export, roles.helped, config, "helped").astype("string")
    subs = structure.subquestions
    aspect_codes = subs.loc[(subs["question"] == roles.aspects) & (subs["scale"] == 0), "code"].tolist()
    for sq in aspect_codes:
        column = _role_column(export, f"{roles.aspects}_{sq}", config, "aspects")
        out[f"aspect_{sq}"] = pd.to_numeric(column, errors="coerce").astype("Float64")
    return out


def group_column(frame: pd.DataFrame, structure: Structure, participants: pd.DataFrame,
                 config: RoundConfig) -> pd.Series | None:
    """Return each response's group ([questions] group), as text, or None when the round has none.

    The group is a question of the survey (a list's answers as their label in the survey's
    base language), a column of the responses export, or a column of the participants list
    (found through the response's token).
    """
    code = config.questions.group
    if not code:
        return None
    questions = structure.questions["code"].tolist()
    if code in questions and code in frame.columns:
        values = frame[code].astype("string").str.strip()
        answers = structure.answers
        options = answers[(answers["question"] == code) & (answers["scale"] == 0)]
        label_column = f"label_{structure.base_language}"
        if len(options) and label_column in options:
            labels = dict(zip(options["code"].astype(str), options[label_column].astype(str), strict=True))
            other = frame[f"{code}_other"].astype("string").str.strip() if f"{code}_other" in frame else None
            named = values.map(lambda v: labels.get(v, v), na_action="ignore").astype("string")
            if other is not None:
                named = named.mask((values == OTHER_CODE).fillna(False) & other.notna() & other.ne(""), other)
            values = named
    elif code in frame.columns:
        values = frame[code].astype("string").str.strip()
    elif code in participants.columns and "token" in frame.columns and len(participants):
        by_token = dict(zip(participants["token"].astype(str), participants[code].astype("string"), strict=True))
        values = frame["token"].astype("string").map(lambda t: by_token.get(t), na_action="ignore")
        values = values.astype("string").str.strip()
    else:
        listed = [c for c in participants.columns if str(c).startswith("attribute_")]
        raise ConfigError(key="ingest.no_group", file=config.config_file, code=code, survey=structure.survey_id,
                          codes=", ".join([*questions, *listed]))
    return values.where(values.notna() & values.ne("")).astype("string")


def load_round(round_dir: Path | RoundConfig) -> Round:
    """Return the round in ``round_dir`` (or described by a RoundConfig), read, ledgered and checked."""
    config = round_dir if isinstance(round_dir, RoundConfig) else load_round_config(Path(round_dir))
    responses_path, structure_path, participants_path = _export_paths(config)
    limit = config.exports.max_megabytes
    structure = read_structure(structure_path, max_megabytes=limit)
    check_roles(config, structure)
    export = read_export(responses_path, structure, max_megabytes=limit)
    if export.unmapped:
        shown = ", ".join(repr(h) for h in export.unmapped[:5])
        raise InputError(key="ingest.unmapped", path=responses_path, n=len(export.unmapped),
                         survey=structure.survey_id, columns=shown)
    frame = export.frame
    answer_columns = list(export.answer_fields)
    ledger = build_ledger(frame, answer_columns)
    typed = add_role_columns(frame, export, structure, config)
    included = (ledger["status"] == "included").to_numpy(bool)
    files = [responses_path, structure_path]
    participants = pd.DataFrame()
    if participants_path is not None:
        participants = read_participants(participants_path, max_megabytes=limit)
        files.append(participants_path)
    groups = group_column(frame, structure, participants, config)
    if groups is not None:
        typed["group"] = groups
    return Round(
        config=config,
        structure=structure,
        responses=typed[included].sort_index(kind="stable"),
        columns=export.columns,
        ledger=ledger,
        excluded=typed[~included].sort_index(kind="stable"),
        export_files=tuple(files),
        participants=participants,
        warnings=export.warnings,
    )
