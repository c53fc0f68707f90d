"""``samenspel obstacles CSV --text-column COL [--id-column COL] [--codebook FILE] --out CSV``."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.messages import say


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("csv", type=Path, metavar="CSV", help=say("obstacles.arg.csv"))
    parser.add_argument("--text-column", required=True, metavar="COL", help=say("obstacles.arg.text_column"))
    parser.add_argument("--id-column", default=None, metavar="COL", help=say("obstacles.arg.id_column"))
    parser.add_argument("--codebook", type=Path, default=None, metavar="FILE", help=say("obstacles.arg.codebook"))
    parser.add_argument("--out", type=Path, required=True, metavar="CSV", help=say("obstacles.arg.out"))
    parser.add_argument("--lang", choices=("nl", "en"), default="nl", help=say("obstacles.arg.lang"))
    parser.add_argument("--random-state", type=int, default=0, metavar="N", help=say("obstacles.arg.random_state"))
    parser.add_argument("--min-score", type=float, default=0.3, metavar="X", help=say("obstacles.arg.min_score"))


def handle(args: argparse.Namespace) -> int:
    from pipeline.errors import ConfigError
    from pipeline.obstacles import load_codebook
    from pipeline.obstacles.files import theme_csv

    if not 0.0 <= args.min_score <= 1.0:
        raise ConfigError(key="obstacles.min_score", value=args.min_score)
    codebook = load_codebook(args.codebook)
    result = theme_csv(
        args.csv,
        args.out,
        text_column=args.text_column,
        id_column=args.id_column,
        codebook=codebook,
        random_state=args.random_state,
        min_score=args.min_score,
        language=args.lang,
    )
    answered = int((result["theme"] != "").sum())
    emergent = int(result["theme"].str.startswith("emergent-").sum())
    print(say("obstacles.done", rows=len(result), answered=answered, emergent=emergent,
              unanswered=len(result) - answered, out=args.out))
    return 0
