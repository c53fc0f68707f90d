"""The sections about every round of the ``previous`` chain: the community's trends and an initiative's own.

They read the analysis' ``trends`` and ``question_changes`` tables (``pipeline.trends``);
with one round there is nothing to show and they return an empty section.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from pipeline.report.analysis import Analysis
from pipeline.report.charts import heat_map, round_lines
from pipeline.report.i18n import MESSAGES, number, t
from pipeline.report.handmade import _p, _section, _table, esc
from pipeline.report.sections import _aspect_label, _fmt, _scale, _theme_label


def _rounds(analysis: Analysis) -> list[str]:
    return list(analysis.meta.rounds)


def _community(analysis: Analysis, measure: str) -> pd.DataFrame:
    table = analysis.trends
    return table[(table["initiative"].fillna("") == "") & (table["measure"] == measure)]


def _grid(frame: pd.DataFrame, column: str = "value") -> pd.DataFrame:
    """Return item x round of ``column``, items in their first-seen order."""
    items = list(dict.fromkeys(frame["item"]))
    return frame.pivot(index="item", columns="round", values=column).reindex(items)


def _value(grid: pd.DataFrame, item: str, round_id: str) -> float | None:
    if item not in grid.index or round_id not in grid.columns:
        return None
    value = grid.loc[item, round_id]
    return None if pd.isna(value) else float(value)


def community_trends(analysis: Analysis, lang: str) -> HTML:
    """Return the community's trend over every round: participation, aspects, shared obstacles, questionnaire."""
    rounds = _rounds(analysis)
    if len(rounds) < 2:
        return HTML("")
    gap = t("trends.gap", lang)
    body = _p(t("trends.explain", lang, n=len(rounds), rounds=", ".join(rounds)))

    responses = _grid(_community(analysis, "responses")).reindex(columns=rounds)
    initiatives = _grid(_community(analysis, "initiatives")).reindex(columns=rounds)
    rows = [[esc(r), esc(int(responses.iloc[0][r])), esc(int(initiatives.iloc[0][r]))] for r in rounds]
    body += f"<h3>{esc(t('trends.participation', lang))}</h3>" + _table(
        [esc(t("trends.col.round", lang)), esc(t("trends.col.responses", lang)), esc(t("trends.col.initiatives", lang))], rows)

    median = _grid(_community(analysis, "aspect_median"))
    if not median.empty:
        q1, q3 = _grid(_community(analysis, "aspect_q1")), _grid(_community(analysis, "aspect_q3"))
        aspects = list(median.index)
        series = [(_aspect_label(analysis, a), [_value(median, a, r) for r in rounds]) for a in aspects]
        details = "; ".join(
            f"{_aspect_label(analysis, a)}: " + ", ".join(f"{r} {_fmt(_value(median, a, r), lang) if _value(median, a, r) is not None else gap}"
                                                 for r in rounds)
            for a in aspects
        )
        axis, words, _ = _scale(analysis, lang)
        scale = analysis.meta.scale
        chart = round_lines(rounds, series, ylabel=axis, ylim=(float(scale["low"]), float(scale["high"])),
                            alt=t("trends.aspects.alt", lang, details=details))
        rows = []
        for a in aspects:
            cells = [esc(_aspect_label(analysis, a))]
            for r in rounds:
                m = _value(median, a, r)
                cells.append(esc(gap) if m is None else
                             esc(f"{_fmt(m, lang)} ({_fmt(_value(q1, a, r), lang)}–{_fmt(_value(q3, a, r), lang)})"))
            rows.append(cells)
        body += f"<h3>{esc(t('trends.aspects', lang))}</h3>" + _p(t("trends.aspects.explain", lang, scale=words)) + chart
        body += _table([esc(t("trends.col.aspect", lang)), *[esc(r) for r in rounds]], rows)

    body += _question_medians(analysis, lang, rounds)

    shares = _community(analysis, "theme_share")
    if not shares.empty:
        share, counts = _grid(shares), _grid(shares, "n")
        labels = _theme_labels(analysis, lang)
        # the themes someone named in some round, most named now first
        named = [th for th in share.index if (counts.loc[th].fillna(0) > 0).any()]
        named.sort(key=lambda th: -(_value(share, th, rounds[-1]) or 0.0))
        values = [[_value(share, th, r) for r in rounds] for th in named]
        details = "; ".join(
            f"{labels.get(th, th)}: " + ", ".join(f"{r} {gap if v is None else number(100 * v, lang, 0) + ' %'}"
                                                for r, v in zip(rounds, vals, strict=True))
            for th, vals in zip(named, values, strict=True)
        )
        chart = heat_map([labels.get(th, th) for th in named], rounds, values, alt=t("trends.themes.alt", lang, details=details))
        rows = []
        for th, vals in zip(named, values, strict=True):
            cells = [esc(labels.get(th, th))]
            for r, v in zip(rounds, vals, strict=True):
                n = _value(counts, th, r)
                cells.append(esc(gap) if v is None else esc(f"{number(100 * v, lang, 0)} % ({int(n or 0)})"))
            rows.append(cells)
        body += f"<h3>{esc(t('trends.themes', lang))}</h3>" + _p(t("trends.themes.explain", lang)) + chart
        body += _table([esc(t("trends.col.theme", lang)), *[esc(r) for r in rounds]], rows)

    body += f"<h3>{esc(t('trends.changes', lang))}</h3>" + _changes(analysis, lang)
    return _section(t("trends.heading", lang), body, anchor="trends")


