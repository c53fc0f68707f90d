"""Small-group suppression: primary, complementary, and no recovery by subtraction."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.config import PrivacySettings
from pipeline.errors import PrivacyError
from pipeline.ingest import load_round
from pipeline.privacy import (
    SUPPRESSED_MARKER,
    breakdown,
    check_privacy_settings,
    initiative_aspects,
    initiative_breakdown,
    initiative_figures_allowed,
    initiative_note,
)

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "surveys" / "demo"


# ---------------------------------------------------------------- an independent attacker


def _compositions(total: int, parts: int, minimum: int = 1) -> Iterator[tuple[int, ...]]:
    """Yield every way to write ``total`` as ``parts`` integers of at least ``minimum``."""
    if parts == 1:
        if total >= minimum:
            yield (total,)
        return
    for first in range(minimum, total - minimum * (parts - 1) + 1):
        for rest in _compositions(total - first, parts - 1, minimum):
            yield (first, *rest)


def _bounded(total: int, caps: list[int]) -> Iterator[tuple[int, ...]]:
    """Yield every split of ``total`` into len(caps) integers 0 <= x_i <= caps[i]."""
    if len(caps) == 1:
        if 0 <= total <= caps[0]:
            yield (total,)
        return
    for first in range(0, min(total, caps[0]) + 1):
        for rest in _bounded(total - first, caps[1:]):
            yield (first, *rest)


def recoverable_numeric(shown: pd.DataFrame, lo: float, hi: float) -> list[str]:
    """Return the held-back cells that the published n, means and total pin to one value.

    Works only from what is published (the table with its markers) and the answer scale.
    """
    hidden = [g for g in shown.index[:-1] if shown.loc[g, "n"] == SUPPRESSED_MARKER]
    if not hidden:
        return []
    total_n, total_mean = shown.iloc[-1]["n"], shown.iloc[-1]["mean"]
    if total_n == SUPPRESSED_MARKER:
        return []
    public = [g for g in shown.index[:-1] if g not in hidden]
    rest_n = int(total_n) - sum(int(shown.loc[g, "n"]) for g in public)
    rest_sum = round(float(total_n) * float(total_mean) - sum(
        int(shown.loc[g, "n"]) * float(shown.loc[g, "mean"]) for g in public))
    n_seen: dict[str, set[int]] = {g: set() for g in hidden}
    mean_seen: dict[str, set[float]] = {g: set() for g in hidden}
    for counts in _compositions(rest_n, len(hidden)):
        lows, highs = [], []
        for i, count in enumerate(counts):
            others = [c for j, c in enumerate(counts) if j != i]
            lows.append(max(count * lo, rest_sum - sum(others) * hi))
            highs.append(min(count * hi, rest_sum - sum(others) * lo))
        if any(low > high for low, high in zip(lows, highs, strict=True)):
            continue
        for i, g in enumerate(hidden):
            n_seen[g].add(counts[i])
            mean_seen[g].update({round(lows[i] / counts[i], 9), round(highs[i] / counts[i], 9)})
    found = [f"{g}: n" for g in hidden if len(n_seen[g]) == 1]
    found += [f"{g}: mean" for g in hidden if len(mean_seen[g]) == 1]
    return found


def recoverable_counts(shown: pd.DataFrame) -> list[str]:
    """Return the held-back cells of a count table that the published cells pin to one value."""
    hidden = [g for g in shown.index[:-1] if shown.loc[g, "n"] == SUPPRESSED_MARKER]
    if not hidden or shown.iloc[-1]["n"] == SUPPRESSED_MARKER:
        return []
    public = [g for g in shown.index[:-1] if g not in hidden]
    categories = [c for c in shown.columns if c != "n"]
    rest = {c: int(shown.iloc[-1][c]) - sum(int(shown.loc[g, c]) for g in public) for c in ["n", *categories]}
    seen: dict[tuple[str, str], set[int]] = {(g, c): set() for g in hidden for c in ["n", *categories]}

    def fill(rows: list[tuple[int, ...]], remaining: dict[str, int], sizes: tuple[int, ...]) -> Iterator[list]:
        i = len(rows)
        if i == len(sizes) - 1:
            last = tuple(remaining[c] for c in categories)
            if sum(last) == sizes[i] and all(v >= 0 for v in last):
                yield [*rows, last]
            return
        for row in _bounded(sizes[i], [remaining[c] for c in categories]):
            yield from fill([*rows, row], {c: remaining[c] - row[k] for k, c in enumerate(categories)}, sizes)

    for sizes in _compositions(rest["n"], len(hidden)):
        for matrix in fill([], {c: rest[c] for c in categories}, sizes):
            for i, g in enumerate(hidden):
                seen[(g, "n")].add(sizes[i])
                for k, c in enumerate(categories):
                    seen[(g, c)].add(matrix[i][k])
            if all(len(values) > 1 for values in seen.values()):
                return []  # every held-back cell has two possible values: nothing is given away
    # an answer nobody (or everybody) gave is told by the published total about everyone
    told_by_total = {c for c in categories if int(shown.iloc[-1][c]) in (0, int(shown.iloc[-1]["n"]))}
    return [f"{g}: {c}" for (g, c), values in seen.items() if len(values) == 1 and c not in told_by_total]


# ---------------------------------------------------------------- unit tests


def _frame(groups: dict[str, list[float | None]]) -> pd.DataFrame:
    rows = [(g, v) for g, values in groups.items() for v in values]
    return pd.DataFrame({
        "rol": pd.array([g for g, _ in rows], dtype="string"),
        "score": pd.array([v for _, v in rows], dtype="Float64"),
    })


def test_a_small_group_and_its_complement_are_held_back_total_kept() -> None:
    frame = _frame({"a": [4, 4, 5, 3, 4, 2], "b": [1, 2, 3, 4, 5, 5, 4], "c": [5, 5], "d": [3] * 9})
    before = frame.copy()
    result = breakdown(frame, "rol", "score", min_group_size=5)
    pd.testing.assert_frame_equal(frame, before)
    assert result.status.to_dict() == {
        "a": "complementary", "b": "published", "c": "primary", "d": "published", "Totaal": "published",
    }
    # published figures are the true ones, computed here by hand
    assert int(result.table.loc["b", "n"]) == 7
    assert float(result.table.loc["b", "mean"]) == pytest.approx(24 / 7)
    assert int(result.table.loc["Totaal", "n"]) == 24
    assert float(result.table.loc["Totaal", "mean"]) == pytest.approx((22 + 24 + 10 + 27) / 24)
    assert result.table.loc["c"].isna().all() and result.table.loc["a"].isna().all()
    shown = result.display()
    assert (shown.loc["c"] == SUPPRESSED_MARKER).all()
    assert recoverable_numeric(shown, 1, 5) == []
    assert "minder dan 5" in result.held_back()
    assert "terug te rekenen" in result.held_back()
    assert "fewer than 5" in result.held_back("en")


def test_without_a_complement_the_small_group_would_be_recoverable() -> None:
    frame = _frame({"a": [4, 4, 5, 3, 4, 2], "c": [5, 5], "d": [3] * 9})
    result = breakdown(frame, "rol", "score", min_group_size=5)
    naive = result.display()
    naive.loc["a"] = [6, 22 / 6]  # what publishing only the primary suppression would show
    assert recoverable_numeric(naive, 1, 5) == ["c: n", "c: mean"]
    assert recoverable_numeric(result.display(), 1, 5) == []


def test_respondents_without_the_attribute_form_their_own_group() -> None:
    frame = _frame({"a": [4] * 6, "b": [2] * 6})
    frame.loc[len(frame)] = [pd.NA, 5.0]
    result = breakdown(frame, "rol", "score", min_group_size=5)
    assert "(geen antwoord)" in result.status.index
    assert result.status["(geen antwoord)"] == "primary"
    # otherwise the total minus a and b would show that one person's answer
    assert recoverable_numeric(result.display(), 1, 5) == []


def test_the_language_is_taken_as_a_notebook_gives_it_a_plain_string() -> None:
    """A notebook's ``lang`` parameter is a plain string: "en" is English, an unknown one is refused."""
    frame = _frame({"a": [4] * 6, "b": [2] * 6})
    frame.loc[len(frame)] = [pd.NA, 5.0]
    result = breakdown(frame, "rol", "score", min_group_size=5, language="en")
    assert list(result.status.index) == ["a", "b", "(no answer)", "Total"]
    with pytest.raises(ValueError, match="'fr'"):
        breakdown(frame, "rol", "score", min_group_size=5, language="fr")


