"""The sections of ``bijeenkomst.html``: the next meeting's agenda, table groups and who can learn from whom.

They read the analysis' ``meeting_*`` and ``help_edges`` tables (``pipeline.meeting``).
Every text from a respondent is the redacted text of the data files, escaped here.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from pipeline.report.analysis import Analysis
from pipeline.report.charts import help_network
from pipeline.report.i18n import number, t
from pipeline.report.handmade import _p, _section, _table, esc
from pipeline.report.sections import _names, _theme_label

QUOTES_PER_TABLE = 3


def _labels(analysis: Analysis, lang: str) -> dict[str, str]:
    return {row["theme"]: _theme_label(row, lang) for _, row in analysis.themes.iterrows()}


def meeting_header(analysis: Analysis, lang: str) -> HTML:
    """Return the page's h1, its lead and the navigation."""
    nav = (f'<nav aria-label="navigatie"><a href="index.html">{esc(t("nav.index", lang))}</a> · '
           f'<a href="community.html">{esc(t("nav.community", lang))}</a></nav>')
    title = t("meeting.title", lang, title=analysis.meta["title"])
    return HTML(f'<header class="page-header">{nav}<h1>{esc(title)}</h1><p class="lead">{esc(t("meeting.lead", lang))}</p></header>')


def _helpers(analysis: Analysis, codes: str | None) -> str:
    names = _names(analysis)
    found = [names.get(c.strip(), c.strip()) for c in str(codes or "").split(",") if c.strip()]
    return ", ".join(found)


def meeting_agenda(analysis: Analysis, lang: str) -> HTML:
    """Return the proposed agenda: the most shared and the rising themes, with who can tell what helped."""
    agenda = analysis.meeting_agenda
    if agenda.empty:
        return _section(t("meeting.agenda", lang), _p(t("meeting.agenda.none", lang)), anchor="agenda")
    labels = _labels(analysis, lang)
    rows = []
    for _, row in agenda.iterrows():
        why = ", ".join(t(f"meeting.reason.{r.strip()}", lang) for r in str(row["reason"]).split(","))
        change = row["change"]
        now = f"{int(row['initiatives'])} ({number(100 * float(row['share']), lang, 0)} %)"
        if not pd.isna(change):
            points = round(100 * float(change))
            now += "; " + t("meeting.change", lang, points=f"+{points}" if points > 0 else str(points))
        rows.append([esc(labels.get(row["theme"], row["theme"])), esc(why), esc(now),
                     esc(_helpers(analysis, row["helpers"]) or t("meeting.nobody", lang))])
    body = _p(t("meeting.agenda.explain", lang)) + _table(
        [esc(t("meeting.col.theme", lang)), esc(t("meeting.col.why", lang)), esc(t("meeting.col.initiatives", lang)),
         esc(t("meeting.col.helpers", lang))], rows)
    return _section(t("meeting.agenda", lang), body, anchor="agenda")


def meeting_tables(analysis: Analysis, lang: str) -> HTML:
    """Return every table group: its theme, who sits there, what helped the helpers, what the others meet."""
    tables = analysis.meeting_tables
    names = _names(analysis)
    labels = _labels(analysis, lang)
    helped = analysis.meeting_help.set_index(["initiative", "theme"])["text"] if len(analysis.meeting_help) else pd.Series(dtype="string")
    obstacles = analysis.obstacles
    low, high = analysis.meta.table_size
    matrix = analysis.theme_initiative.set_index("theme")
    own = sum(theme in matrix.index and code in matrix.columns and matrix.loc[theme, code] > 0
              for code, theme in zip(tables["initiative"], tables["theme"], strict=True))
    parts = [_p(t("meeting.tables.explain", lang, low=low, high=high, own=own, total=len(tables)))]
    for number_, table in tables.groupby("table", sort=True):
        theme = str(table["theme"].iloc[0])
        rows = [[esc(names.get(code, code)), esc(t(f"meeting.role.{role}", lang))]
                for code, role in zip(table["initiative"], table["role"], strict=True)]
        heading = t("meeting.table", lang, n=int(number_), theme=labels.get(theme, theme))
        # each table group's list of who sits there is a region named after the group
        body = f"<h4>{esc(t('meeting.who', lang))}</h4>" + _table(
            [esc(t("meeting.col.initiative", lang)), esc(t("meeting.col.role", lang))], rows, label=heading)
        words = [(names.get(code, code), helped[(code, theme)]) for code in table.loc[table["role"] == "helps", "initiative"]
                 if (code, theme) in helped.index]
        body += f"<h4>{esc(t('meeting.helped', lang))}</h4>"
        if words:
            body += '<ul class="quotes">' + "".join(
                f"<li><blockquote>{esc(text)}</blockquote> <cite>{esc(name)}</cite></li>" for name, text in words) + "</ul>"
        else:
            body += _p(t("meeting.no_helper", lang))
        struggling = set(table.loc[table["role"] == "struggles", "initiative"])
        said = obstacles[(obstacles["theme"] == theme) & obstacles["initiative"].isin(struggling)]
        said = said.sort_values(["score", "initiative"], ascending=[False, True], kind="stable")
        said = said.drop_duplicates("initiative").drop_duplicates("text")
        quotes = [str(x) for x in said["text"].head(QUOTES_PER_TABLE) if isinstance(x, str) and x.strip()]
        if quotes:
            body += f"<h4>{esc(t('meeting.struggle', lang))}</h4>" + '<ul class="quotes">' + "".join(
                f"<li><blockquote>{esc(q)}</blockquote></li>" for q in quotes) + "</ul>"
        parts.append(f'<section class="meeting-table" id="tafel-{int(number_)}"><h3>{esc(heading)}</h3>{body}</section>')
    return _section(t("meeting.tables", lang), "".join(parts), anchor="tables")


def meeting_network(analysis: Analysis, lang: str) -> HTML:
    """Return who can learn from whom: a network picture and the same as a table, per region when there are regions."""
    edges = analysis.help_edges
    if edges.empty:
        return _section(t("meeting.network", lang), _p(t("meeting.network.none", lang)), anchor="network")
    names = _names(analysis)
    labels = _labels(analysis, lang)
    parts = []
    regions = sorted(set(edges["region"].fillna("")))
    for region in regions:
        part = edges[edges["region"].fillna("") == region]
        triples = list(zip(part["helper"], part["initiative"], part["theme"], strict=True))
        per_theme = part.groupby("theme", sort=False).size()
        nodes = len(set(part["helper"]) | set(part["initiative"]))
        details = t("meeting.network.summary", lang, arrows=len(part), initiatives=nodes) + " " + "; ".join(
            f"{labels.get(th, th)}: {n}" for th, n in per_theme.items())
        picture = help_network(triples, labels={c: _short(names.get(c, c)) for c in names}, theme_names=labels,
                               alt=t("meeting.network.alt", lang, details=details))
        rows = [[esc(labels.get(th, th)), esc(names.get(h, h)), esc(names.get(i, i))]
                for th, h, i in sorted((th, names.get(h, h), names.get(i, i)) for h, i, th in triples)]
        table = _table([esc(t("meeting.col.theme", lang)), esc(t("meeting.col.helper", lang)), esc(t("meeting.col.learner", lang))], rows)
        if region:
            parts.append(f"<h3>{esc(t('meeting.network.region', lang, region=region))}</h3>")
        parts.append(picture + table)
    return _section(t("meeting.network", lang), _p(t("meeting.network.explain", lang)) + "".join(parts), anchor="network")


def _short(name: str) -> str:
    """Return a name short enough for a node label."""
    return name if len(name) <= 18 else name[:17] + "…"
