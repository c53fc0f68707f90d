"""``samenspel validate --json`` on every fixture file: exit 0 and a summary recomputed here."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from functools import cache
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "limesurvey"


def fixture_files() -> list[Path]:
    out: list[Path] = []
    for rnd in ("round1", "round2", "round3_empty"):
        folder = FIXTURES / rnd
        out += sorted(p for p in folder.glob("exports/responses_*"))
        out += sorted(p for p in folder.glob("exports_ui/ui_*"))
        out += sorted(folder.glob("vv/*.tsv"))
        out += sorted(folder.glob("*.lss")) + sorted(folder.glob("import_source/*.lss"))
        out += sorted(folder.glob("*.lsa")) + sorted(folder.glob("*_structure.*"))
        out.append(folder / "structure")
    return out


FILES = fixture_files()


@cache
def lss_questions(rnd: str) -> tuple[list[tuple[str, str]], set[str]]:
    """(code, type) of every question and the languages, read from the round's .lss with ElementTree."""
    root = ET.parse(next((FIXTURES / rnd).glob("survey_*.lss"))).getroot()
    questions = [(r.findtext("title"), r.findtext("type"), int(r.findtext("gid")), int(r.findtext("question_order")))
                 for r in root.find("questions").iter("row") if r.findtext("parent_qid") == "0"]
    groups = {int(r.findtext("gid")): int(r.findtext("group_order")) for r in root.find("groups").iter("row")}
    questions.sort(key=lambda q: (groups[q[2]], q[3]))
    languages = {x.text for x in root.find("languages")}
    return [(q[0], q[1]) for q in questions], languages


def raw_counts(path: Path) -> tuple[int, int]:
    """(responses, complete) of an export, counted with the standard library (+ openpyxl for xlsx)."""
    if path.suffix == ".json":
        records = json.loads(path.read_text(encoding="utf-8"))["responses"]
        first = list(records[0])
        return len(records), sum(1 for r in records if r[first[1]] != "")
    if path.suffix == ".xlsx":
        book = load_workbook(path, read_only=True)
        try:
            rows = list(book.worksheets[0].iter_rows(values_only=True))[1:]
        finally:
            book.close()
        return len(rows), sum(1 for r in rows if r[1] not in (None, ""))
    if path.suffix == ".lsa":
        with zipfile.ZipFile(path) as archive:
            root = ET.fromstring(archive.read(next(n for n in archive.namelist() if n.endswith(".lsr"))))
        rows = list(root.iter("row"))
        return len(rows), sum(1 for r in rows if r.findtext("submitdate"))
    text = path.read_text(encoding="utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = max(("\t", ";", ","), key=first.count)
    rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if r]
    if path.parent.name == "vv":
        return len(rows) - 2, sum(1 for r in rows[2:] if r[2] not in ("", "{question_not_shown}"))
    return len(rows) - 1, sum(1 for r in rows[1:] if r[1] != "")


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(FIXTURES)) for p in FILES])
def test_validate_json_summarises_every_fixture(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["validate", "--json", str(path)])
    out, err = capsys.readouterr()
    assert status == 0, err
    summary = json.loads(out)
    for key in ("kind", "responses", "complete", "incomplete", "questions", "languages", "unmapped_columns"):
        assert key in summary
    rnd = path.relative_to(FIXTURES).parts[0]
    questions, languages = lss_questions(rnd)
    assert [(q["code"], q["type"]) for q in summary["questions"]] == questions
    assert set(summary["languages"]) >= languages
    assert summary["unmapped_columns"] == []
    samenwerking = next(q for q in summary["questions"] if q["code"] == "samenwerking")
    assert [s["code"] for s in samenwerking["subquestions"]] == ["ambitie", "belangen", "proces", "organisatie", "relatie"]
    if path.is_dir() or path.suffix == ".lss" or "_structure" in path.name:
        assert (summary["responses"], summary["complete"], summary["incomplete"]) == (0, 0, 0)
        assert summary["kind"].startswith("structure")
    else:
        total, complete = raw_counts(path)
        assert (summary["responses"], summary["complete"], summary["incomplete"]) == (total, complete, total - complete)


def test_validate_runs_as_a_command() -> None:
    path = FIXTURES / "round1" / "exports" / "responses_csv_code_short_all.csv"
    done = subprocess.run([sys.executable, "-m", "pipeline", "validate", "--json", str(path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["responses"], summary["complete"]) == raw_counts(path)
    readable = subprocess.run([sys.executable, "-m", "pipeline", "validate", str(ROOT / "surveys" / "demo" / "ronde-1")],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert readable.returncode == 0, readable.stderr
    assert "responses:" in readable.stdout and "unmapped:    0" in readable.stdout


def test_validate_round_folder_reports_the_ledger(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--json", str(ROOT / "surveys" / "demo" / "ronde-1")]) == 0
    summary = json.loads(capsys.readouterr().out)
    path = ROOT / "surveys" / "demo" / "ronde-1" / "exports" / "responses_csv_code_short_all.csv"
    total, complete = raw_counts(path)
    assert summary["kind"] == "round"
    assert sum(summary["ledger"].values()) == total
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter=";") if r["id"]]
    complete_tokens = {r["token"] for r in rows if r["submitdate"]}
    abandoned = sum(1 for r in rows if not r["submitdate"] and r["token"] in complete_tokens)
    assert summary["ledger"]["superseded"] == abandoned
    assert summary["ledger"]["incomplete"] == total - complete - abandoned
    assert summary["ledger"]["included"] == complete
