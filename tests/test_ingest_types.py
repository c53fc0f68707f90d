"""Every question type LimeSurvey has, in a survey built here: columns mapped, values typed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from pipeline.ingest import label_answers, read_export, read_structure

LANGS = ("nl", "en")

# code, type, other, subquestions (code, scale), answers (code, scale)
QUESTIONS = [
    ("kleur", "L", True, [], [("A1", 0), ("A2", 0)]),
    ("keuze", "!", False, [], [("A1", 0), ("A2", 0)]),
    ("opm", "O", False, [], [("A1", 0), ("A2", 0)]),
    ("arr", "F", False, [("SQ1", 0), ("SQ2", 0)], [("1", 0), ("2", 0), ("3", 0)]),
    ("avijf", "A", False, [("SQ1", 0)], []),
    ("btien", "B", False, [("SQ1", 0)], []),
    ("cjn", "C", False, [("SQ1", 0)], []),
    ("etoe", "E", False, [("SQ1", 0)], []),
    ("hcol", "H", False, [("SQ1", 0)], [("X1", 0), ("X2", 0)]),
    ("vijf", "5", False, [], []),
    ("janee", "Y", False, [], []),
    ("geslacht", "G", False, [], []),
    ("getal", "N", False, [], []),
    ("getallen", "K", False, [("SQ1", 0), ("SQ2", 0)], []),
    ("kort", "S", False, [], []),
    ("lang", "T", False, [], []),
    ("heellang", "U", False, [], []),
    ("meer", "M", True, [("SQ1", 0), ("SQ2", 0)], []),
    ("meeropm", "P", False, [("SQ1", 0)], []),
    ("datum", "D", False, [], []),
    ("rang", "R", False, [], [("R1", 0), ("R2", 0), ("R3", 0)]),
    ("blok", "X", False, [], []),
    ("formule", "*", False, [], []),
    ("teksten", ";", False, [("Y1", 0), ("X1", 1), ("X2", 1)], []),
    ("cijfers", ":", False, [("Y1", 0), ("X1", 1)], []),
    ("dubbel", "1", False, [("SQ1", 0)], [("D1", 0), ("D2", 0), ("E1", 1), ("E2", 1)]),
    ("bestand", "|", False, [], []),
    ("nieuw", "~", False, [], []),
]

# heading -> (raw value, expected column, expected value)
CELLS = [
    ("kleur", "-oth-", "kleur", "-oth-"),
    ("kleur[other]", "Iets anders", "kleur_other", "Iets anders"),
    ("keuze", "A2", "keuze", "A2"),
    ("opm", "A1", "opm", "A1"),
    ("opm[comment]", "N/A", "opm_comment", "N/A"),
    ("arr[SQ1]", "3", "arr_SQ1", "3"),
    ("arr[SQ2]", "", "arr_SQ2", None),
    ("avijf[SQ1]", "4", "avijf_SQ1", "4"),
    ("btien[SQ1]", "10", "btien_SQ1", "10"),
    ("cjn[SQ1]", "U", "cjn_SQ1", "U"),
    ("etoe[SQ1]", "I", "etoe_SQ1", "I"),
    ("hcol[SQ1]", "X2", "hcol_SQ1", "X2"),
    ("vijf", "5", "vijf", 5.0),
    ("janee", "N", "janee", False),
    ("geslacht", "F", "geslacht", "F"),
    ("getal", "3,5", "getal", 3.5),
    ("getallen[SQ1]", "12", "getallen_SQ1", 12.0),
    ("getallen[SQ2]", "{question_not_shown}", "getallen_SQ2", None),
    ("kort", "  n.v.t. ", "kort", "  n.v.t. "),
    ("lang", "regel 1\r\nregel 2", "lang", "regel 1\nregel 2"),
    ("heellang", "=SOM(A1)", "heellang", "=SOM(A1)"),
    ("meer[SQ1]", "Y", "meer_SQ1", True),
    ("meer[SQ2]", "", "meer_SQ2", False),
    ("meer[other]", "ook dit", "meer_other", "ook dit"),
    ("meeropm[SQ1]", "Y", "meeropm_SQ1", True),
    ("meeropm[SQ1comment]", "want", "meeropm_SQ1_comment", "want"),
    ("datum", "2025-11-29 00:00:00", "datum", pd.Timestamp("2025-11-29")),
    ("rang[1]", "R3", "rang_1", "R3"),
    ("rang[2]", "R1", "rang_2", "R1"),
    ("rang[3]", "", "rang_3", None),
    ("formule", "42", "formule", "42"),
    ("teksten[Y1_X1]", "a", "teksten_Y1_X1", "a"),
    ("teksten[Y1_X2]", "b", "teksten_Y1_X2", "b"),
    ("cijfers[Y1_X1]", "7", "cijfers_Y1_X1", 7.0),
    ("dubbel[SQ1][1]", "D2", "dubbel_SQ1_0", "D2"),
    ("dubbel[SQ1][2]", "E1", "dubbel_SQ1_1", "E1"),
    ("bestand", '[{"name":"x.pdf"}]', "bestand", '[{"name":"x.pdf"}]'),
    ("bestand[filecount]", "1", "bestand_filecount", 1.0),
    ("nieuw", "iets", "nieuw", "iets"),
]


def _table(name: str, fields: list[str], rows: list[dict[str, str]]) -> str:
    head = "".join(f"<fieldname>{f}</fieldname>" for f in fields)
    body = "".join(
        "<row>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in r.items()) + "</row>" for r in rows
    )
    return f"<{name}><fields>{head}</fields><rows>{body}</rows></{name}>"


def build_lss(sid: int = 111111, *, old_style: bool = False) -> str:
    """Return an .lss of a survey holding every question type (modern, or pre-l10n with language columns)."""
    questions, subquestions, answers, l10ns, answer_l10ns = [], [], [], [], []
    qid, aid = 1, 1
    for order, (code, qtype, other, subs, opts) in enumerate(QUESTIONS, start=1):
        parent = qid
        base = {"qid": str(parent), "parent_qid": "0", "sid": str(sid), "gid": "1", "type": qtype, "title": code,
                "other": "Y" if other else "N", "mandatory": "N", "question_order": str(order), "scale_id": "0"}
        for lang in LANGS:
            text = f"Vraag {code}" if lang == "nl" else f"Question {code}"
            if old_style:
                questions.append({**base, "question": text, "language": lang})
            else:
                l10ns.append({"id": str(len(l10ns) + 1), "qid": str(parent), "question": text, "language": lang})
        if not old_style:
            questions.append(base)
        qid += 1
        for sub_order, (sq, scale) in enumerate(subs, start=1):
            row = {"qid": str(qid), "parent_qid": str(parent), "sid": str(sid), "gid": "1", "type": "T", "title": sq,
                   "other": "N", "mandatory": "N", "question_order": str(sub_order), "scale_id": str(scale)}
            for lang in LANGS:
                text = f"Deel {sq}" if lang == "nl" else f"Part {sq}"
                if old_style:
                    subquestions.append({**row, "question": text, "language": lang})
                else:
                    l10ns.append({"id": str(len(l10ns) + 1), "qid": str(qid), "question": text, "language": lang})
            if not old_style:
                subquestions.append(row)
            qid += 1
        for sort, (acode, scale) in enumerate(opts, start=1):
            row = {"aid": str(aid), "qid": str(parent), "code": acode, "sortorder": str(sort), "scale_id": str(scale)}
            for lang in LANGS:
                label = f"Optie {acode}" if lang == "nl" else f"Option {acode}"
                if old_style:
                    answers.append({k: v for k, v in row.items() if k != "aid"} | {"answer": label, "language": lang})
                else:
                    answer_l10ns.append({"id": str(len(answer_l10ns) + 1), "aid": str(aid), "answer": label, "language": lang})
            if not old_style:
                answers.append(row)
            aid += 1
    survey = [{"sid": str(sid), "language": "nl", "additional_languages": "en", "format": "A"}]
    settings = [{"surveyls_survey_id": str(sid), "surveyls_language": lang, "surveyls_title": f"Alle types {lang}"}
                for lang in LANGS]
    groups = [{"gid": "1", "sid": str(sid), "group_order": "1"}]
    parts = [
        _table("answers", list(answers[0]), answers),
        "" if old_style else _table("answer_l10ns", list(answer_l10ns[0]), answer_l10ns),
        _table("groups", list(groups[0]), groups),
        _table("questions", list(questions[0]), questions),
        _table("subquestions", list(subquestions[0]), subquestions),
        "" if old_style else _table("question_l10ns", list(l10ns[0]), l10ns),
        _table("surveys", list(survey[0]), survey),
        _table("surveys_languagesettings", list(settings[0]), settings),
    ]
    version = "355" if old_style else "620"
    return (f'<?xml version="1.0" encoding="UTF-8"?><document><LimeSurveyDocType>Survey</LimeSurveyDocType>'
            f"<DBVersion>{version}</DBVersion><languages><language>nl</language><language>en</language></languages>"
            + "".join(parts) + "</document>")


def write_export(path: Path, cells: list[tuple[str, str, str, object]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(["id", "submitdate", "lastpage", "startlanguage"] + [c[0] for c in cells])
    writer.writerow(["1", "2026-01-01 10:00:00", "1", "nl"] + [c[1] for c in cells])
    writer.writerow(["2", "", "", "nl"] + ["" for _ in cells])
    path.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))


@pytest.fixture
def survey(tmp_path: Path) -> tuple[Path, Path]:
    lss = tmp_path / "survey_111111.lss"
    lss.write_text(build_lss(), encoding="utf-8")
    export = tmp_path / "responses.csv"
    write_export(export, CELLS)
    return lss, export


def test_every_type_is_mapped_and_typed(survey: tuple[Path, Path]) -> None:
    lss, export = survey
    got = read_export(export, read_structure(lss))
    assert got.unmapped == ()
    row = got.frame.loc[1]
    for heading, _, column, expected in CELLS:
        value = row[column]
        if expected is None:
            assert pd.isna(value), heading
        else:
            assert value == expected, heading
    columns = got.columns.set_index("column")
    assert columns.loc["meeropm_SQ1_comment", ["question", "subquestion", "part"]].tolist() == ["meeropm", "SQ1", "comment"]
    assert columns.loc["bestand_filecount", "part"] == "filecount"
    assert columns.loc["kleur_other", "part"] == "other"
    # the text block has no column; the unknown type is kept, with a warning
    assert not any(c.startswith("blok") for c in got.frame.columns)
    assert any("'~'" in w for w in got.warnings)
    # the response that never left page 1 did not see the boxes: missing, not "unticked"
    assert pd.isna(got.frame.loc[2, "meer_SQ1"])
    assert str(got.frame["getal"].dtype) == "Float64"
    assert str(got.frame["janee"].dtype) == "boolean"
    assert str(got.frame["datum"].dtype).startswith("datetime64")


def test_old_style_lss_reads_like_the_modern_one(tmp_path: Path) -> None:
    modern, old = tmp_path / "modern.lss", tmp_path / "old.lss"
    modern.write_text(build_lss(), encoding="utf-8")
    old.write_text(build_lss(old_style=True), encoding="utf-8")
    a, b = read_structure(modern), read_structure(old)
    for name in ("questions", "subquestions", "answers"):
        left = getattr(a, name).drop(columns=[c for c in ("qid", "gid") if c in getattr(a, name)])
        right = getattr(b, name).drop(columns=[c for c in ("qid", "gid") if c in getattr(b, name)])
        pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True))
    assert a.languages == b.languages == ("nl", "en")
    assert b.questions.loc[b.questions["code"] == "kleur", "text_en"].item() == "Question kleur"


def test_labels_in_both_languages(survey: tuple[Path, Path]) -> None:
    lss, _ = survey
    structure = read_structure(lss)
    codes = pd.Series(["A1", "A2", "-oth-", None], dtype="string")
    assert label_answers(structure, "kleur", codes, "nl").tolist()[:3] == ["Optie A1", "Optie A2", "Overige"]
    assert label_answers(structure, "kleur", codes, "en").tolist()[:3] == ["Option A1", "Option A2", "Other"]


def test_long_answers_map_back_to_codes(tmp_path: Path) -> None:
    lss = tmp_path / "s.lss"
    lss.write_text(build_lss(), encoding="utf-8")
    long_cells = [("kleur", "Option A2", "kleur", "A2"), ("cjn[SQ1]", "Onzeker", "cjn_SQ1", "U"),
                  ("janee", "Ja", "janee", True), ("meer[SQ1]", "Nee", "meer_SQ1", False),
                  ("dubbel[SQ1][2]", "Optie E2", "dubbel_SQ1_1", "E2")]
    export = tmp_path / "long.csv"
    write_export(export, long_cells)
    got = read_export(export, read_structure(lss))
    for _, _, column, expected in long_cells:
        assert got.frame.loc[1, column] == expected, column
    assert got.answer_style == "long"


def test_cp1252_export_with_decimal_comma(tmp_path: Path) -> None:
    lss = tmp_path / "s.lss"
    lss.write_text(build_lss(), encoding="utf-8")
    export = tmp_path / "excel.csv"
    export.write_bytes("id;submitdate;getal;kort\r\n1;2026-01-01 10:00:00;12,5;Caf\u00e9 \u20ac\r\n".encode("cp1252"))
    got = read_export(export, read_structure(lss))
    assert got.encoding == "cp1252"
    assert got.frame.loc[1, "getal"] == 12.5
    assert got.frame.loc[1, "kort"] == "Caf\u00e9 \u20ac"


def test_an_export_saved_again_by_excel(tmp_path: Path) -> None:
    """cp1252, semicolons, no quotes, day-first dates without seconds, decimal comma."""
    lss = tmp_path / "s.lss"
    lss.write_text(build_lss(), encoding="utf-8")
    export = tmp_path / "opgeslagen.csv"
    export.write_bytes(
        "id;submitdate;lastpage;getal;datum;kort\r\n"
        "1;02-03-2026 08:14;1;1,5;29-11-2025;Caf\u00e9\r\n"
        "2;;;;;\r\n".encode("cp1252"))
    got = read_export(export, read_structure(lss))
    assert got.frame.loc[1, "submitdate"] == pd.Timestamp("2026-03-02 08:14")
    assert got.frame.loc[1, "datum"] == pd.Timestamp("2025-11-29")
    assert got.frame.loc[1, "getal"] == 1.5
    assert pd.isna(got.frame.loc[2, "submitdate"])
    assert got.warnings == ()


def test_an_unreadable_submit_date_is_refused_not_turned_incomplete(tmp_path: Path) -> None:
    from pipeline.errors import InputError

    lss = tmp_path / "s.lss"
    lss.write_text(build_lss(), encoding="utf-8")
    export = tmp_path / "r.csv"
    export.write_text("id;submitdate;kort\n1;gisteren;x\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_export(export, read_structure(lss))
    assert "gisteren" in str(caught.value) and "r.csv" in str(caught.value)


def test_a_value_outside_the_options_is_kept_with_a_warning(tmp_path: Path) -> None:
    lss = tmp_path / "s.lss"
    lss.write_text(build_lss(), encoding="utf-8")
    export = tmp_path / "r.csv"
    write_export(export, [("kleur", "A9", "kleur", "A9"), ("keuze", "A1", "keuze", "A1")])
    got = read_export(export, read_structure(lss))
    assert got.frame.loc[1, "kleur"] == "A9"
    assert [w for w in got.warnings if "'kleur'" in w and "'A9'" in w]
    assert not [w for w in got.warnings if "'keuze'" in w]


def test_timing_columns_are_kept_as_numbers_not_answers(tmp_path: Path) -> None:
    lss = tmp_path / "s.lss"
    lss.write_text(build_lss(), encoding="utf-8")
    export = tmp_path / "r.csv"
    export.write_text('"id";"submitdate";"kleur";"interviewtime";"groupTime1";"kleurTime"\n'
                      '"1";"2026-01-01 10:00:00";"";"75.5";"60";"12"\n', encoding="utf-8")
    got = read_export(export, read_structure(lss))
    assert got.unmapped == ()
    columns = got.columns.set_index("column")
    assert set(columns.index[columns["part"] == "timing"]) == {"timing_interviewtime", "timing_groupTime1", "timing_kleurTime"}
    assert got.frame.loc[1, "timing_interviewtime"] == 75.5
    assert "timing_kleurTime" not in got.answer_fields
    # a response with timings but no answer is empty, not answered
    from pipeline.ingest import build_ledger

    assert build_ledger(got.frame, list(got.answer_fields))["reason"].tolist() == ["empty"]
