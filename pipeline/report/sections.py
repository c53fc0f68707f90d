"""The sections of the participant pages, as HTML the notebooks display.

Every text that comes from a survey or a respondent goes through ``esc``: answers are
data, never markup. Headings run h1 (the page) > h2 (a section) > h3 (a part).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence

import pandas as pd
from IPython.display import HTML

from pipeline import privacy
from pipeline.limesurvey import DISTRIBUTION_TYPES, SCALE_TYPES, YES_NO_TYPES
from pipeline.privacy import FigureState
from pipeline.report.analysis import Analysis, load_analysis
from pipeline.report.charts import grouped_bars
from pipeline.report.i18n import MESSAGES, count_word, number, t, tn

__all__ = ["load_analysis"]


def esc(value: object) -> str:
    """Return ``value`` as HTML text: escaped, missing as an empty string."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return html.escape(str(value), quote=True)


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, caption: str = "", cls: str = "") -> str:
    """Return an HTML table; cells are already-escaped HTML."""
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(
            (f'<th scope="row">{c}</th>' if i == 0 else f"<td>{c}</td>") for i, c in enumerate(row)
        ) + "</tr>"
        for row in rows
    )
    cap = f"<caption>{caption}</caption>" if caption else ""
    return f'<div class="table-wrap"><table class="{cls}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _section(heading: str, body: str, *, level: int = 2, anchor: str = "") -> HTML:
    ident = f' id="{esc(anchor)}"' if anchor else ""
    return HTML(f'<section class="report-section"{ident}><h{level}>{esc(heading)}</h{level}>{body}</section>')


def _p(text: str) -> str:
    return f"<p>{esc(text)}</p>"


def _fmt(value: object, lang: str, digits: int = 1) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return number(float(value), lang, digits)


