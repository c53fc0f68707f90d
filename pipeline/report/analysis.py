"""The analysis of one round: everything the report notebooks show, as tidy data files.

``analyse_round`` runs once per round (in the analysis notebook); the report notebooks
only read what it wrote (``load_bundle``), so a hundred initiative pages do not redo it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import compare, privacy
from pipeline.config import RoundConfig, load_round_config
from pipeline.dictionary import data_dictionary, dictionary_markdown
from pipeline.errors import ConfigError
from pipeline.ingest import diff_questions, load_round
from pipeline.model import Round
from pipeline.obstacles import load_codebook
from pipeline.obstacles.review import round_themes
from pipeline.privacy.suppress import MIN_INITIATIVE_FLOOR

THEME_COLUMNS = ["initiative", "initiative_name", "obstacle_text", "helped_text"]
# files that are public data (CSV + Parquet), by name
RESEARCH_TABLES = ("responses", "previous_responses", "ledger")
TABLES = (
    "initiatives",
    "participation",
    "aspects",
    "community_aspects",
    "obstacles",
    "themes",
    "theme_initiative",
    "quotes",
    "learn_from",
    "question_diff",
    "questions",
    "answers",
    "data_dictionary",
)


@dataclass(frozen=True)
class Analysis:
    """What the report notebooks read: the round's tidy tables and its facts."""

    meta: dict
    # participant-safe tables: aggregates with the small-group rules applied (data/)
    tables: dict[str, pd.DataFrame]
    # row-level, pseudonymised, allow-listed responses (``research_dir``), never shared
    research: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        for tables in (self.tables, self.research):
            if name in tables:
                return tables[name]
        raise AttributeError(name)


def _initiative_names(current: Round, previous: Round | None, lang: str) -> pd.DataFrame:
    """Return code, name (report language where the survey has it) and answers per initiative."""
    responses = current.responses
    counts = responses.groupby("initiative", observed=True).size()
    structure = current.structure
    answers = structure.answers
    code = current.config.questions.initiative
    options = answers[answers["question"] == code]
    label_column = f"label_{lang}" if f"label_{lang}" in options else f"label_{structure.base_language}"
    labels = dict(zip(options["code"], options[label_column], strict=True))
    rows = []
    for initiative, n in counts.items():
        if initiative == "-oth-" or initiative not in labels:
            # an "other" answer: the text the respondents typed, as ingest gave it
            names = responses.loc[responses["initiative"] == initiative, "initiative_name"].dropna()
            name = str(names.iloc[0]) if len(names) else str(initiative)
        else:
            name = str(labels[initiative])
        previous_n = 0
        if previous is not None:
            previous_n = int((previous.responses["initiative"] == initiative).sum())
        rows.append({"initiative": str(initiative), "name": name, "answers": int(n), "previous_answers": previous_n})
    frame = pd.DataFrame(rows, columns=["initiative", "name", "answers", "previous_answers"])
    return frame.sort_values("name", kind="stable").reset_index(drop=True)


def _questions_tables(current: Round) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the questions (reportable ones only) and their answer options, for labels."""
    config = current.config
    structure = current.structure
    reportable = set(config.privacy.reportable)
    questions = structure.questions[structure.questions["code"].isin(reportable)].copy()
    answers = structure.answers[structure.answers["question"].isin(reportable)].copy()
    subs = structure.subquestions[structure.subquestions["question"].isin(reportable)].copy()
    subs = subs.rename(columns=lambda c: c.replace("text_", "label_"))
    subs["kind"] = "subquestion"
    answers["kind"] = "answer"
    options = pd.concat([answers, subs], ignore_index=True, sort=False)
    keep = [c for c in options.columns if c in ("question", "code", "order", "scale", "kind") or c.startswith("label_")]
    return questions.reset_index(drop=True), options[keep].reset_index(drop=True)


def _figure_status(public: pd.DataFrame, config: RoundConfig) -> dict[tuple[str, str], str]:
    """Return (aspect, initiative) -> published / primary / complementary, by the privacy rules."""
    if public.empty:
        return {}
    table = privacy.initiative_aspects(public, settings=config.privacy)
    return {(row.aspect, str(row.initiative)): str(row.status) for row in table.itertuples(index=False)}


def _initiative_status(code: str, status: dict[tuple[str, str], str]) -> str:
    """Return an initiative's status over all aspects: held back on one, held back on all."""
    found = [value for (aspect, initiative), value in status.items() if initiative == code]
    for kind in ("primary", "complementary"):
        if kind in found:
            return kind
    return "published" if found else "primary"


def _held_back_aspects(aspects: pd.DataFrame, now: dict, before: dict) -> pd.DataFrame:
    """Return the aspects table with every held-back figure (this round's or last) removed."""
    out = aspects.copy()
    keys = list(zip(out["aspect"], out["initiative"].astype(str), strict=True))
    out["status"] = pd.array([now.get(k, "primary") for k in keys], dtype="string")
    held_now = (out["status"] != "published").to_numpy()
    held_before = pd.Series([before.get(k, "primary") != "published" for k in keys], index=out.index).to_numpy()
    for column in ("n", "mean", "difference", "change"):
        out[column] = out[column].astype("Float64" if column != "n" else "Int64")
        out.loc[held_now, column] = pd.NA
    for column in ("previous_n", "previous_mean", "change"):
        out.loc[held_before, column] = pd.NA
    return out


