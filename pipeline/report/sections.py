"""The sections of the participant pages, as HTML the notebooks display.

Each section gathers its data here and renders a template of ``templates/pages/sections``:
the template engine escapes every text (answers are data, never markup). Headings run
h1 (the page) > h2 (a section) > h3 (a part).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import SupportsFloat

import pandas as pd
from IPython.display import HTML

from pipeline import privacy
from pipeline.i18n import Language
from pipeline.limesurvey import DISTRIBUTION_TYPES, SCALE_TYPES, YES_NO_TYPES
from pipeline.privacy import FigureState
from pipeline.report.analysis import Analysis, answer_distribution, load_analysis
from pipeline.report.charts import grouped_bars
from pipeline.report.i18n import MESSAGES, count_word, number, t, tn
from pipeline.report.templating import Cell, render

__all__ = ["load_analysis"]


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _text(value: object) -> str:
    """Return ``value`` as text for a template, a missing value as an empty string."""
    return "" if _missing(value) else str(value)


def _section(template: str, **context: object) -> HTML:
    """Return the section rendered by ``templates/pages/sections/<template>.html.j2``."""
    return HTML(str(render(f"sections/{template}.html.j2", **context)))


def _message(heading: str, text: str, *, anchor: str = "", level: int = 2) -> HTML:
    """Return a section that says one thing (nothing to show, or held back)."""
    return HTML(str(render("message.html.j2", heading=heading, text=text, anchor=anchor, level=level)))


def _fmt(value: SupportsFloat | None, lang: str, digits: int = 1) -> str:
    if value is None or _missing(value):
        return "–"
    return number(float(value), lang, digits)


def _signed(value: SupportsFloat | None, lang: str) -> str:
    if value is None or _missing(value):
        return "–"
    text = number(float(value), lang)
    return text if float(value) <= 0 else f"+{text}"


def _held(lang: str) -> Cell:
    return Cell(t("held", lang), held=True)


def _counted(text: str, n: object) -> Cell:
    return Cell(text, note=f"(n = {n})")


def _names(analysis: Analysis) -> dict[str, str]:
    # tolist: iterating an Arrow-backed column value by value costs a page of 1,500 initiatives a second
    table = analysis.initiatives
    return dict(zip(table["initiative"].tolist(), table["name"].tolist(), strict=True))


def _answers(analysis: Analysis) -> dict[str, int]:
    table = analysis.initiatives
    return dict(zip(table["initiative"].tolist(), table["answers"].tolist(), strict=True))


def and_others(names: Sequence[str], total: int, lang: str) -> str:
    """Return the names as one line, with "en N andere" for the ``total - len(names)`` not named."""
    rest = int(total) - len(names)
    listed = ", ".join(names)
    if rest <= 0:
        return listed
    return tn("peers.and_others", rest, lang, names=listed) if listed else tn("peers.others_only", rest, lang)


def _peer_lists(analysis: Analysis, initiative: str) -> dict[tuple[str, str], tuple[list[str], int]]:
    """Return the names of an initiative's bounded peers per (theme, list: ``contact`` or
    ``also_named``), each with the list's whole length; read once for the page."""
    peers = analysis.peers
    rows = peers[peers["initiative"] == initiative].sort_values("rank", kind="stable")
    names = _names(analysis)
    shown = int(analysis.meta.peers)
    found: dict[tuple[str, str], tuple[list[str], int]] = {}
    for (theme, which), group in rows.groupby(["theme", "list"], sort=False):
        codes = group["peer"].tolist()[:shown]
        found[(str(theme), str(which))] = ([names.get(code, code) for code in codes], int(group["total"].max()))
    return found


def _group_of(analysis: Analysis, initiative: str) -> str | None:
    """Return the group (region) of an initiative, or None when the round has no groups."""
    table = analysis.initiatives
    if "group" not in table:
        return None
    found = table.loc[table["initiative"] == initiative, "group"].dropna()
    return str(found.iloc[0]) if len(found) else None


