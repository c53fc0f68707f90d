"""The analysis of one round: everything the report notebooks show, as tidy data files.

``analyse_round`` runs once per round (in the analysis notebook); the report notebooks
only read what it wrote (``load_analysis``), so a hundred initiative pages do not redo it.

A page of one initiative reads only its own slice of the tables that grow with the round
(``load_analysis(data_dir, initiative=...)``): its rows of ``PAGE_SLICED`` and the community's
answer counts, not every answer of the network. During a run the runner cuts those slices
once (``write_page_store``: one Arrow record batch per initiative, memory-mapped by the
page, and an Arrow copy of each table a page reads whole), so the cost of a page does not
grow with the number of initiatives; without that store the slice is cut from the Parquet
files, with the same result.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from pipeline import compare, privacy, trends
from pipeline.config import RoundConfig, load_round_config, round_history
from pipeline.dictionary import FILE_COLUMNS, data_dictionary, dictionary_markdown
from pipeline.errors import ConfigError
from pipeline.exportsets import pin_export_set
from pipeline.i18n import Language
from pipeline.ingest import diff_questions, load_round
from pipeline.ingest.roles import aspect_labels, aspect_scale
from pipeline.limesurvey import DISTRIBUTION_TYPES, is_other_initiative
from pipeline.model import Round
from pipeline.peers import RankedPeers
from pipeline.privacy import FigureState

if TYPE_CHECKING:
    from pipeline.obstacles.codebook import Codebook

THEME_COLUMNS = ["initiative", "initiative_name", "obstacle_text", "helped_text"]
# files that are public data (CSV + Parquet), by name
RESEARCH_TABLES = ("responses", "previous_responses", "ledger", "peer_pairs")
# written as Parquet only: a national round has millions of pairs
PARQUET_ONLY = ("peer_pairs",)
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
    "question_changes",
    "trends",
    "meeting_tables",
    "meeting_agenda",
    "meeting_help",
    "help_edges",
    "peers",
    "groups",
    "group_aspects",
    "group_themes",
    "questions",
    "answers",
    "data_dictionary",
)


@dataclass(frozen=True)
class RoundMeta:
    """The facts of an analysed round that the pages show (``data/round.json``)."""

    round: str
    # the survey's own title in the report language, when the report is not in the round's
    title: str
    community: str
    previous_round: str | None
    lang: str
    languages: tuple[str, ...]
    base_language: str
    min_group_size: int
    # the threshold privacy applies (never below its floor)
    min_initiative_answers: int
    attribute_quotes: bool
    non_answers: int
    # the participants LimeSurvey invited, when the round has a participants list
    invited: int | None
    raw_rows: int
    included: int
    aspects_question: str
    random_state: int
    initiative_question: str
    # statement code -> its label on the pages (round.toml's [aspects] labels, else the statement)
    aspect_labels: dict[str, str]
    # the scale's ends as the survey words them: low, high, low_label, high_label
    scale: dict[str, Any]
    # which names quotes were redacted of: participants, names_file, first_name_list
    names_redacted: dict[str, bool]
    # every round of the previous chain, oldest first, this one last
    rounds: tuple[str, ...]
    # the smallest and the largest table at the next meeting ([meeting] table_size)
    table_size: tuple[int, int]
    # answers whose themes a facilitator set in the round's review workbook
    corrected_themes: int = 0
    # per initiative and theme the pages name at most this many peers ([report] peers)
    peers: int = 5
    # above this many initiatives the pages summarise instead of listing each ([report] summary_above)
    summary_above: int = 40
    # the question or participants column that names each initiative's group ([questions] group)
    group_question: str | None = None
    # how many initiatives answered
    initiatives: int = 0

    @property
    def large(self) -> bool:
        """Return whether the round has too many initiatives to list them all on a page."""
        return self.initiatives > self.summary_above

    def __getitem__(self, key: str) -> Any:
        # notebooks written when this was a dict (``meta["title"]``) keep working
        if key not in _META_FIELDS:
            raise KeyError(key)
        return getattr(self, key)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # in a notebook: one fact a line, as readable as the dict it once was
        lines = (f"    {f.name}={getattr(self, f.name)!r}," for f in dataclasses.fields(self))
        printer.text("RoundMeta(\n" + "\n".join(lines) + "\n)")

    def to_json(self) -> str:
        """Return the facts as ``round.json`` holds them."""
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str, *, source: Path) -> RoundMeta:
        """Return the facts ``round.json`` holds; a file of another version is refused."""
        data = json.loads(text)
        if set(data) != _META_FIELDS:
            raise ConfigError(key="report.other_version", hint_key="report.run_again", source=source,
                              fields=", ".join(sorted(_META_FIELDS)))
        for name in ("languages", "rounds", "table_size"):
            data[name] = tuple(data[name])
        return cls(**data)


_META_FIELDS = frozenset(f.name for f in dataclasses.fields(RoundMeta))


class _Table:
    """One table of an :class:`Analysis`: taken from its source on first use, then kept by that analysis.

    A page uses about two thirds of the tables; reading only those keeps a page quick.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, analysis: Analysis, owner: type | None = None) -> pd.DataFrame:
        table = self._read(analysis)
        if table is None:
            raise ConfigError(key="report.no_table", table=self.name)
        return table

    def _read(self, analysis: Analysis) -> pd.DataFrame | None:
        # kept in the instance's own dict (a non-data descriptor): the next look-up finds it there
        table = analysis.__dict__[self.name] = analysis.source(self.name)
        return table