def _signed(value: object, lang: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = number(float(value), lang)
    return text if float(value) <= 0 else f"+{text}"


def _names(analysis: Analysis) -> dict[str, str]:
    return dict(zip(analysis.initiatives["initiative"], analysis.initiatives["name"], strict=True))


def _answers(analysis: Analysis) -> dict[str, int]:
    return dict(zip(analysis.initiatives["initiative"], analysis.initiatives["answers"], strict=True))


def _enough(analysis: Analysis, n: int) -> bool:
    # the analysis stored the effective threshold that pipeline.privacy applies
    return int(n) >= int(analysis.meta.min_initiative_answers)


def _status(analysis: Analysis, code: str, column: str = "figures") -> FigureState:
    """Return whether an initiative's figures are published, or held back and why."""
    table = analysis.initiatives
    if column not in table:
        return FigureState.PUBLISHED
    found = table.loc[table["initiative"] == code, column]
    return FigureState(found.iloc[0]) if len(found) else FigureState.PRIMARY


def _published(analysis: Analysis, code: str, column: str = "figures") -> bool:
    return _status(analysis, code, column) == FigureState.PUBLISHED


def _first_round(analysis: Analysis) -> bool:
    return not analysis.meta.previous_round


def _aspect_label(analysis: Analysis, aspect: str) -> str:
    """Return an aspect's label as the analysis found it (round.toml, else the statement's text)."""
    return analysis.meta.aspect_labels.get(aspect) or aspect.replace("_", " ").capitalize()


def _scale(analysis: Analysis, lang: str) -> tuple[str, str, int]:
    """Return the chart's axis label, the scale in words ("van 1 (...) tot 5 (...)") and its top."""
    scale = analysis.meta.scale
    if scale["low_label"] and scale["high_label"]:
        return t("aspects.chart.xlabel", lang, **scale), t("scale.labelled", lang, **scale), int(scale["high"])
    return t("aspects.chart.xlabel_plain", lang, **scale), t("scale.plain", lang, **scale), int(scale["high"])


def _aspects_explain(analysis: Analysis, lang: str, count: int) -> str:
    _, words, _ = _scale(analysis, lang)
    return tn("aspects.explain", count, lang, count=count_word(count, lang), scale=words)


def _survey_texts(analysis: Analysis, frame: pd.DataFrame, prefix: str, lang: str) -> list[str]:
    """Return a structure table's texts (``text_``/``label_`` columns) in the report's language,
    each in the survey's base language where the survey has none in that language."""
    order = [f"{prefix}_{lang}", f"{prefix}_{analysis.meta.base_language}", f"{prefix}_nl"]
    columns = [c for c in dict.fromkeys(order) if c in frame]
    out = []
    for _, row in frame.iterrows():
        texts = [row[c] for c in columns if isinstance(row[c], str) and row[c].strip()]
        out.append(texts[0] if texts else str(row.get("code", "")))
    return out


def _theme_label(row: pd.Series, lang: str) -> str:
    label = row.get(f"label_{lang}") or row.get("label_nl") or row.get("theme")
    return str(label)


# ---------------------------------------------------------------- headers and notes

def page_header(analysis: Analysis, lang: str, *, initiative: str | None = None) -> HTML:
    """Return the page's h1, its lead and the navigation."""
    meta = analysis.meta
    if initiative is None:
        title = t("community.title", lang, title=meta.title)
        lead = t("community.lead", lang)
        nav = f'<nav aria-label="navigatie"><a href="index.html">{esc(t("nav.index", lang))}</a></nav>'
    else:
        name = _names(analysis).get(initiative, initiative)
        n = _answers(analysis).get(initiative, 0)
        title = t("initiative.title", lang, name=name, title=meta.title)
        lead = tn("initiative.lead.first" if _first_round(analysis) else "initiative.lead", n, lang)
        nav = (
            f'<nav aria-label="navigatie"><a href="../index.html">{esc(t("nav.index", lang))}</a> · '
            f'<a href="../community.html">{esc(t("nav.community", lang))}</a></nav>'
        )
    return HTML(f'<header class="page-header">{nav}<h1>{esc(title)}</h1><p class="lead">{esc(lead)}</p></header>')


def _redacted_names(analysis: Analysis, lang: str) -> str:
    """Return the names the quotes were redacted of, as a phrase ("de namen ... en voornamen ...")."""
    done = analysis.meta.names_redacted
    parts = [t(f"privacy.names.{kind}", lang) for kind in ("participants", "names_file", "first_name_list") if done.get(kind)]
    if not parts:
        return t("privacy.names.none", lang)
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {t('and', lang)} {parts[-1]}"


def privacy_note(analysis: Analysis, lang: str, *, initiative: str | None = None) -> HTML:
    """Return what was held back on this page, and why."""
    meta = analysis.meta
    parts = [_p(t("privacy.rules", lang, min_initiative=meta.min_initiative_answers, min_group=meta.min_group_size))]
    parts.append(_p(t("privacy.redacted", lang, names=_redacted_names(analysis, lang))))
    names = _names(analysis)
    if initiative is None:
        few = [name for code, name in names.items() if _status(analysis, code) == FigureState.PRIMARY]
        shield = [name for code, name in names.items() if _status(analysis, code) == FigureState.COMPLEMENTARY]
        if few:
            parts.append(_p(t("privacy.held_initiatives", lang, names=", ".join(few), min_initiative=meta.min_initiative_answers)))
        if shield:
            parts.append(_p(t("privacy.held_complementary", lang, names=", ".join(shield))))
    elif _status(analysis, initiative) == FigureState.PRIMARY:
        parts.append(_p(t("privacy.held_own", lang, min_initiative=meta.min_initiative_answers)))
    elif _status(analysis, initiative) == FigureState.COMPLEMENTARY:
        parts.append(_p(t("privacy.held_own_complementary", lang)))
    return _section(t("privacy.heading", lang), "".join(parts), anchor="privacy")


# ---------------------------------------------------------------- community sections

def participation(analysis: Analysis, lang: str) -> HTML:
    """Return the participation section: started and complete per initiative."""
    table = analysis.participation
    names = _names(analysis)
    rows = []
    for _, row in table.iterrows():
        code = row["initiative"]
        name = names.get(code) or (t("participation.unknown", lang) if not code else code)
        rows.append([esc(name), esc(row["started"]), esc(row["complete"])])
    summary = t(
        "participation.summary", lang,
        complete=tn("count.complete", int(table["complete"].sum()), lang),
        initiatives=tn("count.initiatives", int((table["complete"] > 0).sum()), lang),
        started=tn("count.times", int(table["started"].sum()), lang),
    )
    body = _p(summary)
    if analysis.meta.invited:
        body += _p(t("participation.invited", lang, invited=analysis.meta.invited))
    body += _table(
        [esc(t("participation.col.initiative", lang)), esc(t("participation.col.started", lang)), esc(t("participation.col.complete", lang))],
        rows,
    )
    return _section(t("participation.heading", lang), body, anchor="participation")


def community_aspects(analysis: Analysis, lang: str) -> HTML:
    """Return the aspects section: community medians now and before, and per initiative."""
    trend = analysis.community_aspects
    if trend.empty:
        return _section(t("aspects.heading", lang), _p(t("aspects.none", lang)))
    labels = [_aspect_label(analysis, a) for a in trend["aspect"]]
    xlabel, _, top = _scale(analysis, lang)
    series = [(t("aspects.chart.community", lang), [None if pd.isna(v) else v for v in trend["median"]])]
    has_previous = trend["previous_median"].notna().any()
    if has_previous:
        series.append((t("aspects.chart.previous", lang), [None if pd.isna(v) else v for v in trend["previous_median"]]))
    details = "; ".join(
        f"{label}: {_fmt(m, lang)}" + (f" ({t('aspects.chart.previous', lang).lower()} {_fmt(p, lang)})" if has_previous else "")
        for label, m, p in zip(labels, trend["median"], trend["previous_median"], strict=True)
    )
    chart = grouped_bars(
        labels, series, xlabel=xlabel, xlim=(0, top),
        alt=t("aspects.chart.alt", lang, details=details),
    )
    body = _p(_aspects_explain(analysis, lang, len(labels))) + chart
    # a first round has no previous round to show beside it
    before = not _first_round(analysis)
    rows = [
        [esc(label), esc(_fmt(m, lang)) + f" <small>(n = {int(n)})</small>"]
        + ([esc(_fmt(p, lang)), esc(_signed(c, lang))] if before else [])
        for label, m, n, p, c in zip(labels, trend["median"], trend["n"], trend["previous_median"], trend["change"], strict=True)
    ]
    body += _table(
        [esc(t("aspects.col.aspect", lang)), esc(t("aspects.col.community", lang))]
        + ([esc(t("aspects.col.previous", lang)), esc(t("aspects.col.change", lang))] if before else []),
        rows,
    )
    # per initiative: mean per aspect, with n; held back below the threshold
    aspects = analysis.aspects
    order = list(trend["aspect"])
    names = _names(analysis)
    answers = _answers(analysis)
    rows = []
    for code in analysis.initiatives["initiative"]:
        own = aspects[aspects["initiative"] == code].set_index("aspect")
        cells = [esc(names[code]) + f" <small>(n = {answers[code]})</small>"]
        for aspect in order:
            if aspect in own.index and not pd.isna(own.loc[aspect, "mean"]):
                cells.append(esc(_fmt(own.loc[aspect, "mean"], lang)))
            elif aspect in own.index or not _published(analysis, code):
                cells.append(f'<span class="held">{esc(t("held", lang))}</span>')
            else:
                cells.append("–")
        rows.append(cells)
    body += f"<h3>{esc(t('aspects.heatmap.heading', lang))}</h3>"
    body += _table([esc(t("participation.col.initiative", lang))] + [esc(_aspect_label(analysis, a)) for a in order], rows)
    return _section(t("aspects.heading", lang), body, anchor="aspects")


def roles_breakdown(analysis: Analysis, lang: str, *, role_column: str = "rol", initiative: str | None = None) -> HTML:
    """Return mean aspect scores by respondent role, small groups suppressed."""
    meta = analysis.meta
    responses = analysis.responses
    if initiative is not None:
        responses = responses[responses["initiative"] == initiative]
    aspect_cols = [c for c in responses.columns if c.startswith("aspect_")]
    if role_column not in responses or not aspect_cols:
        return HTML("")
    labels = analysis.answers[(analysis.answers["question"] == role_column) & (analysis.answers["kind"] == "answer")]
    role_names = dict(zip(labels["code"], _survey_texts(analysis, labels, "label", lang), strict=True))
    frame = responses[[role_column, *aspect_cols]].copy()
    frame["score"] = frame[aspect_cols].apply(pd.to_numeric, errors="coerce").mean(axis=1)
    table = privacy.breakdown(
        frame, by=role_column, value="score", min_group_size=int(meta.min_group_size), language=lang
    )
    held = f'<span class="held">{esc(t("held", lang))}</span>'
    rows = []
    for group, row in table.table.iterrows():
        name = role_names.get(group, group)
        if table.status[group] != FigureState.PUBLISHED:
            rows.append([esc(name), held, held])
        else:
            rows.append([esc(name), esc(int(row["n"])), esc(_fmt(row["mean"], lang))])
    if table.suppressed.all():
        body = _p(t("roles.none", lang, min_group=meta.min_group_size))
    else:
        body = _p(t("roles.explain", lang, min_group=meta.min_group_size)) + _table(
            [esc(t("roles.col.role", lang)), "n", esc(t("roles.col.mean", lang))], rows
        )
        if table.held_back(lang):
            body += _p(table.held_back(lang))
    return _section(t("roles.heading", lang), body, level=3 if initiative else 2, anchor="roles")


def obstacle_themes(analysis: Analysis, lang: str) -> HTML:
    """Return the shared obstacles: themes, how many initiatives share each, the trend."""
    themes = analysis.themes
    themes = themes[themes["initiatives"] > 0]
    if themes.empty:
        return _section(t("obstacles.heading", lang), _p(t("obstacles.none", lang)), anchor="obstacles")
    names = _names(analysis)
    matrix = analysis.theme_initiative.set_index("theme")
    labels = [_theme_label(row, lang) for _, row in themes.iterrows()]
    series = [(t("obstacles.col.initiatives", lang), list(themes["initiatives"].astype(float)))]
    has_previous = themes["previous_initiatives"].notna().any()
    if has_previous:
        series.append((t("aspects.chart.previous", lang), [None if pd.isna(v) else float(v) for v in themes["previous_initiatives"]]))
    details = "; ".join(f"{label}: {int(n)}" for label, n in zip(labels, themes["initiatives"], strict=True))
    chart = grouped_bars(labels, series, xlabel=t("obstacles.chart.xlabel", lang), alt=t("obstacles.chart.alt", lang, details=details))
    rows = []
    for label, (_, row) in zip(labels, themes.iterrows(), strict=True):
        who = []
        if row["theme"] in matrix.index:
            counts = matrix.loc[row["theme"]]
            who = [names.get(code, code) for code, v in counts.items() if code in names and v > 0]
        tag = f' <small class="tag">{esc(t("obstacles.emergent", lang))}</small>' if bool(row.get("emergent")) else ""
        prev = row.get("previous_initiatives")
        rows.append(
            [esc(label) + tag, esc(int(row["initiatives"]))]
            + ([] if _first_round(analysis) else [esc("–" if pd.isna(prev) else int(prev))])
            + [esc(", ".join(sorted(who)))]
        )
    non_answers = int(analysis.meta.non_answers)
    body = _p(tn("obstacles.explain", non_answers, lang, non_answers=non_answers)) + chart + _table(
        [esc(t("obstacles.col.theme", lang)), esc(t("obstacles.col.initiatives", lang))]
        + ([] if _first_round(analysis) else [esc(t("obstacles.col.previous", lang))])
        + [esc(t("obstacles.col.who", lang))],
        rows,
    )
    return _section(t("obstacles.heading", lang), body, anchor="obstacles")


def quotes(analysis: Analysis, lang: str, *, themes: Sequence[str] | None = None) -> HTML:
    """Return representative quotes per theme, attributed at most to an initiative."""
    table = analysis.quotes
    theme_rows = analysis.themes.set_index("theme")
    if themes is not None:
        table = table[table["theme"].isin(list(themes))]
    if table.empty:
        return HTML("")
    parts = [_p(t("quotes.explain", lang))]
    attribute = bool(analysis.meta.attribute_quotes)
    for theme, group in table.groupby("theme", sort=False):
        label = _theme_label(theme_rows.loc[theme], lang) if theme in theme_rows.index else theme
        items = []
        for _, row in group.sort_values("rank").iterrows():
            source = f' <cite>{esc(row["initiative_name"])}</cite>' if attribute and row.get("initiative_name") else ""
            items.append(f"<li><blockquote>{esc(row['text'])}</blockquote>{source}</li>")
        parts.append(f"<h3>{esc(label)}</h3><ul class=\"quotes\">{''.join(items)}</ul>")
    return _section(t("quotes.heading", lang), "".join(parts), anchor="quotes")


def _label(row: pd.Series, lang: str) -> str:
    return row.get(f"label_{lang}") or row.get("label_nl") or row["theme"]


def learn_from(analysis: Analysis, lang: str) -> HTML:
    """Return, per theme, who struggles with it and who can help with what helped them.

    Each helper appears once per theme, however many initiatives it was paired with: the
    pairs themselves are on each initiative's page and in ``learn_from.csv``.
    """
    pairs = analysis.learn_from
    if pairs.empty:
        return _section(t("learn.heading", lang), _p(t("learn.none", lang)), anchor="learn")
    body = _p(t("learn.explain", lang))
    # the theme most initiatives struggle with first; ties in the order of the pairs table
    order = pairs.groupby("theme", sort=False)["initiative"].nunique().sort_values(ascending=False, kind="stable")
    for theme in order.index:
        group = pairs[pairs["theme"] == theme]
        struggling = list(dict.fromkeys(group["initiative_name"]))
        ranked = (
            group.assign(paired=group.groupby("helper")["initiative"].transform("nunique"))
            .sort_values(["paired", "score"], ascending=[False, False], kind="stable")
        )
        rows = []
        for _, theirs in ranked.groupby("helper", sort=False):
            # several people of one initiative may each have told what helped
            told = "<br>".join(esc(text) for text in dict.fromkeys(theirs["helped_text"]))
            rows.append([esc(theirs.iloc[0]["helper_name"]), told])
        body += f"<h3>{esc(_label(group.iloc[0], lang))}</h3>"
        body += (f'<p><strong>{esc(t("learn.struggling", lang))}:</strong> '
                 f'{esc(", ".join(struggling))}.</p>')
        body += _table(
            [esc(t("learn.col.helper", lang)), esc(t("learn.col.helped", lang))],
            rows,
            cls="learn",
        )
    return _section(t("learn.heading", lang), body, anchor="learn")


def question_changes(analysis: Analysis, lang: str) -> HTML:
    """Return what changed in the questionnaire since the previous round."""
    diff = analysis.question_diff
    if analysis.meta.previous_round is None:
        return _section(t("diff.heading", lang), _p(t("diff.first", lang)), anchor="changes")
    if diff.empty:
        return _section(t("diff.heading", lang), _p(t("diff.none", lang)), anchor="changes")
    rows = []
    for _, row in diff.iterrows():
        key = f"diff.{row['change']}"
        change = t(key, lang) if key in MESSAGES else t("diff.changed", lang)
        detail_parts = []
        for part in ("subquestion", "answer"):
            if isinstance(row.get(part), str) and row.get(part):
                detail_parts.append(str(row[part]))
        old, new = row.get("old"), row.get("new")
        if isinstance(old, str) and old and isinstance(new, str) and new:
            detail_parts.append(f"{old} → {new}")
        elif isinstance(new, str) and new:
            detail_parts.append(new)
        elif isinstance(old, str) and old:
            detail_parts.append(old)
        rows.append([esc(change), esc(row["question"]), esc(": ".join(detail_parts))])
    body = _table([esc(t("diff.col.change", lang)), esc(t("diff.col.question", lang)), esc(t("diff.col.detail", lang))], rows)
    return _section(t("diff.heading", lang), body, anchor="changes")


# ---------------------------------------------------------------- initiative sections

def initiative_aspects(analysis: Analysis, lang: str, initiative: str) -> HTML:
    """Return the initiative's aspect means beside the community median and its previous round."""
    trend = analysis.community_aspects
    answers = _answers(analysis)
    n = answers.get(initiative, 0)
    if trend.empty:
        return _section(t("aspects.heading", lang), _p(t("aspects.none", lang)), anchor="aspects")
    own = analysis.aspects[analysis.aspects["initiative"] == initiative].set_index("aspect")
    labels = [_aspect_label(analysis, a) for a in trend["aspect"]]
    xlabel, _, top = _scale(analysis, lang)
    first = _first_round(analysis)

    def own_value(aspect: str, column: str) -> float | None:
        # the analysis removed every figure the small-group rules hold back
        if aspect not in own.index or pd.isna(own.loc[aspect, column]):
            return None
        return float(own.loc[aspect, column])

    mine = [own_value(a, "mean") for a in trend["aspect"]]
    before = [own_value(a, "previous_mean") for a in trend["aspect"]]
    allowed = any(v is not None for v in mine)
    series = []
    if allowed:
        series.append((t("aspects.chart.own", lang), mine))
        if any(v is not None for v in before):
            series.append((t("aspects.chart.previous", lang), before))
    reference = (t("aspects.chart.community", lang), [None if pd.isna(v) else float(v) for v in trend["median"]])
    details = "; ".join(
        f"{label}: " + (f"{_fmt(m, lang)} / " if allowed else "") + f"{t('aspects.chart.community', lang).lower()} {_fmt(c, lang)}"
        for label, m, c in zip(labels, mine, trend["median"], strict=True)
    )
    chart = grouped_bars(
        labels, series or [(t("aspects.chart.community", lang), [None] * len(labels))],
        reference=reference, xlabel=xlabel, xlim=(0, top),
        alt=t("aspects.chart.alt", lang, details=details),
    )
    rows = []
    for aspect, label, m, b, c in zip(trend["aspect"], labels, mine, before, trend["median"], strict=True):
        own_cell = esc(_fmt(m, lang)) if m is not None else f'<span class="held">{esc(t("held", lang))}</span>'
        rows.append([esc(label), own_cell] + ([] if first else [esc(_fmt(b, lang))]) + [esc(_fmt(c, lang))])
    body = _p(_aspects_explain(analysis, lang, len(labels))) + chart + _table(
        [esc(t("aspects.col.aspect", lang)), esc(t("aspects.col.own", lang)) + f" <small>(n = {n})</small>"]
        + ([] if first else [esc(t("aspects.col.own_previous", lang))]) + [esc(t("aspects.col.community", lang))],
        rows,
    )
    return _section(t("aspects.heading", lang), body, anchor="aspects")


def initiative_obstacles(analysis: Analysis, lang: str, initiative: str) -> HTML:
    """Return the initiative's obstacle themes and which other initiatives share them."""
    names = _names(analysis)
    matrix = analysis.theme_initiative.set_index("theme")
    themes = analysis.themes.set_index("theme")
    if initiative not in matrix.columns:
        return _section(t("own_obstacles.heading", lang), _p(t("own_obstacles.none", lang)), anchor="obstacles")
    mine = matrix[matrix[initiative] > 0]
    if mine.empty:
        return _section(t("own_obstacles.heading", lang), _p(t("own_obstacles.none", lang)), anchor="obstacles")
    rows = []
    for theme, counts in mine.iterrows():
        others = sorted(names.get(code, code) for code, v in counts.items() if v > 0 and code != initiative and code in names)
        label = _theme_label(themes.loc[theme], lang) if theme in themes.index else theme
        rows.append([esc(label), esc(", ".join(others) or t("own_obstacles.alone", lang))])
    body = _p(t("own_obstacles.explain", lang)) + _table(
        [esc(t("obstacles.col.theme", lang)), esc(t("own_obstacles.col.shared", lang))], rows
    )
    return _section(t("own_obstacles.heading", lang), body, anchor="obstacles")


def initiative_words(analysis: Analysis, lang: str, initiative: str) -> HTML:
    """Return the initiative's own obstacle answers (redacted, never attributed to a person)."""
    answers = _answers(analysis)
    own = analysis.obstacles[(analysis.obstacles["initiative"] == initiative) & ~analysis.obstacles["non_answer"].astype(bool)]
    if own.empty:
        return HTML("")
    if not _enough(analysis, answers.get(initiative, 0)):
        return _section(t("own_words.heading", lang),
                        _p(t("privacy.held_own", lang, min_initiative=analysis.meta.min_initiative_answers)),
                        anchor="words")
    themes = analysis.themes.set_index("theme")
    # in a stable order that does not follow the order people answered in
    own = own.sort_values(["theme", "text"], kind="stable")
    items = []
    for _, row in own.iterrows():
        label = _theme_label(themes.loc[row["theme"]], lang) if row["theme"] in themes.index else ""
        cite = f"<cite>{esc(label)}</cite>" if label else ""
        items.append(f"<li><blockquote>{esc(row['text'])}</blockquote>{cite}</li>")
    body = _p(t("own_words.explain", lang)) + f'<ul class="quotes">{"".join(items)}</ul>'
    return _section(t("own_words.heading", lang), body, anchor="words")


def initiative_learning(analysis: Analysis, lang: str, initiative: str) -> HTML:
    """Return whom the initiative could learn from, and who could learn from it."""
    pairs = analysis.learn_from
    mine = pairs[pairs["initiative"] == initiative]
    theirs = pairs[pairs["helper"] == initiative]
    body = f"<h3>{esc(t('learn.own.heading', lang))}</h3>"
    if mine.empty:
        body += _p(t("learn.own.none", lang))
    else:
        body += _table(
            [esc(t("learn.col.theme", lang)), esc(t("learn.col.helper", lang)), esc(t("learn.col.helped", lang))],
            [[esc(_label(row, lang)), esc(row["helper_name"]), esc(row["helped_text"])] for _, row in mine.iterrows()],
        )
    if not theirs.empty:
        body += f"<h3>{esc(t('learn.others.heading', lang))}</h3>"
        rows = []
        for _, group in theirs.groupby("theme", sort=False):
            names = ", ".join(dict.fromkeys(group["initiative_name"]))
            rows.append([esc(_label(group.iloc[0], lang)), esc(names)])
        body += _table([esc(t("learn.col.theme", lang)), esc(t("learn.col.initiative", lang))], rows)
    return _section(t("learn.heading", lang), body, anchor="learn")


def _distribution(values: pd.Series) -> tuple[dict[str, int], int]:
    """Return the count of each answer code and the number of answers."""
    values = values.dropna()
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        # a score read as a number (3.0) has the code its options use (3)
        numbers = values.astype("Float64")
        if bool((numbers % 1 == 0).all()):
            values = numbers.astype("Int64")
    values = values.astype("string")
    counts = values.value_counts()
    return {str(k): int(v) for k, v in counts.items()}, int(values.size)


def initiative_answers(analysis: Analysis, lang: str, initiative: str) -> HTML:
    """Return, per closed question, the initiative's answers beside the community and its previous round."""
    questions = analysis.questions
    options = analysis.answers
    responses = analysis.responses
    previous = analysis.previous_responses
    question_texts = dict(zip(questions["code"], _survey_texts(analysis, questions, "text", lang), strict=True))
    allowed = _published(analysis, initiative)
    allowed_before = _published(analysis, initiative, "previous_figures")
    # the aspects have a section of their own; the initiative question is what the page is about
    skip = {analysis.meta.aspects_question, analysis.meta.initiative_question}
    first = _first_round(analysis)
    parts = [_p(t("questions.explain.first" if first else "questions.explain", lang))]
    if not allowed:
        parts.append(_p(t("questions.held", lang)))
    shown = 0
    for _, q in questions.iterrows():
        code = q["code"]
        if code in skip or q["type"] not in DISTRIBUTION_TYPES or code not in responses:
            continue
        labels = options[(options["question"] == code) & (options["kind"] == "answer")]
        label_of = dict(zip(labels["code"], _survey_texts(analysis, labels, "label", lang), strict=True))
        if q["type"] in YES_NO_TYPES:
            label_of = {"True": t("yes", lang), "False": t("no", lang)}
        if q["type"] in SCALE_TYPES:
            label_of = {str(i): str(i) for i in range(1, 6)}
        community, n_all = _distribution(responses[code])
        own, n_mine = _distribution(responses.loc[responses["initiative"] == initiative, code])
        before, n_before = ({}, 0)
        if previous is not None and code in previous:
            before, n_before = _distribution(previous.loc[previous["initiative"] == initiative, code])
        keys = list(label_of) or sorted(community)
        rows = []
        for key in keys:
            def pct(counts: dict[str, int], n: int, ok: bool = True) -> str:
                if not ok:
                    return f'<span class="held">{esc(t("held", lang))}</span>'
                if n == 0:
                    return "–"
                return esc(f"{round(100 * counts.get(key, 0) / n)}%")
            rows.append([
                esc(label_of.get(key, key)),
                pct(own, n_mine, allowed),
                pct(community, n_all),
            ] + ([] if first else [pct(before, n_before, allowed_before)]))
        parts.append(f"<h3>{esc(question_texts[code])}</h3>")
        parts.append(_table(
            [esc(t("questions.col.answer", lang)),
             esc(t("questions.col.own", lang)) + f" <small>({esc(t('questions.n', lang, n=n_mine))})</small>",
             esc(t("questions.col.community", lang)) + f" <small>({esc(t('questions.n', lang, n=n_all))})</small>"]
            + ([] if first else [esc(t("questions.col.previous", lang)) + f" <small>({esc(t('questions.n', lang, n=n_before))})</small>"]),
            rows,
        ))
        shown += 1
    if not shown:
        return HTML("")
    return _section(t("questions.heading", lang), "".join(parts), anchor="answers")
