"""HTML from executed notebooks (nbconvert) and the round's index page."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import nbformat
from markupsafe import Markup
from nbconvert import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

from pipeline import __version__
from pipeline.report.i18n import t
from pipeline.report.templating import render

TEMPLATES = Path(__file__).parent / "templates"
CSS = (Path(__file__).parent / "style.css").read_text(encoding="utf-8")


class ParticipantExporter(HTMLExporter):
    """nbconvert's HTML exporter for a participant page, without its closing pass.

    ``HTMLExporter`` parses the page it rendered again with BeautifulSoup, to give an image
    without alternative text a generic one and to make Jupyter's input and output wrappers
    focusable, and writes the parsed page out again. A participant page has no input, every
    chart samenspel draws has its own alternative text, and its tables are focusable where
    they scroll: the pass changed nothing a reader meets, and cost a national round's page
    two thirds of its export. The page is the template's rendering, as it is.
    """

    # a template exporter returns text where nbconvert's base Exporter returns a notebook;
    # nbconvert's own TemplateExporter and HTMLExporter silence the same check
    def from_notebook_node(  # type: ignore[override]
        self, nb: nbformat.NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        # what HTMLExporter sets up before rendering: the filters its templates use
        lexer = nb.metadata.get("language_info", {}).get("pygments_lexer")
        self.register_filter("highlight_code", self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type",
                             WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


@cache
def exporter(kind: str, lang: str) -> HTMLExporter:
    """Return a reusable exporter: ``participant`` (outputs only) or ``researcher`` (with code)."""
    participant = kind == "participant"
    return (ParticipantExporter if participant else HTMLExporter)(
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
