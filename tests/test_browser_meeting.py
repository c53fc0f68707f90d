"""Ronde-3 in real headless Chromium: the trend over three rounds and the next meeting's page."""

from __future__ import annotations

import csv
import io
import re

import pytest
from pypdf import PdfReader

from conftest import DEMO
from test_browser import CONTRAST_JS, HEADINGS_JS, browser, open_page  # noqa: F401  (browser is a fixture)

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def ronde_3(demo_reports):
    return demo_reports / "ronde-3"


def check_page(browser, path):  # noqa: F811
    """Open ``path`` offline: no request beyond the file, no script, contrast AA, alt texts, h1 first."""
    context, page, seen = open_page(browser, path)
    try:
        assert [url for url in seen["requests"] if url != path.as_uri()] == []
        assert seen["errors"] == [] and seen["dialogs"] == []
        assert page.evaluate("document.scripts.length") == 0
        assert page.evaluate(CONTRAST_JS) == []
        alts = page.evaluate("Array.from(document.images).map(i => i.getAttribute('alt') || '')")
        assert alts and all(len(a) > 20 for a in alts), alts
        levels = page.evaluate(HEADINGS_JS)
        assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
        return page.content()
    finally:
        context.close()


def test_the_community_page_shows_the_trend_over_three_rounds(browser, ronde_3):  # noqa: F811
    html = check_page(browser, ronde_3 / "community.html")
    assert 'id="trends"' in html
    section = html[html.index('id="trends"'):]
    section = section[:section.index("</section>")]
    for round_name in ("ronde-1", "ronde-2", "ronde-3"):
        assert round_name in section
    # the table equivalent of the chart: participation per round from the raw exports
    for round_name in ("ronde-1", "ronde-2", "ronde-3"):
        text = (DEMO / round_name / "exports" / "responses_csv_code_short_all.csv").read_bytes().decode("utf-8-sig")
        complete = sum(1 for r in csv.DictReader(io.StringIO(text, newline=""), delimiter=";") if r["submitdate"])
        assert re.search(rf"<th scope=\"row\">{round_name}</th>\s*<td>{complete}</td>", section), round_name
    # a question ronde-1 did not ask (bezoekers, added in ronde-2) is a gap, never a zero
    assert "bezoekers" in section
    assert re.search(r"Hoeveel bezoekers[^<]*</th><td>niet gevraagd</td><td>\d", section)


def test_with_one_round_there_is_no_trend_section(demo_reports):
    assert 'id="trends"' not in (demo_reports / "ronde-1" / "community.html").read_text(encoding="utf-8")


def test_an_initiative_page_shows_its_own_rounds(browser, ronde_3):  # noqa: F811
    html = check_page(browser, ronde_3 / "initiatives" / "i01.html")
    assert 'id="own-trends"' in html
    joined = check_page(browser, ronde_3 / "initiatives" / "oth-zorgcooperatie-hart-van-oost.html")
    assert "eerste ronde" in joined


def test_the_meeting_page_is_linked_offline_and_accessible(browser, ronde_3):  # noqa: F811
    index = (ronde_3 / "index.html").read_text(encoding="utf-8")
    assert 'href="bijeenkomst.html"' in index
    html = check_page(browser, ronde_3 / "bijeenkomst.html")
    assert '<html lang="nl"' in html
    for anchor in ("agenda", "tables", "network"):
        assert f'id="{anchor}"' in html
    # the sections' own markup is markup, not text shown on the page
    assert "&lt;table" not in html and "&lt;p&gt;" not in html


def test_the_meeting_page_fits_a_phone(browser, ronde_3):  # noqa: F811
    context, page, _ = open_page(browser, ronde_3 / "bijeenkomst.html", width=375)
    try:
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    finally:
        context.close()


def test_the_meeting_page_prints_one_table_per_a4_page(browser, ronde_3):  # noqa: F811
    with open(ronde_3 / "data" / "meeting_tables.csv", encoding="utf-8-sig", newline="") as handle:
        tables = list(csv.DictReader(handle))
    count = len({row["table"] for row in tables})
    assert count >= 2
    context, page, _ = open_page(browser, ronde_3 / "bijeenkomst.html", media="print")
    try:
        pdf = page.pdf(format="A4")
    finally:
        context.close()
    texts = [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]
    heading = re.compile(r"^Tafel (\d+):", re.MULTILINE)
    starts = {}
    for number, text in enumerate(texts):
        found = heading.findall(text)
        assert len(found) <= 1, (number, found)  # never two tables on one page
        if found:
            # the table begins the page
            assert text.lstrip().startswith(f"Tafel {found[0]}:"), text[:80]
            starts[int(found[0])] = number
    assert sorted(starts) == list(range(1, count + 1))


def test_the_meeting_page_in_english(demo_reports_en):
    html = (demo_reports_en / "bijeenkomst.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html and "Table 1:" in html and "Tafel 1:" not in html
