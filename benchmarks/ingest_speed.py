"""How much reading an export costs next to a bare ``pandas.read_csv`` of the same file.

Generates a 100,000-response RC2 CSV export of the demo survey's shape (code headings, short
answers: the demo round's rows repeated with new ids), then times ``read_export`` with the
survey structure against ``pandas.read_csv(path, sep=";")``, best of three each, and prints
the ratio. The brief's bound is 2.0.

    python benchmarks/ingest_speed.py [--rows N] [--repeat K]
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from pipeline.ingest import read_export, read_structure  # noqa: E402

DEMO = PROJECT / "surveys" / "demo" / "ronde-1" / "exports"


def write_export(path: Path, rows: int) -> None:
    """Write an RC2-style CSV (BOM, ';', every field quoted, CRLF) with ``rows`` responses."""
    with (DEMO / "responses_csv_code_short_all.csv").open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        source = [r for r in reader if r]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for i in range(rows):
        row = list(source[i % len(source)])
        row[0] = str(i + 1)
        # a token per response, so no one's attempts supersede another's
        row[5] = f"t{i + 1:07d}" if row[5] else ""
        writer.writerow(row)
    path.write_bytes(("\ufeff" + buffer.getvalue() + "\r\n").encode("utf-8"))


def best_of(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    structure = read_structure(DEMO / "survey_246135.lss")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "responses_csv_code_short_all.csv"
        write_export(path, args.rows)
        size = path.stat().st_size / 1024 / 1024
        bare = best_of(args.repeat, lambda: pd.read_csv(path, sep=";"))
        ours = best_of(args.repeat, lambda: read_export(path, structure))
        export = read_export(path, structure)
    assert export.raw_rows == args.rows
    print(f"rows: {args.rows:,} ({size:.1f} MB)")
    print(f"pandas.read_csv: {bare:.3f} s")
    print(f"read_export:     {ours:.3f} s (typed, {export.frame.shape[1]} columns)")
    print(f"ratio: {ours / bare:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
