"""The output scan finds every seeded leak, says where, and never repeats the value."""

from __future__ import annotations

import base64
import secrets
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from pipeline.errors import PrivacyError
from pipeline.ingest import load_round
from pipeline.privacy import (
    assert_clean,
    personal_values,
    public_responses,
    scan_outputs,
    summary_line,
    write_public_csv,
    write_public_xlsx,
)

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "surveys" / "demo"

EMAIL = "ingrid.smit@example.org"
PHONE = "06-71556540"
TOKEN = "lyX2wQIogsMlgVv"
IP = "203.0.113.187"
NAME = "Aïcha Kaya"
VALUES = {
    "email": {EMAIL, "olga.elamrani@example.org"},
    "phone": {PHONE, "0671556540"},
    "token": {TOKEN},
    "ipaddr": {IP},
    "name": {NAME, "Jan-Willem Bos"},
}
PAGE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Ronde 2</title>
<style>body {{ margin: 0 0 0 0; padding: 0.5rem 1rem; }} .x {{ color: #061234; }}</style></head>
<body>
<h1>Buurtkamer De Zonnebloem</h1>
<p>In 2026 gaven 52 mensen antwoord. +31 is het landnummer, maar de gemeente belt nooit terug.</p>
<p>Op 01-02-2026 12 uur is de bijeenkomst; kosten 4.000 euro; r-0612345678ab; kleur #061234 2026.</p>
{extra}
<img alt="grafiek" src="data:image/png;base64,{image}">
</body></html>
"""


def _page(extra: str = "") -> str:
    # an embedded image whose base64 text happens to contain phone-like digits
    image = base64.b64encode(b"\x89PNG" + b"0612345678 06-12345678" * 20).decode()
    return PAGE.format(extra=extra, image=image)


def _place(text: str, needle: str) -> str:
    """Line and column of ``needle`` in ``text``, counted here independently."""
    return _place_at(text, text.index(needle))


def _place_at(text: str, offset: int) -> str:
    before = text[:offset]
    return f"line {before.count(chr(10)) + 1}, column {offset - (before.rfind(chr(10)) + 1) + 1}"


def test_a_clean_folder_has_no_findings(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(_page(), encoding="utf-8")
    (tmp_path / "data").mkdir()
    write_public_csv(pd.DataFrame({"groep": ["a", "b"], "n": [5, 7]}), tmp_path / "data" / "tabel.csv")
    findings = scan_outputs(tmp_path, VALUES)
    assert findings == []
    assert summary_line(findings) == "privacy scan: 0 findings"
    assert_clean(findings)


def test_every_seeded_leak_is_found_with_file_and_place(tmp_path: Path) -> None:
    html_email = _page(f"<p>Mail {EMAIL} voor vragen.</p>")
    (tmp_path / "email.html").write_text(html_email, encoding="utf-8")
    html_attr = _page(f'<span title="{NAME}">aanspreekpunt</span>')
    (tmp_path / "attribute.html").write_text(html_attr, encoding="utf-8")
    hidden = "ingrid.smit&#64;example&#x2E;org"
    html_entities = _page(f"<p>Contact: {hidden}</p>")
    (tmp_path / "entities.html").write_text(html_entities, encoding="utf-8")
    encoded = "".join(f"&#{ord(c)};" for c in "Jan-Willem Bos")
    html_all_entities = _page(f"<p>{encoded}</p>")
    (tmp_path / "all_entities.html").write_text(html_all_entities, encoding="utf-8")
    markdown = f"# Verslag\n\nDe server zag {IP} als afzender.\n"
    (tmp_path / "notes.md").write_text(markdown, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    pd.DataFrame({"groep": ["a", "b"], "tekst": ["niets", f"bel {PHONE}"]}).to_csv(data / "quotes.csv", index=False)
    pd.DataFrame({"code": ["x", TOKEN, "y"]}).to_parquet(data / "codes.parquet")
    as_json = '{"contact": "olga.elamrani\\u0040example.org"}'
    (data / "meta.json").write_text(as_json, encoding="utf-8")

    findings = scan_outputs(tmp_path, VALUES)
    where = {(f.file.name, f.place, f.kind) for f in findings}
    assert ("email.html", _place(html_email, EMAIL), "email") in where
    assert ("attribute.html", _place(html_attr, "Aïcha"), "name") in where
    assert ("entities.html", _place(html_entities, hidden), "email") in where
    assert ("all_entities.html", _place(html_all_entities, encoded), "name") in where
    assert ("notes.md", _place(markdown, IP), "ipaddr") in where
    assert ("quotes.csv", "row 2, column 2 ('tekst')", "phone") in where
    assert ("codes.parquet", "row 2, column 1 ('code')", "token") in where
    assert ("meta.json", _place(as_json, "olga"), "email") in where
    assert len(findings) == 8  # nothing else on those pages is taken for personal data


def test_patterns_are_found_even_when_the_value_is_unknown(tmp_path: Path) -> None:
    text = "Iemand schreef: mail me op piet.puk@voorbeeld.nl of bel +31 6 98765432.\n"
    (tmp_path / "quote.txt").write_text(text, encoding="utf-8")
    findings = scan_outputs(tmp_path, {})
    assert [(f.kind, f.place) for f in findings] == [
        ("email-pattern", _place(text, "piet")),
        ("phone-pattern", _place(text, "+31")),
    ]
    # a facilitator's public contact address may be allowed on purpose
    assert [f.kind for f in scan_outputs(tmp_path, {}, allow=["piet.puk@voorbeeld.nl"])] == ["phone-pattern"]


def test_values_ignore_case_and_accents_but_not_word_boundaries(tmp_path: Path) -> None:
    text = "AICHA KAYA kwam; ook ingrid.smit@example.org.uk niet; Jan-Willem Bosman wel.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    kinds = [(f.kind, f.place) for f in scan_outputs(tmp_path, VALUES)]
    assert ("name", _place(text, "AICHA")) in kinds
    assert not [k for k in kinds if k[0] == "name" and k[1] == _place(text, "Jan-Willem")]


def test_xlsx_cells_and_file_names_are_scanned(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["groep", "opmerking"])
    workbook.active.append(["a", f"token {TOKEN}"])
    workbook.save(tmp_path / "tabel.xlsx")
    (tmp_path / "Aicha Kaya.html").write_text("<p>leeg</p>", encoding="utf-8")
    where = {(f.file.name, f.place, f.kind) for f in scan_outputs(tmp_path, VALUES)}
    assert ("tabel.xlsx", "sheet 'Sheet', cell B2", "token") in where
    assert ("Aicha Kaya.html", "file name", "name") in where


def test_notebooks_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "analyse.ipynb").write_text(f'{{"cells": [{{"source": "{EMAIL}"}}]}}', encoding="utf-8")
    assert scan_outputs(tmp_path, VALUES) == []
    assert [f.kind for f in scan_outputs(tmp_path, VALUES, include_notebooks=True)] == ["email"]


def test_findings_and_the_error_never_repeat_the_personal_value(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(f"<p>{EMAIL} en {PHONE} en {TOKEN}</p>", encoding="utf-8")
    findings = scan_outputs(tmp_path, VALUES)
    assert len(findings) == 3
    with pytest.raises(PrivacyError) as caught:
        assert_clean(findings)
    message = str(caught.value)
    assert "a.html" in message and "line 1, column 4" in message
    assert "privacy scan: 3 findings" in message and "2 more" in message
    for value in (EMAIL, PHONE, TOKEN, "71556540", "example.org"):
        assert value not in message
        assert not [f for f in findings if value in f.excerpt]


def test_a_missing_output_folder_is_a_privacy_error(tmp_path: Path) -> None:
    with pytest.raises(PrivacyError, match="no folder"):
        scan_outputs(tmp_path / "nergens", VALUES)


@pytest.mark.parametrize("name", ["ronde-1", "ronde-2"])
def test_the_demo_public_data_pass_the_scan(tmp_path: Path, name: str) -> None:
    round_ = load_round(DEMO / name)
    frame = public_responses(round_, secret=b"s" * 32)
    write_public_csv(frame, tmp_path / "data" / "antwoorden.csv")
    write_public_xlsx(frame, tmp_path / "data" / "antwoorden.xlsx")
    frame.to_parquet(tmp_path / "data" / "antwoorden.parquet")
    (tmp_path / "rapport.html").write_text(frame.to_html(), encoding="utf-8")
    values = personal_values(round_)
    assert sum(len(v) for v in values.values()) > 100
    findings = scan_outputs(tmp_path, values)
    assert findings == [], [str(f) for f in findings[:5]]


@pytest.mark.parametrize("name", ["ronde-1", "ronde-2"])
def test_the_scan_catches_the_raw_demo_export(tmp_path: Path, name: str) -> None:
    # the unfiltered frame, as a careless notebook would write it, must never pass
    round_ = load_round(DEMO / name)
    round_.responses.to_csv(tmp_path / "alles.csv")
    kinds = {f.kind for f in scan_outputs(tmp_path, personal_values(round_))}
    assert {"email", "token", "ipaddr", "phone"} <= kinds


def test_credentials_are_found_and_never_shown(tmp_path: Path) -> None:
    from pipeline.privacy import credential_values

    # a made-up credential, different every run
    password = secrets.token_urlsafe(12)
    secret = bytes(range(32))
    values = credential_values({"LIMESURVEY_PASSWORD": password}, secrets_in_use=(secret,))
    notebook = f'{{"cells": [], "metadata": {{"papermill": {{"parameters": {{"password": "{password}"}}}}}}}}'
    (tmp_path / "run.ipynb").write_text(notebook, encoding="utf-8")
    (tmp_path / "run.log").write_text(f"sleutel={secret.hex()}\n", encoding="utf-8")
    findings = scan_outputs(tmp_path, values, include_notebooks=True)
    assert sorted((f.file.name, f.kind) for f in findings) == [("run.ipynb", "credential"), ("run.log", "credential")]
    with pytest.raises(PrivacyError) as caught:
        assert_clean(findings)
    assert password not in str(caught.value) and secret.hex() not in str(caught.value)
    assert "Zo" not in "".join(f.excerpt for f in findings)
    assert credential_values({}) == {"credential": set()}


def test_places_stay_right_after_letters_that_grow_when_lower_cased(tmp_path: Path) -> None:
    text = "İİİ vooraf. İlknur Yılmaz belde: 06-12345678\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    found = [(f.kind, f.place) for f in scan_outputs(tmp_path, {"name": {"İlknur Yılmaz"}})]
    assert found == [("name", _place(text, "İlknur")), ("phone-pattern", _place(text, "06-"))]


def test_values_of_several_rounds_and_credentials_merge_by_kind() -> None:
    from pipeline.privacy import credential_values, merge_values

    merged = merge_values(
        {"email": {"a@b.nl"}, "token": {"abcd1234"}},
        {"email": {"c@d.nl"}},
        credential_values({"LIMESURVEY_PASSWORD": "wachtwoord!"}),
    )
    assert merged == {"email": {"a@b.nl", "c@d.nl"}, "token": {"abcd1234"}, "credential": {"wachtwoord!"}}


def test_a_name_split_over_tags_or_table_cells_is_found(tmp_path: Path) -> None:
    page = "<table><tr><td>Aïcha</td><td>Kaya</td></tr></table><p>Jan-Willem <b>Bos</b></p>\n"
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    found = sorted((f.kind, f.place) for f in scan_outputs(tmp_path, VALUES))
    assert found == sorted([("name", _place(page, "Aïcha")), ("name", _place(page, "Jan-Willem"))])


def test_a_name_in_a_chart_s_labels_is_found_where_the_chart_is(tmp_path: Path) -> None:
    # a real chart of the reports: its labels and legend are text inside a base64 SVG image
    from pipeline.report.charts import grouped_bars

    label = "Koffieochtend met " + NAME + " op de eerste dinsdag van elke maand in het buurthuis"
    chart = str(grouped_bars([label, "Moestuin"], [("Ronde 2", [3.0, 4.0])], xlabel="score", alt="grafiek"))
    assert "Aïcha" not in chart and "Kaya" not in chart  # hidden in the payload as written
    svg = base64.b64decode(chart.split("base64,")[1].split('"')[0]).decode("utf-8")
    assert svg.count("<tspan") >= 2  # the label was wrapped, the name possibly split over lines
    legend = str(grouped_bars(["Moestuin"], [("Groep van Jan-Willem Bos", [4.0])], xlabel="score", alt="grafiek"))
    page = _page(f"<p>{chart}</p>\n<p>{legend}</p>")
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    findings = scan_outputs(tmp_path, VALUES)
    first = page.index("image/svg+xml;base64")
    second = page.index("image/svg+xml;base64", first + 1)
    # the place is where the chart's payload starts (its texts have no place of their own on the page)
    assert [(f.place, f.kind) for f in findings] == [(_place_at(page, first), "name"), (_place_at(page, second), "name")]
    assert all("Kaya" not in f.excerpt and "Bos" not in f.excerpt for f in findings)

    # a payload that is not an SVG in UTF-8 is blanked like any image's: nothing is read from it
    garbage = base64.b64encode(b"\xff\xfe 0612345678 " + NAME.encode("utf-16")).decode()
    (tmp_path / "index.html").write_text(_page(f'<img alt="x" src="data:image/svg+xml;base64,{garbage}">'),
                                         encoding="utf-8")
    assert scan_outputs(tmp_path, VALUES) == []


def test_a_dictionary_encoded_parquet_column_names_the_first_row_of_a_value(tmp_path: Path) -> None:
    # pandas writes a categorical column as a dictionary-encoded Parquet column
    names = ["Buurtkamer", None, "Buurtkamer", NAME, "De Zon", NAME, None]
    frame = pd.DataFrame({"n": [1, 2, 3, 4, 5, 6, 7], "naam": pd.Categorical(names)})
    frame.to_parquet(tmp_path / "tabel.parquet", index=False)
    findings = scan_outputs(tmp_path, VALUES)
    # row 4 (counted from 1) is the first row that holds the name; it is reported once
    assert [(f.place, f.kind) for f in findings] == [("row 4, column 2 ('naam')", "name")]
