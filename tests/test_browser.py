"""The generated pages in real headless Chromium: offline, accessible, inert to hostile answers."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import DEMO, samenspel

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]

CONTRAST_JS = """
() => {
  const parse = c => { const m = c.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const lum = ({r, g, b}) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = el => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
    if (c.a > 0) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
  const worst = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode; if (!node.textContent.trim()) continue;
    const el = node.parentElement; const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const fg = lum(parse(style.color)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) worst.push([node.textContent.trim().slice(0, 40), ratio]);
  }
  return worst;
}
"""

# axe-core's rules for WCAG 2.0 and 2.1, levels A and AA, and its best practices
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}

HEADINGS_JS = """
() => Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => Number(h.tagName[1]))
"""


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.fail("Chromium is not installed: run 'make test' (it installs Debian's chromium) or install it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


def open_page(browser, path: Path, *, width: int = 1024, media: str = "screen"):
    """Open ``path`` from file:// with the network off; return the page and what it tried."""
    context = browser.new_context(offline=True, viewport={"width": width, "height": 800}, java_script_enabled=True)
    page = context.new_page()
    seen = {"requests": [], "errors": [], "dialogs": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))

    def dialog(d):
        seen["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.emulate_media(media=media)
    page.goto(path.as_uri(), wait_until="load")
    return context, page, seen


def pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html"))


def axe_violations(page) -> list[tuple[str, str, str]]:
    """Return (rule id, impact, target) of every node axe-core finds in violation on ``page``."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS).response
    return [
        (rule["id"], rule["impact"], " ".join(map(str, node["target"])))
        for rule in results["violations"] for node in rule["nodes"]
    ]


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_core_finds_no_violations(browser, demo_reports, width):
    """axe-core on every page of the round, participants' and researchers' alike: no violation at all."""
    found = []
    for path in pages(demo_reports / "ronde-2"):
        context, page, _ = open_page(browser, path, width=width)
        try:
            violations = axe_violations(page)
        finally:
            context.close()
        found += [(str(path.relative_to(demo_reports)), *v) for v in violations]
    assert found == [], "\n".join(f"{where}: {rule} ({impact}) at {target}" for where, rule, impact, target in found)


def test_every_page_is_offline_clean_and_accessible(browser, demo_reports):
    out = demo_reports / "ronde-2"
    found = pages(out)
    assert len(found) >= 18  # index, community, researcher pages, one per initiative
    for path in found:
        context, page, seen = open_page(browser, path)
        try:
            external = [u for u in seen["requests"] if not (u.startswith("file://") or u.startswith("data:"))]
            assert external == [], (path.name, external)
            assert seen["errors"] == [], (path.name, seen["errors"])
            assert page.evaluate("document.documentElement.lang") in ("nl",), path.name
            levels = page.evaluate(HEADINGS_JS)
            assert levels and levels[0] == 1 and levels.count(1) == 1, (path.name, levels)
            assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (path.name, levels)
            images = page.evaluate("Array.from(document.images).map(i => [i.alt, i.naturalWidth, i.src.slice(0, 5)])")
            for alt, width, scheme in images:
                assert alt.strip(), path.name
                assert width > 0 and scheme == "data:", path.name
            if "researchers" not in path.parts:
                assert page.evaluate(CONTRAST_JS) == [], path.name
                assert page.evaluate("document.scripts.length") == 0, path.name
        finally:
            context.close()


def test_community_page_answers_the_three_questions(browser, demo_reports):
    context, page, _ = open_page(browser, demo_reports / "ronde-2" / "community.html")
    try:
        headings = page.evaluate("Array.from(document.querySelectorAll('h2')).map(h => h.textContent)")
        assert "Gedeelde belemmeringen" in headings
        assert "Wie kan van wie leren?" in headings
        assert "Samenwerking met de gemeente" in headings
        charts = page.evaluate("Array.from(document.images).filter(i => i.naturalWidth > 100).length")
        assert charts >= 2
        rows = page.evaluate("document.querySelectorAll('#learn tbody tr').length")
        assert rows > 0
    finally:
        context.close()


def hostile_initiative() -> tuple[str, str]:
    """The initiative code and page text of the raw answer holding a <script> tag, read from the export."""
    path = DEMO / "ronde-2" / "exports" / "responses_csv_code_short_all.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            if "<script>" in row["belemmeringen"] and row["submitdate"]:
                return row["initiatief"], row["belemmeringen"]
    raise AssertionError("the demo export has no hostile answer")


def test_hostile_answers_show_as_text_and_never_run(browser, demo_reports):
    code, raw = hostile_initiative()
    page_path = demo_reports / "ronde-2" / "initiatives" / f"{code.lower()}.html"
    context, page, seen = open_page(browser, page_path)
    try:
        text = page.evaluate("document.body.innerText")
        assert "<script>alert('xss')</script>" in text
        assert "<b>aanvraag</b>" in text  # markup shown, not applied
        assert page.evaluate("document.querySelectorAll('main blockquote b, main blockquote a').length") == 0
        assert seen["dialogs"] == []
        assert page.evaluate("document.scripts.length") == 0
    finally:
        context.close()


# template syntax in answers: Jinja2 renders the pages, so these must come out as typed
TEMPLATE_ANSWER = " {{ 7*7 }} {% raw %}{{ geheim }}{% endraw %} {# weg #}"
TEMPLATE_NAME = "Repair Café {{ 7*7 }} {% raw %}"


@pytest.fixture(scope="module")
def template_syntax_reports(tmp_path_factory, secret_home) -> Path:
    """Return the reports of a copy of the demo's ronde-2 whose answers hold template syntax.

    The hostile answer gets Jinja2 expressions, a raw block and a comment; an "other"
    initiative is named with them. The demo's own exports stay untouched.
    """
    demo = tmp_path_factory.mktemp("template-syntax") / "demo"
    shutil.copytree(DEMO, demo)
    path = demo / "ronde-2" / "exports" / "responses_csv_code_short_all.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    for row in rows:
        if "<script>" in row["belemmeringen"]:
            row["belemmeringen"] += TEMPLATE_ANSWER
        if row["initiatief[other]"] == "Repair Café Oostpoort":
            row["initiatief[other]"] = TEMPLATE_NAME
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";", quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)
    out = demo.parent / "reports"
    done = samenspel("run", demo / "ronde-2", "--out", out, "--jobs", "2")
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def test_template_syntax_in_answers_shows_as_text(browser, template_syntax_reports):
    code, _ = hostile_initiative()
    out = template_syntax_reports
    context, page, seen = open_page(browser, out / "initiatives" / f"{code.lower()}.html")
    try:
        quotes = page.evaluate("Array.from(document.querySelectorAll('main blockquote')).map(b => b.textContent)")
        assert any(TEMPLATE_ANSWER.strip() in quote and "<script>alert('xss')</script>" in quote for quote in quotes)
        assert seen["dialogs"] == [] and page.evaluate("document.scripts.length") == 0
    finally:
        context.close()
    context, page, _ = open_page(browser, out / "index.html")
    try:
        links = page.evaluate("Array.from(document.querySelectorAll('main a')).map(a => [a.textContent, a.href])")
        (href,) = [href for text, href in links if text == TEMPLATE_NAME and href.endswith(".html")]
    finally:
        context.close()
    for path in (Path(unquote(urlparse(href).path)), out / "community.html"):
        context, page, _ = open_page(browser, path)
        try:
            text = page.evaluate("document.body.innerText")
            assert TEMPLATE_NAME in text, path.name
            if path.name != "community.html":
                assert TEMPLATE_NAME in page.evaluate("document.querySelector('h1').textContent")
        finally:
            context.close()


def test_pages_fit_a_phone_and_print_cleanly(browser, demo_reports):
    out = demo_reports / "ronde-2"
    for path in [out / "index.html", out / "community.html", *sorted((out / "initiatives").glob("*.html"))[:3]]:
        context, page, _ = open_page(browser, path, width=375)
        try:
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (path.name, overflow)
        finally:
            context.close()
        context, page, _ = open_page(browser, path, media="print")
        try:
            # navigation links are no use on paper: the print style hides them where a page has them
            navs = page.evaluate("Array.from(document.querySelectorAll('nav')).map(n => getComputedStyle(n).display)")
            assert all(display == "none" for display in navs), (path.name, navs)
            if path.name != "index.html":
                assert navs, path.name
            pdf = page.pdf(format="A4")
            assert pdf[:5] == b"%PDF-" and len(pdf) > 1000
        finally:
            context.close()


def test_english_pages_are_english(browser, demo_reports_en):
    context, page, _ = open_page(browser, demo_reports_en / "community.html")
    try:
        assert page.evaluate("document.documentElement.lang") == "en"
        headings = page.evaluate("Array.from(document.querySelectorAll('h1,h2,h3')).map(h => h.textContent)")
        assert "Shared obstacles" in headings and "Who can learn from whom?" in headings
        text = page.evaluate("document.body.innerText")
        for dutch in ("Gedeelde belemmeringen", "Wie deden er mee", "Samenwerking met de gemeente", "Gebaseerd op"):
            assert dutch not in text
        alts = page.evaluate("Array.from(document.images).map(i => i.alt)")
        assert alts and all("chart" in a.lower() for a in alts)
        # the questionnaire changes quote the survey's own English texts
        changes = page.evaluate("document.getElementById('changes').innerText")
        added = _added_question_texts()
        assert added["en"] in changes and added["nl"] not in changes
    finally:
        context.close()


def _added_question_texts() -> dict[str, str]:
    """Return, per language, the text of the question round 2 added, read from both .lss files."""
    import xml.etree.ElementTree as ET

    def texts(round_dir: str) -> dict[str, dict[str, str]]:
        root = ET.parse(next((DEMO / round_dir / "exports").glob("*.lss"))).getroot()
        codes = {r.findtext("qid"): r.findtext("title") for r in root.iterfind("questions/rows/row")}
        found: dict[str, dict[str, str]] = {}
        for row in root.iterfind("question_l10ns/rows/row"):
            if row.findtext("qid") in codes:  # subquestions have their texts here too
                found.setdefault(codes[row.findtext("qid")], {})[row.findtext("language")] = row.findtext("question")
        return found

    before, after = texts("ronde-1"), texts("ronde-2")
    (code,) = set(after) - set(before)
    return after[code]


def test_region_pages_are_accessible_and_offline(browser, region_reports):
    """axe-core and the offline checks on a round with regions: the index, a region page, and an
    initiative page that compares with its region."""
    chosen = [region_reports / "index.html", region_reports / "groups" / "midden.html",
              region_reports / "initiatives" / "i05.html"]
    found = []
    for path in chosen:
        for width in (1280, 375):
            context, page, seen = open_page(browser, path, width=width)
            try:
                found += [(path.name, width, *v) for v in axe_violations(page)]
                assert [u for u in seen["requests"] if not u.startswith(("file://", "data:"))] == [], path.name
                levels = page.evaluate(HEADINGS_JS)
                assert levels[0] == 1 and levels.count(1) == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))
                assert page.evaluate(CONTRAST_JS) == [], path.name
                assert page.evaluate("document.scripts.length") == 0, path.name
            finally:
                context.close()
    assert found == []
    # the region page's links to its initiatives lead to pages that exist
    context, page, _ = open_page(browser, region_reports / "groups" / "midden.html")
    try:
        hrefs = page.evaluate("Array.from(document.querySelectorAll('#initiatives a')).map(a => a.href)")
    finally:
        context.close()
    assert len(hrefs) == 4
    assert all(Path(unquote(urlparse(h).path)).is_file() for h in hrefs)
