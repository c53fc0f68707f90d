"""Generate a round of the demo survey's shape with any number of initiatives.

The rows are the demo round's real answers, re-used: each synthetic initiative is an
"other" answer to the initiative question (the .lss has twelve listed ones), so the real
structure file still describes every column. Used by the benchmarks; nothing here is
imported by the package.
"""

from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
DEMO = PROJECT / "surveys" / "demo" / "ronde-2"
EXPORT = "responses_csv_code_short_all.csv"


def make_round(folder: Path, *, initiatives: int, per_initiative: int = 4, seed: int = 0) -> Path:
    """Write a round folder with ``initiatives`` x ``per_initiative`` complete responses; return it."""
    rng = random.Random(seed)
    source = DEMO / "exports" / EXPORT
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        header = reader.fieldnames
        rows = [row for row in reader if row["submitdate"]]
    exports = folder / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    out_rows = []
    number = 0
    for i in range(initiatives):
        for _ in range(per_initiative):
            number += 1
            row = dict(rng.choice(rows))
            row["id"] = str(number)
            row["initiatief"] = "-oth-"
            row["initiatief[other]"] = f"Initiatief {i + 1:04d}"
            row["token"] = f"tok{number:08d}"
            row["email"] = ""
            row["telefoon"] = ""
            out_rows.append(row)
    with (exports / EXPORT).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(out_rows)
    lss = next((DEMO / "exports").glob("*.lss"))
    shutil.copy(lss, exports / lss.name)
    text = (DEMO / "round.toml").read_text(encoding="utf-8")
    text = text.replace('previous = "../ronde-1"\n', "")
    text = text.replace('participants = "exports/participants.json"\n', "")
    text = text.replace('id = "ronde-2"', f'id = "synthetic-{initiatives}"')
    text = text.replace('names_file = "../names.txt"', f'names_file = "{(DEMO.parent / "names.txt").as_posix()}"')
    text = text.replace('codebook = "../codebook.toml"', f'codebook = "{(DEMO.parent / "codebook.toml").as_posix()}"')
    (folder / "round.toml").write_text(text, encoding="utf-8")
    return folder
