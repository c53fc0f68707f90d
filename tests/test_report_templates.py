"""Participant HTML from Jinja2 templates: answers stay text, markup lives in templates only,
and the question roles come from round.toml."""

from __future__ import annotations

import ast
import dataclasses
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import DEMO, PROJECT

HOSTILE = ("<script>alert('x')</script>", "<b>vet</b> & \"aanhalingstekens\"", "{{ 7*7 }} {% raw %}{{ x }}{% endraw %} {# weg #}")


class Parsed(HTMLParser):
    """The elements (tag, attributes) and the texts of an HTML fragment, as a browser reads them."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.texts.append(data)

    @property
    def tags(self) -> set[str]:
        return {tag for tag, _ in self.elements}


def test_one_environment_escapes_and_every_template_compiles():
    from pipeline.report.templating import environment

    env = environment()
    assert env is environment()
    assert env.autoescape is True
    names = env.list_templates()
    shipped = sorted(str(p.relative_to(PROJECT / "pipeline/report/templates/pages"))
                     for p in (PROJECT / "pipeline/report/templates/pages").rglob("*.j2"))
    assert sorted(names) == shipped and len(shipped) >= 17
    for name in names:
        env.get_template(name)


def test_a_table_shows_every_cell_as_text_in_a_keyboard_reachable_region():
    from pipeline.report.templating import Cell, environment

    table = environment().get_template("macros.html.j2").module.table
    label, head, row_head, plain, note, line_a, line_b = HOSTILE * 2 + ("n = 3",)
    markup = str(table(label, [head, Cell("kop", note=note)], [
        [row_head, plain],
        [Cell(line_a, held=True), Cell(lines=(line_a, line_b))],
    ]))
    parsed = Parsed(markup)
    assert parsed.tags == {"div", "table", "thead", "tbody", "tr", "th", "td", "small", "span", "br"}
    region = parsed.elements[0]
    assert region == ("div", {"class": "table-wrap", "role": "region", "tabindex": "0", "aria-label": label})
    for text in (head, row_head, plain, line_a, line_b, note):
        assert text in parsed.texts
    # a held cell says so in its own words, never the figure
    assert ("span", {"class": "held"}) in parsed.elements


def test_the_index_page_shows_names_as_text_and_the_stylesheet_as_css():
    from pipeline.report.publish import CSS, Link, index_page

    name, note, title = HOSTILE
    page = index_page(
        title=title, lang="nl", community=Link("community.html", "Gemeenschap"),
        initiatives=[Link("initiatives/a.html", name, note)], earlier=[], researchers=[Link("data/", "Data")],
        own_notebooks=[], initiative_notebooks=[Link("notebooks/a.ipynb", name)],
    )
    parsed = Parsed(page)
    assert page.startswith("<!DOCTYPE html>\n") and page.endswith("</html>\n")
    assert {"script", "b"}.isdisjoint(parsed.tags)
    assert parsed.texts.count(name) == 2 and note in parsed.texts
    assert any(title in text for text in parsed.texts)
    # the package's own stylesheet goes in as written (its quotes are CSS, not text)
    assert CSS in page


def _markup_literals(path: Path) -> list[str]:
    """Return the string literals of a module that hold an HTML tag, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
        and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        and re.search(r"</?[a-z][a-z0-9]*[\s>/]", node.value)
    ]


REPORT_MODULES = sorted(p.name for p in (PROJECT / "pipeline" / "report").glob("*.py"))
# where a text may be declared markup without a template escaping it: a rendered template, the package's stylesheet
TRUSTED_MARKUP = {("templating.py", "environment().get_template(name).render(**context)"), ("publish.py", "CSS")}


def _markup_calls(path: Path) -> set[tuple[str, str]]:
    """Return the ``Markup(...)`` calls of a module as (module, source of the argument)."""
    source = path.read_text(encoding="utf-8")
    return {
        (path.name, ast.get_source_segment(source, node.args[0]) if node.args else "")
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Markup"
    }


@pytest.mark.parametrize("module", REPORT_MODULES)
def test_participant_markup_lives_in_templates(module):
    path = PROJECT / "pipeline" / "report" / module
    assert _markup_literals(path) == []
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in node.names} | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    # nothing escaped by hand: no html module, no markupsafe.escape, no helper that does it
    assert {"html", "escape", "esc"}.isdisjoint(imported)
    assert "html.escape" not in source and "esc(" not in source
    assert _markup_calls(path) <= TRUSTED_MARKUP


