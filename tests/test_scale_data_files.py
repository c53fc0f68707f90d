"""The data files of a national network's round stay of a size people open: a participant-safe
table longer than a spreadsheet is of use for is written as Parquet only, and the data
dictionary says so; the demo's files are unchanged (every table has a CSV)."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import DEMO
from pipeline.report import analysis


@pytest.fixture(scope="module")
def demo(tmp_path_factory, secret_home) -> analysis.Analysis:
    data = tmp_path_factory.mktemp("files") / "reports" / "ronde-2" / "data"
    analysis.analyse_round(DEMO / "ronde-2", data, lang="nl")
    return analysis.load_analysis(data)


def test_a_long_table_is_parquet_only_and_the_dictionary_says_so(demo, tmp_path):
    tables = {name: getattr(demo, name) for name in (*analysis.TABLES, *analysis.RESEARCH_TABLES)}
    long = pd.concat([tables["obstacles"]] * (analysis.CSV_MAX_ROWS // len(tables["obstacles"]) + 1), ignore_index=True)
    assert len(long) > analysis.CSV_MAX_ROWS
    tables["obstacles"] = long
    # the row-level research data keeps its CSV however long (researchers' tools read it)
    tables["responses"] = pd.concat([tables["responses"]] * 2)
    data = tmp_path / "reports" / "r" / "data"
    written = analysis.write_analysis(analysis.in_memory(demo.meta, **tables), data)
    assert not (data / "obstacles.csv").exists() and (data / "obstacles.csv") not in written
    pd.testing.assert_frame_equal(pd.read_parquet(data / "obstacles.parquet"), long)
    for name in analysis.TABLES:
        if name != "obstacles":
            assert (data / f"{name}.csv").is_file(), name
    assert (analysis.research_dir(data) / "responses.csv").is_file()
    markdown = (data / "data_dictionary.md").read_text(encoding="utf-8")
    assert "## Parquet only" in markdown and f"- obstacles.parquet: {len(long):,} rows" in markdown
    assert "## trends.csv (and trends.parquet)" in markdown
    # what the pages read is all there
    again = analysis.load_analysis(data)
    assert len(again.obstacles) == len(long)


def test_the_demo_writes_every_table_as_csv_and_parquet(demo):
    data = demo.source.data_dir
    for name in analysis.TABLES:
        assert (data / f"{name}.csv").is_file() and (data / f"{name}.parquet").is_file(), name
    assert "Parquet only" not in (data / "data_dictionary.md").read_text(encoding="utf-8")


def test_the_scan_reads_a_long_parquet_table_value_by_distinct_value(tmp_path):
    # a national round's peer pairs: millions of rows of a few thousand values; a personal
    # value is still found, at the row where it first occurs (its speed against a row-by-row
    # read: benchmarks/scan_speed.py)
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.privacy import Scanner

    rows = 2_000_000
    codes = pa.array([f"oth-initiatief-{i % 1500:04d}" for i in range(rows)]).dictionary_encode()
    texts = ["Het gebouw lekt."] * rows
    texts[1_234_567] = "Bel Jan Jansen op 06-12345678."
    path = tmp_path / "pairs.parquet"
    pq.write_table(pa.table({"peer": codes, "rank": pa.array([i % 5 + 1 for i in range(rows)]),
                             "text": pa.array(texts)}), path)
    scanner = Scanner({"name": {"Jan Jansen"}})
    findings = scanner.scan_files([path], root=tmp_path)
    places = {(finding.kind, finding.place) for finding in findings}
    assert ("name", "row 1234568, column 3 ('text')") in places
    assert ("phone-pattern", "row 1234568, column 3 ('text')") in places
