"""Ranked, bounded peers: the order, the bound and the count of the rest, against a hand computation."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.peers import bounded_peers, profile_overlap, rank_peers

# A: t1 t2   B: t1   C: t1 t2   D: t2   E: t1 t3   F: names no obstacle
STRUGGLES = pd.DataFrame(
    [("A", "t1"), ("A", "t2"), ("B", "t1"), ("C", "t1"), ("C", "t2"), ("D", "t2"), ("E", "t1"), ("E", "t3")],
    columns=["initiative", "theme"],
)
HELPS = pd.DataFrame([("D", "t1", 0.9), ("B", "t1", 0.5), ("F", "t1", 0.5)], columns=["initiative", "theme", "score"])
GROUPS = {"A": "Noord", "B": "Noord", "C": "Zuid", "D": "Zuid", "E": "Noord", "F": "Zuid"}


def _list(ranked: pd.DataFrame, initiative: str, theme: str) -> list[str]:
    rows = ranked[(ranked["initiative"] == initiative) & (ranked["theme"] == theme)].sort_values("rank")
    assert rows["rank"].tolist() == list(range(1, len(rows) + 1))
    return rows["peer"].tolist()


def test_jaccard_overlap_of_obstacle_profiles() -> None:
    codes, overlap = profile_overlap(STRUGGLES)
    at = {c: i for i, c in enumerate(codes)}
    # A {t1,t2} and E {t1,t3}: 1 shared of 3 themes; A and C the same profile; B and D none shared
    assert overlap[at["A"], at["E"]] == pytest.approx(1 / 3)
    assert overlap[at["A"], at["C"]] == pytest.approx(1.0)
    assert overlap[at["B"], at["D"]] == 0.0
    assert overlap[at["A"], at["B"]] == pytest.approx(0.5)


def test_helpers_first_by_score_then_overlap_then_group_then_code() -> None:
    ranked = rank_peers(STRUGGLES, HELPS, GROUPS)
    # A/t1, by hand: helpers D (0.9), then B and F (0.5 each; B overlaps A 1/2, F 0);
    # then the sharers C (overlap 1) and E (1/3). C overlaps most, yet comes after the
    # helper F that shares nothing with A: addressing the theme goes first
    assert _list(ranked, "A", "t1") == ["D", "B", "F", "C", "E"]
    # E/t1: sharers A and C both overlap E by 1/3; A is in E's region (Noord), C is not
    assert _list(ranked, "E", "t1") == ["D", "B", "F", "A", "C"]
    # B/t1: sharers A, C, E all overlap B by 1/2; A and E are in B's region: by code A, E; then C
    assert _list(ranked, "B", "t1") == ["D", "F", "A", "E", "C"]
    # D/t2: A and C overlap D by 1/2; C is in D's region
    assert _list(ranked, "D", "t2") == ["C", "A"]
    # E alone names t3: no list
    assert _list(ranked, "E", "t3") == []
    row = ranked[(ranked["initiative"] == "A") & (ranked["theme"] == "t1") & (ranked["peer"] == "B")].iloc[0]
    assert (row["kind"], bool(row["shares"]), row["score"], row["overlap"], bool(row["same_group"])) == (
        "helps", True, 0.5, 0.5, True)


def test_without_groups_ties_fall_by_code() -> None:
    ranked = rank_peers(STRUGGLES, HELPS)
    # E/t1 without regions: A and C tie on everything but the code
    assert _list(ranked, "E", "t1") == ["D", "B", "F", "A", "C"]
    assert _list(ranked, "D", "t2") == ["A", "C"]
    assert not ranked["same_group"].any()


def test_ranking_is_deterministic_whatever_the_row_order() -> None:
    first = rank_peers(STRUGGLES, HELPS, GROUPS)
    shuffled = rank_peers(STRUGGLES.sample(frac=1, random_state=3), HELPS.sample(frac=1, random_state=5), GROUPS)
    pd.testing.assert_frame_equal(first, shuffled)


def test_bounded_lists_keep_the_first_n_and_count_the_rest() -> None:
    bounded = bounded_peers(rank_peers(STRUGGLES, HELPS, GROUPS), 2)
    a = bounded[(bounded["initiative"] == "A") & (bounded["theme"] == "t1")]
    contact = a[a["list"] == "contact"]
    assert contact["peer"].tolist() == ["D", "B"] and set(contact["total"]) == {5}
    # also named: only the peers that name t1 too (B, C, E), in the ranking's order
    named = a[a["list"] == "also_named"]
    assert named["peer"].tolist() == ["B", "C"] and set(named["total"]) == {3}
    assert named["rank"].tolist() == [1, 2]
    assert bounded.groupby(["initiative", "theme", "list"]).size().max() == 2
    with pytest.raises(ValueError):
        bounded_peers(rank_peers(STRUGGLES, HELPS), 0)


def test_no_obstacles_no_peers() -> None:
    empty = rank_peers(STRUGGLES.iloc[0:0], HELPS)
    assert empty.empty and list(empty.columns)[:3] == ["initiative", "theme", "peer"]
    assert bounded_peers(empty, 5).empty


def test_theme_by_theme_gives_the_same_pairs_and_lists(tmp_path) -> None:
    from pipeline.peers import RankedPeers

    ranked = RankedPeers(STRUGGLES, HELPS, GROUPS)
    whole = rank_peers(STRUGGLES, HELPS, GROUPS)
    # by hand: t1 is named by A, B, C, E and helped by B, D, F: 6 candidates, 5 peers each (20);
    # t2 by A, C, D: 2 peers each (6); t3 by E alone: none
    assert sum(len(part) for part in ranked.parts()) == len(whole) == 26
    pd.testing.assert_frame_equal(ranked.bounded(2), bounded_peers(whole, 2))
    written = pd.read_parquet(ranked.write_parquet(tmp_path / "pairs.parquet"))
    pd.testing.assert_frame_equal(written.astype(str), whole.astype(str))
    empty = RankedPeers(STRUGGLES.iloc[0:0], HELPS)
    assert pd.read_parquet(empty.write_parquet(tmp_path / "none.parquet")).empty