def _group_published(analysis: Analysis, group: str) -> bool:
    row = _group_row(analysis, group)
    return row is not None and row["status"] == FigureState.PUBLISHED


def _question(analysis: Analysis, role: str) -> str | None:
    """Return the code of the question that plays ``role`` in round.toml's ``[questions]``.

    The data dictionary records each question's role; None when no question has it.
    """
    dictionary = analysis.data_dictionary
    found = dictionary.loc[(dictionary["role"] == role) & (dictionary["part"] == ""), "question"]
    return str(found.iloc[0]) if len(found) else None


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


def _aspects_explain(analysis: Analysis, lang: str, count: int, *, large: bool = False) -> str:
    _, words, _ = _scale(analysis, lang)
    key = "aspects.explain.large" if large else "aspects.explain"
    return tn(key, count, lang, count=count_word(count, lang), scale=words)


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
    else:
        name = _names(analysis).get(initiative, initiative)
        title = t("initiative.title", lang, name=name, title=meta.title)
        n = _answers(analysis).get(initiative, 0)
        lead = tn("initiative.lead.first" if _first_round(analysis) else "initiative.lead", n, lang)
    return _section("page_header", lang=lang, initiative=initiative, title=title, lead=lead)


def _redacted_names(analysis: Analysis, lang: str) -> str:
    """Return the names the quotes were redacted of, as a phrase ("de namen ... en voornamen ...")."""
    done = analysis.meta.names_redacted
    parts = [t(f"privacy.names.{kind}", lang) for kind in ("participants", "names_file", "first_name_list") if done.get(kind)]
    if not parts:
        return t("privacy.names.none", lang)
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {t('and', lang)} {parts[-1]}"


def privacy_note(analysis: Analysis, lang: str, *, initiative: str | None = None, group: str | None = None) -> HTML:
    """Return what was held back on this page (the community's, a group's or an initiative's), and why."""
    meta = analysis.meta
    names = _names(analysis)
    if group is not None and "group" in analysis.initiatives:
        members = set(analysis.initiatives.loc[analysis.initiatives["group"] == group, "initiative"])
        names = {code: name for code, name in names.items() if code in members}
    few = shield = ""
    own = FigureState.PUBLISHED
    if initiative is None:
        few_names = [name for code, name in names.items() if _status(analysis, code) == FigureState.PRIMARY]
        shield_names = [name for code, name in names.items() if _status(analysis, code) == FigureState.COMPLEMENTARY]
        shown = meta.peers if meta.large else None
        few = and_others(few_names[:shown], len(few_names), lang)
        shield = and_others(shield_names[:shown], len(shield_names), lang)
    else:
        own = _status(analysis, initiative)
    return _section(
        "privacy_note", lang=lang, few=few, shield=shield, redacted=_redacted_names(analysis, lang),
        own_primary=own == FigureState.PRIMARY, own_complementary=own == FigureState.COMPLEMENTARY,
        min_initiative=meta.min_initiative_answers, min_group=meta.min_group_size,
    )


# ---------------------------------------------------------------- community sections

def participation(analysis: Analysis, lang: str) -> HTML:
    """Return the participation section: started and complete per initiative."""
    table = analysis.participation
    names = _names(analysis)
    rows = []
    spread = ""
    if analysis.meta.large:
        # one row per initiative would be pages long: the spread, the rows in participation.csv
        per = table.loc[table["complete"] > 0, "complete"]
        if len(per):
            spread = t("participation.spread", lang, median=_fmt(per.median(), lang), low=int(per.min()),
                       high=int(per.max()))
        table = table.iloc[0:0]
    for _, row in table.iterrows():
        code = row["initiative"]
        name = names.get(code) or (t("participation.unknown", lang) if not code else code)
        rows.append([_text(name), _text(row["started"]), _text(row["complete"])])
    whole = analysis.participation
    return _section(
        "participation", lang=lang, rows=rows, large=analysis.meta.large, spread=spread,
        complete=tn("count.complete", int(whole["complete"].sum()), lang),
        initiatives=tn("count.initiatives", int((whole["complete"] > 0).sum()), lang),
        started=tn("count.times", int(whole["started"].sum()), lang), invited=analysis.meta.invited,
    )


