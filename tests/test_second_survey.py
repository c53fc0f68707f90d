"""A second community's own questionnaire, end to end: its codes, texts and number of aspects.

The fixture (tests/fixtures/limesurvey/survey2/) is a survey archive (.lsa) in LimeSurvey's
export format without participants: ``org`` (the initiative), ``functie``, ``mail``,
``gemeente`` (four statements SQ001..SQ004 on a 1..5 scale), ``knelpunten``, ``hulp``,
``leervraag``. What the pages should show is read here from the archive's .lss XML.
"""

from __future__ import annotations

import html
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import samenspel

ARCHIVE = Path(__file__).parent / "fixtures" / "limesurvey" / "survey2" / "survey_archive_318427.lsa"
ASPECTS = "gemeente"

pytestmark = pytest.mark.slow


def _lss() -> ElementTree.Element:
    with zipfile.ZipFile(ARCHIVE) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".lss"))
        return ElementTree.fromstring(archive.read(name))


def _rows(root: ElementTree.Element, table: str) -> list[dict[str, str]]:
    return [{c.tag: (c.text or "") for c in row} for row in root.findall(f"{table}/rows/row")]


def statements(language: str = "nl") -> list[tuple[str, str]]:
    """Return (code, text) of the aspects question's statements, in their order, from the XML."""
    root = _lss()
    qid = next(q["qid"] for q in _rows(root, "questions") if q["title"] == ASPECTS)
    subs = sorted((s for s in _rows(root, "subquestions") if s["parent_qid"] == qid),
                  key=lambda s: int(s["question_order"]))
    texts = {(t["qid"], t["language"]): t["question"] for t in _rows(root, "question_l10ns")}
    return [(s["title"], texts[(s["qid"], language)]) for s in subs]


def _text(page: Path) -> str:
    """Return a page's visible text: no tags, no style, entities decoded, spaces collapsed."""
    markup = re.sub(r"<(style|script)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _aspect_rows(page: Path) -> list[str]:
    """Return the first cells of the rows of the page's first table in the aspects section."""
    markup = page.read_text(encoding="utf-8")
    section = re.search(r'<section class="report-section" id="aspects">(.*?)</section>', markup, re.S).group(1)
    table = re.search(r"<tbody>(.*?)</tbody>", section, re.S).group(1)
    return [html.unescape(c) for c in re.findall(r'<tr><th scope="row">(.*?)</th>', table)]


@pytest.fixture(scope="module")
def survey2_round(tmp_path_factory, secret_home) -> tuple[Path, Path]:
    """Return (round folder made by init, reports folder made by run), as a facilitator does it."""
    base = tmp_path_factory.mktemp("gemeenschap")
    round_dir = base / "voorjaar-2027"
    (round_dir / "exports").mkdir(parents=True)
    export = round_dir / "exports" / ARCHIVE.name
    shutil.copyfile(ARCHIVE, export)
    done = samenspel("init", round_dir, "--export", export)
    assert done.returncode == 0, done.stderr
    out = base / "reports"
    done = samenspel("run", round_dir, "--out", out, "--jobs", "2")
    assert done.returncode == 0, done.stderr[-3000:]
    return round_dir, out


def test_init_proposes_the_roles_and_no_participants_for_an_archive_without_them(survey2_round):
    round_dir, _ = survey2_round
    config = (round_dir / "round.toml").read_text(encoding="utf-8")
    assert "participants" not in config
    for line in ('initiative = "org"', 'obstacles = "knelpunten"', 'helped = "hulp"', 'aspects = "gemeente"',
                 'personal = ["mail"]'):
        assert line in config


def test_the_pages_name_the_aspects_by_the_statements_of_the_survey(survey2_round):
    _, out = survey2_round
    expected = [text for _, text in statements("nl")]
    assert len(expected) == 4 and [code for code, _ in statements()] == ["SQ001", "SQ002", "SQ003", "SQ004"]
    pages = [out / "community.html", *sorted((out / "initiatives").glob("*.html"))]
    assert len(pages) > 2
    for page in pages:
        assert _aspect_rows(page) == expected, page.name
        text = _text(page)
        assert "Vier aspecten van samenwerking" in text
        assert "Vijf aspecten" not in text and "Sq001" not in text and "SQ001" not in text


def test_the_scale_ends_come_from_the_survey(survey2_round):
    _, out = survey2_round
    root = _lss()
    qid = next(q["qid"] for q in _rows(root, "questions") if q["title"] == ASPECTS)
    options = {a["aid"]: a["code"] for a in _rows(root, "answers") if a["qid"] == qid}
    labels = {options[a["aid"]]: a["answer"] for a in _rows(root, "answer_l10ns")
              if a["aid"] in options and a["language"] == "nl"}
    low, high = min(labels, key=int), max(labels, key=int)
    phrase = f"van {low} ({labels[low].lower()}) tot {high} ({labels[high].lower()})"
    assert phrase in _text(out / "community.html")


def test_a_first_round_has_no_previous_round_columns_and_no_initiative_distribution(survey2_round):
    _, out = survey2_round
    for page in sorted((out / "initiatives").glob("*.html")):
        text = _text(page)
        assert "vorige ronde" not in text.lower(), page.name
        # the initiative question is what the page is about, not an answer to show as a spread
        assert "Namens welk initiatief vult u deze vragenlijst in?" not in text
    singular = [p for p in (out / "initiatives").glob("*.html") if "Gebaseerd op 1 antwoord uit" in _text(p)]
    assert singular, "an initiative with one answer says '1 antwoord'"
    assert "1 antwoorden" not in _text(out / "index.html") and "1 antwoord" in _text(out / "index.html")


def test_a_first_name_in_a_quote_is_not_published(survey2_round):
    _, out = survey2_round
    # the archive holds "Als Henk stopt, ..." and "Met Marieke van de woningcorporatie ..."
    with zipfile.ZipFile(ARCHIVE) as archive:
        responses = archive.read(next(n for n in archive.namelist() if n.endswith(".lsr"))).decode("utf-8")
    assert "Als Henk stopt" in responses and "Met Marieke van" in responses
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".csv", ".json", ".md"}:
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"\b(Henk|Marieke)\b", text), path


@pytest.mark.parametrize(
    ("role", "wrong", "fitting"),
    [
        ("initiative", "gemeente", "org, functie"),
        ("obstacles", "org", "knelpunten, hulp, leervraag"),
        ("helped", "gemeente", "knelpunten, hulp, leervraag"),
        ("aspects", "knelpunten", "gemeente"),
    ],
)
def test_a_role_pointed_at_a_question_of_the_wrong_type_exits_2(survey2_round, tmp_path, role, wrong, fitting):
    round_dir, _ = survey2_round
    copy = tmp_path / "ronde"
    shutil.copytree(round_dir, copy)
    config = (copy / "round.toml").read_text(encoding="utf-8")
    config = re.sub(rf'^{role} = "[^"]*"', f'{role} = "{wrong}"', config, count=1, flags=re.M)
    (copy / "round.toml").write_text(config, encoding="utf-8")
    before = sorted(p.name for p in copy.rglob("*"))
    done = samenspel("validate", copy, env={"SAMENSPEL_LANG": "en"})
    assert done.returncode == 2
    message = done.stderr.strip()
    assert "Traceback" not in message and len(message.splitlines()) <= 2
    assert f"[questions] {role} = '{wrong}'" in message
    assert f"question '{wrong}' is of question type " in message
    assert f"the {role} role needs" in message
    assert f"that fit: {fitting}." in message
    assert sorted(p.name for p in copy.rglob("*")) == before
