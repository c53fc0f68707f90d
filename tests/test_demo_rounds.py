"""The demo community's rounds: ronde-3 is written in exactly the recorded LimeSurvey format of the others."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pipeline.cli.run import latest_round

PROJECT = Path(__file__).resolve().parents[1]
DEMO = PROJECT / "surveys" / "demo"
EXPORT = "exports/responses_csv_code_short_all.csv"
DATETIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def raw_rows(round_name: str) -> list[dict[str, str]]:
    text = (DEMO / round_name / EXPORT).read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def survey_id(lss: Path) -> str:
    return ET.parse(lss).getroot().find("./surveys/rows/row/sid").text


def test_without_a_folder_run_takes_the_latest_demo_round():
    assert latest_round(DEMO).name == "ronde-3"


def test_ronde_3_follows_ronde_2_in_the_chain():
    text = (DEMO / "ronde-3" / "round.toml").read_text(encoding="utf-8")
    assert 'previous = "../ronde-2"' in text
    assert "written for the demo" in text


def test_ronde_3_csv_is_byte_for_byte_in_limesurveys_rc2_style():
    before = (DEMO / "ronde-2" / EXPORT).read_bytes()
    raw = (DEMO / "ronde-3" / EXPORT).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and before.startswith(b"\xef\xbb\xbf")
    # the same headings in the same order, every field quoted, CRLF records, one extra CRLF at the end
    assert raw.split(b"\r\n", 1)[0] == before.split(b"\r\n", 1)[0]
    assert raw.endswith(b'"\r\n\r\n')
    records = raw[3:].decode("utf-8").split("\r\n")[1:-2]
    for record in records:
        fields = next(csv.reader([record], delimiter=";"))
        assert record == ";".join('"' + f.replace('"', '""') + '"' for f in fields)
    rows = raw_rows("ronde-3")
    assert [r["id"] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    for row in rows:
        for column in ("submitdate", "startdate", "datestamp"):
            assert row[column] == "" or DATETIME.fullmatch(row[column]), (row["id"], column)
        assert (row["submitdate"] != "") == (row["lastpage"] == "3")
        assert row["startlanguage"] in {"nl", "en"}
        assert row["seed"].isdigit()
    # answer codes, as the survey defines them
    assert {r["initiatief"] for r in rows} <= {f"I{i:02d}" for i in range(1, 13)} | {"-oth-", ""}
    assert {r["rol"] for r in rows} <= {"vrijw", "coord", "bestu", "prof", ""}
    assert {r["samenwerking[relatie]"] for r in rows} <= {"1", "2", "3", "4", "5", ""}


def test_ronde_3_is_the_recorded_round_3_survey_with_round_2s_questions():
    lss = DEMO / "ronde-3" / "exports" / "survey_246137.lss"
    assert survey_id(lss) == "246137"

    def codes(path: Path) -> list[str]:
        root = ET.parse(path).getroot()
        return sorted(row.find("title").text for row in root.find("./questions/rows"))

    assert codes(lss) == codes(DEMO / "ronde-2" / "exports" / "survey_246136.lss")


def test_ronde_3_participants_hold_a_token_for_every_response():
    participants = json.loads((DEMO / "ronde-3" / "exports" / "participants.json").read_text(encoding="utf-8"))
    tokens = {p["token"] for p in participants}
    rows = raw_rows("ronde-3")
    assert {r["token"] for r in rows} <= tokens
    completed = {p["token"]: p["completed"] for p in participants}
    for row in rows:
        assert completed[row["token"]] == (row["submitdate"][:16] or "N")


def initiatives(round_name: str) -> set[str]:
    rows = [r for r in raw_rows(round_name) if r["submitdate"]]
    return {r["initiatief[other]"] or r["initiatief"] for r in rows} - {""}


def test_ronde_3_has_an_initiative_joining_and_one_leaving():
    before, now = initiatives("ronde-2"), initiatives("ronde-3")
    assert now - before == {"Zorgcoöperatie Hart van Oost"}
    assert before - now == {"I08"}


@pytest.mark.parametrize("words, direction", [(("bereik", "bewoners", "nieuwkomers", "jongeren"), "rising"),
                                              (("vergunning", "brandweer", "bestemming", "stadsgezicht"), "fading")])
def test_ronde_3_answers_change_one_theme_rising_one_fading(words, direction):
    def share(round_name: str) -> float:
        rows = [r for r in raw_rows(round_name) if r["submitdate"]]
        mention = {r["initiatief[other]"] or r["initiatief"] for r in rows
                   if any(w in r["belemmeringen"].lower() for w in words)}
        return len(mention) / len(initiatives(round_name))

    assert (share("ronde-3") > share("ronde-2") + 0.2) if direction == "rising" else (share("ronde-3") < share("ronde-2") - 0.2)


def test_new_people_of_ronde_3_are_in_the_demo_names_list():
    names = set((DEMO / "names.txt").read_text(encoding="utf-8").splitlines())
    participants = json.loads((DEMO / "ronde-3" / "exports" / "participants.json").read_text(encoding="utf-8"))
    for p in participants:
        info = p["participant_info"]
        assert f"{info['firstname']} {info['lastname']}" in names