def community_aspects(analysis: Analysis, lang: str) -> HTML:
    """Return the aspects section: community medians now and before, and per initiative."""
    trend = analysis.community_aspects
    if trend.empty:
        return _message(t("aspects.heading", lang), t("aspects.none", lang))
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
    # a first round has no previous round to show beside it
    before = not _first_round(analysis)
    rows = [
        [label, _counted(_fmt(m, lang), int(n))] + ([_fmt(p, lang), _signed(c, lang)] if before else [])
        for label, m, n, p, c in zip(labels, trend["median"], trend["n"], trend["previous_median"], trend["change"], strict=True)
    ]
    # per initiative: mean per aspect, with n; held back below the threshold
    aspects = analysis.aspects
    order = list(trend["aspect"])
    names = _names(analysis)
    answers = _answers(analysis)
    initiative_rows: list[list[str | Cell]] = []
    if analysis.meta.large:
        # the spread of the initiatives' own means per aspect; each initiative's on its page
        for aspect, label in zip(order, labels, strict=True):
            means = aspects.loc[(aspects["aspect"] == aspect) & aspects["mean"].notna(), "mean"].astype(float)
            if means.empty:
                initiative_rows.append([label, "0", *["–"] * 5])
                continue
            quartiles = means.quantile([0.25, 0.5, 0.75]).tolist()
            initiative_rows.append([label, str(len(means)), _fmt(means.min(), lang), _fmt(quartiles[0], lang),
                                    _fmt(quartiles[1], lang), _fmt(quartiles[2], lang), _fmt(means.max(), lang)])
        return _section(
            "community_aspects", lang=lang, chart=chart, rows=rows, initiative_rows=initiative_rows, before=before,
            explain=_aspects_explain(analysis, lang, len(labels), large=True), aspect_names=[], large=True,
        )
    for code in analysis.initiatives["initiative"]:
        own = aspects[aspects["initiative"] == code].set_index("aspect")
        cells: list[str | Cell] = [_counted(_text(names[code]), answers[code])]
        for aspect in order:
            if aspect in own.index and not pd.isna(own.loc[aspect, "mean"]):
                cells.append(_fmt(own.loc[aspect, "mean"], lang))
            elif aspect in own.index or not _published(analysis, code):
                cells.append(_held(lang))
            else:
                cells.append("–")
        initiative_rows.append(cells)
    return _section(
        "community_aspects", lang=lang, chart=chart, rows=rows, initiative_rows=initiative_rows, before=before,
        explain=_aspects_explain(analysis, lang, len(labels)), aspect_names=[_aspect_label(analysis, a) for a in order],
        large=False,
    )


def roles_breakdown(
    analysis: Analysis, lang: str, *, role_column: str | None = None, initiative: str | None = None
) -> HTML:
    """Return mean aspect scores by respondent role, small groups suppressed.

    ``role_column`` defaults to the question round.toml names ``respondent_role``.
    """
    meta = analysis.meta
    responses = analysis.row_level("responses")
    if initiative is not None:
        responses = responses[responses["initiative"] == initiative]
    aspect_cols = [c for c in responses.columns if c.startswith("aspect_")]
    if role_column is None:
        role_column = _question(analysis, "respondent_role")
    if role_column is None or role_column not in responses or not aspect_cols:
        return HTML("")
    labels = analysis.answers[(analysis.answers["question"] == role_column) & (analysis.answers["kind"] == "answer")]
    role_names = dict(zip(labels["code"], _survey_texts(analysis, labels, "label", lang), strict=True))
    frame = responses[[role_column, *aspect_cols]].copy()
    frame["score"] = frame[aspect_cols].apply(pd.to_numeric, errors="coerce").mean(axis=1)
    table = privacy.breakdown(
        frame, by=role_column, value="score", min_group_size=int(meta.min_group_size), language=lang
    )
    rows: list[list[str | Cell]] = []
    for group, row in table.table.iterrows():
        name = _text(role_names.get(group, group))
        if table.status[group] != FigureState.PUBLISHED:
            rows.append([name, _held(lang), _held(lang)])
        else:
            rows.append([name, str(int(row["n"])), _fmt(row["mean"], lang)])
    return _section(
        "roles_breakdown", lang=lang, rows=rows, level=3 if initiative else 2,
        nothing_shown=bool(table.suppressed.all()), held_back=table.held_back(Language(lang)),
        min_group=meta.min_group_size,
    )


