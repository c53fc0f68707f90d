"""``samenspel run [ROUND_DIR] [--out DIR] [--lang nl|en] [--jobs N] [--notebooks DIR]``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import ConfigError
from pipeline.messages import say
from pipeline.resources import default_reports_dir, resource

if TYPE_CHECKING:
    from pipeline.config import RoundConfig
    from pipeline.report.runner import RunResult


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("round_dir", nargs="?", type=Path, metavar="ROUND_DIR", help=say("run.arg.round_dir"))
    parser.add_argument("--out", type=Path, metavar="DIR", help=say("run.arg.out"))
    parser.add_argument("--lang", choices=("nl", "en"), default=None, help=say("run.arg.lang"))
    parser.add_argument("--jobs", type=int, default=None, metavar="N", help=say("run.arg.jobs"))
    parser.add_argument("--export-set", metavar="NAME", help=say("run.arg.export_set"))
    parser.add_argument("--notebooks", type=Path, metavar="DIR", help=say("run.arg.notebooks"))


def latest_round(community: Path) -> Path:
    """Return the round folder of ``community`` that no other round names as its previous one."""
    from pipeline.config import load_round_config

    rounds = sorted(p.parent for p in community.glob("*/round.toml"))
    if not rounds:
        raise ConfigError(key="run.no_rounds", folder=community)
    previous = set()
    for folder in rounds:
        config = load_round_config(folder)
        if config.previous is not None:
            previous.add(config.previous.resolve())
    latest = [folder for folder in rounds if folder.resolve() not in previous]
    return latest[-1]


def check_jobs(jobs: int | None) -> int:
    """Return the number of workers to use, refusing a number below 1."""
    if jobs is not None and jobs < 1:
        raise ConfigError(key="run.jobs", jobs=jobs)
    return jobs or os.cpu_count() or 1


def build_round(config: RoundConfig, *, out: Path, lang: str, jobs: int, notebooks: Path | None = None,
                export_set: str | None = None) -> RunResult:
    """Build one round's reports with a progress bar (or a line per page) and print where they are."""
    from pipeline.config import check_codebook

    check_codebook(config)
    # heavy imports only now: --help and bad folders stay quick
    from pipeline.report.runner import build_reports

    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=0, unit="page", desc=say("run.progress", round=config.id), leave=False)

    def on_plan(total: int) -> None:
        if bar is not None:
            bar.total = total
            bar.refresh()

    def on_stale(folders: list[Path]) -> None:
        print(say("run.stale", n=len(folders), names=", ".join(f.name for f in folders)), file=sys.stderr, flush=True)

    def on_page(page: Path) -> None:
        if bar is not None:
            bar.update(1)
        else:
            print(say("run.written", page=out / page), flush=True)

    try:
        result = build_reports(config, out=out, lang=lang, jobs=jobs, export_set=export_set,
                               extra_notebooks=notebooks, on_page=on_page, on_plan=on_plan, on_stale=on_stale)
    finally:
        if bar is not None:
            bar.close()
    print(say("run.done", title=config.title, initiatives=result.initiatives, out=result.out,
              index=result.out / "index.html", findings=result.findings, seconds=result.seconds,
              corrected=result.corrected), flush=True)
    return result


def handle(args: argparse.Namespace) -> int:
    jobs = check_jobs(args.jobs)
    from pipeline.config import load_round_config

    round_dir = args.round_dir if args.round_dir is not None else latest_round(resource("surveys", "demo"))
    config = load_round_config(round_dir)
    lang = args.lang or config.language
    out = args.out if args.out is not None else default_reports_dir() / config.id
    build_round(config, out=out, lang=lang, jobs=jobs, notebooks=args.notebooks, export_set=args.export_set)
    return 0
