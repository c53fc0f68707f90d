"""The sections about every round of the ``previous`` chain: the community's trends and an initiative's own.

They read the analysis' ``trends`` and ``question_changes`` tables (``pipeline.trends``);
with one round there is nothing to show and they return an empty section. Each gathers its
data here and renders a template of ``templates/pages/sections``, which escapes every text.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from pipeline.report.analysis import Analysis
from pipeline.report.charts import heat_map, round_lines
from pipeline.report.i18n import MESSAGES, number, t
from pipeline.report.sections import _aspect_label, _counted, _fmt, _held, _message, _scale, _section, _text, _theme_label
from pipeline.report.templating import Cell


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
    responses = _grid(_community(analysis, "responses")).reindex(columns=rounds)
    initiatives = _grid(_community(analysis, "initiatives")).reindex(columns=rounds)
    participation = [[r, int(responses.iloc[0][r]), int(initiatives.iloc[0][r])] for r in rounds]

    aspects = None
    median = _grid(_community(analysis, "aspect_median"))
    if not median.empty:
        q1, q3 = _grid(_community(analysis, "aspect_q1")), _grid(_community(analysis, "aspect_q3"))
        names = list(median.index)
        series = [(_aspect_label(analysis, a), [_value(median, a, r) for r in rounds]) for a in names]
        details = "; ".join(
            f"{_aspect_label(analysis, a)}: " + ", ".join(f"{r} {_fmt(_value(median, a, r), lang) if _value(median, a, r) is not None else gap}"
                                                 for r in rounds)
            for a in names
        )
        axis, words, _ = _scale(analysis, lang)
        scale = analysis.meta.scale
        chart = round_lines(rounds, series, ylabel=axis, ylim=(float(scale["low"]), float(scale["high"])),
                            alt=t("trends.aspects.alt", lang, details=details))
        rows = []
        for a in names:
            cells: list[str | Cell] = [_aspect_label(analysis, a)]
            for r in rounds:
                m = _value(median, a, r)
                cells.append(gap if m is None else f"{_fmt(m, lang)} ({_fmt(_value(q1, a, r), lang)}–{_fmt(_value(q3, a, r), lang)})")
            rows.append(cells)
        aspects = {"explain": t("trends.aspects.explain", lang, scale=words), "chart": chart, "rows": rows}

    themes = None
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
            cells = [labels.get(th, th)]
            for r, v in zip(rounds, vals, strict=True):
                n = _value(counts, th, r)
                cells.append(gap if v is None else f"{number(100 * v, lang, 0)} % ({int(n or 0)})")
            rows.append(cells)
        themes = {"chart": chart, "rows": rows}

    return _section(
        "community_trends", lang=lang, rounds=rounds, participation=participation, aspects=aspects, themes=themes,
        explain=t("trends.explain", lang, n=len(rounds), rounds=", ".join(rounds)),
        questions=_question_medians(analysis, lang, rounds), changes=_changes(analysis, lang),
    )


def _question_medians(analysis: Analysis, lang: str, rounds: list[str]) -> list[list[str | Cell]]:
    """Return the rows of the numeric questions' medians per round; a round that did not ask one shows it."""
    medians = _community(analysis, "question_median")
    if medians.empty:
        return []
    grid, counts = _grid(medians), _grid(medians, "n")
    questions = analysis.questions.set_index("code")
    column = f"text_{lang}" if f"text_{lang}" in questions else "text_nl"
    rows = []
    for code in grid.index:
        label = str(questions.loc[code, column]) if code in questions.index else code
        cells: list[str | Cell] = [label]
        for r in rounds:
            n = _value(counts, code, r)
            m = _value(grid, code, r)
            if n is None:
                cells.append(t("trends.gap", lang))
            elif m is None:
                cells.append(_held(lang))
            else:
                cells.append(_counted(_fmt(m, lang), int(n)))
        rows.append(cells)
    return rows


def _theme_labels(analysis: Analysis, lang: str) -> dict[str, str]:
    return {row["theme"]: _theme_label(row, lang) for _, row in analysis.themes.iterrows()}


def _changes(analysis: Analysis, lang: str) -> list[list[str]]:
    """Return the rows of the questionnaire's changes over all rounds: round, change, question, detail."""
    rows = []
    for _, row in analysis.question_changes.iterrows():
        key = f"diff.{row['change']}"
        change = t(key, lang) if key in MESSAGES else t("diff.changed", lang)
        parts = [str(row[p]) for p in ("subquestion", "answer") if isinstance(row.get(p), str) and row.get(p)]
        old, new = row.get("old"), row.get("new")
        texts = [x for x in (old, new) if isinstance(x, str) and x]
        if texts:
            parts.append(" → ".join(texts))
        rows.append([_text(row["round"]), change, _text(row["question"]), ": ".join(parts)])
    return rows


def initiative_trends(analysis: Analysis, lang: str, initiative: str) -> HTML:
    """Return an initiative's own aspects and themes over the rounds it answered, and what is new or gone."""
    rounds = _rounds(analysis)
    if len(rounds) < 2:
        return HTML("")
    table = analysis.trends
    own = table[table["initiative"] == initiative]
    answered = [r for r in rounds if r in set(own["round"])]
    if len(answered) < 2:
        return _message(t("trends.own.heading", lang), t("trends.own.first", lang), anchor="own-trends")
    absent = t("trends.not_taken_part", lang)
    aspect_rows = []
    aspects = own[own["measure"] == "aspect_mean"]
    if not aspects.empty:
        means, counts = _grid(aspects), _grid(aspects, "n")
        for a in means.index:
            cells: list[str | Cell] = [_aspect_label(analysis, a)]
            for r in rounds:
                if r not in answered:
                    cells.append(absent)
                elif _value(means, a, r) is None:
                    cells.append(_held(lang))
                else:
                    cells.append(_counted(_fmt(_value(means, a, r), lang), int(_value(counts, a, r) or 0)))
            aspect_rows.append(cells)
    themes = own[own["measure"] == "theme_answers"]
    labels = _theme_labels(analysis, lang)
    theme_rows = []
    if not themes.empty:
        grid = _grid(themes)
        theme_rows = [[labels.get(th, th), *[absent if r not in answered else int(_value(grid, th, r) or 0) for r in rounds]]
                      for th in grid.index]
    latest = own[own["round"] == rounds[-1]]
    new = [labels.get(x, x) for x in latest.loc[latest["measure"] == "obstacle_new", "item"]]
    gone = [labels.get(x, x) for x in latest.loc[latest["measure"] == "obstacle_no_longer", "item"]]
    closing = []
    if rounds[-1] in answered:
        if new:
            closing.append(t("trends.own.new", lang, themes=", ".join(new)))
        if gone:
            closing.append(t("trends.own.gone", lang, themes=", ".join(gone)))
        if not new and not gone:
            closing.append(t("trends.own.same", lang))
    return _section("initiative_trends", lang=lang, rounds=rounds, aspects=aspect_rows, themes=theme_rows, closing=closing)
