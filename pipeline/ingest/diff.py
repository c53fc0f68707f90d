"""What changed in the questions between two rounds of a survey, matched by question code."""

from __future__ import annotations

import pandas as pd

from pipeline.model import Structure

DIFF_COLUMNS = ["change", "question", "subquestion", "answer", "old", "new", "language"]


def _text(row: pd.Series, prefix: str, languages: list[str]) -> tuple[str, str]:
    """Return the first non-empty ``prefix`` text of ``row`` in ``languages``, and its language."""
    for lang in languages:
        value = row.get(f"{prefix}_{lang}", "")
        if isinstance(value, str) and value:
            return value, lang
    return "", languages[0]


def _text_change(old: pd.Series, new: pd.Series, languages: list[str], prefix: str) -> tuple[str, str, str] | None:
    for lang in languages:
        a, b = old.get(f"{prefix}_{lang}", ""), new.get(f"{prefix}_{lang}", "")
        if a != b:
            return a, b, lang
    return None


def diff_questions(old: Structure, new: Structure, language: str | None = None) -> pd.DataFrame:
    """Return one row per change from ``old`` to ``new``.

    ``change`` is one of ``added``, ``removed``, ``type``, ``text``, ``subquestion_added``,
    ``subquestion_removed``, ``subquestion_text``, ``option_added``, ``option_removed``,
    ``option_renamed``; ``old``/``new`` hold the texts, labels or types compared, in
    ``language`` when both rounds have it (else the survey's base language), and ``language``
    says which. A text counts as changed when it changed in any language both rounds have.
    """
    both = [x for x in new.languages if x in old.languages] or [new.base_language]
    # the language asked for first, then the base language, then the others
    languages = list(dict.fromkeys(x for x in (language, new.base_language, *both) if x in both))
    rows: list[dict[str, str]] = []
    old_q = old.questions.set_index("code", drop=False)
    new_q = new.questions.set_index("code", drop=False)
    for code in old_q.index:
        if code not in new_q.index:
            text, lang = _text(old_q.loc[code], "text", languages)
            rows.append({"change": "removed", "question": code, "old": text, "language": lang})
    for code in new_q.index:
        if code not in old_q.index:
            text, lang = _text(new_q.loc[code], "text", languages)
            rows.append({"change": "added", "question": code, "new": text, "language": lang})
            continue
        a, b = old_q.loc[code], new_q.loc[code]
        if a["type"] != b["type"]:
            rows.append({"change": "type", "question": code, "old": a["type"], "new": b["type"]})
        changed = _text_change(a, b, languages, "text")
        if changed:
            rows.append({"change": "text", "question": code, "old": changed[0], "new": changed[1], "language": changed[2]})
        rows += _children(old.subquestions, new.subquestions, code, languages, "subquestion", "text")
        rows += _children(old.answers, new.answers, code, languages, "option", "label")
    filled = [{column: row.get(column, "") for column in DIFF_COLUMNS} for row in rows]
    return pd.DataFrame(filled, columns=DIFF_COLUMNS, dtype="string")


def _children(old: pd.DataFrame, new: pd.DataFrame, code: str, languages: list[str], what: str,
              prefix: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    a = old[old["question"] == code].set_index(["scale", "code"], drop=False)
    b = new[new["question"] == code].set_index(["scale", "code"], drop=False)
    key = "subquestion" if what == "subquestion" else "answer"
    for idx in a.index:
        if idx not in b.index:
            text, lang = _text(a.loc[idx], prefix, languages)
            rows.append({"change": f"{what}_removed", "question": code, key: idx[1], "old": text, "language": lang})
    for idx in b.index:
        if idx not in a.index:
            text, lang = _text(b.loc[idx], prefix, languages)
            rows.append({"change": f"{what}_added", "question": code, key: idx[1], "new": text, "language": lang})
            continue
        changed = _text_change(a.loc[idx], b.loc[idx], languages, prefix)
        if changed:
            name = "subquestion_text" if what == "subquestion" else "option_renamed"
            rows.append({"change": name, "question": code, key: idx[1], "old": changed[0], "new": changed[1],
                         "language": changed[2]})
    return rows
