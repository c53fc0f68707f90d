"""Labels and scales from the structure, [aspects] labels, the community codebook, plurals."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import check_codebook, load_round_config
from pipeline.errors import ConfigError
from pipeline.ingest import read_structure
from pipeline.ingest.roles import aspect_labels, aspect_scale, propose_roles, statement_label
from pipeline.report.i18n import count_word, tn

FIXTURES = Path(__file__).parent / "fixtures" / "limesurvey"
DEMO_LSS = FIXTURES / "round2" / "survey_246136.lss"
SURVEY2 = FIXTURES / "survey2" / "survey_archive_318427.lsa"


def test_statement_label_is_the_head_before_a_colon_or_the_whole_text() -> None:
    assert statement_label("Relatie: er is wederzijds vertrouwen") == "Relatie"
    assert statement_label("  Zonder dubbele punt  ") == "Zonder dubbele punt"
    long_head = "x" * 41
    assert statement_label(f"{long_head}: rest") == f"{long_head}: rest"


def test_aspect_labels_follow_the_statements_and_round_toml_wins() -> None:
    structure = read_structure(SURVEY2)
    subs = structure.subquestions[structure.subquestions["question"] == "gemeente"]
    assert aspect_labels(structure, "gemeente", "nl") == dict(zip(subs["code"], subs["text_nl"], strict=True))
    assert aspect_labels(structure, "gemeente", "en") == dict(zip(subs["code"], subs["text_en"], strict=True))
    assert aspect_labels(structure, "gemeente", "nl", {"SQ002": "Snelheid"})["SQ002"] == "Snelheid"


def test_the_scale_comes_from_the_answer_options() -> None:
    structure = read_structure(DEMO_LSS)
    options = structure.answers[structure.answers["question"] == "samenwerking"]
    first = options.loc[options["code"].astype(int).idxmin()]
    last = options.loc[options["code"].astype(int).idxmax()]
    scale = aspect_scale(structure, "samenwerking", "en")
    assert (scale.low, scale.high) == (int(first["code"]), int(last["code"]))
    assert (scale.low_label, scale.high_label) == (first["label_en"].lower(), last["label_en"].lower())


def test_init_proposes_only_questions_of_a_fitting_type() -> None:
    structure = read_structure(SURVEY2)
    roles = propose_roles(structure)
    types = dict(zip(structure.questions["code"], structure.questions["type"], strict=True))
    assert types[roles.initiative] in "L!OS"
    assert types[roles.obstacles] in "STU" and types[roles.helped] in "STU"
    assert types[roles.aspects] in "ABFH:"


def test_plurals_and_count_words() -> None:
    assert tn("index.answers", 1, "nl") == "1 antwoord"
    assert tn("index.answers", 2, "nl") == "2 antwoorden"
    assert tn("index.answers", 1, "en") == "1 answer"
    assert tn("count.initiatives", 1, "nl") == "1 initiatief"
    assert (count_word(4, "nl"), count_word(5, "en"), count_word(12, "nl")) == ("Vier", "Five", "12")


def _round(folder: Path, obstacles: str = "", extra: str = "") -> Path:
    folder.mkdir(parents=True)
    (folder / "round.toml").write_text(
        f'[round]\nid = "r"\ntitle = "R"\n{extra}\n[obstacles]\n{obstacles}\n', encoding="utf-8"
    )
    return folder


def test_a_codebook_beside_the_round_folders_is_used_when_round_toml_names_none(tmp_path: Path) -> None:
    community = tmp_path / "gemeenschap"
    round_dir = _round(community / "ronde-1")
    assert load_round_config(round_dir).obstacles.codebook is None
    assert main(["codebook", "copy", str(community / "codebook.toml")]) == 0
    assert load_round_config(round_dir).obstacles.codebook == (community / "codebook.toml").resolve()


def test_a_codebook_path_that_does_not_exist_says_where_it_is(tmp_path: Path) -> None:
    community = tmp_path / "gemeenschap"
    round_dir = _round(community / "ronde-1", 'codebook = "codebook.toml"')
    assert main(["codebook", "copy", str(community / "codebook.toml")]) == 0
    with pytest.raises(ConfigError) as caught:
        check_codebook(load_round_config(round_dir))
    assert "does not exist" in str(caught.value)
    assert 'codebook = "../codebook.toml"' in caught.value.hint


def test_codebook_copy_prints_the_line_as_seen_from_a_round_folder(tmp_path: Path, capsys) -> None:
    community = tmp_path / "gemeenschap"
    round_dir = _round(community / "ronde-1")
    assert main(["codebook", "copy", str(community / "thema.toml")]) == 0
    line = re.search(r'codebook = "([^"]+)"', capsys.readouterr().out).group(1)
    # the printed path, pasted into the round's round.toml, names the file written
    (round_dir / "round.toml").write_text(
        f'[round]\nid = "r"\ntitle = "R"\n[obstacles]\ncodebook = "{line}"\n', encoding="utf-8"
    )
    assert load_round_config(round_dir).obstacles.codebook == (community / "thema.toml").resolve()


def test_aspect_labels_in_round_toml_are_checked(tmp_path: Path) -> None:
    good = _round(tmp_path / "a", extra='[aspects]\nlabels = { SQ001 = "Serieus", SQ002 = { nl = "Snel", en = "Quick" } }')
    settings = load_round_config(good).aspects
    assert (settings.label("SQ001", "en"), settings.label("SQ002", "nl"), settings.label("SQ002", "en")) == (
        "Serieus", "Snel", "Quick")
    assert settings.label("SQ003", "nl") is None
    bad = _round(tmp_path / "b", extra='[aspects]\nlabels = { SQ001 = 3 }')
    with pytest.raises(ConfigError, match=r"\[aspects\] labels"):
        load_round_config(bad)
    unknown = _round(tmp_path / "c", extra='[aspects]\nnames = { SQ001 = "x" }')
    with pytest.raises(ConfigError, match="unknown key 'names'"):
        load_round_config(unknown)


def test_init_writes_participants_only_for_an_archive_that_holds_them(tmp_path: Path) -> None:
    with_people = tmp_path / "a"
    (with_people / "exports").mkdir(parents=True)
    archive = with_people / "exports" / "survey_archive_246136.lsa"
    shutil.copyfile(FIXTURES / "round2" / "survey_archive_246136.lsa", archive)
    assert main(["init", str(with_people), "--export", str(archive)]) == 0
    assert 'participants = "exports/survey_archive_246136.lsa"' in (with_people / "round.toml").read_text()
    without = tmp_path / "b"
    (without / "exports").mkdir(parents=True)
    archive = without / "exports" / SURVEY2.name
    shutil.copyfile(SURVEY2, archive)
    assert main(["init", str(without), "--export", str(archive)]) == 0
    assert "participants" not in (without / "round.toml").read_text()


def test_validate_and_run_stop_on_a_codebook_line_that_points_nowhere(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SAMENSPEL_LANG", "en")
    community = tmp_path / "gemeenschap"
    round_dir = community / "ronde-1"
    (round_dir / "exports").mkdir(parents=True)
    archive = round_dir / "exports" / SURVEY2.name
    shutil.copyfile(SURVEY2, archive)
    assert main(["init", str(round_dir), "--export", str(archive)]) == 0
    assert main(["codebook", "copy", str(community / "codebook.toml")]) == 0
    # the line as a facilitator pasted it before: relative to the wrong folder
    with (round_dir / "round.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[obstacles]\ncodebook = "codebook.toml"\n')
    capsys.readouterr()
    for command in (["validate", str(round_dir)], ["run", str(round_dir), "--out", str(tmp_path / "out")]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert "codebook.toml does not exist" in err and 'codebook = "../codebook.toml"' in err
    assert not (tmp_path / "out").exists()


def test_report_peers_and_the_group_question_are_read_and_checked(tmp_path: Path) -> None:
    plain = load_round_config(_round(tmp_path / "a"))
    assert (plain.report.peers, plain.report.summary_above, plain.questions.group) == (5, 40, None)
    set_ = load_round_config(_round(tmp_path / "b", extra='[questions]\ngroup = "regio"\n[report]\npeers = 3'))
    assert (set_.report.peers, set_.questions.group) == (3, "regio")
    for value, words in (("0", "1 or more"), ('"vijf"', "whole number"), ("-2", "0 or more")):
        bad = _round(tmp_path / f"peers{value}", extra=f"[report]\npeers = {value}")
        with pytest.raises(ConfigError, match=r"\[report\] peers") as caught:
            load_round_config(bad)
        assert words in str(caught.value)
    with pytest.raises(ConfigError, match=r"\[questions\] group"):
        load_round_config(_round(tmp_path / "c", extra='[questions]\ngroup = ""'))
