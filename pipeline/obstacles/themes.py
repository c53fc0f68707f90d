"""One round's obstacle answers grouped into themes: assignments, counts, matrix, quotes, learn-from pairs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from pipeline.errors import InputError
from pipeline.limesurvey import initiative_key
from pipeline.obstacles.codebook import Codebook, EmergentGroup, load_codebook
from pipeline.obstacles.estimator import ObstacleThemer
from pipeline.obstacles.learn import LEARN_FROM_COLUMNS, helped_sentences, learn_from_pairs
from pipeline.obstacles.model import CORRECTION_WEIGHT, Example

ASSIGNMENTS = (
    "response", "initiative", "initiative_name", "text", "theme", "label_nl", "label_en",
    "score", "secondary", "secondary_scores", "review", "corrected", "emergent", "non_answer",
)
# the two questions whose answers are themed; corrections are keyed by (response, question)
OBSTACLE, HELPED = "obstacle", "helped"
THEMES = (
    "theme", "label_nl", "label_en", "emergent", "definition_nl", "initiatives", "respondents",
    "primary_respondents",
)
QUOTES = ("theme", "text", "initiative", "initiative_name", "rank")
REQUIRED_COLUMNS = ("initiative", "initiative_name", "obstacle_text", "helped_text")


@dataclass(frozen=True)
class ObstacleThemes:
    """The obstacle themes of one round.

    ``assignments``: one row per response (response, initiative, initiative_name, text,
    theme, label_nl, label_en, score, secondary, secondary_scores, review, corrected,
    emergent, non_answer): ``theme`` is the primary theme, ``secondary`` the further themes
    the answer names (comma-separated, most probable first), ``score`` and
    ``secondary_scores`` their probabilities, ``review`` marks answers the model is unsure
    of, ``corrected`` those whose themes a facilitator set (they override the model).
    ``helped``: the same columns for the "what helped" answers.
    ``corrected``: how many answers (obstacle and "what helped") a facilitator's correction set.
    ``themes``: one row per theme that occurs, and every codebook theme (initiatives and
    respondents count answers naming the theme as primary or secondary theme), sorted by
    initiatives, then theme id.
    ``matrix``: theme x initiative counts of answers naming the theme.
    ``quotes``: up to three representative answers per theme, best scoring and readable
    first, from different initiatives where possible (raw text; the report stage redacts).
    ``learn_from``: per codebook theme, each struggling initiative beside up to
    ``max_helpers`` other initiatives whose "what helped" answers address the theme;
    ``helped_text`` holds the sentences of that answer that do (sentences saying nothing
    helped are left out), ``score`` how well they match.
    ``non_answers``: how many obstacle answers said nothing ("n.v.t.", "geen", empty …).
    ``emergent_groups``: the groups the codebook does not cover, for promotion.

    An initiative is its code; answers under LimeSurvey's "other" option (``-oth-``) are
    told apart by the name they typed: ``-oth-:<name>``.
    """

    assignments: pd.DataFrame
    themes: pd.DataFrame
    matrix: pd.DataFrame
    quotes: pd.DataFrame
    learn_from: pd.DataFrame
    non_answers: int
    codebook: Codebook
    emergent_groups: tuple[EmergentGroup, ...] = ()
    parameters: dict[str, Any] = field(default_factory=dict)
    helped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(ASSIGNMENTS)))
    corrected: int = 0


def _text_or_empty(value: object) -> str:
    return value if isinstance(value, str) else ""


def theme_obstacles(
    frame: pd.DataFrame,
    *,
    codebook: Codebook | None = None,
    random_state: int | None = 0,
    min_score: float = 0.3,
    n_emergent: int = 8,
    max_helpers: int = 3,
    n_quotes: int = 3,
    corrections: Mapping[tuple[Any, str], Sequence[str]] | None = None,
    training: Sequence[Example] = (),
) -> ObstacleThemes:
    """Return the obstacle themes of one round's responses (``frame`` is not changed).

    ``corrections``: (response, "obstacle" or "helped") -> the theme ids a facilitator chose,
    primary first; they override the model, and also teach it (as do ``training``, the
    corrections of other rounds).
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(key="obstacles.missing_columns", missing=", ".join(missing),
                         columns=", ".join(map(str, frame.columns)))
    codebook = codebook if codebook is not None else load_codebook(None)
    keys = [initiative_key(c, n) for c, n in zip(frame["initiative"].tolist(), frame["initiative_name"].tolist())]
    names = [_text_or_empty(n) for n in frame["initiative_name"].tolist()]
    texts = [_text_or_empty(t) for t in frame["obstacle_text"].tolist()]

    helped_texts = [_text_or_empty(t) for t in frame["helped_text"].tolist()]
    corrections = dict(corrections or {})
    responses = list(frame.index)
    # the corrections teach the model too: a phrasing corrected once is themed right elsewhere
    helped_examples = tuple(
        Example(text, theme, "correction", CORRECTION_WEIGHT)
        for text, label in zip(helped_texts, _labels(responses, HELPED, corrections))
        for theme in label.split(",") if theme and text.strip()
    )
    themer = ObstacleThemer(
        codebook, min_score=min_score, n_emergent=n_emergent, random_state=random_state,
        training=_with_shipped(tuple(training) + helped_examples),
    )
    found = themer.fit_assign(texts, _labels(responses, OBSTACLE, corrections))
    assignments = _assignments(responses, keys, names, texts, found, OBSTACLE, corrections, codebook)
    helped_parts = [[s for s, _ in helped_sentences(t)] for t in helped_texts]
    helped_found = themer.assign([" ".join(parts) for parts in helped_parts])
    helped_found["emergent"] = False
    helped_found.loc[helped_found["theme"].str.startswith("emergent-"), ["theme", "label_nl", "label_en"]] = ""
    helped_assignments = _assignments(responses, keys, names, helped_texts, helped_found, HELPED, corrections, codebook)

    answered = assignments[~assignments["non_answer"]]
    mentions = _mentions(answered)
    themes = _theme_table(codebook, themer.emergent_groups_, mentions)
    matrix = _matrix(mentions, themes)
    quotes = _quotes(answered, themes, n_quotes)
    helped = pd.DataFrame({"initiative": keys, "initiative_name": names, "helped_text": helped_texts})
    addressed = _addressed(helped_assignments, helped_parts, themer)
    learn = learn_from_pairs(assignments, helped, codebook, max_helpers=max_helpers, addressed=addressed)
    # learn-from rows follow the order of the themes table
    order = {t: i for i, t in enumerate(themes["theme"])}
    learn = (
        learn.assign(_order=learn["theme"].map(order))
        .sort_values(["_order", "initiative", "rank"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )[list(LEARN_FROM_COLUMNS)]
    return ObstacleThemes(
        assignments=assignments,
        themes=themes,
        matrix=matrix,
        quotes=quotes,
        learn_from=learn,
        non_answers=int(assignments["non_answer"].sum()),
        codebook=codebook,
        emergent_groups=themer.emergent_groups_,
        parameters={"random_state": random_state, "min_score": min_score, "n_emergent": n_emergent},
        helped=helped_assignments,
        corrected=int(assignments["corrected"].sum() + helped_assignments["corrected"].sum()),
    )


def _with_shipped(training: Sequence[Example]) -> tuple[Example, ...] | None:
    """Return the shipped statements plus ``training`` (None: the shipped ones alone)."""
    if not training:
        return None
    from pipeline.obstacles.model import shipped_examples

    return shipped_examples() + tuple(training)


def _labels(responses: list[Any], question: str, corrections: Mapping[tuple[Any, str], Sequence[str]]) -> list[str]:
    return [",".join(corrections.get((r, question), ())) for r in responses]


def _assignments(
    responses: list[Any], keys: list[str], names: list[str], texts: list[str], found: pd.DataFrame,
    question: str, corrections: Mapping[tuple[Any, str], Sequence[str]], codebook: Codebook,
) -> pd.DataFrame:
    """Return the assignments of one question, the facilitator's corrections applied exactly."""
    table = pd.DataFrame(
        {
            "response": responses,
            "initiative": keys,
            "initiative_name": names,
            "text": texts,
            **{c: found[c].to_numpy() for c in found.columns},
        }
    )
    table["corrected"] = False
    labels = {t.id: (t.name_nl, t.name_en) for t in codebook.themes}
    for i, response in enumerate(responses):
        themes = [t for t in corrections.get((response, question), ()) if t in labels]
        if not themes:
            continue
        table.loc[i, ["theme", "label_nl", "label_en"]] = [themes[0], *labels[themes[0]]]
        table.loc[i, ["secondary", "secondary_scores"]] = [",".join(themes[1:]), ",".join("1.0000" for _ in themes[1:])]
        table.loc[i, ["score", "review", "emergent", "non_answer", "corrected"]] = [1.0, False, False, False, True]
    return table[list(ASSIGNMENTS)]


def _addressed(
    helped: pd.DataFrame, parts: list[list[str]], themer: ObstacleThemer
) -> list[dict[str, tuple[float, str]]]:
    """Return, per "what helped" answer, the themes it addresses with their probability and the
    sentences that do (those whose own most probable theme it is, else the whole answer);
    ``parts``: per answer, its sentences that say something helped (``helped_sentences``)."""
    # every sentence of the answers with several, themed at once
    flat = [p for answer in parts if len(answer) > 1 for p in answer]
    tops = iter(themer.theme_ids_[themer.predict_proba(flat).argmax(axis=1)] if flat else [])
    out: list[dict[str, tuple[float, str]]] = []
    for row, answer in zip(helped.itertuples(index=False), parts):
        own_tops = [str(next(tops)) for _ in answer] if len(answer) > 1 else []
        themes = [t for t in [row.theme, *str(row.secondary).split(",")] if t]
        scores = [float(row.score)] + [float(s) for s in str(row.secondary_scores).split(",") if s]
        found = {}
        for theme, score in zip(themes, scores):
            own = [p for p, top in zip(answer, own_tops) if top == theme]
            found[theme] = (round(score, 4), " ".join(own) if own else " ".join(answer))
        out.append(found)
    return out


def _mentions(answered: pd.DataFrame) -> pd.DataFrame:
    """Return one row per (response, theme named as primary or secondary)."""
    rows = []
    columns = [answered[c].tolist() for c in ("response", "initiative", "theme", "secondary")]
    for response, initiative, theme, secondary in zip(*columns):
        rows.append((response, initiative, theme, True))
        for other in (s for s in str(secondary).split(",") if s):
            rows.append((response, initiative, other, False))
    frame = pd.DataFrame(rows, columns=["response", "initiative", "theme", "primary"])
    return frame.astype({"initiative": object, "theme": object, "primary": bool})


def _theme_table(codebook: Codebook, groups: tuple[EmergentGroup, ...], mentions: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for t in codebook.themes:
        rows.append((t.id, t.name_nl, t.name_en, False, t.definition_nl))
    for g in groups:
        rows.append((g.id, g.label_nl, g.label_nl, True, f"Nieuwe groep: antwoorden over {g.label_nl}."))
    if (mentions["theme"] == "emergent-overig").any():
        rows.append(("emergent-overig", "overig", "other", True, "Antwoorden die nergens bij passen."))
    table = pd.DataFrame(rows, columns=["theme", "label_nl", "label_en", "emergent", "definition_nl"])
    with_initiative = mentions[mentions["initiative"] != ""]
    initiatives = with_initiative.groupby("theme")["initiative"].nunique()
    respondents = mentions.groupby("theme")["response"].nunique()
    primary = mentions[mentions["primary"]].groupby("theme")["response"].nunique()
    table["initiatives"] = table["theme"].map(initiatives).fillna(0).astype(int)
    table["respondents"] = table["theme"].map(respondents).fillna(0).astype(int)
    table["primary_respondents"] = table["theme"].map(primary).fillna(0).astype(int)
    table = table.sort_values(
        ["initiatives", "respondents", "theme"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    return table[list(THEMES)]


def _matrix(mentions: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    with_initiative = mentions[mentions["initiative"] != ""]
    columns = sorted(set(with_initiative["initiative"]))
    counts = with_initiative.groupby(["theme", "initiative"])["response"].nunique()
    index = pd.Index(list(themes["theme"]), name="theme")
    if counts.empty:
        matrix = pd.DataFrame(0, index=index, columns=columns, dtype=int)
    else:
        matrix = counts.unstack(fill_value=0).reindex(index=index, columns=columns, fill_value=0).astype(int)
        matrix.index = index
    matrix.columns = pd.Index(columns, name="initiative")
    return matrix


def _quotes(answered: pd.DataFrame, themes: pd.DataFrame, n_quotes: int) -> pd.DataFrame:
    """Return up to ``n_quotes`` answers per theme: best scoring first, shorter before longer,
    different texts and, where possible, different initiatives."""
    rows = []
    for theme in themes["theme"]:
        pool = answered[answered["theme"] == theme]
        if pool.empty:
            continue
        lengths = pool["text"].str.len().to_numpy()
        # very long answers read badly as quotes: rank them after readable ones
        readable = (lengths <= 300).astype(int)
        order = np.lexsort((np.arange(len(pool)), lengths, -pool["score"].to_numpy(dtype=float), -readable))
        chosen: list[int] = []
        seen_texts: set[str] = set()
        seen_initiatives: set[str] = set()
        for second_pass in (False, True):
            for j in order:
                if len(chosen) >= n_quotes:
                    break
                text = " ".join(pool["text"].iat[j].split())
                initiative = pool["initiative"].iat[j]
                if j in chosen or text in seen_texts:
                    continue
                if not second_pass and initiative in seen_initiatives:
                    continue
                chosen.append(int(j))
                seen_texts.add(text)
                seen_initiatives.add(initiative)
        for rank, j in enumerate(chosen, start=1):
            rows.append(
                {
                    "theme": theme,
                    "text": pool["text"].iat[j],
                    "initiative": pool["initiative"].iat[j],
                    "initiative_name": pool["initiative_name"].iat[j],
                    "rank": rank,
                }
            )
    return pd.DataFrame(rows, columns=list(QUOTES))
