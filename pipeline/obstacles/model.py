"""A supervised theme model: word and character n-grams plus the codebook's scores, one linear model.

The model is trained deterministically from labelled statements that ship with the package
(``training/*.csv``: real Dutch statements with their sources, statements written for the
project, and the codebook's own examples, definitions and keywords), plus any labelled answers
the caller adds (a community's corrections). It is fitted once per set of inputs and stored as
plain numbers and words (``stored.py``), so later processes load it instead of fitting again.
Nothing is downloaded; nothing is pickled.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from pipeline.obstacles.codebook import Codebook
from pipeline.obstacles.matching import compiled_matcher
from pipeline.obstacles.stored import LinearThemes, load_stored, model_key, store
from pipeline.obstacles.text import content_words, normalise, stem

TRAINING_PACKAGE = "pipeline.obstacles.training"
# the weight of a facilitator's correction as a training example (a shipped statement: 1)
CORRECTION_WEIGHT = 5.0
# how alike (cosine of character n-grams) an answer must be to a corrected one to lean to its theme
MEMORY_SIMILARITY = 0.5
# the real statements' theme ids (see training/README.md) -> the built-in codebook's
REAL_THEMES = {
    "FUND": "financiering", "ADMIN": "verantwoording", "RULES": "regels", "BUREAU": "bureaucratie",
    "ACCOM": "gebouw", "TRUST": "erkenning", "VOL": "vrijwilligers", "AUTON": "autonomie",
    "PROF": "samenwerking", "IMPACT": "waarde", "REACH": "bereik", "KNOW": "kennis",
}


@dataclass(frozen=True)
class Example:
    """One labelled statement: its text, theme id and where it comes from."""

    text: str
    theme: str
    source: str
    # how much the model weighs it: a facilitator's correction counts more than one statement
    weight: float = 1.0


def _read_examples(name: str) -> tuple[Example, ...]:
    # read as bytes: a Traversable's open() promises no newline argument, and csv wants the
    # line ends untranslated (newline="")
    data = resources.files(TRAINING_PACKAGE).joinpath(name).read_bytes().decode("utf-8")
    return tuple(
        Example(row["text"], REAL_THEMES.get(row["theme"], row["theme"]), row.get("source") or name)
        for row in csv.DictReader(io.StringIO(data, newline=""))
    )


@lru_cache(maxsize=1)
def shipped_examples() -> tuple[Example, ...]:
    """Return the labelled statements shipped with the package, in a fixed order."""
    names = sorted(
        p.name for p in resources.files(TRAINING_PACKAGE).iterdir() if p.name.endswith(".csv")
    )
    return tuple(e for name in names for e in _read_examples(name))


def codebook_examples(codebook: Codebook) -> tuple[Example, ...]:
    """Return each theme's examples, definition and keywords as labelled statements."""
    out = []
    for theme in codebook.themes:
        where = f"codebook:{theme.id}"
        for text in theme.examples:
            out.append(Example(text, theme.id, where))
        out.append(Example(theme.definition_nl, theme.id, where))
        if theme.keywords:
            out.append(Example(" ".join(k.strip('"') for k in theme.keywords), theme.id, where))
    return tuple(out)


def training_examples(
    codebook: Codebook, extra: Sequence[Example] = (), training: Sequence[Example] | None = None
) -> tuple[Example, ...]:
    """Return the statements the model learns from: ``training`` (None: the shipped ones) whose
    theme the codebook has, the codebook's own, then ``extra`` (a community's corrections)."""
    ids = set(codebook.ids)
    base = shipped_examples() if training is None else tuple(training)
    shipped = tuple(e for e in base if e.theme in ids)
    # a community's own theme has only the codebook's few examples: they weigh as corrections
    covered = {e.theme for e in shipped}
    own = tuple(
        e if e.theme in covered else Example(e.text, e.theme, e.source, CORRECTION_WEIGHT)
        for e in codebook_examples(codebook)
    )
    return shipped + own + tuple(e for e in extra if e.theme in ids)


def examples_hash(examples: Sequence[Example]) -> str:
    """Return a SHA-256 of the training statements and their themes (for provenance)."""
    digest = hashlib.sha256()
    for e in examples:
        digest.update(f"{e.theme}\t{e.weight}\t{e.text}\n".encode())
    return digest.hexdigest()


@lru_cache(maxsize=200_000)
def _word_ngrams(word: str, low: int, high: int) -> tuple[str, ...]:
    """Return the character n-grams of one word padded with spaces (scikit-learn's "char_wb")."""
    padded = f" {word} "
    grams: list[str] = []
    for n in range(low, high + 1):
        grams.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
        if len(padded) <= n:  # a short word counts once
            break
    return tuple(grams)