def obstacle_themes(analysis: Analysis, lang: str) -> HTML:
    """Return the shared obstacles: themes, how many initiatives share each, the trend."""
    themes = analysis.themes
    themes = themes[themes["initiatives"] > 0]
    if themes.empty:
        return _message(t("obstacles.heading", lang), t("obstacles.none", lang), anchor="obstacles")
    names = _names(analysis)
    matrix = analysis.theme_initiative.set_index("theme")
    labels = [_theme_label(row, lang) for _, row in themes.iterrows()]
    series = [(t("obstacles.col.initiatives", lang), list(themes["initiatives"].astype(float)))]
    has_previous = themes["previous_initiatives"].notna().any()
    if has_previous:
        series.append((t("aspects.chart.previous", lang), [None if pd.isna(v) else float(v) for v in themes["previous_initiatives"]]))
    details = "; ".join(f"{label}: {int(n)}" for label, n in zip(labels, themes["initiatives"], strict=True))
    chart = grouped_bars(labels, series, xlabel=t("obstacles.chart.xlabel", lang), alt=t("obstacles.chart.alt", lang, details=details))
    rows: list[list[str | Cell]] = []
    large = analysis.meta.large
    answered = max(int(analysis.meta.initiatives), 1)
    for label, (_, row) in zip(labels, themes.iterrows(), strict=True):
        theme: str | Cell = label
        if bool(row.get("emergent")):
            theme = Cell(label, note=t("obstacles.emergent", lang), note_class="tag")
        prev = row.get("previous_initiatives")
        counted = [theme, str(int(row["initiatives"]))] + (
            [] if _first_round(analysis) else ["–" if pd.isna(prev) else str(int(prev))]
        )
        if large:
            # themes by share of initiatives; who names a theme is on their own pages
            rows.append(counted + [f"{round(100 * int(row['initiatives']) / answered)}%"])
            continue
        who = []
        if row["theme"] in matrix.index:
            counts = matrix.loc[row["theme"]]
            who = [names.get(code, code) for code, v in counts.items() if code in names and v > 0]
        rows.append(counted + [", ".join(sorted(who))])
    non_answers = int(analysis.meta.non_answers)
    return _section(
        "obstacle_themes", lang=lang, chart=chart, rows=rows, before=not _first_round(analysis), large=large,
        explain=tn("obstacles.explain", non_answers, lang, non_answers=non_answers),
    )


def quotes(analysis: Analysis, lang: str, *, themes: Sequence[str] | None = None) -> HTML:
    """Return representative quotes per theme, attributed at most to an initiative."""
    table = analysis.quotes
    theme_rows = analysis.themes.set_index("theme")
    if themes is not None:
        table = table[table["theme"].isin(list(themes))]
    if table.empty:
        return HTML("")
    attribute = bool(analysis.meta.attribute_quotes)
    shown = []
    for theme, group in table.groupby("theme", sort=False):
        label = _theme_label(theme_rows.loc[theme], lang) if theme in theme_rows.index else theme
        items = []
        for _, row in group.sort_values("rank").iterrows():
            source = _text(row["initiative_name"]) if attribute and row.get("initiative_name") else ""
            items.append((_text(row["text"]), source))
        shown.append((_text(label), items))
    return _section("quotes", lang=lang, themes=shown)


def _label(row: pd.Series, lang: str) -> str:
    return row.get(f"label_{lang}") or row.get("label_nl") or row["theme"]


