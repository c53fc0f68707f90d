"""The report context: everything one build of a round's reports works from, built once.

The runner reads the round (with the export set the facilitator pinned), the round before
it and the history of earlier rounds, prepares the privacy scan, and after the analysis
notebook has run, reads the analysis once. Everything downstream gets this context as an
argument; nothing is kept in module globals. Page builders run in other processes and get
only :class:`PageContext`, a small picklable part of it, so a spawned worker receives it
whole and a forked one inherits it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from pipeline import privacy
from pipeline.config import RoundConfig, round_history
from pipeline.exportsets import pin_export_set
from pipeline.i18n import Language
from pipeline.model import Round
from pipeline.obstacles import Codebook, load_codebook
from pipeline.report.analysis import Analysis, load_compared_rounds
from pipeline.report.pages import PageContext


@dataclass(frozen=True)
class ReportContext:
    """One build of a round's reports: the round as read once, and what it is turned into."""

    # round.toml of the round, with the export set pinned by --export-set applied
    config: RoundConfig
    # the fetched set the facilitator pinned (a folder name under exports/), or None
    export_set: str | None
    # this round's config and those of the rounds before it, newest first (each read once)
    history: tuple[RoundConfig, ...]
    current: Round
    previous: Round | None
    pages: PageContext
    # read once after the analysis notebook has written it
    analysis: Analysis | None = None

    @property
    def earlier(self) -> tuple[RoundConfig, ...]:
        """Return the configs of the rounds before this one, newest first."""
        return self.history[1:]

    def with_analysis(self, analysis: Analysis) -> ReportContext:
        """Return this context with the round's analysis."""
        return dataclasses.replace(self, analysis=analysis)


def report_context(
    config: RoundConfig, *, export_set: str | None, lang: Language, out: Path, build: Path,
) -> ReportContext:
    """Read the round and everything it names, and return the build's context.

    Bad input fails here, before anything is written: the exports, the previous round, the
    privacy settings, the codebook and the names list round.toml points at.
    """
    config = pin_export_set(config, export_set)
    history = round_history(config)
    current, previous = load_compared_rounds(history)
    # unsafe thresholds or a personal field marked reportable: one message, not a failed notebook
    for round in (current, previous):
        if round is not None:
            privacy.check_reportable(round)
    codebook = load_codebook(config.obstacles.codebook)
    # a bad review workbook (this round's or the previous one's) fails here too
    check_review_workbooks((current, previous), codebook)
    privacy.load_names(config.privacy.names_file)
    return ReportContext(
        config=config, export_set=export_set or None, history=history, current=current, previous=previous,
        pages=PageContext(lang=Language(lang), build=build, out=out, scanner=privacy_scanner(config, current, previous)),
    )


def privacy_scanner(config: RoundConfig, current: Round, previous: Round | None) -> privacy.Scanner:
    """Return the scan for every personal value of this round and the previous one (whose
    data is published beside this round's), and for the secrets in use."""
    values = privacy.personal_values(current)
    if previous is not None:
        values = privacy.merge_values(values, privacy.personal_values(previous))
    secret = privacy.community_secret(config.community)
    values = privacy.merge_values(values, privacy.credential_values(secrets_in_use=(secret,)))
    return privacy.Scanner(values)


def check_review_workbooks(rounds: tuple[Round | None, ...], codebook: Codebook) -> None:
    """Raise ReviewError for a review workbook that cannot be applied to its round."""
    import pandas as pd

    from pipeline.obstacles.review import round_themes

    for round in rounds:
        if round is not None:
            secret = privacy.community_secret(round.config.community)
            keys = pd.Index(privacy.response_pseudonyms(round, secret=secret).to_numpy())
            round_themes(pd.DataFrame(index=keys), round.config, codebook, check_only=True)
