"""Build a round's reports: the analysis once, then every page, published only when complete.

The runner reads the round once into a :class:`~pipeline.report.context.ReportContext`,
has the page builders (``pipeline.report.pages``: forks of this warm process on Linux,
warm spawned workers elsewhere) execute the analysis notebook and then one notebook per
page, and builds the index. Everything is built in a temporary folder next to the output
and moved into place only when complete and clean; a run also removes the build folders
that earlier runs, killed on the way, left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import psutil

from pipeline import privacy
from pipeline.config import RoundConfig
from pipeline.errors import ConfigError, PipelineError
from pipeline.files import file_sha256, why_not_written
from pipeline.i18n import Language
from pipeline.limesurvey import slug
from pipeline.messages import Term, say
from pipeline.model import Round
from pipeline.privacy import FigureState
from pipeline.report import publish
from pipeline.report.analysis import RESEARCH_SUFFIX, load_analysis, write_page_store
from pipeline.report.context import ReportContext, report_context
from pipeline.report.i18n import t, tn
from pipeline.report.pages import (  # noqa: F401  (Task, run_tasks, start_method: the runner's API)
    START_METHOD_VARIABLE,
    STANDARD_PARAMETERS,
    PageBuilders,
    PageResult,
    Task,
    declared_parameters,
    run_tasks,
    start_method,
)
from pipeline.resources import resource

NOTEBOOKS = resource("notebooks")

__all__ = ["RunResult", "Task", "build_reports", "remove_stale_builds", "run_tasks", "slug", "start_method"]


@dataclass
class RunResult:
    """What a run wrote, for the summary line."""

    out: Path
    pages: list[Path] = field(default_factory=list)
    initiatives: int = 0
    findings: int = 0
    seconds: float = 0.0
    corrected: int = 0  # answers whose themes a facilitator set in the review workbook


def _inputs(round: Round) -> list[Path]:
    """Return every file a round was read from: its config, exports, codebook, names list."""
    from pipeline.obstacles.review import workbook_path  # not at import: it brings scikit-learn

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


def _provenance(config: RoundConfig, inputs: list[Path], parameters: dict[str, Any], started: datetime, corrected: int = 0) -> dict[str, Any]:
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


MEETING_PAGE = "bijeenkomst.html"


def _page_tasks(context: ReportContext, notebooks: Path, nb_dir: Path, base: dict[str, Any]) -> tuple[list[Task], list[publish.Link], list[publish.Link]]:
    """Return the community, meeting and initiative tasks, with the index's links to their pages and notebooks."""
    analysis = context.analysis
    assert analysis is not None, "the pages are planned after the analysis"
    lang, build, title = context.pages.lang, context.pages.build, analysis.meta.title
    tasks = [
        Task("community", notebooks / "community.ipynb", nb_dir / "community.ipynb", base,
             t("community.title", lang, title=title),
             participant_html=build / "community.html",
             researcher_html=build / "researchers" / "community.html")
    ]
    if (notebooks / "meeting.ipynb").exists():
        # the next meeting: agenda and table groups, one A4 page per table when printed
        tasks.append(Task("meeting", notebooks / "meeting.ipynb", nb_dir / "meeting.ipynb", base,
                          t("meeting.title", lang, title=title), participant_html=build / MEETING_PAGE))
    if (notebooks / "group.ipynb").exists():
        # one page per group (region) whose figures may be shown; a held-back group has none
        groups = analysis.groups
        for row in groups[groups["status"] == FigureState.PUBLISHED].itertuples():
            (nb_dir / "groups").mkdir(parents=True, exist_ok=True)
            tasks.append(Task(
                f"group {row.group}", notebooks / "group.ipynb", nb_dir / "groups" / f"{row.slug}.ipynb",
                {**base, "group": row.group}, t("group.title", lang, group=row.group, title=title),
                participant_html=build / "groups" / f"{row.slug}.html",
            ))
    links, with_code = [], []
    for row in analysis.initiatives.itertuples():
        name = slug(row.initiative)
        page = build / "initiatives" / f"{name}.html"
        tasks.append(Task(
            f"initiative {row.name}", notebooks / "initiative.ipynb", nb_dir / "initiatives" / f"{name}.ipynb",
            {**base, "initiative": row.initiative}, t("initiative.title", lang, name=row.name, title=title),
            participant_html=page,
        ))
        links.append(publish.Link(f"initiatives/{name}.html", row.name, tn("index.answers", int(row.answers), lang)))
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
    check_out(out, config)
    build = _build_folder(out)
    failed = out.parent / f"{out.name}.failed"
    researcher_notebooks = _researcher_notebooks(extra_notebooks)
    # spawned page builders warm up while the round is read
    with PageBuilders(jobs=jobs, lang=lang) as builders:
        # read the round first: bad input fails here, before anything is written
        context = report_context(config, export_set=export_set, lang=Language(lang), out=out, build=build)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            stale = remove_stale_builds(out)
            for folder in (build, _research(build)):
                if folder.exists():
                    shutil.rmtree(folder)
            build.mkdir()
        except OSError as exc:
            raise ConfigError(key="report.cannot_write", folder=out.parent, why=Term(why_not_written(exc))) from None
        if stale and on_stale is not None:
            on_stale(stale)
        try:
            result = _build(context, builders, notebooks=notebooks, jobs=jobs, started=started,
                            researcher_notebooks=researcher_notebooks, on_page=on_page, on_plan=on_plan)
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


