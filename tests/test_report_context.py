"""The report stage's contracts: no hidden state, one slug, errors that survive relocation,
build folders of killed runs cleaned up, and the page builders on any OS (fork or spawn)."""

from __future__ import annotations

import ast
import copy
import csv
import importlib
import os
import pickle
import pkgutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import pipeline.report
from conftest import DEMO, PROJECT, samenspel
from pipeline.config import MIN_INITIATIVE_FLOOR, PrivacySettings, load_round_config, round_history
from pipeline.errors import PipelineError
from pipeline.fetch.session import LimeSurveyStatus
from pipeline.limesurvey import other_initiative_code, slug
from pipeline.report import runner

REPORT_DIR = Path(pipeline.report.__file__).parent
REPORT_MODULES = sorted(f"pipeline.report.{m.name}" for m in pkgutil.iter_modules([str(REPORT_DIR)]))
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


# -- no module-level mutable state -------------------------------------------------------

def test_no_report_module_rebinds_a_module_name():
    # a function can only replace module state with a 'global' statement: there is none
    found = []
    for path in sorted(REPORT_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Global):
                found.append(f"{path.name}:{node.lineno} {', '.join(node.names)}")
    assert found == []


def _module_containers() -> dict[str, object]:
    """Every dict, list, set and bytearray bound at module level in pipeline/report, deep-copied."""
    state = {}
    for name in REPORT_MODULES:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if attribute.startswith("__"):
                continue
            if isinstance(value, dict | list | set | bytearray):
                state[f"{name}.{attribute}"] = copy.deepcopy(value)
    return state


def test_building_a_round_changes_no_module_state_in_the_report_package(tmp_path, secret_home):
    from pipeline.report import analysis, sections

    before = _module_containers()
    data = tmp_path / "reports" / "ronde-2" / "data"
    analysed = analysis.analyse_round(DEMO / "ronde-2", data, lang="nl")
    loaded = analysis.load_analysis(data)
    for code in loaded.initiatives["initiative"]:
        sections.page_header(loaded, "nl", initiative=code)
        sections.initiative_aspects(loaded, "nl", code)
        sections.initiative_answers(loaded, "nl", code)
    sections.participation(loaded, "nl")
    sections.obstacle_themes(loaded, "nl")
    assert _module_containers() == before
    # and what was read is what was written, not a copy kept from before
    assert loaded is not analysed and loaded.meta == analysed.meta
    assert list(loaded.initiatives["initiative"]) == list(analysed.initiatives["initiative"])


def test_load_analysis_reads_what_it_is_told_to_read(tmp_path, secret_home):
    from pipeline.report import analysis

    data = tmp_path / "reports" / "ronde-1" / "data"
    analysis.analyse_round(DEMO / "ronde-1", data, lang="nl")
    first = analysis.load_analysis(data)
    # change the file on disk: the next load sees the change (no cache in between)
    meta = (data / "round.json").read_text(encoding="utf-8")
    (data / "round.json").write_text(meta.replace(f'"title": "{first.meta.title}"', '"title": "Anders"'), encoding="utf-8")
    assert analysis.load_analysis(data).meta.title == "Anders"


# -- one walk of the previous chain ------------------------------------------------------

def test_round_history_reads_each_round_once_newest_first_and_stops_at_a_loop(tmp_path):
    history = round_history(load_round_config(DEMO / "ronde-2"))
    assert [c.id for c in history] == ["ronde-2", "ronde-1"]
    # a chain that loops back: a names b, b names a
    for name, other in (("a", "b"), ("b", "a")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "round.toml").write_text(
            f'[round]\nid = "{name}"\ntitle = "{name}"\nprevious = "../{other}"\n', encoding="utf-8")
    assert [c.id for c in round_history(load_round_config(tmp_path / "a"))] == ["a", "b"]


# -- one slug, safe on every OS ----------------------------------------------------------

@pytest.mark.parametrize("device", sorted(WINDOWS_DEVICES))
def test_no_page_is_named_after_a_windows_device(device):
    for written in (device, device.lower(), device.title(), f" {device} ", f"{device}."):
        page = slug(written) + ".html"
        # Windows reserves the name whatever the extension: the part before the first dot
        assert page.split(".")[0].upper() not in WINDOWS_DEVICES, (written, page)
        assert page.isascii() and "/" not in page and "\\" not in page


def test_slug_folds_accents_and_keeps_other_initiatives_codes_stable():
    assert slug("Buurthuis Café  Noord!") == "buurthuis-cafe-noord"
    assert slug("???") == "x"
    # ingest's code for an initiative typed in under "other": unchanged from earlier rounds
    assert other_initiative_code("Buurthuis De Kroon (Oost)") == "oth-buurthuis-de-kroon-oost"
    long = "Stichting " + "heel " * 20 + "lang"
    assert other_initiative_code(long) == "oth-" + "-".join(long.lower().split())[:40]


def test_the_initiative_threshold_never_goes_below_the_floor():
    assert PrivacySettings(min_initiative_answers=1).initiative_threshold == MIN_INITIATIVE_FLOOR
    assert PrivacySettings(min_initiative_answers=7).initiative_threshold == 7


