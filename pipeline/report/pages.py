"""The page builders: one notebook executed and exported to HTML in clean state, in another process.

Each page is executed by papermill with the in-process engine (``engine.InProcessEngine``)
in a process that already imported everything a report needs, so no page pays a kernel
start or the imports, and nothing leaks from one initiative's report into another's:

- ``fork`` (Linux): a fresh fork of the warm parent builds a page, or a few pages when the
  round has many (``pages_per_fork``), putting back between them what a page may change, as
  a spawned worker does; it exits after them;
- ``spawn`` (Windows, macOS, or ``SAMENSPEL_START_METHOD=spawn``): one warm worker per job,
  started when the run starts (it warms up while the parent reads the round), that builds
  page after page and between pages puts back what a page may change: a new shell,
  matplotlib's settings and figures, pandas' options, the working directory, the
  environment and ``sys.path``.

Researchers' own notebooks run in a real Jupyter kernel, since their code is not ours to
trust with the builder's state. A builder gets its :class:`PageContext` as an argument
(inherited by a fork, sent once to a spawned worker), never through module globals.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, cast

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

from pipeline import privacy
from pipeline.errors import ConfigError, PipelineError, ReportError
from pipeline.i18n import Language
from pipeline.report import engine, publish

KERNEL = "python3"
START_METHOD_VARIABLE = "SAMENSPEL_START_METHOD"
START_METHODS = ("fork", "spawn")
# what a researcher's own notebook may declare and be given
STANDARD_PARAMETERS = ("data_dir", "lang", "round_id")


@dataclass(frozen=True)
class PageContext:
    """What a page builder needs besides its task: the language, the folders, the privacy scan.

    The part of the report context that crosses into a page builder: small and picklable.
    """

    lang: Language
    # the temporary folder the pages are built in (and the scan names files relative to)
    build: Path
    # where the build is published when complete: executed notebooks record this one
    out: Path
    scanner: privacy.Scanner | None = None


@dataclass(frozen=True)
class Task:
    """One notebook to execute and export."""

    name: str
    notebook: Path
    executed: Path
    parameters: dict[str, Any]
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


def declared_parameters(notebook: Path) -> frozenset[str]:
    """Return the names a notebook's ``parameters`` cell declares."""
    return frozenset(papermill.inspect_notebook(str(notebook)))


def check_parameters(tasks: list[Task]) -> None:
    """Refuse tasks that pass a parameter their notebook does not declare (papermill would only warn)."""
    declared = {notebook: declared_parameters(notebook) for notebook in {task.notebook for task in tasks}}
    for task in tasks:
        unknown = sorted(set(task.parameters) - declared[task.notebook])
        if unknown:
            raise ReportError(key="report.undeclared_parameters", notebook=task.notebook, unknown=", ".join(unknown),
                              declared=", ".join(sorted(declared[task.notebook])) or "-")


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
        raise ConfigError(key="report.start_method", variable=START_METHOD_VARIABLE, chosen=chosen,
                          available=", ".join(available))
    return chosen


def _execute(task: Task, pages: PageContext) -> PageResult:
    """Execute and export one task (in a page builder); return what it did."""
    published = {str(pages.build): str(pages.out)}
    try:
        if task.kernel:
            executed = papermill.execute_notebook(
                str(task.notebook), str(task.executed), parameters=task.parameters,
                kernel_name=KERNEL, progress_bar=False, request_save_on_cell_execute=False,
                cwd=str(task.executed.parent),
            )
            if engine.replace_in_parameters(executed, published):
                nbformat.write(executed, task.executed)
        else:
            executed = papermill.execute_notebook(
                str(task.notebook), str(task.executed), parameters=task.parameters,
                engine_name=engine.ENGINE_NAME, kernel_name=KERNEL, progress_bar=False,
                request_save_on_cell_execute=False, replace_paths=published,
            )
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
        # in the run's language: the message is shown inside the run's own one-line report
        return PageResult(failure=PageFailure(error=exc.render(pages.lang), executed=task.executed))
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


def _fork_child(conn: multiprocessing.connection.Connection, tasks: list[Task], pages: PageContext) -> None:
    """A forked page builder: a few pages, each result sent as it is done, then exit.

    The fork is the first page's clean slate; between pages the builder puts back what a
    page may change, as a spawned worker does (``_clean_slate``).
    """
    # a page lives for a fraction of a second: collecting garbage would only touch (and so
    # copy) the parent's memory pages
    gc.disable()
    for number, task in enumerate(tasks):
        with _clean_slate() if number < len(tasks) - 1 else nullcontext():
            result = _build_one(task, pages)
        conn.send(result)
        if result.failure is not None:
            break
    conn.close()


