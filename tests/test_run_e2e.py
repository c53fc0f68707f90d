"""End to end: ``samenspel run`` as a facilitator runs it, checked against the raw exports."""

from __future__ import annotations

import csv
import html
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from conftest import DEMO, PROJECT, STRICT_ENCODING, samenspel, tree_digest

pytestmark = pytest.mark.slow


def raw_rows(round_name: str) -> list[dict[str, str]]:
    path = DEMO / round_name / "exports" / "responses_csv_code_short_all.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def initiative_labels(round_name: str, question: str = "initiatief") -> dict[str, str]:
    """Answer code -> Dutch label of a question's options, read straight from the .lss XML."""
    lss = next((DEMO / round_name / "exports").glob("*.lss"))
    root = ET.parse(lss).getroot()

    def rows(table: str) -> list[dict[str, str]]:
        return [{f.tag: (f.text or "") for f in row} for row in root.findall(f"./{table}/rows/row")]

    qid = next(q["qid"] for q in rows("questions") if q["title"] == question)
    aid_code = {a["aid"]: a["code"] for a in rows("answers") if a["qid"] == qid}
    return {aid_code[l["aid"]]: l["answer"] for l in rows("answer_l10ns") if l["aid"] in aid_code and l["language"] == "nl"}


def expected_initiatives(round_name: str) -> Counter:
    """Initiative name -> complete responses, from the raw CSV (submitdate set)."""
    labels = initiative_labels(round_name)
    names = Counter()
    for row in raw_rows(round_name):
        if not row["submitdate"]:
            continue
        code = row["initiatief"]
        name = row["initiatief[other]"].strip() if code == "-oth-" else labels[code]
        names[name] += 1
    return names


def page_text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("round_name", ["ronde-1", "ronde-2"])
def test_index_links_a_page_for_every_initiative_that_answered(demo_reports, round_name):
    expected = expected_initiatives(round_name)
    out = demo_reports / round_name
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="(initiatives/[^"]+\.html)">([^<]+)</a>', index)
    assert sorted(html.unescape(name) for _, name in links) == sorted(expected)
    for href, name in links:
        page = out / href
        assert page.is_file(), href
        text = page_text(page)
        name = html.unescape(name)
        assert name in text
        # the lead sentence names the number of answers behind the figures
        n = expected[name]
        assert f"Gebaseerd op {n} {'antwoord' if n == 1 else 'antwoorden'} uit" in text, (name, n)
    assert (out / "community.html").is_file()
    assert 'href="community.html"' in index


def test_community_page_counts_complete_answers(demo_reports):
    rows = raw_rows("ronde-2")
    complete = sum(1 for r in rows if r["submitdate"])
    text = page_text(demo_reports / "ronde-2" / "community.html")
    assert f"{complete} volledige antwoorden" in text
    assert f"{len(rows)} keer begonnen" in text


def test_latest_round_links_the_earlier_round(demo_reports):
    index = (demo_reports / "ronde-2" / "index.html").read_text(encoding="utf-8")
    assert 'href="../ronde-1/index.html"' in index


def test_researcher_output_is_there(demo_reports):
    out = demo_reports / "ronde-2"
    research = demo_reports / "ronde-2-research" / "data"
    for name in ("obstacles", "theme_initiative", "aspects", "themes", "learn_from", "data_dictionary"):
        assert (out / "data" / f"{name}.csv").is_file()
        assert (out / "data" / f"{name}.parquet").is_file()
    # row-level responses are researcher data, beside (not in) the folder that is shared
    for name in ("responses", "previous_responses"):
        assert (research / f"{name}.csv").is_file()
        assert (research / f"{name}.parquet").is_file()
        assert not list(out.rglob(f"{name}.*"))
    rows = raw_rows("ronde-2")
    with (research / "responses.csv").open(encoding="utf-8-sig", newline="") as handle:
        published = list(csv.DictReader(handle))
    assert len(published) == sum(1 for r in rows if r["submitdate"])
    personal = {"email", "telefoon", "token", "ipaddr", "refurl", "id"}
    assert not personal & set(published[0])
    assert (research / "ledger.csv").is_file()
    assert (out / "provenance.json").is_file()
    assert (out / "notebooks" / "analysis.ipynb").is_file()
    assert (out / "researchers" / "community.html").is_file()