class _Research(_Table):
    """A row-level table: ``None`` when the research folder is not there (a shared copy)."""

    def __get__(self, analysis: Analysis, owner: type | None = None) -> pd.DataFrame | None:
        return self._read(analysis)


class _AnswerCounts(_Table):
    """The community's answer counts: from the source when it has them (a page's slice),
    else counted from the row-level responses (an empty table without them)."""

    def _read(self, analysis: Analysis) -> pd.DataFrame:
        table = analysis.source(self.name)
        if table is None:
            table = answer_counts(analysis.responses, analysis.questions)
        analysis.__dict__[self.name] = table
        return table


TableSource = Callable[[str], "pd.DataFrame | None"]


@dataclass(frozen=True, eq=False)
class Analysis:
    """What the report notebooks read: the round's facts and its tidy tables.

    The participant-safe tables (aggregates with the small-group rules applied) are in
    ``data/``; the row-level, pseudonymised, allow-listed ones (``responses``,
    ``previous_responses``, ``ledger``) beside the reports in ``research_dir``, never
    shared, and ``None`` when that folder is not there. ``source`` returns a table by
    name; each is asked for once, when first used.
    """

    meta: RoundMeta
    source: TableSource = field(repr=False)
    # set for a page of one initiative: the tables of PAGE_SLICED then hold only the rows
    # that page reads (its own and the community's), not the whole round's; in a large round
    # theme_initiative holds only its own column
    initiative: str | None = None

    # not dataclass fields (no annotation): read through ``source`` when first used
    initiatives = _Table()
    participation = _Table()
    aspects = _Table()
    community_aspects = _Table()
    obstacles = _Table()
    themes = _Table()
    theme_initiative = _Table()
    quotes = _Table()
    learn_from = _Table()
    question_diff = _Table()
    question_changes = _Table()
    trends = _Table()
    meeting_tables = _Table()
    meeting_agenda = _Table()
    meeting_help = _Table()
    help_edges = _Table()
    peers = _Table()
    groups = _Table()
    group_aspects = _Table()
    group_themes = _Table()
    questions = _Table()
    answers = _Table()
    data_dictionary = _Table()
    responses = _Research()
    previous_responses = _Research()
    ledger = _Research()
    peer_pairs = _Research()
    # per closed question: how often the community gave each answer (not a data file)
    answer_counts = _AnswerCounts()

    def row_level(self, name: str) -> pd.DataFrame:
        """Return the row-level table ``name`` (one of ``RESEARCH_TABLES``); a plain error when
        the research folder is not there (a shared copy of ``data/``)."""
        table = getattr(self, name)
        if table is None:
            raise ConfigError(key="report.no_table", table=name)
        return table

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the participant-safe tables by name (what ``data/`` holds)."""
        return {name: getattr(self, name) for name in TABLES}

    @property
    def research(self) -> dict[str, pd.DataFrame]:
        """Return the row-level tables that are there, by name (what ``research_dir`` holds); in an
        analysis just made, ``peer_pairs`` is a :class:`~pipeline.peers.RankedPeers` (its ``frame()``
        gives the table)."""
        return {name: getattr(self, name) for name in RESEARCH_TABLES if getattr(self, name) is not None}


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
        if is_other_initiative(initiative) or initiative not in labels:
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


def _aspect_labels(current: Round, lang: str) -> dict[str, str]:
    """Return aspect code -> label in ``lang``: round.toml's [aspects] labels, else the statement's text."""
    config = current.config
    code = config.questions.aspects
    subs = current.structure.subquestions
    statements = subs.loc[(subs["question"] == code) & (subs["scale"] == 0), "code"].astype(str)
    given = {sq: label for sq in statements if (label := config.aspects.label(sq, lang))}
    return aspect_labels(current.structure, code, lang, given)


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


FigureStates = dict[tuple[str, str], FigureState]


def _figure_status(public: pd.DataFrame, config: RoundConfig) -> FigureStates:
    """Return (aspect, initiative) -> published / primary / complementary, by the privacy rules."""
    if public.empty:
        return {}
    table = privacy.initiative_aspects(public, settings=config.privacy)
    return {(row.aspect, str(row.initiative)): FigureState(row.status) for row in table.itertuples(index=False)}


def _initiative_status(code: str, status: FigureStates) -> FigureState:
    """Return an initiative's status over all aspects: held back on one, held back on all."""
    found = [value for (aspect, initiative), value in status.items() if initiative == code]
    for kind in (FigureState.PRIMARY, FigureState.COMPLEMENTARY):
        if kind in found:
            return kind
    return FigureState.PUBLISHED if found else FigureState.PRIMARY


def _held_back_aspects(aspects: pd.DataFrame, now: FigureStates, before: FigureStates) -> pd.DataFrame:
    """Return the aspects table with every held-back figure (this round's or last) removed."""
    out = aspects.copy()
    keys = list(zip(out["aspect"], out["initiative"].astype(str), strict=True))
    out["status"] = pd.array([str(now.get(k, FigureState.PRIMARY)) for k in keys], dtype="string")
    held_now = (out["status"] != FigureState.PUBLISHED).to_numpy()
    held_before = pd.Series(
        [before.get(k, FigureState.PRIMARY) != FigureState.PUBLISHED for k in keys], index=out.index
    ).to_numpy()
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


