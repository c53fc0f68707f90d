"""A page of one initiative reads only its own slice of the tables that grow with the round
(issue 12, point 4): the slice holds exactly the rows the page used to find in the whole
tables, from the run's page store or cut from the Parquet files alike, and the pages come
out the same."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import DEMO
from pipeline.report import analysis, over_time, sections

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory, secret_home) -> Path:
    data = tmp_path_factory.mktemp("slices") / "reports" / "ronde-2" / "data"
    analysis.analyse_round(DEMO / "ronde-2", data, lang="nl")
    return data


def _page(loaded: analysis.Analysis, code: str) -> list[str]:
    """Return the initiative page's sections, as the notebook makes them."""
    return [
        sections.page_header(loaded, "nl", initiative=code).data,
        sections.initiative_aspects(loaded, "nl", code).data,
        sections.initiative_obstacles(loaded, "nl", code).data,
        over_time.initiative_trends(loaded, "nl", code).data,
        sections.initiative_words(loaded, "nl", code).data,
        sections.initiative_learning(loaded, "nl", code).data,
        sections.initiative_answers(loaded, "nl", code).data,
        sections.privacy_note(loaded, "nl", initiative=code).data,
    ]


def _expected_slice(table: pd.DataFrame, keys: tuple[str, ...], code: str) -> pd.DataFrame:
    """The rows that name ``code`` in one of ``keys``, or no initiative at all: row by row."""
    keep = []
    for _, row in table.iterrows():
        named = [row[k] for k in keys if k in table and isinstance(row[k], str) and row[k]]
        keep.append(code in named or not named)
    return table[keep]


def test_a_slice_holds_the_initiatives_rows_and_the_communitys(demo_data):
    whole = analysis.load_analysis(demo_data)
    codes = list(whole.initiatives["initiative"])
    for code in codes:
        page = analysis.load_analysis(demo_data, initiative=code)
        assert page.initiative == code
        for name, keys in analysis.PAGE_SLICED.items():
            full = getattr(whole, name)
            expected = _expected_slice(full, keys, code)
            got = getattr(page, name)
            assert len(got) < len(full) or name == "previous_responses" and len(full) == 0
            pd.testing.assert_frame_equal(
                got, expected if expected.index.name else expected.reset_index(drop=True), check_index_type=True)
    # the slice of an initiative that is another's helper holds the pairs of both sides
    pairs = whole.learn_from
    helper = pairs["helper"].iloc[0]
    sliced = analysis.load_analysis(demo_data, initiative=helper).learn_from
    assert (sliced["helper"] == helper).sum() == (pairs["helper"] == helper).sum() > 0


def test_the_page_store_gives_the_same_slices_and_pages_as_the_parquet_files(demo_data):
    whole = analysis.load_analysis(demo_data)
    codes = list(whole.initiatives["initiative"])
    cut = {code: analysis.load_analysis(demo_data, initiative=code) for code in codes}
    store = analysis.write_page_store(whole, demo_data)
    try:
        assert store == demo_data.parent / analysis.PAGE_STORE and (store / "responses.arrow").is_file()
        for code in codes:
            stored = analysis.load_analysis(demo_data, initiative=code)
            for name in [*analysis.PAGE_SLICED, "answer_counts"]:
                pd.testing.assert_frame_equal(getattr(stored, name), getattr(cut[code], name))
            # the tables a page reads whole come from the store too, as the Parquet files hold them
            for name in analysis.TABLES:
                if name not in analysis.PAGE_SLICED:
                    assert (store / f"whole-{name}.arrow").is_file(), name
                    pd.testing.assert_frame_equal(getattr(stored, name), pd.read_parquet(demo_data / f"{name}.parquet"))
            # and the page is the one the whole tables give
            assert _page(stored, code) == _page(whole, code)
    finally:
        shutil.rmtree(store)


