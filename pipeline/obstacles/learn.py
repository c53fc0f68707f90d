"""Learn-from pairs: who struggles with a theme, beside who says what helped them with it."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pipeline.obstacles.codebook import Codebook
from pipeline.obstacles.matching import CodebookMatcher, compiled_matcher
from pipeline.obstacles.text import clean_text, content_words, is_non_answer, normalise

LEARN_FROM_COLUMNS = (
    "theme", "label_nl", "label_en", "initiative", "initiative_name",
    "helper", "helper_name", "helped_text", "score", "rank",
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


def _theme_stems(matcher: CodebookMatcher) -> dict[str, frozenset[str]]:
    """Return per theme the stems of its keywords and helped keywords."""
    found: dict[str, set[str]] = {t: set() for t in matcher.theme_ids}
    for s, entries in matcher.single.items():
        for theme, _ in entries:
            found[matcher.theme_ids[theme]].add(s)
    for phrases in matcher.phrases.values():
        for entry in phrases:
            found[matcher.theme_ids[entry.theme]].update(entry.stems)
    return {t: frozenset(v) for t, v in found.items()}


def _stems(matcher: CodebookMatcher, folded: str) -> frozenset[str]:
    return frozenset(s for w in content_words(folded) for s in matcher.word_stems(w))


# candidates per theme word, so that ranking stays quick with thousands of initiatives
_PER_STEM = 25


def learn_from_pairs(
    assignments: pd.DataFrame,
    helped: pd.DataFrame,
    codebook: Codebook,
    *,
    max_helpers: int = 3,
    addressed: list[dict[str, tuple[float, str]]] | None = None,
) -> pd.DataFrame:
    """Return, per codebook theme and struggling initiative, up to ``max_helpers`` other
    initiatives whose "what helped" answers address that theme, with the matching sentences.

    Helpers come first when their answer shares the theme's words with what the struggling
    initiative wrote (maintenance with maintenance, energy with energy), then by how well
    the answer matches the theme. ``rank`` numbers them from 1.

    ``assignments``: columns initiative, initiative_name, text, theme, secondary (per answer).
    ``helped``: columns initiative, initiative_name, helped_text (per answer).
    ``addressed``: per "what helped" answer, theme -> (score, sentences), as the theme model
    found them; None: the codebook matcher finds them (``helped_themes``).
    """
    names = {t.id: (t.name_nl, t.name_en) for t in codebook.themes}
    matcher = compiled_matcher(codebook, helped=True)
    theme_stems = _theme_stems(matcher)

    stems_of: dict[str, frozenset[str]] = {}

    def stems(text: str) -> frozenset[str]:
        found = stems_of.get(text)
        if found is None:
            found = stems_of[text] = _stems(matcher, normalise(text))
        return found

    # theme -> initiative -> (name, the theme's words in what it wrote)
    struggling: dict[str, dict[str, tuple[str, set[str]]]] = {}
    columns = [assignments[c].tolist() for c in ("initiative", "initiative_name", "text", "theme", "secondary")]
    for initiative, initiative_name, text, primary, secondary in zip(*columns):
        if not isinstance(initiative, str) or not initiative:
            continue
        themes = [t for t in [primary, *str(secondary).split(",")] if t in names]
        if not themes:
            continue
        words = stems(text)
        for theme in themes:
            entry = struggling.setdefault(theme, {}).setdefault(initiative, (initiative_name, set()))
            entry[1].update(words & theme_stems[theme])

    texts = [t if isinstance(t, str) else "" for t in helped["helped_text"].tolist()]
    if addressed is None:
        addressed = helped_themes(texts, codebook)
    # theme -> helper -> answers (score, text, theme words, name, position)
    offers: dict[str, dict[str, list[tuple[float, str, frozenset[str], str, int]]]] = {}
    helpers_of = zip(helped["initiative"].tolist(), helped["initiative_name"].tolist(), addressed)
    for position, (initiative, initiative_name, found) in enumerate(helpers_of):
        if not isinstance(initiative, str) or not initiative:
            continue
        for theme, (score, text) in found.items():
            words = stems(text) & theme_stems[theme]
            offers.setdefault(theme, {}).setdefault(initiative, []).append(
                (score, text, words, initiative_name, position)
            )

    rows = []
    for theme in codebook.ids:
        helpers = offers.get(theme, {})
        if not helpers or theme not in struggling:
            continue

        def quality(answer: tuple[float, str, frozenset[str], str, int]) -> tuple[float, int, int]:
            return (-answer[0], len(answer[1]), answer[4])

        # each helper's answers, best first (the quality includes the position: no ties)
        answers = {h: sorted(a, key=quality) for h, a in helpers.items()}
        by_score = sorted(helpers, key=lambda h: (quality(answers[h][0]), h))
        index: dict[str, list[str]] = {}
        for helper in by_score:
            for word in set().union(*(a[2] for a in helpers[helper])):
                listed = index.setdefault(word, [])
                if len(listed) < _PER_STEM:
                    listed.append(helper)
        for initiative, (initiative_name, wanted) in sorted(struggling[theme].items()):
            candidates = set(by_score[: max_helpers + 1])
            for word in wanted:
                candidates.update(index.get(word, ()))
            candidates.discard(initiative)
            ranked = []
            for helper in candidates:
                # the answer sharing most of the initiative's words, the best of those
                own = answers[helper]
                best = max(own, key=lambda a: len(a[2] & wanted))  # max keeps the first of equals
                ranked.append(((-len(best[2] & wanted), *quality(best), helper), helper, best))
            ranked.sort(key=lambda item: item[0])
            for rank, (_, helper, best) in enumerate(ranked[:max_helpers], start=1):
                rows.append(
                    {
                        "theme": theme,
                        "label_nl": names[theme][0],
                        "label_en": names[theme][1],
                        "initiative": initiative,
                        "initiative_name": initiative_name,
                        "helper": helper,
                        "helper_name": best[3],
                        "helped_text": best[1],
                        "score": best[0],
                        "rank": rank,
                    }
                )
    return pd.DataFrame(rows, columns=list(LEARN_FROM_COLUMNS))