def learn_from(analysis: Analysis, lang: str) -> HTML:
    """Return, per theme, who struggles with it and who can help with what helped them.

    Each helper appears once per theme, however many initiatives it was paired with: the
    pairs themselves are on each initiative's page and in ``learn_from.csv``.
    """
    pairs = analysis.learn_from
    if pairs.empty:
        return _message(t("learn.heading", lang), t("learn.none", lang), anchor="learn")
    # the theme most initiatives struggle with first; ties in the order of the pairs table
    order = pairs.groupby("theme", sort=False)["initiative"].nunique().sort_values(ascending=False, kind="stable")
    shown = []
    for theme in order.index:
        group = pairs[pairs["theme"] == theme]
        struggling = list(dict.fromkeys(group["initiative_name"]))
        ranked = (
            group.assign(paired=group.groupby("helper")["initiative"].transform("nunique"))
            .sort_values(["paired", "score"], ascending=[False, False], kind="stable")
        )
        rows = []
        helpers = list(ranked.groupby("helper", sort=False))
        more = ""
        if analysis.meta.large:
            # the helpers paired most often first; the rest counted, every pair in learn_from.csv
            if len(helpers) > analysis.meta.peers:
                more = tn("learn.more_helpers", len(helpers) - analysis.meta.peers, lang)
            helpers = helpers[: analysis.meta.peers]
            struggling = [tn("count.initiatives", len(struggling), lang)]
        for _, theirs in helpers:
            # several people of one initiative may each have told what helped
            told = Cell(lines=tuple(_text(text) for text in dict.fromkeys(theirs["helped_text"])))
            rows.append([_text(theirs.iloc[0]["helper_name"]), told])
        shown.append((_text(_label(group.iloc[0], lang)), ", ".join(struggling), rows, more))
    return _section("learn_from", lang=lang, themes=shown)


def question_changes(analysis: Analysis, lang: str) -> HTML:
    """Return what changed in the questionnaire since the previous round."""
    diff = analysis.question_diff
    if analysis.meta.previous_round is None:
        return _message(t("diff.heading", lang), t("diff.first", lang), anchor="changes")
    if diff.empty:
        return _message(t("diff.heading", lang), t("diff.none", lang), anchor="changes")
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
        rows.append([change, _text(row["question"]), ": ".join(detail_parts)])
    return _section("question_changes", lang=lang, rows=rows)


# ---------------------------------------------------------------- initiative sections

def initiative_aspects(analysis: Analysis, lang: str, initiative: str) -> HTML:
    """Return the initiative's aspect means beside the community median and its previous round."""
    trend = analysis.community_aspects
    answers = _answers(analysis)
    n = answers.get(initiative, 0)
    if trend.empty:
        return _message(t("aspects.heading", lang), t("aspects.none", lang), anchor="aspects")
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
    rows = [
        [label, _fmt(m, lang) if m is not None else _held(lang)] + ([] if first else [_fmt(b, lang)]) + [_fmt(c, lang)]
        for label, m, b, c in zip(labels, mine, before, trend["median"], strict=True)
    ]
    own_header = _counted(t("aspects.col.own", lang), n)
    group = _group_of(analysis, initiative)
    group_rows: list[list[str | Cell]] = []
    group_note = ""
    if group is not None and _group_published(analysis, group):
        means, network = _group_means(analysis, group), _group_means(analysis, "")
        for aspect, label, m in zip(trend["aspect"], labels, mine, strict=True):
            g, gn = means.get(aspect, (None, None))
            w, wn = network.get(aspect, (None, None))
            group_rows.append([label, _fmt(m, lang) if m is not None else _held(lang),
                               _counted(_fmt(g, lang), gn) if g is not None else _held(lang),
                               _counted(_fmt(w, lang), wn) if w is not None else _held(lang)])
    elif group is not None:
        group_note = t("group.held", lang, group=group, min_group=analysis.meta.min_group_size)
    return _section(
        "initiative_aspects", lang=lang, chart=chart, rows=rows, own_header=own_header, before=not first,
        explain=_aspects_explain(analysis, lang, len(labels)), group=group, group_rows=group_rows,
        group_note=group_note,
    )


