"""The ledger accounts for every raw row of every fixture export, with reasons recomputed here."""

from __future__ import annotations

import csv
import io
import json
import zipfile
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline.ingest import build_ledger, read_export, read_structure
from pipeline.ingest.ledger import ledger_counts
from pipeline.model import Structure

FIXTURES = Path(__file__).parent / "fixtures" / "limesurvey"


@cache
def structure_of(rnd: str) -> Structure:
    return read_structure(next((FIXTURES / rnd).glob("survey_*.lss")))


def response_files() -> list[tuple[str, Path]]:
    out = []
    for rnd in ("round1", "round2"):
        folder = FIXTURES / rnd
        for path in sorted((folder / "exports").glob("responses_*")) + sorted((folder / "exports_ui").glob("ui_*")):
            out.append((rnd, path))
        out += [(rnd, p) for p in sorted((folder / "vv").glob("*.tsv"))]
        out += [(rnd, p) for p in sorted(folder.glob("*.lsa"))]
    return out


FILES = response_files()


def raw_records(path: Path) -> list[dict[str, str]]:
    """Return id, submitdate and token of every raw row, read with the standard library (+ openpyxl)."""
    if path.suffix == ".json":
        records = json.loads(path.read_text(encoding="utf-8"))["responses"]
        rows = [list(r.values()) for r in records]
    elif path.suffix == ".xlsx":
        book = load_workbook(path, read_only=True)
        try:
            rows = [["" if v is None else str(v) for v in r] for r in book.worksheets[0].iter_rows(values_only=True)][1:]
        finally:
            book.close()
    elif path.suffix == ".lsa":
        with zipfile.ZipFile(path) as archive:
            name = next(n for n in archive.namelist() if n.endswith(".lsr"))
            root = ET.fromstring(archive.read(name))
        return [{"id": r.findtext("id"), "submitdate": r.findtext("submitdate") or "", "token": r.findtext("token") or ""}
                for r in root.iter("row")]
    else:
        text = path.read_text(encoding="utf-8-sig")
        delimiter = "\t" if path.suffix == ".tsv" or "_tab_" in path.name else (";" if ";" in text.split("\n")[0][:20] else ",")
        rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if r]
        rows = rows[2:] if path.suffix == ".tsv" else rows[1:]
    if path.suffix == ".tsv":
        # VV: id, token, submitdate, ...
        return [{"id": str(r[0]), "token": r[1], "submitdate": r[2] if r[2] != "{question_not_shown}" else ""} for r in rows]
    # RC2 and admin UI exports: id, submitdate, lastpage, startlanguage, seed, token, ...
    # the field subset holds id, submitdate, token, ...
    token = 2 if "fields_subset" in path.name else 5
    return [{"id": str(r[0]), "submitdate": "" if r[1] is None else str(r[1]), "token": str(r[token])} for r in rows]


def expected_reasons(records: list[dict[str, str]]) -> list[str]:
    latest: dict[str, int] = {}
    for r in records:
        if r["submitdate"] and r["token"]:
            latest[r["token"]] = max(latest.get(r["token"], 0), int(float(r["id"])))
    reasons = []
    for r in records:
        rid = int(float(r["id"]))
        if r["token"] and r["token"] in latest and rid < latest[r["token"]]:
            reasons.append("superseded")
        elif not r["submitdate"]:
            reasons.append("incomplete")
        else:
            reasons.append("")
    return reasons


@pytest.mark.parametrize(("rnd", "path"), FILES, ids=[f"{r}/{p.name}" for r, p in FILES])
def test_ledger_accounts_for_every_raw_row(rnd: str, path: Path) -> None:
    export = read_export(path, structure_of(rnd))
    answers = list(export.columns.loc[~export.columns["part"].isin(["system", "attribute"]), "column"])
    ledger = build_ledger(export.frame, answers)
    records = raw_records(path)
    assert len(ledger) == len(records) == export.raw_rows
    assert ledger["row"].tolist() == list(range(1, len(records) + 1))
    assert ledger["response_id"].tolist() == [int(float(r["id"])) for r in records]
    counts = ledger_counts(ledger)
    assert sum(counts.values()) == len(records)
    assert ledger["reason"].tolist() == expected_reasons(records)
    assert ((ledger["status"] == "included") == (ledger["reason"] == "")).all()


def test_ledger_rules_on_a_small_frame() -> None:
    frame = pd.DataFrame(
        {
            "submitdate": pd.to_datetime(["2026-01-01", None, "2026-01-02", "2026-01-03", "2026-01-04", None, "2026-01-05"]),
            "token": pd.array(["a", "b", "b", "c", "c", None, None], dtype="string"),
            "q": pd.array(["x", "y", "z", "u", "v", None, None], dtype="string"),
            "box": pd.array([False, False, True, False, False, False, False], dtype="boolean"),
        },
        index=pd.Index([1, 2, 3, 4, 5, 6, 7], name="response_id"),
    )
    frame.loc[7, "q"] = pd.NA
    ledger = build_ledger(frame, ["q", "box"])
    assert ledger["reason"].tolist() == ["", "superseded", "", "superseded", "", "incomplete", "empty"]
    assert ledger_counts(ledger) == {"included": 3, "incomplete": 1, "superseded": 2, "empty": 1}
    # the frame given is left as it was
    assert frame["q"].isna().sum() == 2


def test_ledger_without_submitdate_counts_rows_as_complete() -> None:
    frame = pd.DataFrame({"q": pd.array(["x", None], dtype="string")}, index=pd.Index([5, 9], name="response_id"))
    ledger = build_ledger(frame, ["q"])
    assert ledger["reason"].tolist() == ["", "empty"]
    assert np.array_equal(ledger["response_id"].to_numpy(), [5, 9])