class _CharNgrams:
    """The character n-grams within words of a folded text, each word's computed once."""

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def __call__(self, folded: str) -> list[str]:
        return [g for word in folded.split() for g in _word_ngrams(word, self.low, self.high)]


def _word_features(folded: str) -> list[str]:
    words = [stem(w) for w in content_words(folded)]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def _tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Return scikit-learn's TF-IDF of raw counts: sublinear tf, times idf, rows of unit length."""
    counts = counts.astype(np.float64)
    counts.sum_duplicates()
    np.log(counts.data, out=counts.data)
    counts.data += 1.0
    return normalize(counts @ sp.diags(idf, format="csr"), copy=False)


def word_counts(folded: Sequence[str], vocabulary: dict[str, int]) -> sp.csr_matrix:
    """Return per text the counts of its known word features (stems and stem pairs)."""
    indptr: list[int] = [0]
    indices: list[int] = []
    for text in folded:
        indices.extend(k for k in map(vocabulary.get, _word_features(text)) if k is not None)
        indptr.append(len(indices))
    data = np.ones(len(indices))
    return sp.csr_matrix((data, np.asarray(indices, dtype=np.int64), indptr), shape=(len(folded), len(vocabulary)))


def char_counts(folded: Sequence[str], vocabulary: dict[str, int], ngrams: tuple[int, int]) -> sp.csr_matrix:
    """Return per text the counts of its known character n-grams within words.

    A text's n-grams are those of its words, so the counts are (texts x words) @ (words x
    n-grams): each distinct word is cut into n-grams once, however many texts use it."""
    words: dict[str, int] = {}
    indptr, indices = [0], []
    for text in folded:
        for word in text.split():
            indices.append(words.setdefault(word, len(words)))
        indptr.append(len(indices))
    per_text = sp.csr_matrix(
        (np.ones(len(indices)), np.asarray(indices, dtype=np.int64), indptr), shape=(len(folded), len(words))
    )
    low, high = ngrams
    grams_ptr: list[int] = [0]
    grams: list[int] = []
    for word in words:
        grams.extend(k for k in map(vocabulary.get, _word_ngrams(word, low, high)) if k is not None)
        grams_ptr.append(len(grams))
    per_word = sp.csr_matrix(
        (np.ones(len(grams)), np.asarray(grams, dtype=np.int64), grams_ptr), shape=(len(words), len(vocabulary))
    )
    return (per_text @ per_word).tocsr()


def _softmax(decision: np.ndarray) -> np.ndarray:
    decision = decision - decision.max(axis=1, keepdims=True)
    np.exp(decision, out=decision)
    decision /= decision.sum(axis=1, keepdims=True)
    return decision


