"""Every error a facilitator can meet is in the catalogue, in Dutch and English.

A scan of the package's source finds every construction of a ``PipelineError`` (or a
subclass) and requires a ``key=`` into :data:`pipeline.messages.MESSAGES` with every value its
texts fill in; the command line then shows a bad review workbook and an unsafe privacy setting
as one Dutch line by default and one English line with ``--lang en``.
"""

from __future__ import annotations

import ast
import importlib
import os
import pkgutil
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

import pipeline
from conftest import DEMO, PROJECT
from pipeline.errors import PipelineError
from pipeline.messages import MESSAGES

PACKAGE = PROJECT / "pipeline"

# (module path under pipeline/, error class) -> why it may stay English. Only errors that
# can never reach a person belong here; every entry must still exist (see the test).
ENGLISH_ONLY: dict[tuple[str, str], str] = {}


def _error_classes() -> set[str]:
    """Return the names of PipelineError and every subclass the package defines (modules imported)."""
    for module in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        if module.name != "pipeline.__main__":
            importlib.import_module(module.name)
    found, todo = set(), [PipelineError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return found


def _fields(text: str) -> set[str]:
    """Return the names a catalogue text fills in (``{found!r}`` and ``{seconds:.1f}`` included)."""
    return {re.split(r"[.\[]", name)[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def _keys(node: ast.expr | None) -> list[str] | None:
    """Return the catalogue keys a ``key=`` expression can name (None: only known at run time)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _keys(node.body), _keys(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def unkeyed_errors(source: str, classes: set[str]) -> list[tuple[int, str, str]]:
    """Return (line, class, what is wrong) for each construction of an error class in ``source``
    that is not rendered from the catalogue with all of its values."""
    wrong = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name not in classes:
            continue
        keywords = {k.arg: k.value for k in node.keywords}
        if "key" not in keywords or (isinstance(keywords["key"], ast.Constant) and keywords["key"].value is None):
            wrong.append((node.lineno, name, "no key="))
            continue
        if node.args:
            wrong.append((node.lineno, name, "a message besides key="))
        keys, hint_keys = _keys(keywords["key"]), _keys(keywords.get("hint_key"))
        if keys is None or None in keywords:  # a key built at run time, or **values: checked by other tests
            continue
        for key in keys:
            if key not in MESSAGES:
                wrong.append((node.lineno, name, f"{key!r} is not in the catalogue"))
                continue
            hints = hint_keys if "hint_key" in keywords else [f"{key}.hint"]
            texts = [MESSAGES[key]] + [MESSAGES[h] for h in hints or () if h in MESSAGES]
            needed = set().union(*(_fields(text[lang]) for text in texts for lang in text))
            missing = needed - set(keywords)
            if missing:
                wrong.append((node.lineno, name, f"{key!r} needs {', '.join(sorted(missing))}"))
    return wrong


@pytest.fixture(scope="module")
def classes() -> set[str]:
    return _error_classes()


def test_the_scan_finds_what_it_is_for(classes):
    # the classes of every kind of fix, including those defined outside pipeline/errors.py
    assert {"ConfigError", "InputError", "FetchError", "PrivacyError", "ReportError", "ReviewError",
            "LoginFailedError", "NoResponsesYet"} <= classes
    source = (
        'raise ReviewError(f"{path} has no sheet.", hint="Do not rename it.")\n'
        'raise ConfigError("x", key="config.no_folder", folder=1)\n'
        'raise PrivacyError(key="privacy.no_scan_folder")\n'
        'raise InputError(key="no.such.key")\n'
        'raise ConfigError(key="config.no_folder", folder=p)\n'
        'raise ValueError("internal: stays English")\n'
    )
    assert unkeyed_errors(source, classes) == [
        (1, "ReviewError", "no key="),
        (2, "ConfigError", "a message besides key="),
        (3, "PrivacyError", "'privacy.no_scan_folder' needs folder"),
        (4, "InputError", "'no.such.key' is not in the catalogue"),
    ]


def test_every_error_the_package_raises_comes_from_the_catalogue(classes):
    wrong, allowed_seen, constructions = [], set(), 0
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        source = path.read_text(encoding="utf-8")
        constructions += sum(
            isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", "")) in classes
            for n in ast.walk(ast.parse(source))
        )
        for line, name, what in unkeyed_errors(source, classes):
            if (module, name) in ENGLISH_ONLY:
                allowed_seen.add((module, name))
            else:
                wrong.append(f"pipeline/{module}:{line}: {name}: {what}")
    assert constructions > 150  # the scan saw the package's errors
    assert wrong == []
    assert allowed_seen == set(ENGLISH_ONLY)  # no stale exceptions to the rule


# -- as a facilitator meets them ---------------------------------------------------------------


def facilitator(*args: str | Path, home: Path, lang: str | None = None) -> subprocess.CompletedProcess:
    """Run samenspel as a facilitator does: SAMENSPEL_LANG unset (tests set it elsewhere)."""
    env = {k: v for k, v in os.environ.items() if k != "SAMENSPEL_LANG"}
    env["SAMENSPEL_HOME"] = str(home)
    extra = ("--lang", lang) if lang else ()
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args), *extra],
                          capture_output=True, text=True, cwd=PROJECT, env=env, timeout=600)


@pytest.fixture
def community(tmp_path) -> Path:
    """A copy of the demo community's first round, with its codebook and names list."""
    folder = tmp_path / "demo"
    folder.mkdir()
    shutil.copytree(DEMO / "ronde-1", folder / "ronde-1")
    for name in ("codebook.toml", "names.txt"):
        shutil.copy(DEMO / name, folder / name)
    (tmp_path / "home").mkdir()
    return folder


def test_a_bad_review_workbook_in_dutch_by_default_and_in_english_on_request(community, tmp_path):
    from pipeline.obstacles import load_codebook
    from pipeline.obstacles.review import SHEET, ReviewRow, workbook_path, write_workbook

    round_dir = community / "ronde-1"
    row = ReviewRow(key="ronde-1/r-1/belemmeringen", kind="obstacle", initiative="Buurthuis",
                    text="De subsidie kwam te laat.", themes=("geld",), probabilities=(0.5,), review=True)
    codebook = load_codebook(community / "codebook.toml")
    path = write_workbook(workbook_path(round_dir), "ronde-1", [row], codebook)
    book = load_workbook(path)
    book[SHEET]["H2"] = "Geld en zo"
    book.save(path)
    before = path.read_bytes()
    names = ", ".join(t.name_nl for t in codebook.themes)

    nl = facilitator("review", round_dir, home=tmp_path / "home")
    en = facilitator("review", round_dir, home=tmp_path / "home", lang="en")
    assert (nl.returncode, en.returncode) == (2, 2), nl.stderr + en.stderr
    assert nl.stderr == (
        f"samenspel: {path}, blad 'Thema-controle', rij 2, cel H2: 'Geld en zo' is geen thema van deze "
        f"gemeenschap. Kies uit de keuzelijst (blad 'Thema's'): {names}; scheid meerdere thema's met ';'.\n"
    )
    assert en.stderr == (
        f"samenspel: {path}, sheet 'Thema-controle', row 2, cell H2: 'Geld en zo' is not a theme of this "
        f"community. Choose from the drop-down (sheet 'Thema's'): {names}; separate several with ';'.\n"
    )
    assert nl.stdout == en.stdout == ""
    assert path.read_bytes() == before  # the facilitator's workbook as it was


def test_an_unsafe_privacy_setting_in_dutch_by_default_and_in_english_on_request(community, tmp_path):
    toml = community / "ronde-1" / "round.toml"
    text = toml.read_text(encoding="utf-8")
    assert "min_group_size = 5\n" in text
    toml.write_text(text.replace("min_group_size = 5\n", "min_group_size = 2\n"), encoding="utf-8")
    out = tmp_path / "reports" / "ronde-1"

    nl = facilitator("run", community / "ronde-1", "--out", out, home=tmp_path / "home")
    en = facilitator("run", community / "ronde-1", "--out", out, home=tmp_path / "home", lang="en")
    assert (nl.returncode, en.returncode) == (2, 2), nl.stderr + en.stderr
    # found before any notebook runs: one line, not a failed analysis notebook
    assert nl.stderr == (f"samenspel: {toml}, [privacy] min_group_size = 2 is te klein om deelnemers "
                         "onherkenbaar te houden. Gebruik 5 (de standaard) of meer.\n")
    assert en.stderr == (f"samenspel: {toml}, [privacy] min_group_size = 2 is too small to keep respondents "
                         "unrecognisable. Use 5 (the default) or more.\n")
    # nothing half-written: no reports, no kept failed build, no build folder
    assert not out.parent.exists() or list(out.parent.iterdir()) == []
