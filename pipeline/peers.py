"""Ranked, bounded peers: per initiative and theme, the few other initiatives most worth contacting.

A page of a national network cannot name the thousand initiatives that share an obstacle.
``rank_peers`` orders every other initiative that could matter for an initiative's theme:

1. those whose "what helped" answers address the theme, before those that only share it;
2. then by how strongly the "what helped" answer addresses the theme (its score);
3. then by the overlap of the two initiatives' obstacle profiles (Jaccard over themes);
4. then those in the same group (region), when the round has groups;
5. last by initiative code, so that ties always fall the same way.

``bounded_peers`` keeps the first ``n`` of each list and counts the rest. Pure functions of
frames; nothing here reads files or knows about pages.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
import pandas as pd

PEER_COLUMNS = ("initiative", "theme", "peer", "kind", "shares", "score", "overlap", "same_group", "rank")
BOUNDED_COLUMNS = ("initiative", "theme", "list", "peer", "kind", "rank", "total")


class PeerKind(StrEnum):
    """Why a peer is on an initiative's list for a theme."""

    # its "what helped" answers address the theme
    HELPS = "helps"
    # it names the theme as an obstacle too
    SHARES = "shares"


class PeerList(StrEnum):
    """The bounded lists a page shows."""

    # helpers first, then initiatives that share the theme
    CONTACT = "contact"
    # only initiatives that name the theme too ("Ook genoemd door")
    ALSO_NAMED = "also_named"


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="string") for c in ("initiative", "theme", "peer", "kind")})
    frame["shares"] = pd.Series(dtype="bool")
    frame["score"] = pd.Series(dtype="float64")
    frame["overlap"] = pd.Series(dtype="float64")
    frame["same_group"] = pd.Series(dtype="bool")
    frame["rank"] = pd.Series(dtype="int64")
    return frame[list(PEER_COLUMNS)]


def profile_overlap(struggles: pd.DataFrame) -> tuple[list[str], np.ndarray]:
    """Return the initiative codes (sorted) and the Jaccard overlap of their obstacle profiles.

    ``struggles``: one row per initiative and theme it names (columns initiative, theme).
    Two initiatives without any theme overlap 0.
    """
    codes = sorted(set(struggles["initiative"].astype(str)))
    themes = sorted(set(struggles["theme"].astype(str)))
    at = {c: i for i, c in enumerate(codes)}
    column = {t: j for j, t in enumerate(themes)}
    profile = np.zeros((len(codes), len(themes)), dtype=np.float64)
    for initiative, theme in zip(struggles["initiative"].astype(str), struggles["theme"].astype(str), strict=True):
        profile[at[initiative], column[theme]] = 1.0
    shared = profile @ profile.T
    sizes = profile.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - shared
    with np.errstate(divide="ignore", invalid="ignore"):
        jaccard = np.where(union > 0, shared / union, 0.0)
    return codes, jaccard


