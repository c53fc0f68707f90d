"""Participant HTML from Jinja2 templates: every value is escaped by the template engine.

The templates live in the package (``templates/pages``), beside nbconvert's page templates.
Python code hands them data (texts, numbers, :class:`Cell`s); it never builds markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from pipeline.report.i18n import t


@dataclass(frozen=True)
class Cell:
    """A table cell that is more than one text: held back, with a note, or several lines."""

    text: str = ""
    # shown small after the text, e.g. "(n = 4)"; ``note_class`` styles it (e.g. "tag")
    note: str = ""
    note_class: str = ""
    # a figure the privacy rules hold back: ``text`` says so
    held: bool = False
    # several texts, one per line (e.g. what helped, told by several people)
    lines: tuple[str, ...] = ()


@cache
def environment() -> Environment:
    """Return the one template environment of this process (autoescape on, undefined is an error)."""
    env = Environment(
        loader=PackageLoader("pipeline.report", "templates/pages"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        auto_reload=False,
    )
    env.globals["t"] = t
    return env


def render(name: str, /, **context: object) -> Markup:
    """Return the template ``name`` rendered with ``context``, as markup."""
    return Markup(environment().get_template(name).render(**context))


def compile_templates() -> None:
    """Compile every template once, so that a forked page builder starts with them compiled."""
    env = environment()
    for name in env.list_templates():
        env.get_template(name)
