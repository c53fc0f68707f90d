"""The ``samenspel`` command: one sub-command per module in this package.

Each sub-command module has ``add_arguments(parser)`` and ``handle(args) -> int`` and
keeps its heavy imports inside ``handle`` so that ``samenspel --help`` stays quick.
Any ``PipelineError`` becomes one line on stderr and exit status 2. Every text is in the
facilitator's language: Dutch, or English with ``--lang en`` / ``SAMENSPEL_LANG=en``
(``pipeline.messages``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from pipeline.errors import PipelineError
from pipeline.i18n import DEFAULT_LANGUAGE, Language
from pipeline.messages import CLI_LANGUAGE, LANGUAGE_VARIABLE, MESSAGES, argparse_text, choose_language, say

# name -> module; the one-line help is the catalogue's "command.<name>"
COMMANDS: dict[str, str] = {
    "run": "pipeline.cli.run",
    "demo": "pipeline.cli.demo",
    "validate": "pipeline.cli.validate",
    "init": "pipeline.cli.init",
    "fetch": "pipeline.cli.fetch",
    "obstacles": "pipeline.cli.obstacles",
    "codebook": "pipeline.cli.codebook",
    "review": "pipeline.cli.review",
}
LANGUAGES = tuple(str(lang) for lang in Language)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="samenspel", description=say("cli.description"), epilog=say("cli.epilog"))
    from pipeline import __version__

    parser.add_argument("--version", action="version", version=f"samenspel {__version__}", help=say("cli.version"))
    parser.add_argument("--lang", dest="cli_lang", choices=LANGUAGES, default=None, help=say("cli.lang"))
    sub = parser.add_subparsers(dest="command", metavar=say("cli.command_metavar"), title=say("cli.commands_title"))
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        # a command without a catalogue entry yet keeps its module's own line (the tests ask for one)
        key = f"command.{name}"
        help_text = say(key) if key in MESSAGES else (module.__doc__ or name).strip().splitlines()[0]
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command)
        if not any("--lang" in action.option_strings for action in command._actions):
            command.add_argument("--lang", dest="cli_lang", choices=LANGUAGES, default=None, help=say("cli.lang"))
        command.set_defaults(handler=module.handle)
    return parser


def fail(message: str) -> int:
    """Print one plain line on stderr and return exit status 2."""
    print(f"samenspel: {message}", file=sys.stderr)
    return 2


@contextmanager
def _language(lang: Language) -> Iterator[None]:
    """Speak ``lang`` for this command, argparse's own texts ("usage:", its errors) included."""
    token = CLI_LANGUAGE.set(lang)
    # argparse looks its texts up through its module's gettext function at the moment of use
    original = argparse._  # type: ignore[attr-defined]
    argparse._ = argparse_text  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]
        CLI_LANGUAGE.reset(token)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = choose_language(argv)
    with _language(lang or DEFAULT_LANGUAGE):
        if lang is None:
            return fail(PipelineError(key="cli.bad_language", variable=LANGUAGE_VARIABLE,
                                      value=os.environ.get(LANGUAGE_VARIABLE, "")).render(DEFAULT_LANGUAGE))
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "handler", None):
            parser.print_help()
            return 2
        try:
            return int(args.handler(args) or 0)
        except PipelineError as exc:
            return fail(exc.render(CLI_LANGUAGE.get()))
        except KeyboardInterrupt:
            return fail(say("cli.interrupted"))
