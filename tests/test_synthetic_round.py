"""The benchmarks' synthetic rounds: the national one has the demo's look at a national
network's scale (1,500 initiatives x 33 answers in 12 regions), is deterministic and quick."""

from __future__ import annotations

import csv
import hashlib
import sys
import time
from collections import Counter
from pathlib import Path

from pipeline.config import load_round_config
from pipeline.ingest import load_round

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from synthetic_round import REGION_QUESTION, REGIONS, make_national_round  # noqa: E402


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_the_national_round_is_quick_deterministic_and_regional(tmp_path):
    started = time.perf_counter()
    folder = make_national_round(tmp_path / "a", group_key=False)
    seconds = time.perf_counter() - started
    assert seconds < 20, seconds  # seconds, not minutes (about one on an idle machine)
    again = make_national_round(tmp_path / "b", group_key=False)
    assert _digest(folder) == _digest(again)
    assert _digest(folder) != _digest(make_national_round(tmp_path / "c", group_key=False, seed=1))

    with (folder / "exports" / "responses_csv_code_short_all.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    per_initiative = Counter(row["initiatief[other]"] for row in rows)
    assert len(per_initiative) == 1500 and set(per_initiative.values()) == {33}
    # every answer of an initiative names the same region; the twelve regions all occur
    regions = {}
    for row in rows:
        assert regions.setdefault(row["initiatief[other]"], row[REGION_QUESTION]) == row[REGION_QUESTION]
    sizes = Counter(regions.values())
    assert set(sizes) == {code for code, *_ in REGIONS}
    assert max(sizes.values()) > 3 * min(sizes.values())  # regions differ in size, as provinces do


def test_the_national_round_reads_as_a_round_with_its_region_question(tmp_path):
    folder = make_national_round(tmp_path / "round", initiatives=40, per_initiative=3, group_key=False)
    round = load_round(load_round_config(folder))
    assert len(round.responses) == 120 and round.responses["initiative"].nunique() == 40
    answers = round.structure.answers
    options = answers[answers["question"] == REGION_QUESTION]
    assert list(options["code"]) == [code for code, *_ in REGIONS]
    assert list(options["label_nl"])[-1] == "Limburg" and list(options["label_en"])[7] == "North Holland"
    assert set(round.responses[REGION_QUESTION].dropna().astype(str)) <= {code for code, *_ in REGIONS}
    assert round.ledger["status"].eq("included").all()
