"""The command line speaks Dutch by default and English on request, through one catalogue."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from conftest import PROJECT, samenspel
from pipeline.cli import COMMANDS
from pipeline.errors import ConfigError
from pipeline.i18n import Language, missing_translations
from pipeline.messages import MESSAGES, choose_language

PACKAGE = PROJECT / "pipeline"


def _fields(text: str) -> set[str]:
    """Return the values a text fills in; ``type_nl`` and ``type_en`` count as one (each language its own)."""
    if "%(" in text or "%s" in text or "%r" in text:  # argparse's own texts use %-formatting
        return set(re.findall(r"%\((\w+)\)|%[sr]", text))
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return {re.sub(r"_(nl|en)$", "", name) for name in names}


def _keys_used_in_package() -> set[str]:
    """Every literal catalogue key the package passes to ``say``, ``Term`` or an error's ``key=`` / ``hint_key=``
    (or returns from a helper that raises with it, such as round.toml's ``fail("config.expected_int")``)."""
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ("say", "Term") and node.args and isinstance(node.args[0], ast.Constant):
                used.add(node.args[0].value)
            if name == "fail" and node.args and isinstance(node.args[0], ast.Constant):
                used.add(node.args[0].value)
            if name == "wrong_content" and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                used |= {f"ingest.wrong.{node.args[1].value}", f"ingest.wrong.{node.args[1].value}.hint"}
            for keyword in node.keywords:
                if keyword.arg in ("key", "hint_key") and isinstance(keyword.value, ast.Constant) and keyword.value.value:
                    used.add(keyword.value.value)
    return used


def test_every_message_has_both_languages_with_the_same_placeholders():
    assert missing_translations(MESSAGES) == []
    for key, texts in MESSAGES.items():
        assert set(texts) == {str(lang) for lang in Language}, key
        assert _fields(texts["nl"]) == _fields(texts["en"]), key


def test_every_key_the_package_uses_is_in_the_catalogue():
    used = _keys_used_in_package()
    assert len(used) > 50  # the scan found the calls
    assert sorted(used - set(MESSAGES)) == []
    # keys built at run time: one per sub-command
    assert sorted(f"command.{name}" for name in COMMANDS if f"command.{name}" not in MESSAGES) == []


def test_a_keyed_error_is_english_as_text_and_dutch_when_rendered():
    error = ConfigError(key="config.no_folder", folder=Path("/nergens"))
    assert str(error) == (
        "Round folder /nergens does not exist. Check the path, or create the folder with "
        "'samenspel init ROUND_DIR --export FILE'."
    )
    assert error.render("nl").startswith("Rondemap /nergens bestaat niet. Controleer het pad")
    moved = error.relocated({"/nergens": "/elders"})
    assert isinstance(moved, ConfigError) and moved.render("nl").startswith("Rondemap /elders bestaat niet.")
    assert str(moved).startswith("Round folder /elders does not exist.")


@pytest.mark.parametrize(("argv", "environ", "expected"), [
    ([], {}, "nl"),
    ([], {"SAMENSPEL_LANG": "EN"}, "en"),
    (["run", "--lang", "en"], {"SAMENSPEL_LANG": "nl"}, "en"),
    (["--lang=nl", "validate", "x"], {"SAMENSPEL_LANG": "en"}, "nl"),
    (["run", "--", "--lang", "en"], {}, "nl"),
    (["run", "--lang", "fr"], {}, "nl"),  # argparse refuses it, in Dutch
    ([], {"SAMENSPEL_LANG": "fr"}, None),
])
def test_the_language_comes_from_lang_then_the_environment(argv, environ, expected):
    assert choose_language(argv, environ) == expected


def _dutch(*args):
    return samenspel(*args, env={"SAMENSPEL_LANG": "nl"})


def test_a_missing_round_folder_in_dutch_and_in_english(tmp_path):
    missing = tmp_path / "ronde-9"
    nl = _dutch("run", missing, "--out", tmp_path / "out")
    en = samenspel("run", missing, "--out", tmp_path / "out", "--lang", "en")
    assert (nl.returncode, en.returncode) == (2, 2)
    assert nl.stderr == (f"samenspel: Rondemap {missing} bestaat niet. Controleer het pad, of maak de map met "
                         "'samenspel init ROUND_DIR --export BESTAND'.\n")
    assert en.stderr == (f"samenspel: Round folder {missing} does not exist. Check the path, or create the folder "
                         "with 'samenspel init ROUND_DIR --export FILE'.\n")
    assert "Traceback" not in nl.stderr + en.stderr
    assert not (tmp_path / "out").exists()


def test_a_bad_option_value_in_dutch(tmp_path):
    done = _dutch("run", tmp_path, "--jobs", "0")
    assert done.returncode == 2
    assert done.stderr == "samenspel: --jobs 0 is geen aantal processen. Gebruik --jobs 1 of meer.\n"


def test_argparse_speaks_dutch_too():
    missing = _dutch("fetch")
    assert missing.returncode == 2
    assert missing.stderr.splitlines()[0].startswith("gebruik: samenspel fetch")
    assert missing.stderr.splitlines()[-1] == "samenspel fetch: fout: deze argumenten ontbreken: ROUND_DIR"
    english = samenspel("fetch")
    assert english.stderr.splitlines()[-1] == "samenspel fetch: error: the following arguments are required: ROUND_DIR"
    helped = _dutch("--help")
    assert helped.returncode == 0
    for text in ("gebruik: samenspel", "opties:", "toon deze hulp en stop", "opdrachten:",
                 MESSAGES["command.demo"]["nl"][:40]):
        assert text in " ".join(helped.stdout.split()), text
    assert "show this help" not in helped.stdout


def test_an_unknown_language_in_the_environment_is_refused():
    done = samenspel("validate", "x", env={"SAMENSPEL_LANG": "fr"})
    assert done.returncode == 2
    assert done.stderr == "samenspel: SAMENSPEL_LANG='fr' is geen taal van samenspel. Gebruik nl of en.\n"


def test_the_validate_summary_in_dutch():
    done = _dutch("validate", PROJECT / "surveys" / "demo" / "ronde-1")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    # every value in Dutch words, not samenspel's or LimeSurvey's codes
    assert lines[1] == "  formaat:     rondemap, kopjes als vraagcode, antwoorden als antwoordcode"
    questions = next(line for line in lines if line.startswith("  vragen:"))
    # the demo's questionnaire: two long free-text questions (T), one yes/no (Y), no other letter shown
    assert "2× lange vrije tekst" in questions and "1× ja/nee" in questions and "type " not in questions
    assert "  codering:    utf-8-sig, gescheiden door puntkomma" in lines
    assert "  antwoorden:  81 (70 volledig, 11 onvolledig)" in lines


def test_the_validate_summary_of_a_structure_in_english():
    lss = next((PROJECT / "surveys" / "demo" / "ronde-1" / "exports").glob("*.lss"))
    done = samenspel("validate", lss, "--lang", "en")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == str(lss)
    assert lines[1] == "  format:      survey structure (.lss)"


def test_a_refused_login_in_dutch_and_in_english(tmp_path):
    from limesurvey_server import ReplayLimeSurvey, write_round

    with ReplayLimeSurvey() as server:
        url = server.url
        round_dir = write_round(tmp_path / "ronde", url)
        wrong = {"LIMESURVEY_PASSWORD": "niet-het-wachtwoord"}
        nl = samenspel("fetch", round_dir, env={**wrong, "SAMENSPEL_LANG": "nl"})
        en = samenspel("fetch", round_dir, env=wrong)
    assert (nl.returncode, en.returncode) == (2, 2)
    assert nl.stderr == (
        f"samenspel: LimeSurvey op {url} weigerde het inloggen van gebruiker 'admin': verkeerde "
        "gebruikersnaam of wachtwoord. Controleer [limesurvey] username in round.toml en het wachtwoord in "
        "LIMESURVEY_PASSWORD. Let op: na drie mislukte pogingen weigert LimeSurvey deze computer tien minuten lang.\n"
    )
    assert en.stderr.startswith(f"samenspel: LimeSurvey at {url} refused the login of user 'admin': wrong")
    assert not (round_dir / "exports").exists()
