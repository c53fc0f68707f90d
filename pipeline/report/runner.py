"""Build a round's reports: the analysis once, then every page in a clean process of its own.

The parent reads the round once into a :class:`~pipeline.report.context.ReportContext` and
imports everything a report needs. Each page is executed by papermill with the in-process
engine (``engine.InProcessEngine``) in a page builder that starts from clean state, so
nothing leaks from one initiative's report into another's and no page pays a kernel start:

- ``fork`` (Linux): a fresh fork of the warm parent per page, which exits after it;
- ``spawn`` (Windows, macOS, or ``SAMENSPEL_START_METHOD=spawn``): one warm worker per job,
  started once, that builds page after page and puts back between pages what a page may
  change (a new shell, matplotlib's and pandas' settings, the working directory, the
  environment, ``sys.path``).

Researchers' own notebooks run in a real Jupyter kernel, since their code is not ours to
trust with the parent's state. Everything is built in a temporary folder next to the
output and moved into place only when complete and clean.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import sys
import threading
import traceback
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import nbformat
import papermill
import psutil
from papermill.exceptions import PapermillExecutionError

from pipeline import privacy
from pipeline.config import RoundConfig
from pipeline.errors import ConfigError, PipelineError, ReportError
from pipeline.files import file_sha256
from pipeline.i18n import Language
from pipeline.limesurvey import slug
from pipeline.model import Round
from pipeline.report import engine, publish, sections  # noqa: F401  (warm imports for the page builders)
from pipeline.report.analysis import RESEARCH_SUFFIX, load_analysis
from pipeline.report.context import PageContext, ReportContext, report_context
from pipeline.report.i18n import t

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
KERNEL = "python3"
STANDARD_PARAMETERS = ("data_dir", "lang", "round_id")
START_METHOD_VARIABLE = "SAMENSPEL_START_METHOD"
START_METHODS = ("fork", "spawn")

__all__ = ["RunResult", "Task", "build_reports", "run_tasks", "slug", "start_method"]


@dataclass(frozen=True)
class Task:
    """One notebook to execute and export."""

    name: str
    notebook: Path
    executed: Path
    parameters: dict
    title: str
    participant_html: Path | None = None
    researcher_html: Path | None = None
    kernel: bool = False  # a real Jupyter kernel instead of the in-process engine


@dataclass(frozen=True)
class PageFailure:
    """Why a page could not be built."""

    error: str
    executed: Path
    # the failing cell as the executed copy numbers it, and its first line
    cell: int | None = None
    source: str = ""
    # set for a bug in samenspel itself
    traceback: str = ""


@dataclass(frozen=True)
class PageResult:
    """What a page builder did: the pages it wrote and scanned, or why it failed."""

    pages: tuple[Path, ...] = ()
    scanned: tuple[Path, ...] = ()
    findings: tuple[privacy.Finding, ...] = ()
    failure: PageFailure | None = None


@dataclass
class RunResult:
    """What a run wrote, for the summary line."""

    out: Path
    pages: list[Path] = field(default_factory=list)
    initiatives: int = 0
    findings: int = 0
    seconds: float = 0.0


@cache
def declared_parameters(notebook: Path) -> frozenset[str]:
    """Return the names a notebook's ``parameters`` cell declares."""
    return frozenset(papermill.inspect_notebook(str(notebook)))


def _check_parameters(task: Task) -> None:
    declared = declared_parameters(task.notebook)
    unknown = sorted(set(task.parameters) - declared)
    if unknown:
        raise ReportError(
            f"{task.notebook} does not declare the parameter(s) {', '.join(unknown)} "
            f"(it declares: {', '.join(sorted(declared)) or 'none'}).",
            hint="Add them to the notebook's cell tagged 'parameters'.",
        )


def start_method() -> str:
    """Return how page builders are started: ``fork`` on Linux, ``spawn`` elsewhere.

    Fork is POSIX-only and not safe on macOS with every library; ``SAMENSPEL_START_METHOD``
    (``fork`` or ``spawn``) overrides the choice.
    """
    chosen = os.environ.get(START_METHOD_VARIABLE, "").strip().lower()
    if not chosen:
        return "fork" if sys.platform.startswith("linux") else "spawn"
    if chosen not in START_METHODS or chosen not in multiprocessing.get_all_start_methods():
        available = [m for m in START_METHODS if m in multiprocessing.get_all_start_methods()]
        raise ConfigError(
            f"{START_METHOD_VARIABLE}={chosen} is not a way to start page builders on this system.",
            hint=f"Use one of: {', '.join(available)}, or leave the variable unset.",
        )
    return chosen


