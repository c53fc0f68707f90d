"""Structure formats agree; the question diff between rounds; participants; init's proposal."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.config import load_round_config
from pipeline.errors import InputError
from pipeline.ingest import diff_questions, load_round, read_participants, read_structure

FIXTURES = Path(__file__).parent / "fixtures" / "limesurvey"


def lss_facts(path: Path) -> dict:
    """Codes, types, subquestions and nl answer labels, read from an .lss with ElementTree."""
    root = ET.parse(path).getroot()
    rows = lambda table: list(root.find(table).iter("row"))  # noqa: E731
    top = {r.findtext("qid"): r for r in rows("questions") if r.findtext("parent_qid") == "0"}
    labels = {}
    by_aid = {r.findtext("aid"): r for r in rows("answers")}
    for r in rows("answer_l10ns"):
        a = by_aid[r.findtext("aid")]
        if r.findtext("language") == "nl":
            labels[(top[a.findtext("qid")].findtext("title"), a.findtext("code"))] = r.findtext("answer")
    subs = sorted((top[r.findtext("parent_qid")].findtext("title"), r.findtext("title")) for r in rows("subquestions"))
    return {
        "types": {r.findtext("title"): r.findtext("type") for r in top.values()},
        "subs": subs,
        "labels": labels,
    }


def structure_sources(rnd: str) -> list[Path]:
    folder = FIXTURES / rnd
    return [*folder.glob("survey_*.lss"), *folder.glob("*_structure.tsv"), *folder.glob("*_structure.json"),
            *folder.glob("*.lsa"), folder / "structure", *folder.glob("import_source/*.lss")]


SOURCES = [(rnd, p) for rnd in ("round1", "round2", "round3_empty") for p in structure_sources(rnd)]


@pytest.mark.parametrize(("rnd", "path"), SOURCES, ids=[str(p.relative_to(FIXTURES)) for _, p in SOURCES])
def test_every_structure_format_gives_the_lss_facts(rnd: str, path: Path) -> None:
    facts = lss_facts(next((FIXTURES / rnd).glob("survey_*.lss")))
    st = read_structure(path)
    assert dict(zip(st.questions["code"], st.questions["type"], strict=True)) == facts["types"]
    assert sorted(zip(st.subquestions["question"], st.subquestions["code"], strict=True)) == facts["subs"]
    labels = {(q, c): label for q, c, label in zip(st.answers["question"], st.answers["code"], st.answers["label_nl"], strict=True)}
    assert labels == facts["labels"]
    assert st.base_language == "nl" and st.languages == ("nl", "en")
    assert st.questions["order"].tolist() == list(range(1, len(st.questions) + 1))
    assert st.questions.loc[st.questions["code"] == "telefoon", "hidden"].item() is True or \
        bool(st.questions.loc[st.questions["code"] == "telefoon", "hidden"].item())


def test_round2_against_round1_has_the_recorded_changes() -> None:
    diff = diff_questions(read_structure(next((FIXTURES / "round1").glob("survey_*.lss"))),
                          read_structure(next((FIXTURES / "round2").glob("survey_*.lss"))))
    server = json.loads((FIXTURES / "server_info.json").read_text(encoding="utf-8"))
    changes = server["surveys"]["246136"]["changes_vs_round1"]
    assert diff.loc[diff["change"] == "removed", "question"].tolist() == [changes["question_removed"].split()[0]]
    assert diff.loc[diff["change"] == "added", "question"].tolist() == [changes["question_added"].split()[0]]
    renamed = diff[diff["change"] == "option_renamed"]
    assert renamed[["question", "answer"]].values.tolist() == [["initiatief", "I05"]]
    assert renamed["old"].item() == "Buurtkamer Zonnebloem" and renamed["new"].item() == "Buurtkamer De Zonnebloem"
    assert len(diff) == 3
    assert list(diff.columns[:6]) == ["change", "question", "subquestion", "answer", "old", "new"]


def _lss_question_texts(path: Path, language: str) -> dict[str, str]:
    """Return question code -> question text in ``language``, read straight from the .lss XML."""
    root = ET.parse(path).getroot()
    codes = {row.findtext("qid"): row.findtext("title") for row in root.iterfind("questions/rows/row")}
    return {codes[row.findtext("qid")]: row.findtext("question")
            for row in root.iterfind("question_l10ns/rows/row")
            if row.findtext("language") == language and row.findtext("qid") in codes}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_diff_texts_are_in_the_language_asked_for(language: str) -> None:
    old_file = next((FIXTURES / "round1").glob("survey_*.lss"))
    new_file = next((FIXTURES / "round2").glob("survey_*.lss"))
    diff = diff_questions(read_structure(old_file), read_structure(new_file), language=language)
    old_texts, new_texts = _lss_question_texts(old_file, language), _lss_question_texts(new_file, language)
    removed = diff[diff["change"] == "removed"].iloc[0]
    added = diff[diff["change"] == "added"].iloc[0]
    assert removed["old"] == old_texts[removed["question"]] and removed["language"] == language
    assert added["new"] == new_texts[added["question"]] and added["language"] == language
    # the English and Dutch texts differ, so the language really was chosen
    assert _lss_question_texts(new_file, "en")[added["question"]] != _lss_question_texts(new_file, "nl")[added["question"]]


def test_a_language_only_one_round_has_falls_back_to_the_base_language() -> None:
    old = read_structure(next((FIXTURES / "round1").glob("survey_*.lss")))
    new = read_structure(next((FIXTURES / "round2").glob("survey_*.lss")))
    assert set(diff_questions(old, new, language="de")["language"]) == {new.base_language}


def test_diff_of_a_round_with_itself_is_empty() -> None:
    st = read_structure(FIXTURES / "round1" / "structure")
    assert diff_questions(st, st).empty


def test_diff_sees_types_texts_and_subquestions() -> None:
    old = read_structure(next((FIXTURES / "round1").glob("survey_*.lss")))
    q = old.questions.copy()
    q.loc[q["code"] == "rol", "type"] = "!"
    q.loc[q["code"] == "geholpen", "text_nl"] = "Wat hielp?"
    subs = old.subquestions[old.subquestions["code"] != "relatie"].reset_index(drop=True)
    new = type(old)(**{**old.__dict__, "questions": q, "subquestions": subs})
    diff = diff_questions(old, new)
    assert set(map(tuple, diff[["change", "question"]].values.tolist())) == {
        ("type", "rol"), ("text", "geholpen"), ("subquestion_removed", "samenwerking")}


def test_participants_from_json_and_from_the_archive_agree() -> None:
    listed = read_participants(FIXTURES / "round1" / "structure" / "list_participants.json")
    archived = read_participants(next((FIXTURES / "round1").glob("*.lsa")))
    raw = json.loads((FIXTURES / "round1" / "structure" / "list_participants.json").read_text(encoding="utf-8"))
    assert list(listed.columns) == ["tid", "token", "firstname", "lastname", "email", "language", "completed"]
    assert sorted(listed["token"]) == sorted(r["token"] for r in raw)
    assert set(archived["token"]) == set(listed["token"])
    assert int(listed["completed"].sum()) == sum(1 for r in raw if r["completed"] != "N")


def test_unknown_role_message_lists_codes(tmp_path: Path) -> None:
    (tmp_path / "round.toml").write_text(
        '[round]\nid = "x"\ntitle = "x"\n[exports]\n'
        f'responses = "{(FIXTURES / "round1" / "exports" / "responses_csv_code_short_all.csv").as_posix()}"\n'
        f'structure = "{(FIXTURES / "round1" / "survey_246135.lss").as_posix()}"\n'
        '[questions]\naspects = "aspecten"\n', encoding="utf-8")
    with pytest.raises(Exception) as caught:
        load_round(tmp_path)
    assert "aspecten" in str(caught.value) and "samenwerking" in str(caught.value)


def test_structure_from_another_survey_is_refused(tmp_path: Path) -> None:
    from pipeline.ingest import read_export

    with pytest.raises(InputError) as caught:
        read_export(FIXTURES / "round1" / "vv" / "vvexport_246135_v1.tsv", read_structure(FIXTURES / "round2" / "survey_246136.lss"))
    assert "246136" in str(caught.value)


def test_init_proposes_the_roles_and_load_round_accepts_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    round_dir = tmp_path / "ronde-x"
    export = FIXTURES / "round2" / "exports" / "responses_csv_full_long_all.csv"
    assert main(["init", str(round_dir), "--export", str(export)]) == 0
    config = load_round_config(round_dir)
    assert (config.questions.initiative, config.questions.obstacles, config.questions.helped, config.questions.aspects) == \
        ("initiatief", "belemmeringen", "geholpen", "samenwerking")
    assert set(config.questions.personal) == {"email", "telefoon"}
    assert "email" not in config.privacy.reportable and "telefoon" not in config.privacy.reportable
    rnd = load_round(round_dir)
    import csv

    with export.open(encoding="utf-8-sig", newline="") as handle:
        raw = [r for r in csv.reader(handle, delimiter=";") if r][1:]
    assert len(rnd.ledger) == len(raw)
    # a second init leaves the file alone
    before = (round_dir / "round.toml").read_bytes()
    assert main(["init", str(round_dir), "--export", str(export)]) == 2
    assert (round_dir / "round.toml").read_bytes() == before
    assert "already exists" in capsys.readouterr().err


def test_rc2_folder_texts_match_the_lss() -> None:
    a = read_structure(FIXTURES / "round1" / "survey_246135.lss")
    b = read_structure(FIXTURES / "round1" / "structure")
    cols = ["code", "type", "group", "order", "mandatory", "other", "comment", "text_nl", "text_en"]
    pd.testing.assert_frame_equal(a.questions[cols], b.questions[cols])
    assert a.titles == b.titles
