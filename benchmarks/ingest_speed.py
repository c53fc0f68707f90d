"""How much reading an export costs next to a bare ``pandas.read_csv`` of the same file.

Generates a 100,000-response RC2 CSV export of the demo survey's shape (code headings, short
answers: the demo round's rows repeated with new ids), then times ``read_export`` with the
survey structure against ``pandas.read_csv(path, sep=";")``, interleaved (the order flips every
round, garbage collected before each run), best of eleven each, and prints the ratios of wall and
CPU time, and the median of the rounds' own ratios (which a shared machine's load swings less).
The brief's bound is 2.0.

    python benchmarks/ingest_speed.py [--rows N] [--repeat K]
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import statistics
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


def measure(repeat: int, works: dict[str, object]) -> dict[str, list[tuple[float, float]]]:
    """Return the (wall time, CPU time) of every round per work, the works interleaved so load hits all alike."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in works}
    names = list(works)
    for round_ in range(repeat):
        # flip the order every round: neither work always runs right after the other
        for name in names if round_ % 2 == 0 else names[::-1]:
            gc.collect()  # the previous run's garbage is not this run's cost
            wall, cpu = time.perf_counter(), time.process_time()
            works[name]()  # type: ignore[operator]
            times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    structure = read_structure(DEMO / "survey_246135.lss")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "responses_csv_code_short_all.csv"
        write_export(path, args.rows)
        size = path.stat().st_size / 1024 / 1024
        times = measure(args.repeat, {
            "pandas.read_csv": lambda: pd.read_csv(path, sep=";"),
            "read_export": lambda: read_export(path, structure),
        })
        export = read_export(path, structure)
    assert export.raw_rows == args.rows and len(export.frame) == args.rows
    bare, ours = times["pandas.read_csv"], times["read_export"]
    bare_wall, bare_cpu = min(t[0] for t in bare), min(t[1] for t in bare)
    ours_wall, ours_cpu = min(t[0] for t in ours), min(t[1] for t in ours)
    paired = statistics.median(o[0] / b[0] for o, b in zip(ours, bare, strict=True))
    print(f"rows: {args.rows:,} ({size:.1f} MB), best of {args.repeat}")
    print(f"pandas.read_csv: {bare_wall:.3f} s wall, {bare_cpu:.3f} s CPU")
    print(f"read_export:     {ours_wall:.3f} s wall, {ours_cpu:.3f} s CPU (typed, {export.frame.shape[1]} columns)")
    print(f"ratio (CPU): {ours_cpu / bare_cpu:.2f}")
    print(f"ratio (median of rounds): {paired:.2f}")
    print(f"ratio: {ours_wall / bare_wall:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