def _record_published_paths(notebook: nbformat.NotebookNode, pages: PageContext) -> bool:
    """Let an executed notebook name the published folder, not the temporary build folder.

    Changes the parameters papermill recorded (metadata and injected cell); returns whether
    anything changed.
    """
    build, out = str(pages.build), str(pages.out)
    changed = False
    recorded = notebook.metadata.get("papermill", {}).get("parameters", {})
    for key, value in recorded.items():
        if isinstance(value, str) and build in value:
            recorded[key] = value.replace(build, out)
            changed = True
    for cell in notebook.cells:
        if "injected-parameters" in cell.metadata.get("tags", []) and build in cell.source:
            cell.source = cell.source.replace(build, out)
            changed = True
    return changed


def _execute(task: Task, pages: PageContext) -> PageResult:
    """Execute and export one task (in a page builder); return what it did."""
    try:
        if task.kernel:
            papermill.execute_notebook(
                str(task.notebook), str(task.executed), parameters=task.parameters,
                kernel_name=KERNEL, progress_bar=False, request_save_on_cell_execute=False,
                cwd=str(task.executed.parent),
            )
        else:
            papermill.execute_notebook(
                str(task.notebook), str(task.executed), parameters=task.parameters,
                engine_name=engine.ENGINE_NAME, kernel_name=KERNEL, progress_bar=False,
                request_save_on_cell_execute=False,
            )
        executed = nbformat.read(task.executed, as_version=4)
        if _record_published_paths(executed, pages):
            nbformat.write(executed, task.executed)
        written = []
        if task.participant_html is not None:
            written.append(publish.export_html(executed, task.participant_html, kind="participant", lang=pages.lang, title=task.title))
        if task.researcher_html is not None:
            written.append(publish.export_html(executed, task.researcher_html, kind="researcher", lang=pages.lang, title=task.title))
        scanned = (task.executed, *written)
        findings: list[privacy.Finding] = []
        if pages.scanner is not None:
            findings = pages.scanner.scan_files(scanned, root=pages.build)
        return PageResult(pages=tuple(written), scanned=scanned, findings=tuple(findings))
    except PapermillExecutionError as exc:
        return PageResult(failure=PageFailure(
            error=f"{exc.ename}: {exc.evalue}", executed=task.executed, cell=exc.exec_count,
            source=_first_line(exc.source),
        ))
    except PipelineError as exc:
        return PageResult(failure=PageFailure(error=str(exc), executed=task.executed))
    except Exception as exc:  # a bug: keep its traceback for the message
        return PageResult(failure=PageFailure(
            error=f"{type(exc).__name__}: {exc}", executed=task.executed, traceback=traceback.format_exc(),
        ))


def _build_one(task: Task, pages: PageContext) -> PageResult:
    """Build one page with whatever it prints going to a log beside the executed copy."""
    # not over the facilitator's progress bar: the notebook's, its kernel's or a library's output
    log = task.executed.with_suffix(".log")
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    try:
        with log.open("w", encoding="utf-8") as handle:
            os.dup2(handle.fileno(), 1)
            os.dup2(handle.fileno(), 2)
            try:
                result = _execute(task, pages)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os.dup2(saved[0], 1)
                os.dup2(saved[1], 2)
    finally:
        os.close(saved[0])
        os.close(saved[1])
    if log.stat().st_size == 0:
        log.unlink()
    return result


def _fork_child(conn: multiprocessing.connection.Connection, task: Task, pages: PageContext) -> None:
    """A forked page builder: one page, then exit."""
    # a page lives for a fraction of a second: collecting garbage would only touch (and so
    # copy) the parent's memory pages
    gc.disable()
    conn.send(_build_one(task, pages))
    conn.close()