NUMERIC_TYPES = ("N", "5", "K")


def _trends(
    history: list[Round], public: dict[str, pd.DataFrame], themes: dict[str, pd.DataFrame], *, lang: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the trends over every round (``trends``) and the questionnaire changes over all rounds."""
    ids = [r.id for r in history]
    answered = {r.id: public[r.id]["initiative"].dropna().astype(str).unique().tolist() for r in history}
    participation = trends.participation_trend(public, {r.id: len(r.ledger) for r in history})
    numeric = list(dict.fromkeys(
        code for r in history
        for code in r.structure.questions.loc[r.structure.questions["type"].isin(NUMERIC_TYPES), "code"]
        if code in r.config.privacy.reportable
    ))
    current = history[-1].config.privacy
    questions = trends.question_trend(public, numeric, min_n=current.min_group_size)
    theme_shares = trends.theme_trend(themes, dict(zip(ids, participation["initiatives"], strict=True)))
    own_aspects = {}
    for r in history:
        table = privacy.initiative_aspects(public[r.id], settings=r.config.privacy) if len(public[r.id]) else None
        if table is not None:
            table = table[table["initiative"].astype(str).isin(answered[r.id])]
        own_aspects[r.id] = table
    per_initiative = trends.initiative_trend(own_aspects, themes)
    changes = trends.obstacle_changes(themes, answered)
    table = trends.trends_table(participation, trends.aspect_trend(public), questions, theme_shares, per_initiative, changes)
    diffs = [
        diff_questions(before.structure, after.structure, language=lang).assign(round=after.id)
        for before, after in zip(history, history[1:])
    ]
    question_changes = (
        pd.concat(diffs, ignore_index=True) if diffs
        else pd.DataFrame(columns=["change", "question", "subquestion", "answer", "old", "new", "round"])
    )
    return table, question_changes[["round", *[c for c in question_changes.columns if c != "round"]]]


def _struggles(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return one row per initiative and theme it names as an obstacle."""
    counts = matrix.set_index("theme") if "theme" in matrix.columns else matrix
    if counts.empty:
        return pd.DataFrame(columns=["initiative", "theme"])
    long = counts.rename_axis(index="theme", columns="initiative").stack().rename("answers").reset_index()
    long = long[long["answers"] > 0]
    return long[["initiative", "theme"]].astype("string").reset_index(drop=True)


def _helps(public: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Return one row per initiative and theme its "what helped" answers address, with those sentences."""
    from pipeline.obstacles.learn import helped_themes

    texts = [t if isinstance(t, str) else "" for t in public["helped_text"].astype("object").tolist()]
    rows = []
    for initiative, found in zip(public["initiative"].astype("object").tolist(), helped_themes(texts, codebook), strict=True):
        if isinstance(initiative, str) and initiative:
            rows += [{"initiative": initiative, "theme": theme, "score": float(score), "text": text}
                     for theme, (score, text) in found.items()]
    frame = pd.DataFrame(rows, columns=["initiative", "theme", "score", "text"])
    frame = frame.sort_values(["initiative", "theme", "score"], ascending=[True, True, False], kind="stable")
    # one answer per initiative and theme: the one that addresses it best
    return frame.drop_duplicates(["initiative", "theme"]).reset_index(drop=True).astype({"text": "string"})


def _meeting(
    config: RoundConfig, public: pd.DataFrame, struggles: pd.DataFrame, helps: pd.DataFrame,
    trend_table: pd.DataFrame, groups: dict[str, str],
) -> dict[str, pd.DataFrame]:
    """Return the next meeting's tables: seating, agenda, what helped whom, who can help whom."""
    # scipy only here: a page builder that reads the analysis does not import it
    from pipeline import meeting

    answered = public["initiative"].dropna().astype(str).unique().tolist()
    tables = meeting.seat_tables(answered, struggles, helps, table_size=config.meeting.table_size)
    shares = trend_table[(trend_table["measure"] == "theme_share") & (trend_table["initiative"] == "")]
    order = sorted(shares["round_order"].unique())
    now = shares[shares["round_order"] == order[-1]] if order else shares
    before = shares[shares["round_order"] == order[-2]].set_index("item")["value"] if len(order) > 1 else pd.Series(dtype="float64")
    theme_shares = pd.DataFrame({
        "theme": now["item"].to_numpy(),
        "initiatives": now["n"].to_numpy(),
        "share": now["value"].to_numpy(),
        "previous_share": now["item"].map(before).astype("float64").to_numpy(),
    })
    return {
        "meeting_tables": tables,
        "meeting_agenda": meeting.meeting_agenda(theme_shares, helps),
        "meeting_help": helps,
        "help_edges": meeting.help_edges(struggles, helps, groups or None),
    }


def initiative_groups(public: pd.DataFrame) -> dict[str, str]:
    """Return initiative -> group: the group most of its answers name (ties: the first by name)."""
    if "group" not in public.columns:
        return {}
    named = public[["initiative", "group"]].dropna()
    if named.empty:
        return {}
    counts = named.astype(str).value_counts().rename("n").reset_index()
    first = counts.sort_values(["initiative", "n", "group"], ascending=[True, False, True], kind="stable")
    first = first.drop_duplicates("initiative")
    return dict(zip(first["initiative"], first["group"], strict=True))


GROUP_COLUMNS = ["group", "slug", "initiatives", "answers", "status"]


def _group_slugs(names: list[str]) -> dict[str, str]:
    """Return group -> file name (``slug``), a number added where two groups would share one."""
    from pipeline.limesurvey import slug

    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(names):
        base = slug(name)
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        taken.add(candidate)
        out[name] = candidate
    return out


def _groups(
    config: RoundConfig, public: pd.DataFrame, groups: dict[str, str], matrix: pd.DataFrame, lang: str
) -> dict[str, pd.DataFrame]:
    """Return the groups (regions), their aspects beside the network's and their themes.

    A group is a breakdown like any other: one with fewer than ``min_group_size`` answers
    is held back (primary), and others with it where the total would give it away
    (complementary); a held-back group has no figures and no page of its own.
    """
    empty = {
        "groups": pd.DataFrame({c: pd.Series(dtype="string" if c in ("group", "slug", "status") else "int64")
                                for c in GROUP_COLUMNS}),
        "group_aspects": pd.DataFrame({"group": pd.Series(dtype="string"), "aspect": pd.Series(dtype="string"),
                                       "n": pd.Series(dtype="Int64"), "mean": pd.Series(dtype="Float64"),
                                       "status": pd.Series(dtype="string")}),
        "group_themes": pd.DataFrame({"group": pd.Series(dtype="string"), "theme": pd.Series(dtype="string"),
                                      "initiatives": pd.Series(dtype="int64"), "share": pd.Series(dtype="float64")}),
    }
    if not groups:
        return empty
    frame = public.copy()
    frame["group"] = frame["initiative"].astype("object").map(groups).astype("string")
    aspect_columns = [c for c in frame.columns if str(c).startswith("aspect_")]
    minimum = config.privacy.min_group_size
    names = sorted(set(groups.values()))
    slugs = _group_slugs(names)
    status = pd.Series(str(FigureState.PUBLISHED), index=names, dtype="string")
    if aspect_columns:
        frame["score"] = frame[aspect_columns].apply(pd.to_numeric, errors="coerce").mean(axis=1)
        overall = privacy.breakdown(frame, by="group", value="score", min_group_size=minimum, language=lang)
        status = overall.status.reindex(names).fillna(FigureState.PRIMARY).astype(str).astype("string")
    answered = frame["group"].value_counts()
    members = pd.Series(list(groups.values())).value_counts()
    table = pd.DataFrame({
        "group": pd.array(names, dtype="string"),
        "slug": pd.array([slugs[g] for g in names], dtype="string"),
        "initiatives": [int(members.get(g, 0)) for g in names],
        "answers": [int(answered.get(g, 0)) for g in names],
        "status": status.to_numpy(),
    })
    rows = []
    published = set(table.loc[table["status"] == str(FigureState.PUBLISHED), "group"])
    for column in aspect_columns:
        result = privacy.breakdown(frame, by="group", value=column, min_group_size=minimum, language=lang)
        for group, row in result.table.iterrows():
            total = group == result.table.index[-1]
            shown = result.status[group] == FigureState.PUBLISHED and (total or group in published)
            if not total and group not in names:
                continue  # answers without a group: counted in the network, no row of their own
            rows.append({"group": "" if total else str(group), "aspect": column.removeprefix("aspect_"),
                         "n": row["n"] if shown else pd.NA, "mean": row["mean"] if shown else pd.NA,
                         "status": str(FigureState.PUBLISHED) if shown else str(result.status[group])})
    aspects = pd.DataFrame(rows, columns=["group", "aspect", "n", "mean", "status"]).astype(
        {"group": "string", "aspect": "string", "n": "Int64", "mean": "Float64", "status": "string"})
    struggles = _struggles(matrix)
    struggles["group"] = struggles["initiative"].astype("object").map(groups)
    theme_rows = []
    for group in sorted(published):
        size = int(members.get(group, 0))
        counts = struggles[struggles["group"] == group]["theme"].value_counts()
        for theme, n in sorted(counts.items()):
            theme_rows.append({"group": group, "theme": str(theme), "initiatives": int(n), "share": n / size})
    themes = pd.DataFrame(theme_rows, columns=["group", "theme", "initiatives", "share"]).astype(
        {"group": "string", "theme": "string", "initiatives": "int64", "share": "float64"})
    return {"groups": table, "group_aspects": aspects, "group_themes": themes}


def _peers(config: RoundConfig, struggles: pd.DataFrame, helps: pd.DataFrame,
           groups: dict[str, str]) -> tuple[pd.DataFrame, RankedPeers]:
    """Return the bounded peers the pages show and every ranked pair (research data, made
    theme by theme when written: a national round has tens of millions)."""
    ranked = RankedPeers(struggles, helps, groups)
    return ranked.bounded(config.report.peers), ranked


def analyse(
    current: Round, previous: Round | None = None, *, earlier: Sequence[Round] = (), lang: str = Language.NL
) -> Analysis:
    """Return the whole analysis of the round ``current``, compared with ``previous`` (nothing written).

    ``earlier`` holds the rounds before ``previous`` in the chain, oldest first: with them the
    trends cover every round.
    """
    # scikit-learn only here: a page builder that reads the analysis does not import it
    from pipeline.obstacles import load_codebook
    from pipeline.obstacles.review import round_themes

    config = current.config
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

    history = [*earlier, *([previous] if previous is not None else []), current]
    history_public = {current.id: public}
    history_themes = {current.id: themes.matrix}
    if previous is not None:
        history_public[previous.id] = previous_public
        history_themes[previous.id] = previous_themes.matrix if previous_themes is not None else pd.DataFrame()
    for before in earlier:
        history_public[before.id] = privacy.public_responses(before, secret=secret)
        history_themes[before.id] = round_themes(
            history_public[before.id][THEME_COLUMNS], before.config, codebook
        ).matrix if len(history_public[before.id]) else pd.DataFrame()
    ids = [r.id for r in history]
    trend_table, question_changes = _trends(
        history, {i: history_public[i] for i in ids}, {i: history_themes[i] for i in ids}, lang=lang
    )

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
        lambda code: str(_initiative_status(code, now_status))
    ).astype("string")
    initiatives["previous_figures"] = initiatives["initiative"].map(
        lambda code: str(_initiative_status(code, before_status))
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
    groups = initiative_groups(public)
    if config.questions.group:
        initiatives["group"] = initiatives["initiative"].map(groups).astype("string")
    struggles = _struggles(themes.matrix)
    helps = _helps(public, codebook)
    peers, peer_pairs = _peers(config, struggles, helps, groups)
    # the participants LimeSurvey invited, from the round's participants list when it has one
    invited = int(len(current.participants)) if len(current.participants) else None

    return in_memory(
        meta=RoundMeta(
            round=config.id,
            title=config.title if lang == config.language else current.structure.titles.get(lang) or config.title,
            community=config.community,
            previous_round=previous.config.id if previous is not None else None,
            lang=str(lang),
            languages=tuple(current.structure.languages),
            base_language=current.structure.base_language,
            min_group_size=config.privacy.min_group_size,
            min_initiative_answers=config.privacy.initiative_threshold,
            attribute_quotes=config.privacy.attribute_quotes_to_initiative,
            non_answers=int(themes.non_answers),
            invited=invited,
            raw_rows=int(len(current.ledger)),
            included=int((current.ledger["status"] == "included").sum()),
            aspects_question=config.questions.aspects,
            random_state=config.obstacles.random_state,
            initiative_question=config.questions.initiative,
            aspect_labels=_aspect_labels(current, lang),
            scale=dataclasses.asdict(aspect_scale(current.structure, config.questions.aspects, lang)),
            names_redacted={
                "participants": bool(len(current.participants)),
                "names_file": config.privacy.names_file is not None,
                "first_name_list": config.privacy.first_name_list,
            },
            rounds=tuple(ids),
            table_size=config.meeting.table_size,
            corrected_themes=int(themes.corrected),
            peers=config.report.peers,
            summary_above=config.report.summary_above,
            group_question=config.questions.group,
            initiatives=int(public["initiative"].dropna().nunique()),
        ),
        initiatives=initiatives,
        participation=participation,
        aspects=aspects,
        community_aspects=community_aspects,
        # no pseudonym: a text must not be joinable to a respondent's other answers
        # texts come from the public responses, already redacted (names list and participants)
        obstacles=themes.assignments.astype({"text": "string"})
        .drop(columns=["response"], errors="ignore")
        .sort_values(["initiative", "theme", "text"], kind="stable")
        .reset_index(drop=True),
        themes=theme_table,
        theme_initiative=themes.matrix.reset_index(),
        quotes=themes.quotes.astype({"text": "string"}),
        learn_from=themes.learn_from.astype({"helped_text": "string"}),
        question_diff=question_diff,
        question_changes=question_changes,
        trends=trend_table,
        **_meeting(config, public, struggles, helps, trend_table, groups),
        peers=peers,
        **_groups(config, public, groups, themes.matrix, lang),
        questions=questions,
        answers=options,
        data_dictionary=data_dictionary(current),
        # row-level data: for researchers, and for the pages to aggregate; never in data/
        responses=public,
        previous_responses=previous_public,
        ledger=public_ledger(current, secret=secret),
        peer_pairs=peer_pairs,
    )


def answer_distribution(values: pd.Series) -> tuple[dict[str, int], int]:
    """Return the count of each answer code among ``values`` and the number of answers."""
    values = values.dropna()
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        # a score read as a number (3.0) has the code its options use (3)
        numbers = values.astype("Float64")
        if bool((numbers % 1 == 0).all()):
            values = numbers.astype("Int64")
    values = values.astype("string")
    counts = values.value_counts()
    return {str(k): int(v) for k, v in counts.items()}, int(values.size)


ANSWER_COUNT_COLUMNS = ["question", "answer", "count"]


def answer_counts(responses: pd.DataFrame | None, questions: pd.DataFrame) -> pd.DataFrame:
    """Return, per closed question of ``questions`` that ``responses`` has, how many answers
    gave each answer code (``answer_distribution``; the answers of a question sum to its n)."""
    rows = []
    if responses is not None:
        for code, kind in zip(questions["code"], questions["type"], strict=True):
            if kind in DISTRIBUTION_TYPES and code in responses:
                counts, _ = answer_distribution(responses[code])
                rows += [(str(code), answer, count) for answer, count in counts.items()]
    return pd.DataFrame(rows, columns=ANSWER_COUNT_COLUMNS).astype({"count": "int64"})


# the tables a page of one initiative reads only a slice of, with the columns that name the
# initiatives a row is about; a row that names none (empty or missing) is the community's
# and in every slice
PAGE_SLICED: dict[str, tuple[str, ...]] = {
    "aspects": ("initiative",),
    "obstacles": ("initiative",),
    "learn_from": ("initiative", "helper"),
    "peers": ("initiative",),
    "trends": ("initiative",),
    "responses": ("initiative",),
    "previous_responses": ("initiative",),
}


def _slice_rows(table: pd.DataFrame, keys: tuple[str, ...]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Return the row positions of ``table`` per initiative its ``keys`` name, and those of
    the rows that name none; in one pass over the table, whatever the number of initiatives."""
    common = np.ones(len(table), dtype=bool)
    parts: dict[str, list[np.ndarray]] = {}
    for key in keys:
        if key not in table:
            continue
        values = table[key].astype("string").fillna("")
        common &= (values == "").to_numpy()
        for code, positions in values.groupby(values.to_numpy(), sort=False).indices.items():
            if code != "":
                parts.setdefault(str(code), []).append(positions)
    own = {code: np.unique(np.concatenate(found)) for code, found in parts.items()}
    return own, np.flatnonzero(common)


def initiative_slice(table: pd.DataFrame, name: str, initiative: str) -> pd.DataFrame:
    """Return the rows of table ``name`` (one of ``PAGE_SLICED``) a page of ``initiative``
    reads: its own and the community's, in the table's order, numbered afresh (an index
    that names rows, such as ``response``, is kept)."""
    own, common = _slice_rows(table, PAGE_SLICED[name])
    rows = np.union1d(common, own.get(str(initiative), np.empty(0, dtype=np.int64)))
    return _numbered(table.iloc[rows])


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame if frame.index.name else frame.reset_index(drop=True)


PAGE_STORE = ".page-slices"
_STORE_KEY = b"samenspel.page_slices"


def page_store(data_dir: Path) -> Path:
    """Return the folder of the page slices that belong to a round's ``data/`` (beside it, in
    the build folder; the runner removes it before the reports are published)."""
    return Path(data_dir).resolve().parent / PAGE_STORE


def write_page_store(analysis: Analysis, data_dir: Path) -> Path:
    """Cut every initiative's slice of the ``PAGE_SLICED`` tables and its answer counts once,
    into one Arrow file per table (a record batch per initiative); return the folder.

    The file names which ``round.json`` it was cut from: a page reads it only for that one.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = page_store(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    codes = [str(code) for code in analysis.initiatives["initiative"]]
    fingerprint = _fingerprint(data_dir)
    tables = {name: getattr(analysis, name) for name in PAGE_SLICED}
    empty = np.empty(0, dtype=np.int64)
    for name, table in tables.items():
        if table is None:
            continue
        own, common = _slice_rows(table, PAGE_SLICED[name])
        whole = pa.Table.from_pandas(table, preserve_index=bool(table.index.name))
        _write_batches(folder / f"{name}.arrow", whole,
                       [np.union1d(common, own.get(code, empty)) for code in codes], codes, fingerprint)
    counts = pa.Table.from_pandas(analysis.answer_counts, preserve_index=False)
    _write_batches(folder / "answer_counts.arrow", counts, [np.arange(len(counts))], [""], fingerprint)
    if analysis.meta.large:
        _write_own_columns(folder / f"{OWN_COLUMN}.arrow", analysis.theme_initiative, codes, fingerprint)
    for name in TABLES:
        if name not in PAGE_SLICED and not (name == OWN_COLUMN and analysis.meta.large):
            _write_whole(folder / f"{WHOLE}{name}.arrow", pq.read_table(data_dir / f"{name}.parquet"), fingerprint)
    return folder


# the store's copy of a table every page reads whole: memory-mapped Arrow reads in half the
# time of the Parquet file it holds the very same table of
WHOLE = "whole-"


def _write_whole(path: Path, table: Any, fingerprint: str) -> None:
    import pyarrow as pa

    metadata = {**(table.schema.metadata or {}), _STORE_KEY: json.dumps({"round": fingerprint}).encode()}
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema.with_metadata(metadata)) as writer:
        writer.write_table(table)


@contextmanager
def _store_file(data_dir: Path, name: str, fingerprint: str) -> Iterator[tuple[Any, dict[str, Any]] | None]:
    """Open a file of the run's page store: yield its reader and its index, or None when the
    store has no such file or was cut from another ``round.json`` (``fingerprint``)."""
    import pyarrow as pa

    path = page_store(data_dir) / name
    if not path.is_file():
        yield None
        return
    with pa.memory_map(str(path)) as source:
        reader = pa.ipc.open_file(source)
        found = json.loads(reader.schema.metadata[_STORE_KEY])
        yield (reader, found) if found["round"] == fingerprint else None


def _stored_whole(data_dir: Path, name: str, fingerprint: str) -> pd.DataFrame | None:
    """Return a whole table from the run's page store, or None when there is none for this round."""
    with _store_file(data_dir, f"{WHOLE}{name}.arrow", fingerprint) as opened:
        return None if opened is None else opened[0].read_all().to_pandas()


# a large round's page reads only its own column of this table (``RoundMeta.large``)
OWN_COLUMN = "theme_initiative"


def _write_own_columns(path: Path, matrix: pd.DataFrame, codes: list[str], fingerprint: str) -> None:
    """Write each initiative's column of the theme x initiative matrix as a record batch of
    (theme, its column): reading a column of a Parquet file with 1,500 columns costs a page
    the whole file's schema, a record batch of the store only its own rows."""
    import pyarrow as pa

    themes = pa.array(matrix["theme"].tolist(), type=pa.string())
    columns = {code: number for number, code in enumerate(c for c in codes if c in matrix.columns)}
    first = matrix[next(iter(columns))] if columns else pd.Series([], dtype="int64")
    schema = pa.schema([("theme", pa.string()), ("value", pa.from_numpy_dtype(first.dtype))])
    metadata = {_STORE_KEY: json.dumps({"round": fingerprint, "batches": columns, "themes": matrix["theme"].tolist()}).encode()}
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, schema.with_metadata(metadata)) as writer:
        for code in columns:
            writer.write_batch(pa.record_batch([themes, pa.array(matrix[code].to_numpy())], schema=schema))


def _stored_own_column(data_dir: Path, initiative: str, fingerprint: str) -> pd.DataFrame | None:
    """Return theme_initiative's themes and one initiative's column from the run's page store
    (the themes alone when the initiative has no column), or None when there is no store for this round."""
    with _store_file(data_dir, f"{OWN_COLUMN}.arrow", fingerprint) as opened:
        if opened is None:
            return None
        reader, found = opened
        if initiative not in found["batches"]:
            return pd.DataFrame({"theme": pd.Series(found["themes"], dtype="str")})
        frame = reader.get_batch(found["batches"][initiative]).to_pandas()
    return frame.rename(columns={"value": initiative})


def _fingerprint(data_dir: Path) -> str:
    from pipeline.files import file_sha256

    return file_sha256(Path(data_dir) / "round.json")


def _write_batches(path: Path, table: Any, rows: list[np.ndarray], codes: list[str], fingerprint: str) -> None:
    import pyarrow as pa

    index = {code: number for number, code in enumerate(codes)}
    metadata = {**(table.schema.metadata or {}), _STORE_KEY: json.dumps({"round": fingerprint, "batches": index}).encode()}
    schema = table.schema.with_metadata(metadata)
    # one take of every slice's rows, in slice order, then a zero-copy slice per initiative;
    # uncompressed: a build cache of some 100 MB for a national round, written in a third of
    # the time lz4 takes over its 10,000 small batches
    lengths = [len(positions) for positions in rows]
    taken = table.take(pa.array(np.concatenate(rows) if rows else [], type=pa.int64())).combine_chunks()
    starts = np.concatenate([[0], np.cumsum(lengths)])[:-1]
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, schema) as writer:
        for start, length in zip(starts.tolist(), lengths, strict=True):
            batches = taken.slice(start, length).to_batches()
            writer.write_batch(batches[0] if batches else pa.RecordBatch.from_pylist([], schema=table.schema))


