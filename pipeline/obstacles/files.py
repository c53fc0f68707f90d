"""Read any CSV of free-text answers and write the themes found, for use outside rounds."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from pipeline.errors import InputError, write_chosen_file
from pipeline.files import decode_text, line_of
from pipeline.obstacles.codebook import Codebook
from pipeline.obstacles.estimator import ObstacleThemer

OUTPUT_COLUMNS = ("id", "theme", "label", "score")


def read_text_csv(path: Path, text_column: str, id_column: str | None = None) -> pd.DataFrame:
    """Return columns ``id`` and ``text`` from a CSV (comma, semicolon or tab separated; UTF-8 or as Excel saves it)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(key="csv.missing", path=path)
    data = path.read_bytes()
    try:
        # as Excel saved it: CSV UTF-8, or Windows-1252 ("CSV (gescheiden door lijstscheidingsteken)")
        raw = decode_text(data)
    except UnicodeDecodeError as exc:
        raise InputError(key="csv.not_utf8", path=path, line=line_of(data, exc.start)) from None
    if not raw.strip():
        raise InputError(key="csv.empty", path=path)
    first_line = raw.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(key="csv.unreadable", path=path, reason=str(exc)) from None
    header = [h.strip() for h in rows[0]]
    for wanted, option in ((text_column, "--text-column"), (id_column, "--id-column")):
        if wanted is not None and wanted not in header:
            raise InputError(key="csv.no_column", path=path, column=wanted, option=option,
                             present=", ".join(repr(h) for h in header))
    if len(set(header)) != len(header) and (header.count(text_column) > 1 or (id_column and header.count(id_column) > 1)):
        raise InputError(key="csv.column_twice", path=path, column=text_column)
    text_at = header.index(text_column)
    id_at = header.index(id_column) if id_column else None
    ids, texts = [], []
    for number, row in enumerate(rows[1:], start=1):
        if not row:
            continue
        if len(row) > len(header):
            raise InputError(key="csv.row_width", path=path, row=number, fields=len(row), width=len(header))
        row = row + [""] * (len(header) - len(row))
        ids.append(row[id_at].strip() if id_at is not None else str(number))
        texts.append(row[text_at])
    return pd.DataFrame({"id": ids, "text": texts})


def theme_csv(
    source: Path,
    out: Path,
    *,
    text_column: str,
    id_column: str | None = None,
    codebook: Codebook | None = None,
    random_state: int = 0,
    min_score: float = 0.3,
    language: str = "nl",
) -> pd.DataFrame:
    """Theme the answers in a CSV and write ``id,theme,label,score`` to ``out`` (complete or not at all)."""
    source, out = Path(source), Path(out)
    if out.exists() and out.resolve() == source.resolve():
        raise InputError(key="csv.out_is_input", out=out)
    frame = read_text_csv(source, text_column, id_column)
    themer = ObstacleThemer(codebook, min_score=min_score, random_state=random_state)
    found = themer.fit_assign(frame["text"].tolist())
    label = found["label_en"] if language == "en" else found["label_nl"]
    result = pd.DataFrame(
        {"id": frame["id"], "theme": found["theme"], "label": label, "score": found["score"].map(lambda v: f"{v:.4f}")}
    )
    write_csv_atomically(result, out)
    return result


def write_csv_atomically(frame: pd.DataFrame, out: Path) -> None:
    """Write a frame as UTF-8 CSV, replacing ``out`` only once the file is complete."""
    out = Path(out)
    if not out.parent.exists():
        raise InputError(key="csv.no_out_folder", folder=out.parent)
    write_chosen_file(out, frame.to_csv(index=False, lineterminator="\n"))
