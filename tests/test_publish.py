"""A participant page is nbconvert's rendering of the executed notebook, without HTMLExporter's closing pass."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter

from pipeline.report.publish import CSS, TEMPLATES, exporter


def _notebook(demo_reports: Path) -> list[Path]:
    folder = demo_reports / "ronde-2" / "notebooks"
    return [folder / "community.ipynb", *sorted((folder / "initiatives").glob("*.ipynb"))[:3]]


@pytest.mark.slow
def test_a_participant_page_is_what_nbconvert_writes_but_for_its_closing_pass(demo_reports: Path) -> None:
    # nbconvert's own exporter, as samenspel configured it before, is the reference
    reference = HTMLExporter(template_name="samenspel_participant", extra_template_basedirs=[str(TEMPLATES)],
                             exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                             embed_images=True, language_code="nl")
    for path in _notebook(demo_reports):
        notebook = nbformat.read(path, as_version=4)
        notebook.metadata["title"] = "Ronde 2"
        resources = {"samenspel_css": CSS, "samenspel_footer": "gemaakt"}
        theirs, _ = reference.from_notebook_node(notebook, resources=dict(resources))
        mine, _ = exporter("participant", "nl").from_notebook_node(notebook, resources=dict(resources))
        assert mine != theirs
        # the closing pass, done here: parse, make the output wrappers focusable, write out
        soup = BeautifulSoup(mine, features="html.parser")
        assert not soup.select("img:not([alt])")
        for element in soup.select(".jp-Notebook div.jp-OutputArea-output"):
            element.attrs["tabindex"] = "0"
        assert str(soup) == theirs, path.name


def test_the_researcher_exporter_keeps_nbconvert_as_it_is() -> None:
    assert type(exporter("researcher", "nl")) is HTMLExporter
    assert type(exporter("participant", "nl")) is not HTMLExporter