def test_a_total_below_the_threshold_holds_back_everything() -> None:
    frame = _frame({"a": [4, 4, 5], "b": [1]})
    result = breakdown(frame, "rol", "score", min_group_size=5)
    assert (result.status == "primary").all()
    assert result.table.isna().all().all()


def test_answers_to_the_value_count_not_respondents() -> None:
    frame = _frame({"a": [4, 4, 5, None, None, None], "b": [1, 2, 3, 4, 5], "c": [2, 2, 2, 2, 2]})
    result = breakdown(frame, "rol", "score", min_group_size=5)
    assert result.status["a"] == "primary"
    assert int(result.table.loc["Totaal", "n"]) == 13


def test_counts_of_a_categorical_value() -> None:
    frame = pd.DataFrame({
        "rol": pd.array(["a"] * 6 + ["b"] * 2 + ["c"] * 5, dtype="string"),
        "subsidie": pd.array([True, False, True, True, True, False, True, True, False, False, True, True, True], dtype="boolean"),
    })
    result = breakdown(frame, "rol", "subsidie", min_group_size=5)
    assert result.status["b"] == "primary"
    assert result.status["c"] == "complementary"  # c (5) is smaller than a (6)
    assert int(result.table.loc["a", "True"]) == 4 and int(result.table.loc["a", "False"]) == 2
    assert int(result.table.loc["Totaal", "True"]) == 9
    assert recoverable_counts(result.display()) == []