# every build writes it: a folder that holds one is reports samenspel made, and may be replaced
PROVENANCE = "provenance.json"
# what Finder and Explorer leave in a folder someone made and opened: it is still an empty folder
_DESKTOP_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


def check_out(out: Path, config: RoundConfig) -> None:
    """Raise a ConfigError when publishing into ``out`` would replace something that is not reports.

    Publishing replaces the folder whole: only a new or empty folder, or reports an earlier
    run made, may be replaced; never a file, a round folder or a folder of other rounds' reports.
    """
    for folder in (out, _research(out)):
        if folder.exists() and not folder.is_dir():
            raise ConfigError(key="report.out_is_file", path=folder)
    if out.is_dir() and not (out / PROVENANCE).is_file() and any(p.name not in _DESKTOP_FILES for p in out.iterdir()):
        inside = out / config.id
        example = inside if not config.round_dir.resolve().is_relative_to(out) else out.parent / f"{config.id}-rapporten"
        raise ConfigError(key="report.out_not_reports", out=out, example=example, file=PROVENANCE)
    if (out / PROVENANCE).is_file():
        try:
            theirs = json.loads((out / PROVENANCE).read_text(encoding="utf-8")).get("round")
        except (ValueError, AttributeError, OSError):
            theirs = None  # damaged: still a folder an earlier run made
        if isinstance(theirs, str) and theirs != config.id:
            raise ConfigError(key="report.out_other_round", out=out, theirs=repr(theirs), ours=repr(config.id),
                              example=out.parent / config.id)