def rank_peers(
    struggles: pd.DataFrame, helps: pd.DataFrame, groups: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Return, per initiative and theme it names, every other initiative that helps with or shares it, ranked.

    ``struggles``: columns initiative, theme (the themes an initiative names as obstacles).
    ``helps``: columns initiative, theme, score (the themes its "what helped" answers address,
    with how strongly; one row per initiative and theme). ``groups``: initiative -> group
    (region); initiatives without one share a group with no one.

    Columns of the result: initiative, theme, peer, kind (helps/shares), shares (the peer
    names the theme too), score (of the peer's helped answer, 0 for a peer that only
    shares), overlap (Jaccard of the two obstacle profiles), same_group, rank (from 1).
    Rows by theme, initiative and rank; the text columns are categorical. A national round
    has millions of pairs: ``ranked_peer_parts`` gives them one theme at a time.
    """
    parts = list(ranked_peer_parts(struggles, helps, groups))
    if not parts:
        return _empty()
    return pd.concat(parts, ignore_index=True)


def ranked_peer_parts(
    struggles: pd.DataFrame, helps: pd.DataFrame, groups: Mapping[str, str] | None = None
) -> Iterator[pd.DataFrame]:
    """Yield ``rank_peers``' rows one theme at a time (the same columns and categories in each)."""
    if struggles.empty:
        return
    struggles = struggles[["initiative", "theme"]].astype(str).drop_duplicates()
    helps = helps[["initiative", "theme", "score"]].astype({"initiative": str, "theme": str})
    helps = helps.sort_values("score", ascending=False, kind="stable").drop_duplicates(["initiative", "theme"])
    codes, jaccard = profile_overlap(struggles)
    # helpers that name no obstacle have an empty profile: they overlap no one
    extra = sorted(set(helps["initiative"]) - set(codes))
    everyone = sorted([*codes, *extra])
    position = {c: i for i, c in enumerate(everyone)}
    overlap = np.zeros((len(everyone), len(everyone)))
    own = np.array([position[c] for c in codes], dtype=np.int64)
    overlap[np.ix_(own, own)] = jaccard
    group_of = groups or {}
    group_names = sorted({g for g in group_of.values() if isinstance(g, str) and g})
    group_id = {g: i for i, g in enumerate(group_names)}
    group = np.array([group_id.get(group_of.get(c) or "", -1) for c in everyone], dtype=np.int64)

    theme_names = sorted(set(struggles["theme"]))
    theme_id = {t: i for i, t in enumerate(theme_names)}
    # every part has the same categories, so the parts concatenate and stream into one file
    people = pd.Index(everyone, dtype="string")
    themes = pd.Index(theme_names, dtype="string")
    kinds = pd.Index([str(k) for k in PeerKind], dtype="string")
    for theme in theme_names:
        sharing = np.array(sorted(position[c] for c in struggles.loc[struggles["theme"] == theme, "initiative"]))
        offered = helps[helps["theme"] == theme]
        score_of = np.zeros(len(everyone))
        helping = np.zeros(len(everyone), dtype=bool)
        if len(offered):
            where = np.array([position[c] for c in offered["initiative"]])
            score_of[where] = offered["score"].astype(float).to_numpy()
            helping[where] = True
        shares_theme = np.zeros(len(everyone), dtype=bool)
        shares_theme[sharing] = True
        candidates = np.flatnonzero(helping | shares_theme)
        if len(candidates) < 2:
            # every initiative that names the theme is a candidate: one alone has no peer
            continue
        # rows: the initiatives that name the theme; columns: every candidate, in code order
        kind = np.where(helping[candidates], 0, 1)[None, :].repeat(len(sharing), axis=0)
        is_self = sharing[:, None] == candidates[None, :]
        kind = np.where(is_self, 2, kind)
        score = np.where(kind == 0, score_of[candidates][None, :], 0.0)
        near = overlap[np.ix_(sharing, candidates)]
        same = (group[sharing][:, None] == group[candidates][None, :]) & (group[sharing][:, None] >= 0)
        tie = np.broadcast_to(np.arange(len(candidates))[None, :], kind.shape)
        # np.lexsort: the last key sorts first
        order = np.lexsort((tie, ~same, -near, -score, kind), axis=-1)
        rows = np.repeat(np.arange(len(sharing)), len(candidates) - 1)
        # each row holds itself once, sorted last (kind 2): drop it
        columns = order[:, :-1].reshape(-1)
        chosen = candidates[columns]
        who = sharing[rows]
        yield pd.DataFrame({
            "initiative": pd.Categorical.from_codes(who.astype(np.int32), categories=people),
            "theme": pd.Categorical.from_codes(np.full(len(rows), theme_id[theme], dtype=np.int16), categories=themes),
            "peer": pd.Categorical.from_codes(chosen.astype(np.int32), categories=people),
            "kind": pd.Categorical.from_codes(np.where(helping[chosen], 0, 1).astype(np.int8), categories=kinds),
            "shares": shares_theme[chosen],
            "score": np.where(helping[chosen], score_of[chosen], 0.0).astype(np.float32),
            "overlap": overlap[who, chosen].astype(np.float32),
            "same_group": (group[who] == group[chosen]) & (group[chosen] >= 0),
            "rank": np.tile(np.arange(1, len(candidates), dtype=np.int32), len(sharing)),
        })[list(PEER_COLUMNS)]


def bounded_peers(ranked: pd.DataFrame, n: int) -> pd.DataFrame:
    """Return the first ``n`` peers of each list, per initiative and theme, with the list's length.

    Two lists per initiative and theme: ``contact`` (the ranking of ``rank_peers``) and
    ``also_named`` (only the peers that name the theme too, in the same order). ``total``
    is the list's full length, so a page can say "and N others" (total - shown).
    """
    if n < 1:
        raise ValueError(f"n must be 1 or more, not {n}")
    if ranked.empty:
        frame = pd.DataFrame({c: pd.Series(dtype="string") for c in ("initiative", "theme", "list", "peer", "kind")})
        frame["rank"] = pd.Series(dtype="int64")
        frame["total"] = pd.Series(dtype="int64")
        return frame[list(BOUNDED_COLUMNS)]
    parts = []
    for name, rows in ((PeerList.CONTACT, ranked), (PeerList.ALSO_NAMED, ranked[ranked["shares"].to_numpy()])):
        # rows come by (theme, initiative) in rank order: number them within each list
        key = (rows["theme"].cat.codes.to_numpy(np.int64) * (len(rows["initiative"].cat.categories) + 1)
               + rows["initiative"].cat.codes.to_numpy(np.int64)) if len(rows) else np.zeros(0, np.int64)
        starts = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, bool)
        first = np.flatnonzero(starts)
        lengths = np.diff(np.r_[first, len(key)])
        position = np.arange(len(key)) - np.repeat(first, lengths) + 1
        keep = position <= n
        kept = rows.loc[keep, ["initiative", "theme", "peer", "kind"]].astype("string")
        kept["list"] = str(name)
        kept["rank"] = position[keep]
        kept["total"] = np.repeat(lengths, lengths)[keep]
        parts.append(kept[list(BOUNDED_COLUMNS)])
    out = pd.concat(parts, ignore_index=True).sort_values(["initiative", "theme", "list", "rank"], kind="stable")
    out = out.reset_index(drop=True)
    out["list"] = out["list"].astype("string")
    out[["rank", "total"]] = out[["rank", "total"]].astype("int64")
    return out


