"""Learn-from pairs: who struggles with a theme, beside who says what helped them with it."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pipeline.obstacles.codebook import Codebook
from pipeline.obstacles.matching import compiled_matcher
from pipeline.obstacles.text import clean_text, is_non_answer, normalise

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


def helped_sentences(text: str) -> list[tuple[str, str]]:
    """Return the (original, folded) sentences of a "what helped" answer, without those that
    say nothing helped."""
    if is_non_answer(text):
        return []
    kept = []
    for sentence in _SENTENCE.split(clean_text(text)):
        folded = normalise(sentence)
        if sentence.strip() and not _NOTHING_HELPED.search(folded) and not is_non_answer(sentence):
            kept.append((" ".join(sentence.split()), folded))
    return kept


def helped_themes(
    helped_texts: list[str], codebook: Codebook, *, min_score: float = MIN_HELPED_SCORE
) -> list[dict[str, tuple[float, str]]]:
    """Return, per "what helped" answer, the themes it addresses: score and the sentences that do."""
    matcher = compiled_matcher(codebook, helped=True)
    sentences = [helped_sentences(t) for t in helped_texts]
    folded = [" ".join(f for _, f in parts) for parts in sentences]
    scores, evidence, _ = matcher.scores(folded)
    flat = [f for parts in sentences for _, f in parts]
    _, sentence_evidence, _ = matcher.scores(flat)
    out: list[dict[str, tuple[float, str]]] = []
    at = 0
    for i, parts in enumerate(sentences):
        row: dict[str, tuple[float, str]] = {}
        own = sentence_evidence[at : at + len(parts)]
        at += len(parts)
        if folded[i] and scores.shape[1]:
            top = float(scores[i].max())
            for t in np.argsort(-scores[i], kind="stable"):
                value = float(scores[i, t])
                # only themes with a keyword in the answer: likeness alone is no evidence of help
                if evidence[i, t] > 0 and value >= min_score and value >= HELPED_RATIO * top:
                    matching = [parts[k][0] for k in range(len(parts)) if own[k, t] > 0]
                    text = " ".join(matching) if matching else " ".join(p for p, _ in parts)
                    row[matcher.theme_ids[t]] = (round(value, 4), text)
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
        for theme, (score, text) in found.items():
            key = (-score, len(text), position)
            current = best.setdefault(theme, {}).get(row.initiative)
            if current is None or key < current[:3]:
                best[theme][row.initiative] = (*key, text, row.initiative_name)

    rows = []
    for theme in codebook.ids:
        # helpers ranked once per theme: best score, then shortest answer, then code
        ranked = sorted(best.get(theme, {}).items(), key=lambda item: (item[1][0], item[1][1], item[0]))
        for initiative, initiative_name in sorted(struggling.get(theme, {}).items()):
            taken = 0
            for helper, value in ranked:
                if taken >= max_helpers:
                    break
                if helper == initiative:
                    continue
                taken += 1
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
