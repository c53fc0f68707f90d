"""One round's obstacle answers grouped into themes: assignments, counts, matrix, quotes, learn-from pairs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from pipeline.errors import InputError
from pipeline.limesurvey import initiative_key
from pipeline.obstacles.codebook import Codebook, EmergentGroup, load_codebook
from pipeline.obstacles.estimator import ObstacleThemer
from pipeline.obstacles.learn import LEARN_FROM_COLUMNS, learn_from_pairs

ASSIGNMENTS = (
    "response", "initiative", "initiative_name", "text", "theme", "label_nl", "label_en",
    "score", "secondary", "emergent", "non_answer",
)
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
    theme, label_nl, label_en, score, secondary, emergent, non_answer).
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
) -> ObstacleThemes:
    """Return the obstacle themes of one round's responses (``frame`` is not changed)."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(
            f"The responses lack the column(s) {', '.join(missing)} needed to group obstacles.",
            hint=f"Columns present: {', '.join(map(str, frame.columns))}. Check [questions] in round.toml.",
        )
    codebook = codebook if codebook is not None else load_codebook(None)
    keys = [initiative_key(c, n) for c, n in zip(frame["initiative"].tolist(), frame["initiative_name"].tolist())]
    names = [_text_or_empty(n) for n in frame["initiative_name"].tolist()]
    texts = [_text_or_empty(t) for t in frame["obstacle_text"].tolist()]

    themer = ObstacleThemer(codebook, min_score=min_score, n_emergent=n_emergent, random_state=random_state)
    found = themer.fit_assign(texts)
    assignments = pd.DataFrame(
        {
            "response": list(frame.index),
            "initiative": keys,
            "initiative_name": names,
            "text": texts,
            **{c: found[c].to_numpy() for c in found.columns},
        },
        columns=list(ASSIGNMENTS),
    )

    answered = assignments[~assignments["non_answer"]]
    mentions = _mentions(answered)
    themes = _theme_table(codebook, themer.emergent_groups_, mentions)
    matrix = _matrix(mentions, themes)
    quotes = _quotes(answered, themes, n_quotes)
    helped = pd.DataFrame(
        {"initiative": keys, "initiative_name": names, "helped_text": [_text_or_empty(t) for t in frame["helped_text"].tolist()]}
    )
    learn = learn_from_pairs(assignments, helped, codebook, max_helpers=max_helpers)
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
    )


def _mentions(answered: pd.DataFrame) -> pd.DataFrame:
    """Return one row per (response, theme named as primary or secondary)."""
    rows = []
    for row in answered.itertuples(index=False):
        rows.append((row.response, row.initiative, row.theme, True))
        for other in (s for s in str(row.secondary).split(",") if s):
            rows.append((row.response, row.initiative, other, False))
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
    matrix = pd.DataFrame(0, index=pd.Index(list(themes["theme"]), name="theme"), columns=columns, dtype=int)
    for (theme, initiative), count in counts.items():
        matrix.loc[theme, initiative] = int(count)
    matrix.columns.name = "initiative"
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
