"""``samenspel run [ROUND_DIR] [--out DIR] [--lang nl|en] [--jobs N] [--notebooks DIR]``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipeline.errors import ConfigError

PROJECT = Path(__file__).resolve().parents[2]
DEMO = PROJECT / "surveys" / "demo"
REPORTS = PROJECT / "reports"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("round_dir", nargs="?", type=Path, metavar="ROUND_DIR",
                        help="the round folder with round.toml (default: the demo community's latest round)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="where the reports go (default: reports/<round-id>/)")
    parser.add_argument("--lang", choices=("nl", "en"), default=None,
                        help="language of the reports (default: the round's language, Dutch)")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="reports built at the same time (default: all cores)")
    parser.add_argument("--export-set", metavar="NAME",
                        help="use this fetched set (a folder name under exports/) instead of the newest one")
    parser.add_argument("--notebooks", type=Path, metavar="DIR",
                        help="also run your own notebooks from DIR and link them in the researcher section")


def latest_round(community: Path) -> Path:
    """Return the round folder of ``community`` that no other round names as its previous one."""
    from pipeline.config import load_round_config

    rounds = sorted(p.parent for p in community.glob("*/round.toml"))
    if not rounds:
        raise ConfigError(f"{community} holds no round folders.", hint="Give a ROUND_DIR.")
    previous = set()
    for folder in rounds:
        config = load_round_config(folder)
        if config.previous is not None:
            previous.add(config.previous.resolve())
    latest = [folder for folder in rounds if folder.resolve() not in previous]
    return latest[-1]


def pin_export_set(config, name: str):
    """Return ``config`` reading the fetched set ``name`` instead of the newest complete one."""
    import dataclasses

    from pipeline.exportsets import export_set_by_name

    found = export_set_by_name(config.round_dir, name)
    exports = dataclasses.replace(
        config.exports, responses=found.responses, structure=found.structure, participants=found.participants
    )
    return dataclasses.replace(config, exports=exports)


def handle(args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise ConfigError(f"--jobs {args.jobs} is not a number of workers.", hint="Use --jobs 1 or more.")
    from pipeline.config import load_round_config

    round_dir = args.round_dir if args.round_dir is not None else latest_round(DEMO)
    config = load_round_config(round_dir)
    if args.export_set:
        config = pin_export_set(config, args.export_set)
    lang = args.lang or config.language
    out = args.out if args.out is not None else REPORTS / config.id
    jobs = args.jobs or os.cpu_count() or 1

    # heavy imports only now: --help and bad folders stay quick
    from pipeline.report.runner import build_reports

    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=0, unit="page", desc=f"samenspel {config.id}", leave=False)

    def on_plan(total: int) -> None:
        if bar is not None:
            bar.total = total
            bar.refresh()

    def on_page(page: Path) -> None:
        if bar is not None:
            bar.update(1)
        else:
            print(f"written: {out / page}", flush=True)

    try:
        result = build_reports(config, out=out, lang=lang, jobs=jobs, extra_notebooks=args.notebooks,
                               on_page=on_page, on_plan=on_plan)
    finally:
        if bar is not None:
            bar.close()
    print(
        f"Reports for {config.title} ({result.initiatives} initiatives) are in {result.out}/ "
        f"— open {result.out / 'index.html'}. privacy scan: {result.findings} findings; "
        f"{result.seconds:.1f} s; themes corrected by hand: {result.corrected} answers.",
        flush=True,
    )
    return 0