# a fork builds at most this many pages: forking a parent that holds the round costs a page
# about a third of its time (the fork, then copying the parent's memory pages it touches),
# and a few pages per fork pay that once
PAGES_PER_FORK = 16


def pages_per_fork(pending: int, jobs: int) -> int:
    """Return how many of ``pending`` pages the next fork builds: a few per fork when there
    are many, one when there are few (each of ``jobs`` builders then still gets several
    forks, so they end together)."""
    return max(1, min(PAGES_PER_FORK, -(-pending // (jobs * 4))))


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
    """Put back after a page what it may change, for a builder that builds page after page:
    the variables (the shell, reset), matplotlib's settings and figures, pandas' options, the
    working directory, the environment and ``sys.path``.

    A builder starts with a fresh shell (``warm_up``, or the parent it was forked from), and
    each page leaves one: the page after it starts from that.
    """
    import matplotlib
    import matplotlib.pyplot as plt
    import pandas as pd

    cwd, environ, path = os.getcwd(), dict(os.environ), list(sys.path)
    options = _pandas_options()
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
        engine.fresh_shell()


def _pandas_options_differ(key: str, value: Any) -> bool:
    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        current = pd.get_option(key)
    try:
        return bool(current != value)
    except (TypeError, ValueError):
        return current is not value


def _warm_worker(conn: multiprocessing.connection.Connection, lang: str) -> None:
    """A spawned page builder: warm up, receive the run's PageContext, then build the pages
    it is sent until told to stop."""
    warm_up(lang)
    gc.collect()
    gc.freeze()
    try:
        pages = conn.recv()
        while pages is not None:
            task = conn.recv()
            if task is None:
                return
            with _clean_slate():
                result = _build_one(task, pages)
            conn.send(result)
    except EOFError:  # the run ended
        return


OnDone = Callable[[Task, PageResult], None]


class PageBuilders:
    """The page builders of one run, started the way ``start_method()`` says.

    Use as a context manager around the whole run: with ``spawn`` the warm workers start on
    entering (and warm up while the caller reads the round) and stop on leaving; with
    ``fork`` each page, or each few pages of a large round, get a fresh fork of the caller.
    """

    def __init__(self, *, jobs: int, lang: str) -> None:
        self.jobs = max(1, jobs)
        self.lang = Language(lang)
        self.method = start_method()
        self._workers: list[tuple[Any, multiprocessing.connection.Connection]] = []
        self._pages: PageContext | None = None
        self._warm = False

    def __enter__(self) -> PageBuilders:
        if self.method == "spawn":
            context = multiprocessing.get_context("spawn")
            for _ in range(self.jobs):
                mine, theirs = context.Pipe(duplex=True)
                process = context.Process(target=_warm_worker, args=(theirs, str(self.lang)), daemon=True)
                process.start()
                theirs.close()
                self._workers.append((process, mine))
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close(abort=kind is not None)

    def close(self, *, abort: bool = False) -> None:
        """Stop the workers: each after its page, or (``abort``) at once."""
        for process, conn in self._workers:
            if not abort and process.is_alive():
                try:
                    conn.send(None)  # stop: before its PageContext or between pages
                except OSError:
                    pass
        for process, conn in self._workers:
            process.join(timeout=0 if abort else 5)
            if process.is_alive():
                process.terminate()
                process.join()
            conn.close()
        self._workers = []

    def run(self, tasks: list[Task], *, pages: PageContext, on_done: OnDone | None = None) -> None:
        """Build ``tasks``, at most ``jobs`` at a time; stop at the first failure with a ``ReportError``
        naming the notebook, the cell and the executed copy (the other builders are ended)."""
        check_parameters(tasks)
        if self.method == "fork":
            if not self._warm:
                # once, in the parent, just before the first fork: bad input has failed by now
                warm_up(self.lang)
                self._warm = True
            _run_forked(tasks, jobs=self.jobs, pages=pages, on_done=on_done)
            return
        if self._pages is None:
            for _, conn in self._workers:
                conn.send(pages)
            self._pages = pages
        elif pages != self._pages:
            raise ValueError("a run's page builders build for one PageContext")
        try:
            self._run_spawned(tasks, on_done=on_done)
        except BaseException:
            # a failed page or Ctrl-C: no worker may go on writing into the build
            self.close(abort=True)
            raise

    def _run_spawned(self, tasks: list[Task], *, on_done: OnDone | None) -> None:
        pending = list(tasks)
        idle = list(self._workers)
        busy: dict[Any, tuple[Any, Any, Task]] = {}
        while pending or busy:
            while pending and idle:
                process, conn = idle.pop(0)
                task = pending.pop(0)
                conn.send(task)
                busy[conn] = busy[process.sentinel] = (process, conn, task)
            for ready in multiprocessing.connection.wait(list(busy)):
                if ready not in busy:
                    continue  # its worker's other handle was handled in this round
                process, conn, task = busy.pop(ready)
                busy.pop(conn, None)
                busy.pop(process.sentinel, None)
                result = None
                if conn.poll():
                    try:
                        result = conn.recv()
                    except EOFError:
                        result = None
                if result is None:
                    process.join()
                _finished(task, result, process.exitcode, on_done)
                idle.append((process, conn))


def run_tasks(
    tasks: list[Task], *, jobs: int, lang: str = Language.NL, pages: PageContext | None = None,
    on_done: OnDone | None = None,
) -> None:
    """Build ``tasks`` with page builders of their own (started for them and stopped after).

    ``pages`` says where the build goes and how to scan it (none: ``lang`` only, no scan).
    """
    if pages is None:
        pages = PageContext(lang=Language(lang), build=Path.cwd(), out=Path.cwd())
    with PageBuilders(jobs=min(jobs, max(1, len(tasks))), lang=pages.lang) as builders:
        builders.run(tasks, pages=pages, on_done=on_done)


def _finished(task: Task, result: PageResult | None, exitcode: int | None, on_done: OnDone | None) -> None:
    if result is None:
        result = PageResult(failure=PageFailure(
            error=f"the process ended unexpectedly (exit status {exitcode})", executed=task.executed,
        ))
    if result.failure is not None:
        _fail(task, result.failure)
    if on_done is not None:
        on_done(task, result)


def _run_forked(tasks: list[Task], *, jobs: int, pages: PageContext, on_done: OnDone | None) -> None:
    engine.make_shell()
    # keep the warm parent's objects out of the collector, so the forks share its pages
    gc.collect()
    gc.freeze()
    context = multiprocessing.get_context("fork")
    pending = list(tasks)
    # per fork, by the end of the pipe its results come through: the fork, its pages not done yet
    running: dict[multiprocessing.connection.Connection, tuple[Any, list[Task]]] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                batch = pending[:pages_per_fork(len(pending), jobs)]
                del pending[:len(batch)]
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=_fork_child, args=(send, batch, pages), daemon=True)
                process.start()
                send.close()
                running[receive] = (process, batch)
            for ready in multiprocessing.connection.wait(list(running)):
                # wait() returns some of the objects it was given: here the pipes' receiving ends
                receive = cast(multiprocessing.connection.Connection, ready)
                process, batch = running[receive]
                try:
                    result = receive.recv()
                except EOFError:  # it ended before its page was done
                    result = None
                task = batch.pop(0)
                if result is None or not batch:
                    process.join()
                    receive.close()
                    del running[receive]
                _finished(task, result, process.exitcode, on_done)
    finally:
        for receive, (process, _) in running.items():
            process.terminate()
            process.join()
            receive.close()


def _first_line(source: str) -> str:
    lines = [line.strip() for line in (source or "").splitlines() if line.strip()]
    if not lines:
        return ""
    return lines[0] if len(lines[0]) <= 60 else lines[0][:57] + "..."


def _fail(task: Task, failure: PageFailure) -> None:
    # the number counts papermill's injected cell too: the code makes the cell findable
    source = f" ({failure.source})" if failure.source else ""
    if failure.traceback:
        # a bug in samenspel itself: the traceback goes with the executed copy
        failure.executed.with_suffix(".traceback.txt").write_text(failure.traceback, encoding="utf-8")
    raise ReportError(key="report.page_failed_in_cell" if failure.cell else "report.page_failed",
                      hint_key="report.page_failed.hint", notebook=task.notebook.name, name=task.name,
                      cell=failure.cell, source=source, error=failure.error.rstrip("."), executed=failure.executed)


def warm_up(lang: str) -> None:
    """Do once in the parent what every page would otherwise do first.

    A throw-away notebook goes through the whole path (papermill's parameter injection and
    notebook validation, the in-process engine, both HTML exporters and their templates,
    a chart, the sections' templates), then the shell is replaced by a fresh one, so the
    forks inherit the warm caches but none of the throw-away notebook's state.
    """
    import tempfile

    from pipeline.report import sections  # noqa: F401  (what every page imports first)
    from pipeline.report import charts
    from pipeline.report.templating import compile_templates

    charts.prepare()
    compile_templates()
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