class ThemeClassifier(ClassifierMixin, BaseEstimator):
    """A linear classifier of short Dutch answers into codebook themes.

    Features: TF-IDF of stemmed content words and word pairs, TF-IDF of character n-grams within
    words (which catch compounds, inflections and typos), and the codebook matcher's score per
    theme, weighted by ``codebook_weight``. A multinomial logistic regression turns them into a
    probability per theme.

    What ``fit`` learns ends in ``params_`` (a ``stored.LinearThemes``: vocabularies, idf
    weights, coefficients), which is all ``predict_proba`` uses: a model loaded from a stored
    file (``from_params``) answers exactly as the one just fitted.

    Parameters
    ----------
    codebook : the Codebook whose themes it learns (its matcher gives the score features).
    C : inverse regularisation strength of the logistic regression.
    char_ngrams : (min, max) length of the character n-grams; (0, 0) leaves them out.
    codebook_weight : weight of the codebook score features (0 leaves them out).
    class_weight : passed to the logistic regression ("balanced" or None).
    random_state : kept for the estimator contract; the solver is deterministic.
    """

    def __init__(
        self,
        codebook: Codebook | None = None,
        *,
        C: float = 1.0,
        char_ngrams: tuple[int, int] = (2, 5),
        codebook_weight: float = 1.0,
        class_weight: str | None = "balanced",
        random_state: int | None = 0,
    ) -> None:
        self.codebook = codebook
        self.C = C
        self.char_ngrams = char_ngrams
        self.codebook_weight = codebook_weight
        self.class_weight = class_weight
        self.random_state = random_state

    def _codebook(self) -> Codebook:
        from pipeline.obstacles.codebook import load_codebook

        return self.codebook if self.codebook is not None else load_codebook(None)

    def _features(self, folded: Sequence[str], scores: np.ndarray | None = None) -> sp.csr_matrix:
        params = self.params_
        parts = [_tfidf(word_counts(folded, self._word_index), params.word_idf)]
        if params.char_vocabulary:
            parts.append(_tfidf(char_counts(folded, self._char_index, params.char_ngrams), params.char_idf))
        if params.codebook_weight:
            if scores is None:
                scores = self.matcher_.scores(folded)[0]
            parts.append(sp.csr_matrix(np.asarray(scores, dtype=np.float64) * params.codebook_weight))
        return sp.hstack(parts, format="csr")

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> ThemeClassifier:
        """Learn the themes ``y`` (codebook theme ids) of the answers ``X``."""
        from pipeline.obstacles.estimator import texts_of

        texts = texts_of(X)
        codebook = self._codebook()
        labels = np.asarray(y, dtype=object).astype(str)
        classes = np.unique(labels)
        target = np.searchsorted(classes, labels)
        folded = [normalise(t) for t in texts]
        # the vocabularies and idf weights as scikit-learn learns them; the features below are
        # computed the way predict_proba computes them
        words = TfidfVectorizer(analyzer=_word_features, sublinear_tf=True, min_df=1, dtype=np.float64).fit(folded)
        chars = None
        if self.char_ngrams[1] > 0:
            chars = TfidfVectorizer(
                analyzer=_CharNgrams(*self.char_ngrams), sublinear_tf=True, min_df=2, dtype=np.float64
            ).fit(folded)
        matcher = compiled_matcher(codebook)
        params = LinearThemes(
            classes=tuple(str(c) for c in classes),
            word_vocabulary=_terms(words),
            word_idf=np.asarray(words.idf_, dtype=np.float64),
            char_vocabulary=_terms(chars) if chars is not None else (),
            char_idf=np.asarray(chars.idf_, dtype=np.float64) if chars is not None else np.zeros(0),
            char_ngrams=(self.char_ngrams[0], self.char_ngrams[1]) if chars is not None else (0, 0),
            codebook_weight=float(self.codebook_weight),
            n_scores=len(codebook.ids) if self.codebook_weight else 0,
            coef=np.zeros(0),
            intercept=np.zeros(0),
        )
        self._set_params(codebook, params)
        # Newton-CG reaches the optimum in a few steps; L-BFGS takes five times as long with the
        # tens of thousands of n-gram features (benchmarks/obstacles_quality.py's note)
        model = LogisticRegression(
            C=self.C, solver="newton-cg", max_iter=5000, class_weight=self.class_weight,
            random_state=self.random_state,
        )
        model.fit(self._features(folded), target, sample_weight=sample_weight)
        coef, intercept = model.coef_, model.intercept_
        if coef.shape[0] == 1:
            # two classes: a sigmoid of z is the softmax of (-z/2, z/2)
            coef, intercept = np.vstack([-coef / 2, coef / 2]), np.array([-intercept[0] / 2, intercept[0] / 2])
        self._set_params(codebook, replace(params, coef=np.asarray(coef, dtype=np.float64),
                                           intercept=np.asarray(intercept, dtype=np.float64)))
        return self

    @classmethod
    def from_params(cls, codebook: Codebook, params: LinearThemes, **settings: Any) -> ThemeClassifier:
        """Return a fitted classifier with the stored parameters ``params`` (no fitting)."""
        model = cls(codebook, **settings)
        model._set_params(codebook, params)
        return model

    def _set_params(self, codebook: Codebook, params: LinearThemes) -> None:
        self.codebook_ = codebook
        self.matcher_ = compiled_matcher(codebook)
        self.params_ = params
        self.classes_ = np.array(params.classes, dtype=object)
        self._word_index = {w: k for k, w in enumerate(params.word_vocabulary)}
        self._char_index = {g: k for k, g in enumerate(params.char_vocabulary)}
        self.n_features_in_ = 1

    def predict_proba(self, X: Any) -> np.ndarray:
        """Return one row per answer: the probability of each theme in ``classes_``."""
        from pipeline.obstacles.estimator import texts_of

        self._check()
        folded = [normalise(t) for t in texts_of(X)]
        return self.predict_proba_folded(folded, self.matcher_.scores(folded)[0])

    def predict_proba_folded(self, folded: Sequence[str], scores: np.ndarray) -> np.ndarray:
        """Return the probabilities for answers already folded, given the matcher's scores of
        the codebook's themes for them (in codebook order)."""
        self._check()
        # each distinct answer once: rounds repeat answers, and sentences repeat across answers
        distinct, back = np.unique(np.asarray(folded, dtype=object).astype(str), return_inverse=True)
        if len(distinct) < len(folded):
            first = np.zeros(len(distinct), dtype=int)
            first[back[::-1]] = np.arange(len(folded))[::-1]
            return self.predict_proba_folded(list(distinct), np.asarray(scores)[first])[back]
        params = self.params_
        if not len(folded):
            return np.zeros((0, len(params.classes)))
        decision = np.asarray(self._features(folded, scores) @ params.coef.T) + params.intercept
        proba = _softmax(decision)
        memory = getattr(self, "memory_", None)
        if memory is None:
            return proba
        # an answer phrased like a corrected one takes its theme, as far as it is alike
        similarity = np.asarray((normalize(self._memory_features(folded)) @ memory[0].T).todense())
        nearest = similarity.argmax(axis=1)
        alike = similarity[np.arange(len(folded)), nearest]
        for i in np.flatnonzero(alike >= MEMORY_SIMILARITY):
            proba[i] *= 1.0 - alike[i]
            proba[i, memory[1][nearest[i]]] += alike[i]
        return proba

    def remember(self, texts: Sequence[str], themes: Sequence[str]) -> ThemeClassifier:
        """Keep corrected answers: an answer phrased much like one of them (character n-gram
        cosine at least ``MEMORY_SIMILARITY``) leans to its theme, as much as it is alike."""
        self._check()
        known = {str(c): k for k, c in enumerate(self.classes_)}
        kept = [(normalise(t), known[th]) for t, th in zip(texts, themes) if th in known and normalise(t)]
        if kept:
            matrix = normalize(self._memory_features([t for t, _ in kept]))
            self.memory_ = (matrix, np.array([k for _, k in kept]))
        return self

    def _memory_features(self, folded: Sequence[str]) -> sp.csr_matrix:
        params = self.params_
        if params.char_vocabulary:
            return _tfidf(char_counts(folded, self._char_index, params.char_ngrams), params.char_idf)
        return _tfidf(word_counts(folded, self._word_index), params.word_idf)

    def predict(self, X: Any) -> np.ndarray:
        """Return the most probable theme per answer."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def _check(self) -> None:
        if not hasattr(self, "params_") or not len(self.params_.coef):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("ThemeClassifier is not fitted yet; call fit first.")


def _terms(vectorizer: TfidfVectorizer) -> tuple[str, ...]:
    """Return a fitted vectorizer's features in column order."""
    return tuple(str(t) for t in vectorizer.get_feature_names_out())


