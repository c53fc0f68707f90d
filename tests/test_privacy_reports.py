"""The demo community's real reports: no personal data, no formulas, no held-back figure given away.

Everything expected here is computed from the raw exports with the csv module and from
round.toml with tomllib; what the reports publish is read back from the written files.
"""

from __future__ import annotations

import csv
import math
import re
import tomllib
import unicodedata
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import DEMO
from pipeline.ingest import load_round
from pipeline.privacy import FORMULA_STARTS, SUPPRESSED_MARKER, credential_values, personal_values, scan_outputs

pytestmark = pytest.mark.slow

ROUNDS = ["ronde-1", "ronde-2"]
ASPECTS = ["ambitie", "belangen", "proces", "organisatie", "relatie"]


def raw_complete_rows(round_name: str) -> list[dict[str, str]]:
    path = DEMO / round_name / "exports" / "responses_csv_code_short_all.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle, delimiter=";") if row["submitdate"]]


def privacy_table(round_name: str) -> dict:
    return tomllib.loads((DEMO / round_name / "round.toml").read_text(encoding="utf-8"))["privacy"]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def number(text: str | None) -> float | None:
    if text is None or text.strip() in ("", SUPPRESSED_MARKER, "<NA>", "nan", "NaN"):
        return None
    try:
        return float(text)
    except ValueError:
        return None


def slug(text: str) -> str:
    """The code an "other" initiative gets from its name: ascii, lower case, dashes."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def held_back_cells(round_name: str) -> list[tuple[str, str, str, float]]:
    """Return (kind, group, aspect, true mean) of every figure the rules must hold back.

    A figure is an aspect's mean; it rests on the answers to that aspect. Held back: an
    initiative's figure on fewer than min_initiative_answers answers, a role's on fewer
    than min_group_size, computed from the raw export.
    """
    rules = privacy_table(round_name)
    rows = raw_complete_rows(round_name)
    cells = []
    for kind, column, threshold in (
        ("initiative", "initiatief", rules["min_initiative_answers"]),
        ("role", "rol", rules["min_group_size"]),
    ):
        groups: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in rows:
            key = row[column]
            if column == "initiatief" and key == "-oth-":
                key = "oth-" + slug(row["initiatief[other]"])
            groups[key].append(row)
        for group, members in groups.items():
            for aspect in ASPECTS:
                values = [float(m[f"samenwerking[{aspect}]"]) for m in members if m[f"samenwerking[{aspect}]"]]
                if values and len(values) < threshold:
                    cells.append((kind, group, aspect, sum(values) / len(values)))
    return cells


@pytest.mark.parametrize("round_name", ROUNDS)
def test_demo_reports_pass_the_privacy_scan(demo_reports: Path, round_name: str) -> None:
    out = demo_reports / round_name
    values = personal_values(load_round(DEMO / round_name))
    values.update(credential_values())
    assert len(values["email"]) > 10 and len(values["token"]) > 10
    findings = scan_outputs(out, values, include_notebooks=True)
    assert findings == [], [str(f) for f in findings[:5]]


@pytest.mark.parametrize("round_name", ROUNDS)
def test_no_data_file_holds_a_formula(demo_reports: Path, round_name: str) -> None:
    files = sorted((demo_reports / round_name).rglob("*.csv"))
    assert files
    hostile = {
        value
        for row in raw_complete_rows(round_name)
        for value in row.values()
        if value.startswith(FORMULA_STARTS)
    }
    seen_hostile = set()
    for path in files:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for number_, row in enumerate(csv.reader(handle)):
                for cell in row:
                    # a plain number such as -0.33 is read as a number, not a formula
                    if number(cell) is None:
                        assert not cell.startswith(FORMULA_STARTS), f"{path.name} row {number_}: {cell[:30]!r}"
                    if cell.startswith("'") and cell[1:] in hostile:
                        seen_hostile.add(cell[1:])
    # the demo's hostile answers did reach the data files, neutralised
    assert hostile and seen_hostile


@pytest.mark.parametrize("round_name", ROUNDS)
def test_held_back_figures_cannot_be_read_or_worked_out_from_the_data_files(
    demo_reports: Path, round_name: str
) -> None:
    """For every held-back cell: not in any data file, and not total minus the others."""
    cells = held_back_cells(round_name)
    assert cells, "the demo rounds have small initiatives or roles"
    data = demo_reports / round_name / "data"
    tables = {path.name: read_csv(path) for path in sorted(data.glob("*.csv"))}
    codes = {row["initiative"] for row in tables["initiatives.csv"]}
    assert {group for kind, group, _, _ in cells if kind == "initiative"} <= codes  # the slugs are right
    leaks = []
    for name, rows in tables.items():
        if not rows:
            continue
        columns = set(rows[0])
        # row-level data: a small group's mean is simply computed from its rows
        for kind, group, aspect, truth in cells:
            key = "initiative" if kind == "initiative" else "rol"
            value_column = next((c for c in (f"aspect_{aspect}", f"samenwerking_{aspect}") if c in columns), None)
            if key in columns and value_column:
                values = [number(r[value_column]) for r in rows if r[key] == group]
                values = [v for v in values if v is not None]
                if values and math.isclose(sum(values) / len(values), truth):
                    leaks.append(f"{name}: {kind} {group} {aspect} computed from its rows")
        # per-initiative figures: the held-back one shown, or the total minus the others
        if {"initiative", "aspect", "n", "mean"} <= columns:
            for kind, group, aspect, truth in cells:
                if kind != "initiative":
                    continue
                mine = [r for r in rows if r["initiative"] == group and r["aspect"] == aspect]
                if mine and number(mine[0]["mean"]) is not None:
                    leaks.append(f"{name}: initiative {group} {aspect} published")
                if "community_mean" in columns:
                    aspect_rows = [r for r in rows if r["aspect"] == aspect]
                    hidden = [r for r in aspect_rows if number(r["mean"]) is None]
                    total_n = sum(int(number(r["n"]) or 0) for r in aspect_rows)
                    community = number(aspect_rows[0]["community_mean"])
                    if len(hidden) == 1 and hidden[0]["initiative"] == group and community is not None:
                        rest = sum((number(r["n"]) or 0) * (number(r["mean"]) or 0) for r in aspect_rows if r not in hidden)
                        worked_out = (community * total_n - rest) / (number(hidden[0]["n"]) or 1)
                        if math.isclose(worked_out, truth, abs_tol=1e-6):
                            leaks.append(f"{name}: initiative {group} {aspect} = community total minus the others")
    assert leaks == [], leaks[:10]


@pytest.mark.parametrize("round_name", ROUNDS)
def test_quotes_in_data_files_cannot_be_joined_to_a_person_or_role(demo_reports: Path, round_name: str) -> None:
    """A free-text table must not carry the pseudonym that links it to a row with the role."""
    data = demo_reports / round_name / "data"
    tables = {path.name: read_csv(path) for path in sorted(data.glob("*.csv"))}
    text_columns = {"text", "quote", "obstacle_text", "helped_text", "belemmeringen", "geholpen"}
    with_role = {name for name, rows in tables.items() if rows and {"response", "rol"} <= set(rows[0])}
    texts = {name for name, rows in tables.items() if rows and text_columns & set(rows[0])}
    beside_role = [name for name in texts if "rol" in tables[name][0]]
    joinable = [
        (t, r) for t in texts for r in with_role if t != r and "response" in tables[t][0]
    ]
    assert beside_role == [] and joinable == []


class _Tables(HTMLParser):
    """Collects every HTML table as rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.row = []
            self.tables[-1].append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


