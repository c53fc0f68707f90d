"""Ingest: LimeSurvey exports and structures of every variant -> one tidy ``Round``."""

from __future__ import annotations

from typing import Any

from pipeline.ingest.ledger import build_ledger
from pipeline.ingest.participants import read_participants
from pipeline.ingest.responses import Export, read_export
from pipeline.ingest.rounds import load_round
from pipeline.ingest.structure import read_structure

__all__ = [
    "Export",
    "build_ledger",
    "diff_questions",
    "label_answers",
    "load_round",
    "read_export",
    "read_participants",
    "read_structure",
    "summarise",
]


def __getattr__(name: str) -> Any:  # the heavier helpers load on first use
    if name == "diff_questions":
        from pipeline.ingest.diff import diff_questions

        return diff_questions
    if name == "summarise":
        from pipeline.ingest.summary import summarise

        return summarise
    if name == "label_answers":
        from pipeline.ingest.labels import label_answers

        return label_answers
    raise AttributeError(name)
