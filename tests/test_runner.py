"""The report runner: no state leaks between pages, and failures never touch published reports."""

from __future__ import annotations

import csv
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from conftest import DEMO, PROJECT, samenspel, tree_digest
from pipeline.config import load_round_config
from pipeline.errors import PrivacyError, ReportError
from pipeline.report import runner

pytestmark = pytest.mark.slow

# every page-building test runs with both ways of starting page builders: fork (Linux's
# default) and spawn (Windows', macOS'), which SAMENSPEL_START_METHOD forces here
START_METHODS = pytest.mark.parametrize("start_method", ["fork", "spawn"], indirect=True)


@pytest.fixture
def start_method(request, monkeypatch) -> str:
    monkeypatch.setenv(runner.START_METHOD_VARIABLE, request.param)
    return request.param

PROBE = """\
import json, os
import matplotlib as mpl
import pandas as pd
seen = {"leaked": globals().get("leaked"), "linewidth": mpl.rcParams["lines.linewidth"],
        "max_rows": pd.get_option("display.max_rows"), "cwd": os.getcwd(), "initiative": initiative}
print(json.dumps(seen))
leaked = initiative
mpl.rcParams["lines.linewidth"] = 9.5
pd.set_option("display.max_rows", 3)
os.chdir("/")
"""


def probe_notebook(path: Path) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    parameters = nbformat.v4.new_code_cell('initiative = ""')
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, nbformat.v4.new_code_cell(PROBE)]
    nbformat.write(notebook, path)
    return path


@START_METHODS
@pytest.mark.parametrize("jobs", [1, 2])
def test_no_state_leaks_from_one_page_into_the_next(tmp_path, jobs, start_method):
    import matplotlib as mpl
    import pandas as pd

    source = probe_notebook(tmp_path / "probe.ipynb")
    names = [f"I{i:02d}" for i in range(6)]
    tasks = [
        runner.Task(name, source, tmp_path / f"{name}.ipynb", {"initiative": name}, name)
        for name in names
    ]
    cwd = os.getcwd()
    runner.run_tasks(tasks, lang="nl", jobs=jobs)
    for name in names:
        executed = nbformat.read(tmp_path / f"{name}.ipynb", as_version=4)
        printed = "".join(o.get("text", "") for o in executed.cells[-1].outputs if o.output_type == "stream")
        seen = json.loads(printed)
        assert seen["initiative"] == name
        assert seen["leaked"] is None
        assert seen["linewidth"] == mpl.rcParamsDefault["lines.linewidth"]
        assert seen["max_rows"] == 60
        assert seen["cwd"] == cwd
    # and nothing leaked back into this process either
    assert os.getcwd() == cwd
    assert pd.get_option("display.max_rows") == 60


def test_a_fork_that_builds_several_pages_leaks_nothing_between_them(tmp_path, monkeypatch):
    # a national round's forks build a few pages each: the probe notebook, twelve times, one
    # builder, so the forks take several pages each (twelve pages: 3 + 3 + 2 + 1 + 1 + 1 + 1)
    import matplotlib as mpl

    monkeypatch.setenv(runner.START_METHOD_VARIABLE, "fork")
    source = tmp_path / "probe.ipynb"
    notebook = nbformat.read(probe_notebook(source), as_version=4)
    notebook.cells[-1].source = notebook.cells[-1].source.replace('"initiative": initiative}',
                                                                  '"initiative": initiative, "pid": os.getpid()}')
    nbformat.write(notebook, source)
    names = [f"I{i:02d}" for i in range(12)]
    tasks = [runner.Task(name, source, tmp_path / f"{name}.ipynb", {"initiative": name}, name) for name in names]
    runner.run_tasks(tasks, lang="nl", jobs=1)
    seen = []
    for name in names:
        executed = nbformat.read(tmp_path / f"{name}.ipynb", as_version=4)
        seen.append(json.loads("".join(o.get("text", "") for o in executed.cells[-1].outputs if o.output_type == "stream")))
    pids = [s["pid"] for s in seen]
    # pages were built several to a fork, in order
    assert [len(list(group)) for _, group in itertools.groupby(pids)] == [3, 3, 2, 1, 1, 1, 1]
    assert len(set(pids)) == 7 and os.getpid() not in pids
    for name, one in zip(names, seen, strict=True):
        assert one["initiative"] == name
        assert one["leaked"] is None
        assert one["linewidth"] == mpl.rcParamsDefault["lines.linewidth"]
        assert one["max_rows"] == 60
        assert one["cwd"] == os.getcwd()


@START_METHODS
def test_a_failing_page_leaves_the_published_reports_intact(tmp_path, demo_reports, start_method):
    out = tmp_path / "reports" / "ronde-2"
    shutil.copytree(demo_reports / "ronde-2", out)
    before = tree_digest(out)
    notebooks = tmp_path / "notebooks"
    shutil.copytree(PROJECT / "notebooks", notebooks, ignore=shutil.ignore_patterns("templates", "*.md"))
    community = nbformat.read(notebooks / "community.ipynb", as_version=4)
    community.cells.insert(3, nbformat.v4.new_code_cell('raise RuntimeError("kapot")'))
    nbformat.write(community, notebooks / "community.ipynb")

    with pytest.raises(ReportError) as failure:
        runner.build_reports(load_round_config(DEMO / "ronde-2"), out=out, jobs=2, notebooks=notebooks)
    message = str(failure.value)
    assert "community.ipynb" in message and "RuntimeError: kapot" in message
    executed = Path(message.split("The executed copy is at ")[1].split(". The published")[0])
    assert executed.is_file() and executed.parent.parent.name == "ronde-2.failed"
    marked = nbformat.read(executed, as_version=4)
    failed = [c for c in marked.cells if c.cell_type == "code" and any(o.output_type == "error" for o in c.outputs)]
    assert len(failed) == 1 and "kapot" in failed[0].source
    # the message names the cell as the executed copy numbers it
    assert f"cell {failed[0].execution_count}" in message
    assert tree_digest(out) == before
    assert not list(out.parent.glob(".ronde-2.building-*"))


