"""The review workbook: a facilitator checks the proposed themes and corrects them once and for good.

``review/thema-controle.xlsx`` in the round folder holds one row per obstacle answer and per
"what helped" answer: a stable key, the text, the proposed themes with their probability, and an
empty column for the facilitator's theme(s), with a drop-down of the community's theme names.
The next run applies every correction (it overrides the model); re-writing the workbook keeps
every correction; the corrections of other rounds become training examples.

The workbook's own texts (sheets, headings, theme names) are in the round's language (Dutch
by default, English on request: the catalogue's ``review.*`` entries); a workbook in either
language is read, and theme names are accepted in both.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, overload

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.config import RoundConfig, load_round_config
from pipeline.errors import InputError
from pipeline.errors import write_chosen_file
from pipeline.i18n import DEFAULT_LANGUAGE, Language
from pipeline.messages import say
from pipeline.obstacles.codebook import Codebook
from pipeline.obstacles.model import CORRECTION_WEIGHT, Example
from pipeline.obstacles.themes import HELPED, OBSTACLE, ObstacleThemes, theme_obstacles

REVIEW_DIR = "review"
WORKBOOK_NAME = "thema-controle.xlsx"
_HEADING_KEYS = ("key", "kind", "initiative", "answer", "proposed", "certainty", "check", "yours")


def sheet_name(which: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Return the name of the workbook's sheet ``which`` ("main", "themes", "about") in ``lang``."""
    return say(f"review.sheet.{which}", lang)