def test_the_check_covers_every_report_module_and_finds_hand_built_markup(tmp_path):
    assert {"sections.py", "over_time.py", "meeting_page.py", "publish.py", "charts.py"} <= set(REPORT_MODULES)
    assert "handmade.py" not in REPORT_MODULES
    # a module that builds a tag in an f-string and declares a text markup is caught by both checks
    module = tmp_path / "hand.py"
    module.write_text('"""Doc with <b>tags</b> is fine."""\nx = f\'<section id="{a}">\' + str(Markup(name))\n', encoding="utf-8")
    assert _markup_literals(module) == ['<section id="']
    assert _markup_calls(module) == {("hand.py", "name")}


# ---------------------------------------------------------------- question roles from round.toml

@pytest.fixture(scope="module")
def demo_analysis(secret_home):
    import pipeline
    from pipeline.report.analysis import analyse

    previous, current = pipeline.load_history(DEMO / "ronde-2")
    return analyse(current, previous, lang="nl")


def _with_roles(analysis, roles: dict[str, str]):
    """Return ``analysis`` with the data dictionary's question roles set to ``roles`` (question -> role)."""
    dictionary = analysis.data_dictionary.copy()
    plain = dictionary["part"] == ""
    dictionary.loc[plain, "role"] = ""
    for question, role in roles.items():
        dictionary.loc[plain & (dictionary["question"] == question), "role"] = role
    source = analysis.source
    return dataclasses.replace(analysis, source=lambda name: dictionary if name == "data_dictionary" else source(name))


def _labels(analysis, question: str) -> set[str]:
    answers = analysis.answers
    return set(answers.loc[(answers["question"] == question) & (answers["kind"] == "answer"), "label_nl"])


@pytest.mark.slow
def test_the_respondent_role_question_comes_from_round_toml():
    from pipeline.config import load_round_config
    from pipeline.dictionary import data_dictionary
    from pipeline.ingest import load_round

    # round.toml names it; the data dictionary records it as the question's role
    config = load_round_config(DEMO / "ronde-2")
    assert config.questions.respondent_role == "rol"
    current = load_round(config)
    moved = dataclasses.replace(current, config=dataclasses.replace(
        config, questions=dataclasses.replace(config.questions, respondent_role="prioriteit")))
    for round_, question in ((current, "rol"), (moved, "prioriteit")):
        dictionary = data_dictionary(round_)
        marked = dictionary.loc[dictionary["role"] == "respondent_role", "question"]
        assert set(marked) == {question}


@pytest.mark.slow
def test_sections_follow_the_question_roles_of_round_toml(demo_analysis):
    from pipeline.report import sections

    def row_heads(section) -> set[str]:
        # the groups' rows; the breakdown ends with a total over all of them
        heads = {unescape(text) for text in re.findall(r'<th scope="row">([^<]*)', section.data)}
        return heads - {"Totaal"}

    def headings(section) -> list[str]:
        return [unescape(text) for text in re.findall(r"<h3>([^<]*)</h3>", section.data)]

    as_built = sections.roles_breakdown(demo_analysis, "nl")
    assert row_heads(as_built) and row_heads(as_built) <= _labels(demo_analysis, "rol")
    by_priority = sections.roles_breakdown(_with_roles(demo_analysis, {
        "initiatief": "initiative", "samenwerking": "aspects", "prioriteit": "respondent_role"}), "nl")
    assert row_heads(by_priority) and row_heads(by_priority) <= _labels(demo_analysis, "prioriteit")
    no_role = _with_roles(demo_analysis, {"initiatief": "initiative", "samenwerking": "aspects"})
    assert sections.roles_breakdown(no_role, "nl").data == ""

    # the initiative question names the page: it is not one of the answers shown on it
    questions = demo_analysis.questions.set_index("code")
    code = demo_analysis.initiatives["initiative"].iloc[0]
    rol_text = str(questions.loc["rol", "text_nl"])
    assert rol_text in headings(sections.initiative_answers(demo_analysis, "nl", code))
    moved = dataclasses.replace(demo_analysis, meta=dataclasses.replace(demo_analysis.meta, initiative_question="rol"))
    assert rol_text not in headings(sections.initiative_answers(moved, "nl", code))