def test_every_initiative_page_has_its_executed_notebook_linked_for_researchers(demo_reports):
    out = demo_reports / "ronde-2"
    index = (out / "index.html").read_text(encoding="utf-8")
    pages = {name: html.unescape(label) for name, label in
             re.findall(r'<a href="initiatives/([^"]+)\.html">([^<]+)</a>', index)}
    notebooks = re.findall(r'<a href="notebooks/initiatives/([^"]+)\.ipynb">', index)
    assert pages and sorted(notebooks) == sorted(pages)
    source = json.loads((PROJECT / "notebooks" / "initiative.ipynb").read_text(encoding="utf-8"))
    codes = initiative_labels("ronde-2")
    for name in notebooks:
        executed = json.loads((out / "notebooks" / "initiatives" / f"{name}.ipynb").read_text(encoding="utf-8"))
        # the notebook's own code, run for this initiative, with outputs
        cells = [c for c in executed["cells"] if c["cell_type"] == "code"]
        assert ["".join(c["source"]) for c in cells if "injected-parameters" not in c["metadata"].get("tags", [])] == \
            ["".join(c["source"]) for c in source["cells"] if c["cell_type"] == "code"]
        injected = "".join(next(c["source"] for c in cells if "injected-parameters" in c["metadata"].get("tags", [])))
        code = re.search(r'initiative = "([^"]+)"', injected).group(1)
        shown = codes.get(code) or code
        assert shown == pages[name] or code.startswith("oth-"), (name, code)
        assert any(c["outputs"] for c in cells)


def question_text(round_name: str, code: str) -> str:
    """The Dutch text of question ``code``, read straight from the .lss XML."""
    root = ET.parse(next((DEMO / round_name / "exports").glob("*.lss"))).getroot()
    qid = next(r.findtext("qid") for r in root.iterfind("questions/rows/row") if r.findtext("title") == code)
    return next(r.findtext("question") for r in root.iterfind("question_l10ns/rows/row")
                if r.findtext("qid") == qid and r.findtext("language") == "nl")


def answer_table(page: str, heading: str) -> dict[str, list[str]]:
    """The rows (first cell -> the other cells, as text) of the table under an h3 heading."""
    for match in re.finditer(r"<h3>(.*?)</h3>(.*?)</table>", page, re.S):
        if html.unescape(match.group(1)) == heading:
            rows = re.findall(r"<tr>(.*?)</tr>", match.group(2), re.S)
            cells = [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                      for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]
            return {row[0]: row[1:] for row in cells[1:]}
    raise AssertionError(f"no table under {heading!r}")


@pytest.mark.parametrize("code", ["tevredenheid", "rol"])
def test_initiative_answers_beside_the_community_and_their_previous_round(demo_reports, code):
    now = [r for r in raw_rows("ronde-2") if r["submitdate"] and r[code]]
    before = [r for r in raw_rows("ronde-1") if r["submitdate"] and r[code]]
    checked = {"own": 0, "previous": 0}
    for initiative in sorted({r["initiatief"] for r in now} - {"-oth-"}):
        page = demo_reports / "ronde-2" / "initiatives" / f"{initiative.lower()}.html"
        table = answer_table(page.read_text(encoding="utf-8"), question_text("ronde-2", code))
        own = Counter(r[code] for r in now if r["initiatief"] == initiative)
        earlier = Counter(r[code] for r in before if r["initiatief"] == initiative)
        everyone = Counter(r[code] for r in now)
        labels = {v: v for v in "12345"} if code == "tevredenheid" else initiative_labels("ronde-2", code)
        assert set(table) == set(labels.values())
        for label, (mine, community, previous) in table.items():
            (value,) = [v for v, shown in labels.items() if shown == label]
            assert community == f"{round(100 * everyone[value] / sum(everyone.values()))}%", (initiative, label)
            if mine != "weggelaten":
                assert mine == f"{round(100 * own[value] / sum(own.values()))}%", (initiative, label)
                checked["own"] += 1
            if previous not in ("weggelaten", "–"):
                assert previous == f"{round(100 * earlier[value] / sum(earlier.values()))}%", (initiative, label)
                checked["previous"] += 1
            if sum(earlier.values()) == 0:
                assert previous == "–"
    # the figures were there to check, not all held back or missing
    assert checked["own"] >= 10 and checked["previous"] >= 10, checked


