"""The errors a user can fix. Each says what happened, where, and what to do.

The command line turns any ``PipelineError`` into one line on stderr and exit status 2;
every other exception is a bug and keeps its traceback (exit status 1).

An error raised with ``key=`` is rendered from the command line's catalogue
(``pipeline.messages``) in the language the user chose: ``str(error)`` is the English text,
``error.render(lang)`` the text in ``lang``. The catalogue's ``<key>.hint`` entry, when there
is one, is the hint (``hint_key=`` picks another one).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path, PurePath

from pipeline.files import why_not_written, write_atomically
from pipeline.i18n import Language


class PipelineError(Exception):
    """Root of every problem the user can fix; ``hint`` says what to do about it."""

    def __init__(
        self,
        message: str = "",
        *,
        hint: str = "",
        key: str | None = None,
        hint_key: str | None = None,
        **values: object,
    ) -> None:
        self.key = key
        self.hint_key = hint_key
        self.values = values
        if key is not None:
            message, hint = self._texts(Language.EN)
        super().__init__(message)
        self.message = message
        self.hint = hint

    def _texts(self, lang: str) -> tuple[str, str]:
        from pipeline.messages import MESSAGES, say

        assert self.key is not None
        hint_key = self.hint_key or f"{self.key}.hint"
        hint = say(hint_key, lang, **self.values) if hint_key in MESSAGES else ""
        return say(self.key, lang, **self.values), hint

    def render(self, lang: str) -> str:
        """Return the message and hint in ``lang`` (errors without a key have one text)."""
        message, hint = self._texts(lang) if self.key is not None else (self.message, self.hint)
        return f"{message} {hint}" if hint else message

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message} {self.hint}"
        return self.message

    def relocated(self, moves: Mapping[str, str]) -> PipelineError:
        """Return a copy of this error whose message and hint name files where they now are.

        ``moves`` maps an old folder to the new one, replaced in order (list a folder before
        one whose path is a prefix of it). Works for every subclass, whatever its
        constructor takes: the copy keeps the class and every other attribute.
        """

        def moved(text: str) -> str:
            for old, new in moves.items():
                text = text.replace(old, new)
            return text

        # not copy.copy: that calls the constructor again, with the arguments of the root's
        cls = type(self)
        clone = cls.__new__(cls, *self.args)
        clone.__dict__.update(self.__dict__)
        clone.message = moved(self.message)
        clone.hint = moved(self.hint)
        # a keyed error is rendered again from its values, in whichever language
        clone.values = {name: moved(str(v)) if isinstance(v, str | PurePath) else v for name, v in self.values.items()}
        clone.args = (clone.message, *self.args[1:])
        return clone


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


def write_chosen_file(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write a file at a place the user chose (``files.write_atomically``); a ConfigError says
    in a facilitator's words why it cannot be (read-only, a file in the way, the disk full)."""
    from pipeline.messages import Term

    try:
        return write_atomically(path, data)
    except OSError as exc:
        raise ConfigError(key="files.cannot_write", path=path, why=Term(why_not_written(exc))) from None
