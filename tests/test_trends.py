"""Trends over every round of the ``previous`` chain, checked against the raw exports read with csv and xml."""

from __future__ import annotations

import csv
import io
import math
import statistics
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from pipeline import trends
from pipeline.report.analysis import analyse_round

PROJECT = Path(__file__).resolve().parents[1]
DEMO = PROJECT / "surveys" / "demo"
ROUNDS = ["ronde-1", "ronde-2", "ronde-3"]
ASPECTS = ["ambitie", "belangen", "proces", "organisatie", "relatie"]


def raw(round_name: str) -> tuple[list[str], list[dict[str, str]]]:
    text = (DEMO / round_name / "exports" / "responses_csv_code_short_all.csv").read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    rows = list(reader)
    return list(reader.fieldnames), rows


def submitted(round_name: str) -> list[dict[str, str]]:
    return [row for row in raw(round_name)[1] if row["submitdate"]]


def initiative_of(row: dict[str, str]) -> str:
    return row["initiatief[other]"] or row["initiatief"]


def question_codes(round_name: str) -> set[str]:
    lss = next((DEMO / round_name / "exports").glob("*.lss"))
    root = ET.parse(lss).getroot()
    return {row.find("title").text for row in root.find("./questions/rows")}


@pytest.fixture(scope="module")
def analyses(secret_home, tmp_path_factory) -> dict[str, object]:
    out = {}
    base = tmp_path_factory.mktemp("trends")
    for name in ROUNDS:
        out[name] = analyse_round(DEMO / name, base / name / "data")
    out["data"] = base / "ronde-3" / "data"
    return out


def community(table: pd.DataFrame, round_name: str, measure: str, item: str = "") -> pd.Series:
    rows = table[(table["round"] == round_name) & (table["initiative"] == "") & (table["measure"] == measure)
                 & (table["item"] == item)]
    assert len(rows) == 1, (round_name, measure, item, len(rows))
    return rows.iloc[0]


@pytest.mark.parametrize("last", [1, 2, 3])
def test_trends_cover_every_round_of_the_chain(analyses, last):
    table = analyses[ROUNDS[last - 1]].tables["trends"]
    assert list(dict.fromkeys(table["round"])) == ROUNDS[:last]
    assert sorted(set(table["round_order"])) == list(range(1, last + 1))


@pytest.mark.parametrize("round_name", ROUNDS)
def test_participation_per_round_from_the_raw_export(analyses, round_name):
    table = analyses["ronde-3"].tables["trends"]
    headings, rows = raw(round_name)
    done = submitted(round_name)
    responses = community(table, round_name, "responses")
    assert (responses["value"], responses["n"]) == (len(done), len(rows))
    answered = {initiative_of(r) for r in done} - {""}
    assert community(table, round_name, "initiatives")["value"] == len(answered)


@pytest.mark.parametrize("round_name", ROUNDS)
@pytest.mark.parametrize("aspect", ASPECTS)
def test_aspect_median_and_spread_per_round_from_the_raw_export(analyses, round_name, aspect):
    table = analyses["ronde-3"].tables["trends"]
    scores = [int(r[f"samenwerking[{aspect}]"]) for r in submitted(round_name) if r[f"samenwerking[{aspect}]"]]
    q1, median, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    assert community(table, round_name, "aspect_median", aspect)["value"] == pytest.approx(statistics.median(scores))
    assert community(table, round_name, "aspect_q1", aspect)["value"] == pytest.approx(q1)
    assert community(table, round_name, "aspect_q3", aspect)["value"] == pytest.approx(q3)
    assert community(table, round_name, "aspect_median", aspect)["n"] == len(scores)


