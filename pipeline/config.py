"""Read and validate a round folder's ``round.toml`` before any work starts."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.files import file_sha256
from pipeline.i18n import Language
from pipeline.tomlfile import read_toml, reject_unknown_keys

ROUND_FILE = "round.toml"
# a community's own codebook beside its round folders, used when round.toml names none
COMMUNITY_CODEBOOK = "codebook.toml"
LANGUAGES: tuple[str, ...] = tuple(Language)
# an initiative's own figures never come from fewer answers than this, whatever round.toml says
MIN_INITIATIVE_FLOOR = 2


@dataclass(frozen=True)
class QuestionRoles:
    """Which LimeSurvey question codes play which part in the analysis."""

    initiative: str = "initiatief"
    obstacles: str = "belemmeringen"
    helped: str = "geholpen"
    aspects: str = "samenwerking"
    # the respondent's role in the initiative: the community page breaks the aspects down by
    # it (groups smaller than min_group_size held back), or leaves that out when the survey
    # has no such question
    respondent_role: str = "rol"
    personal: tuple[str, ...] = ()
    # the group an initiative belongs to (a region, a sub-community): a question of the survey
    # or a column of the participants list (e.g. "attribute_1"). With it the run also builds a
    # page per group, compared with the whole network; None: the round has no groups
    group: str | None = None


@dataclass(frozen=True)
class AspectSettings:
    """How the aspects (the statements of the aspects question) are named on the pages."""

    # (statement code, language or "" for every language, label); by default a page shows
    # the statement's own text from the survey structure
    labels: tuple[tuple[str, str, str], ...] = ()

    def label(self, code: str, language: str) -> str | None:
        """Return the label round.toml gives statement ``code`` in ``language``, or None."""
        found = {lang: text for sq, lang, text in self.labels if sq == code}
        return found.get(language, found.get(""))


@dataclass(frozen=True)
class PrivacySettings:
    """What may reach participants, and the small-group rules."""

    # question codes (and system fields) that may reach participant reports and public data
    reportable: tuple[str, ...] = ()
    # any breakdown by a respondent attribute needs at least this many answers per cell
    min_group_size: int = 5
    # an initiative's own figures (means, distributions) need at least this many answers
    min_initiative_answers: int = 3
    # quotes may name the initiative they come from (never a person or a role)
    attribute_quotes_to_initiative: bool = True
    # a plain-text file, one name per line, redacted from quotes (resolved next to round.toml)
    names_file: Path | None = None
    # first names in free text found from a list of Dutch first names, also without names_file
    first_name_list: bool = True
    # LimeSurvey's date fields (submitdate, startdate, datestamp) are left out unless asked for
    include_dates: bool = False

    @property
    def initiative_threshold(self) -> int:
        """Return the answers an initiative's own figures need: the setting, never below the floor."""
        return max(self.min_initiative_answers, MIN_INITIATIVE_FLOOR)


@dataclass(frozen=True)
class ObstacleSettings:
    """How obstacle texts are grouped into themes."""

    codebook: Path | None = None
    random_state: int = 0


# above this many initiatives the community page shows summaries instead of a row per initiative
SUMMARY_ABOVE = 40


@dataclass(frozen=True)
class ReportSettings:
    """What the participant pages show of a large round."""

    # per initiative and theme, the pages name at most this many peers ("and N others")
    peers: int = 5
    # above this many initiatives a community page summarises instead of listing each one
    summary_above: int = SUMMARY_ABOVE


@dataclass(frozen=True)
class MeetingSettings:
    """How the next meeting's table groups are formed."""

    # the smallest and the largest table, in initiatives
    table_size: tuple[int, int] = (3, 6)


@dataclass(frozen=True)
class LimeSurveySettings:
    """Where ``samenspel fetch`` finds the survey. The password comes from the environment."""

    url: str
    survey_id: int
    username: str


