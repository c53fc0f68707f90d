"""Each initiative against the community and against its own previous round.

Every function takes a responses frame with an ``initiative`` column and ``aspect_<name>``
score columns (a ``Round``'s ``responses``, ``pipeline.public_responses`` or the
``responses`` table of ``pipeline.load_analysis``) and returns a new tidy frame:

>>> import pandas as pd
>>> from pipeline.compare import compare_initiatives
>>> responses = pd.DataFrame({"initiative": ["I01", "I01", "I02"], "aspect_relatie": [4.0, 2.0, 5.0]})
>>> compare_initiatives(responses)[["initiative", "mean", "community_median", "difference"]]
  initiative  mean  community_median  difference
0        I01   3.0               4.0        -1.0
1        I02   5.0               4.0         1.0
"""

from __future__ import annotations

import pandas as pd

ASPECT_PREFIX = "aspect_"


def aspect_columns(responses: pd.DataFrame) -> list[str]:
    """Return the ``aspect_<name>`` columns of a responses frame, in survey order.

    >>> import pandas as pd
    >>> now = pd.DataFrame({"initiative": ["I01", "I01", "I02", "I02"],
    ...                     "aspect_relatie": [4.0, 2.0, 5.0, None], "aspect_proces": [3.0, 3.0, 1.0, 5.0]})
    >>> aspect_columns(now)
    ['aspect_relatie', 'aspect_proces']
    """
    return [c for c in responses.columns if c.startswith(ASPECT_PREFIX)]


