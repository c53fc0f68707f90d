"""Large exports take the streaming path: the same results, and the same refusals, as small ones."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from conftest import DEMO
from pipeline.errors import InputError
from pipeline.ingest import read_export, read_structure

SOURCE = DEMO / "ronde-1" / "exports" / "responses_csv_code_short_all.csv"
STRUCTURE = read_structure(next((DEMO / "ronde-1" / "exports").glob("*.lss")))


def demo_rows() -> tuple[list[str], list[list[str]]]:
    with SOURCE.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        return header, [row for row in reader if row]


def rc2_text(header: list[str], rows: list[list[str]], newline: str = "\r\n") -> str:
    quote = lambda v: '"' + v.replace('"', '""') + '"'  # noqa: E731
    return newline.join(";".join(quote(v) for v in row) for row in [header, *rows]) + newline


def repeated(rows: list[list[str]], times: int) -> list[list[str]]:
    out = []
    for i in range(times):
        for row in rows:
            copy = list(row)
            copy[0] = str(len(out) + 1)
            out.append(copy)
    return out


def test_a_large_export_reads_like_the_same_rows_in_a_small_one(tmp_path):
    header, rows = demo_rows()
    many = repeated(rows, 60)  # well over 1 MiB
    big = tmp_path / "big.csv"
    big.write_text("\ufeff" + rc2_text(header, many), encoding="utf-8")
    assert big.stat().st_size > 1 << 20
    small = tmp_path / "small.csv"
    small.write_text("\ufeff" + rc2_text(header, many[: len(rows)]), encoding="utf-8")
    large_frame = read_export(big, STRUCTURE).frame
    small_frame = read_export(small, STRUCTURE).frame
    assert len(large_frame) == len(many)
    pd.testing.assert_frame_equal(large_frame.iloc[: len(rows)], small_frame)


def test_a_large_export_with_mixed_line_endings_is_refused(tmp_path):
    header, rows = demo_rows()
    text = rc2_text(header, repeated(rows, 60))
    lines = text.split("\r\n")
    mixed = "\r\n".join(lines[:3000]) + "\n" + "\n".join(lines[3000:3100]) + "\r\n" + "\r\n".join(lines[3100:])
    path = tmp_path / "mixed.csv"
    path.write_bytes(("\ufeff" + mixed).encode("utf-8"))
    assert path.stat().st_size > 1 << 20
    with pytest.raises(InputError) as caught:
        read_export(path, STRUCTURE)
    assert "mixed.csv" in str(caught.value)


def test_a_large_export_cut_off_mid_record_is_refused(tmp_path):
    header, rows = demo_rows()
    text = rc2_text(header, repeated(rows, 60))
    path = tmp_path / "cut.csv"
    path.write_bytes(("\ufeff" + text).encode("utf-8")[:-5000])
    with pytest.raises(InputError) as caught:
        read_export(path, STRUCTURE)
    assert "cut.csv" in str(caught.value)


def test_a_date_out_of_pandas_range_is_missing_not_a_crash(tmp_path):
    header, rows = demo_rows()
    column = header.index("laatsteoverleg")
    changed = [list(r) for r in rows]
    changed[0][column] = "9999-12-31 00:00:00"
    path = tmp_path / "far.csv"
    path.write_text("\ufeff" + rc2_text(header, changed), encoding="utf-8")
    export = read_export(path, STRUCTURE)
    first = export.frame.index[0]
    assert pd.isna(export.frame.loc[first, "laatsteoverleg"])
    assert export.frame["laatsteoverleg"].notna().sum() == sum(1 for r in rows[1:] if r[column])
