"""The next meeting of the learning community: the agenda, the table groups, who can help whom.

Pure functions, frames in and frames out. ``struggles`` and ``helps`` are long frames with
one row per ``initiative`` and ``theme``: the themes an initiative names as obstacles, and
the themes its "what helped" answers address.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from pipeline.errors import ConfigError

ROLE_HELPS = "helps"
ROLE_STRUGGLES = "struggles"
ROLE_OTHER = "other"
TABLE_COLUMNS = ["table", "theme", "initiative", "role"]


def _pairs(frame: pd.DataFrame) -> set[tuple[str, str]]:
    if frame is None or frame.empty:
        return set()
    return {(str(i), str(t)) for i, t in zip(frame["initiative"], frame["theme"], strict=True)}


def role_of(initiative: str, theme: str, struggles: set[tuple[str, str]], helps: set[tuple[str, str]]) -> str:
    """Return an initiative's role at a table about ``theme``: helps first, then struggles, else other.

    >>> role_of("A", "gebouw", {("A", "gebouw")}, {("A", "gebouw")})
    'helps'
    >>> role_of("A", "regels", {("A", "gebouw")}, set())
    'other'
    """
    if (initiative, theme) in helps:
        return ROLE_HELPS
    if (initiative, theme) in struggles:
        return ROLE_STRUGGLES
    return ROLE_OTHER


def _table_counts(n: int, low: int, high: int) -> tuple[int, int]:
    """Return the fewest and most tables that seat ``n`` initiatives at tables of ``low``..``high``."""
    return -(-n // high), n // low


def _check_sizes(n: int, table_size: tuple[int, int]) -> None:
    low, high = table_size
    if low < 1 or high < low:
        raise ConfigError(key="meeting.table_size", low=low, high=high)
    fewest, most = _table_counts(n, low, high)
    if n >= low and fewest > most:
        raise ConfigError(key="meeting.cannot_seat", n=n, low=low, high=high)


def seat_tables(
    initiatives: Iterable[str],
    struggles: pd.DataFrame,
    helps: pd.DataFrame,
    *,
    table_size: tuple[int, int] = (3, 6),
) -> pd.DataFrame:
    """Return the table groups of the next meeting: one row per seated initiative.

    Every initiative in ``initiatives`` sits at exactly one table of ``table_size`` (smallest,
    largest) initiatives; each table is about one theme that someone struggles with. A
    mixed-integer programme (``scipy.optimize.milp``) first gives every table at least one
    initiative that ``helps`` with its theme and two that struggle with it, wherever the
    answers allow, then seats as many initiatives as possible at a table about an obstacle
    they have. Fewer initiatives than the smallest table sit at one table. Same input, same
    tables. Columns: ``table`` (1, 2, ...), ``theme``, ``initiative``, ``role`` (``helps``,
    ``struggles``, ``other``).

    >>> import pandas as pd
    >>> struggles = pd.DataFrame({"initiative": ["A", "B", "C", "D", "E", "F"],
    ...                           "theme": ["gebouw", "gebouw", "gebouw", "regels", "regels", "regels"]})
    >>> helps = pd.DataFrame({"initiative": ["C", "F"], "theme": ["gebouw", "regels"]})
    >>> seat_tables(["A", "B", "C", "D", "E", "F"], struggles, helps, table_size=(3, 3))
       table   theme initiative       role
    0      1  gebouw          C      helps
    1      1  gebouw          A  struggles
    2      1  gebouw          B  struggles
    3      2  regels          F      helps
    4      2  regels          D  struggles
    5      2  regels          E  struggles
    """
    people = sorted(dict.fromkeys(str(i) for i in initiatives))
    struggle, help_ = _pairs(struggles), _pairs(helps)
    n = len(people)
    if n == 0:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    _check_sizes(n, table_size)
    low, high = table_size
    counts: dict[str, int] = {}
    for initiative, theme in struggle:
        if initiative in people:
            counts[theme] = counts.get(theme, 0) + 1
    # themes by how many struggle with them: table numbers follow this order
    themes = sorted(counts, key=lambda t: (-counts[t], t))
    if not themes:
        themes = sorted({t for i, t in help_ if i in people}) or [""]
    if n < low:
        group = {themes[0]: people}
    else:
        group = _solve(people, themes, struggle, help_, low, high)
    rows = []
    table = 0
    for theme in themes:
        members = group.get(theme, [])
        if not members:
            continue
        k = 1 if n < low else _tables_for(len(members), low, high)
        ordered = sorted(members, key=lambda i: ({ROLE_HELPS: 0, ROLE_STRUGGLES: 1, ROLE_OTHER: 2}[role_of(i, theme, struggle, help_)], i))
        seats: list[list[str]] = [[] for _ in range(k)]
        for position, initiative in enumerate(ordered):
            seats[position % k].append(initiative)
        for seated in seats:
            table += 1
            rows += [{"table": table, "theme": theme, "initiative": i, "role": role_of(i, theme, struggle, help_)} for i in seated]
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def _tables_for(members: int, low: int, high: int) -> int:
    """Return how many tables a theme's group fills: the fewest that keep every table within the sizes."""
    fewest, most = _table_counts(members, low, high)
    return min(max(fewest, 1), most)


