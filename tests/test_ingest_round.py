"""load_round on the demo community: counts checked against Python's csv module."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import load_round_config
from pipeline.errors import ConfigError
from pipeline.ingest import load_round

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "surveys" / "demo"


def raw_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [r for r in csv.DictReader(handle, delimiter=";") if any(v for v in r.values())]


@pytest.mark.parametrize("name", ["ronde-1", "ronde-2"])
def test_demo_round_counts_match_the_raw_file(name: str) -> None:
    config = load_round_config(DEMO / name)
    rows = raw_rows(config.exports.responses)
    complete = [r for r in rows if r["submitdate"]]
    rnd = load_round(DEMO / name)
    assert len(rnd.ledger) == len(rows)
    assert rnd.ledger["response_id"].tolist() == [int(r["id"]) for r in rows]
    # every complete row is included unless a later attempt of the same token supersedes it
    by_token: dict[str, int] = {}
    for r in complete:
        by_token[r["token"]] = max(by_token.get(r["token"], 0), int(r["id"]))
    expected_included = {int(r["id"]) for r in complete if by_token[r["token"]] == int(r["id"])}
    assert set(rnd.responses.index) == expected_included
    assert len(rnd.responses) + len(rnd.excluded) == len(rows)
    assert rnd.responses.index.name == "response_id"


def test_round1_has_one_superseded_attempt() -> None:
    rows = raw_rows(DEMO / "ronde-1" / "exports" / "responses_csv_code_short_all.csv")
    complete_tokens = {r["token"] for r in rows if r["submitdate"]}
    abandoned = [r for r in rows if not r["submitdate"] and r["token"] in complete_tokens]
    rnd = load_round(DEMO / "ronde-1")
    superseded = rnd.ledger[rnd.ledger["reason"] == "superseded"]
    assert superseded["response_id"].tolist() == [int(r["id"]) for r in abandoned]
    assert len(rows) == 81 and len(abandoned) == 1


def test_role_columns_follow_the_raw_answers() -> None:
    path = DEMO / "ronde-1" / "exports" / "responses_csv_code_short_all.csv"
    rows = {int(r["id"]): r for r in raw_rows(path)}
    rnd = load_round(DEMO / "ronde-1")
    for rid, row in rnd.responses.iterrows():
        raw = rows[rid]
        if raw["initiatief"] == "-oth-" and raw["initiatief[other]"].strip():
            # an initiative typed in as "other" gets a code of its own, from its folded name
            assert row["initiative"].startswith("oth-") and len(row["initiative"]) > 4
        else:
            assert row["initiative"] == raw["initiatief"]
        obstacle = raw["belemmeringen"]
        assert (pd.isna(row["obstacle_text"]) and obstacle == "") or row["obstacle_text"] == obstacle
        for sq in ("ambitie", "belangen", "proces", "organisatie", "relatie"):
            value = raw[f"samenwerking[{sq}]"]
            assert (pd.isna(row[f"aspect_{sq}"]) and value == "") or row[f"aspect_{sq}"] == float(value)
        if raw["initiatief"] == "-oth-":
            assert row["initiative_name"] == raw["initiatief[other]"].strip()
    assert str(rnd.responses["aspect_ambitie"].dtype) == "Float64"
    # the I01 label in the .lss, read here with the standard library
    import xml.etree.ElementTree as ET

    root = ET.parse(DEMO / "ronde-1" / "exports" / "survey_246135.lss").getroot()
    qid = next(r.findtext("qid") for r in root.iter("row") if r.findtext("title") == "initiatief" and r.findtext("parent_qid") == "0")
    aid = next(r.findtext("aid") for r in root.find("answers").iter("row") if r.findtext("qid") == qid and r.findtext("code") == "I01")
    label = next(r.findtext("answer") for r in root.find("answer_l10ns").iter("row") if r.findtext("aid") == aid and r.findtext("language") == "nl")
    names = rnd.responses.loc[rnd.responses["initiative"] == "I01", "initiative_name"].unique()
    assert list(names) == [label]


def test_unknown_role_question_lists_the_codes(tmp_path: Path) -> None:
    src = DEMO / "ronde-1"
    (tmp_path / "exports").mkdir()
    for f in (src / "exports").iterdir():
        (tmp_path / "exports" / f.name).write_bytes(f.read_bytes())
    text = (src / "round.toml").read_text(encoding="utf-8").replace('names_file = "../names.txt"', "")
    text = text.replace('obstacles = "belemmeringen"', 'obstacles = "knelpunten"')
    (tmp_path / "round.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_round(tmp_path)
    assert "knelpunten" in str(caught.value) and "belemmeringen" in str(caught.value)


def _write_fetched_set(round_dir: Path) -> None:
    """Lay out a fetched export set as ``samenspel fetch`` writes it (RC2 CSV + structure calls + manifest)."""
    import hashlib
    import json
    import shutil

    fixtures = Path(__file__).parent / "fixtures" / "limesurvey" / "round1"
    folder = round_dir / "exports" / "fetched-20261121T100000Z"
    (folder / "structure").mkdir(parents=True)
    shutil.copy(fixtures / "exports" / "responses_csv_code_short_all.csv", folder)
    for name in ("get_survey_properties.json", "get_language_properties_nl.json", "get_language_properties_en.json",
                 "list_groups_nl.json", "list_groups_en.json", "list_questions_nl.json", "list_questions_en.json",
                 "get_question_properties_nl.json", "get_question_properties_en.json", "list_participants.json"):
        shutil.copy(fixtures / "structure" / name, folder / "structure")
    files = [{"file": p.relative_to(folder).as_posix(), "bytes": p.stat().st_size,
              "sha256": hashlib.sha256(p.read_bytes()).hexdigest()} for p in sorted(folder.rglob("*")) if p.is_file()]
    manifest = {"format": 1, "files": files, "responses": {"file": "responses_csv_code_short_all.csv"},
                "structure": "structure", "participants": "structure/list_participants.json",
                "fetched_at": "2026-11-21T10:00:00Z"}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_a_fetched_set_loads_like_the_lss_round(tmp_path: Path) -> None:
    _write_fetched_set(tmp_path)
    (tmp_path / "round.toml").write_text('[round]\nid = "ronde-1"\ntitle = "Ronde 1"\n', encoding="utf-8")
    fetched = load_round(tmp_path)
    from_lss = load_round(DEMO / "ronde-1")
    pd.testing.assert_frame_equal(fetched.ledger, from_lss.ledger)
    pd.testing.assert_frame_equal(fetched.responses, from_lss.responses)
    assert len(fetched.participants) == len(from_lss.participants) > 0