def codebook_digest(codebook: Codebook) -> str:
    """Return a SHA-256 of everything the model takes from a codebook (not where it was read)."""
    return hashlib.sha256(repr(codebook.themes).encode("utf-8")).hexdigest()


# the settings of the built-in model (those ``builtin_model`` fits with)
BUILTIN_SETTINGS: dict[str, Any] = {"C": 1.0, "char_ngrams": (2, 5), "codebook_weight": 1.0, "class_weight": "balanced"}


def stored_or_fitted(
    codebook: Codebook, examples: Sequence[Example], *, random_state: int | None = 0, folder: Path | None = None
) -> ThemeClassifier:
    """Return the model fitted on ``examples``: loaded from the store when a model with the same
    key (code, codebook, statements, settings) is there, else fitted and stored."""
    settings = {**BUILTIN_SETTINGS, "random_state": random_state}
    key = model_key(
        codebook_digest(codebook), examples_hash(examples), sorted((k, repr(v)) for k, v in settings.items())
    )
    params = load_stored(key, folder)
    if params is not None and tuple(params.classes) == tuple(sorted({e.theme for e in examples})):
        return ThemeClassifier.from_params(codebook, params, **settings)
    model = ThemeClassifier(codebook, **settings)
    model.fit([e.text for e in examples], [e.theme for e in examples], sample_weight=[e.weight for e in examples])
    model._set_params(codebook, replace(model.params_, key=key))
    store(model.params_, folder)
    return model


@lru_cache(maxsize=8)
def _fitted(
    codebook: Codebook, extra: tuple[Example, ...], training: tuple[Example, ...] | None, random_state: int | None
) -> ThemeClassifier:
    examples = training_examples(codebook, extra, training)
    model = stored_or_fitted(codebook, examples, random_state=random_state)
    corrections = [e for e in examples if e.weight >= CORRECTION_WEIGHT]
    if corrections:
        model.remember([e.text for e in corrections], [e.theme for e in corrections])
    return model


def builtin_model(
    codebook: Codebook,
    extra: Sequence[Example] = (),
    *,
    training: Sequence[Example] | None = None,
    random_state: int | None = 0,
) -> ThemeClassifier:
    """Return the model trained on ``training`` (None: the shipped statements), the codebook's
    examples and ``extra`` (labelled answers, a community's corrections); cached per input, in
    the process and on disk (``stored.cache_folder``)."""
    return _fitted(codebook, tuple(extra), None if training is None else tuple(training), random_state)