def initiative_obstacles(analysis: Analysis, lang: str, initiative: str) -> HTML:
    """Return the initiative's obstacle themes and which other initiatives share them."""
    names = _names(analysis)
    matrix = analysis.theme_initiative.set_index("theme")
    themes = analysis.themes.set_index("theme")
    none = _message(t("own_obstacles.heading", lang), t("own_obstacles.none", lang), anchor="obstacles")
    if initiative not in matrix.columns:
        return none
    mine = matrix[matrix[initiative] > 0]
    if mine.empty:
        return none
    rows = []
    large = analysis.meta.large
    peers = _peer_lists(analysis, initiative) if large else {}
    for theme, counts in mine.iterrows():
        label = _theme_label(themes.loc[theme], lang) if theme in themes.index else theme
        if large:
            # a national network: the few most worth contacting, and how many others there are
            shared, total = peers.get((str(theme), "also_named"), ([], 0))
            contact, contacts = peers.get((str(theme), "contact"), ([], 0))
            rows.append([_text(label), and_others(shared, total, lang) or t("own_obstacles.alone", lang),
                         and_others(contact, contacts, lang) or "–"])
            continue
        others = sorted(names.get(code, code) for code, v in counts.items() if v > 0 and code != initiative and code in names)
        rows.append([_text(label), ", ".join(others) or t("own_obstacles.alone", lang)])
    return _section("initiative_obstacles", lang=lang, rows=rows, large=large, peers=analysis.meta.peers)


def initiative_words(analysis: Analysis, lang: str, initiative: str) -> HTML:
    """Return the initiative's own obstacle answers (redacted, never attributed to a person)."""
    answers = _answers(analysis)
    own = analysis.obstacles[(analysis.obstacles["initiative"] == initiative) & ~analysis.obstacles["non_answer"].astype(bool)]
    if own.empty:
        return HTML("")
    if not _enough(analysis, answers.get(initiative, 0)):
        return _message(
            t("own_words.heading", lang),
            t("privacy.held_own", lang, min_initiative=analysis.meta.min_initiative_answers),
            anchor="words",
        )
    themes = analysis.themes.set_index("theme")
    # in a stable order that does not follow the order people answered in
    own = own.sort_values(["theme", "text"], kind="stable")
    items = []
    for _, row in own.iterrows():
        label = _theme_label(themes.loc[row["theme"]], lang) if row["theme"] in themes.index else ""
        items.append((_text(row["text"]), label))
    return _section("initiative_words", lang=lang, items=items)


def initiative_learning(analysis: Analysis, lang: str, initiative: str) -> HTML:
    """Return whom the initiative could learn from, and who could learn from it."""
    pairs = analysis.learn_from
    mine = pairs[pairs["initiative"] == initiative]
    theirs = pairs[pairs["helper"] == initiative]
    own_rows = [
        [_text(_label(row, lang)), _text(row["helper_name"]), _text(row["helped_text"])] for _, row in mine.iterrows()
    ]
    their_rows = []
    for _, group in theirs.groupby("theme", sort=False):
        if analysis.meta.large:
            # those for whom this initiative is the best match first, then by name
            ordered = group.sort_values(["rank", "initiative_name"], kind="stable")
            learners = list(dict.fromkeys(ordered["initiative_name"]))
            text = and_others([_text(n) for n in learners[: analysis.meta.peers]], len(learners), lang)
        else:
            text = ", ".join(dict.fromkeys(group["initiative_name"]))
        their_rows.append([_text(_label(group.iloc[0], lang)), text])
    return _section("initiative_learning", lang=lang, own_rows=own_rows, their_rows=their_rows)