SLOW = """\
import os, time
from pathlib import Path
Path(marker).write_text(str(os.getpid()))
time.sleep(300)
"""


def _alive(pid: int) -> bool:
    """Return whether process ``pid`` still runs (a zombie waiting to be reaped does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def _restore_ctrl_c() -> None:
    # a command started in the background of a script inherits SIGINT ignored, and Python
    # then keeps it ignored; a facilitator's terminal delivers it, so the test does too
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@START_METHODS
def test_ctrl_c_leaves_the_published_reports_intact(tmp_path, demo_reports, secret_home, start_method):
    out = tmp_path / "reports" / "ronde-2"
    shutil.copytree(demo_reports / "ronde-2", out)
    before = tree_digest(out)
    # a researcher's notebook that runs until interrupted: the last page of the run, so the
    # interrupt comes while pages are being built, whatever the speed of the machine
    own = tmp_path / "own"
    own.mkdir()
    marker = tmp_path / "kernel.pid"
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    parameters = nbformat.v4.new_code_cell(f"marker = {str(marker)!r}\nround_id = ''")
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, nbformat.v4.new_code_cell(SLOW)]
    nbformat.write(notebook, own / "slow.ipynb")
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(DEMO / "ronde-2"), "--out", str(out), "--jobs", "1",
         "--notebooks", str(own)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT,
        start_new_session=True, preexec_fn=_restore_ctrl_c,
    )
    deadline = time.monotonic() + 300
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the slow notebook never started"
        time.sleep(0.2)
    kernel = int(marker.read_text())
    # Ctrl-C in a terminal interrupts the whole foreground process group
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 2, (stdout, stderr)
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert tree_digest(out) == before
    assert not list(out.parent.glob(".ronde-2.*"))
    assert not (out.parent / "ronde-2.failed").exists()
    # and the researcher notebook's kernel did not outlive the run
    deadline = time.monotonic() + 30
    while _alive(kernel) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(kernel)


def test_data_files_are_identical_between_reruns(tmp_path, demo_reports, secret_home):
    again = tmp_path / "ronde-2"
    done = samenspel("run", DEMO / "ronde-2", "--out", again, "--jobs", "2")
    assert done.returncode == 0, done.stderr
    first = tree_digest(demo_reports / "ronde-2" / "data")
    second = tree_digest(again / "data")
    assert first == second


def test_unknown_notebook_parameters_are_refused(tmp_path):
    source = probe_notebook(tmp_path / "probe.ipynb")
    task = runner.Task("x", source, tmp_path / "out.ipynb", {"initiative": "I01", "colour": "red"}, "x")
    with pytest.raises(ReportError, match="colour"):
        runner.run_tasks([task], lang="nl", jobs=1)


@START_METHODS
def test_a_leak_in_a_page_stops_the_run_and_publishes_nothing(tmp_path, secret_home, start_method):
    # an e-mail address a respondent gave, read straight from the raw export
    with (DEMO / "ronde-2" / "exports" / "responses_csv_code_short_all.csv").open(encoding="utf-8-sig", newline="") as handle:
        email = next(row["email"].strip() for row in csv.DictReader(handle, delimiter=";") if "@" in row["email"])
    notebooks = tmp_path / "notebooks"
    shutil.copytree(PROJECT / "notebooks", notebooks, ignore=shutil.ignore_patterns("templates", "*.md"))
    page = nbformat.read(notebooks / "initiative.ipynb", as_version=4)
    page.cells.append(nbformat.v4.new_code_cell(f"print({email!r})"))
    nbformat.write(page, notebooks / "initiative.ipynb")
    out = tmp_path / "reports" / "ronde-2"

    with pytest.raises(PrivacyError) as caught:
        runner.build_reports(load_round_config(DEMO / "ronde-2"), out=out, jobs=2, notebooks=notebooks)
    message = str(caught.value)
    assert email not in message  # never repeats the personal value
    assert not out.exists()  # nothing published
    # it names the file, kept for inspection beside (not in) the published reports
    named = Path(message.split(" in ", 1)[1].split(",", 1)[0])
    assert named.is_file() and "ronde-2.failed" in named.parts and "initiatives" in named.parts
    assert email in named.read_text(encoding="utf-8")


def test_an_interrupt_while_publishing_waits_until_the_reports_are_complete(tmp_path, capsys):
    build = tmp_path / ".ronde-9.building-1"
    (build / "initiatives").mkdir(parents=True)
    (build / "index.html").write_text("nieuw", encoding="utf-8")
    research = build.with_name(build.name + runner.RESEARCH_SUFFIX)
    (research / "data").mkdir(parents=True)
    out = tmp_path / "ronde-9"
    (out / "initiatives").mkdir(parents=True)
    (out / "index.html").write_text("oud", encoding="utf-8")
    # as in a facilitator's terminal, whatever the disposition this test process inherited
    inherited = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with runner._held_interrupt():
            os.kill(os.getpid(), signal.SIGINT)
            runner._publish(build, out)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        # outside publishing, Ctrl-C interrupts as before
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
    finally:
        signal.signal(signal.SIGINT, inherited)
    assert (out / "index.html").read_text(encoding="utf-8") == "nieuw"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ronde-9", "ronde-9" + runner.RESEARCH_SUFFIX]
    # in the command's language, Dutch unless asked otherwise
    assert "onderbroken tijdens het publiceren; de nieuwe rapporten zijn helemaal gepubliceerd" in capsys.readouterr().err