def test_the_same_groups_are_held_back_in_every_table_of_an_attribute() -> None:
    # b has 6 respondents but only 5 answered x: ranking by respondents keeps the pattern
    frame = pd.DataFrame({
        "rol": pd.array(["a"] * 2 + ["b"] * 6 + ["c"] * 7 + ["d"] * 9, dtype="string"),
        "x": pd.array([1, 2] + [3, 3, 3, 3, 3, None] + [4] * 7 + [5] * 9, dtype="Float64"),
        "y": pd.array([1] * 24, dtype="Float64"),
    })
    x = breakdown(frame, "rol", "x", min_group_size=5)
    y = breakdown(frame, "rol", "y", min_group_size=5)
    assert x.suppressed.to_dict() == y.suppressed.to_dict()


def test_tidy_form_marks_status_and_hides_values() -> None:
    frame = _frame({"a": [4] * 6, "b": [2] * 6, "c": [5]})
    tidy = breakdown(frame, "rol", "score", min_group_size=5).tidy()
    assert list(tidy.columns) == ["by", "group", "measure", "value", "status"]
    hidden = tidy[tidy["status"] != "published"]
    assert set(hidden["group"]) == {"a", "c"} and hidden["value"].isna().all()


def test_unknown_column_is_a_privacy_error_listing_the_columns() -> None:
    with pytest.raises(PrivacyError, match="score"):
        breakdown(_frame({"a": [1]}), "rol", "leeftijd", min_group_size=5)


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_never_give_a_held_back_cell_away(seed: int) -> None:
    rng = np.random.default_rng(seed)
    groups = {f"g{i}": list(rng.integers(1, 6, size=int(rng.integers(1, 9))).astype(float)) for i in range(int(rng.integers(2, 6)))}
    k = int(rng.integers(3, 6))
    result = breakdown(_frame(groups), "rol", "score", min_group_size=k)
    shown = result.display()
    for group, values in groups.items():
        if result.status[group] == "published":
            assert len(values) >= k
            assert float(shown.loc[group, "mean"]) == pytest.approx(sum(values) / len(values))
    assert recoverable_numeric(shown, 1, 5) == []


@pytest.mark.parametrize("seed", range(30))
def test_random_count_tables_never_give_a_held_back_cell_away(seed: int) -> None:
    rng = np.random.default_rng(1000 + seed)
    sizes = rng.integers(1, 9, size=int(rng.integers(2, 5)))
    roles = [f"g{i}" for i, size in enumerate(sizes) for _ in range(size)]
    answers = rng.choice(["ja", "nee", "weet niet"], size=len(roles), p=[0.5, 0.35, 0.15])
    frame = pd.DataFrame({"rol": pd.array(roles, dtype="string"), "a": pd.array(answers, dtype="string")})
    result = breakdown(frame, "rol", "a", min_group_size=4)
    for group in result.status.index[:-1]:
        if result.status[group] == "published":
            assert roles.count(group) >= 4
    assert recoverable_counts(result.display()) == []


# ---------------------------------------------------------------- the demo rounds


@pytest.fixture(scope="module", params=["ronde-1", "ronde-2"])
def demo(request: pytest.FixtureRequest) -> pd.DataFrame:
    return load_round(DEMO / request.param).responses


@pytest.mark.parametrize("value", ["tevredenheid", "aspect_ambitie", "aspect_relatie"])
def test_demo_role_breakdowns_of_scores_cannot_be_undone(demo: pd.DataFrame, value: str) -> None:
    result = breakdown(demo, "rol", value, min_group_size=5)
    shown = result.display()
    for group in shown.index[:-1]:
        if result.status[group] == "published":
            assert int(shown.loc[group, "n"]) >= 5
    assert recoverable_numeric(shown, 1, 5) == []


@pytest.mark.parametrize("value", ["subsidie", "prioriteit"])
def test_demo_role_breakdowns_of_answers_cannot_be_undone(demo: pd.DataFrame, value: str) -> None:
    result = breakdown(demo, "rol", value, min_group_size=5)
    assert recoverable_counts(result.display()) == []


def test_demo_round_two_holds_back_the_coordinators() -> None:
    responses = load_round(DEMO / "ronde-2").responses
    coordinators = int((responses["rol"] == "coord").sum())
    assert 0 < coordinators < 5  # the demo round is built to have this small group
    result = breakdown(responses, "rol", "tevredenheid", min_group_size=5)
    assert result.status["coord"] == "primary"
    assert (result.status == "complementary").sum() >= 1