def _community_distributions(analysis: Analysis) -> dict[str, dict[str, int]]:
    """Return, per question, the count of each answer code the community gave (counted once
    in the analysis: a page does not count the whole round again)."""
    counts = analysis.answer_counts
    found: dict[str, dict[str, int]] = {}
    for question, answer, n in zip(counts["question"].tolist(), counts["answer"].tolist(), counts["count"].tolist(), strict=True):
        found.setdefault(str(question), {})[str(answer)] = int(n)
    return found


def initiative_answers(analysis: Analysis, lang: str, initiative: str) -> HTML:
    """Return, per closed question, the initiative's answers beside the community and its previous round."""
    questions = analysis.questions
    options = analysis.answers
    responses = analysis.row_level("responses")
    previous = analysis.previous_responses
    question_texts = dict(zip(questions["code"], _survey_texts(analysis, questions, "text", lang), strict=True))
    allowed = _published(analysis, initiative)
    allowed_before = _published(analysis, initiative, "previous_figures")
    # the aspects have a section of their own; the initiative question is what the page is about
    skip = {analysis.meta.aspects_question, analysis.meta.initiative_question}
    first = _first_round(analysis)
    # each table once, not once per question
    mine = responses[responses["initiative"] == initiative]
    mine_before = previous[previous["initiative"] == initiative] if previous is not None else None
    communities = _community_distributions(analysis)
    answer_options = options[options["kind"] == "answer"]
    labels_of: dict[str, dict[str, str]] = {}
    for question, code, label in zip(answer_options["question"].tolist(), answer_options["code"].tolist(),
                                     _survey_texts(analysis, answer_options, "label", lang), strict=True):
        labels_of.setdefault(question, {})[code] = label
    shown = []
    for code, kind in zip(questions["code"].tolist(), questions["type"].tolist(), strict=True):
        if code in skip or kind not in DISTRIBUTION_TYPES or code not in responses:
            continue
        label_of = labels_of.get(code, {})
        if kind in YES_NO_TYPES:
            label_of = {"True": t("yes", lang), "False": t("no", lang)}
        if kind in SCALE_TYPES:
            label_of = {str(i): str(i) for i in range(1, 6)}
        community = communities.get(str(code), {})
        n_all = sum(community.values())
        own, n_mine = answer_distribution(mine[code])
        before: dict[str, int] = {}
        n_before = 0
        if mine_before is not None and code in mine_before:
            before, n_before = answer_distribution(mine_before[code])
        keys = list(label_of) or sorted(community)

        def pct(counts: dict[str, int], n: int, key: str, ok: bool = True) -> str | Cell:
            if not ok:
                return _held(lang)
            if n == 0:
                return "–"
            return f"{round(100 * counts.get(key, 0) / n)}%"

        rows = [
            [_text(label_of.get(key, key)), pct(own, n_mine, key, allowed), pct(community, n_all, key)]
            + ([] if first else [pct(before, n_before, key, allowed_before)])
            for key in keys
        ]

        def counted(column: str, n: int) -> Cell:
            return Cell(t(column, lang), note=f"({t('questions.n', lang, n=n)})")

        shown.append({
            "text": _text(question_texts[code]), "rows": rows,
            "own": counted("questions.col.own", n_mine),
            "community": counted("questions.col.community", n_all),
            "previous": counted("questions.col.previous", n_before),
        })
    if not shown:
        return HTML("")
    return _section("initiative_answers", lang=lang, held=not allowed, questions=shown, first=first)


# ---------------------------------------------------------------- group (region) pages

def _group_row(analysis: Analysis, group: str) -> pd.Series | None:
    groups = analysis.groups
    found = groups[groups["group"] == group]
    return found.iloc[0] if len(found) else None


def _group_means(analysis: Analysis, group: str) -> dict[str, tuple[float | None, int | None]]:
    """Return aspect -> (mean, n) of a group ("" for the whole network); (None, None) when held back."""
    table = analysis.group_aspects
    rows = table[table["group"] == group]
    return {
        str(r.aspect): (None if _missing(r.mean) else float(r.mean), None if _missing(r.n) else int(r.n))
        for r in rows.itertuples(index=False)
    }


