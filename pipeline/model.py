"""The tidy shapes every stage passes on: a survey's structure and one round's data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.config import RoundConfig


@dataclass(frozen=True)
class Structure:
    """A survey's questions, in every language the survey has.

    ``questions``: one row per question, in survey order; columns ``code``, ``type``
    (LimeSurvey's one-letter type), ``group`` (group order, 1-based), ``order`` (position
    in the survey, 1-based), ``mandatory`` (bool), ``other`` (bool: has an "other" text),
    ``comment`` (bool: has a comment column), ``qid`` and ``gid`` (LimeSurvey's ids, text;
    they differ per survey, so never compare them across rounds), ``hidden`` (bool: the
    question is hidden from respondents), ``text_<lang>`` per language (plain text, HTML
    stripped).

    ``subquestions``: one row per subquestion; ``question``, ``code``, ``order``,
    ``scale`` (0 or 1, for dual-scale arrays and 2-axis arrays: 1 is the x axis),
    ``text_<lang>``.

    ``answers``: one row per answer option; ``question``, ``code``, ``order``, ``scale``,
    ``label_<lang>``.

    ``languages`` starts with ``base_language``; ``titles`` maps language to survey title.
    """

    survey_id: int | None
    base_language: str
    languages: tuple[str, ...]
    titles: dict[str, str]
    questions: pd.DataFrame
    subquestions: pd.DataFrame
    answers: pd.DataFrame
    source: Path | None = None
    # the survey's settings as LimeSurvey stores them (format, anonymized, datestamp, ...)
    settings: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Round:
    """One round, read and checked: what every later stage starts from.

    ``responses``: one row per *included* response, index ``response_id`` (LimeSurvey's
    id, int), sorted by id. Columns, in survey order: the system fields present in the export
    (``submitdate``, ``lastpage``, ``startlanguage``, ``seed``, ``token``, ``startdate``,
    ``datestamp``, ``ipaddr``, ``refurl``), then one column per answer field named
    from its codes: ``q`` for a plain question, ``q_sq`` for a subquestion,
    ``q_sq1_sq2`` for a cell of a 2-axis array, ``q_other`` and ``q_comment`` for the
    "other" and comment texts. Then the semantic columns the round config's roles give:
    ``initiative`` (answer code; an initiative typed in under "other" gets the code
    ``oth-<its folded name>``), ``initiative_name`` (label in the base language, or
    the "other" text), ``obstacle_text``, ``helped_text``, and ``aspect_<subquestion>``
    (Float64, the aspects array's answer code as a number).

    Typed values: list and array answers are answer codes (``string``), numbers are
    ``Float64``, dates ``datetime64``, Y/N ``boolean``, multiple-choice boxes ``boolean``,
    texts ``string``; missing is ``<NA>``.

    ``columns``: one row per column of ``responses`` that comes from the export:
    ``column`` (name in ``responses``), ``heading`` (as in the file), ``question``,
    ``subquestion``, ``part`` (``""``, ``"other"``, ``"comment"``, ``"filecount"``),
    ``type``; system fields have part ``"system"``. Participant attributes that the admin
    UI can append (``firstname``, ``lastname``, ``email``, ``attribute_<n>``) become columns
    ``attribute_<name>`` with part ``"attribute"``: personal data, never reportable. A
    survey that saves timings adds ``timing_<heading>`` columns (seconds, Float64) with part
    ``"timing"``.

    Other column names: dual-scale arrays ``q_sq_0`` / ``q_sq_1`` (scale), ranking
    ``q_<rank>``, multiple choice with comments ``q_sq_comment``, file upload ``q`` (JSON
    text) and ``q_filecount``. Multiple-choice boxes are False when unticked on a page the
    respondent reached, and missing on pages never reached.

    ``ledger``: one row per raw data row of the export, in file order: ``row`` (1-based
    data row), ``response_id``, ``status`` (``"included"`` / ``"excluded"``), ``reason``
    (``""``, ``"incomplete"``, ``"superseded"``, ``"empty"``).
    """

    config: RoundConfig
    structure: Structure
    responses: pd.DataFrame
    columns: pd.DataFrame
    ledger: pd.DataFrame
    # the raw export rows excluded from ``responses`` keep their values here, for the
    # privacy scan and the participation counts; never published
    excluded: pd.DataFrame = field(default_factory=pd.DataFrame)
    export_files: tuple[Path, ...] = ()
    # LimeSurvey's participants list (tid, token, firstname, lastname, email, language,
    # completed) when the round has one; personal data, never published
    participants: pd.DataFrame = field(default_factory=pd.DataFrame)
    # things the reader noticed but could work around (unknown question types, unreadable cells)
    warnings: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.config.id
