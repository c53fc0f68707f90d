"""theme_obstacles on the demo rounds: counts, matrix, quotes and learn-from pairs checked by hand."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import InputError
from pipeline.obstacles import ObstacleThemes, is_non_answer, load_codebook, theme_obstacles

PROJECT = Path(__file__).resolve().parents[1]
DEMO = PROJECT / "surveys" / "demo"


def demo_frame(round_number: int) -> pd.DataFrame:
    """The frame the report stage passes, built with the csv module from the raw export."""
    path = DEMO / f"ronde-{round_number}" / "exports" / "responses_csv_code_short_all.csv"
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return pd.DataFrame(
        {
            "initiative": [r["initiatief"] or pd.NA for r in rows],
            "initiative_name": [r["initiatief[other]"] or f"Initiatief {r['initiatief']}" for r in rows],
            "obstacle_text": [r["belemmeringen"] or pd.NA for r in rows],
            "helped_text": [r["geholpen"] or pd.NA for r in rows],
        },
        index=pd.Index([f"p{int(r['id']):03d}" for r in rows], name="response"),
    )


@pytest.fixture(scope="module")
def round_1() -> tuple[pd.DataFrame, ObstacleThemes]:
    frame = demo_frame(1)
    return frame, theme_obstacles(frame, codebook=load_codebook(DEMO / "codebook.toml"), random_state=0, max_helpers=50)


def test_the_input_frame_is_not_changed(round_1):
    frame, _ = round_1
    pd.testing.assert_frame_equal(frame, demo_frame(1))


def test_every_response_is_assigned_once_and_non_answers_are_counted(round_1):
    frame, result = round_1
    assignments = result.assignments
    assert list(assignments["response"]) == list(frame.index)
    # independent count: empty cells in the raw file, plus the obvious "nothing" answers
    empty = sum(1 for t in frame["obstacle_text"] if not isinstance(t, str) or not t.strip())
    assert result.non_answers >= empty
    assert result.non_answers == int(assignments["non_answer"].sum())
    assert (assignments.loc[assignments["non_answer"], "theme"] == "").all()
    assert (assignments.loc[~assignments["non_answer"], "theme"] != "").all()


def test_answers_read_by_hand_get_the_expected_theme(round_1):
    _, result = round_1
    theme = result.assignments.set_index("response")["theme"]
    # p011: zonnepanelen / beschermd stadsgezicht / welstandscommissie
    assert theme["p011"] == "regels"
    # p015: three departments that do not talk to each other
    assert theme["p015"] == "bureaucratie"
    # p025: no board members, the treasurer wants to stop (plus the energy bill)
    assert "vrijwilligers" in {theme["p025"], *result.assignments.set_index("response").loc["p025", "secondary"].split(",")}
    # p026: the subsidy framework changes every year
    assert theme["p026"] == "financiering"
    # p036: heating fails, landlord and tenant disagree
    assert theme["p036"] == "gebouw"


def test_theme_table_counts_match_the_assignments(round_1):
    _, result = round_1
    a = result.assignments[~result.assignments["non_answer"]]
    for row in result.themes.itertuples(index=False):
        named = a[(a["theme"] == row.theme) | a["secondary"].str.split(",").apply(lambda s, t=row.theme: t in s)]
        assert row.respondents == len(named)
        assert row.initiatives == named.loc[named["initiative"] != "", "initiative"].nunique()
        assert row.primary_respondents == int((a["theme"] == row.theme).sum())
    ranked = list(zip(-result.themes["initiatives"], -result.themes["respondents"], result.themes["theme"]))
    assert ranked == sorted(ranked)


def test_matrix_rows_are_themes_and_columns_initiatives(round_1):
    _, result = round_1
    assert list(result.matrix.index) == list(result.themes["theme"])
    # the matrix counts answers, so every theme's number of initiatives is its non-zero cells
    nonzero = (result.matrix > 0).sum(axis=1)
    assert dict(nonzero) == dict(zip(result.themes["theme"], result.themes["initiatives"]))


def test_quotes_are_two_or_three_distinct_answers_of_the_theme(round_1):
    _, result = round_1
    by_response = result.assignments.set_index("text")
    for theme, quotes in result.quotes.groupby("theme"):
        count = int((result.assignments["theme"] == theme).sum())
        assert len(quotes) == min(3, len(set(result.assignments.loc[result.assignments["theme"] == theme, "text"])))
        assert count >= len(quotes)
        assert quotes["text"].is_unique
        assert list(quotes["rank"]) == list(range(1, len(quotes) + 1))
        for text in quotes["text"]:
            assert theme in set(by_response.loc[[text], "theme"])


def test_learn_from_pairs_found_by_reading_the_answers(round_1):
    _, result = round_1
    pairs = result.learn_from
    assert list(pairs.columns) == [
        "theme", "label_nl", "label_en", "initiative", "initiative_name", "helper", "helper_name", "helped_text", "score",
        "rank",
    ]
    # an initiative never learns from itself
    assert (pairs["initiative"] != pairs["helper"]).all()

    def has(theme: str, initiative: str, helper: str, fragment: str) -> bool:
        rows = pairs[(pairs["theme"] == theme) & (pairs["initiative"] == initiative) & (pairs["helper"] == helper)]
        return any(fragment in text for text in rows["helped_text"])

    # I10 (p015) meets three departments that do not talk; I08 (p033) was helped by a fixed contact person
    assert has("bureaucratie", "I10", "I08", "vaste contactpersoon")
    # I05 (p010) waits endlessly for maintenance; I07 (p018) got it moving with welzijn and vastgoed at one table
    assert has("gebouw", "I05", "I07", "onderhoud ineens snel")
    # I09 (p005) leans on a volunteer coordinator; I05 (p010) found flexible volunteer roles
    assert has("vrijwilligers", "I09", "I05", "Flexibele vrijwilligersrollen")
    # "nothing helped yet" is never offered as help
    assert not pairs["helped_text"].str.contains("nog niet veel").any()


def test_learn_from_pairs_are_limited_and_ranked():
    frame = demo_frame(2)
    result = theme_obstacles(frame, codebook=load_codebook(None), random_state=0, max_helpers=2)
    counts = result.learn_from.groupby(["theme", "initiative"]).size()
    assert counts.max() <= 2
    for _, group in result.learn_from.groupby(["theme", "initiative"]):
        assert list(group["rank"]) == list(range(1, len(group) + 1))


def test_helpers_who_solved_the_same_kind_of_problem_come_first():
    # read by hand: I05 waits for maintenance, I01 cannot pay the energy bill; one helper
    # got maintenance moving, another had an energy scan
    frame = pd.DataFrame(
        {
            "initiative": ["I05", "I01", "H1", "H2"],
            "initiative_name": ["Vijf", "Een", "Helper een", "Helper twee"],
            "obstacle_text": [
                "Het onderhoud van het gebouw duurt eindeloos, de lekkage is al maanden gemeld.",
                "De energierekening van het gebouw is niet meer op te brengen.",
                pd.NA,
                pd.NA,
            ],
            "helped_text": [
                pd.NA,
                pd.NA,
                "De energiescan van het duurzaamheidsloket, met concrete tips.",
                "Een gesprek met vastgoed; daarna ging het onderhoud ineens snel.",
            ],
        },
        index=["a", "b", "c", "d"],
    )
    pairs = theme_obstacles(frame, random_state=0).learn_from
    first = pairs[(pairs["theme"] == "gebouw") & (pairs["rank"] == 1)].set_index("initiative")["helper"]
    assert first["I05"] == "H2"
    assert first["I01"] == "H1"


def test_other_initiatives_are_told_apart_by_name():
    frame = demo_frame(2)
    result = theme_obstacles(frame, random_state=0)
    keys = set(result.assignments["initiative"])
    assert "-oth-:Repair Café Oostpoort" in keys and "-oth-:Moestuin Achter de Kerk" in keys


def test_second_round_is_deterministic_and_complete():
    frame = demo_frame(2)
    first = theme_obstacles(frame, random_state=0)
    second = theme_obstacles(frame.sample(frac=1.0, random_state=1).sort_index(), random_state=0)
    for name in ("assignments", "themes", "matrix", "quotes", "learn_from"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))
    expected_empty = sum(
        1 for t in frame["obstacle_text"] if not isinstance(t, str) or is_non_answer(t)
    )
    assert first.non_answers == expected_empty


def test_missing_columns_are_named():
    frame = demo_frame(1).drop(columns=["helped_text"])
    with pytest.raises(InputError, match="helped_text"):
        theme_obstacles(frame)


def test_an_empty_round_gives_empty_tables_with_all_codebook_themes():
    frame = pd.DataFrame(columns=["initiative", "initiative_name", "obstacle_text", "helped_text"], dtype="string")
    result = theme_obstacles(frame)
    assert result.non_answers == 0 and result.assignments.empty and result.quotes.empty and result.learn_from.empty
    assert set(result.themes["theme"]) == set(load_codebook(None).ids)
    assert (result.themes["initiatives"] == 0).all()
