"""HTML from executed notebooks (nbconvert) and the round's index page."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from pipeline import __version__
from pipeline.report.i18n import t

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


def _links(links: list[Link]) -> str:
    items = []
    for link in links:
        note = f" <small>{html.escape(link.note)}</small>" if link.note else ""
        items.append(f'<li><a href="{html.escape(link.href, quote=True)}">{html.escape(link.text)}</a>{note}</li>')
    return "<ul>" + "".join(items) + "</ul>"


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
) -> str:
    """Return the round's ``index.html``: every page of the round, earlier rounds, researcher files.

    ``meeting`` links the next meeting's page (``bijeenkomst.html``) beside the community report.
    """
    parts = [
        f"<h1>{html.escape(t('index.title', lang, title=title))}</h1>",
        f'<p class="lead">{html.escape(t("index.intro", lang))}</p>',
        f"<h2>{html.escape(t('index.community', lang))}</h2>",
        _links([community, *([meeting] if meeting else [])]),
        f"<h2>{html.escape(t('index.initiatives', lang))}</h2>",
        _links(initiatives),
    ]
    if earlier:
        parts += [f"<h2>{html.escape(t('index.earlier', lang))}</h2>", _links(earlier)]
    parts += [
        f"<h2>{html.escape(t('index.researchers', lang))}</h2>",
        f"<p>{html.escape(t('index.researcher_notes', lang))}</p>",
        _links(researchers),
    ]
    if initiative_notebooks:
        parts += [f"<h3>{html.escape(t('index.initiative_notebooks', lang))}</h3>", _links(initiative_notebooks)]
    if own_notebooks:
        parts += [f"<h3>{html.escape(t('index.own_notebooks', lang))}</h3>", _links(own_notebooks)]
    footer = html.escape(t("generated", lang, version=__version__))
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f"<title>{html.escape(t('index.title', lang, title=title))}</title>\n<style>{CSS}</style>\n</head>\n"
        f'<body class="samenspel-page">\n<main>\n{"".join(parts)}\n</main>\n'
        f'<footer class="page-footer"><p>{footer}</p></footer>\n</body>\n</html>\n'
    )