def test_community_page_groups_who_can_help_per_theme(demo_reports):
    out = demo_reports / "ronde-2"
    with (out / "data" / "learn_from.csv").open(encoding="utf-8-sig", newline="") as handle:
        pairs = list(csv.DictReader(handle))
    assert pairs
    page = (out / "community.html").read_text(encoding="utf-8")
    section = page[page.index('id="learn"'):]
    section = section[:section.index("</section>")]
    blocks = {html.unescape(m.group(1)): m.group(2)
              for m in re.finditer(r"<h3>(.*?)</h3>(.*?)(?=<h3>|$)", section, re.S)}
    assert set(blocks) == {p["label_nl"] for p in pairs}
    for label, block in blocks.items():
        mine = [p for p in pairs if p["label_nl"] == label]
        helpers = [html.unescape(h) for h in re.findall(r'<th scope="row">(.*?)</th>', block)]
        # every helper once, none missing, none invented
        assert sorted(helpers) == sorted({p["helper_name"] for p in mine}), label
        struggling = html.unescape(re.search(r"Worstelen ermee:</strong>(.*?)</p>", block, re.S).group(1))
        for name in {p["initiative_name"] for p in mine}:
            assert name in struggling, (label, name)
        for p in mine:
            # as text, however the page escapes its quotes (&#39; or ')
            assert p["helped_text"] in html.unescape(block)


def test_raw_exports_are_never_modified(demo_reports, demo_before):
    # running the rounds only read the round folders: every byte is as it was
    assert tree_digest(DEMO) == demo_before


def test_missing_round_folder_exits_2_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    done = samenspel("run", tmp_path / "no-such-round", "--out", out)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no-such-round" in lines[0] and "does not exist" in lines[0]
    assert "Traceback" not in done.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_unknown_key_in_round_toml_exits_2_and_writes_nothing(tmp_path):
    folder = tmp_path / "round"
    folder.mkdir()
    text = (DEMO / "ronde-1" / "round.toml").read_text(encoding="utf-8")
    text = text.replace("[obstacles]", "[obstacles]\nrandom_stat = 3")
    text = text.replace('"exports/', f'"{DEMO / "ronde-1" / "exports"}/').replace('"../names.txt"', f'"{DEMO / "names.txt"}"')
    (folder / "round.toml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    done = samenspel("run", folder, "--out", out)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "random_stat" in lines[0] and "random_state" in lines[0]  # names the known keys
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["round"]
    assert sorted(p.name for p in folder.iterdir()) == ["round.toml"]


def test_spawned_page_builders_make_the_same_reports_as_forked_ones(demo_reports, demo_reports_spawn):
    import sys

    sys.path.insert(0, str(PROJECT / "benchmarks"))
    from compare_reports import compare

    # data byte for byte; pages and notebooks apart from papermill's cell ids and run times
    assert compare(demo_reports / "ronde-2", demo_reports_spawn) == []


def test_a_text_file_samenspel_opens_in_the_locale_s_encoding_fails_every_command_in_the_tests():
    # samenspel() runs every command so (conftest.STRICT_ENCODING): the same open() is an error
    # in samenspel's code and passes unseen in another package's
    code = "import os; exec('open(os.devnull).close()', {{'__name__': '{}', 'os': os}})"
    env = {**os.environ, **STRICT_ENCODING}
    ours = subprocess.run([sys.executable, "-c", code.format("pipeline.ingest")], capture_output=True, text=True, env=env)
    theirs = subprocess.run([sys.executable, "-c", code.format("nbconvert")], capture_output=True, text=True, env=env)
    assert ours.returncode == 1 and "EncodingWarning" in ours.stderr
    assert theirs.returncode == 0 and theirs.stderr == ""


@pytest.mark.parametrize("round_name", ["ronde-1", "ronde-2"])
def test_executed_notebooks_name_the_published_data_folder(demo_reports, round_name):
    out = demo_reports / round_name
    notebooks = sorted((out / "notebooks").rglob("*.ipynb"))
    assert len(notebooks) > 3
    for path in notebooks:
        executed = json.loads(path.read_text(encoding="utf-8"))
        assert executed["metadata"]["papermill"]["parameters"]["data_dir"] == str(out / "data"), path
        assert ".building-" not in path.read_text(encoding="utf-8"), path
    assert ".building-" not in (out / "researchers" / "analysis.html").read_text(encoding="utf-8")
