"""``samenspel review ROUND_DIR``: write the workbook in which a facilitator checks and corrects the themes."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.messages import say


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("round_dir", type=Path, metavar="ROUND_DIR", help=say("review.arg.round_dir"))
    # the same option as every command's, saying what more it does here
    parser.add_argument("--lang", dest="cli_lang", choices=("nl", "en"), default=None, help=say("review.arg.lang"))


def handle(args: argparse.Namespace) -> int:
    from pipeline import privacy
    from pipeline.config import load_round_config
    from pipeline.ingest import load_round
    from pipeline.obstacles import load_codebook
    from pipeline.obstacles.review import (
        answer_key, review_rows, round_themes, workbook_path, write_workbook,
    )
    from pipeline.obstacles.themes import HELPED, OBSTACLE

    config = load_round_config(args.round_dir)
    current = load_round(config)
    config = current.config
    codebook = load_codebook(config.obstacles.codebook)
    public = privacy.public_responses(current, secret=privacy.community_secret(config.community))
    # reads (and checks) the corrections already made: a bad workbook stops here, unchanged
    themes = round_themes(public[["initiative", "initiative_name", "obstacle_text", "helped_text"]], config, codebook)
    corrections = {}
    for question, frame in ((OBSTACLE, themes.assignments), (HELPED, themes.helped)):
        for row in frame[frame["corrected"]].itertuples(index=False):
            corrections[answer_key(config.id, row.response, question)] = tuple(
                t for t in [row.theme, *str(row.secondary).split(",")] if t
            )
    rows = review_rows(config.id, themes.assignments, themes.helped)
    # like the reports: in the round's language, unless --lang asks for another
    lang = getattr(args, "cli_lang", None) or config.language
    path = write_workbook(workbook_path(config.round_dir), config.id, rows, codebook, corrections, lang=lang)
    unsure = sum(1 for r in rows if r.review and r.key not in corrections)
    print(say("review.done", rows=len(rows), path=path, unsure=unsure, corrected=len(corrections),
              round_dir=args.round_dir))
    return 0
