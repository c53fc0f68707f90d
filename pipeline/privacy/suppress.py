"""Small-group rules: breakdowns by a respondent attribute, and an initiative's own figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from os import PathLike
from typing import Literal

import pandas as pd

# below the floor an initiative's figure is one person's answer and can be traced back;
# PrivacySettings.initiative_threshold never goes lower
from pipeline.config import MIN_INITIATIVE_FLOOR, PrivacySettings
from pipeline.errors import PrivacyError
from pipeline.i18n import Language

Unit = Literal["group", "initiative"]
UNIT_WORDS = {
    "group": {"nl": ("groep", "groepen"), "en": ("group", "groups")},
    "initiative": {"nl": ("initiatief", "initiatieven"), "en": ("initiative", "initiatives")},
}

# Statistics Netherlands' sign for a figure held back to protect respondents ("geheim")
SUPPRESSED_MARKER = "x"
TOTAL = {"nl": "Totaal", "en": "Total"}
NO_ANSWER = {"nl": "(geen antwoord)", "en": "(no answer)"}


class FigureState(StrEnum):
    """Whether a figure is shown, and if not, why (statistical disclosure control's terms)."""

    PUBLISHED = "published"
    # held back: the group itself is too small
    PRIMARY = "primary"
    # held back so that a primary one cannot be worked out by subtraction
    COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class SuppressedTable:
    """A breakdown of ``value`` by ``by``, with small groups and their complements held back.

    ``table``: one row per group (in sorted order, then the no-answer group, then the total
    row), columns ``n`` (answers behind the row) and ``mean`` for a numeric value, or ``n``
    and one count column per answer for any other value; held-back cells are ``<NA>``.
    ``status``: per row, ``"published"``, ``"primary"`` (the group itself is too small) or
    ``"complementary"`` (held back so the small group cannot be found by subtraction).
    """

    table: pd.DataFrame
    status: pd.Series
    by: str
    value: str
    min_group_size: int
    language: Language = Language.NL
    unit: Unit = "group"

    @property
    def suppressed(self) -> pd.Series:
        """Return per row whether it is held back."""
        return self.status != FigureState.PUBLISHED

    def held_back(self, language: Language | None = None) -> str:
        """Return a sentence for the page saying what was held back and why ("" if nothing)."""
        language = language or self.language
        groups = self.status.iloc[:-1]
        primary = int((groups == FigureState.PRIMARY).sum())
        complementary = int((groups == FigureState.COMPLEMENTARY).sum())
        k = self.min_group_size
        one, many = UNIT_WORDS[self.unit][language]
        if self.status.iloc[-1] != FigureState.PUBLISHED:
            if language == "nl":
                return f"Niet getoond: in totaal minder dan {k} antwoorden, zodat niemand herkenbaar is."
            return f"Not shown: fewer than {k} answers in all, so that no one can be recognised."
        if primary == 0 and complementary == 0:
            return ""
        if language == "nl":
            text = (
                f"Niet getoond: {primary} {one if primary == 1 else many} met minder dan {k} "
                "antwoorden, zodat niemand herkenbaar is."
            )
            if complementary:
                text += (
                    f" Ook {complementary} andere {one if complementary == 1 else many} niet getoond, "
                    "zodat de weggelaten cijfers niet uit het totaal zijn terug te rekenen."
                )
            return text
        text = (
            f"Not shown: {primary} {one if primary == 1 else many} with fewer than {k} answers, "
            "so that no one can be recognised."
        )
        if complementary:
            text += (
                f" {complementary} other {one if complementary == 1 else many} also not shown, so the "
                "hidden figures cannot be worked out from the total."
            )
        return text

    def display(self, marker: str = SUPPRESSED_MARKER) -> pd.DataFrame:
        """Return the table for a page or data file, with ``marker`` in every held-back cell."""
        shown = self.table.astype(object)
        shown.loc[self.suppressed.to_numpy(), :] = marker
        return shown

    def tidy(self) -> pd.DataFrame:
        """Return one row per (group, measure): ``group``, ``measure``, ``value``, ``status``."""
        rows = []
        for group, row in self.table.iterrows():
            for measure, number in row.items():
                status = self.status.loc[group]
                rows.append({
                    "by": self.by,
                    "group": group,
                    "measure": measure,
                    "value": pd.NA if status != FigureState.PUBLISHED else number,
                    "status": status,
                })
        tidy = pd.DataFrame(rows, columns=["by", "group", "measure", "value", "status"])
        tidy["value"] = pd.to_numeric(tidy["value"]).astype("Float64")
        return tidy


def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype)


