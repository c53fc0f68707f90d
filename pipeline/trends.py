"""The learning community over every round of the ``previous`` chain.

Pure functions, frames in and frames out. Each takes one frame per round in a mapping from
round id to frame, oldest round first (a ``dict`` keeps that order). Rounds are matched by
question code (an aspect by its subquestion code): a question a round did not ask is a gap
(``NaN``, ``<NA>``), never a zero; a theme nobody named in a round that asked for obstacles
is a real zero.

>>> import pandas as pd
>>> rounds = {
...     "ronde-1": pd.DataFrame({"initiative": ["I01", "I02"], "aspect_relatie": [2.0, 4.0]}),
...     "ronde-2": pd.DataFrame({"initiative": ["I01", "I02", "I03"], "aspect_relatie": [3.0, 5.0, 4.0],
...                              "aspect_proces": [1.0, 2.0, 3.0]}),
... }
>>> aspect_trend(rounds)[["round", "aspect", "n", "median"]]
     round   aspect  n  median
0  ronde-1  relatie  2     3.0
1  ronde-1   proces  0     NaN
2  ronde-2  relatie  3     4.0
3  ronde-2   proces  3     2.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from pipeline.compare import ASPECT_PREFIX, aspect_columns

# the columns of trends.csv, one row per round, initiative ("" for the community), measure and item
TREND_COLUMNS = ["round", "round_order", "initiative", "measure", "item", "value", "n"]
CHANGE_NEW = "new"
CHANGE_GONE = "no_longer"


def _scores(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_numeric(frame[column], errors="coerce").astype("float64").dropna()


def participation_trend(responses: Mapping[str, pd.DataFrame], raw_rows: Mapping[str, int]) -> pd.DataFrame:
    """Return per round the raw rows of the export, the included responses and the initiatives that answered.

    >>> import pandas as pd
    >>> participation_trend({"r1": pd.DataFrame({"initiative": ["I01", "I01", "I02"]})}, {"r1": 5})
      round  round_order  raw_rows  responses  initiatives
    0    r1            1         5          3            2
    """
    rows = []
    for order, (round_id, frame) in enumerate(responses.items(), start=1):
        rows.append({
            "round": round_id,
            "round_order": order,
            "raw_rows": int(raw_rows[round_id]),
            "responses": int(len(frame)),
            "initiatives": int(frame["initiative"].dropna().nunique()),
        })
    return pd.DataFrame(rows, columns=["round", "round_order", "raw_rows", "responses", "initiatives"])


def _union(names: Iterable[Iterable[str]]) -> list[str]:
    """Return the names in first-seen order over every round."""
    return list(dict.fromkeys(name for group in names for name in group))


def aspect_trend(responses: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Return per round and aspect the community's ``n``, ``median``, ``q1`` and ``q3`` (the spread).

    Every aspect any round asked appears in every round; where a round did not ask it,
    ``n`` is 0 and the figures are ``NaN``.

    >>> import pandas as pd
    >>> now = pd.DataFrame({"initiative": ["I01", "I02", "I03", "I04"], "aspect_relatie": [1.0, 2.0, 4.0, 5.0]})
    >>> aspect_trend({"r1": now})[["aspect", "n", "median", "q1", "q3"]]
        aspect  n  median    q1    q3
    0  relatie  4     3.0  1.75  4.25
    """
    aspects = _union([c.removeprefix(ASPECT_PREFIX) for c in aspect_columns(f)] for f in responses.values())
    rows = []
    for order, (round_id, frame) in enumerate(responses.items(), start=1):
        for aspect in aspects:
            column = ASPECT_PREFIX + aspect
            scores = _scores(frame, column) if column in frame else pd.Series(dtype="float64")
            rows.append({
                "round": round_id,
                "round_order": order,
                "aspect": aspect,
                "n": int(scores.size),
                "median": float(scores.median()) if scores.size else np.nan,
                "q1": float(scores.quantile(0.25)) if scores.size else np.nan,
                "q3": float(scores.quantile(0.75)) if scores.size else np.nan,
            })
    return pd.DataFrame(rows, columns=["round", "round_order", "aspect", "n", "median", "q1", "q3"])