def _stored_slice(data_dir: Path, name: str, initiative: str, fingerprint: str | None = None) -> pd.DataFrame | None:
    """Return a slice from the run's page store, or None when there is none for this round
    (``fingerprint``: its ``round.json``'s, when the caller has it already)."""
    import pyarrow as pa

    with _store_file(data_dir, f"{name}.arrow", fingerprint or _fingerprint(data_dir)) as opened:
        if opened is None or initiative not in opened[1]["batches"]:
            return None
        reader, found = opened
        batch = reader.get_batch(found["batches"][initiative])
        return pa.Table.from_batches([batch], schema=reader.schema).to_pandas()


@dataclass(frozen=True)
class InitiativeTables:
    """The tables of ``data_dir`` as a page of one initiative reads them: its slice of the
    ``PAGE_SLICED`` ones and the community's answer counts (from the run's page store when
    there is one, else cut from the Parquet files), every other table whole."""

    data_dir: Path
    initiative: str
    # a round too large to list every initiative (``RoundMeta.large``): the page names peers
    # instead of everyone sharing a theme, so it reads only its own column of theme_initiative
    large: bool = False

    @cached_property
    def _fingerprint(self) -> str:
        # round.json is hashed once per page, not once per table it reads
        return _fingerprint(self.data_dir)

    def __call__(self, name: str) -> pd.DataFrame | None:
        whole = ParquetTables(self.data_dir)
        if name == OWN_COLUMN and self.large:
            stored = _stored_own_column(self.data_dir, self.initiative, self._fingerprint)
            return stored if stored is not None else _own_column(self.data_dir / f"{name}.parquet", self.initiative)
        if name not in PAGE_SLICED and name != "answer_counts":
            stored = _stored_whole(self.data_dir, name, self._fingerprint) if name in TABLES else None
            return stored if stored is not None else whole(name)
        stored = _stored_slice(self.data_dir, name, "" if name == "answer_counts" else self.initiative,
                               self._fingerprint)
        if stored is not None:
            return stored
        if name == "answer_counts":
            return answer_counts(whole("responses"), whole("questions"))
        table = whole(name)
        return None if table is None else initiative_slice(table, name, self.initiative)


