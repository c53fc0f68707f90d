"""Score short Dutch answers against the themes of a codebook: keywords, phrases, compounds, examples."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.obstacles.codebook import Codebook
from pipeline.obstacles.text import (
    NOT_GUESSED,
    STEM_EXCEPTIONS,
    STOP_WORDS,
    CompoundSplitter,
    TypoIndex,
    content_words,
    diminutive_bases,
    fold,
    participle_bases,
    segments,
    stem,
    tokens,
    verb_infinitives,
)

# How far apart the words of a keyword phrase may be ("geen vast aanspreekpunt" also
# matches "geen echt vast aanspreekpunt").
PHRASE_GAP = 2
# A phrase says more than a single word.
PHRASE_WEIGHT = 1.6
# Share of the final score that comes from likeness to the theme's examples and keywords
# (cosine over stems); the rest comes from the keywords and phrases that occur.
SIMILARITY_SHARE = 0.4
# Cosine likeness at which the example part of the score is full.
SIMILARITY_FULL = 0.35
# Weights of a theme's helped_keywords and of its (obstacle) keywords in "what helped" answers.
HELPED_WEIGHT = 1.4
OBSTACLE_WEIGHT_IN_HELPED = 0.6
# Particles of separable verbs ("mee|beslissen", "terug|betalen", "over|nemen").
SEPARABLE_PARTICLES = (
    "mee", "terug", "over", "samen", "tegen", "door", "weg", "voor", "uit", "aan", "af", "op",
)
# How many words after a verb its split-off particle may stand ("neemt onze ideeën over").
SPLIT_VERB_REACH = 6
# Dutch compounds are right-headed: a "subsidieaanvraag" is an application, a "klusdag" a
# day. When the head of a compound is a keyword, its modifiers count this much for the
# themes the head does not point to.
MODIFIER_WEIGHT = 0.5
# A modifier whose head says nothing ("klusdag") is weaker evidence than a whole word, but
# still enough to place an answer on its own.
LONE_MODIFIER_WEIGHT = 0.8
# A single keyword that the definitions and examples of other themes also use is a word
# those themes talk about too ("vrijwilligers", "subsidie"): it counts a little less for
# its own theme per other theme, so the more specific word decides a tie.
SHARED_WORD_DISCOUNT = 0.1
# A sentence that is an aside ("De gemeente is trouwens best welwillend") or says that
# something goes well is not the obstacle the answer is about: when another sentence has
# evidence, such a sentence counts this much.
ASIDE_WEIGHT = 0.25
SIDE_REMARK_WORDS = frozenset("trouwens overigens terzijde".split())
# In an answer about obstacles, a sentence that says something goes well is an aside too;
# in an answer to "what helped?" it is the point.
GOING_WELL_WORDS = frozenset("gelukkig prima tevreden".split())
GOING_WELL_PHRASES = (
    "gaat goed", "gaat wel goed", "loopt goed", "loopt prima", "geen probleem", "geen klagen",
    "is wel goed", "gaat wel", "is wel oke", "niet het probleem", "geen punt", "goed geregeld",
    "gaat lekker", "loopt lekker",
)


@dataclass(frozen=True)
class _Entry:
    theme: int
    stems: tuple[str, ...]
    weight: float
    # matched word for word over all words, stop words included ("hun agenda", "aan tafel")
    exact: bool = False


def _is_content(word: str) -> bool:
    return len(word) > 1 and word not in STOP_WORDS and not word.isdigit()


def _is_aside(segment: str, *, helped: bool = False) -> bool:
    """Return True when a folded sentence is an aside (for obstacles also: something goes well)."""
    words = tokens(segment)
    if SIDE_REMARK_WORDS.intersection(words):
        return True
    if helped:
        return False
    if GOING_WELL_WORDS.intersection(words):
        return True
    joined = " " + " ".join(words) + " "
    return any(f" {phrase} " in joined for phrase in GOING_WELL_PHRASES)


def _phrase_stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in content_words(fold(text)))


def _exact_stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) if _is_content(w) else w for w in tokens(fold(text)))


class CodebookMatcher:
    """The codebook compiled for matching; ``scores`` gives one row of theme scores per answer."""

    def __init__(self, codebook: Codebook, *, helped: bool = False) -> None:
        self.codebook = codebook
        self.helped = helped
        self.theme_ids = codebook.ids
        vocabulary: set[str] = set()
        for theme in codebook.themes:
            for text in (*theme.keywords, *theme.helped_keywords, *theme.examples, theme.name_nl):
                # function words are no compound parts ("voordat" is not "voor" + "dat")
                vocabulary.update(w for w in tokens(fold(text)) if len(w) >= 3 and w not in STOP_WORDS)
        self.splitter = CompoundSplitter(vocabulary)

        raw: list[_Entry] = []
        for index, theme in enumerate(codebook.themes):
            # for "what helped" answers the solution words count most; the obstacle words
            # (the same topic, seen from the problem side) count less
            words = [(w, 1.0) for w in theme.keywords]
            if helped:
                words = [(w, HELPED_WEIGHT) for w in theme.helped_keywords] + [
                    (w, OBSTACLE_WEIGHT_IN_HELPED) for w in theme.keywords
                ]
            seen: set[tuple[str, ...]] = set()
            for word, factor in words:
                stems = _phrase_stems(word)
                exact = False
                if len(word) > 2 and word[0] == word[-1] == '"':
                    # a phrase in quotes is read as written, with nothing in between ("te veel
                    # geworden" is about overload, "veel te hoog geworden" about a price)
                    stems, exact = _exact_stems(word[1:-1]), True
                elif len(stems) <= 1 and len(tokens(fold(word))) > 1:
                    # a phrase that loses all but one word to the stop list ("niemand wil",
                    # "hun agenda") would match far too much on its own: it is matched word
                    # for word instead
                    stems, exact = _exact_stems(word), True
                if not stems or stems in seen:
                    continue
                seen.add(stems)
                raw.append(_Entry(index, stems, factor * (PHRASE_WEIGHT if len(stems) > 1 else 1.0), exact))
        # a keyword that several themes share tells less about each of them
        spread = Counter(e.stems for e in {(e.theme, e.stems): e for e in raw}.values())
        self.single: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.phrases: dict[str, list[_Entry]] = defaultdict(list)
        self.exact_phrases: dict[str, list[_Entry]] = defaultdict(list)
        # per theme: the stems its definition and examples use
        described = [
            {stem(w) for text in (theme.definition_nl, *theme.examples) for w in content_words(fold(text))}
            for theme in codebook.themes
        ]
        for entry in raw:
            weight = entry.weight / spread[entry.stems]
            if len(entry.stems) == 1 and not entry.exact:
                elsewhere = sum(entry.stems[0] in d for k, d in enumerate(described) if k != entry.theme)
                weight /= 1 + SHARED_WORD_DISCOUNT * elsewhere
            if entry.exact:
                self.exact_phrases[entry.stems[0]].append(_Entry(entry.theme, entry.stems, weight, True))
            elif len(entry.stems) == 1:
                self.single[entry.stems[0]].append((entry.theme, weight))
            else:
                self.phrases[entry.stems[0]].append(_Entry(entry.theme, entry.stems, weight))
        self.known_stems = frozenset(self.single.keys() | {s for e in raw for s in e.stems})
        self.typos = TypoIndex(self.known_stems)

        # prototypes: per theme a TF-IDF vector of the character n-grams (3 to 5, within
        # words) of its name, keywords and examples; n-grams carry compounds, inflections and
        # misspellings that the keyword lists miss
        documents = []
        for theme in codebook.themes:
            parts = [theme.name_nl, *theme.keywords, *theme.examples]
            if helped:
                parts += list(theme.helped_keywords)
            documents.append(" ".join(content_words(fold(" . ".join(parts)))))
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, norm=None, dtype=np.float64
        )
        matrix = self.vectorizer.fit_transform(documents)
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        self.prototypes = (matrix.multiply(1 / norms[:, None])).T.tocsr()
        # per word: its n-gram vector projected on the prototypes, and its squared length
        self._char_cache: dict[str, tuple[np.ndarray, float]] = {}
        self._word_cache: dict[str, tuple[str, ...]] = {}
        # answers repeat sentences ("Daarnaast: geen vrijwilligers."); rows are never changed
        self._segment_cache: dict[str, tuple[np.ndarray, bool]] = {}

    # -- per word ------------------------------------------------------------------------
    def word_stems(self, word: str) -> tuple[str, ...]:
        """Return the stems a word stands for: its own, its compound parts, a typo's correction."""
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached
        own = stem(word)
        found = [own]
        # a word with a stem of its own ("weten", "regelen") or known to be another word
        # ("kwartaal", "geleden") is not read as a codebook word
        fixed = word in STEM_EXCEPTIONS or word in NOT_GUESSED
        if not fixed:
            for part in self.splitter.parts(word):
                found.append(stem(part))
        guess = own not in self.single and not fixed
        if guess:
            # past participles: "geluisterd" matches "luisteren", "uitgesteld" "uitstellen"
            for base in participle_bases(word):
                for candidate in (stem(base), base):
                    if candidate in self.known_stems:
                        found.append(candidate)
        if guess and len(found) == 1:
            # diminutives: "bonnetje" matches "bonnetjes", "zaaltje" "zaal"
            for base in diminutive_bases(word):
                if stem(base) in self.single:
                    found.append(stem(base))
                    break
        if guess and len(found) == 1:
            # finite verb forms: "bepaalt" matches "bepalen", "vertrouwt" "vertrouwen"
            for infinitive in verb_infinitives(word):
                if stem(infinitive) in self.single:
                    found.append(stem(infinitive))
                    break
        if guess and len(found) == 1:
            # separable verbs: "meebeslissen" is a way of "beslissen", "terugbetaald" of "betaald"
            for particle in SEPARABLE_PARTICLES:
                rest = word[len(particle):]
                # "aangesloten" is "aansluiten", not "aan" + "gesloten"
                if rest.startswith("ge"):
                    continue
                if word.startswith(particle) and len(rest) >= 5 and stem(rest) in self.single:
                    found.append(stem(rest))
                    break
        if guess and len(found) == 1:
            corrected = self.typos.correct(own, word=word)
            if corrected:
                found.append(corrected)
        result = tuple(dict.fromkeys(found))
        if len(self._word_cache) < 500_000:
            self._word_cache[word] = result
        return result

    def _head_and_modifiers(self, word: str) -> tuple[str, frozenset[str]]:
        """Return the stem of a compound's head ("" when unknown) and the stems of its modifiers."""
        if word in STEM_EXCEPTIONS or word in NOT_GUESSED:
            return "", frozenset()
        parts = self.splitter.parts(word)
        if not parts:
            return "", frozenset()
        # the splitter may return only the known modifier ("ontheffingsverzoek")
        head = stem(parts[-1]) if word.endswith(parts[-1]) else ""
        modifiers = parts[:-1] if head else parts
        return head, frozenset(stem(p) for p in modifiers) - {head, stem(word)}

    def _segment_scores(self, words: Sequence[str], all_words: Sequence[str] = ()) -> dict[int, float]:
        """Return the summed keyword weight per theme for one segment's content words
        (``all_words``: the segment's words with stop words, for word-for-word phrases)."""
        # a compound that is a keyword itself says what it is about, more than its parts
        # ("subsidieregels" is about funding, not rules; "stookkosten" about the building)
        positions = [
            options[:1] if options[0] in self.single else options
            for options in (self.word_stems(w) for w in words)
        ]
        if all_words:
            self._add_split_verbs(all_words, positions)
        hits: dict[tuple[int, tuple[str, ...]], float] = {}
        # longest match first: the words of a phrase count for the phrase's theme, not as
        # loose words of another theme ("afhankelijk van subsidie" is not about funding,
        # "ruimte krijgen" not about the building)
        found: dict[tuple[int, tuple[str, ...]], tuple[float, list[int]]] = {}
        for pos, options in enumerate(positions):
            for s in options:
                for entry in self.phrases.get(s, ()):
                    if (entry.theme, entry.stems) in found:
                        continue
                    used = self._phrase_at(entry.stems, positions, pos)
                    if used:
                        found[(entry.theme, entry.stems)] = (entry.weight, used)
        if self.exact_phrases and all_words:
            self._exact_hits(all_words, positions, found)
        # a longer phrase claims its words before a shorter one of another theme
        claimed: dict[int, set[int]] = defaultdict(set)
        claim_length: dict[int, int] = {}
        for (theme, stems), (weight, used) in sorted(found.items(), key=lambda item: -len(item[0][1])):
            if used and all(claim_length.get(p, 0) > len(stems) and theme not in claimed[p] for p in used):
                continue
            hits[(theme, stems)] = weight
            for p in used:
                claimed[p].add(theme)
                claim_length.setdefault(p, len(stems))
        for pos, options in enumerate(positions):
            owners = claimed.get(pos)
            head, modifiers = self._head_and_modifiers(words[pos])
            head_themes = {theme for theme, _ in self.single.get(head, ())} if head in options else set()
            # one word is one piece of evidence per theme: "welzijnsorganisatie" counts once,
            # not once more for each of its parts "welzijn" and "organisatie"
            best: dict[int, tuple[float, str]] = {}
            for s in options:
                for theme, weight in self.single.get(s, ()):
                    if owners and theme not in owners:
                        continue
                    if s in modifiers and theme not in head_themes:
                        weight *= MODIFIER_WEIGHT if head_themes else LONE_MODIFIER_WEIGHT
                    if theme not in best or weight > best[theme][0]:
                        best[theme] = (weight, s)
            for theme, (weight, s) in best.items():
                hits[(theme, (s,))] = weight
        totals: dict[int, float] = defaultdict(float)
        for (theme, _), weight in hits.items():
            totals[theme] += weight
        return totals

    def _add_split_verbs(self, all_words: Sequence[str], positions: list[tuple[str, ...]]) -> None:
        """Read a verb whose particle stands apart as the whole verb ("levert ... op", "op te leveren")."""
        k = -1
        for i, word in enumerate(all_words):
            if not _is_content(word):
                continue
            k += 1
            if i >= 2 and all_words[i - 1] == "te" and all_words[i - 2] in SEPARABLE_PARTICLES:
                # "over te nemen", "bij te houden", "aan te vragen": the particle stands
                # before "te"
                found = stem(all_words[i - 2] + word)
                if found in self.single:
                    positions[k] = (found,)
                    continue
            for particle in all_words[i + 1 : i + 1 + SPLIT_VERB_REACH]:
                if particle not in SEPARABLE_PARTICLES:
                    continue
                whole = particle + word
                for candidate in (whole, *verb_infinitives(whole)):
                    found = stem(candidate)
                    if found in self.single and found not in positions[k]:
                        # the verb with its particle is another verb: "stuurt ... door"
                        # is sending on, not steering; "levert ... op" is yielding
                        positions[k] = (found,)
                        break

    def _exact_hits(
        self,
        all_words: Sequence[str],
        positions: list[tuple[str, ...]],
        found: dict[tuple[int, tuple[str, ...]], tuple[float, list[int]]],
    ) -> None:
        """Add the word-for-word phrases that occur, with the content-word positions they use."""
        options: list[tuple[str, ...]] = []
        content_at: list[int] = []
        k = 0
        for word in all_words:
            if _is_content(word):
                options.append(positions[k])
                content_at.append(k)
                k += 1
            else:
                options.append((word,))
                content_at.append(-1)
        for start, first in enumerate(options):
            for s in first:
                for entry in self.exact_phrases.get(s, ()):
                    key = (entry.theme, entry.stems)
                    end = start + len(entry.stems)
                    if key in found or end > len(options):
                        continue
                    if all(entry.stems[j] in options[start + j] for j in range(1, len(entry.stems))):
                        found[key] = (entry.weight, [c for c in content_at[start:end] if c >= 0])

    @staticmethod
    def _phrase_at(stems: tuple[str, ...], positions: list[tuple[str, ...]], start: int) -> list[int]:
        """Return the positions of the phrase's words when it occurs from ``start``, else []."""
        pos = start
        used = [start]
        for s in stems[1:]:
            for step in range(1, PHRASE_GAP + 2):
                if pos + step < len(positions) and s in positions[pos + step]:
                    pos += step
                    used.append(pos)
                    break
            else:
                return []
        return used

    # -- per answer ----------------------------------------------------------------------
    def keyword_scores(self, folded: str) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
        """Return keyword evidence per theme for the whole answer and for each of its segments,
        and the answer's likeness to each theme's keywords and examples (cosine over stems)."""
        n = len(self.theme_ids)
        whole = np.zeros(n)
        likeness = np.zeros(n)
        per_segment: list[np.ndarray] = []
        asides = np.zeros(n)
        aside_words: set[str] = set()
        aside_rows: list[np.ndarray] = []
        main_words: set[str] = set()
        for segment in segments(folded):
            words = content_words(segment)
            if not words:
                continue
            cached = self._segment_cache.get(segment)
            if cached is None:
                row = np.zeros(n)
                for theme, weight in self._segment_scores(words, tokens(segment)).items():
                    row[theme] = weight
                row.setflags(write=False)
                cached = (row, bool(row.any()) and _is_aside(segment, helped=self.helped))
                if len(self._segment_cache) < 200_000:
                    self._segment_cache[segment] = cached
            row, aside = cached
            if aside:
                asides += row
                aside_words.update(words)
                aside_rows.append(row)
            else:
                whole += row
                main_words.update(words)
                per_segment.append(row)
        has_main = whole.any()
        whole += asides * (ASIDE_WEIGHT if has_main else 1.0)
        if not has_main:
            # an answer of asides only: they are what it is about
            per_segment.extend(aside_rows)
        # the answer's vector is the sum of its words' vectors; its length is taken as if the
        # words shared no n-grams, which lets every word be projected once and cached (an
        # aside's words are left out when the rest of the answer has evidence)
        length = 0.0
        for word in content_words(folded):
            if has_main and word in aside_words and word not in main_words:
                continue
            projection, squared = self._char_cache[word]
            likeness += projection
            length += squared
        if length > 0:
            likeness /= math.sqrt(length)
        return whole, per_segment, likeness

    def _cache_words(self, folded_texts: Sequence[str]) -> None:
        new = sorted({w for text in folded_texts for w in content_words(text)} - self._char_cache.keys())
        if not new:
            return
        for start in range(0, len(new), 20_000):
            batch = new[start : start + 20_000]
            vectors = self.vectorizer.transform(batch)
            projections = np.asarray((vectors @ self.prototypes).todense())
            squared = np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel()
            for k, word in enumerate(batch):
                self._char_cache[word] = (projections[k], float(squared[k]))

    def scores(self, folded_texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[list[np.ndarray]]]:
        """Return (scores in [0, 1], keyword evidence, keyword evidence per segment) for folded answers."""
        n_texts, n_themes = len(folded_texts), len(self.theme_ids)
        evidence = np.zeros((n_texts, n_themes))
        likeness = np.zeros((n_texts, n_themes))
        segment_evidence: list[list[np.ndarray]] = []
        cache: dict[str, tuple[np.ndarray, list[np.ndarray], np.ndarray]] = {}
        self._cache_words(folded_texts)
        for i, text in enumerate(folded_texts):
            found = cache.get(text)
            if found is None:
                found = self.keyword_scores(text)
                if len(cache) < 200_000:
                    cache[text] = found
            evidence[i], likeness[i] = found[0], found[2]
            segment_evidence.append(found[1])
        return self.combine(evidence, likeness), evidence, segment_evidence

    @staticmethod
    def combine(evidence: np.ndarray, similarity: np.ndarray) -> np.ndarray:
        """Return scores in [0, 1] from keyword evidence and example likeness."""
        keyword_part = 1.0 - np.exp(-evidence)
        likeness = np.clip(similarity / SIMILARITY_FULL, 0.0, 1.0)
        return np.round((1 - SIMILARITY_SHARE) * keyword_part + SIMILARITY_SHARE * likeness, 6)


def top_terms(stem_counts: Counter[str], surface: dict[str, Counter[str]], k: int = 3) -> list[str]:
    """Return the k most frequent stems, each written as its most common word form."""
    ranked = sorted(stem_counts.items(), key=lambda item: (-item[1], item[0]))[:k]
    words = []
    for s, _ in ranked:
        forms = surface.get(s)
        words.append(sorted(forms.items(), key=lambda item: (-item[1], item[0]))[0][0] if forms else s)
    return words



@lru_cache(maxsize=8)
def compiled_matcher(codebook: Codebook, helped: bool = False) -> CodebookMatcher:
    """Return the matcher for a codebook, compiled once per codebook (codebooks are immutable)."""
    return CodebookMatcher(codebook, helped=helped)
