"""``samenspel obstacles CSV --text-column COL [--id-column COL] [--codebook FILE] --out CSV``."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("csv", type=Path, metavar="CSV", help="a UTF-8 CSV file with one answer per row")
    parser.add_argument("--text-column", required=True, metavar="COL", help="the column with the free text")
    parser.add_argument("--id-column", default=None, metavar="COL",
                        help="the column that identifies a row (default: the row number, from 1)")
    parser.add_argument("--codebook", type=Path, default=None, metavar="FILE",
                        help="a codebook TOML file (default: the built-in Dutch codebook)")
    parser.add_argument("--out", type=Path, required=True, metavar="CSV",
                        help="where to write id,theme,label,score (one row per input row)")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the labels (default: nl)")
    parser.add_argument("--random-state", type=int, default=0, metavar="N",
                        help="seed for grouping the answers the codebook does not cover (default: 0)")
    parser.add_argument("--min-score", type=float, default=0.3, metavar="X",
                        help="answers scoring lower for every theme form new groups (default: 0.3)")


def handle(args: argparse.Namespace) -> int:
    from pipeline.errors import ConfigError
    from pipeline.obstacles import load_codebook
    from pipeline.obstacles.files import theme_csv

    if not 0.0 <= args.min_score <= 1.0:
        raise ConfigError(f"--min-score must lie between 0 and 1, not {args.min_score}.", hint="For example --min-score 0.3.")
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
    print(
        f"{len(result)} rows: {answered} themed ({emergent} in new groups), "
        f"{len(result) - answered} without an answer. Written to {args.out}."
    )
    return 0