def _complement(
    n: pd.Series,
    primary: list[str],
    min_group_size: int,
    order: list[str],
    reveals: Callable[[list[str]], bool],
) -> list[str]:
    """Return the groups to hold back besides ``primary`` so no held-back group is determined.

    Published: every other group and the total. The held-back groups together are then
    known (total minus the rest), so there must be at least two non-empty ones, their
    joint count must reach ``min_group_size`` and exceed the number of held-back groups
    (otherwise each is pinned at one answer), and their joint answers must not tell every
    member's answer (all the same score, or an answer nobody or everybody among them gave).
    """
    held = list(primary)
    candidates = [g for g in order if g in n.index and g not in held and n[g] > 0]

    def safe() -> bool:
        nonempty = [g for g in held if n[g] > 0]
        if not nonempty:
            return True
        joint = int(n[nonempty].sum())
        return len(nonempty) >= 2 and joint >= min_group_size and joint > len(nonempty) and not reveals(nonempty)

    while not safe() and candidates:
        held.append(candidates.pop(0))
    return held if safe() else list(n.index)


def _revealing(groups: pd.Series, values: pd.Series, numeric: bool) -> Callable[[list[str]], bool]:
    """Return a test: would the joint answers of these held-back groups tell each member's answer?"""
    everyone = values.astype("string") if not numeric else values

    def reveals(held: list[str]) -> bool:
        joint = everyone[groups.isin(held).to_numpy()]
        if numeric:
            return joint.nunique() <= 1 and everyone.nunique() > 1
        # answers that nobody or everybody in the community gave say nothing extra
        informative = [a for a in everyone.unique() if 0 < int((everyone == a).sum()) < len(everyone)]
        counts = joint.value_counts()
        return any(int(counts.get(a, 0)) in (0, len(joint)) for a in informative)

    return reveals