def _own_column(path: Path, initiative: str) -> pd.DataFrame:
    """Return theme_initiative's themes and one initiative's column (Parquet reads only those)."""
    import pyarrow.parquet as pq

    names = pq.read_schema(path).names
    return pd.read_parquet(path, columns=[c for c in ("theme", initiative) if c in names])


RESEARCH_SUFFIX = "-research"


def research_dir(data_dir: Path) -> Path:
    """Return the folder of the row-level research data that belongs to a round's ``data/``.

    It sits beside the round's reports folder, not in it (``reports/ronde-2-research/data``
    for ``reports/ronde-2/data``), so the folder a facilitator shares holds no row-level data.
    """
    reports = Path(data_dir).resolve().parent
    return reports.with_name(reports.name + RESEARCH_SUFFIX) / "data"


# a participant-safe table longer than this is written as Parquet only: a CSV of it would
# not be read in a spreadsheet (the obstacles of a national network are 50,000 rows, 17 MB),
# and pandas, R or DuckDB read the Parquet file; data_dictionary.md says which these are
CSV_MAX_ROWS = 10_000


def write_analysis(analysis: Analysis, data_dir: Path) -> list[Path]:
    """Write every table as Parquet and, up to ``CSV_MAX_ROWS`` rows for the participant-safe
    ones, as CSV (formula-safe), plus ``round.json``; return the paths."""
    data_dir.mkdir(parents=True, exist_ok=True)
    research_dir(data_dir).mkdir(parents=True, exist_ok=True)
    written = []
    places = [(data_dir, name, table) for name, table in analysis.tables.items()]
    places += [(research_dir(data_dir), name, table) for name, table in analysis.research.items()]
    parquet_only = []
    for folder, name, table in places:
        if isinstance(table, RankedPeers):
            # millions of rows in a national round: streamed theme by theme, never all in memory
            written.append(table.write_parquet(folder / f"{name}.parquet"))
            continue
        frame = table.reset_index() if table.index.name else table.reset_index(drop=True)
        if folder == data_dir and len(frame) > CSV_MAX_ROWS:
            parquet_only.append(name)
        elif name not in PARQUET_ONLY:
            csv_path = folder / f"{name}.csv"
            privacy.write_public_csv(frame, csv_path)
            written.append(csv_path)
        parquet_path = folder / f"{name}.parquet"
        frame.to_parquet(parquet_path, index=False)
        written.append(parquet_path)
    documented = [name for name in FILE_COLUMNS if name in analysis.tables]
    markdown = dictionary_markdown(analysis.data_dictionary, title=analysis.meta.title, files=documented,
                                   parquet_only={name: len(analysis.tables[name]) for name in parquet_only})
    (data_dir / "data_dictionary.md").write_text(markdown, encoding="utf-8")
    written.append(data_dir / "data_dictionary.md")
    meta_path = data_dir / "round.json"
    meta_path.write_text(analysis.meta.to_json(), encoding="utf-8")
    written.append(meta_path)
    return written


