"""Speed of the privacy scan on a long Parquet table: value by distinct value against row by row.

    python benchmarks/scan_speed.py [--rows 500000] [--repeat 3]

A national round's peer pairs are millions of rows of a few thousand values; every participant
data file is scanned before a run ends. The scan reads a Parquet column at a time and each
distinct value once, where it first occurs (``Scanner.scan_files``). The baseline, in the same
process, is the scan as it read a table before issue 12: every cell of every row as a Python
value (``to_pylist``), a repeated text skipped after its first scan. Both must find the same
findings at the same places; printed: seconds (median of ``--repeat``) and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from pipeline.privacy import Scanner  # noqa: E402
from pipeline.privacy.scan import Finding, _Matcher, _scan_cells  # noqa: E402

VALUES = {"name": {"Jan Jansen"}}


def write_pairs(path: Path, rows: int) -> None:
    """A peer-pairs table: 1,500 initiative codes, a rank, one text, one personal value in the middle."""
    codes = pa.array([f"oth-initiatief-{i % 1500:04d}" for i in range(rows)]).dictionary_encode()
    texts = ["Het gebouw lekt."] * rows
    texts[rows // 2] = "Bel Jan Jansen op 06-12345678."
    pq.write_table(pa.table({"peer": codes, "rank": pa.array([i % 5 + 1 for i in range(rows)]),
                             "text": pa.array(texts)}), path)


def row_by_row(path: Path) -> list[Finding]:
    """The baseline: every row's cells as Python values, a repeated text scanned once."""
    table = pq.read_table(path)
    names = table.column_names

    def cells() -> Iterator[tuple[str, str]]:
        for c, name in enumerate(names, start=1):
            yield f"header, column {c}", str(name)
        for number, row in enumerate(table.to_pylist(), start=1):
            for c, name in enumerate(names, start=1):
                value = row[name]
                if value is not None:
                    yield f"row {number}, column {c} ({name!r})", str(value)

    return _scan_cells(path, cells(), _Matcher(VALUES, ()))


def timed(scan: Callable[[], list[Finding]], repeat: int) -> tuple[float, list[Finding]]:
    times, found = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        found = scan()
        times.append(time.perf_counter() - start)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pairs.parquet"
        write_pairs(path, args.rows)
        scanner = Scanner(VALUES)
        today, found = timed(lambda: scanner.scan_files([path], root=Path(folder)), args.repeat)
        before, expected = timed(lambda: row_by_row(path), args.repeat)
    key = sorted((f.place, f.kind) for f in found)
    if key != sorted((f.place, f.kind) for f in expected):
        sys.exit(f"the two scans disagree: {key} against {sorted((f.place, f.kind) for f in expected)}")
    print(f"{args.rows:,} rows, {len(found)} findings, both ways at the same places")
    print(f"distinct values (today): {today:.3f} s")
    print(f"row by row (baseline):   {before:.3f} s")
    print(f"ratio today/baseline:    {today / before:.3f}")


if __name__ == "__main__":
    main()