def breakdown(
    frame: pd.DataFrame,
    by: str,
    value: str,
    *,
    min_group_size: int,
    language: Language | str = Language.NL,
    unit: Unit = "group",
) -> SuppressedTable:
    """Return counts (or means) of ``value`` per group of ``by``, small groups held back.

    Only rows with an answer to ``value`` count. Respondents without an answer to ``by``
    form their own group, because the total minus the named groups would otherwise show
    them. A group below ``min_group_size`` is held back (primary), and further groups,
    smallest first, until no held-back figure can be worked out from the total; if the
    total itself describes fewer than ``min_group_size`` answers, everything is held back.
    ``language`` (``"nl"`` or ``"en"``, as a notebook's parameter has it) names the groups
    without an answer and the total.
    """
    language = Language(language)
    for column in (by, value):
        if column not in frame.columns:
            raise PrivacyError(key="privacy.no_breakdown_column", hint_key="privacy.columns_there", by=by,
                               column=column, columns=", ".join(map(str, frame.columns)))
    if min_group_size < 1:
        raise PrivacyError(key="privacy.bad_min_group_size", value=min_group_size)
    answered = frame.loc[frame[value].notna(), [by, value]]
    groups = answered[by].astype("string").fillna(NO_ANSWER[language])
    labels = sorted(set(groups) - {NO_ANSWER[language]})
    if (groups == NO_ANSWER[language]).any():
        labels.append(NO_ANSWER[language])
    numeric = _is_numeric(answered[value])

    if numeric:
        values = answered[value].astype("Float64")
        grouped = values.groupby(groups)
        table = pd.DataFrame({"n": grouped.count(), "mean": grouped.mean()}).reindex(labels)
        total = pd.DataFrame({"n": [int(values.count())], "mean": [values.mean()]}, index=[TOTAL[language]])
    else:
        answers = answered[value].astype("string")
        counts = pd.crosstab(groups, answers)
        table = counts.reindex(labels).fillna(0)
        table.insert(0, "n", table.sum(axis=1))
        total = table.sum().to_frame().T
        total.index = [TOTAL[language]]
    table = pd.concat([table, total])
    table.index.name = by
    table["n"] = table["n"].astype("Int64")
    for column in table.columns:
        if column not in ("n", "mean"):
            table[column] = table[column].astype("Int64")
    if numeric:
        table["mean"] = table["mean"].astype("Float64")

    n = table["n"].iloc[:-1].astype(int)
    status = pd.Series(FigureState.PUBLISHED, index=table.index, dtype=object, name="status")
    if int(table["n"].iloc[-1]) < min_group_size:
        status[:] = FigureState.PRIMARY
    else:
        primary = [g for g in n.index if 0 < n[g] < min_group_size]
        # complements go smallest group first, by respondents rather than by answers to this
        # value, so every table of the same attribute holds back the same groups
        sizes = frame[by].astype("string").fillna(NO_ANSWER[language]).value_counts()
        order = sorted(n.index, key=lambda g: (int(sizes.get(g, 0)), int(n[g]), str(g)))
        held = _complement(n, primary, min_group_size, order, _revealing(groups, answered[value], numeric))
        for group in held:
            status[group] = FigureState.PRIMARY if group in primary else FigureState.COMPLEMENTARY
    masked = table.copy()
    masked.loc[(status != FigureState.PUBLISHED).to_numpy(), :] = pd.NA
    return SuppressedTable(masked, status, by, value, min_group_size, language, unit)


def initiative_breakdown(
    frame: pd.DataFrame,
    value: str,
    *,
    settings: PrivacySettings,
    by: str = "initiative",
    language: Language = Language.NL,
) -> SuppressedTable:
    """Return ``value`` per initiative with n; too-few-answer initiatives and their complements held back.

    The community total stays published, so an initiative held back for having too few
    answers would otherwise be the total minus all the others: the next smallest
    initiatives are held back with it until that no longer works.
    """
    threshold = settings.initiative_threshold
    return breakdown(frame, by, value, min_group_size=threshold, language=language, unit="initiative")


def initiative_figures_allowed(n_answers: int, settings: PrivacySettings) -> bool:
    """Return whether an initiative's own figures may be shown, given the answers behind them."""
    return n_answers >= settings.initiative_threshold


def initiative_note(n_answers: int, settings: PrivacySettings, language: Language = Language.NL) -> str:
    """Return the sentence a page shows beside an initiative's figures (or instead of them)."""
    needed = settings.initiative_threshold
    if initiative_figures_allowed(n_answers, settings):
        if language == "nl":
            return f"Gebaseerd op {n_answers} antwoord{'en' if n_answers != 1 else ''}."
        return f"Based on {n_answers} answer{'s' if n_answers != 1 else ''}."
    if language == "nl":
        return (
            f"Cijfers niet getoond: er {'is' if n_answers == 1 else 'zijn'} {n_answers} "
            f"antwoord{'en' if n_answers != 1 else ''} en er zijn er minstens {needed} nodig. "
            "Met zo weinig antwoorden is een cijfer terug te voeren op één persoon."
        )
    return (
        f"Figures not shown: {n_answers} answer{'s' if n_answers != 1 else ''}, at least {needed} "
        "needed. With so few answers a figure can be traced back to one person."
    )


def check_privacy_settings(settings: PrivacySettings, *, file: str | PathLike[str] = "round.toml") -> None:
    """Raise a PrivacyError if the round's small-group thresholds (in ``file``) would expose individuals."""
    if settings.min_initiative_answers < MIN_INITIATIVE_FLOOR:
        raise PrivacyError(key="privacy.min_initiative_answers", file=file, value=settings.min_initiative_answers,
                           floor=MIN_INITIATIVE_FLOOR)
    if settings.min_group_size < 3:
        raise PrivacyError(key="privacy.min_group_size", file=file, value=settings.min_group_size)