def public_ledger(round: Round, *, secret: bytes) -> pd.DataFrame:
    """Return the ledger with pseudonyms instead of response ids.

    Included rows carry the same pseudonym as in the public responses, so every figure can
    be traced to its rows; the raw row number points into the export for the facilitator.
    """
    ledger = round.ledger.copy()
    included = privacy.response_pseudonyms(round, secret=secret)
    survey = round.structure.survey_id if round.structure.survey_id is not None else round.id
    by_id = privacy.pseudonymise(
        ledger["response_id"].astype("string"), secret=secret, namespace=f"response:{survey}"
    )
    ledger["response"] = ledger["response_id"].map(included).fillna(by_id).astype("string")
    # no initiative or other answer here: joined to the row-level data it would undo the
    # small-group rules; the raw row number leads the facilitator to the export itself
    return ledger[["row", "response", "status", "reason"]]


# rounds the report runner already read (and checked) before building the pages, by folder:
# the analysis in a fork of the runner uses them instead of reading the exports again, and
# so also the export set the facilitator pinned with --export-set
_PRELOADED_ROUNDS: dict[Path, Round] = {}


def preload_round(round: Round) -> None:
    """Let later analyses of this round's folder (in this process or its forks) use ``round``."""
    _PRELOADED_ROUNDS[round.config.round_dir.resolve()] = round


def _round(config: RoundConfig) -> Round:
    return _PRELOADED_ROUNDS.get(config.round_dir.resolve()) or load_round(config)


def analyse(config: RoundConfig, *, lang: str = "nl") -> Analysis:
    """Return the whole analysis of a round (nothing written)."""
    current = _round(config)
    config = current.config
    previous = _round(load_round_config(config.previous)) if config.previous else None
    secret = privacy.community_secret(config.community)

    public = privacy.public_responses(current, secret=secret)
    previous_public = (
        privacy.public_responses(previous, secret=secret) if previous is not None else public.iloc[0:0]
    )
    codebook = load_codebook(config.obstacles.codebook)
    # the facilitator's corrections (review/thema-controle.xlsx) override the model
    themes = round_themes(public[THEME_COLUMNS], config, codebook)
    previous_themes = None
    if previous is not None and len(previous_public):
        previous_themes = round_themes(previous_public[THEME_COLUMNS], previous.config, codebook)

    initiatives = _initiative_names(current, previous, lang)
    raw_initiatives = pd.concat(
        [current.responses["initiative"], current.excluded.get("initiative", pd.Series(dtype="string"))]
    )
    participation = compare.participation(current.ledger, raw_initiatives)
    participation = participation.merge(
        initiatives[["initiative", "name"]], on="initiative", how="left"
    )

    aspects = compare.compare_initiatives(public).merge(
        compare.compare_rounds(public, previous_public if previous is not None else None)[
            ["initiative", "aspect", "previous_n", "previous_mean", "change"]
        ],
        on=["initiative", "aspect"],
        how="left",
    )
    now_status = _figure_status(public, config)
    before_status = _figure_status(previous_public, config) if previous is not None else {}
    aspects = _held_back_aspects(aspects, now_status, before_status)
    initiatives["figures"] = initiatives["initiative"].map(
        lambda code: _initiative_status(code, now_status)
    ).astype("string")
    initiatives["previous_figures"] = initiatives["initiative"].map(
        lambda code: _initiative_status(code, before_status)
    ).astype("string")
    community_aspects = compare.community_trend(public, previous_public if previous is not None else None)

    theme_table = themes.themes.copy()
    if previous_themes is not None:
        before = previous_themes.themes.set_index("theme")["initiatives"]
        theme_table["previous_initiatives"] = theme_table["theme"].map(before).astype("Int64")
    else:
        theme_table["previous_initiatives"] = pd.array([pd.NA] * len(theme_table), dtype="Int64")

    if previous is not None:
        question_diff = diff_questions(previous.structure, current.structure, language=lang)
    else:
        question_diff = pd.DataFrame(columns=["change", "question", "subquestion", "answer", "old", "new"])

    questions, options = _questions_tables(current)
    # the participants LimeSurvey invited, from the round's participants list when it has one
    invited = int(len(current.participants)) if len(current.participants) else None

    tables = {
        "initiatives": initiatives,
        "participation": participation,
        "aspects": aspects,
        "community_aspects": community_aspects,
        # no pseudonym: a text must not be joinable to a respondent's other answers
        # texts come from the public responses, already redacted (names list and participants)
        "obstacles": themes.assignments.astype({"text": "string"})
        .drop(columns=["response"], errors="ignore")
        .sort_values(["initiative", "theme", "text"], kind="stable")
        .reset_index(drop=True),
        "themes": theme_table,
        "theme_initiative": themes.matrix.reset_index(),
        "quotes": themes.quotes.astype({"text": "string"}),
        "learn_from": themes.learn_from.astype({"helped_text": "string"}),
        "question_diff": question_diff,
        "questions": questions,
        "answers": options,
        "data_dictionary": data_dictionary(current),
    }
    # row-level data: for researchers, and for the pages to aggregate; never in data/
    research = {
        "responses": public,
        "previous_responses": previous_public,
        "ledger": public_ledger(current, secret=secret),
    }
    meta = {
        "round": config.id,
        # the survey's own title in the report language, when the report is not in the round's
        "title": config.title if lang == config.language else current.structure.titles.get(lang) or config.title,
        "community": config.community,
        "previous_round": load_round_config(config.previous).id if config.previous else None,
        "lang": lang,
        "languages": list(current.structure.languages),
        "base_language": current.structure.base_language,
        "min_group_size": config.privacy.min_group_size,
        # the threshold privacy applies (never below its floor)
        "min_initiative_answers": max(config.privacy.min_initiative_answers, MIN_INITIATIVE_FLOOR),
        "attribute_quotes": config.privacy.attribute_quotes_to_initiative,
        "non_answers": int(themes.non_answers),
        "invited": invited,
        "raw_rows": int(len(current.ledger)),
        "included": int((current.ledger["status"] == "included").sum()),
        "aspects_question": config.questions.aspects,
        "random_state": config.obstacles.random_state,
        "corrected_themes": int(themes.corrected),
    }
    return Analysis(meta=meta, tables=tables, research=research)


