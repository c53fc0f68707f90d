"""``samenspel validate PATH [--json]``: check an export, a structure, an archive or a round folder."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, metavar="PATH",
                        help="a response export (csv, json, xlsx, VV), a structure (.lss, .tsv, .json), an .lsa or a round folder")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a readable summary")
    parser.add_argument("--structure", type=Path, default=None, metavar="FILE",
                        help="the survey structure to read the export with (default: the one .lss beside it, if any)")
    parser.add_argument("--max-megabytes", type=int, default=200, metavar="MB",
                        help="refuse files larger than this (default: 200)")


def _readable(summary: dict) -> str:
    lines = [f"{summary.get('file') or summary.get('kind')}"]
    lines.append(f"  format:      {summary['kind']}"
                 + (f", {summary['heading_style']} headings, {summary['answer_style']} answers"
                    if summary.get("heading_style") else ""))
    if summary.get("encoding"):
        delimiter = {";": "semicolon", ",": "comma", "\t": "tab"}.get(summary.get("delimiter") or "", summary.get("delimiter"))
        lines.append(f"  encoding:    {summary['encoding']}" + (f", {delimiter}-separated" if delimiter else ""))
    if summary.get("survey_id"):
        title = summary.get("titles", {}).get(summary.get("base_language") or "", "")
        lines.append(f"  survey:      {summary['survey_id']} {title}".rstrip())
    lines.append(f"  responses:   {summary['responses']} ({summary['complete']} complete, {summary['incomplete']} incomplete)")
    if summary.get("ledger"):
        ledger = summary["ledger"]
        lines.append("  ledger:      " + ", ".join(f"{v} {k}" for k, v in ledger.items()))
    by_type = summary.get("questions_by_type") or {}
    lines.append(f"  questions:   {len(summary['questions'])} ("
                 + ", ".join(f"{n} of type {t}" for t, n in by_type.items()) + ")")
    lines.append(f"  languages:   {', '.join(summary.get('languages') or []) or 'unknown'}")
    unmapped = summary.get("unmapped_columns") or []
    lines.append(f"  unmapped:    {len(unmapped)} column(s)" + (": " + ", ".join(unmapped[:10]) if unmapped else ""))
    for warning in summary.get("warnings") or []:
        lines.append(f"  warning:     {warning}")
    return "\n".join(lines)


def handle(args: argparse.Namespace) -> int:
    from pipeline.errors import ConfigError
    from pipeline.ingest import summarise

    if args.max_megabytes <= 0:
        raise ConfigError(f"--max-megabytes must be more than 0, not {args.max_megabytes}.", hint="For example --max-megabytes 500.")
    # the summary lists every warning of reading the file: not also as a log line
    logging.getLogger("pipeline.ingest").setLevel(logging.ERROR)
    summary = summarise(args.path, args.structure, max_megabytes=args.max_megabytes)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, default=str))
    else:
        print(_readable(summary))
    return 0