def _build(
    context: ReportContext,
    builders: PageBuilders,
    *,
    notebooks: Path,
    jobs: int,
    started: datetime,
    researcher_notebooks: list[Path],
    on_page: Callable[[Path], None] | None,
    on_plan: Callable[[int], None] | None,
) -> RunResult:
    """Build every page of the round into the context's build folder; raise if anything fails."""
    config, lang, build, out = context.config, context.pages.lang, context.pages.build, context.pages.out
    result = RunResult(out=out)
    findings: list[privacy.Finding] = []
    scanned: set[Path] = set()
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
        meeting = (notebooks / "meeting.ipynb").exists()
        groups = context.current.responses["group"].dropna().nunique() if "group" in context.current.responses else 0
        on_plan(2 + meeting + len(researcher_notebooks) + context.current.responses["initiative"].nunique() + groups)

    def done(task: Task, outcome: PageResult) -> None:
        result.pages.extend(outcome.pages)
        findings.extend(outcome.findings)
        scanned.update(outcome.scanned)
        if on_page:
            on_page((task.participant_html or task.researcher_html or task.executed).relative_to(build))

    builders.run([analysis_task], pages=context.pages, on_done=done)
    context = context.with_analysis(load_analysis(data))
    assert context.analysis is not None
    tasks, links, with_code = _page_tasks(context, notebooks, nb_dir, base)
    if context.analysis.meta.large:
        # a national network's index: one short line per initiative, the notebooks as a folder
        links = [publish.Link(link.href, link.text) for link in links]
        with_code = [publish.Link("notebooks/initiatives/", t("index.initiative_notebooks.folder", lang))]
    own_links = []
    for notebook in researcher_notebooks:
        declared = declared_parameters(notebook)
        given = {k: v for k, v in base.items() if k in declared}
        target = build / "researchers" / f"{slug(notebook.stem)}.html"
        tasks.append(Task(f"researcher notebook {notebook.name}", notebook,
                          nb_dir / "researchers" / notebook.name, given, notebook.stem,
                          researcher_html=target, kernel=True))
        (nb_dir / "researchers").mkdir(exist_ok=True)
        own_links.append(publish.Link(f"researchers/{target.name}", notebook.stem))
    # every initiative's slice of the big tables, cut once: a page reads only its own
    store = write_page_store(context.analysis, data)
    try:
        builders.run(tasks, pages=context.pages, on_done=done)
    finally:
        # a build cache, not a report: the executed notebooks read the data files without it
        shutil.rmtree(store, ignore_errors=True)
    result.initiatives = len(context.analysis.initiatives)
    result.corrected = int(context.analysis.meta.corrected_themes)

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
        meeting=publish.Link(MEETING_PAGE, t("meeting.link", lang)) if (build / MEETING_PAGE).exists() else None,
        initiatives=links, earlier=_earlier_rounds(context, out), researchers=researchers,
        own_notebooks=own_links, initiative_notebooks=with_code, groups=_index_groups(context, links, build),
    ), encoding="utf-8")
    result.pages.append(build / "index.html")

    parameters = {"lang": str(lang), "jobs": jobs, "out": str(out),
                  "notebooks": [str(p) for p in researcher_notebooks]}
    if context.export_set:
        parameters["export_set"] = context.export_set
    inputs = _inputs(context.current) + (_inputs(context.previous) if context.previous is not None else [])
    inputs += researcher_notebooks
    (build / "provenance.json").write_text(
        json.dumps(_provenance(config, inputs, parameters, started, result.corrected), indent=2, ensure_ascii=False) + "\n",
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
    return result


def _index_groups(context: ReportContext, links: list[publish.Link], build: Path) -> list[publish.GroupLinks]:
    """Return the index's initiatives per group (region), each group with its page or why it has none."""
    analysis = context.analysis
    assert analysis is not None
    if "group" not in analysis.initiatives:
        return []
    lang = context.pages.lang
    groups = analysis.groups.set_index("group")
    of = dict(zip(analysis.initiatives["initiative"], analysis.initiatives["group"], strict=True))
    by_link = {link.href: link for link in links}
    out = []
    names = [*groups.index.tolist(), None]
    for name in names:
        members = [by_link[f"initiatives/{slug(code)}.html"] for code, group in of.items()
                   if (group == name if name is not None else not isinstance(group, str))]
        if not members:
            continue
        members.sort(key=lambda link: link.text)
        if name is None:
            out.append(publish.GroupLinks(t("index.no_group", lang), None, "", members))
            continue
        row = groups.loc[name]
        page = build / "groups" / f"{row['slug']}.html"
        if row["status"] == FigureState.PUBLISHED and page.exists():
            out.append(publish.GroupLinks(str(name), publish.Link(f"groups/{row['slug']}.html",
                                          t("index.group_page", lang, group=name)), "", members))
        else:
            out.append(publish.GroupLinks(str(name), None, t("index.group_held", lang, group=name), members))
    return out


def _researcher_notebooks(folder: Path | None) -> list[Path]:
    if folder is None:
        return []
    if not folder.is_dir():
        raise ConfigError(key="report.no_notebook_folder", folder=folder)
    notebooks = sorted(p.resolve() for p in folder.glob("*.ipynb"))
    if not notebooks:
        raise ConfigError(key="report.no_notebooks", folder=folder)
    for notebook in notebooks:
        try:
            declared = declared_parameters(notebook)
        except Exception:
            raise ConfigError(key="report.unreadable_notebook", notebook=notebook) from None
        if not declared:
            raise ConfigError(key="report.no_parameters_cell", notebook=notebook, known=", ".join(STANDARD_PARAMETERS))
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
        print(f"samenspel: {say('cli.interrupted_publishing')}", file=sys.stderr, flush=True)


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