def headings(lang: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """Return the headings of the review sheet in ``lang``."""
    return tuple(say(f"review.heading.{key}", lang) for key in _HEADING_KEYS)


def kinds(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Return the words for an obstacle answer and a "what helped" answer in ``lang``."""
    return {OBSTACLE: say("review.kind.obstacle", lang), HELPED: say("review.kind.helped", lang)}


# the Dutch workbook, as a facilitator gets it by default
SHEET = sheet_name("main")
HEADINGS = headings()
KEY_COLUMN, CORRECTION_COLUMN = 1, 8
SEPARATORS = (";", "\n")  # theme names may hold commas
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ReviewError(InputError):
    """A review workbook that cannot be applied (wrong theme, unknown key, another round)."""


@dataclass(frozen=True)
class ReviewRow:
    """One answer to check: its key, kind ("obstacle"/"helped"), initiative, text, proposal."""

    key: str
    kind: str
    initiative: str
    text: str
    themes: tuple[str, ...]
    probabilities: tuple[float, ...]
    review: bool


def workbook_path(round_dir: Path) -> Path:
    """Return where a round's review workbook lives (in the round folder, never under reports/)."""
    return Path(round_dir) / REVIEW_DIR / WORKBOOK_NAME


def answer_key(round_id: str, response: object, kind: str) -> str:
    """Return the stable key of one answer: round, the response's pseudonym, the question."""
    return f"{round_id}/{response}/{'B' if kind == OBSTACLE else 'H'}"


def _append_text(sheet: Any, values: Sequence[str]) -> None:
    """Append a row of plain text: every cell a string marked as such ("quote prefix"), so a
    spreadsheet never runs an answer such as "=SOM(A1)" as a formula, now or after an edit."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(_FORMULA_START):
                cell.quotePrefix = True


def _theme_names(codebook: Codebook) -> dict[str, str]:
    """Return every accepted spelling (id, Dutch and English name, folded) -> theme id."""
    names: dict[str, str] = {}
    for theme in codebook.themes:
        for name in (theme.id, theme.name_nl, theme.name_en):
            if name:
                names.setdefault(" ".join(name.casefold().split()), theme.id)
    return names


def write_workbook(
    path: Path,
    round_id: str,
    rows: Sequence[ReviewRow],
    codebook: Codebook,
    corrections: Mapping[str, tuple[str, ...]] = {},
    *,
    lang: str = DEFAULT_LANGUAGE,
) -> Path:
    """Write the review workbook (complete or not at all) in ``lang``: least certain answers
    first, the corrections already made kept in the facilitator's column."""
    lang = Language(lang)
    english = lang == Language.EN
    names = {t.id: t.name_en if english else t.name_nl for t in codebook.themes}
    kind_words, yes = kinds(lang), say("review.yes", lang)
    themes_sheet = sheet_name("themes", lang)
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name("main", lang)
    sheet.append(headings(lang))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
    ordered = sorted(
        rows,
        key=lambda r: (r.key not in corrections, not r.review, r.probabilities[0] if r.probabilities else 0.0, r.key),
    )
    for row in ordered:
        proposal = "; ".join(names.get(t, t) for t in row.themes)
        certainty = "; ".join(f"{p:.0%}" for p in row.probabilities)
        corrected = "; ".join(names.get(t, t) for t in corrections.get(row.key, ()))
        values = (
            row.key, kind_words[row.kind], row.initiative, row.text, proposal, certainty,
            yes if row.review else "", corrected,
        )
        _append_text(sheet, values)
    for cell in sheet["D"][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGH", (28, 14, 22, 70, 30, 12, 10, 30)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"

    themes = book.create_sheet(themes_sheet)
    themes.append([say("review.themes.theme", lang), say("review.themes.definition", lang)])
    for theme in codebook.themes:
        definition = (theme.definition_en or theme.definition_nl) if english else theme.definition_nl
        _append_text(themes, [names[theme.id], definition])
    if rows:
        # a drop-down of the community's theme names; several themes may be typed, separated by ";"
        check = DataValidation(
            type="list",
            # a quote in a sheet name is doubled inside the quoted name ('Thema''s')
            formula1=f"='{themes_sheet.replace(chr(39), chr(39) * 2)}'!$A$2:$A${len(codebook.themes) + 1}",
            allow_blank=True,
            showErrorMessage=False,
            promptTitle=say("review.heading.yours", lang),
            prompt=say("review.prompt", lang),
            showInputMessage=True,
        )
        sheet.add_data_validation(check)
        check.add(f"H2:H{len(rows) + 1}")

    about = book.create_sheet(sheet_name("about", lang))
    _append_text(about, [say("review.about.round", lang), round_id])
    about.append([say("review.about.explanation", lang), say("review.about.text", lang)])
    about.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return write_chosen_file(path, _stable_zip(buffer.getvalue()))


def _stable_zip(data: bytes) -> bytes:
    """Return the workbook with fixed member dates and no creation time, so reruns are byte-identical."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = _strip_dates(payload)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, payload)
    return out.getvalue()


def _strip_dates(xml: bytes) -> bytes:
    import re

    return re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", xml)


@dataclass(frozen=True)
class ReviewedAnswer:
    """One corrected answer read from a workbook: where it stands, its text and themes."""

    key: str
    text: str
    themes: tuple[str, ...]
    row: int
    # the review sheet's name in the workbook's language
    sheet: str = SHEET


def read_corrections(path: Path, codebook: Codebook, *, round_id: str | None = None) -> list[ReviewedAnswer]:
    """Return the corrections in a review workbook; a wrong theme name, or (with ``round_id``) a
    workbook of another round, raises ReviewError naming sheet, row and cell."""
    path = Path(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ReviewError(key="review.unreadable", path=path, reason=type(exc).__name__) from None
    try:
        # the workbook's language is the one its review sheet is named in
        lang = next((lang for lang in Language if sheet_name("main", lang) in book.sheetnames), None)
        if lang is None:
            raise ReviewError(key="review.no_sheet", path=path, sheet_nl=sheet_name("main", Language.NL),
                              sheet_en=sheet_name("main", Language.EN))
        main, about = sheet_name("main", lang), sheet_name("about", lang)
        if round_id is not None:
            found = None
            if about in book.sheetnames:
                cells = list(book[about].iter_rows(min_row=1, max_row=1, min_col=2, max_col=2, values_only=True))
                found = cells[0][0] if cells else None
            if found is None or str(found) != round_id:
                raise ReviewError(
                    key="review.no_round" if found is None else "review.other_round", hint_key="review.other_round.hint",
                    path=path, sheet=about, found=found, round=round_id, folder=REVIEW_DIR,
                )
        names = _theme_names(codebook)
        english = lang == Language.EN
        out = []
        sheet = book[main]
        for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            values = tuple(values) + (None,) * (len(HEADINGS) - len(values))
            key, text, given = values[KEY_COLUMN - 1], values[3], values[CORRECTION_COLUMN - 1]
            if given is None or not str(given).strip():
                continue
            cell = f"H{number}"
            if key is None or not str(key).strip():
                raise ReviewError(key="review.empty_key", path=path, sheet=main, row=number)
            themes = []
            for part in _split(str(given)):
                theme = names.get(" ".join(part.casefold().split()))
                if theme is None:
                    raise ReviewError(
                        key="review.unknown_theme", path=path, sheet=main, row=number, cell=cell, given=part,
                        themes_sheet=sheet_name("themes", lang),
                        names=", ".join(t.name_en if english else t.name_nl for t in codebook.themes),
                    )
                if theme not in themes:
                    themes.append(theme)
            out.append(ReviewedAnswer(str(key).strip(), str(text or ""), tuple(themes), number, main))
        return out
    finally:
        book.close()


def _split(value: str) -> list[str]:
    for separator in SEPARATORS[1:]:
        value = value.replace(separator, SEPARATORS[0])
    return [part.strip() for part in value.split(SEPARATORS[0]) if part.strip()]


def round_corrections(
    round_dir: Path, round_id: str, codebook: Codebook, keys: Iterable[str]
) -> dict[str, tuple[str, ...]]:
    """Return key -> corrected themes from the round's workbook ({} when there is none); a key
    that matches none of ``keys`` (this round's answers) raises ReviewError."""
    path = workbook_path(round_dir)
    if not path.is_file():
        return {}
    known = set(keys)
    out: dict[str, tuple[str, ...]] = {}
    for answer in read_corrections(path, codebook, round_id=round_id):
        if answer.key not in known:
            raise ReviewError(key="review.unknown_key", path=path, sheet=answer.sheet, row=answer.row,
                              answer=answer.key)
        out[answer.key] = answer.themes
    return out


def training_corrections(round_dirs: Iterable[Path], codebook: Codebook) -> tuple[Example, ...]:
    """Return the corrected answers of other rounds' workbooks as training examples (one per
    theme named); workbooks that cannot be read, and unknown theme names, are skipped."""
    out: list[Example] = []
    for round_dir in round_dirs:
        path = workbook_path(round_dir)
        if not path.is_file():
            continue
        try:
            answers = read_corrections(path, codebook)
        except ReviewError:
            continue
        for answer in answers:
            if answer.text.strip():
                out.extend(
                    Example(answer.text, theme, f"correction:{answer.key}", CORRECTION_WEIGHT) for theme in answer.themes
                )
    return tuple(out)


def review_rows(
    round_id: str,
    assignments: pd.DataFrame,
    helped: pd.DataFrame,
) -> list[ReviewRow]:
    """Return the rows of a workbook from one round's obstacle and "what helped" assignments.

    Both frames: columns response, initiative, text, theme, score, secondary,
    secondary_scores, review, non_answer (themes are codebook ids or emergent group ids).
    """
    rows = []
    for kind, frame in ((OBSTACLE, assignments), (HELPED, helped)):
        for row in frame.itertuples(index=False):
            if row.non_answer or not str(row.text).strip():
                continue
            themes = tuple(t for t in [row.theme, *str(row.secondary).split(",")] if t)
            scores = [float(row.score)] + [float(s) for s in str(row.secondary_scores).split(",") if s]
            rows.append(
                ReviewRow(
                    key=answer_key(round_id, row.response, kind),
                    kind=kind,
                    initiative=str(row.initiative_name or row.initiative or ""),
                    text=str(row.text),
                    themes=themes,
                    probabilities=tuple(scores[: len(themes)]),
                    review=bool(row.review),
                )
            )
    return rows


def other_rounds(config: RoundConfig) -> list[Path]:
    """Return the folders of the rounds whose corrections teach this round's model: the
    ``previous`` chain, and the community's other rounds beside this one (same community)."""
    from pipeline.errors import PipelineError

    here = Path(config.round_dir).resolve()
    found: list[Path] = []
    previous, seen = config.previous, {here}
    while previous is not None and Path(previous).resolve() not in seen:
        seen.add(Path(previous).resolve())
        found.append(Path(previous))
        try:
            previous = load_round_config(previous).previous
        except PipelineError:
            break
    for toml in sorted(here.parent.glob("*/round.toml")):
        folder = toml.parent.resolve()
        if folder in seen or not workbook_path(folder).is_file():
            continue
        try:
            if load_round_config(folder).community == config.community:
                found.append(folder)
                seen.add(folder)
        except PipelineError:
            continue
    return found


@overload
def round_themes(
    frame: pd.DataFrame, config: RoundConfig, codebook: Codebook, *, check_only: Literal[False] = False
) -> ObstacleThemes: ...
@overload
def round_themes(
    frame: pd.DataFrame, config: RoundConfig, codebook: Codebook, *, check_only: Literal[True]
) -> None: ...
def round_themes(
    frame: pd.DataFrame, config: RoundConfig, codebook: Codebook, *, check_only: bool = False
) -> ObstacleThemes | None:
    """Return a round's obstacle themes with the facilitator's corrections applied and the
    corrections of other rounds learnt from (``frame``: public responses, index = pseudonym).

    A bad workbook raises ReviewError before anything is themed; ``check_only`` stops there.
    """
    keys = {
        answer_key(config.id, response, question): (response, question)
        for response in frame.index
        for question in (OBSTACLE, HELPED)
    }
    found = round_corrections(config.round_dir, config.id, codebook, keys)
    if check_only:
        return None
    return theme_obstacles(
        frame,
        codebook=codebook,
        random_state=config.obstacles.random_state,
        corrections={keys[k]: v for k, v in found.items()},
        training=training_corrections(other_rounds(config), codebook),
    )