@pytest.mark.parametrize("round_name", ROUNDS)
def test_a_question_absent_in_a_round_is_a_gap_not_a_zero(analyses, round_name):
    table = analyses["ronde-3"].tables["trends"]
    headings, _ = raw(round_name)
    row = community(table, round_name, "question_median", "bezoekers")
    if "bezoekers" not in headings:  # ronde-1 did not ask it
        assert "bezoekers" not in question_codes(round_name)
        assert math.isnan(row["value"]) and pd.isna(row["n"])
    else:
        numbers = [float(r["bezoekers"]) for r in submitted(round_name) if r["bezoekers"]]
        assert row["value"] == pytest.approx(statistics.median(numbers))
        assert row["n"] == len(numbers)


def test_theme_shares_agree_with_each_rounds_own_theme_counts(analyses):
    table = analyses["ronde-3"].tables["trends"]
    for name in ROUNDS:
        themes = analyses[name].tables["themes"].set_index("theme")["initiatives"]
        answered = len({initiative_of(r) for r in submitted(name)} - {""})
        shares = table[(table["round"] == name) & (table["measure"] == "theme_share")].set_index("item")
        for theme, count in themes.items():
            assert shares.loc[theme, "n"] == count
            assert shares.loc[theme, "value"] == pytest.approx(count / answered)


def test_the_demo_theme_rising_and_the_one_fading(analyses):
    table = analyses["ronde-3"].tables["trends"]
    share = table[table["measure"] == "theme_share"].pivot(index="item", columns="round", values="value")
    assert share.loc["bereik", "ronde-3"] > share.loc["bereik", "ronde-2"] + 0.3
    assert share.loc["regels", "ronde-3"] < share.loc["regels", "ronde-2"] - 0.3


def test_an_initiatives_new_and_no_longer_named_themes(analyses):
    table = analyses["ronde-3"].tables["trends"]
    own = table[table["initiative"] != ""]
    named = {(r.initiative, r.round, r.item) for r in own[own["measure"] == "theme_answers"].itertuples()}
    for change in own[own["measure"].isin(["obstacle_new", "obstacle_no_longer"])].itertuples():
        rounds = sorted({r for i, r, _ in named if i == change.initiative} | {change.round})
        before = rounds[rounds.index(change.round) - 1]
        now_named = (change.initiative, change.round, change.item) in named
        before_named = (change.initiative, before, change.item) in named
        assert (now_named, before_named) == ((True, False) if change.measure == "obstacle_new" else (False, True))
    # the initiative that joined in ronde-3 has nothing to compare with, the one that left no ronde-3 row
    assert not own[(own["initiative"] == "oth-zorgcooperatie-hart-van-oost")
                   & own["measure"].str.startswith("obstacle_")].size
    assert not own[(own["initiative"] == "I08") & (own["round"] == "ronde-3")].size


def test_held_back_initiative_figures_stay_held_back(analyses):
    table = analyses["ronde-3"].tables["trends"]
    aspects = analyses["ronde-3"].tables["aspects"]
    mine = table[(table["round"] == "ronde-3") & (table["measure"] == "aspect_mean")].set_index(["initiative", "item"])
    for row in aspects.itertuples():
        value = mine.loc[(row.initiative, row.aspect), "value"]
        assert (pd.isna(value) and pd.isna(row.mean)) or value == pytest.approx(row.mean)


def test_questionnaire_changes_over_all_rounds(analyses):
    changes = analyses["ronde-3"].tables["question_changes"]
    added = set(changes.loc[changes["change"] == "added", "question"])
    removed = set(changes.loc[changes["change"] == "removed", "question"])
    expected_added = set()
    expected_removed = set()
    for before, after in zip(ROUNDS, ROUNDS[1:]):
        expected_added |= question_codes(after) - question_codes(before)
        expected_removed |= question_codes(before) - question_codes(after)
    assert (added, removed) == (expected_added, expected_removed) == ({"bezoekers"}, {"laatsteoverleg"})
    assert set(changes["round"]) == {"ronde-2"}
    assert analyses["ronde-1"].tables["question_changes"].empty