def _solve(
    people: Sequence[str], themes: Sequence[str], struggle: set[tuple[str, str]], help_: set[tuple[str, str]], low: int, high: int
) -> dict[str, list[str]]:
    """Return theme -> the initiatives seated around it (the optimisation)."""
    n, m = len(people), len(themes)
    # variables: x[i, t] (n*m binary), y[t] tables per theme (m integers), then the shortfalls
    # of helpers and of strugglers per theme (2m, continuous)
    nx = n * m
    ny = m
    total = nx + ny + 2 * m

    def x(i: int, t: int) -> int:
        return i * m + t

    s = np.array([[(p, t) in struggle for t in themes] for p in people], dtype=float)
    h = np.array([[(p, t) in help_ for t in themes] for p in people], dtype=float)
    only_struggle = s * (1 - h)
    # the rules for each table come first: a missing helper or struggler costs more than
    # every initiative seated at a table about its own obstacle is worth
    weight = n + 1.0
    c = np.zeros(total)
    c[:nx] = -s.reshape(-1)
    c[nx + ny:] = weight

    rows, cols, vals, lower, upper = [], [], [], [], []
    r = 0

    def add(entries: list[tuple[int, float]], lo: float, hi: float) -> None:
        nonlocal r
        for col, val in entries:
            rows.append(r)
            cols.append(col)
            vals.append(val)
        lower.append(lo)
        upper.append(hi)
        r += 1

    for i in range(n):  # every initiative at exactly one table
        add([(x(i, t), 1.0) for t in range(m)], 1.0, 1.0)
    for t in range(m):
        seated = [(x(i, t), 1.0) for i in range(n)]
        add([*seated, (nx + t, -float(low))], 0.0, np.inf)  # at least low per table
        add([*seated, (nx + t, -float(high))], -np.inf, 0.0)  # at most high per table
        add([*[(x(i, t), h[i, t]) for i in range(n) if h[i, t]], (nx + ny + t, 1.0), (nx + t, -1.0)], 0.0, np.inf)
        add([*[(x(i, t), only_struggle[i, t]) for i in range(n) if only_struggle[i, t]],
             (nx + ny + m + t, 1.0), (nx + t, -2.0)], 0.0, np.inf)
    matrix = coo_array((vals, (rows, cols)), shape=(r, total)).tocsr()
    integrality = np.concatenate([np.ones(nx + ny), np.zeros(2 * m)])
    upper_bounds = np.concatenate([np.ones(nx), np.full(ny, n // low), np.full(2 * m, 2.0 * n)])
    result = milp(
        c,
        constraints=LinearConstraint(matrix, lower, upper),
        integrality=integrality,
        bounds=Bounds(np.zeros(total), upper_bounds),
        options={"presolve": True},
    )
    if result.x is None:  # the sizes were checked: only a solver failure gets here
        raise RuntimeError(f"the table optimisation found no solution: {result.message}")
    chosen = result.x[:nx].reshape(n, m)
    group: dict[str, list[str]] = {}
    for i, person in enumerate(people):
        group.setdefault(themes[int(np.argmax(chosen[i]))], []).append(person)
    return group


def seated_on_own_obstacle(tables: pd.DataFrame, struggles: pd.DataFrame) -> int:
    """Return how many initiatives sit at a table about an obstacle they named (the objective).

    >>> import pandas as pd
    >>> tables = pd.DataFrame({"table": [1, 1], "theme": ["gebouw"] * 2, "initiative": ["A", "B"], "role": ["struggles", "other"]})
    >>> seated_on_own_obstacle(tables, pd.DataFrame({"initiative": ["A", "B"], "theme": ["gebouw", "regels"]}))
    1
    """
    pairs = _pairs(struggles)
    return sum((str(i), str(t)) in pairs for i, t in zip(tables["initiative"], tables["theme"], strict=True))


def meeting_agenda(theme_shares: pd.DataFrame, helps: pd.DataFrame, *, n: int = 3) -> pd.DataFrame:
    """Return the proposed agenda: the ``n`` themes most shared and the ``n`` rising most since the previous round.

    ``theme_shares``: per ``theme`` the ``initiatives`` naming it now, their ``share``, and
    ``previous_share`` (NaN without a previous round: then no theme is rising). One row per
    theme on the agenda, most shared first: ``theme``, ``reason`` (``shared``, ``rising``
    or both), ``initiatives``, ``share``, ``previous_share``, ``change``, ``helpers`` (the
    initiatives that can tell what helped them, comma-separated).

    >>> import pandas as pd
    >>> shares = pd.DataFrame({"theme": ["gebouw", "bereik", "regels"], "initiatives": [8, 6, 1],
    ...                        "share": [0.8, 0.6, 0.1], "previous_share": [0.8, 0.2, 0.5]})
    >>> helps = pd.DataFrame({"initiative": ["I02", "I01"], "theme": ["bereik", "bereik"]})
    >>> meeting_agenda(shares, helps, n=1)[["theme", "reason", "change", "helpers"]]
        theme  reason  change   helpers
    0  gebouw  shared     0.0
    1  bereik  rising     0.4  I01, I02
    """
    frame = theme_shares[theme_shares["initiatives"].fillna(0) > 0].copy()
    frame["change"] = frame["share"] - frame["previous_share"]
    shared = frame.sort_values(["initiatives", "theme"], ascending=[False, True], kind="stable").head(n)
    rising = frame[frame["change"] > 0].sort_values(["change", "theme"], ascending=[False, True], kind="stable").head(n)
    reasons: dict[str, list[str]] = {}
    for reason, part in (("shared", shared), ("rising", rising)):
        for theme in part["theme"]:
            reasons.setdefault(theme, []).append(reason)
    agenda = frame[frame["theme"].isin(reasons)].copy()
    agenda["_shared"] = agenda["theme"].map(lambda t: "shared" not in reasons[t])
    agenda = agenda.sort_values(["_shared", "initiatives", "theme"], ascending=[True, False, True], kind="stable")
    by_theme: dict[str, list[str]] = {}
    for initiative, theme in sorted(_pairs(helps)):
        by_theme.setdefault(theme, []).append(initiative)
    agenda["reason"] = agenda["theme"].map(lambda t: ", ".join(reasons[t])).astype("string")
    agenda["helpers"] = agenda["theme"].map(lambda t: ", ".join(by_theme.get(t, []))).astype("string")
    columns = ["theme", "reason", "initiatives", "share", "previous_share", "change", "helpers"]
    return agenda[columns].reset_index(drop=True)


def help_edges(
    struggles: pd.DataFrame, helps: pd.DataFrame, regions: dict[str, str] | None = None, *, max_helpers: int = 3
) -> pd.DataFrame:
    """Return who can help whom: one row per ``helper``, ``initiative`` (that struggles), ``theme``.

    Each initiative gets up to ``max_helpers`` helpers per theme, best matching first when
    ``helps`` has a ``score``, then by code. With ``regions`` (initiative -> region) only
    pairs within one region, and a ``region`` column.

    >>> import pandas as pd
    >>> struggles = pd.DataFrame({"initiative": ["A", "B"], "theme": ["gebouw", "gebouw"]})
    >>> helps = pd.DataFrame({"initiative": ["B", "C"], "theme": ["gebouw", "gebouw"]})
    >>> help_edges(struggles, helps)
      helper initiative   theme region
    0      B          A  gebouw
    1      C          A  gebouw
    2      C          B  gebouw
    """
    scores = helps["score"].astype(float).tolist() if "score" in helps.columns else [0.0] * len(helps)
    best: dict[tuple[str, str], float] = {}
    for initiative, theme, score in zip(helps["initiative"], helps["theme"], scores, strict=True):
        key = (str(initiative), str(theme))
        best[key] = max(best.get(key, score), score)
    by_theme: dict[str, list[str]] = {}
    for (initiative, theme), score in sorted(best.items(), key=lambda item: (-item[1], item[0])):
        by_theme.setdefault(theme, []).append(initiative)
    rows = []
    for initiative, theme in sorted(_pairs(struggles), key=lambda p: (p[1], p[0])):
        region = regions.get(initiative, "") if regions else ""
        chosen = [h for h in by_theme.get(theme, []) if h != initiative and (not regions or regions.get(h, "") == region)]
        rows += [{"helper": h, "initiative": initiative, "theme": theme, "region": region} for h in chosen[:max_helpers]]
    out = pd.DataFrame(rows, columns=["helper", "initiative", "theme", "region"])
    return out.sort_values(["region", "helper", "initiative", "theme"], kind="stable").reset_index(drop=True)