def in_memory(meta: RoundMeta, **tables: pd.DataFrame) -> Analysis:
    """Return an analysis of tables held in memory (as ``analyse`` makes them)."""
    return Analysis(meta=meta, source=tables.get)


def load_compared_rounds(history: tuple[RoundConfig, ...]) -> tuple[Round, Round | None]:
    """Return the newest round of ``history`` (``config.round_history``) and the one before it
    (``None`` when it has none), read and checked."""
    return load_round(history[0]), (load_round(history[1]) if len(history) > 1 else None)


def load_earlier_rounds(history: tuple[RoundConfig, ...]) -> list[Round]:
    """Return the rounds of ``history`` (newest first) before the two compared, oldest first."""
    return [load_round(config) for config in reversed(history[2:])]


def analyse_round(
    round_dir: str | Path, data_dir: str | Path, *, lang: str = Language.NL, export_set: str | None = None,
) -> Analysis:
    """Analyse the round in ``round_dir``, write its tidy data to ``data_dir``, return it.

    ``export_set`` names the fetched set to read (a folder under ``exports/``); empty or
    ``None``: the one round.toml names, or else the newest complete one.
    """
    config = pin_export_set(load_round_config(Path(round_dir)), export_set)
    history = round_history(config)
    current, previous = load_compared_rounds(history)
    analysis = analyse(current, previous, earlier=load_earlier_rounds(history), lang=lang)
    write_analysis(analysis, Path(data_dir))
    return analysis