def test_trends_are_written_as_csv_and_parquet_and_in_the_data_dictionary(analyses):
    data = analyses["data"]
    written = pd.read_parquet(data / "trends.parquet")
    assert list(written.columns) == trends.TREND_COLUMNS
    with open(data / "trends.csv", encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == len(written)
    dictionary = (data / "data_dictionary.md").read_text(encoding="utf-8")
    assert "## trends.csv" in dictionary and "## question_changes.csv" in dictionary
    for column in trends.TREND_COLUMNS:
        assert f"| {column} |" in dictionary


def test_ten_rounds_with_an_aspect_and_a_question_missing_in_one():
    rounds = {}
    for i in range(1, 11):
        frame = pd.DataFrame({"initiative": ["I01", "I02", "I03"], "aspect_relatie": [1.0, i % 5 + 1.0, 5.0],
                              "aspect_proces": [2.0, 3.0, 4.0], "tevredenheid": [float(i % 5 + 1)] * 3})
        if i == 4:
            frame = frame.drop(columns=["aspect_proces", "tevredenheid"])
        rounds[f"r{i}"] = frame
    aspects = trends.aspect_trend(rounds).set_index(["round", "aspect"])
    questions = trends.question_trend(rounds, ["tevredenheid"]).set_index("round")
    for i in range(1, 11):
        assert aspects.loc[(f"r{i}", "relatie"), "median"] == sorted([1.0, i % 5 + 1.0, 5.0])[1]
        gap = i == 4
        assert math.isnan(aspects.loc[(f"r{i}", "proces"), "median"]) == gap
        assert math.isnan(questions.loc[f"r{i}", "median"]) == gap
        assert (aspects.loc[(f"r{i}", "proces"), "n"] == 0) == gap
    assert list(trends.aspect_trend(rounds)["round_order"].unique()) == list(range(1, 11))


def test_a_theme_nobody_named_is_zero_and_a_round_without_the_question_a_gap():
    r1 = pd.DataFrame({"theme": ["gebouw", "regels"], "I01": [1, 0], "I02": [1, 1]})
    r2 = pd.DataFrame({"theme": ["gebouw"], "I01": [0], "I02": [2]})
    shares = trends.theme_trend({"r1": r1, "r2": r2, "r3": None}, {"r1": 2, "r2": 4, "r3": 3})
    shares = shares.set_index(["round", "theme"])
    assert shares.loc[("r1", "regels"), "share"] == 0.5
    assert shares.loc[("r2", "regels"), "share"] == 0.0 and shares.loc[("r2", "regels"), "initiatives"] == 0
    assert shares.loc[("r2", "gebouw"), "share"] == 0.25
    assert math.isnan(shares.loc[("r3", "gebouw"), "share"]) and pd.isna(shares.loc[("r3", "gebouw"), "initiatives"])


def test_changes_compare_with_the_last_round_the_initiative_answered():
    r1 = pd.DataFrame({"theme": ["gebouw", "regels"], "I01": [1, 1]})
    r2 = pd.DataFrame({"theme": ["gebouw", "regels"], "I02": [1, 1]})
    r3 = pd.DataFrame({"theme": ["gebouw", "regels"], "I01": [1, 0]})
    changes = trends.obstacle_changes({"r1": r1, "r2": r2, "r3": r3}, {"r1": ["I01"], "r2": ["I02"], "r3": ["I01"]})
    assert changes.to_dict("records") == [{"initiative": "I01", "round": "r3", "theme": "regels", "change": "no_longer"}]


def test_trend_functions_never_change_their_input():
    frame = pd.DataFrame({"initiative": ["I01", "I02"], "aspect_relatie": [1.0, 3.0]})
    matrix = pd.DataFrame({"theme": ["gebouw"], "I01": [1], "I02": [0]})
    before = (frame.copy(), matrix.copy())
    trends.aspect_trend({"r1": frame})
    trends.theme_trend({"r1": matrix}, {"r1": 2})
    trends.obstacle_changes({"r1": matrix}, {"r1": ["I01", "I02"]})
    pd.testing.assert_frame_equal(frame, before[0])
    pd.testing.assert_frame_equal(matrix, before[1])