@dataclass(frozen=True)
class ExportSettings:
    """Which export files make up the round."""

    # None: the newest complete set that ``samenspel fetch`` wrote under exports/
    responses: Path | None = None
    structure: Path | None = None
    # LimeSurvey's participants list (list_participants JSON or the .lst of an archive)
    participants: Path | None = None
    max_megabytes: int = 200


@dataclass(frozen=True)
class RoundConfig:
    """One round as its ``round.toml`` describes it; every path is absolute."""

    round_dir: Path
    id: str
    title: str
    community: str = "community"
    language: Language = Language.NL
    previous: Path | None = None
    exports: ExportSettings = field(default_factory=ExportSettings)
    questions: QuestionRoles = field(default_factory=QuestionRoles)
    aspects: AspectSettings = field(default_factory=AspectSettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    obstacles: ObstacleSettings = field(default_factory=ObstacleSettings)
    meeting: MeetingSettings = field(default_factory=MeetingSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    limesurvey: LimeSurveySettings | None = None

    @property
    def config_file(self) -> Path:
        return self.round_dir / ROUND_FILE


_TABLES = {
    "exports": ExportSettings,
    "questions": QuestionRoles,
    "aspects": AspectSettings,
    "privacy": PrivacySettings,
    "obstacles": ObstacleSettings,
    "meeting": MeetingSettings,
    "report": ReportSettings,
    "limesurvey": LimeSurveySettings,
}
# settings that must be at least 1
_POSITIVE_KEYS = {"peers", "summary_above"}
_ROUND_KEYS = ("id", "title", "community", "language", "previous")
# names Windows reserves for devices, with or without an extension ("con", "aux.txt", "com1")
WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
                              *(f"LPT{n}" for n in range(1, 10))})
_PATH_KEYS = {"responses", "structure", "participants", "codebook", "names_file", "previous"}


def _where(path: Path, table: str | None, key: str | None = None) -> str:
    if table and key:
        return f"{path}, [{table}] {key}"
    if table:
        return f"{path}, [{table}]"
    return str(path)


def _check_keys(data: dict[str, Any], known: tuple[str, ...], path: Path, table: str | None) -> None:
    reject_unknown_keys(data, known, _where(path, table))


