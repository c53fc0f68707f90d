"""HTML from executed notebooks (nbconvert) and the round's index page."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat
from markupsafe import Markup
from nbconvert import HTMLExporter

from pipeline import __version__
from pipeline.report.i18n import t
from pipeline.report.templating import render

TEMPLATES = Path(__file__).parent / "templates"
CSS = (Path(__file__).parent / "style.css").read_text(encoding="utf-8")


@cache
def exporter(kind: str, lang: str) -> HTMLExporter:
    """Return a reusable exporter: ``participant`` (outputs only) or ``researcher`` (with code)."""
    participant = kind == "participant"
    return HTMLExporter(
        template_name=f"samenspel_{kind}",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=participant,
        exclude_input_prompt=participant,
        exclude_output_prompt=participant,
        embed_images=True,
        language_code=lang,
    )


def export_html(notebook: nbformat.NotebookNode, path: Path, *, kind: str, lang: str, title: str) -> Path:
    """Write ``notebook`` as a self-contained HTML page and return its path."""
    notebook.metadata["title"] = title
    resources = {
        "samenspel_css": CSS,
        "samenspel_footer": t("generated", lang, version=__version__),
    }
    body, _ = exporter(kind, lang).from_notebook_node(notebook, resources=resources)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


@dataclass(frozen=True)
class Link:
    """One entry of the index page."""

    href: str
    text: str
    note: str = ""


@dataclass(frozen=True)
class GroupLinks:
    """The initiatives of one group (region) on the index, with the group's page or why it has none."""

    name: str
    page: Link | None
    note: str
    initiatives: list[Link]


def index_page(
    *,
    title: str,
    lang: str,
    community: Link,
    initiatives: list[Link],
    earlier: list[Link],
    researchers: list[Link],
    own_notebooks: list[Link],
    initiative_notebooks: list[Link],
    meeting: Link | None = None,
    groups: list[GroupLinks] | None = None,
) -> str:
    """Return the round's ``index.html``: every page of the round, earlier rounds, researcher files.

    ``meeting`` links the next meeting's page (``bijeenkomst.html``) beside the community report;
    ``groups`` lists the initiatives per group (region) instead of in one list.
    """
    return str(render(
        "index.html.j2",
        title=title, lang=lang, community=[community, *([meeting] if meeting else [])], initiatives=initiatives,
        earlier=earlier, researchers=researchers, own_notebooks=own_notebooks,
        initiative_notebooks=initiative_notebooks, groups=groups or [],
        # the package's own stylesheet, not data: it goes into the page as it is
        css=Markup(CSS), version=__version__,
    ))