def _pandas_options(wrapper: Any = None, prefix: str = "") -> dict[str, Any]:
    """Return every pandas option with its value (through the public ``pd.options`` tree)."""
    import pandas as pd

    wrapper = pd.options if wrapper is None else wrapper
    values: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reading a deprecated option warns
        for name in dir(wrapper):
            value = getattr(wrapper, name)
            if type(value) is type(pd.options):
                values.update(_pandas_options(value, f"{prefix}{name}."))
            else:
                values[f"{prefix}{name}"] = value
    return values


@contextmanager
def _clean_slate() -> Iterator[None]:
    """Give a page a fresh shell and put back afterwards what a page may change.

    For a worker that builds page after page (``spawn``): the variables (a new shell),
    matplotlib's settings and figures, pandas' options, the working directory, the
    environment and ``sys.path``.
    """
    import matplotlib
    import matplotlib.pyplot as plt
    import pandas as pd

    cwd, environ, path = os.getcwd(), dict(os.environ), list(sys.path)
    options = _pandas_options()
    engine.make_shell()
    try:
        with matplotlib.rc_context():
            yield
    finally:
        plt.close("all")
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(environ)
        sys.path[:] = path
        changed = {k: v for k, v in options.items() if _pandas_options_differ(k, v)}
        for key, value in changed.items():
            pd.set_option(key, value)
        engine.make_shell()


def _pandas_options_differ(key: str, value: Any) -> bool:
    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        current = pd.get_option(key)
    try:
        return bool(current != value)
    except (TypeError, ValueError):
        return current is not value


def _warm_worker(conn: multiprocessing.connection.Connection, pages: PageContext) -> None:
    """A spawned page builder: warm up once, then build the pages it is sent until told to stop."""
    warm_up(pages.lang)
    gc.collect()
    gc.freeze()
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        with _clean_slate():
            result = _build_one(task, pages)
        conn.send(result)


def run_tasks(
    tasks: list[Task],
    *,
    jobs: int,
    lang: str = Language.NL,
    pages: PageContext | None = None,
    on_done: Callable[[Task, PageResult], None] | None = None,
) -> None:
    """Execute ``tasks``, at most ``jobs`` at a time, each in a page builder of its own state.

    ``pages`` says where the build goes and how to scan it (none: ``lang`` only, no scan).
    Stops at the first failure (the others are ended) with a ``ReportError`` naming the
    notebook, the cell and the executed copy.
    """
    for task in tasks:
        _check_parameters(task)
    if pages is None:
        pages = PageContext(lang=Language(lang), build=Path.cwd(), out=Path.cwd())
    if start_method() == "fork":
        _run_forked(tasks, jobs=jobs, pages=pages, on_done=on_done)
    else:
        _run_spawned(tasks, jobs=jobs, pages=pages, on_done=on_done)


def _finished(task: Task, result: PageResult | None, exitcode: int | None,
              on_done: Callable[[Task, PageResult], None] | None) -> None:
    if result is None:
        result = PageResult(failure=PageFailure(
            error=f"the process ended unexpectedly (exit status {exitcode})", executed=task.executed,
        ))
    if result.failure is not None:
        _fail(task, result.failure)
    if on_done is not None:
        on_done(task, result)


def _run_forked(tasks: list[Task], *, jobs: int, pages: PageContext,
                on_done: Callable[[Task, PageResult], None] | None) -> None:
    engine.make_shell()
    # keep the warm parent's objects out of the collector, so the forks share its pages
    gc.collect()
    gc.freeze()
    context = multiprocessing.get_context("fork")
    pending = list(tasks)
    running: dict[int, tuple] = {}
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                task = pending.pop(0)
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=_fork_child, args=(send, task, pages), daemon=True)
                process.start()
                send.close()
                running[process.sentinel] = (process, receive, task)
            for sentinel in multiprocessing.connection.wait(list(running)):
                process, receive, task = running.pop(sentinel)
                result = receive.recv() if receive.poll() else None
                process.join()
                receive.close()
                _finished(task, result, process.exitcode, on_done)
    finally:
        for process, receive, _ in running.values():
            process.terminate()
            process.join()
            receive.close()


