"""HTML parts for the sections that templates do not render yet (over the rounds, the meeting page).

Every text goes through ``esc``. Their tables go through the templates' ``table`` macro, so
they scroll in the same named, keyboard-reachable region as the templated sections. A section
moved to a template (``templates/pages/sections``) no longer needs this module.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence

import pandas as pd
from IPython.display import HTML
from markupsafe import Markup

from pipeline.report.templating import environment


def esc(value: object) -> str:
    """Return ``value`` as HTML text: escaped, missing as an empty string."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return html.escape(str(value), quote=True)


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, cls: str = "", label: str = "") -> str:
    """Return an HTML table; cells are already-escaped HTML. ``label`` names its region
    (default: its column headings)."""
    heads = [Markup(h) for h in headers]
    name = label or " · ".join(h.striptags() for h in heads)
    table = environment().get_template("macros.html.j2").module.table
    return str(table(name, heads, [[Markup(c) for c in row] for row in rows], cls=cls))


def _section(heading: str, body: str, *, level: int = 2, anchor: str = "") -> HTML:
    ident = f' id="{esc(anchor)}"' if anchor else ""
    return HTML(f'<section class="report-section"{ident}><h{level}>{esc(heading)}</h{level}>{body}</section>')


def _p(text: str) -> str:
    return f"<p>{esc(text)}</p>"