def aspect_scores(responses: pd.DataFrame) -> pd.DataFrame:
    """Return one row per initiative and aspect: ``initiative``, ``aspect``, ``n``, ``mean``.

    ``n`` counts the respondents of that initiative who scored that aspect.

    >>> import pandas as pd
    >>> now = pd.DataFrame({"initiative": ["I01", "I01", "I02", "I02"],
    ...                     "aspect_relatie": [4.0, 2.0, 5.0, None], "aspect_proces": [3.0, 3.0, 1.0, 5.0]})
    >>> aspect_scores(now)
      initiative   aspect  n  mean
    0        I01  relatie  2   3.0
    1        I01   proces  2   3.0
    2        I02  relatie  1   5.0
    3        I02   proces  2   3.0
    """
    columns = aspect_columns(responses)
    if not columns:
        return pd.DataFrame(columns=["initiative", "aspect", "n", "mean"])
    long = responses[["initiative", *columns]].melt(
        id_vars="initiative", var_name="aspect", value_name="score"
    )
    long["aspect"] = long["aspect"].str.removeprefix(ASPECT_PREFIX)
    long["score"] = pd.to_numeric(long["score"], errors="coerce").astype("float64")
    long = long.dropna(subset=["initiative", "score"])
    order = {name.removeprefix(ASPECT_PREFIX): i for i, name in enumerate(columns)}
    grouped = (
        long.groupby(["initiative", "aspect"], observed=True)["score"]
        .agg(n="count", mean="mean")
        .reset_index()
    )
    grouped["n"] = grouped["n"].astype("int64")
    grouped["_order"] = grouped["aspect"].map(order)
    return (
        grouped.sort_values(["initiative", "_order"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def community_aspects(responses: pd.DataFrame) -> pd.DataFrame:
    """Return per aspect the community's ``n``, ``median`` and ``mean`` over all respondents.

    >>> import pandas as pd
    >>> now = pd.DataFrame({"initiative": ["I01", "I01", "I02", "I02"],
    ...                     "aspect_relatie": [4.0, 2.0, 5.0, None], "aspect_proces": [3.0, 3.0, 1.0, 5.0]})
    >>> community_aspects(now)
        aspect  n  median      mean
    0  relatie  3     4.0  3.666667
    1   proces  4     3.0  3.000000
    """
    columns = aspect_columns(responses)
    rows = []
    for column in columns:
        scores = pd.to_numeric(responses[column], errors="coerce").astype("float64").dropna()
        rows.append(
            {
                "aspect": column.removeprefix(ASPECT_PREFIX),
                "n": int(scores.size),
                "median": float(scores.median()) if scores.size else float("nan"),
                "mean": float(scores.mean()) if scores.size else float("nan"),
            }
        )
    return pd.DataFrame(rows, columns=["aspect", "n", "median", "mean"])


def compare_initiatives(responses: pd.DataFrame) -> pd.DataFrame:
    """Return each initiative's aspect means beside the community median.

    Columns: ``initiative``, ``aspect``, ``n``, ``mean``, ``community_median``,
    ``community_mean``, ``difference`` (mean minus community median).

    >>> import pandas as pd
    >>> now = pd.DataFrame({"initiative": ["I01", "I01", "I02", "I02"],
    ...                     "aspect_relatie": [4.0, 2.0, 5.0, None], "aspect_proces": [3.0, 3.0, 1.0, 5.0]})
    >>> compare_initiatives(now)[["initiative", "aspect", "mean", "community_median", "difference"]]
      initiative   aspect  mean  community_median  difference
    0        I01  relatie   3.0               4.0        -1.0
    1        I01   proces   3.0               3.0         0.0
    2        I02  relatie   5.0               4.0         1.0
    3        I02   proces   3.0               3.0         0.0
    """
    own = aspect_scores(responses)
    community = community_aspects(responses).rename(
        columns={"n": "community_n", "median": "community_median", "mean": "community_mean"}
    )
    merged = own.merge(community, on="aspect", how="left")
    merged["difference"] = merged["mean"] - merged["community_median"]
    return merged[
        ["initiative", "aspect", "n", "mean", "community_median", "community_mean", "difference"]
    ]


def compare_rounds(current: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    """Return each initiative's aspect means now and in the previous round.

    Initiatives are matched by answer code. Columns: ``initiative``, ``aspect``, ``n``,
    ``mean``, ``previous_n``, ``previous_mean``, ``change``; without a previous round the
    previous columns are empty.

    >>> import pandas as pd
    >>> now = pd.DataFrame({"initiative": ["I01", "I01", "I02", "I02"],
    ...                     "aspect_relatie": [4.0, 2.0, 5.0, None], "aspect_proces": [3.0, 3.0, 1.0, 5.0]})
    >>> before = pd.DataFrame({"initiative": ["I01", "I02"],
    ...                        "aspect_relatie": [2.0, 4.0], "aspect_proces": [4.0, 2.0]})
    >>> compare_rounds(now, before)
      initiative   aspect  n  mean  previous_n  previous_mean  change
    0        I01  relatie  2   3.0           1            2.0     1.0
    1        I01   proces  2   3.0           1            4.0    -1.0
    2        I02  relatie  1   5.0           1            4.0     1.0
    3        I02   proces  2   3.0           1            2.0     1.0

    For three rounds or more, compare each round with the one before it:

    >>> rounds = {"ronde-1": before, "ronde-2": now}
    >>> names = list(rounds)
    >>> changes = pd.concat(
    ...     [compare_rounds(rounds[b], rounds[a]).assign(round=b) for a, b in zip(names, names[1:])],
    ...     ignore_index=True,
    ... )
    >>> changes.groupby("round")["change"].mean().round(2).to_dict()
    {'ronde-2': 0.5}
    """
    now = aspect_scores(current)
    if previous is None or previous.empty:
        before = pd.DataFrame(columns=["initiative", "aspect", "previous_n", "previous_mean"])
    else:
        before = aspect_scores(previous).rename(columns={"n": "previous_n", "mean": "previous_mean"})
    merged = now.merge(before, on=["initiative", "aspect"], how="left")
    merged["previous_n"] = merged["previous_n"].astype("Int64")
    merged["previous_mean"] = merged["previous_mean"].astype("float64")
    merged["change"] = merged["mean"] - merged["previous_mean"]
    return merged[["initiative", "aspect", "n", "mean", "previous_n", "previous_mean", "change"]]


def community_trend(current: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    """Return per aspect the community median now and in the previous round.

    >>> import pandas as pd
    >>> now = pd.DataFrame({"initiative": ["I01", "I01", "I02", "I02"],
    ...                     "aspect_relatie": [4.0, 2.0, 5.0, None], "aspect_proces": [3.0, 3.0, 1.0, 5.0]})
    >>> before = pd.DataFrame({"initiative": ["I01", "I02"],
    ...                        "aspect_relatie": [2.0, 4.0], "aspect_proces": [4.0, 2.0]})
    >>> community_trend(now, before)
        aspect  n  median  previous_n  previous_median  change
    0  relatie  3     4.0           2              3.0     1.0
    1   proces  4     3.0           2              3.0     0.0
    """
    now = community_aspects(current)
    if previous is None or previous.empty:
        now["previous_median"] = float("nan")
        now["previous_n"] = pd.array([pd.NA] * len(now), dtype="Int64")
    else:
        before = community_aspects(previous).rename(
            columns={"n": "previous_n", "median": "previous_median", "mean": "previous_mean"}
        )[["aspect", "previous_n", "previous_median"]]
        now = now.merge(before, on="aspect", how="left")
        now["previous_n"] = now["previous_n"].astype("Int64")
    now["change"] = now["median"] - now["previous_median"]
    return now[["aspect", "n", "median", "previous_n", "previous_median", "change"]]


def participation(ledger: pd.DataFrame, initiatives: pd.Series) -> pd.DataFrame:
    """Return per initiative how many responses were started and how many are complete.

    ``initiatives`` maps response id to initiative code for every raw row (included and
    excluded); rows whose initiative is unknown (the question was never answered) are
    counted under ``""``.

    >>> import pandas as pd
    >>> ledger = pd.DataFrame({
    ...     "row": [1, 2, 3], "response_id": [11, 12, 13],
    ...     "status": ["included", "excluded", "included"], "reason": ["", "incomplete", ""],
    ... })
    >>> participation(ledger, pd.Series({11: "I01", 12: "I01", 13: "I02"}))
      initiative  started  complete
    0        I01        2         1
    1        I02        1         1
    """
    frame = ledger[["response_id", "status", "reason"]].copy()
    frame["initiative"] = frame["response_id"].map(initiatives).fillna("").astype("string")
    frame["complete"] = frame["status"].eq("included")
    grouped = frame.groupby("initiative", observed=True).agg(
        started=("response_id", "size"), complete=("complete", "sum")
    )
    grouped = grouped.astype("int64").reset_index()
    return grouped.sort_values("initiative", kind="stable").reset_index(drop=True)
