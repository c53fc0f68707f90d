"""A researcher's own notebooks in the same run (``samenspel run ROUND_DIR --notebooks DIR``),
and the round's data dictionary published with the reports."""

from __future__ import annotations

import csv
import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from conftest import DEMO, PROJECT, samenspel

ROUND = DEMO / "ronde-2"
NOTEBOOK = "rollen-per-ronde.ipynb"
MARKER = "EIGEN-ANALYSE"


def researcher_notebook(folder: Path, name: str, body: list[str]) -> Path:
    """Write a small researcher notebook: a parameters cell, then ``body``'s code cells."""
    folder.mkdir(parents=True, exist_ok=True)
    cells = [nbformat.v4.new_code_cell('data_dir = "data"\nround_id = "?"', metadata={"tags": ["parameters"]})]
    cells += [nbformat.v4.new_code_cell(source) for source in body]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "samenspel", "language": "python", "name": "samenspel"}})
    path = folder / name
    nbformat.write(nb, path)
    return path


class Links(HTMLParser):
    """The links of a page, each with the heading it stands under."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (heading, href, text)
        self._heading = ""
        self._in: str | None = None
        self._href = ""
        self._text = ""

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3"):
            self._in, self._text = tag, ""
        elif tag == "a":
            self._in, self._href, self._text = "a", dict(attrs).get("href", ""), ""

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3") and self._in == tag:
            self._heading, self._in = self._text.strip(), None
        elif tag == "a" and self._in == "a":
            self.links.append((self._heading, self._href, self._text.strip()))
            self._in = None


def links_of(page: Path) -> list[tuple[str, str, str]]:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def researcher_run(tmp_path_factory, secret_home) -> dict:
    """One ``samenspel run`` of the demo's ronde-2 with a researcher notebook; return what it made."""
    base = tmp_path_factory.mktemp("researcher")
    notebooks = base / "mijn-analyses"
    notebook = researcher_notebook(notebooks, NOTEBOOK, [
        "import pipeline\n\nanalysis = pipeline.load_analysis(data_dir)",
        f'print(f"{MARKER} {{round_id}}: {{len(analysis.responses)}} antwoorden")',
        'table = pipeline.privacy.breakdown(analysis.responses, "rol", "aspect_relatie",\n'
        '                                   min_group_size=analysis.meta["min_group_size"])\n'
        "table.display()",
    ])
    # the starting template, copied the way its README says, runs under the same rules
    template = PROJECT / "notebooks" / "templates" / "new-analysis.ipynb"
    (notebooks / "nieuwe-analyse.ipynb").write_bytes(template.read_bytes())
    out = base / "reports" / "ronde-2"
    done = samenspel("run", ROUND, "--out", out, "--notebooks", notebooks, "--jobs", "2")
    assert done.returncode == 0, done.stderr[-3000:]
    return {"out": out, "notebook": notebook, "notebooks": notebooks, "base": base}


def complete_rows() -> list[dict[str, str]]:
    """The complete responses of the demo's raw export, read with the csv module."""
    path = ROUND / "exports" / "responses_csv_code_short_all.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle, delimiter=";") if row["submitdate"].strip()]


def test_researcher_notebook_is_linked_from_the_index(researcher_run):
    out = researcher_run["out"]
    links = links_of(out / "index.html")
    own = [(heading, href, text) for heading, href, text in links if heading == "Eigen analyses"]
    assert own == [
        ("Eigen analyses", "researchers/nieuwe-analyse.html", "nieuwe-analyse"),
        ("Eigen analyses", "researchers/rollen-per-ronde.html", "rollen-per-ronde"),
    ]
    # it stands in the researcher section, after the project's own researcher links
    hrefs = [href for _, href, _ in links]
    assert hrefs.index("researchers/rollen-per-ronde.html") > hrefs.index("provenance.json")
    assert (out / "researchers" / "rollen-per-ronde.html").is_file()


