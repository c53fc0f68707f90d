"""The report stage: the analysis notebook once, then the participant pages, as HTML.

Modules are imported on first use, so a page builder imports only what a page needs.
"""

import importlib
import sys
from typing import Any

# nbformat's schema validation imports jsonschema, which compiles an IRI grammar from the
# optional rfc3987-syntax package on import (1.5 s, on every run). Notebook validation
# checks no IRI formats, so that package is declared unavailable before anything imports it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

__all__ = ["Analysis", "analyse_round", "load_analysis"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("pipeline.report.analysis"), name)
    raise AttributeError(f"module 'pipeline.report' has no attribute {name!r}")
