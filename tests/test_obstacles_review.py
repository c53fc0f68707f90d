"""Several themes per answer, and the review workbook: corrections that persist, bad workbooks refused.

The round folders are a copy of the demo community; ``samenspel review`` and ``samenspel run``
run as a facilitator runs them (subprocesses), and the workbook is edited with openpyxl as a
spreadsheet program would.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from conftest import DEMO, samenspel
from pipeline.obstacles import load_codebook, theme_obstacles
from pipeline.obstacles.review import (
    HEADINGS, SHEET, ReviewRow, training_corrections, workbook_path, write_workbook,
)

pytestmark = pytest.mark.slow

NAMES = {t.id: t.name_nl for t in load_codebook(DEMO / "codebook.toml").themes}


def frame_of(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """(initiative, obstacle, helped) rows as the responses theme_obstacles reads."""
    return pd.DataFrame(
        {
            "initiative": [r[0] for r in rows],
            "initiative_name": [f"Initiatief {r[0]}" for r in rows],
            "obstacle_text": [r[1] for r in rows],
            "helped_text": [r[2] for r in rows],
        },
        index=pd.Index([f"p{i}" for i in range(len(rows))], name="response"),
    )


def test_an_answer_naming_two_obstacles_counts_for_both_themes():
    rows = [
        ("A1", "De huur van ons pand is omhoog gegaan. We vinden geen penningmeester.", ""),
        ("A2", "Het dak lekt al maanden en niemand repareert het.", ""),
        ("A3", "We vinden geen nieuwe vrijwilligers meer voor de bar.", ""),
        ("A4", "De subsidie is met twintig procent gekort.", ""),
    ]
    result = theme_obstacles(frame_of(rows), random_state=0)
    a = result.assignments.set_index("initiative")
    named = {i: {a.loc[i, "theme"], *filter(None, a.loc[i, "secondary"].split(","))} for i in a.index}
    # read by hand: A1 names the building and volunteers, A2 the building, A3 volunteers
    assert {"gebouw", "vrijwilligers"} <= named["A1"]
    assert "gebouw" in named["A2"] and "vrijwilligers" in named["A3"]
    # every themed answer carries its probability; secondary themes theirs, most probable first
    assert ((a["score"] > 0) & (a["score"] <= 1)).all()
    scores = [float(s) for s in a.loc["A1", "secondary_scores"].split(",")]
    assert scores == sorted(scores, reverse=True) and all(0.3 <= s <= 1 for s in scores)
    themes = result.themes.set_index("theme")
    # initiatives meeting a theme count every answer that names it, primary or not
    expected = {t: sum(t in named[i] for i in named) for t in ("gebouw", "vrijwilligers", "financiering")}
    assert expected == {"gebouw": 2, "vrijwilligers": 2, "financiering": 1}
    for theme, count in expected.items():
        assert themes.loc[theme, "initiatives"] == count, theme
        assert result.matrix.loc[theme].sum() == count


def test_a_phrasing_corrected_in_round_1_is_themed_right_in_round_2(tmp_path):
    codebook = load_codebook(None)
    # community jargon the codebook does not know
    said = "Het kwartiermakersoverleg is alweer verschoven."
    from pipeline.obstacles.model import shipped_examples

    known = " ".join([e.text for e in shipped_examples()] + [k for t in codebook.themes for k in (*t.keywords, *t.examples)])
    assert "kwartiermaker" not in known.lower()
    round_1 = frame_of([("A1", said, ""), ("A2", "Het dak lekt al maanden.", "")])
    before = theme_obstacles(round_1, codebook=codebook, random_state=0).assignments
    proposed = before["theme"].iat[0]
    target = "erkenning" if proposed != "erkenning" else "bureaucratie"
    rows = [ReviewRow(f"r1/p{i}/B", "obstacle", "", t, (th,), (0.5,), True)
            for i, (t, th) in enumerate(zip(before["text"], before["theme"]))]
    folder = tmp_path / "ronde-1"
    write_workbook(workbook_path(folder), "r1", rows, codebook)
    book = load_workbook(workbook_path(folder))
    sheet = book[SHEET]
    for cells in sheet.iter_rows(min_row=2):
        if cells[3].value == said:
            cells[7].value = codebook.theme(target).name_nl
    book.save(workbook_path(folder))

    round_2 = frame_of([("B1", "Het kwartiermakersoverleg is weer verschoven.", ""), ("B2", "De huur is verdubbeld.", "")])
    plain = theme_obstacles(round_2, codebook=codebook, random_state=0).assignments
    assert plain["theme"].iat[0] != target  # the model alone does not know it
    taught = theme_obstacles(
        round_2, codebook=codebook, random_state=0, training=training_corrections([folder], codebook)
    ).assignments
    assert taught["theme"].iat[0] == target
    assert not taught["corrected"].any()  # learnt, not copied: round 2 has no corrections
    assert taught["theme"].iat[1] == "gebouw"


# -- the workbook and runs, as a facilitator uses them ---------------------------------------


@pytest.fixture(scope="module")
def community(tmp_path_factory, secret_home) -> Path:
    folder = tmp_path_factory.mktemp("community") / "demo"
    shutil.copytree(DEMO, folder)
    return folder


def sheet_rows(path: Path) -> list[tuple]:
    book = load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in book[SHEET].iter_rows(values_only=True)]
    finally:
        book.close()


def set_cells(path: Path, changes: dict[str, str]) -> None:
    book = load_workbook(path)
    for ref, value in changes.items():
        book[SHEET][ref] = value
    book.save(path)


def page_text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def data_digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((folder / "data").glob("*.csv"))}


def test_review_workbook_corrections_apply_everywhere_and_persist(community, tmp_path):
    round_dir = community / "ronde-2"
    done = samenspel("review", round_dir)
    assert done.returncode == 0, done.stderr[-2000:]
    path = workbook_path(round_dir)
    assert path.is_file() and "reports" not in path.parts
    rows = sheet_rows(path)
    assert rows[0] == HEADINGS
    body = rows[1:]
    # one row per answered obstacle and "what helped" question, least certain first
    with (round_dir / "exports" / "responses_csv_code_short_all.csv").open(encoding="utf-8-sig", newline="") as handle:
        raw = list(csv.DictReader(handle, delimiter=";"))
    complete = [r for r in raw if r["submitdate"]]
    obstacle_rows = sum(r[1] == "belemmering" for r in body)
    assert sum(len(r["belemmeringen"].strip()) > 12 for r in complete) <= obstacle_rows <= len(complete)
    assert sum(r[1] == "wat hielp" for r in body) <= len(complete)
    assert len({r[0] for r in body}) == len(body)
    unsure = [r for r in body if r[6] == "ja"]
    assert body[: len(unsure)] == unsure
    # a formula-looking answer stays text
    book = load_workbook(path)
    formula_cells = [c for c in book[SHEET]["D"] if isinstance(c.value, str) and c.value.startswith("=")]
    assert formula_cells and all(c.data_type == "s" and c.quotePrefix for c in formula_cells)
    validation = book[SHEET].data_validations.dataValidation[0]
    assert str(validation.sqref) == f"H2:H{len(body) + 1}"
    assert [r[0].value for r in book["Thema's"].iter_rows(min_row=2)] == list(NAMES.values())

    # the facilitator moves a confidently themed obstacle to another theme
    number, chosen = next(
        (n, r) for n, r in enumerate(rows, start=1)
        if n > 1 and r[1] == "belemmering" and r[6] != "ja" and ";" not in (r[4] or "")
    )
    proposed = next(t for t, name in NAMES.items() if name == chosen[4])
    target = next(t for t in NAMES if t not in (proposed, "kennis"))
    set_cells(path, {f"H{number}": NAMES[target]})
    edited = path.read_bytes()

    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        done = samenspel("run", round_dir, "--out", out, "--jobs", "2")
        assert done.returncode == 0, done.stderr[-2000:]
        assert re.search(r"(met de hand verbeterde thema's|themes corrected by hand): 1\.$", done.stdout.strip().splitlines()[-1])
        assert json.loads((out / "provenance.json").read_text())["corrected_themes"] == 1
    # the run read the workbook, it did not change it
    assert path.read_bytes() == edited
    # determinism: byte-identical data files between reruns
    assert data_digest(first) == data_digest(second)

    obstacles = pd.read_csv(first / "data" / "obstacles.csv", dtype=str, keep_default_na=False)
    text = chosen[3]
    mine = obstacles[obstacles["text"] == text]
    assert len(mine) >= 1
    corrected = mine[mine["corrected"] == "True"]
    assert len(corrected) == 1 and corrected["theme"].iat[0] == target and corrected["score"].iat[0] == "1.0"
    initiative = corrected["initiative"].iat[0]
    # the theme table counts it: recount the initiatives naming each theme from the answers
    named = obstacles[obstacles["non_answer"] == "False"]
    pairs = {(r.initiative, t) for r in named.itertuples() for t in [r.theme, *filter(None, r.secondary.split(","))]}
    themes = pd.read_csv(first / "data" / "themes.csv", dtype=str, keep_default_na=False).set_index("theme")
    assert int(themes.loc[target, "initiatives"]) == len({i for i, t in pairs if t == target and i})
    # every page shows it: the initiative's page lists the obstacle under the new theme
    initiatives = pd.read_csv(first / "data" / "initiatives.csv", dtype=str, keep_default_na=False)
    name = initiatives.set_index("initiative").loc[initiative, "name"]
    page = next(p for p in (first / "initiatives").glob("*.html") if name in page_text(p))
    assert NAMES[target] in page_text(page)
    assert NAMES[target] in page_text(first / "community.html")

    # re-running review keeps the edit
    done = samenspel("review", round_dir)
    assert done.returncode == 0, done.stderr[-2000:]
    kept = {r[0]: r[7] for r in sheet_rows(path)[1:]}
    assert kept[chosen[0]] == NAMES[target]
    assert sum(bool(v) for v in kept.values()) == 1


@pytest.mark.parametrize("fault", ["theme", "key", "round"])
def test_a_bad_workbook_stops_run_and_review_with_one_line(community, tmp_path, fault):
    round_dir = tmp_path / "ronde-2"
    shutil.copytree(community / "ronde-2", round_dir, ignore=shutil.ignore_patterns("review"))
    shutil.copytree(community / "ronde-1", tmp_path / "ronde-1", ignore=shutil.ignore_patterns("review"))
    shutil.copy(community / "names.txt", tmp_path / "names.txt")
    shutil.copy(community / "codebook.toml", tmp_path / "codebook.toml")
    assert samenspel("review", round_dir).returncode == 0
    path = workbook_path(round_dir)
    if fault == "theme":
        set_cells(path, {"H3": "Financiën en zo"})
        expected = "row 3, cell H3"
    elif fault == "key":
        set_cells(path, {"A4": "ronde-2/r-000000000000/B", "H4": list(NAMES.values())[0]})
        expected = "row 4, cell A4"
    else:
        assert samenspel("review", tmp_path / "ronde-1").returncode == 0
        shutil.copy(workbook_path(tmp_path / "ronde-1"), path)
        expected = "sheet 'Over', cell B1"
    before = path.read_bytes()
    out = tmp_path / "reports" / "ronde-2"
    for args in (("run", round_dir, "--out", out, "--jobs", "1"), ("review", round_dir)):
        done = samenspel(*args)
        assert done.returncode == 2, done.stderr[-2000:]
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr
        assert expected in lines[0] and "thema-controle.xlsx" in lines[0]
        if fault != "round":
            assert f"sheet '{SHEET}'" in lines[0]
    # nothing written: no reports, the workbook as it was
    assert not out.parent.exists() or not any(out.parent.iterdir())
    assert path.read_bytes() == before


# -- the workbook in the round's language -------------------------------------------------------


def test_an_english_workbook_is_written_and_read_back_like_a_dutch_one(tmp_path):
    from pipeline.errors import PipelineError
    from pipeline.obstacles.review import ReviewError, read_corrections

    codebook = load_codebook(DEMO / "codebook.toml")
    english = [t.name_en for t in codebook.themes]
    assert english != list(NAMES.values())  # the two languages name the themes differently
    row = ReviewRow(key="ronde-1/r-1/B", kind="obstacle", initiative="Buurthuis De Linde",
                    text="De subsidie kwam te laat.", themes=(codebook.themes[0].id,), probabilities=(0.41,),
                    review=True)
    dutch_path = write_workbook(tmp_path / "nl" / "thema-controle.xlsx", "ronde-1", [row], codebook)
    path = write_workbook(tmp_path / "en" / "thema-controle.xlsx", "ronde-1", [row], codebook, lang="en")

    book = load_workbook(path)
    assert book.sheetnames == ["Theme review", "Themes", "About"]
    assert [c.value for c in book["Theme review"][1]] == [
        "Key", "Kind", "Initiative", "Answer", "Proposed themes", "Certainty", "Check", "Your theme(s)"]
    assert [c.value for c in book["Theme review"][2]][:7] == [
        "ronde-1/r-1/B", "obstacle", "Buurthuis De Linde", "De subsidie kwam te laat.", english[0], "41%", "yes"]
    assert [r[0].value for r in book["Themes"].iter_rows(min_row=2)] == english
    assert [c.value for c in book["About"]["A"]] == ["Round", "Explanation"] and book["About"]["B1"].value == "ronde-1"
    # the drop-down names the theme sheet; a quote in the name is doubled, as spreadsheets read it
    (validation,) = book["Theme review"].data_validations.dataValidation
    assert validation.formula1 == f"='Themes'!$A$2:$A${len(english) + 1}"
    (dutch_validation,) = load_workbook(dutch_path)[SHEET].data_validations.dataValidation
    assert dutch_validation.formula1 == f"='Thema''s'!$A$2:$A${len(english) + 1}"

    # the facilitator picks an English name from the drop-down: read back as that theme
    book["Theme review"]["H2"] = english[2]
    book.save(path)
    (answer,) = read_corrections(path, codebook, round_id="ronde-1")
    assert (answer.key, answer.themes, answer.row, answer.sheet) == ("ronde-1/r-1/B", (codebook.themes[2].id,), 2,
                                                                     "Theme review")
    # a wrong one is reported with the workbook's own sheet names and theme names
    book["Theme review"]["H2"] = "Money"
    book.save(path)
    with pytest.raises(ReviewError) as caught:
        read_corrections(path, codebook, round_id="ronde-1")
    assert caught.value.render("en") == (
        f"{path}, sheet 'Theme review', row 2, cell H2: 'Money' is not a theme of this community. "
        f"Choose from the drop-down (sheet 'Themes'): {', '.join(english)}; separate several with ';'."
    )
    assert caught.value.render("nl").startswith(f"{path}, blad 'Theme review', rij 2, cel H2: 'Money' is geen thema")
    # a workbook with neither language's sheet names both
    book["Theme review"].title = "Blad1"
    book.save(path)
    with pytest.raises(PipelineError) as caught:
        read_corrections(path, codebook)
    assert caught.value.render("nl") == (
        f"{path} heeft geen blad 'Thema-controle' (of 'Theme review'). Geef het blad zijn naam terug, of "
        "verwijder het bestand en draai 'samenspel review' opnieuw."
    )


def test_review_writes_the_workbook_in_english_on_request(community, tmp_path):
    round_dir = tmp_path / "ronde-1"
    shutil.copytree(community / "ronde-1", round_dir, ignore=shutil.ignore_patterns("review"))
    shutil.copy(community / "names.txt", tmp_path / "names.txt")
    shutil.copy(community / "codebook.toml", tmp_path / "codebook.toml")
    done = samenspel("review", round_dir, "--lang", "en")
    assert done.returncode == 0, done.stderr[-2000:]
    path = workbook_path(round_dir)
    assert f"answers to check in {path}" in done.stdout
    book = load_workbook(path, read_only=True)
    try:
        assert book.sheetnames == ["Theme review", "Themes", "About"]
        rows = [tuple(r) for r in book["Theme review"].iter_rows(values_only=True)]
    finally:
        book.close()
    assert rows[0][0] == "Key" and len(rows) > 20
    assert {r[1] for r in rows[1:]} == {"obstacle", "what helped"}
    english = {t.name_en for t in load_codebook(tmp_path / "codebook.toml").themes}
    proposed = {name for r in rows[1:] for name in (r[4] or "").split("; ") if name}
    assert proposed & english and not proposed & set(NAMES.values()) - english
    # rewritten in Dutch (the round's language, without --lang), it keeps the same answers
    done = samenspel("review", round_dir)
    assert done.returncode == 0, done.stderr[-2000:]
    dutch = sheet_rows(path)
    assert dutch[0] == HEADINGS and sorted(r[0] for r in dutch[1:]) == sorted(r[0] for r in rows[1:])