def _question_medians(analysis: Analysis, lang: str, rounds: list[str]) -> str:
    """Return the table of the numeric questions' medians per round; a round that did not ask one shows it."""
    medians = _community(analysis, "question_median")
    if medians.empty:
        return ""
    grid, counts = _grid(medians), _grid(medians, "n")
    questions = analysis.questions.set_index("code")
    column = f"text_{lang}" if f"text_{lang}" in questions else "text_nl"
    rows = []
    for code in grid.index:
        label = str(questions.loc[code, column]) if code in questions.index else code
        cells = [esc(label)]
        for r in rounds:
            n = _value(counts, code, r)
            m = _value(grid, code, r)
            if n is None:
                cells.append(esc(t("trends.gap", lang)))
            elif m is None:
                cells.append(f'<span class="held">{esc(t("held", lang))}</span>')
            else:
                cells.append(esc(_fmt(m, lang)) + f" <small>(n = {int(n)})</small>")
        rows.append(cells)
    return (f"<h3>{esc(t('trends.questions', lang))}</h3>" + _p(t("trends.questions.explain", lang))
            + _table([esc(t("trends.col.question", lang)), *[esc(r) for r in rounds]], rows))


def _theme_labels(analysis: Analysis, lang: str) -> dict[str, str]:
    return {row["theme"]: _theme_label(row, lang) for _, row in analysis.themes.iterrows()}


def _changes(analysis: Analysis, lang: str) -> str:
    changes = analysis.question_changes
    if changes.empty:
        return _p(t("trends.changes.none", lang))
    rows = []
    for _, row in changes.iterrows():
        key = f"diff.{row['change']}"
        change = t(key, lang) if key in MESSAGES else t("diff.changed", lang)
        parts = [str(row[p]) for p in ("subquestion", "answer") if isinstance(row.get(p), str) and row.get(p)]
        old, new = row.get("old"), row.get("new")
        texts = [x for x in (old, new) if isinstance(x, str) and x]
        if texts:
            parts.append(" → ".join(texts))
        rows.append([esc(row["round"]), esc(change), esc(row["question"]), esc(": ".join(parts))])
    return _table([esc(t("trends.col.round", lang)), esc(t("diff.col.change", lang)), esc(t("diff.col.question", lang)),
                   esc(t("diff.col.detail", lang))], rows)


def initiative_trends(analysis: Analysis, lang: str, initiative: str) -> HTML:
    """Return an initiative's own aspects and themes over the rounds it answered, and what is new or gone."""
    rounds = _rounds(analysis)
    if len(rounds) < 2:
        return HTML("")
    table = analysis.trends
    own = table[table["initiative"] == initiative]
    answered = [r for r in rounds if r in set(own["round"])]
    heading = t("trends.own.heading", lang)
    if len(answered) < 2:
        return _section(heading, _p(t("trends.own.first", lang)), level=2, anchor="own-trends")
    absent = t("trends.not_taken_part", lang)
    held = f'<span class="held">{esc(t("held", lang))}</span>'
    body = ""
    aspects = own[own["measure"] == "aspect_mean"]
    if not aspects.empty:
        means, counts = _grid(aspects), _grid(aspects, "n")
        rows = []
        for a in means.index:
            cells = [esc(_aspect_label(analysis, a))]
            for r in rounds:
                if r not in answered:
                    cells.append(esc(absent))
                elif _value(means, a, r) is None:
                    cells.append(held)
                else:
                    cells.append(esc(_fmt(_value(means, a, r), lang)) + f" <small>(n = {int(_value(counts, a, r) or 0)})</small>")
            rows.append(cells)
        body += _p(t("trends.own.explain", lang)) + _table([esc(t("trends.col.aspect", lang)), *[esc(r) for r in rounds]], rows)
    themes = own[own["measure"] == "theme_answers"]
    labels = _theme_labels(analysis, lang)
    if not themes.empty:
        grid = _grid(themes)
        rows = [[esc(labels.get(th, th)), *[esc(absent) if r not in answered else esc(int(_value(grid, th, r) or 0)) for r in rounds]]
                for th in grid.index]
        body += _p(t("trends.own.themes", lang)) + _table([esc(t("trends.col.theme", lang)), *[esc(r) for r in rounds]], rows)
    latest = own[own["round"] == rounds[-1]]
    new = [labels.get(x, x) for x in latest.loc[latest["measure"] == "obstacle_new", "item"]]
    gone = [labels.get(x, x) for x in latest.loc[latest["measure"] == "obstacle_no_longer", "item"]]
    if rounds[-1] in answered:
        if new:
            body += _p(t("trends.own.new", lang, themes=", ".join(new)))
        if gone:
            body += _p(t("trends.own.gone", lang, themes=", ".join(gone)))
        if not new and not gone:
            body += _p(t("trends.own.same", lang))
    return _section(heading, body, level=2, anchor="own-trends")