def _run_spawned(tasks: list[Task], *, jobs: int, pages: PageContext,
                 on_done: Callable[[Task, PageResult], None] | None) -> None:
    context = multiprocessing.get_context("spawn")
    workers = []
    try:
        for _ in range(max(1, min(jobs, len(tasks)))):
            mine, theirs = context.Pipe(duplex=True)
            process = context.Process(target=_warm_worker, args=(theirs, pages), daemon=True)
            process.start()
            theirs.close()
            workers.append((process, mine))
        pending = list(tasks)
        idle = list(workers)
        busy: dict[Any, tuple] = {}
        while pending or busy:
            while pending and idle:
                process, conn = idle.pop(0)
                task = pending.pop(0)
                conn.send(task)
                busy[conn] = (process, task)
                busy[process.sentinel] = (process, task)
            for ready in multiprocessing.connection.wait(list(busy)):
                if ready not in busy:
                    continue
                process, task = busy[ready]
                conn = next(c for p, c in workers if p is process)
                result = None
                if conn.poll():
                    try:
                        result = conn.recv()
                    except EOFError:
                        result = None
                busy.pop(conn, None)
                busy.pop(process.sentinel, None)
                if result is None:
                    process.join()
                _finished(task, result, process.exitcode, on_done)
                idle.append((process, conn))
    finally:
        for process, conn in workers:
            if process.is_alive():
                try:
                    conn.send(None)
                except OSError:
                    pass
        for process, conn in workers:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()
            conn.close()


def _first_line(source: str) -> str:
    lines = [line.strip() for line in (source or "").splitlines() if line.strip()]
    if not lines:
        return ""
    return lines[0] if len(lines[0]) <= 60 else lines[0][:57] + "..."


def _fail(task: Task, failure: PageFailure) -> None:
    where = f"cell {failure.cell}" if failure.cell else "a cell"
    if failure.source:
        # the number counts papermill's injected cell too: the code makes the cell findable
        where += f" ({failure.source})"
    message = f"notebook {task.notebook.name} ({task.name}) failed in {where}: {failure.error.rstrip('.')}."
    if failure.traceback:
        # a bug in samenspel itself: the traceback goes with the executed copy
        failure.executed.with_suffix(".traceback.txt").write_text(failure.traceback, encoding="utf-8")
    raise ReportError(message, hint=f"The executed copy is at {failure.executed}. The published reports are unchanged.")


def warm_up(lang: str) -> None:
    """Do once in the parent what every page would otherwise do first.

    A throw-away notebook goes through the whole path (papermill's parameter injection and
    notebook validation, the in-process engine, both HTML exporters and their templates,
    a chart), then the shell is replaced by a fresh one, so the forks inherit the warm
    caches but none of the throw-away notebook's state.
    """
    import tempfile

    from pipeline.report.charts import grouped_bars

    grouped_bars(["a"], [("b", [1.0])], xlabel="x", alt="warm-up")
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell("x = 0")
    cell.metadata["tags"] = ["parameters"]
    notebook.cells = [cell, nbformat.v4.new_code_cell("x")]
    engine.make_shell()
    with tempfile.TemporaryDirectory(prefix="samenspel-warm-") as folder:
        source, executed = Path(folder) / "warm.ipynb", Path(folder) / "warm-out.ipynb"
        nbformat.write(notebook, source)
        papermill.execute_notebook(
            str(source), str(executed), parameters={"x": 1}, engine_name=engine.ENGINE_NAME,
            kernel_name=KERNEL, progress_bar=False, request_save_on_cell_execute=False,
        )
        result = nbformat.read(executed, as_version=4)
        for kind in ("participant", "researcher"):
            publish.export_html(result, Path(folder) / f"{kind}.html", kind=kind, lang=lang, title="warm-up")
    engine.make_shell()


def _inputs(round: Round) -> list[Path]:
    """Return every file a round was read from: its config, exports, codebook, names list."""
    config = round.config
    files = [config.config_file, *round.export_files]
    for path in (config.obstacles.codebook, config.privacy.names_file):
        if path is not None and path.is_file():
            files.append(path)
    # a fetched set's structure is a folder of JSON files: list each file
    expanded = []
    for path in map(Path, files):
        expanded += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return list(dict.fromkeys(expanded))


