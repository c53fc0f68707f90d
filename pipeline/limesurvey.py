"""LimeSurvey's codes, in one place: question type letters and the "other" answer.

Ingest, privacy, obstacles and the reports all need to know what a type letter means and
when an initiative is one a respondent typed in under "other"; they ask here. The letters
are LimeSurvey's (``questions.type`` in a ``.lss``; the same in 3.x to 6.x).
"""

from __future__ import annotations

import re
import unicodedata

# the answer code LimeSurvey stores for the "other" option of a list question
OTHER_CODE = "-oth-"
# ingest's code for an initiative typed in under "other": this prefix and its folded name
OTHER_INITIATIVE_PREFIX = "oth-"

# question types whose answers are answer codes
CODE_TYPES = frozenset("L!OFABCEHGIR1")
# single-choice lists (list radio, dropdown, list with comment)
LIST_TYPES = frozenset("L!O")
# arrays whose subquestions share a scale (the five aspects are one)
ARRAY_TYPES = frozenset("FAB5H:")
# arrays of points (flexible labels, 5 and 10 points): the aspects of collaboration
POINT_ARRAY_TYPES = frozenset("FAB")
NUMBER_TYPES = frozenset("NK:")
SCALE_TYPES = frozenset("5")
DATE_TYPES = frozenset("D")
YES_NO_TYPES = frozenset("Y")
GENDER_TYPES = frozenset("G")
BOX_TYPES = frozenset("MP")
# questions a respondent answers by typing: short, long, huge text, multiple short text
FREE_TEXT_TYPES = frozenset("STUQ")
# typed text also in arrays of texts
TEXT_TYPES = FREE_TEXT_TYPES | frozenset(";")
# every type whose cells hold text, boilerplate and uploads included
STRING_TYPES = TEXT_TYPES | frozenset("*|X")
UPLOAD_TYPES = frozenset("|")
# questions without a response column of their own (text display)
NO_COLUMN_TYPES = frozenset("X")
# questions whose list of answers may have a comment column
COMMENT_TYPES = frozenset("OP")
KNOWN_TYPES = CODE_TYPES | NUMBER_TYPES | SCALE_TYPES | DATE_TYPES | YES_NO_TYPES | BOX_TYPES | STRING_TYPES
# the questions a report shows as a distribution of answers
DISTRIBUTION_TYPES = LIST_TYPES | SCALE_TYPES | YES_NO_TYPES | GENDER_TYPES

# names Windows keeps for devices, whatever the extension: never a file name of ours
_RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)


def slug(text: object, *, max_length: int | None = None) -> str:
    """Return a lower-case ASCII name for ``text`` that is a safe file name on every OS.

    Letters lose their accents, anything else becomes one ``-``; a name Windows reserves
    for a device (``con``, ``aux``, ``nul``, ``com1`` …) gets a ``_`` appended.
    """
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    # cut, not trimmed again: the codes ingest made from long names stay what they were
    name = name[:max_length] if max_length is not None else name
    name = name or "x"
    return f"{name}_" if name in _RESERVED_NAMES else name


def other_initiative_code(name: object) -> str:
    """Return ingest's code for an initiative typed in under "other", stable across rounds."""
    return OTHER_INITIATIVE_PREFIX + slug(name, max_length=40)


def is_other_initiative(code: object) -> bool:
    """Return whether ``code`` is LimeSurvey's bare "other" code or ingest's code for a typed-in initiative."""
    return isinstance(code, str) and (code == OTHER_CODE or code.startswith(OTHER_INITIATIVE_PREFIX))


def initiative_key(code: object, name: object) -> str:
    """Return the key an initiative is counted by in a frame that was not ingested ("" when unknown).

    The code, except for LimeSurvey's bare "other" code (or no code), where the typed name
    tells initiatives apart: ``-oth-:<name>``.
    """
    code = code if isinstance(code, str) else ""
    name = name if isinstance(name, str) else ""
    if code in ("", OTHER_CODE) and name.strip():
        return f"{OTHER_CODE}:{' '.join(name.split())}"
    return code
