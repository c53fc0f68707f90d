"""The ledger: every raw row of an export, included or excluded with a reason."""

from __future__ import annotations

from enum import StrEnum

import numpy as np
import pandas as pd


class Reason(StrEnum):
    """Why a raw row is left out of the analysis."""

    INCLUDED = ""
    INCOMPLETE = "incomplete"
    SUPERSEDED = "superseded"
    EMPTY = "empty"


def _answered(frame: pd.DataFrame, answer_columns: list[str]) -> pd.Series:
    """Return per row whether any answer column holds an answer (a ticked box counts, an unticked one not)."""
    if not answer_columns:
        return pd.Series(False, index=frame.index)
    answered = np.zeros(len(frame), dtype=bool)
    for name in answer_columns:
        col = frame[name]
        if str(col.dtype) == "boolean":
            answered |= col.fillna(False).to_numpy(bool)
        else:
            answered |= col.notna().to_numpy(bool)
    return pd.Series(answered, index=frame.index)


def build_ledger(frame: pd.DataFrame, answer_columns: list[str]) -> pd.DataFrame:
    """Return one ledger row per row of ``frame`` (file order): row, response_id, status, reason.

    Rules, in this order: an earlier attempt of a participant (same token) who has a later
    complete response is ``superseded``; a response without ``submitdate`` is
    ``incomplete``; a complete response without a single answer is ``empty``.
    """
    n = len(frame)
    ids = frame.index.to_numpy()
    if "submitdate" in frame:
        complete = frame["submitdate"].notna().to_numpy(bool)
    else:
        # an export without submitdate cannot show incompleteness; every row counts as complete
        complete = np.ones(n, dtype=bool)
    superseded = np.zeros(n, dtype=bool)
    if "token" in frame:
        tokens = frame["token"].astype("string")
        has_token = tokens.notna().to_numpy(bool) & (tokens.str.strip() != "").fillna(False).to_numpy(bool)
        order = pd.DataFrame({"token": tokens.to_numpy(), "id": ids, "complete": complete, "pos": np.arange(n)})
        order = order[has_token]
        if len(order):
            latest_complete = order[order["complete"]].groupby("token")["id"].max()
            later = order["token"].map(latest_complete)
            mask = later.notna() & (order["id"] < later)
            superseded[order.loc[mask.to_numpy(bool), "pos"].to_numpy(int)] = True
    answered = _answered(frame, answer_columns).to_numpy(bool)
    reason = np.full(n, Reason.INCLUDED.value, dtype=object)
    reason[~answered] = Reason.EMPTY.value
    reason[~complete] = Reason.INCOMPLETE.value
    reason[superseded] = Reason.SUPERSEDED.value
    status = np.where(reason == "", "included", "excluded")
    return pd.DataFrame({
        "row": np.arange(1, n + 1, dtype="int64"),
        "response_id": ids.astype("int64"),
        "status": pd.Series(status, dtype="string"),
        "reason": pd.Series(reason, dtype="string"),
    })


def ledger_counts(ledger: pd.DataFrame) -> dict[str, int]:
    """Return how many rows were included and how many excluded for each reason."""
    counts = {"included": int((ledger["status"] == "included").sum())}
    for reason in (Reason.INCOMPLETE, Reason.SUPERSEDED, Reason.EMPTY):
        counts[reason.value] = int((ledger["reason"] == reason.value).sum())
    return counts
