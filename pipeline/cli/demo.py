"""``samenspel demo [--out DIR]``: the demo community's reports, from the installed package.

The demo's rounds are copied into ``DIR/surveys/demo/`` (the shipped exports are never run
in place, let alone changed) and every round is built into ``DIR/reports/<round>/``, oldest
first, as ``make demo`` does in a checkout.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
from pathlib import Path

from pipeline.messages import say

DEFAULT_OUT = Path("samenspel-demo")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help=say("demo.arg.out"))
    parser.add_argument("--lang", choices=("nl", "en"), default=None, help=say("demo.arg.lang"))
    parser.add_argument("--jobs", type=int, default=None, metavar="N", help=say("run.arg.jobs"))


def copy_demo(out: Path) -> tuple[Path, bool]:
    """Return the demo community's folder under ``out`` and whether it was copied just now."""
    from pipeline.errors import ConfigError
    from pipeline.resources import resource

    if out.exists() and not out.is_dir():
        raise ConfigError(key="demo.not_a_folder", out=out)
    community = out / "surveys" / "demo"
    if community.is_dir():
        return community, False
    if out.is_dir() and any(out.iterdir()):
        raise ConfigError(key="demo.not_empty", out=out)
    # copied beside its place and renamed, so a broken-off copy is never taken for the demo
    staging = community.with_name(f".demo.copying-{secrets.token_hex(4)}")
    staging.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copytree(resource("surveys", "demo"), staging)
        staging.rename(community)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return community, True


def rounds_oldest_first(community: Path) -> list[Path]:
    """Return the community's latest round and the rounds before it (``previous``), oldest first."""
    from pipeline.cli.run import latest_round
    from pipeline.config import load_round_config

    chain: list[Path] = []
    folder: Path | None = latest_round(community)
    while folder is not None and folder.resolve() not in {f.resolve() for f in chain}:
        chain.append(folder)
        folder = load_round_config(folder).previous
    return chain[::-1]


def handle(args: argparse.Namespace) -> int:
    from pipeline.cli.run import build_round, check_jobs
    from pipeline.config import load_round_config

    jobs = check_jobs(args.jobs)
    out: Path = args.out
    community, copied = copy_demo(out)
    print(say("demo.copied" if copied else "demo.reused", surveys=community), flush=True)
    index = None
    for round_dir in rounds_oldest_first(community):
        config = load_round_config(round_dir)
        result = build_round(config, out=out / "reports" / config.id, lang=args.lang or config.language, jobs=jobs)
        index = result.out / "index.html"
    print(say("demo.done", index=index), flush=True)
    return 0