@dataclass(frozen=True, eq=False)
class RankedPeers:
    """Every ranked pair of a round (``rank_peers``), made one theme at a time when asked for.

    A national round has tens of millions of pairs: held in memory at once they would take
    gigabytes, so the bounded lists and the research file are made theme by theme instead.
    """

    struggles: pd.DataFrame
    helps: pd.DataFrame
    groups: Mapping[str, str] | None = None

    def parts(self) -> Iterator[pd.DataFrame]:
        """Yield the ranked pairs one theme at a time."""
        return ranked_peer_parts(self.struggles, self.helps, self.groups)

    def frame(self) -> pd.DataFrame:
        """Return every ranked pair at once (fine for a community; a national round: use ``parts``)."""
        return rank_peers(self.struggles, self.helps, self.groups)

    def bounded(self, n: int) -> pd.DataFrame:
        """Return ``bounded_peers`` of every pair, computed theme by theme."""
        parts = [bounded_peers(part, n) for part in self.parts()]
        if not parts:
            return bounded_peers(_empty(), n)
        out = pd.concat(parts, ignore_index=True)
        return out.sort_values(["initiative", "theme", "list", "rank"], kind="stable").reset_index(drop=True)

    def write_parquet(self, path: Path) -> Path:
        """Write every ranked pair to ``path`` as one Parquet file, a row group per theme; return it."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        writer = None
        try:
            for part in self.parts():
                table = pa.Table.from_pandas(part, preserve_index=False)
                if writer is None:
                    writer = pq.ParquetWriter(path, table.schema)
                writer.write_table(table)
        finally:
            if writer is not None:
                writer.close()
        if writer is None:
            _empty().to_parquet(path, index=False)
        return path