def _convert(value: Any, annotation: str, key: str, path: Path, table: str, base: Path) -> Any:
    """Check one value against the dataclass field's annotation (given as a string)."""

    def fail(message_key: str) -> ConfigError:
        return ConfigError(key=message_key, hint_key="config.correct_value", where=_where(path, table, key),
                           value=repr(value))

    if key == "labels":
        return _labels(value, lambda: fail("config.expected_labels"))
    if key in _PATH_KEYS:
        if not isinstance(value, str) or not value.strip():
            raise fail("config.expected_path")
        if any(ord(c) < 32 for c in value):
            # a Windows path between double quotes: "exports\results.csv" holds a carriage return
            raise ConfigError(key="config.path_escapes", hint_key="config.not_toml.backslash",
                              where=_where(path, table, key), value=repr(value))
        # written as on Windows ('exports\antwoorden.csv'): the same folder on every system
        return (base / value.replace("\\", "/")).resolve()
    if annotation == "tuple[int, int]":
        if (not isinstance(value, list) or len(value) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
                or not 1 <= value[0] <= value[1]):
            raise fail("config.expected_table_size")
        return tuple(value)
    if annotation.startswith("tuple"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail("config.expected_list")
        return tuple(value)
    if annotation == "bool":
        if not isinstance(value, bool):
            raise fail("config.expected_bool")
        return value
    if annotation == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail("config.expected_int")
        if value < 0:
            raise fail("config.expected_not_negative")
        if key in _POSITIVE_KEYS and value < 1:
            raise fail("config.expected_positive")
        return value
    if not isinstance(value, str) or not value.strip():
        raise fail("config.expected_text")
    return value


def _labels(value: Any, fail: Any) -> tuple[tuple[str, str, str], ...]:
    """Check ``{code = "label"}`` or ``{code = {nl = "...", en = "..."}}`` and flatten it."""
    if not isinstance(value, dict):
        raise fail()
    out: list[tuple[str, str, str]] = []
    for code, label in value.items():
        if isinstance(label, str) and label.strip():
            out.append((code, "", label.strip()))
        elif isinstance(label, dict) and label and all(
            lang in LANGUAGES and isinstance(text, str) and text.strip() for lang, text in label.items()
        ):
            out.extend((code, lang, text.strip()) for lang, text in label.items())
        else:
            raise fail()
    return tuple(out)


def _build(cls: type, data: dict[str, Any], path: Path, table: str, base: Path) -> Any:
    known = tuple(f.name for f in fields(cls))
    _check_keys(data, known, path, table)
    types = {f.name: str(f.type) for f in fields(cls)}
    values = {k: _convert(v, types[k], k, path, table, base) for k, v in data.items()}
    required = [
        f.name for f in fields(cls)
        if f.default is MISSING and f.default_factory is MISSING and f.name not in values
    ]
    if required:
        raise ConfigError(key="config.missing_keys", where=_where(path, table), keys=", ".join(required),
                          table=table)
    return cls(**values)


def round_config_path(round_dir: Path) -> Path:
    """Return the ``round.toml`` of a round folder, or raise a ConfigError saying what is missing."""
    round_dir = Path(round_dir)
    if not round_dir.exists():
        raise ConfigError(key="config.no_folder", folder=round_dir)
    if round_dir.is_file() and round_dir.name == ROUND_FILE:
        round_dir = round_dir.parent
    if not round_dir.is_dir():
        raise ConfigError(key="config.is_file", folder=round_dir)
    path = round_dir / ROUND_FILE
    if not path.is_file():
        # Notepad's "round.toml.txt" (Windows hides the extension), or another spelling of the name
        near = sorted(p.name for p in round_dir.iterdir()
                      if p.is_file() and p.name.lower().startswith(ROUND_FILE.lower()) and p.name != ROUND_FILE)
        if near:
            raise ConfigError(key="config.no_round_file", hint_key="config.no_round_file.near", folder=round_dir,
                              file=ROUND_FILE, near=near[0])
        # the round's exports/ folder given for the round: name the folder that has the file
        above = round_dir.resolve().parent
        beside = (above / ROUND_FILE).is_file()
        raise ConfigError(key="config.no_round_file", hint_key="config.no_round_file.above" if beside else None,
                          folder=round_dir, file=ROUND_FILE, above=above)
    return path


def load_round_config(round_dir: Path) -> RoundConfig:
    """Return the validated configuration of the round in ``round_dir``."""
    path = round_config_path(Path(round_dir))
    base = path.parent.resolve()
    data = read_toml(path)

    _check_keys(data, ("round", *_TABLES), path, None)
    if not isinstance(data.get("round"), dict):
        raise ConfigError(key="config.no_round_table", path=path)
    head = data["round"]
    _check_keys(head, _ROUND_KEYS, path, "round")
    for key in ("id", "title"):
        if not isinstance(head.get(key), str) or not head[key].strip():
            raise ConfigError(key="config.round_key_missing", where=_where(path, "round", key), name=key)
    round_id = head["id"]
    # the id names the reports' folder: it must be a folder name on Windows, macOS and Linux
    if (any(c in round_id for c in '/\\:<>"|?*') or round_id.startswith(".") or round_id.endswith((".", " "))
            or round_id.split(".")[0].strip().upper() in WINDOWS_RESERVED):
        raise ConfigError(key="config.bad_round_id", where=_where(path, "round", "id"), value=repr(round_id))
    language = head.get("language", "nl")
    if language not in LANGUAGES:
        raise ConfigError(key="config.bad_language", where=_where(path, "round", "language"), value=repr(language),
                          known=", ".join(LANGUAGES))
    kwargs: dict[str, Any] = {
        "round_dir": base,
        "id": round_id,
        "title": head["title"],
        "language": Language(language),
    }
    if "community" in head:
        kwargs["community"] = _convert(head["community"], "str", "community", path, "round", base)
    if "previous" in head:
        kwargs["previous"] = _convert(head["previous"], "Path", "previous", path, "round", base)
    for table, cls in _TABLES.items():
        if table in data:
            if not isinstance(data[table], dict):
                raise ConfigError(key="config.not_a_table", path=path, table=table)
            kwargs[table] = _build(cls, data[table], path, table, base)
    kwargs["obstacles"] = _resolve_codebook(kwargs.get("obstacles", ObstacleSettings()), base)
    return RoundConfig(**kwargs)


def _resolve_codebook(settings: ObstacleSettings, base: Path) -> ObstacleSettings:
    """Return the settings with the community's ``codebook.toml`` beside the round folders
    filled in when round.toml names no codebook."""
    beside = base.parent / COMMUNITY_CODEBOOK
    if settings.codebook is None and beside.is_file():
        return replace(settings, codebook=beside)
    return settings


def check_codebook(config: RoundConfig) -> None:
    """Raise a ConfigError when the codebook round.toml names does not exist, saying where it may be."""
    codebook = config.obstacles.codebook
    if codebook is None or codebook.is_file():
        return
    beside = config.round_dir.parent / COMMUNITY_CODEBOOK
    raise ConfigError(
        key="config.no_codebook",
        hint_key="config.no_codebook.beside" if beside.is_file() else "config.no_codebook.hint",
        where=_where(config.config_file, "obstacles", "codebook"), path=codebook, name=COMMUNITY_CODEBOOK,
    )


def round_history(config: RoundConfig) -> tuple[RoundConfig, ...]:
    """Return ``config`` and the configs of the rounds before it (``[round] previous``), newest first.

    The one walk of the ``previous`` chain: every round.toml is read once, and a chain that
    loops back stops at the first round seen again.
    """
    history = [config]
    seen = {config.round_dir.resolve()}
    previous = config.previous
    if previous is not None and previous.resolve() == config.round_dir.resolve():
        raise ConfigError(key="config.previous_is_itself", where=_where(config.config_file, "round", "previous"),
                          value=repr(previous.name))
    while previous is not None and previous.resolve() not in seen:
        seen.add(previous.resolve())
        later = history[-1]
        if not (previous / ROUND_FILE).is_file():
            # a typo in the folder's name: name the round folders that are there
            rounds = sorted(p.parent.name for p in previous.parent.glob(f"*/{ROUND_FILE}") if p.parent != later.round_dir)
            raise ConfigError(key="config.no_previous", hint_key="config.no_previous.rounds" if rounds else None,
                              where=_where(later.config_file, "round", "previous"), folder=previous,
                              file=ROUND_FILE, rounds=", ".join(repr(f"../{r}") for r in rounds))
        earlier = load_round_config(previous)
        if earlier.community != later.community:
            raise ConfigError(key="config.previous_other_community",
                              where=_where(later.config_file, "round", "previous"), previous=earlier.config_file,
                              theirs=repr(earlier.community), ours=repr(later.community))
        _check_not_the_same_export(later, earlier)
        history.append(earlier)
        previous = earlier.previous
    return tuple(history)


def _check_not_the_same_export(later: RoundConfig, earlier: RoundConfig) -> None:
    """Raise a ConfigError when a round's responses file is, byte for byte, the one of the round before it
    (a round folder copied from the last one, its export never replaced)."""
    ours, theirs = later.exports.responses, earlier.exports.responses
    if ours is None or theirs is None or not ours.is_file() or not theirs.is_file():
        return
    # the bytes are compared only when the sizes already agree
    same = ours.resolve() == theirs.resolve() or (
        ours.stat().st_size == theirs.stat().st_size and file_sha256(ours) == file_sha256(theirs))
    if same:
        raise ConfigError(key="config.same_export_as_previous", path=ours, previous=theirs,
                          round=earlier.round_dir.name)