# ---------------------------------------------------------------- an initiative's own figures


def test_initiative_threshold_and_the_sentence_on_the_page() -> None:
    settings = PrivacySettings(min_initiative_answers=3)
    assert not initiative_figures_allowed(2, settings)
    assert initiative_figures_allowed(3, settings)
    assert "niet getoond" in initiative_note(2, settings).lower()
    assert "minstens 3" in initiative_note(2, settings)
    assert initiative_note(4, settings) == "Gebaseerd op 4 antwoorden."
    assert initiative_note(1, PrivacySettings(), "en").startswith("Figures not shown")


def test_a_single_answer_is_never_an_initiative_figure() -> None:
    loose = PrivacySettings(min_initiative_answers=1)
    assert not initiative_figures_allowed(1, loose)
    with pytest.raises(PrivacyError, match="min_initiative_answers"):
        check_privacy_settings(loose)
    with pytest.raises(PrivacyError, match="min_group_size"):
        check_privacy_settings(PrivacySettings(min_group_size=2))
    check_privacy_settings(PrivacySettings())


def test_combinatorics_helper_counts_compositions() -> None:
    # independent check of the attacker's enumeration: C(n-1, k-1) compositions
    assert len(list(_compositions(7, 3))) == 15
    assert sorted(_compositions(3, 2)) == [(1, 2), (2, 1)]
    assert list(itertools.islice(_bounded(2, [1, 1]), 5)) == [(1, 1)]


def test_held_back_sentence_when_the_total_itself_is_too_small() -> None:
    result = breakdown(_frame({"a": [4, 4], "b": [1]}), "rol", "score", min_group_size=5)
    assert result.held_back() == "Niet getoond: in totaal minder dan 5 antwoorden, zodat niemand herkenbaar is."


def test_initiative_figures_hold_back_a_complement_so_the_total_does_not_give_one_away() -> None:
    frame = pd.DataFrame({
        "initiative": pd.array(["I01"] * 1 + ["I02"] * 3 + ["I03"] * 4 + ["I04"] * 6, dtype="string"),
        "aspect_relatie": pd.array([5, 2, 3, 4, 1, 2, 3, 3, 4, 4, 4, 5, 2, 3], dtype="Float64"),
    })
    settings = PrivacySettings(min_initiative_answers=3)
    result = initiative_breakdown(frame, "aspect_relatie", settings=settings)
    assert result.status["I01"] == "primary"
    assert result.status["I02"] == "complementary"  # the smallest initiative that may show figures
    assert result.status["I04"] == "published" and int(result.table.loc["I04", "n"]) == 6
    assert recoverable_numeric(result.display(), 1, 5) == []
    assert result.held_back().startswith("Niet getoond: 1 initiatief met minder dan 3 antwoorden")
    assert "Ook 1 andere initiatief" in result.held_back()


def test_demo_initiative_figures_cannot_be_undone(demo: pd.DataFrame) -> None:
    settings = PrivacySettings(min_initiative_answers=3)
    for aspect in ("aspect_ambitie", "aspect_belangen", "aspect_proces", "aspect_organisatie", "aspect_relatie"):
        result = initiative_breakdown(demo, aspect, settings=settings)
        shown = result.display()
        assert recoverable_numeric(shown, 1, 5) == [], aspect
        for code in shown.index[:-1]:
            answered = int(demo.loc[demo["initiative"] == code, aspect].notna().sum())
            assert (result.status[code] == "published") <= (answered >= 3)


def test_initiative_aspects_table_is_safe_to_publish_as_is(demo: pd.DataFrame) -> None:
    settings = PrivacySettings(min_initiative_answers=3)
    table = initiative_aspects(demo, settings=settings)
    assert list(table.columns) == ["aspect", "initiative", "n", "mean", "status"]
    assert set(table["aspect"]) == {"ambitie", "belangen", "proces", "organisatie", "relatie"}
    for aspect, rows in table.groupby("aspect"):
        shown = rows.set_index("initiative")[["n", "mean"]].astype(object)
        shown[rows.set_index("initiative")["status"] != "published"] = SUPPRESSED_MARKER
        assert recoverable_numeric(shown, 1, 5) == [], aspect
        published = rows[rows["status"] == "published"]
        assert (published["n"] >= 3).all()
        # each published mean is the plain mean of that initiative's answers
        for _, row in published[published["initiative"] != "Totaal"].iterrows():
            answers = demo.loc[demo["initiative"] == row["initiative"], f"aspect_{aspect}"].dropna()
            assert float(row["mean"]) == pytest.approx(sum(answers) / len(answers))
    assert table.loc[table["status"] != "published", ["n", "mean"]].isna().all().all()