@dataclass(frozen=True)
class Quotes:
    """Quotes fit to publish, and what was held back (a sentence for the page, or "")."""

    table: pd.DataFrame
    held_back: str


def public_quotes(
    frame: pd.DataFrame,
    text: str,
    *,
    settings: PrivacySettings,
    names: tuple[str, ...] = (),
    by: str | None = None,
    language: Language = Language.NL,
) -> Quotes:
    """Return the answers in ``text`` as quotes: redacted, never tied to a person or role.

    Columns: ``quote``; ``initiative`` and ``initiative_name`` only when the round allows
    quotes to name their initiative; and ``by`` only for groups of that respondent
    attribute with at least ``min_group_size`` quotes (smaller groups are left out). No
    pseudonym, and the order is by group, initiative and text, not by who answered when.
    """
    from pipeline.privacy.redact import redact_texts

    if text not in frame.columns:
        raise PrivacyError(key="privacy.no_quote_column", hint_key="privacy.columns_there", column=text,
                           columns=", ".join(map(str, frame.columns)))
    answered = frame.loc[frame[text].notna() & (frame[text].astype("string").str.strip() != "")]
    keep = ["initiative", "initiative_name"] if settings.attribute_quotes_to_initiative else []
    keep = [c for c in keep if c in answered.columns]
    quotes = pd.DataFrame({
        "quote": redact_texts(answered[text].astype("string").str.strip(), names=names, language=language)
    })
    for column in keep:
        quotes[column] = answered[column].astype("string")
    note = ""
    if by is not None:
        if by not in answered.columns:
            raise PrivacyError(key="privacy.no_quote_group", hint_key="privacy.columns_there", by=by,
                               columns=", ".join(map(str, frame.columns)))
        groups = answered[by].astype("string")
        sizes = groups.value_counts()
        big = sizes[sizes >= settings.min_group_size].index
        small = int(groups.notna().sum() - groups.isin(big).sum()) + int(groups.isna().sum())
        quotes[by] = groups
        quotes = quotes[groups.isin(big).to_numpy()]
        if small:
            k = settings.min_group_size
            note = (
                f"{small} antwoord{'en' if small != 1 else ''} niet getoond: ze komen uit groepen "
                f"met minder dan {k} antwoorden, en zouden dan herkenbaar zijn."
                if language == "nl"
                else f"{small} answer{'s' if small != 1 else ''} not shown: they come from groups of "
                f"fewer than {k} answers and could be recognised."
            )
    order = [c for c in (by, "initiative", "quote") if c is not None and c in quotes.columns]
    quotes = quotes.sort_values(order, kind="stable", na_position="last").reset_index(drop=True)
    return Quotes(quotes, note)


def initiative_aspects(
    frame: pd.DataFrame,
    *,
    settings: PrivacySettings,
    columns: list[str] | None = None,
    language: Language = Language.NL,
) -> pd.DataFrame:
    """Return each aspect's n and mean per initiative and for the community, held back by the rules.

    One row per (aspect, initiative) plus a total row per aspect (initiative = "Totaal");
    columns ``aspect``, ``initiative``, ``n``, ``mean``, ``status``. Held-back rows have
    no n and no mean, so the table is safe to publish as it is.
    """
    columns = columns or [c for c in frame.columns if str(c).startswith("aspect_")]
    parts = []
    for column in columns:
        result = initiative_breakdown(frame, column, settings=settings, language=language)
        table = result.table.reset_index().rename(columns={"initiative": "initiative"})
        table.columns = ["initiative", "n", "mean"]
        table.insert(0, "aspect", str(column).removeprefix("aspect_"))
        table["status"] = result.status.to_numpy()
        parts.append(table)
    if not parts:
        return pd.DataFrame(columns=["aspect", "initiative", "n", "mean", "status"])
    out = pd.concat(parts, ignore_index=True)
    out["n"] = out["n"].astype("Int64")
    out["mean"] = out["mean"].astype("Float64")
    return out
