"""Learn-from pairs: who struggles with a theme, beside who says what helped them with it."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pipeline.obstacles.codebook import Codebook
from pipeline.obstacles.matching import CodebookMatcher
from pipeline.obstacles.text import is_non_answer, normalise

LEARN_FROM_COLUMNS = (
    "theme", "label_nl", "label_en", "initiative", "initiative_name",
    "helper", "helper_name", "helped_text", "score",
)
# A "what helped" answer addresses a theme when it scores at least this much for it, and
# at least this share of its best theme's score.
MIN_HELPED_SCORE = 0.45
HELPED_RATIO = 0.6


# Sentences in a "what helped" answer that say nothing helped ("nog niet veel", "we staan
# er alleen voor"); they are left out before matching.
_NOTHING_HELPED = re.compile(
    r"\b(?:niet veel|niets|niks|nauwelijks|weinig hulp|geen hulp|op onszelf|op onze eigen|"
    r"alleen voor|niemand|helaas|nothing|not much|nobody)\b"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def helped_part(text: str) -> str:
    """Return the folded "what helped" answer without the sentences that say nothing helped."""
    if is_non_answer(text):
        return ""
    kept = [s for s in _SENTENCE.split(normalise(text)) if s.strip() and not _NOTHING_HELPED.search(s)]
    return " ".join(kept)


def helped_themes(
    helped_texts: list[str], codebook: Codebook, *, min_score: float = MIN_HELPED_SCORE
) -> list[dict[str, float]]:
    """Return, per "what helped" answer, the themes it addresses with their scores."""
    matcher = CodebookMatcher(codebook, helped=True)
    folded = [helped_part(t) for t in helped_texts]
    scores, evidence, _ = matcher.scores(folded)
    out: list[dict[str, float]] = []
    for i in range(len(folded)):
        row: dict[str, float] = {}
        if folded[i] and scores.shape[1]:
            top = float(scores[i].max())
            for t in np.argsort(-scores[i], kind="stable"):
                value = float(scores[i, t])
                # only themes with a keyword in the answer: likeness alone is no evidence of help
                if evidence[i, t] > 0 and value >= min_score and value >= HELPED_RATIO * top:
                    row[matcher.theme_ids[t]] = round(value, 4)
        out.append(row)
    return out


def learn_from_pairs(
    assignments: pd.DataFrame,
    helped: pd.DataFrame,
    codebook: Codebook,
    *,
    max_helpers: int = 3,
) -> pd.DataFrame:
    """Return, per codebook theme and struggling initiative, up to ``max_helpers`` other
    initiatives whose "what helped" answers address that theme, with the best matching answer.

    ``assignments``: columns initiative, initiative_name, theme, secondary (per answer).
    ``helped``: columns initiative, initiative_name, helped_text (per answer).
    """
    names = {t.id: (t.name_nl, t.name_en) for t in codebook.themes}
    struggling: dict[str, dict[str, str]] = {}
    for row in assignments.itertuples(index=False):
        if not isinstance(row.initiative, str) or not row.initiative:
            continue
        themes = [row.theme, *[s for s in str(row.secondary).split(",") if s]]
        for theme in themes:
            if theme in names:
                struggling.setdefault(theme, {})[row.initiative] = row.initiative_name

    texts = [t if isinstance(t, str) else "" for t in helped["helped_text"].tolist()]
    addressed = helped_themes(texts, codebook)
    # best answer per (theme, helper): highest score, then shortest, then first
    best: dict[str, dict[str, tuple[float, int, int, str, str]]] = {}
    for position, (row, found) in enumerate(zip(helped.itertuples(index=False), addressed)):
        if not isinstance(row.initiative, str) or not row.initiative:
            continue
        text = " ".join(texts[position].split())
        for theme, score in found.items():
            key = (-score, len(text), position)
            current = best.setdefault(theme, {}).get(row.initiative)
            if current is None or key < current[:3]:
                best[theme][row.initiative] = (*key, text, row.initiative_name)

    rows = []
    for theme in codebook.ids:
        helpers = best.get(theme, {})
        for initiative, initiative_name in sorted(struggling.get(theme, {}).items()):
            ranked = sorted(
                ((value, helper) for helper, value in helpers.items() if helper != initiative),
                key=lambda item: (item[0][0], item[0][1], item[1]),
            )
            for value, helper in ranked[:max_helpers]:
                rows.append(
                    {
                        "theme": theme,
                        "label_nl": names[theme][0],
                        "label_en": names[theme][1],
                        "initiative": initiative,
                        "initiative_name": initiative_name,
                        "helper": helper,
                        "helper_name": value[4],
                        "helped_text": value[3],
                        "score": -value[0],
                    }
                )
    return pd.DataFrame(rows, columns=list(LEARN_FROM_COLUMNS))
