"""``samenspel validate PATH [--json]``: check an export, a structure, an archive or a round folder."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path
from typing import Any

from pipeline.messages import MESSAGES, say


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, metavar="PATH", help=say("validate.arg.path"))
    parser.add_argument("--json", action="store_true", help=say("validate.arg.json"))
    parser.add_argument("--structure", type=Path, default=None, metavar="FILE", help=say("validate.arg.structure"))
    parser.add_argument("--max-megabytes", type=int, default=200, metavar="MB", help=say("validate.arg.max_megabytes"))


def _named(group: str, value: str) -> str:
    """Return the catalogue's words for a value of the summary (``value`` itself when it has none)."""
    key = f"validate.{group}.{value}"
    return say(key) if key in MESSAGES else value


def _readable(summary: dict[str, Any], path: Path) -> str:
    lines = [f"{summary.get('file') or path}"]
    styles = (say("validate.styles", heading=_named("heading", summary["heading_style"]),
                  answer=_named("answer", summary["answer_style"]))
              if summary.get("heading_style") else "")
    lines.append(say("validate.format", kind=_named("kind", summary["kind"])) + styles)
    if summary.get("encoding"):
        delimiter = summary.get("delimiter") or ""
        key = f"validate.delimiter.{'tab' if delimiter == chr(9) else delimiter}"
        name = say(key) if key in MESSAGES else delimiter
        lines.append(say("validate.encoding", encoding=summary["encoding"])
                     + (say("validate.separated", delimiter=name) if name else ""))
    if summary.get("survey_id"):
        title = summary.get("titles", {}).get(summary.get("base_language") or "", "")
        lines.append(say("validate.survey", survey=f"{summary['survey_id']} {title}".rstrip()))
    lines.append(say("validate.responses", responses=summary["responses"], complete=summary["complete"],
                     incomplete=summary["incomplete"]))
    if summary.get("ledger"):
        lines.append(say("validate.ledger", ledger=", ".join(
            f"{v} {_named('status', k)}" for k, v in summary["ledger"].items())))
    by_type = summary.get("questions_by_type") or {}
    types = ", ".join(
        say("validate.of_type", n=n, type=_named("qtype", t) if f"validate.qtype.{t}" in MESSAGES
            else say("validate.of_letter", letter=t))
        for t, n in by_type.items())
    lines.append(say("validate.questions", count=len(summary["questions"]), types=types))
    languages = ", ".join(summary.get("languages") or []) or say("validate.unknown")
    lines.append(say("validate.languages", languages=languages))
    unmapped = summary.get("unmapped_columns") or []
    lines.append(say("validate.unmapped", n=len(unmapped), columns=": " + ", ".join(unmapped[:10]) if unmapped else ""))
    for warning in summary.get("warnings") or []:
        lines.append(say("validate.warning", warning=warning))
    return "\n".join(lines)


def handle(args: argparse.Namespace) -> int:
    from pipeline.errors import ConfigError
    from pipeline.ingest import summarise

    if args.max_megabytes <= 0:
        raise ConfigError(key="validate.max_megabytes", value=args.max_megabytes)
    # the summary lists every warning of reading the file: not also as a log line
    logging.getLogger("pipeline.ingest").setLevel(logging.ERROR)
    summary = summarise(args.path, args.structure, max_megabytes=args.max_megabytes)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, default=str))
    else:
        print(_readable(summary, args.path))
    return 0
