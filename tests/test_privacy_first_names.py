"""First names in quotes are redacted without any configuration (no names_file).

First names are seeded into the free-text answers of a copy of the demo's first round,
at the start of a sentence, inside one, after a comma, with a family name; the round runs
without its names_file, and none of the names may appear on any page or in any data file.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import DEMO, samenspel
from pipeline.privacy import redact

pytestmark = pytest.mark.slow

# Dutch first names that are neither participants of the demo nor in its names file
SEEDED = ("Truus", "Sjaak", "Gijs", "Hatice", "Rachid", "Annemiek", "Jeroen", "Esther", "Khadija", "Monique",
          "Mirjam", "Geert")
TEMPLATES = (
    "{name} zegt het al jaren: {text}",
    "{text} Vraag het maar aan {name}.",
    "{text} (met dank aan {name} de Wit van de buurtvereniging)",
    "Volgens {name} en {other}, {text}",
    "{text} Als {name} stopt, kan niemand het overnemen.",
)


def _seed(source: Path, target: Path) -> int:
    """Write the export with names seeded into its free-text answers; return how many were seeded."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header = rows[0]
    seeded = 0
    for number, row in enumerate(rows[1:]):
        for column in ("belemmeringen", "geholpen"):
            i = header.index(column)
            if len(row) > i and row[i].strip():
                name, other = SEEDED[seeded % len(SEEDED)], SEEDED[(seeded + 5) % len(SEEDED)]
                row[i] = TEMPLATES[(number + i) % len(TEMPLATES)].format(name=name, other=other, text=row[i])
                seeded += 1
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return seeded


def _texts(folder: Path):
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix in {".png", ".jpg"}:
            continue
        if path.suffix == ".parquet":
            yield path, json.dumps(pq.read_table(path).to_pylist(), ensure_ascii=False, default=str)
        else:
            yield path, path.read_text(encoding="utf-8", errors="replace")


def test_the_seeded_names_are_nobody_the_round_already_knows() -> None:
    known = (DEMO / "names.txt").read_text(encoding="utf-8") + (DEMO / "ronde-1" / "exports" / "participants.json").read_text(encoding="utf-8")
    assert not [name for name in SEEDED if re.search(rf"\b{name}\b", known)]
    # and the redaction finds them in each template, with no list of names
    for template in TEMPLATES:
        quote = template.format(name="Truus", other="Gijs", text="De huur is te hoog.")
        assert "Truus" not in redact(quote) and "Gijs" not in redact(quote)


def test_no_seeded_first_name_reaches_a_page_or_data_file_without_a_names_file(tmp_path: Path, secret_home) -> None:
    community = tmp_path / "demo"
    round_dir = community / "ronde-1"
    shutil.copytree(DEMO / "ronde-1", round_dir)
    shutil.copyfile(DEMO / "codebook.toml", community / "codebook.toml")
    config = (round_dir / "round.toml").read_text(encoding="utf-8")
    config, removed = re.subn(r"^names_file = .*\n", "", config, flags=re.M)
    assert removed == 1
    (round_dir / "round.toml").write_text(config, encoding="utf-8")
    export = round_dir / "exports" / "responses_csv_code_short_all.csv"
    assert _seed(DEMO / "ronde-1" / "exports" / export.name, export) > 30

    out = tmp_path / "reports" / "ronde-1"
    done = samenspel("run", round_dir, "--out", out, "--jobs", "2")
    assert done.returncode == 0, done.stderr[-3000:]
    research = out.with_name(out.name + "-research")
    found = []
    files = 0
    for folder in (out, research):
        for path, text in _texts(folder):
            files += 1
            found += [(path.name, name) for name in SEEDED if re.search(rf"\b{name}\b", text)]
    assert files > 20
    assert found == []
    # the quotes are there, with the names replaced
    quotes = (out / "data" / "obstacles.csv").read_text(encoding="utf-8")
    assert "[naam] zegt het al jaren" in quotes or "Vraag het maar aan [naam]" in quotes