def test_a_page_store_of_another_analysis_is_not_read(demo_data, tmp_path):
    whole = analysis.load_analysis(demo_data)
    code = whole.initiatives["initiative"].iloc[0]
    store = analysis.write_page_store(whole, demo_data)
    meta = demo_data / "round.json"
    text = meta.read_text(encoding="utf-8")
    try:
        # the analysis is written again (here: one fact changed): the store is no longer its own
        meta.write_text(text.replace('"lang": "nl"', '"lang": "nl" '), encoding="utf-8")
        assert analysis._stored_slice(demo_data, "responses", code) is None
        assert analysis._stored_whole(demo_data, "initiatives", analysis._fingerprint(demo_data)) is None
        page = analysis.load_analysis(demo_data, initiative=code)
        assert set(page.responses["initiative"]) == {code}
    finally:
        meta.write_text(text, encoding="utf-8")
        shutil.rmtree(store)


def test_the_community_answer_counts_are_the_counts_of_every_answer(demo_data):
    whole = analysis.load_analysis(demo_data)
    counts = whole.answer_counts
    responses = whole.responses
    assert set(counts["question"]) >= {"rol", "tevredenheid", "subsidie"}
    for question, group in counts.groupby("question"):
        # independently: the answers given, as text, counted by hand
        given = [str(v) for v in responses[question].tolist() if not pd.isna(v)]
        if question == "tevredenheid":
            given = [str(int(float(v))) for v in given]
        expected = {answer: given.count(answer) for answer in set(given)}
        assert dict(zip(group["answer"], group["count"], strict=True)) == expected
    # an initiative's page reads them without the other initiatives' answers
    code = whole.initiatives["initiative"].iloc[0]
    page = analysis.load_analysis(demo_data, initiative=code)
    pd.testing.assert_frame_equal(page.answer_counts, counts)
    assert len(page.responses) < len(responses)


def test_the_store_is_cut_once_for_a_round_of_any_size(tmp_path, secret_home):
    # 200 initiatives: every page's slice stays the size of one initiative's answers
    sys.path.insert(0, str(BENCHMARKS))
    from synthetic_round import make_round

    folder = make_round(tmp_path / "round", initiatives=200, per_initiative=3)
    data = tmp_path / "reports" / "r" / "data"
    analysis.analyse_round(folder, data, lang="nl")
    whole = analysis.load_analysis(data)
    analysis.write_page_store(whole, data)
    assert whole.meta.large  # the pages name peers instead of everyone
    sizes = set()
    for code in list(whole.initiatives["initiative"])[::37]:
        page = analysis.load_analysis(data, initiative=code)
        sizes.add(len(page.responses))
        assert set(page.responses["initiative"]) == {code}
        assert set(page.obstacles["initiative"]) <= {code}
        assert set(page.peers["initiative"]) <= {code}
        assert list(page.theme_initiative.columns) == ["theme", code]
        # and the page is the one the whole tables give
        assert _page(page, code) == _page(whole, code)
    assert sizes == {3}


def test_a_shared_copy_of_data_says_which_row_level_table_a_section_needs(demo_data, tmp_path):
    """Without the research folder beside it (a copy of ``data/`` handed on), the sections that
    count row-level answers stop with a plain message naming the table, not a TypeError on None."""
    from pipeline.errors import ConfigError

    shared = tmp_path / "shared" / "data"
    shutil.copytree(demo_data, shared)
    assert not analysis.research_dir(shared).exists()
    loaded = analysis.load_analysis(shared)
    assert loaded.responses is None and loaded.tables  # the participant-safe tables are all there
    code = loaded.initiatives["initiative"].iloc[0]
    for section in (lambda: sections.roles_breakdown(loaded, "nl"),
                    lambda: sections.initiative_answers(loaded, "nl", code)):
        with pytest.raises(ConfigError) as raised:
            section()
        assert "responses" in str(raised.value)
    # with the research folder the same sections are made
    whole = analysis.load_analysis(demo_data)
    assert "<section" in sections.initiative_answers(whole, "nl", code).data
