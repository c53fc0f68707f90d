"""The ``samenspel`` command: one sub-command per module in this package.

Each sub-command module has ``add_arguments(parser)`` and ``handle(args) -> int`` and
keeps its heavy imports inside ``handle`` so that ``samenspel --help`` stays quick.
Any ``PipelineError`` becomes one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pipeline.errors import PipelineError

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("pipeline.cli.run", "build a round's reports (no folder: the demo community's latest round)"),
    "validate": ("pipeline.cli.validate", "check an export, a structure file or a round folder and summarise it"),
    "init": ("pipeline.cli.init", "write a round.toml for an export, with the question roles proposed"),
    "fetch": ("pipeline.cli.fetch", "download a round from LimeSurvey's RemoteControl API"),
    "obstacles": ("pipeline.cli.obstacles", "group free-text answers of any CSV into obstacle themes"),
    "codebook": ("pipeline.cli.codebook", "copy, check and grow a codebook of obstacle themes"),
    "review": ("pipeline.cli.review", "write a workbook to check and correct the themes of a round's answers"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="samenspel",
        description="Reports for learning communities of neighbourhood initiatives, from LimeSurvey rounds.",
    )
    from pipeline import __version__

    parser.add_argument("--version", action="version", version=f"samenspel {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command)
        command.set_defaults(handler=module.handle)
    return parser


def fail(message: str) -> int:
    """Print one plain line on stderr and return exit status 2."""
    print(f"samenspel: {message}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except PipelineError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("interrupted; nothing was published, earlier reports are as they were.")