def group_header(analysis: Analysis, lang: str, group: str) -> HTML:
    """Return the h1 of a group's page (a regional learning community), its lead and the navigation."""
    row = _group_row(analysis, group)
    n = int(row["initiatives"]) if row is not None else 0
    title = t("group.title", lang, group=group, title=analysis.meta.title)
    lead = t("group.lead", lang, group=group, initiatives=tn("count.initiatives", n, lang),
             network=tn("count.initiatives", int(analysis.meta.initiatives), lang))
    # a page one folder down, like an initiative's: the same navigation
    return _section("page_header", lang=lang, initiative=group, title=title, lead=lead)


def group_aspects(analysis: Analysis, lang: str, group: str) -> HTML:
    """Return the group's mean per aspect beside the whole network's; nothing when it is held back."""
    if not _group_published(analysis, group):
        return _message(t("aspects.heading", lang),
                        t("group.held", lang, group=group, min_group=analysis.meta.min_group_size), anchor="aspects")
    mine, network = _group_means(analysis, group), _group_means(analysis, "")
    order = [a for a in analysis.community_aspects["aspect"] if a in network]
    if not order:
        return _message(t("aspects.heading", lang), t("aspects.none", lang), anchor="aspects")
    labels = [_aspect_label(analysis, a) for a in order]
    xlabel, _, top = _scale(analysis, lang)
    own = [mine.get(a, (None, None))[0] for a in order]
    whole = [network[a][0] for a in order]
    details = "; ".join(f"{label}: {_fmt(m, lang)} / {_fmt(w, lang)}" for label, m, w in zip(labels, own, whole, strict=True))
    chart = grouped_bars(labels, [(group, own)], reference=(t("group.network", lang), whole), xlabel=xlabel,
                         xlim=(0, top), alt=t("group.chart.alt", lang, group=group, details=details))
    rows = []
    for aspect, label in zip(order, labels, strict=True):
        m, n = mine.get(aspect, (None, None))
        w, wn = network[aspect]
        rows.append([label, _counted(_fmt(m, lang), n) if m is not None else _held(lang), _counted(_fmt(w, lang), wn)])
    _, words, _ = _scale(analysis, lang)
    return _section("group_aspects", lang=lang, chart=chart, rows=rows, group=group,
                    explain=t("group.aspects.explain", lang, group=group, scale=words))


def group_themes(analysis: Analysis, lang: str, group: str) -> HTML:
    """Return the obstacle themes by share of the group's initiatives, beside the network's share."""
    if not _group_published(analysis, group):
        return HTML("")
    table = analysis.group_themes
    mine = table[table["group"] == group].sort_values(["share", "theme"], ascending=[False, True], kind="stable")
    if mine.empty:
        return _message(t("obstacles.heading", lang), t("obstacles.none", lang), anchor="obstacles")
    themes = analysis.themes.set_index("theme")
    answered = max(int(analysis.meta.initiatives), 1)
    rows = []
    for r in mine.itertuples(index=False):
        label = _theme_label(themes.loc[r.theme], lang) if r.theme in themes.index else r.theme
        network = int(themes.loc[r.theme, "initiatives"]) if r.theme in themes.index else 0
        rows.append([_text(label), f"{round(100 * r.share)}% ({int(r.initiatives)})",
                     f"{round(100 * network / answered)}% ({network})"])
    return _section("group_themes", lang=lang, rows=rows, group=group)


def group_initiatives(analysis: Analysis, lang: str, group: str) -> HTML:
    """Return the group's initiatives, each linking to its own page."""
    from pipeline.limesurvey import slug

    table = analysis.initiatives
    if "group" not in table:
        return HTML("")
    members = table[table["group"] == group].sort_values("name", kind="stable")
    items = [(f"../initiatives/{slug(r.initiative)}.html", _text(r.name), tn("index.answers", int(r.answers), lang))
             for r in members.itertuples(index=False)]
    return _section("group_initiatives", lang=lang, items=items, group=group)