def question_trend(responses: Mapping[str, pd.DataFrame], questions: Iterable[str], *, min_n: int = 1) -> pd.DataFrame:
    """Return per round and numeric question (by code) the community's ``n`` and ``median``.

    A round without the question has ``n`` <NA> and ``median`` NaN (a gap); a median over
    fewer than ``min_n`` answers is held back (NaN, with its ``n``).

    >>> import pandas as pd
    >>> rounds = {"r1": pd.DataFrame({"vrijwilligers": [10.0, 20.0]}),
    ...           "r2": pd.DataFrame({"vrijwilligers": [12.0, 30.0, 40.0], "bezoekers": [50.0, 70.0, 90.0]})}
    >>> question_trend(rounds, ["vrijwilligers", "bezoekers"])
      round  round_order       question  n  median
    0    r1            1  vrijwilligers  2    15.0
    1    r1            1      bezoekers  <NA>     NaN
    2    r2            2  vrijwilligers  3    30.0
    3    r2            2      bezoekers  3    70.0
    """
    rows = []
    codes = list(questions)
    for order, (round_id, frame) in enumerate(responses.items(), start=1):
        for code in codes:
            if code not in frame:
                rows.append({"round": round_id, "round_order": order, "question": code, "n": pd.NA, "median": np.nan})
                continue
            scores = _scores(frame, code)
            shown = scores.size >= max(min_n, 1)
            rows.append({"round": round_id, "round_order": order, "question": code, "n": int(scores.size),
                         "median": float(scores.median()) if shown else np.nan})
    out = pd.DataFrame(rows, columns=["round", "round_order", "question", "n", "median"])
    out["n"] = out["n"].astype("Int64")
    out["median"] = out["median"].astype("float64")
    return out


def _stack(parts: list[pd.DataFrame], order: Mapping[str, int], columns: list[str], by: list[str]) -> pd.DataFrame:
    """Return the parts as one frame with each round's ``round_order``, sorted by ``by`` (stable)."""
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, ignore_index=True)
    out["round_order"] = out["round"].map(order).astype("int64")
    return out.sort_values(by, kind="stable").reset_index(drop=True)[columns]