def _versions() -> dict[str, str]:
    names = ["samenspel", "pandas", "numpy", "scikit-learn", "matplotlib", "papermill", "nbconvert",
             "nbclient", "nbformat", "ipykernel", "pyarrow", "snowballstemmer", "requests"]
    versions = {"python": sys.version.split()[0]}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _provenance(config: RoundConfig, inputs: list[Path], parameters: dict, started: datetime) -> dict:
    return {
        "round": config.id,
        "title": config.title,
        "inputs": [
            {"file": str(p), "sha256": file_sha256(p), "bytes": p.stat().st_size} for p in inputs
        ],
        "parameters": parameters,
        "random_state": config.obstacles.random_state,
        "versions": _versions(),
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _earlier_rounds(context: ReportContext, out: Path) -> list[publish.Link]:
    """Return links to the published reports of the rounds before this one."""
    links = []
    for earlier in context.earlier:
        if (out.parent / earlier.id / "index.html").exists():
            links.append(publish.Link(f"../{earlier.id}/index.html", earlier.title))
    return links


BUILDING = ".building-"


def _build_folder(out: Path) -> Path:
    """Return this run's temporary build folder beside ``out``.

    Its name holds this process's id and start time, so a later run can tell a folder left
    by a run that is gone from one that is still running, even when the id is reused.
    """
    started = int(psutil.Process().create_time() * 1000)
    return out.parent / f".{out.name}{BUILDING}{os.getpid()}-{started}"


def _owner_running(folder: Path, out: Path) -> bool:
    """Return whether the run that made the build ``folder`` still runs (if unsure: yes)."""
    owner = folder.name.removeprefix(f".{out.name}{BUILDING}").removesuffix(RESEARCH_SUFFIX)
    pid_text, _, started_text = owner.partition("-")
    if not pid_text.isdigit():
        return True
    try:
        process = psutil.Process(int(pid_text))
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        started = process.create_time()
    except psutil.NoSuchProcess:
        return False
    except psutil.Error:
        return True
    if not started_text.isdigit():
        return True  # a folder of an older version: the id alone says it may still run
    return abs(started * 1000 - int(started_text)) < 1000


def remove_stale_builds(out: Path) -> list[Path]:
    """Remove the build folders beside ``out`` that runs which are gone left behind; return them."""
    removed = []
    for folder in sorted(out.parent.glob(f".{out.name}{BUILDING}*")):
        if folder.is_dir() and not _owner_running(folder, out):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _page_tasks(context: ReportContext, notebooks: Path, nb_dir: Path, base: dict) -> tuple[list[Task], list[publish.Link], list[publish.Link]]:
    """Return the community and initiative tasks, with the index's links to their pages and notebooks."""
    analysis = context.analysis
    assert analysis is not None, "the pages are planned after the analysis"
    lang, build, title = context.pages.lang, context.pages.build, analysis.meta.title
    tasks = [
        Task("community", notebooks / "community.ipynb", nb_dir / "community.ipynb", base,
             t("community.title", lang, title=title),
             participant_html=build / "community.html",
             researcher_html=build / "researchers" / "community.html")
    ]
    links, with_code = [], []
    for row in analysis.initiatives.itertuples():
        name = slug(row.initiative)
        page = build / "initiatives" / f"{name}.html"
        tasks.append(Task(
            f"initiative {row.name}", notebooks / "initiative.ipynb", nb_dir / "initiatives" / f"{name}.ipynb",
            {**base, "initiative": row.initiative}, t("initiative.title", lang, name=row.name, title=title),
            participant_html=page,
        ))
        links.append(publish.Link(f"initiatives/{name}.html", row.name, t("index.answers", lang, n=row.answers)))
        # the executed notebook, not an HTML copy with code: that would cost every page
        # a second export, and the code is the same for every initiative
        with_code.append(publish.Link(f"notebooks/initiatives/{name}.ipynb", row.name))
    return tasks, links, with_code


def build_reports(
    config: RoundConfig,
    *,
    out: Path,
    lang: str = Language.NL,
    jobs: int = 1,
    export_set: str | None = None,
    extra_notebooks: Path | None = None,
    on_page: Callable[[Path], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    on_stale: Callable[[list[Path]], None] | None = None,
    notebooks: Path = NOTEBOOKS,
) -> RunResult:
    """Build every page of the round into ``out``; publish only when complete and clean.

    ``export_set`` pins a fetched set (a folder name under ``exports/``) instead of the
    newest. ``notebooks`` is the folder with ``analysis.ipynb``, ``community.ipynb`` and
    ``initiative.ipynb`` (the project's own, unless a community keeps adapted copies).
    ``on_stale`` hears of the build folders of earlier, killed runs that were removed.
    """
    started = datetime.now(UTC)
    out = out.resolve()
    build = _build_folder(out)
    failed = out.parent / f"{out.name}.failed"
    # read the round first: bad input fails here, before anything is written
    context = report_context(config, export_set=export_set, lang=Language(lang), out=out, build=build)
    start_method()  # a wrong SAMENSPEL_START_METHOD fails here too
    config = context.config
    researcher_notebooks = _researcher_notebooks(extra_notebooks)
    out.parent.mkdir(parents=True, exist_ok=True)
    stale = remove_stale_builds(out)
    if stale and on_stale is not None:
        on_stale(stale)
    for folder in (build, _research(build)):
        if folder.exists():
            shutil.rmtree(folder)
    build.mkdir()
    result = RunResult(out=out)
    findings: list[privacy.Finding] = []
    scanned: set[Path] = set()
    try:
        data = build / "data"
        nb_dir = build / "notebooks"
        (nb_dir / "initiatives").mkdir(parents=True)
        base = {"data_dir": str(data), "lang": str(lang), "round_id": config.id}
        analysis_task = Task(
            "analysis", notebooks / "analysis.ipynb", nb_dir / "analysis.ipynb",
            {**base, "round_dir": str(config.round_dir), "export_set": context.export_set or ""},
            t("index.researchers", lang), researcher_html=build / "researchers" / "analysis.html",
        )
        if on_plan:
            on_plan(2 + len(researcher_notebooks) + context.current.responses["initiative"].nunique())

        def done(task: Task, outcome: PageResult) -> None:
            result.pages.extend(outcome.pages)
            findings.extend(outcome.findings)
            scanned.update(outcome.scanned)
            if on_page:
                on_page((task.participant_html or task.researcher_html or task.executed).relative_to(build))

        if start_method() == "fork":
            warm_up(lang)
        run_tasks([analysis_task], jobs=1, pages=context.pages, on_done=done)
        context = context.with_analysis(load_analysis(data))
        tasks, links, with_code = _page_tasks(context, notebooks, nb_dir, base)
        own_links = []
        for notebook in researcher_notebooks:
            declared = declared_parameters(notebook)
            parameters = {k: v for k, v in base.items() if k in declared}
            target = build / "researchers" / f"{slug(notebook.stem)}.html"
            tasks.append(Task(f"researcher notebook {notebook.name}", notebook,
                              nb_dir / "researchers" / notebook.name, parameters, notebook.stem,
                              researcher_html=target, kernel=True))
            (nb_dir / "researchers").mkdir(exist_ok=True)
            own_links.append(publish.Link(f"researchers/{target.name}", notebook.stem))
        run_tasks(tasks, jobs=jobs, pages=context.pages, on_done=done)
        result.initiatives = len(context.analysis.initiatives)

        researchers = [
            publish.Link("researchers/analysis.html", t("index.notebook_with_code", lang, name="analysis")),
            publish.Link("researchers/community.html", t("index.notebook_with_code", lang, name="community")),
            publish.Link("data/", t("index.data", lang)),
            publish.Link(f"../{out.name}{RESEARCH_SUFFIX}/data/ledger.csv", t("index.ledger", lang)),
            publish.Link(f"../{out.name}{RESEARCH_SUFFIX}/data/", t("index.research_data", lang)),
            publish.Link("provenance.json", t("index.provenance", lang)),
        ]
        if (data / "data_dictionary.md").exists():
            researchers.insert(2, publish.Link("data/data_dictionary.md", t("index.data_dictionary", lang)))
        (build / "index.html").write_text(publish.index_page(
            title=context.analysis.meta.title, lang=lang,
            community=publish.Link("community.html", t("index.community_link", lang)),
            initiatives=links, earlier=_earlier_rounds(context, out), researchers=researchers,
            own_notebooks=own_links, initiative_notebooks=with_code,
        ), encoding="utf-8")
        result.pages.append(build / "index.html")

        parameters = {"lang": str(lang), "jobs": jobs, "out": str(out),
                      "notebooks": [str(p) for p in researcher_notebooks]}
        if context.export_set:
            parameters["export_set"] = context.export_set
        inputs = _inputs(context.current) + (_inputs(context.previous) if context.previous is not None else [])
        inputs += researcher_notebooks
        (build / "provenance.json").write_text(
            json.dumps(_provenance(config, inputs, parameters, started), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        # the pages were scanned by the builders that wrote them; the rest is scanned here
        scanner = context.pages.scanner
        assert scanner is not None
        rest = [p for p in privacy.output_files(build, include_notebooks=True) if p not in scanned]
        findings += scanner.scan_files(rest, root=build)
        findings += scanner.scan_files(privacy.output_files(_research(build)), root=_research(build))
        result.findings = len(findings)
        privacy.assert_clean(findings)
    except PipelineError as exc:
        # kept for inspection, never published: the message names files where they now are
        _keep_failed(build, failed)
        raise exc.relocated({str(_research(build)): str(_research(failed)), str(build): str(failed)}) from None
    except BaseException:
        for folder in (build, _research(build)):
            shutil.rmtree(folder, ignore_errors=True)
        raise
    with _held_interrupt():
        _publish(build, out)
    result.pages = [out / p.relative_to(build) for p in result.pages]
    result.seconds = (datetime.now(UTC) - started).total_seconds()
    return result


def _researcher_notebooks(folder: Path | None) -> list[Path]:
    if folder is None:
        return []
    from pipeline.errors import ConfigError

    if not folder.is_dir():
        raise ConfigError(f"Notebook folder {folder} does not exist.", hint="Give a folder with .ipynb files.")
    notebooks = sorted(p.resolve() for p in folder.glob("*.ipynb"))
    if not notebooks:
        raise ConfigError(f"{folder} holds no .ipynb notebooks.", hint="Put your notebooks there, or leave out --notebooks.")
    for notebook in notebooks:
        try:
            declared = declared_parameters(notebook)
        except Exception:
            raise ConfigError(f"{notebook} is not a readable notebook.", hint="Open and save it in JupyterLab.") from None
        if not declared:
            raise ConfigError(
                f"{notebook} has no cell tagged 'parameters'.",
                hint=f"Tag its first code cell 'parameters' and declare some of: {', '.join(STANDARD_PARAMETERS)}.",
            )
    return notebooks


def _research(folder: Path) -> Path:
    """Return the sibling folder holding a reports folder's row-level research data."""
    return folder.with_name(folder.name + RESEARCH_SUFFIX)


def _keep_failed(build: Path, failed: Path) -> None:
    """Keep a failed build for inspection under ``<out>.failed``; never publish it."""
    for source, target in ((build, failed), (_research(build), _research(failed))):
        if target.exists():
            shutil.rmtree(target)
        if source.exists():
            source.rename(target)


@contextmanager
def _held_interrupt() -> Iterator[None]:
    """Hold a Ctrl-C while the finished build is moved into place.

    Publishing takes a few renames; cut half-way, it would leave neither the old nor the new
    reports. An interrupt that arrives meanwhile is reported once the new ones are complete.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    earlier = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, earlier)
    if caught:
        print("samenspel: interrupted while publishing; the new reports were published completely.",
              file=sys.stderr, flush=True)


def _publish(build: Path, out: Path) -> None:
    """Move the finished build (reports and research data) into place, replacing the earlier ones."""
    moves = [(build, out), (_research(build), _research(out))]
    olds = [(target, target.with_name(f".{target.name}.old-{os.getpid()}")) for _, target in moves]
    for target, old in olds:
        if target.exists():
            target.rename(old)
    done = []
    try:
        for source, target in moves:
            if source.exists():
                source.rename(target)
                done.append(target)
    except BaseException:
        # put the earlier reports back as they were
        for target in done:
            shutil.rmtree(target, ignore_errors=True)
        for target, old in olds:
            if old.exists():
                old.rename(target)
        raise
    for _, old in olds:
        shutil.rmtree(old, ignore_errors=True)
    failed = out.with_name(f"{out.name}.failed")
    for stale in (failed, _research(failed)):
        shutil.rmtree(stale, ignore_errors=True)
