"""The allow-list: only reportable answers reach the public frame; personal values are all known."""

from __future__ import annotations

import csv
import json
import re
import tomllib
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import PrivacyError
from pipeline.ingest import load_round
from pipeline.model import Round
from pipeline.privacy import personal_values, public_columns, public_responses

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "surveys" / "demo"
SECRET = b"test-secret-of-32-bytes-length!!"
ROLE_COLUMNS = {"initiative", "initiative_name", "obstacle_text", "helped_text"}


def _raw_rows(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with open(DEMO / name / "exports" / "responses_csv_code_short_all.csv", encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f, delimiter=";")
        return list(reader.fieldnames or []), list(reader)


def _reportable(name: str) -> list[str]:
    return tomllib.loads((DEMO / name / "round.toml").read_text(encoding="utf-8"))["privacy"]["reportable"]


@pytest.fixture(scope="module", params=["ronde-1", "ronde-2"])
def demo(request: pytest.FixtureRequest) -> tuple[str, Round]:
    return request.param, load_round(DEMO / request.param)


def test_only_reportable_questions_and_role_columns_are_public(demo: tuple[str, Round]) -> None:
    name, round_ = demo
    headings, _ = _raw_rows(name)
    reportable = set(_reportable(name))
    expected = [h for h in headings if re.split(r"[\[_]", h)[0] in reportable]
    frame = public_responses(round_, secret=SECRET)
    answer_columns = [c for c in frame.columns if c not in ROLE_COLUMNS and not c.startswith("aspect_")]
    assert len(answer_columns) == len(expected)
    for column in answer_columns:
        assert column.split("_")[0] in reportable
    for never in ("token", "ipaddr", "refurl", "seed", "startlanguage", "lastpage", "submitdate",
                  "startdate", "datestamp", "email", "telefoon"):
        assert never not in frame.columns
    assert ROLE_COLUMNS <= set(frame.columns)


def test_no_raw_personal_value_reaches_the_public_frame(demo: tuple[str, Round]) -> None:
    name, round_ = demo
    _, rows = _raw_rows(name)
    secrets = {
        row[column]
        for row in rows
        for column in ("id", "token", "ipaddr", "refurl", "email", "telefoon", "seed")
        if len(row[column]) >= 4
    }
    frame = public_responses(round_, secret=SECRET)
    cells = {str(v) for v in frame.astype("string").to_numpy().ravel() if not pd.isna(v)}
    cells |= set(frame.index)
    assert secrets, "the demo export holds personal values"
    assert not [c for c in cells for s in secrets if s in c]
    # ids are pseudonyms, never LimeSurvey's numbers
    assert frame.index.name == "response"
    assert all(re.fullmatch(r"r-[0-9a-f]{12}", p) for p in frame.index)
    assert frame.index.is_unique and len(frame) == len(round_.responses)


def _with_texts(round_: Round, texts: dict[str, str]) -> Round:
    responses = round_.responses.copy()
    first = responses.index[0]
    for column, text in texts.items():
        responses.loc[first, column] = text
    return replace(round_, responses=responses)


def test_free_text_is_redacted_in_every_text_column(demo: tuple[str, Round]) -> None:
    _, round_ = demo
    leak = "Bel Ingrid Smit op 06-12345678 of mail ingrid@example.org, Kerkstraat 4"
    seeded = _with_texts(round_, {
        "belemmeringen": leak, "obstacle_text": leak, "helped_text": leak,
        "prioriteit_comment": leak, "initiatief_other": leak, "initiative_name": leak,
    })
    frame = public_responses(seeded, secret=SECRET)
    for column in ("belemmeringen", "obstacle_text", "helped_text", "prioriteit_comment",
                   "initiatief_other", "initiative_name"):
        assert frame[column].iloc[0] == "Bel [naam] op [telefoon] of mail [e-mail], [adres]", column
    # the round handed in is not changed
    assert seeded.responses["belemmeringen"].iloc[0] == leak


def test_answer_codes_are_not_redacted(demo: tuple[str, Round]) -> None:
    _, round_ = demo
    frame = public_responses(round_, secret=SECRET)
    assert frame["initiative"].tolist() == round_.responses["initiative"].tolist()
    assert frame["rol"].tolist() == round_.responses["rol"].tolist()


@pytest.mark.parametrize("wrong", ["email", "token", "ipaddr", "telefoon"])
def test_a_personal_field_in_reportable_stops_the_run(demo: tuple[str, Round], wrong: str) -> None:
    _, round_ = demo
    privacy = replace(round_.config.privacy, reportable=(*round_.config.privacy.reportable, wrong))
    bad = replace(round_, config=replace(round_.config, privacy=privacy))
    with pytest.raises(PrivacyError, match=wrong):
        public_columns(bad)


def test_dates_only_when_asked_and_only_as_days(demo: tuple[str, Round]) -> None:
    _, round_ = demo
    assert "submitdate" not in public_responses(round_, secret=SECRET).columns
    privacy = replace(round_.config.privacy, include_dates=True)
    asked = replace(round_, config=replace(round_.config, privacy=privacy))
    frame = public_responses(asked, secret=SECRET)
    assert "submitdate" in frame.columns
    dates = frame["submitdate"].dropna()
    assert len(dates) and (dates == dates.dt.normalize()).all()
    raw = round_.responses["submitdate"].dropna()
    assert (raw != raw.dt.normalize()).any()  # the export has times, the public frame not


def test_personal_values_hold_every_personal_value_of_the_raw_export(demo: tuple[str, Round]) -> None:
    name, round_ = demo
    _, rows = _raw_rows(name)
    values = personal_values(round_)
    # every row, including the incomplete ones that are not in round.responses
    assert len(rows) > len(round_.responses)
    emails = {r["email"].strip() for r in rows if r["email"].strip()}
    tokens = {r["token"] for r in rows if r["token"]}
    ips = {r["ipaddr"] for r in rows if r["ipaddr"]}
    phones = {r["telefoon"] for r in rows if r["telefoon"]}
    assert emails <= values["email"]
    assert tokens <= values["token"]
    assert ips <= values["ipaddr"]
    assert phones <= values["phone"]
    assert {re.sub(r"\D", "", p) for p in phones} <= values["phone"]
    participants = json.loads((DEMO / name / "exports" / "participants.json").read_text(encoding="utf-8"))
    full_names = {f"{p['participant_info']['firstname']} {p['participant_info']['lastname']}" for p in participants}
    assert full_names <= values["name"]
    assert {p["participant_info"]["email"] for p in participants} <= values["email"]
    assert all(len(v) >= 4 for kind in values.values() for v in kind)


def test_participant_attribute_columns_are_never_public_but_are_scanned(demo: tuple[str, Round]) -> None:
    _, round_ = demo
    responses = round_.responses.copy()
    responses["attribute_firstname"] = pd.array(["Wilhelmina"] * len(responses), dtype="string")
    responses["attribute_lastname"] = pd.array(["Oranjeboom"] * len(responses), dtype="string")
    responses["attribute_email"] = pd.array(["w.oranjeboom@example.net"] * len(responses), dtype="string")
    with_attributes = replace(round_, responses=responses)
    frame = public_responses(with_attributes, secret=SECRET)
    assert not [c for c in frame.columns if c.startswith("attribute_")]
    values = personal_values(with_attributes)
    assert "w.oranjeboom@example.net" in values["email"]
    assert "Wilhelmina" in values["name"] and "Oranjeboom" in values["name"]


def test_a_date_field_in_reportable_needs_include_dates(demo: tuple[str, Round]) -> None:
    _, round_ = demo
    privacy = replace(round_.config.privacy, reportable=(*round_.config.privacy.reportable, "submitdate"))
    bad = replace(round_, config=replace(round_.config, privacy=privacy))
    with pytest.raises(PrivacyError, match="include_dates"):
        public_columns(bad)


@pytest.mark.parametrize("form", ["json-list", "json-result", "xml"])
def test_participants_file_read_when_ingest_gave_none(tmp_path: Path, demo: tuple[str, Round], form: str) -> None:
    _, round_ = demo
    person = {"tid": "7", "token": "Zq8vT3mK1pLx9Ab", "firstname": "Geertruida", "lastname": "van Wijngaarden",
              "email": "g.vanwijngaarden@example.net"}
    path = tmp_path / ("participants.json" if form.startswith("json") else "tokens.lst")
    if form == "json-list":
        entry = {"tid": 7, "token": person["token"], "participant_info": {
            k: person[k] for k in ("firstname", "lastname", "email")}}
        path.write_text(json.dumps([entry]), encoding="utf-8")
    elif form == "json-result":
        path.write_text(json.dumps({"result": [person]}), encoding="utf-8")
    else:
        fields = "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in person.items())
        path.write_text(f'<?xml version="1.0"?><document><tokens><rows><row>{fields}</row></rows></tokens></document>',
                        encoding="utf-8")
    config = replace(round_.config, exports=replace(round_.config.exports, participants=path))
    bare = replace(round_, config=config, participants=pd.DataFrame())
    values = personal_values(bare)
    assert person["email"] in values["email"]
    assert person["token"] in values["token"]
    assert "Geertruida van Wijngaarden" in values["name"]


def test_an_unreadable_participants_file_is_a_privacy_error(tmp_path: Path, demo: tuple[str, Round]) -> None:
    _, round_ = demo
    path = tmp_path / "participants.json"
    path.write_text("[{kapot", encoding="utf-8")
    config = replace(round_.config, exports=replace(round_.config.exports, participants=path))
    with pytest.raises(PrivacyError, match="participants file"):
        personal_values(replace(round_, config=config, participants=pd.DataFrame()))