HELD = ("weggelaten", "held back", "niet getoond", "not shown")
TOTALS = ("totaal", "total")


@pytest.mark.parametrize("round_name", ROUNDS)
def test_no_held_back_cell_on_a_page_is_the_total_minus_the_others(demo_reports: Path, round_name: str) -> None:
    """In every page table with a total row: each column hides no cell or at least two,
    and the hidden counts together exceed the number of hidden cells (else each is 1)."""
    checked = 0
    problems = []
    for page in sorted((demo_reports / round_name).rglob("*.html")):
        parser = _Tables()
        parser.feed(page.read_text(encoding="utf-8"))
        for table in parser.tables:
            if len(table) < 3 or not table[-1] or table[-1][0].strip().lower() not in TOTALS:
                continue
            header, body, total = table[0], table[1:-1], table[-1]
            for c in range(1, len(header)):
                hidden = [row for row in body if c < len(row) and row[c].strip().lower() in HELD]
                if not hidden:
                    continue
                checked += 1
                if len(hidden) == 1 and total[c].strip().lower() not in HELD:
                    problems.append(f"{page.name}: {header[c]} of {hidden[0][0]} = total minus the others")
                if header[c].strip() == "n" and total[c].strip().lower() not in HELD:
                    shown = sum(int(row[c]) for row in body if row[c].strip().isdigit())
                    if int(total[c]) - shown <= len(hidden):
                        problems.append(f"{page.name}: hidden n in {header[c]} pinned at one each")
    roles = Counter(row["rol"] for row in raw_complete_rows(round_name) if row["rol"])
    if min(roles.values()) < privacy_table(round_name)["min_group_size"]:
        assert checked, "a small role group must show up as held back in the community's role table"
    assert problems == []
