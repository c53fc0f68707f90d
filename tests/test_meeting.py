"""The next meeting: table groups that keep every rule, at least as good as a greedy seating, always the same."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pandas as pd
import pytest

from pipeline import meeting
from pipeline.config import load_round_config
from pipeline.errors import ConfigError, PipelineError

PROJECT = Path(__file__).resolve().parents[1]
DEMO = PROJECT / "surveys" / "demo"
THEMES = ["gebouw", "bereik", "regels", "vrijwilligers", "financiering", "verantwoording"]


def instance(n: int, seed: int) -> tuple[list[str], pd.DataFrame, pd.DataFrame]:
    """Return ``n`` initiatives with one to three obstacle themes each, and a third of them helping with one."""
    rng = random.Random(seed)
    people = [f"I{i:03d}" for i in range(n)]
    weights = [6, 5, 3, 3, 2, 1]
    struggles, helps = [], []
    for person in people:
        for theme in set(rng.choices(THEMES, weights=weights, k=rng.randint(0, 3))):
            struggles.append((person, theme))
        if rng.random() < 0.35:
            helps.append((person, rng.choice(THEMES)))
    return (people, pd.DataFrame(struggles, columns=["initiative", "theme"]),
            pd.DataFrame(helps, columns=["initiative", "theme"]))


def score(tables: pd.DataFrame, struggles: pd.DataFrame, helps: pd.DataFrame) -> tuple[int, int]:
    """Return (missing helpers and strugglers over all tables, initiatives at a table about their own obstacle)."""
    s = set(zip(struggles["initiative"], struggles["theme"]))
    h = set(zip(helps["initiative"], helps["theme"]))
    shortfall = 0
    for _, table in tables.groupby("table"):
        theme = table["theme"].iloc[0]
        helpers = sum((p, theme) in h for p in table["initiative"])
        strugglers = sum((p, theme) in s and (p, theme) not in h for p in table["initiative"])
        shortfall += max(0, 1 - helpers) + max(0, 2 - strugglers)
    seated = sum((p, t) in s for p, t in zip(tables["initiative"], tables["theme"]))
    return shortfall, seated


def greedy(people: list[str], struggles: pd.DataFrame, helps: pd.DataFrame, low: int, high: int) -> pd.DataFrame:
    """A simple seating: the most shared themes first, tables filled with those who struggle, the rest where there is room."""
    s = set(zip(struggles["initiative"], struggles["theme"]))
    counts = struggles["theme"].value_counts()
    themes = sorted(counts.index, key=lambda t: (-counts[t], t))
    seated: set[str] = set()
    tables: list[tuple[str, list[str]]] = []
    for theme in themes:
        pool = [p for p in people if p not in seated and (p, theme) in s]
        while len(pool) >= low:
            take, pool = pool[:high], pool[high:]
            tables.append((theme, take))
            seated |= set(take)
    for person in [p for p in people if p not in seated]:
        room = [t for t in tables if len(t[1]) < high]
        own = [t for t in room if (person, t[0]) in s]
        if own or room:
            (own or room)[0][1].append(person)
        else:
            tables.append((themes[0], [person]))
    # a table left too small takes initiatives from the largest ones
    for theme, members in tables:
        while len(members) < low:
            donor = max((t for t in tables if len(t[1]) > low), key=lambda t: len(t[1]))
            members.append(donor[1].pop())
    rows = [{"table": k, "theme": theme, "initiative": p} for k, (theme, members) in enumerate(tables, 1) for p in members]
    return pd.DataFrame(rows)


def check_rules(tables: pd.DataFrame, people: list[str], struggles, helps, low: int, high: int) -> None:
    assert sorted(tables["initiative"]) == sorted(people)  # every initiative exactly once
    sizes = tables.groupby("table").size()
    assert sizes.between(low, high).all(), sizes.to_dict()
    assert (tables.groupby("table")["theme"].nunique() == 1).all()
    s = set(zip(struggles["initiative"], struggles["theme"]))
    h = set(zip(helps["initiative"], helps["theme"]))
    for row in tables.itertuples():
        expected = "helps" if (row.initiative, row.theme) in h else "struggles" if (row.initiative, row.theme) in s else "other"
        assert row.role == expected
    # every table is about an obstacle someone at the table has
    for _, table in tables.groupby("table"):
        assert any((p, table["theme"].iloc[0]) in s for p in table["initiative"])


@pytest.mark.parametrize("n, seed, sizes", [(9, 1, (3, 6)), (25, 2, (3, 6)), (40, 3, (4, 5)), (60, 4, (3, 6)), (100, 5, (3, 6))])
def test_tables_keep_every_rule_and_beat_a_greedy_seating(n, seed, sizes):
    people, struggles, helps = instance(n, seed)
    low, high = sizes
    tables = meeting.seat_tables(people, struggles, helps, table_size=sizes)
    check_rules(tables, people, struggles, helps, low, high)
    simple = greedy(people, struggles, helps, low, high)
    assert sorted(simple["initiative"]) == sorted(people) and simple.groupby("table").size().between(low, high).all()
    ours, theirs = score(tables, struggles, helps), score(simple, struggles, helps)
    # the rules per table first (fewer missing helpers and strugglers), then the objective
    assert (ours[0], -ours[1]) <= (theirs[0], -theirs[1]), (ours, theirs)
    assert meeting.seated_on_own_obstacle(tables, struggles) == ours[1]


def test_a_helper_and_two_strugglers_at_every_table_when_the_answers_allow():
    # planted: six groups of one helper and three who struggle, plus noise the seating must not follow
    people, struggles, helps = [], [], []
    for k, theme in enumerate(THEMES):
        group = [f"{theme[:3]}{i}" for i in range(4)]
        people += group
        helps.append((group[0], theme))
        struggles += [(p, theme) for p in group[1:]] + [(group[1], THEMES[(k + 1) % len(THEMES)])]
    struggles = pd.DataFrame(struggles, columns=["initiative", "theme"])
    helps = pd.DataFrame(helps, columns=["initiative", "theme"])
    tables = meeting.seat_tables(people, struggles, helps, table_size=(3, 6))
    check_rules(tables, people, struggles, helps, 3, 6)
    assert score(tables, struggles, helps)[0] == 0
    roles = tables.groupby("table")["role"].apply(lambda r: (r == "helps").sum())
    assert (roles >= 1).all()


def test_same_answers_same_tables_whatever_their_order():
    people, struggles, helps = instance(50, 7)
    first = meeting.seat_tables(people, struggles, helps)
    again = meeting.seat_tables(people[::-1], struggles.sample(frac=1, random_state=1), helps.sample(frac=1, random_state=2))
    pd.testing.assert_frame_equal(first, again)


def test_fewer_initiatives_than_the_smallest_table_sit_together():
    struggles = pd.DataFrame({"initiative": ["A", "B"], "theme": ["gebouw", "regels"]})
    tables = meeting.seat_tables(["A", "B"], struggles, struggles.iloc[0:0], table_size=(3, 6))
    assert tables["table"].tolist() == [1, 1] and sorted(tables["initiative"]) == ["A", "B"]
    assert meeting.seat_tables([], struggles, struggles).empty


def test_sizes_that_cannot_seat_everyone_are_a_plain_error():
    people, struggles, helps = instance(7, 1)
    with pytest.raises(ConfigError, match="7 initiatives cannot be seated at tables of 5 to 6") as error:
        meeting.seat_tables(people, struggles, helps, table_size=(5, 6))
    assert isinstance(error.value, PipelineError)


@pytest.mark.parametrize("value", ["[6, 3]", "[0, 4]", "[3]", '["3", "6"]', "4"])
def test_table_size_in_round_toml_is_checked(tmp_path, value):
    text = (DEMO / "ronde-3" / "round.toml").read_text(encoding="utf-8").replace("table_size = [3, 6]", f"table_size = {value}")
    folder = tmp_path / "ronde-3"
    folder.mkdir()
    (folder / "round.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[meeting\] table_size"):
        load_round_config(folder)


def test_who_can_help_whom_stays_within_a_region():
    struggles = pd.DataFrame({"initiative": ["A", "B", "C"], "theme": ["gebouw"] * 3})
    helps = pd.DataFrame({"initiative": ["B", "D"], "theme": ["gebouw", "gebouw"]})
    everyone = meeting.help_edges(struggles, helps)
    assert set(zip(everyone["helper"], everyone["initiative"])) == {("B", "A"), ("B", "C"), ("D", "A"), ("D", "B"), ("D", "C")}
    regional = meeting.help_edges(struggles, helps, regions={"A": "Noord", "B": "Noord", "C": "Zuid", "D": "Zuid"})
    assert set(zip(regional["helper"], regional["initiative"], regional["region"])) == {("B", "A", "Noord"), ("D", "C", "Zuid")}


def test_the_demo_round_seats_every_initiative_that_answered(secret_home, tmp_path):
    from pipeline.report.analysis import analyse_round

    data = tmp_path / "ronde-3" / "data"
    analysis = analyse_round(DEMO / "ronde-3", data)
    tables = analysis.tables["meeting_tables"]
    text = (DEMO / "ronde-3" / "exports" / "responses_csv_code_short_all.csv").read_bytes().decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(text, newline=""), delimiter=";") if r["submitdate"]]
    answered = {r["initiatief"] for r in rows if r["initiatief"] != "-oth-"}
    others = {r["initiatief[other]"] for r in rows if r["initiatief"] == "-oth-"}
    names = analysis.tables["initiatives"].set_index("initiative")["name"]
    seated = set(tables["initiative"])
    assert {c for c in seated if not c.startswith("oth-")} == answered
    assert {names[c] for c in seated if c.startswith("oth-")} == others
    assert len(tables) == len(seated)
    assert tables.groupby("table").size().between(3, 6).all()
    # the rising theme is on the agenda, with the initiatives that can tell what helped them
    agenda = analysis.tables["meeting_agenda"].set_index("theme")
    assert "rising" in agenda.loc["bereik", "reason"] and agenda.loc["bereik", "helpers"]
    written = pd.read_parquet(data / "meeting_tables.parquet")
    assert list(written.columns) == ["table", "theme", "initiative", "role"]
    with open(data / "meeting_tables.csv", encoding="utf-8", newline="") as handle:
        assert [r["initiative"] for r in csv.DictReader(handle)] == written["initiative"].tolist()
    assert "## meeting_tables.csv" in (data / "data_dictionary.md").read_text(encoding="utf-8")


def test_the_help_network_picture_is_an_image_with_alt_text_and_always_the_same():
    from pipeline.report.charts import help_network

    people, struggles, helps = instance(20, 3)
    edges = meeting.help_edges(struggles, helps)
    triples = list(zip(edges["helper"], edges["initiative"], edges["theme"]))
    first = help_network(triples, labels={}, theme_names={"gebouw": "Het gebouw"}, alt="Wie kan wie helpen")
    assert first.startswith('<img class="chart" src="data:image/png;base64,') and 'alt="Wie kan wie helpen"' in first
    assert help_network(triples, labels={}, theme_names={"gebouw": "Het gebouw"}, alt="Wie kan wie helpen") == first