# -- the error path ----------------------------------------------------------------------

class _Refused(PipelineError):
    """An error class whose constructor needs more than a message (as fetch's once did)."""

    def __init__(self, message: str, *, status: str, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.status = status


@pytest.mark.parametrize("kind", [_Refused, LimeSurveyStatus])
def test_an_error_with_other_constructor_arguments_is_relocated_whole(kind):
    error = kind("/tmp/.r.building-1/data/x.csv is odd", status="No Data", hint="See /tmp/.r.building-1.")
    moved = error.relocated({"/tmp/.r.building-1": "/tmp/r.failed"})
    assert type(moved) is kind and moved.status == "No Data"
    assert moved.message == "/tmp/r.failed/data/x.csv is odd" and moved.hint == "See /tmp/r.failed."
    assert str(moved) == "/tmp/r.failed/data/x.csv is odd See /tmp/r.failed."
    # the original is left as it was
    assert error.message.startswith("/tmp/.r.building-1")
    assert isinstance(moved, PipelineError)


def test_rebuilding_an_error_from_its_class_was_fragile():
    # what the runner did before relocated(): it breaks on a constructor with other arguments
    error = _Refused("/tmp/.r.building-1 is odd", status="No Data")
    with pytest.raises(TypeError):
        type(error)(error.message, hint=error.hint)


# -- build folders of runs that are gone -------------------------------------------------

def _start_time(pid: int) -> int:
    import psutil

    return int(psutil.Process(pid).create_time() * 1000)


def test_a_live_runs_build_folder_stays_and_a_gone_runs_goes(tmp_path):
    out = tmp_path / "ronde-9"
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        mine = tmp_path / f".ronde-9.building-{live.pid}-{_start_time(live.pid)}"
        mine.mkdir()
        (mine / "index.html").write_text("bezig", encoding="utf-8")
        # the same id, but another process's start time: the id was reused, the run is gone
        reused = tmp_path / f".ronde-9.building-{os.getpid()}-{_start_time(os.getpid()) - 60_000}"
        reused.mkdir()
        other_round = tmp_path / f".ronde-10.building-{os.getpid()}-1"
        other_round.mkdir()
        assert runner.remove_stale_builds(out) == [reused]
        assert mine.is_dir() and other_round.is_dir()
    finally:
        live.kill()
        live.wait()
    assert runner.remove_stale_builds(out) == [mine]
    assert not mine.exists() and other_round.is_dir()


def test_a_sigkilled_runs_build_folder_is_removed_by_the_next_run(tmp_path, secret_home):
    out = tmp_path / "reports" / "ronde-1"
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(DEMO / "ronde-1"), "--out", str(out), "--jobs", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=PROJECT, start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while not list(out.parent.glob(".ronde-1.building-*/notebooks/analysis.ipynb")):
        assert process.poll() is None, "the run ended before it was killed"
        assert time.monotonic() < deadline, "the run never started building"
        time.sleep(0.1)
    # a power cut: the whole run, page builders included, killed at once
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    left = sorted(p.name for p in out.parent.glob(".ronde-1.building-*"))
    assert left, "the killed run left nothing to clean up"
    done = samenspel("run", DEMO / "ronde-1", "--out", out, "--jobs", "2")
    assert done.returncode == 0, done.stderr[-3000:]
    assert not list(out.parent.glob(".ronde-1.building-*"))
    said = [line for line in done.stderr.splitlines() if "build folder" in line]
    assert len(said) == 1 and all(name in said[0] for name in left if not name.endswith("-research"))
    assert (out / "index.html").is_file()


# -- fork or spawn -----------------------------------------------------------------------

def test_the_start_method_is_chosen_by_os_and_can_be_forced(monkeypatch):
    monkeypatch.delenv(runner.START_METHOD_VARIABLE, raising=False)
    assert runner.start_method() == ("fork" if sys.platform.startswith("linux") else "spawn")
    monkeypatch.setenv(runner.START_METHOD_VARIABLE, "spawn")
    assert runner.start_method() == "spawn"
    monkeypatch.setenv(runner.START_METHOD_VARIABLE, "vork")
    with pytest.raises(PipelineError, match="SAMENSPEL_START_METHOD=vork"):
        runner.start_method()


def test_what_a_spawned_page_builder_gets_survives_pickling(tmp_path, secret_home):
    from pipeline.report.context import report_context

    context = report_context(load_round_config(DEMO / "ronde-2"), export_set=None, lang="nl",
                             out=tmp_path / "out", build=tmp_path / ".out.building-1-1")
    pages = pickle.loads(pickle.dumps(context.pages))
    assert pages.build == context.pages.build and pages.lang == "nl"
    page = tmp_path / "page.html"
    # the unpickled scan still finds a respondent's e-mail address from the raw export
    with (DEMO / "ronde-2" / "exports" / "responses_csv_code_short_all.csv").open(encoding="utf-8-sig", newline="") as handle:
        email = next(row["email"].strip() for row in csv.DictReader(handle, delimiter=";") if "@" in row["email"])
    page.write_text(f"<p>{email}</p>", encoding="utf-8")
    assert pages.scanner.scan_files([page], root=tmp_path)
