"""Build a round's reports: the analysis once, then every page in a fresh fork of a warm process.

The parent imports everything a report needs once. Each page is executed by papermill in
its own forked child (``engine.InProcessEngine``): the child starts with the parent's
clean state and exits after one page, so nothing leaks from one initiative's report into
another's, and no page pays a kernel start. Researchers' own notebooks run in a real
Jupyter kernel, since their code is not ours to trust with the parent's state. Everything
is built in a temporary folder next to the output and moved into place only when complete
and clean.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import multiprocessing.connection
import os
import re
import shutil
import signal
import sys
import threading
import traceback
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import metadata
from pathlib import Path

import nbformat
import pandas as pd
import papermill
from papermill.exceptions import PapermillExecutionError

from pipeline import privacy
from pipeline.config import RoundConfig, load_round_config
from pipeline.errors import PipelineError, ReportError
from pipeline.files import file_sha256
from pipeline.ingest import load_round
from pipeline.model import Round
from pipeline.obstacles import load_codebook
from pipeline.obstacles.review import round_themes, workbook_path
from pipeline.report import engine, publish, sections  # noqa: F401  (warm imports for the forks)
from pipeline.report.analysis import RESEARCH_SUFFIX, preload_analysis, preload_round
from pipeline.report.i18n import t

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
# the privacy scan, indexed once in the parent; each fork scans the files it wrote with it
_SCANNER: privacy.Scanner | None = None
_SCAN_ROOT: Path | None = None
KERNEL = "python3"
STANDARD_PARAMETERS = ("data_dir", "lang", "round_id")


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


@dataclass
class RunResult:
    """What a run wrote, for the summary line."""

    out: Path
    pages: list[Path] = field(default_factory=list)
    initiatives: int = 0
    findings: int = 0
    seconds: float = 0.0
    corrected: int = 0  # answers whose themes a facilitator set in the review workbook


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


def slug(text: str) -> str:
    """Return a file-name-safe lower-case ASCII version of ``text``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def _execute(task: Task, lang: str) -> dict:
    """Execute and export one task (in a forked child); return a plain result."""
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
        pages = []
        if task.participant_html is not None:
            pages.append(str(publish.export_html(executed, task.participant_html, kind="participant", lang=lang, title=task.title)))
        if task.researcher_html is not None:
            pages.append(str(publish.export_html(executed, task.researcher_html, kind="researcher", lang=lang, title=task.title)))
        scanned = [task.executed, *map(Path, pages)]
        findings = []
        if _SCANNER is not None and _SCAN_ROOT is not None:
            findings = _SCANNER.scan_files(scanned, root=_SCAN_ROOT)
        return {"ok": True, "pages": pages, "scanned": [str(p) for p in scanned], "findings": findings}
    except PapermillExecutionError as exc:
        return {
            "ok": False,
            "cell": exc.exec_count,
            "source": _first_line(exc.source),
            "error": f"{exc.ename}: {exc.evalue}",
            "executed": str(task.executed),
        }
    except PipelineError as exc:
        return {"ok": False, "cell": None, "error": str(exc), "executed": str(task.executed)}
    except Exception as exc:  # a bug: keep its traceback for the message
        return {"ok": False, "cell": None, "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc(), "executed": str(task.executed)}


def _child(conn, task: Task, lang: str) -> None:
    # whatever the notebook, its kernel or a library prints goes to a log beside the
    # executed copy, not over the facilitator's progress bar
    # a page lives for a fraction of a second: collecting garbage would only touch (and so
    # copy) the parent's memory pages
    gc.disable()
    log = task.executed.with_suffix(".log")
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as handle:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(handle.fileno(), 1)
        os.dup2(handle.fileno(), 2)
        result = _execute(task, lang)
        sys.stdout.flush()
        sys.stderr.flush()
    if log.stat().st_size == 0:
        log.unlink()
    conn.send(result)
    conn.close()


def run_tasks(
    tasks: list[Task], *, lang: str, jobs: int, on_done: Callable[[Task, dict], None] | None = None,
) -> None:
    """Execute ``tasks``, at most ``jobs`` at a time, each in a fresh fork of this process.

    Stops at the first failure (the others are ended) with a ``ReportError`` naming the
    notebook, the cell and the executed copy.
    """
    for task in tasks:
        _check_parameters(task)
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
                process = context.Process(target=_child, args=(send, task, lang), daemon=True)
                process.start()
                send.close()
                running[process.sentinel] = (process, receive, task)
            for sentinel in multiprocessing.connection.wait(list(running)):
                process, receive, task = running.pop(sentinel)
                result = receive.recv() if receive.poll() else None
                process.join()
                receive.close()
                if result is None:
                    result = {"ok": False, "cell": None, "executed": str(task.executed),
                              "error": f"the process ended unexpectedly (exit status {process.exitcode})"}
                if not result["ok"]:
                    _fail(task, result)
                if on_done is not None:
                    on_done(task, result)
    finally:
        for process, receive, _ in running.values():
            process.terminate()
            process.join()
            receive.close()


def _first_line(source: str) -> str:
    lines = [line.strip() for line in (source or "").splitlines() if line.strip()]
    if not lines:
        return ""
    return lines[0] if len(lines[0]) <= 60 else lines[0][:57] + "..."


def _fail(task: Task, result: dict) -> None:
    where = f"cell {result['cell']}" if result.get("cell") else "a cell"
    if result.get("source"):
        # the number counts papermill's injected cell too: the code makes the cell findable
        where += f" ({result['source']})"
    message = f"notebook {task.notebook.name} ({task.name}) failed in {where}: {result['error'].rstrip('.')}."
    if result.get("traceback"):
        # a bug in samenspel itself: the traceback goes with the executed copy
        Path(result["executed"]).with_suffix(".traceback.txt").write_text(result["traceback"], encoding="utf-8")
    raise ReportError(message, hint=f"The executed copy is at {result['executed']}. The published reports are unchanged.")


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
    for path in (config.obstacles.codebook, config.privacy.names_file, workbook_path(config.round_dir)):
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


def _provenance(config: RoundConfig, inputs: list[Path], parameters: dict, started: datetime, corrected: int = 0) -> dict:
    return {
        "round": config.id,
        "title": config.title,
        "inputs": [
            {"file": str(p), "sha256": file_sha256(p), "bytes": p.stat().st_size} for p in inputs
        ],
        "parameters": parameters,
        "random_state": config.obstacles.random_state,
        "corrected_themes": corrected,
        "versions": _versions(),
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _earlier_rounds(config: RoundConfig, out: Path) -> list[publish.Link]:
    """Return links to the published reports of the rounds before this one."""
    links = []
    previous = config.previous
    seen = set()
    while previous is not None and previous not in seen:
        seen.add(previous)
        try:
            earlier = load_round_config(previous)
        except PipelineError:
            break
        index = out.parent / earlier.id / "index.html"
        if index.exists():
            links.append(publish.Link(f"../{earlier.id}/index.html", earlier.title))
        previous = earlier.previous
    return links


def build_reports(
    config: RoundConfig,
    *,
    out: Path,
    lang: str = "nl",
    jobs: int = 1,
    extra_notebooks: Path | None = None,
    on_page: Callable[[Path], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    notebooks: Path = NOTEBOOKS,
) -> RunResult:
    """Build every page of the round into ``out``; publish only when complete and clean.

    ``notebooks`` is the folder with ``analysis.ipynb``, ``community.ipynb`` and
    ``initiative.ipynb`` (the project's own, unless a community keeps adapted copies).
    """
    started = datetime.now(UTC)
    # read the round first: bad input fails here, before anything is written
    current = load_round(config)
    # the files round.toml names besides the exports: a wrong path fails here, not mid-build
    codebook = load_codebook(config.obstacles.codebook)
    privacy.load_names(config.privacy.names_file)
    previous = load_round(load_round_config(config.previous)) if config.previous is not None else None
    # a bad review workbook (this round's or the previous one's) fails here, before anything is written
    for round in (current, previous):
        if round is not None:
            secret = privacy.community_secret(round.config.community)
            keys = pd.Index(privacy.response_pseudonyms(round, secret=secret).to_numpy())
            round_themes(pd.DataFrame(index=keys), round.config, codebook, check_only=True)
    for round in (current, previous):
        if round is not None:
            preload_round(round)
    scanner = _privacy_scanner(config, current, previous)
    researcher_notebooks = _researcher_notebooks(extra_notebooks)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    build = out.parent / f".{out.name}.building-{os.getpid()}"
    failed = out.parent / f"{out.name}.failed"
    for folder in (build, _research(build)):
        if folder.exists():
            shutil.rmtree(folder)
    build.mkdir()
    result = RunResult(out=out)
    global _SCANNER, _SCAN_ROOT
    _SCANNER, _SCAN_ROOT = scanner, build
    findings: list[privacy.Finding] = []
    scanned: set[Path] = set()
    try:
        data = build / "data"
        nb_dir = build / "notebooks"
        (nb_dir / "initiatives").mkdir(parents=True)
        base = {"data_dir": str(data), "lang": lang, "round_id": config.id}
        analysis = Task(
            "analysis", notebooks / "analysis.ipynb", nb_dir / "analysis.ipynb",
            {**base, "round_dir": str(config.round_dir)}, t("index.researchers", lang),
            researcher_html=build / "researchers" / "analysis.html",
        )
        planned = 2 + len(researcher_notebooks)
        if on_plan:
            on_plan(planned + current.responses["initiative"].nunique())

        def done(task: Task, outcome: dict) -> None:
            for page in outcome.get("pages", []):
                result.pages.append(Path(page))
            findings.extend(outcome.get("findings", []))
            scanned.update(Path(p) for p in outcome.get("scanned", []))
            if on_page:
                on_page((task.participant_html or task.researcher_html or task.executed).relative_to(build))

        warm_up(lang)
        run_tasks([analysis], lang=lang, jobs=1, on_done=done)
        initiatives = pd.read_csv(data / "initiatives.csv", dtype=str, keep_default_na=False)
        meta = preload_analysis(data).meta
        title = meta["title"]
        result.corrected = int(meta.get("corrected_themes", 0))
        tasks = [
            Task("community", notebooks / "community.ipynb", nb_dir / "community.ipynb", base,
                 t("community.title", lang, title=title),
                 participant_html=build / "community.html",
                 researcher_html=build / "researchers" / "community.html")
        ]
        links, with_code = [], []
        for row in initiatives.itertuples():
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
        run_tasks(tasks, lang=lang, jobs=jobs, on_done=done)
        result.initiatives = len(initiatives)

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
            title=title, lang=lang,
            community=publish.Link("community.html", t("index.community_link", lang)),
            initiatives=links, earlier=_earlier_rounds(config, out), researchers=researchers,
            own_notebooks=own_links, initiative_notebooks=with_code,
        ), encoding="utf-8")
        result.pages.append(build / "index.html")

        parameters = {"lang": lang, "jobs": jobs, "out": str(out),
                      "notebooks": [str(p) for p in researcher_notebooks]}
        inputs = _inputs(current) + (_inputs(previous) if previous is not None else [])
        inputs += researcher_notebooks
        (build / "provenance.json").write_text(
            json.dumps(_provenance(config, inputs, parameters, started, result.corrected), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        # the pages were scanned by the forks that wrote them; the rest is scanned here
        rest = [p for p in privacy.output_files(build, include_notebooks=True) if p not in scanned]
        findings += scanner.scan_files(rest, root=build)
        findings += scanner.scan_files(privacy.output_files(_research(build)), root=_research(build))
        result.findings = len(findings)
        privacy.assert_clean(findings)
    except PipelineError as exc:
        # kept for inspection, never published: the message names files where they now are
        _keep_failed(build, failed)
        def moved(text: str) -> str:
            text = text.replace(str(_research(build)), str(_research(failed)))
            return text.replace(str(build), str(failed))

        raise type(exc)(moved(exc.message), hint=moved(exc.hint)) from None
    except BaseException:
        for folder in (build, _research(build)):
            shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        _SCANNER, _SCAN_ROOT = None, None
    with _held_interrupt():
        _publish(build, out)
    result.pages = [out / p.relative_to(build) for p in result.pages]
    result.seconds = (datetime.now(UTC) - started).total_seconds()
    return result


def _privacy_scanner(config: RoundConfig, current: Round, previous: Round | None) -> privacy.Scanner:
    """Return the scan for every personal value of this round and the previous one (whose
    data is published beside this round's), and for the secrets in use."""
    values = privacy.personal_values(current)
    if previous is not None:
        values = privacy.merge_values(values, privacy.personal_values(previous))
    secret = privacy.community_secret(config.community)
    values = privacy.merge_values(values, privacy.credential_values(secrets_in_use=(secret,)))
    return privacy.Scanner(values)


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