def _matrix(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return a theme x initiative count matrix indexed by theme (also when ``theme`` is a column)."""
    return matrix.set_index("theme") if "theme" in matrix.columns else matrix


def theme_trend(matrices: Mapping[str, pd.DataFrame | None], initiatives: Mapping[str, int]) -> pd.DataFrame:
    """Return per round and theme how many initiatives named it and their ``share`` of the initiatives that answered.

    ``matrices`` holds each round's theme x initiative counts, or None for a round that did
    not ask for obstacles (its figures are a gap); ``initiatives`` the number of
    initiatives that answered each round.

    >>> import pandas as pd
    >>> r1 = pd.DataFrame({"theme": ["gebouw"], "I01": [2], "I02": [0]})
    >>> r2 = pd.DataFrame({"theme": ["gebouw", "bereik"], "I01": [1, 0], "I02": [1, 3]})
    >>> theme_trend({"r1": r1, "r2": r2, "r3": None}, {"r1": 4, "r2": 4, "r3": 5})
      round  round_order   theme  initiatives  share
    0    r1            1  gebouw            1   0.25
    1    r1            1  bereik            0   0.00
    2    r2            2  gebouw            2   0.50
    3    r2            2  bereik            1   0.25
    4    r3            3  gebouw         <NA>    NaN
    5    r3            3  bereik         <NA>    NaN
    """
    themes = _union(list(_matrix(m).index) for m in matrices.values() if m is not None)
    rows = []
    for order, (round_id, matrix) in enumerate(matrices.items(), start=1):
        counts = (_matrix(matrix) > 0).sum(axis=1) if matrix is not None else None
        total = initiatives[round_id]
        for theme in themes:
            if counts is None:
                rows.append({"round": round_id, "round_order": order, "theme": theme, "initiatives": pd.NA, "share": np.nan})
                continue
            named = int(counts.get(theme, 0))
            rows.append({"round": round_id, "round_order": order, "theme": theme, "initiatives": named,
                         "share": named / total if total else np.nan})
    out = pd.DataFrame(rows, columns=["round", "round_order", "theme", "initiatives", "share"])
    out["initiatives"] = out["initiatives"].astype("Int64")
    out["share"] = out["share"].astype("float64")
    return out


def initiative_trend(aspects: Mapping[str, pd.DataFrame | None], matrices: Mapping[str, pd.DataFrame | None]) -> pd.DataFrame:
    """Return each initiative's own aspects and themes over the rounds it answered.

    ``aspects`` holds per round one row per initiative and aspect (``initiative``,
    ``aspect``, ``n``, ``mean``; a held-back figure has no mean and stays held back; None for
    a round without answers);
    ``matrices`` the theme x initiative counts. Columns: ``initiative``, ``round``,
    ``round_order``, ``kind`` (``aspect`` or ``theme``), ``item``, ``value`` (the aspect's
    mean; a theme's number of answers naming it, only where it is named), ``n``.

    >>> import pandas as pd
    >>> aspects = {"r1": pd.DataFrame({"initiative": ["I01"], "aspect": ["relatie"], "n": [3], "mean": [4.0]})}
    >>> matrices = {"r1": pd.DataFrame({"theme": ["gebouw", "regels"], "I01": [2, 0]})}
    >>> initiative_trend(aspects, matrices)[["initiative", "round", "kind", "item", "value"]]
      initiative round    kind     item  value
    0        I01    r1  aspect  relatie    4.0
    1        I01    r1   theme   gebouw    2.0
    """
    order = {round_id: i for i, round_id in enumerate(dict.fromkeys([*aspects, *matrices]), start=1)}
    parts = []
    for round_id, table in aspects.items():
        if table is None or table.empty:
            continue
        part = pd.DataFrame({
            "initiative": table["initiative"].astype("string").to_numpy(),
            "round": round_id,
            "kind": "aspect",
            "item": table["aspect"].astype("string").to_numpy(),
            "value": pd.array(table["mean"], dtype="Float64"),
            "n": pd.array(table["n"], dtype="Int64"),
        })
        parts.append(part)
    for round_id, matrix in matrices.items():
        if matrix is None:
            continue
        long = _matrix(matrix).rename_axis(index="item", columns="initiative").stack().rename("value").reset_index()
        long = long[long["value"] > 0]
        parts.append(pd.DataFrame({
            "initiative": long["initiative"].astype("string").to_numpy(),
            "round": round_id,
            "kind": "theme",
            "item": long["item"].astype("string").to_numpy(),
            "value": pd.array(long["value"].astype("float64"), dtype="Float64"),
            "n": pd.array(long["value"].astype("int64"), dtype="Int64"),
        }))
    columns = ["initiative", "round", "round_order", "kind", "item", "value", "n"]
    return _stack(parts, order, columns, ["initiative", "round_order", "kind"])


def obstacle_changes(matrices: Mapping[str, pd.DataFrame | None], answered: Mapping[str, Iterable[str]]) -> pd.DataFrame:
    """Return per initiative the themes it names for the first time (``new``) and no longer names (``no_longer``).

    Each round an initiative answered is compared with the last round before it that the
    initiative answered; ``answered`` holds per round the initiatives with an included
    response. Rounds that did not ask for obstacles are skipped.

    >>> import pandas as pd
    >>> r1 = pd.DataFrame({"theme": ["gebouw", "regels"], "I01": [1, 2]})
    >>> r2 = pd.DataFrame({"theme": ["gebouw", "bereik"], "I01": [1, 1]})
    >>> obstacle_changes({"r1": r1, "r2": r2}, {"r1": ["I01"], "r2": ["I01"]})
      initiative round  theme     change
    0        I01    r2  bereik        new
    1        I01    r2  regels  no_longer
    """
    named: dict[str, dict[str, set[str]]] = {}
    for round_id, matrix in matrices.items():
        if matrix is None:
            continue
        counts = _matrix(matrix)
        for initiative in answered[round_id]:
            column = counts[initiative] if initiative in counts.columns else pd.Series(dtype="int64")
            named.setdefault(str(initiative), {})[round_id] = {str(t) for t in column[column > 0].index}
    rows = []
    for initiative in sorted(named):
        rounds = list(named[initiative].items())
        for (_, before), (round_id, now) in zip(rounds, rounds[1:]):
            rows += [{"initiative": initiative, "round": round_id, "theme": t, "change": CHANGE_NEW} for t in sorted(now - before)]
            rows += [{"initiative": initiative, "round": round_id, "theme": t, "change": CHANGE_GONE} for t in sorted(before - now)]
    return pd.DataFrame(rows, columns=["initiative", "round", "theme", "change"])


def trends_table(
    participation: pd.DataFrame,
    aspects: pd.DataFrame,
    questions: pd.DataFrame,
    themes: pd.DataFrame,
    initiatives: pd.DataFrame,
    changes: pd.DataFrame,
) -> pd.DataFrame:
    """Return the trends of every round as one long table (``trends.csv``).

    Columns: ``round``, ``round_order``, ``initiative`` (empty for the community),
    ``measure``, ``item`` (aspect, question code or theme), ``value`` (NaN for a gap) and
    ``n`` (what the value rests on). Measures: ``responses``, ``initiatives``,
    ``aspect_median``, ``aspect_q1``, ``aspect_q3``, ``question_median``, ``theme_share``;
    per initiative ``aspect_mean``, ``theme_answers``, ``obstacle_new``, ``obstacle_no_longer``.

    >>> import pandas as pd
    >>> responses = {"r1": pd.DataFrame({"initiative": ["I01", "I02"], "aspect_relatie": [3.0, 5.0]})}
    >>> matrices = {"r1": pd.DataFrame({"theme": ["gebouw"], "I01": [1], "I02": [0]})}
    >>> table = trends_table(
    ...     participation_trend(responses, {"r1": 3}), aspect_trend(responses),
    ...     question_trend(responses, []), theme_trend(matrices, {"r1": 2}),
    ...     initiative_trend({}, matrices), obstacle_changes(matrices, {"r1": ["I01", "I02"]}))
    >>> table[["initiative", "measure", "item", "value", "n"]]
      initiative        measure     item  value  n
    0                 aspect_median  relatie    4.0  2
    1                     aspect_q1  relatie    3.5  2
    2                     aspect_q3  relatie    4.5  2
    3                   initiatives             2.0  2
    4                     responses             2.0  3
    5                   theme_share   gebouw    0.5  1
    6        I01      theme_answers   gebouw    1.0  1
    """
    order = dict(zip(participation["round"], participation["round_order"], strict=True))
    parts = []

    def add(frame: pd.DataFrame, measure: str, item: str | None, value: str, n: str | None, initiative: str | None = None) -> None:
        if frame.empty:
            return
        parts.append(pd.DataFrame({
            "round": frame["round"].astype("string").to_numpy(),
            "initiative": frame[initiative].astype("string").to_numpy() if initiative else "",
            "measure": measure,
            "item": frame[item].astype("string").to_numpy() if item else "",
            "value": pd.to_numeric(frame[value], errors="coerce").astype("float64").to_numpy(),
            "n": pd.array(frame[n], dtype="Int64") if n else pd.array([pd.NA] * len(frame), dtype="Int64"),
        }))

    add(participation, "responses", None, "responses", "raw_rows")
    add(participation, "initiatives", None, "initiatives", "responses")
    for stat in ("median", "q1", "q3"):
        add(aspects, f"aspect_{stat}", "aspect", stat, "n")
    add(questions, "question_median", "question", "median", "n")
    add(themes, "theme_share", "theme", "share", "initiatives")
    by_kind = {kind: initiatives[initiatives["kind"] == kind] for kind in ("aspect", "theme")}
    add(by_kind["aspect"], "aspect_mean", "item", "value", "n", "initiative")
    add(by_kind["theme"], "theme_answers", "item", "value", "n", "initiative")
    for change in (CHANGE_NEW, CHANGE_GONE):
        rows = changes[changes["change"] == change].assign(value=1.0)
        add(rows, f"obstacle_{change}", "theme", "value", None, "initiative")
    # items keep their survey (aspects, questions) or first-seen (themes) order within a measure
    return _stack(parts, order, TREND_COLUMNS, ["round_order", "initiative", "measure"])