def test_researcher_page_shows_the_notebooks_output_and_code(researcher_run):
    page = (researcher_run["out"] / "researchers" / "rollen-per-ronde.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    # the number comes from the raw export, counted here with the csv module
    assert f"{MARKER} ronde-2: {len(complete_rows())} antwoorden" in text
    assert "pipeline.load_analysis" in text  # the researcher page shows the code
    assert "<script src=" not in page  # offline: nothing loaded from the network


def test_template_runs_as_a_researcher_notebook(researcher_run):
    out = researcher_run["out"]
    page = (out / "researchers" / "nieuwe-analyse.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "Niet getoond:" in text  # the cross-tab held a small group back, and says so
    executed = nbformat.read(out / "notebooks" / "researchers" / "nieuwe-analyse.ipynb", as_version=4)
    assert sorted(executed.metadata.papermill.parameters) == ["data_dir", "lang", "round_id"]


def test_researcher_notebook_gets_only_the_public_data(researcher_run):
    out = researcher_run["out"]
    executed = nbformat.read(out / "notebooks" / "researchers" / NOTEBOOK, as_version=4)
    parameters = executed.metadata.papermill.parameters
    # it declares data_dir and round_id, and gets exactly those: never the raw round folder
    assert sorted(parameters) == ["data_dir", "round_id"]
    assert parameters["round_id"] == "ronde-2"
    assert Path(parameters["data_dir"]).name == "data"
    assert str(ROUND) not in json.dumps(executed)


def test_provenance_lists_the_notebook(researcher_run):
    provenance = json.loads((researcher_run["out"] / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["parameters"]["notebooks"] == [
        str((researcher_run["notebooks"] / "nieuwe-analyse.ipynb").resolve()),
        str(researcher_run["notebook"].resolve()),
    ]
    assert provenance["round"] == "ronde-2"


def test_failing_notebook_fails_the_run_and_keeps_the_reports(researcher_run):
    out = researcher_run["out"]
    before = tree_bytes(out)
    broken = researcher_run["base"] / "kapot"
    researcher_notebook(broken, "kapotte-analyse.ipynb", [
        "import pipeline\n\nanalysis = pipeline.load_analysis(data_dir)",
        'raise ValueError("bewust mislukt")',
    ])
    done = samenspel("run", ROUND, "--out", out, "--notebooks", broken, "--jobs", "2")
    assert done.returncode == 2, done.stderr[-3000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    line = lines[0]
    assert "Traceback" not in line
    assert "kapotte-analyse.ipynb" in line
    assert "bewust mislukt" in line
    executed = re.search(r"The executed copy is at (\S+?)\.?(?:\s|$)", line)
    assert executed, line
    copy = Path(executed.group(1))
    assert copy.is_file() and copy.name == "kapotte-analyse.ipynb"
    assert not copy.is_relative_to(out)
    # the cell named is the one that failed in the executed copy (its [n] in JupyterLab)
    failed = nbformat.read(copy, as_version=4)
    failing = [c for c in failed.cells if c.cell_type == "code" and any(o.output_type == "error" for o in c.outputs)]
    assert len(failing) == 1 and "bewust mislukt" in failing[0].source
    assert re.search(rf"\bcell {failing[0].execution_count}\b", line), line
    # the published reports are byte-for-byte as they were
    assert tree_bytes(out) == before


# ------------------------------------------------------------------------ data dictionary

def lss_questions(path: Path) -> tuple[list[str], dict[str, str], list[tuple[str, str, str]], dict]:
    """Read the survey structure with ElementTree: languages, codes, subquestions, texts."""
    root = ET.parse(path).getroot()
    languages = [el.text for el in root.find("languages")]

    def rows(section: str) -> list[dict[str, str]]:
        node = root.find(section)
        if node is None:
            return []
        return [{child.tag: (child.text or "") for child in row} for row in node.find("rows")]

    questions = {row["qid"]: row["title"] for row in rows("questions") if row["parent_qid"] == "0"}
    subquestions = [(row["qid"], questions[row["parent_qid"]], row["title"]) for row in rows("subquestions")]
    texts: dict[tuple[str, str], str] = {}
    for row in rows("question_l10ns"):
        texts[(row["qid"], row["language"])] = row["question"]
    return languages, questions, subquestions, texts


def plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_data_dictionary_lists_every_question_in_both_languages(researcher_run):
    languages, questions, subquestions, texts = lss_questions(ROUND / "exports" / "survey_246136.lss")
    assert sorted(languages) == ["en", "nl"]
    with (researcher_run["out"] / "data" / "data_dictionary.csv").open(encoding="utf-8-sig", newline="") as handle:
        dictionary = list(csv.DictReader(handle))
    assert len(questions) > 10
    for qid, code in questions.items():
        rows = [row for row in dictionary if row["question"] == code and row["part"] not in ("system", "role")]
        assert rows, f"question {code} is missing from the data dictionary"
        for lang in languages:
            expected = plain(texts[(qid, lang)])
            assert expected, (code, lang)
            for row in rows:
                assert plain(row[f"text_{lang}"]).startswith(expected), (code, lang, row[f"text_{lang}"])
    for qid, question, sub in subquestions:
        rows = [row for row in dictionary if row["question"] == question and row["subquestion"] == sub]
        assert rows, f"subquestion {question}[{sub}] is missing from the data dictionary"
        for lang in languages:
            assert plain(texts[(qid, lang)]) in plain(rows[0][f"text_{lang}"]), (question, sub, lang)
    markdown = (researcher_run["out"] / "data" / "data_dictionary.md").read_text(encoding="utf-8")
    for code in questions.values():
        assert f"| {code} |" in markdown or f"| {code}_" in markdown, code


def test_executed_researcher_notebook_names_the_published_data_folder(researcher_run):
    out = researcher_run["out"]
    executed = out / "notebooks" / "researchers" / researcher_run["notebook"].name
    recorded = nbformat.read(executed, as_version=4).metadata["papermill"]["parameters"]
    assert recorded["data_dir"] == str(out / "data")
    assert (out / "data" / "round.json").is_file()
    assert ".building-" not in executed.read_text(encoding="utf-8")