# ---------------------------------------------------------------- the trend and meeting sections

def _hostile(analysis):
    """Return ``analysis`` with every name, label, answer and question text one of the hostile texts."""
    def each(frame, column, tag):
        frame = frame.copy()
        frame[column] = [f"{HOSTILE[i % len(HOSTILE)]} {tag}{i}" for i in range(len(frame))]
        return frame

    swapped = {
        "initiatives": each(analysis.initiatives, "name", "i"),
        "themes": each(each(analysis.themes, "label_nl", "t"), "label_en", "t"),
        "obstacles": each(analysis.obstacles, "text", "o"),
        "meeting_help": each(analysis.meeting_help, "text", "h"),
        "question_changes": each(analysis.question_changes, "question", "q"),
        "questions": each(each(analysis.questions, "text_nl", "v"), "text_en", "v")
        if "text_en" in analysis.questions else each(analysis.questions, "text_nl", "v"),
    }
    source = analysis.source
    meta = dataclasses.replace(analysis.meta, title=HOSTILE[2],
                               aspect_labels={a: f"{HOSTILE[0]} a{a}" for a in analysis.meta.aspect_labels})
    return dataclasses.replace(analysis, meta=meta, source=lambda name: swapped[name] if name in swapped else source(name))


SECTION_TAGS = {"section", "header", "nav", "a", "h1", "h2", "h3", "h4", "p", "img", "div", "table", "thead", "tbody",
                "tr", "th", "td", "small", "span", "br", "ul", "li", "blockquote", "cite"}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_trend_and_meeting_sections_show_hostile_text_as_text(demo_analysis, lang):
    from pipeline.report import meeting_page, over_time

    analysis = _hostile(demo_analysis)
    assert len(analysis.meta.rounds) >= 2 and len(analysis.meeting_help) and len(analysis.help_edges)
    shown = {
        "community_trends": over_time.community_trends(analysis, lang),
        **{f"initiative_trends {code}": over_time.initiative_trends(analysis, lang, code)
           for code in analysis.initiatives["initiative"]},
        **{name: getattr(meeting_page, name)(analysis, lang)
           for name in ("meeting_header", "meeting_agenda", "meeting_tables", "meeting_network")},
    }
    texts = []
    for name, section in shown.items():
        parsed = Parsed(section.data)
        assert parsed.tags <= SECTION_TAGS, (name, parsed.tags - SECTION_TAGS)
        # every tag is one the templates write, none comes from the texts
        texts += parsed.texts + [attrs.get("alt") or "" for tag, attrs in parsed.elements if tag == "img"]
    for hostile in HOSTILE:
        # whole, as typed ({{ 7*7 }} and {% raw %} not evaluated): in tables, headings, quotes and text alternatives
        assert sum(hostile in text for text in texts) >= 4, hostile
    quotes = [text for name in ("meeting_tables",) for text in Parsed(shown[name].data).texts if text.startswith(HOSTILE)]
    assert any(text.endswith(f" h{i}") for text in quotes for i in range(len(analysis.meeting_help)))
    assert any(" o" in text for text in quotes)
    assert unescape(shown["meeting_header"].data).count(HOSTILE[2]) == 1


def test_a_researcher_page_gives_a_frames_empty_corner_no_header_cell(tmp_path):
    import nbformat
    import pandas as pd

    from pipeline.report.publish import export_html

    frame = pd.DataFrame({"initiative": ["I01", HOSTILE[0]], "complete": [4, 2]})
    output = nbformat.v4.new_output("execute_result", data={"text/html": frame._repr_html_(), "text/plain": repr(frame)},
                                    execution_count=1)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("frame", outputs=[output], execution_count=1)])
    assert "<th></th>" in frame._repr_html_()
    page = export_html(notebook, tmp_path / "analysis.html", kind="researcher", lang="nl", title="Analyse").read_text("utf-8")
    table = Parsed(page[page.index('<table border="1" class="dataframe">'):page.index("</table>") + 8])
    heads = [tag for tag, _ in table.elements if tag in {"th", "td"}]
    # the corner is a plain cell; the column headings, the row labels and the values are as pandas wrote them
    assert heads == ["td", "th", "th", "th", "td", "td", "th", "td", "td"]
    assert "<th></th>" not in page and {"initiative", "complete", "0", "1", "I01", HOSTILE[0]} <= set(table.texts)
