"""The report stage: the analysis notebook once, then the participant pages, as HTML."""

from pipeline.report.analysis import Analysis, analyse_round, load_analysis

__all__ = ["Analysis", "analyse_round", "load_analysis"]