RESEARCH_SUFFIX = "-research"


def research_dir(data_dir: Path) -> Path:
    """Return the folder of the row-level research data that belongs to a round's ``data/``.

    It sits beside the round's reports folder, not in it (``reports/ronde-2-research/data``
    for ``reports/ronde-2/data``), so the folder a facilitator shares holds no row-level data.
    """
    reports = Path(data_dir).parent
    return reports.with_name(reports.name + RESEARCH_SUFFIX) / "data"


def write_analysis(analysis: Analysis, data_dir: Path) -> list[Path]:
    """Write every table as CSV (formula-safe) and Parquet, plus ``round.json``; return the paths."""
    data_dir.mkdir(parents=True, exist_ok=True)
    research_dir(data_dir).mkdir(parents=True, exist_ok=True)
    written = []
    places = [(data_dir, name, table) for name, table in analysis.tables.items()]
    places += [(research_dir(data_dir), name, table) for name, table in analysis.research.items()]
    for folder, name, table in places:
        frame = table.reset_index() if table.index.name else table.reset_index(drop=True)
        csv_path = folder / f"{name}.csv"
        privacy.write_public_csv(frame, csv_path)
        parquet_path = folder / f"{name}.parquet"
        frame.to_parquet(parquet_path, index=False)
        written += [csv_path, parquet_path]
    if "data_dictionary" in analysis.tables:
        markdown = dictionary_markdown(analysis.tables["data_dictionary"], title=analysis.meta["title"])
        (data_dir / "data_dictionary.md").write_text(markdown, encoding="utf-8")
        written.append(data_dir / "data_dictionary.md")
    meta_path = data_dir / "round.json"
    meta_path.write_text(json.dumps(analysis.meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    written.append(meta_path)
    return written


def analyse_round(round_dir: str | Path, data_dir: str | Path, *, lang: str = "nl") -> Analysis:
    """Analyse the round in ``round_dir``, write its tidy data to ``data_dir``, return it."""
    analysis = analyse(load_round_config(Path(round_dir)), lang=lang)
    write_analysis(analysis, Path(data_dir))
    return analysis


# analyses the report runner read once before forking the page builders; each fork
# starts with this same read-only copy instead of reading every file again
_PRELOADED: dict[Path, Analysis] = {}


def preload_analysis(data_dir: str | Path) -> Analysis:
    """Read the analysis in ``data_dir`` once, for every page built after this in a fork."""
    analysis = load_analysis(data_dir)
    _PRELOADED[Path(data_dir).resolve()] = analysis
    return analysis


def load_analysis(data_dir: str | Path) -> Analysis:
    """Return the analysis that ``analyse_round`` wrote to ``data_dir``."""
    data_dir = Path(data_dir)
    if data_dir.resolve() in _PRELOADED:
        return _PRELOADED[data_dir.resolve()]
    if not (data_dir / "round.json").is_file():
        raise ConfigError(
            f"{data_dir} holds no analysis of a round (round.json is missing).",
            hint="Point at the data/ folder of a round's reports, e.g. reports/ronde-2/data, "
            "after 'samenspel run' (or 'make demo') has built them.",
        )
    meta = json.loads((data_dir / "round.json").read_text(encoding="utf-8"))
    tables = {}
    for name in TABLES:
        path = data_dir / f"{name}.parquet"
        if path.exists():
            tables[name] = pd.read_parquet(path)
    research = {}
    for name in RESEARCH_TABLES:
        path = research_dir(data_dir) / f"{name}.parquet"
        if path.exists():
            frame = pd.read_parquet(path)
            research[name] = frame.set_index("response") if "response" in frame else frame
    return Analysis(meta=meta, tables=tables, research=research)
