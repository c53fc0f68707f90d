"""The report stage: the analysis notebook once, then the participant pages, as HTML."""

import sys

# nbformat's schema validation imports jsonschema, which compiles an IRI grammar from the
# optional rfc3987-syntax package on import (1.5 s, on every run). Notebook validation
# checks no IRI formats, so that package is declared unavailable before anything imports it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from pipeline.report.analysis import Analysis, analyse_round, load_analysis

__all__ = ["Analysis", "analyse_round", "load_analysis"]
