"""Set aside the sealed part of the real statements (run once; its output is committed).

A quarter of the real labelled statements (``obstacles_real.csv`` and ``obstacles_real_seed.csv``),
stratified by theme with a fixed seed, is written as a list of ids to
``benchmarks/data/obstacles_real_sealed_ids.txt``. Nobody reads these statements or looks at the
themer's errors on them; ``obstacles_quality.py --sealed`` scores them once with the chosen method,
trained without them. The ids were chosen by this code before any real statement was read.

    python benchmarks/obstacles_seal.py
"""

from __future__ import annotations

import csv
from pathlib import Path

from sklearn.model_selection import train_test_split

DATA = Path(__file__).resolve().parent / "data"
FILES = ("obstacles_real.csv", "obstacles_real_seed.csv")
SEALED = DATA / "obstacles_real_sealed_ids.txt"
SEED = 20261202


def main() -> None:
    """Write the sealed ids (sorted, one a line)."""
    ids: list[str] = []
    themes: list[str] = []
    for name in FILES:
        with open(DATA / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                ids.append(row["id"])
                themes.append(row["theme"])
    _, sealed = train_test_split(ids, test_size=0.25, stratify=themes, random_state=SEED)
    SEALED.write_text("".join(f"{key}\n" for key in sorted(sealed)), encoding="utf-8")


if __name__ == "__main__":
    main()
