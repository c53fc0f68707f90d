"""The sections of ``bijeenkomst.html``: the next meeting's agenda, table groups and who can learn from whom.

They read the analysis' ``meeting_*`` and ``help_edges`` tables (``pipeline.meeting``) and
render templates of ``templates/pages/sections``. Every text from a respondent is the
redacted text of the data files, escaped by the template.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from pipeline.report.analysis import Analysis
from pipeline.report.charts import help_network
from pipeline.report.i18n import number, t
from pipeline.report.sections import _message, _names, _section, _text, _theme_label, and_others

QUOTES_PER_TABLE = 3


def _labels(analysis: Analysis, lang: str) -> dict[str, str]:
    return {row["theme"]: _theme_label(row, lang) for _, row in analysis.themes.iterrows()}


def meeting_header(analysis: Analysis, lang: str) -> HTML:
    """Return the page's h1, its lead and the navigation."""
    return _section("meeting_header", lang=lang, title=t("meeting.title", lang, title=analysis.meta["title"]))


def _helpers(analysis: Analysis, codes: str | None) -> list[str]:
    """Return the names of the initiatives a comma-separated list of codes names, in its order."""
    names = _names(analysis)
    return [names.get(c.strip(), c.strip()) for c in str(codes or "").split(",") if c.strip()]


def meeting_agenda(analysis: Analysis, lang: str) -> HTML:
    """Return the proposed agenda: the most shared and the rising themes, with who can tell what helped."""
    agenda = analysis.meeting_agenda
    if agenda.empty:
        return _message(t("meeting.agenda", lang), t("meeting.agenda.none", lang), anchor="agenda")
    labels = _labels(analysis, lang)
    rows = []
    for _, row in agenda.iterrows():
        why = ", ".join(t(f"meeting.reason.{r.strip()}", lang) for r in str(row["reason"]).split(","))
        change = row["change"]
        now = f"{int(row['initiatives'])} ({number(100 * float(row['share']), lang, 0)} %)"
        if not pd.isna(change):
            points = round(100 * float(change))
            now += "; " + t("meeting.change", lang, points=f"+{points}" if points > 0 else str(points))
        found = _helpers(analysis, row["helpers"])
        # a large round: the first few by code, the rest counted; every helper is in meeting_help.csv
        helpers = (and_others(found[: analysis.meta.peers], len(found), lang) if analysis.meta.large
                   else ", ".join(found))
        rows.append([labels.get(row["theme"], row["theme"]), why, now, helpers or t("meeting.nobody", lang)])
    return _section("meeting_agenda", lang=lang, rows=rows)


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
    # a large round's tables are rows of a table, a small round's each a group of its own
    groups: list[list[str] | dict[str, object]] = []
    large = analysis.meta.large
    for number_, table in tables.groupby("table", sort=True):
        theme = str(table["theme"].iloc[0])
        if large:
            # hundreds of tables: one line each (who sits there, helpers marked); the quotes stay
            # on the initiatives' pages and in the data files
            sitting = ", ".join(
                names.get(code, code) + (f" ({t('meeting.role.helps', lang)})" if role == "helps" else "")
                for code, role in zip(table["initiative"], table["role"], strict=True))
            groups.append([str(int(number_)), labels.get(theme, theme), sitting])
            continue
        rows = [[names.get(code, code), t(f"meeting.role.{role}", lang)]
                for code, role in zip(table["initiative"], table["role"], strict=True)]
        words = [(names.get(code, code), _text(helped[(code, theme)])) for code in table.loc[table["role"] == "helps", "initiative"]
                 if (code, theme) in helped.index]
        struggling = set(table.loc[table["role"] == "struggles", "initiative"])
        said = obstacles[(obstacles["theme"] == theme) & obstacles["initiative"].isin(struggling)]
        said = said.sort_values(["score", "initiative"], ascending=[False, True], kind="stable")
        said = said.drop_duplicates("initiative").drop_duplicates("text")
        quotes = [str(x) for x in said["text"].head(QUOTES_PER_TABLE) if isinstance(x, str) and x.strip()]
        # each group's list of who sits there is a region named after the group
        groups.append({"number": int(number_), "heading": t("meeting.table", lang, n=int(number_), theme=labels.get(theme, theme)),
                       "rows": rows, "helped": words, "struggle": quotes})
    return _section("meeting_tables", lang=lang, groups=groups, large=large,
                    explain=t("meeting.tables.explain.large" if large else "meeting.tables.explain", lang,
                              low=low, high=high, own=own, total=len(tables)))


def meeting_network(analysis: Analysis, lang: str) -> HTML:
    """Return who can learn from whom: a network picture and the same as a table, per region when there are regions."""
    edges = analysis.help_edges
    if edges.empty:
        return _message(t("meeting.network", lang), t("meeting.network.none", lang), anchor="network")
    names = _names(analysis)
    labels = _labels(analysis, lang)
    regions = []
    large = analysis.meta.large
    for region in sorted(set(edges["region"].fillna(""))):
        part = edges[edges["region"].fillna("") == region]
        if large:
            # a picture of thousands of arrows says nothing: per theme how many, every pair in help_edges.csv
            counts = part.groupby("theme", sort=True).agg(
                arrows=("helper", "size"), helpers=("helper", "nunique"), learners=("initiative", "nunique"))
            rows = [[labels.get(th, th), str(int(r.arrows)), str(int(r.helpers)), str(int(r.learners))]
                    for th, r in counts.iterrows()]
            regions.append({"name": region, "picture": "", "rows": rows})
            continue
        triples = list(zip(part["helper"], part["initiative"], part["theme"], strict=True))
        per_theme = part.groupby("theme", sort=False).size()
        nodes = len(set(part["helper"]) | set(part["initiative"]))
        details = t("meeting.network.summary", lang, arrows=len(part), initiatives=nodes) + " " + "; ".join(
            f"{labels.get(th, th)}: {n}" for th, n in per_theme.items())
        picture = help_network(triples, labels={c: _short(names.get(c, c)) for c in names}, theme_names=labels,
                               alt=t("meeting.network.alt", lang, details=details))
        rows = [[labels.get(th, th), helper, learner]
                for th, helper, learner in sorted((th, names.get(h, h), names.get(i, i)) for h, i, th in triples)]
        regions.append({"name": region, "picture": picture, "rows": rows})
    return _section("meeting_network", lang=lang, regions=regions, large=large)


def _short(name: str) -> str:
    """Return a name short enough for a node label."""
    return name if len(name) <= 18 else name[:17] + "…"