def load_analysis(data_dir: str | Path, *, initiative: str | None = None) -> Analysis:
    """Return the analysis that ``analyse_round`` wrote to ``data_dir`` (read from there, every time).

    With ``initiative``: as a page of that initiative reads it, the tables of ``PAGE_SLICED``
    holding only its own rows and the community's (``Analysis.initiative``).
    """
    data_dir = Path(data_dir)
    if not (data_dir / "round.json").is_file():
        raise ConfigError(key="report.no_analysis", folder=data_dir)
    meta_path = data_dir / "round.json"
    meta = RoundMeta.from_json(meta_path.read_text(encoding="utf-8"), source=meta_path)
    for name in TABLES:
        if not (data_dir / f"{name}.parquet").is_file():
            raise ConfigError(key="report.incomplete_analysis", hint_key="report.run_again", folder=data_dir,
                              table=name)
    if initiative is not None:
        source = InitiativeTables(data_dir, str(initiative), large=meta.large)
        return Analysis(meta=meta, source=source, initiative=str(initiative))
    return Analysis(meta=meta, source=ParquetTables(data_dir))


@dataclass(frozen=True)
class ParquetTables:
    """The tables ``write_analysis`` wrote for ``data_dir``, each read when asked for."""

    data_dir: Path

    def __call__(self, name: str) -> pd.DataFrame | None:
        if name in TABLES:
            return pd.read_parquet(self.data_dir / f"{name}.parquet")
        # the row-level data is not in a shared copy of the reports: then it is None
        path = research_dir(self.data_dir) / f"{name}.parquet"
        if name not in RESEARCH_TABLES or not path.is_file():
            return None
        frame = pd.read_parquet(path)
        return frame.set_index("response") if "response" in frame else frame
