"""The errors a user can fix. Each says what happened, where, and what to do.

The command line turns any ``PipelineError`` into one line on stderr and exit status 2;
every other exception is a bug and keeps its traceback (exit status 1).
"""

from __future__ import annotations


class PipelineError(Exception):
    """Root of every problem the user can fix; ``hint`` says what to do about it."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message} {self.hint}"
        return self.message


class ConfigError(PipelineError):
    """A round folder or its ``round.toml`` is missing or wrong."""


class InputError(PipelineError):
    """An export or structure file cannot be read as what it claims to be."""


class FetchError(PipelineError):
    """LimeSurvey could not be reached or refused the request."""


class PrivacyError(PipelineError):
    """Something personal would reach a participant; nothing was published."""


class ReportError(PipelineError):
    """A notebook failed while the reports were being built; nothing was published."""
