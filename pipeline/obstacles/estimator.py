"""The scikit-learn estimator that puts short Dutch answers into codebook themes or emergent groups."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClusterMixin, TransformerMixin, clone
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from pipeline.errors import ConfigError
from pipeline.obstacles.codebook import Codebook, EmergentGroup, load_codebook
from pipeline.obstacles.matching import compiled_matcher, top_terms
from pipeline.obstacles.model import CORRECTION_WEIGHT, Example, ThemeClassifier, builtin_model, shipped_examples
from pipeline.obstacles.text import content_words, folded_is_non_answer, normalise, segments, stem

EMERGENT_PREFIX = "emergent-"
# the group for uncovered answers when ``predict`` sees them and no groups were fitted
EMERGENT_OTHER = "emergent-overig"
# Thresholds on the model's probabilities. Off-topic answers ("lawaai van de buren",
# "parkeren") get at most about 0.15 for any theme, real obstacles mostly above 0.3; a primary
# theme below 0.5 was right for about 60 % of the real statements in cross-validation, above
# 0.7 for about 80 % (benchmarks/obstacles_quality.py prints this calibration).
MIN_PROBABILITY = 0.25
SECONDARY_PROBABILITY = 0.3
REVIEW_BELOW = 0.5
ASSIGNMENT_COLUMNS = (
    "theme", "label_nl", "label_en", "score", "secondary", "secondary_scores", "review", "emergent", "non_answer",
)
# the methods ``model`` names: a supervised model trained on labelled statements, or the
# codebook's keyword matcher alone
MODELS = ("supervised", "codebook")


def texts_of(X: Any) -> list[str]:
    """Return the answers in X (list, array, Series or one-column frame) as strings, NA as ""."""
    if isinstance(X, pd.DataFrame):
        if X.shape[1] != 1:
            raise ValueError(f"expected one column of texts, got {X.shape[1]} columns")
        X = X.iloc[:, 0]
    if isinstance(X, pd.Series):
        values: Iterable[Any] = X.tolist()
    else:
        array = np.asarray(X, dtype=object)
        if array.ndim == 2 and array.shape[1] == 1:
            array = array[:, 0]
        if array.ndim != 1:
            raise ValueError(f"expected a 1-D sequence of texts, got shape {array.shape}")
        values = array.tolist()
    out = []
    for value in values:
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            out.append("")
        else:
            out.append(str(value))
    return out


def _resolve_codebook(codebook: Codebook | str | os.PathLike[str] | None) -> Codebook:
    if codebook is None or isinstance(codebook, (str, os.PathLike)):
        return load_codebook(codebook)
    if isinstance(codebook, Codebook):
        return codebook
    raise ConfigError(key="obstacles.codebook_type", kind=type(codebook).__name__)


# Words almost every answer uses; a group's label names what sets it apart instead.
_LABEL_SKIP = frozenset(
    "gemeente gemeenten buurthuis buurthuizen wijk buurt mensen bewoners initiatief initiatieven "
    "activiteit activiteiten jaar jaren keer veel goed echt gaat gaan komt komen doen doet "
    "hebben krijgen steeds niet geen weinig nooit altijd probleem problemen lastig moeilijk".split()
)


def labelled_examples(texts: list[str], y: Any, codebook: Codebook) -> tuple[Example, ...]:
    """Return the answers that ``y`` labels as training examples (one per theme named)."""
    if y is None:
        return ()
    labels = texts_of(y)
    if len(labels) != len(texts):
        raise ValueError(f"y has {len(labels)} labels for {len(texts)} answers")
    known = set(codebook.ids)
    out = []
    for text, label in zip(texts, labels):
        for theme in (part.strip() for part in label.split(",")):
            if theme in known and text.strip():
                out.append(Example(text, theme, "label", CORRECTION_WEIGHT))
    return tuple(out)


def _cluster_features(folded: str) -> list[str]:
    return [stem(w) for w in content_words(folded) if len(w) > 2]


class ObstacleThemer(ClusterMixin, TransformerMixin, BaseEstimator):
    """Assign each answer its codebook themes (primary first, each with a probability) or an
    emergent group; non-answers get "".

    Parameters
    ----------
    codebook : Codebook, path or None (the built-in Dutch codebook).
    model : "supervised" (default): a linear model trained on labelled statements (shipped with
        the package, the codebook's examples, and the labels given to ``fit``) gives each theme a
        probability; "codebook": the keyword matcher alone, as before.
    training : the labelled statements (``model.Example``) the supervised model learns from
        besides the codebook's own; None: the statements shipped with the package.
    min_score : the codebook matcher's score at which an answer counts as covered by the codebook.
    min_probability : an answer fits a theme when the model gives it at least this probability;
        an answer that fits no theme and is not covered by the codebook goes to an emergent group.
    secondary_probability : every further theme with at least this probability is a secondary
        theme (at most two), most probable first.
    review_below : answers whose primary theme has a lower probability are marked for review.
    secondary_ratio : (model "codebook") another theme is a secondary theme when it scores at
        least ``min_score`` and this share of the primary score, and tops one part of the answer.
    n_emergent : at most this many emergent groups.
    clusterer : any scikit-learn clusterer for the uncovered answers (default: k-means);
        it is cloned, and ``n_clusters`` and ``random_state`` are set when it has them.
    random_state : seed for the clusterer.

    ``fit(X, y)`` takes optional labels: a theme id (or several, comma-separated, primary first)
    per answer, "" or None where there is none; labelled answers become training examples.
    ``predict`` returns theme ids; ``predict_proba`` the probability of every codebook theme;
    ``transform`` the codebook matcher's score matrix (one column per codebook theme, in
    codebook order), so the estimator also works as a Pipeline step.
    """

    def __init__(
        self,
        codebook: Codebook | str | None = None,
        *,
        model: str = "supervised",
        training: tuple[Example, ...] | None = None,
        min_score: float = 0.3,
        min_probability: float = MIN_PROBABILITY,
        secondary_probability: float = SECONDARY_PROBABILITY,
        review_below: float = REVIEW_BELOW,
        secondary_ratio: float = 0.6,
        n_emergent: int = 8,
        clusterer: Any = None,
        random_state: int | None = 0,
    ) -> None:
        self.codebook = codebook
        self.model = model
        self.training = training
        self.min_score = min_score
        self.min_probability = min_probability
        self.secondary_probability = secondary_probability
        self.review_below = review_below
        self.secondary_ratio = secondary_ratio
        self.n_emergent = n_emergent
        self.clusterer = clusterer
        self.random_state = random_state

    # -- fitting ---------------------------------------------------------------------------
    def fit(self, X: Any, y: Any = None) -> ObstacleThemer:
        """Train the theme model (with the labelled answers among X) and find emergent groups
        among the answers that fit no theme."""
        self._fit_texts(texts_of(X), y)
        return self

    def _fit_texts(self, texts: list[str], y: Any = None) -> pd.DataFrame:
        if self.model not in MODELS:
            raise ConfigError(key="obstacles.unknown_model", models=", ".join(MODELS), model=self.model)
        self.codebook_ = _resolve_codebook(self.codebook)
        self.matcher_ = compiled_matcher(self.codebook_)
        self.theme_ids_ = np.array(self.codebook_.ids, dtype=object)
        self.classes_ = self.theme_ids_
        self.classifier_: ThemeClassifier | None = None
        # the themes no labelled statement teaches (a community's own additions to its codebook)
        taught = {e.theme for e in (shipped_examples() if self.training is None else self.training)}
        self.untrained_ = np.array([str(t) not in taught for t in self.theme_ids_], dtype=bool)
        if self.model == "supervised":
            labelled = labelled_examples(texts, y, self.codebook_)
            self.classifier_ = builtin_model(
                self.codebook_, labelled, training=self.training, random_state=self.random_state
            )
        table, _ = self._match(texts)
        uncovered = np.flatnonzero(~table["non_answer"].to_numpy() & ~table["covered"].to_numpy())
        # the groups depend on which answers there are, not on the order of the rows
        folded = table["folded"].tolist()
        uncovered = np.array(sorted(uncovered.tolist(), key=lambda i: (folded[i], texts[i], i)), dtype=int)
        self._fit_emergent([folded[i] for i in uncovered], [texts[i] for i in uncovered], uncovered)
        self.n_features_in_ = 1
        result = self._finish(table, texts)
        self.labels_ = result["theme"].to_numpy(dtype=object)
        del self._fit_rows
        return result

    def _fit_emergent(self, folded: list[str], originals: list[str], rows: np.ndarray) -> None:
        self.emergent_groups_: tuple[EmergentGroup, ...] = ()
        self.emergent_vectorizer_: TfidfVectorizer | None = None
        self.emergent_centroids_: np.ndarray | None = None
        self._fit_rows: dict[int, str | None] = {int(r): None for r in rows}
        if not folded:
            return
        vectorizer = TfidfVectorizer(analyzer=_cluster_features, sublinear_tf=True, dtype=np.float64)
        try:
            matrix = normalize(vectorizer.fit_transform(folded))
        except ValueError:  # no words at all in the uncovered answers
            vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 4), dtype=np.float64)
            matrix = normalize(vectorizer.fit_transform(folded))
        distinct = len(set(folded))
        k = int(min(self.n_emergent, distinct, max(1, round(np.sqrt(len(folded) / 2)))))
        if k <= 1:
            labels = np.zeros(len(folded), dtype=int)
        else:
            model = clone(self.clusterer) if self.clusterer is not None else KMeans(n_init=10)
            params = model.get_params()
            if "n_clusters" in params:
                model.set_params(n_clusters=k)
            if "random_state" in params:
                model.set_params(random_state=self.random_state)
            # small enough to hand over dense, which every scikit-learn clusterer accepts
            data = matrix.toarray() if matrix.shape[0] * matrix.shape[1] <= 20_000_000 else matrix
            labels = np.asarray(model.fit_predict(data))
        groups = []
        for label in sorted(set(labels.tolist())):
            members = np.flatnonzero(labels == label)
            groups.append(members)
        # larger groups first, then by first member (in text order): ids do not depend on
        # the clusterer's numbering
        groups.sort(key=lambda m: (-len(m), int(m[0])))
        centroids, made = [], []
        for number, members in enumerate(groups, start=1):
            centroid = np.asarray(matrix[members].mean(axis=0)).ravel()
            norm = np.linalg.norm(centroid)
            centroid = centroid / norm if norm else centroid
            closeness = np.asarray(matrix[members] @ centroid).ravel()
            order = sorted(range(len(members)), key=lambda j: (-round(float(closeness[j]), 9), int(members[j])))
            counts: Counter[str] = Counter()
            surface: dict[str, Counter[str]] = {}
            for j in members:
                for word in set(content_words(folded[j])):
                    if len(word) <= 2 or word in _LABEL_SKIP:
                        continue
                    s = stem(word)
                    counts[s] += 1
                    surface.setdefault(s, Counter())[word] += 1
            terms = top_terms(counts, surface, k=3)
            examples = []
            for position in order:
                text = " ".join(originals[members[position]].split())
                if text not in examples:
                    examples.append(text)
                if len(examples) == 3:
                    break
            made.append(
                EmergentGroup(
                    id=f"{EMERGENT_PREFIX}{number}",
                    label_nl=", ".join(terms) if terms else "overig",
                    keywords=tuple(terms),
                    examples=tuple(examples),
                    size=len(members),
                    members=tuple(int(rows[j]) for j in members),
                )
            )
            centroids.append(centroid)
        self.emergent_groups_ = tuple(made)
        self.emergent_vectorizer_ = vectorizer
        self.emergent_centroids_ = np.vstack(centroids)
        for group in made:
            for member in group.members:
                self._fit_rows[member] = group.id

    # -- matching --------------------------------------------------------------------------
    def _match(self, texts: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
        """Return per answer (folded text, non-answer flag, primary and secondary themes) and all scores."""
        folded = [normalise(t) for t in texts]
        non_answer = np.array([folded_is_non_answer(f) for f in folded], dtype=bool)
        to_score = [f if not na else "" for f, na in zip(folded, non_answer)]
        combined, _, segments = self.matcher_.scores(to_score)
        best = combined.argmax(axis=1) if combined.shape[1] else np.zeros(len(texts), dtype=int)
        best_score = combined[np.arange(len(texts)), best] if len(texts) else np.zeros(0)
        covered = (best_score >= self.min_score) & ~non_answer
        secondary, secondary_scores = [], []
        if self.classifier_ is None:
            for i in range(len(texts)):
                secondary.append(self._secondary(i, int(best[i]), combined[i], segments[i]) if covered[i] else "")
                secondary_scores.append("")
            review = covered & (best_score < self.review_below)
        else:
            proba = self._keywords_decide_untrained(self._probabilities(folded, combined), combined, non_answer)
            best = proba.argmax(axis=1) if len(texts) else np.zeros(0, dtype=int)
            best_score = proba[np.arange(len(texts)), best] if len(texts) else np.zeros(0)
            covered = (covered | (best_score >= self.min_probability)) & ~non_answer
            # an answer of several parts names a theme when one part does
            proba = np.maximum(proba, self._part_probabilities(folded, covered))
            secondary, secondary_scores = [""] * len(texts), [""] * len(texts)
            ranked = np.argsort(-proba, axis=1, kind="stable")[:, :4]
            likely = np.take_along_axis(proba, ranked, axis=1) >= self.secondary_probability
            for row in np.flatnonzero(covered & likely.any(axis=1)):
                others = [int(t) for t, ok in zip(ranked[row], likely[row]) if ok and t != best[row]][:3]
                secondary[row] = ",".join(str(self.theme_ids_[t]) for t in others)
                secondary_scores[row] = ",".join(f"{proba[row, t]:.4f}" for t in others)
            review = covered & (best_score < self.review_below)
        table = pd.DataFrame(
            {
                "folded": folded,
                "non_answer": non_answer,
                "covered": covered,
                "best": best,
                "score": np.round(best_score, 4),
                "secondary": secondary,
                "secondary_scores": secondary_scores,
                "review": review,
            }
        )
        return table, combined

    def _keywords_decide_untrained(self, proba: np.ndarray, scores: np.ndarray, non_answer: np.ndarray) -> np.ndarray:
        """Return ``proba`` where the keyword matcher decides for themes no labelled statement
        taught the model (a community's own addition to its codebook): the model knows such a
        theme only from a handful of codebook examples, so it would lose to the shipped themes.

        Where the matcher's best theme is one of those and clears ``min_score``, that theme gets
        the matcher's share of the answer's keyword evidence (at least the model's best
        probability) and the other themes share the rest in the model's proportions."""
        untrained = self.untrained_
        if not untrained.any() or not len(proba):
            return proba
        proba = proba.copy()
        best = scores.argmax(axis=1)
        rows = np.arange(len(proba))
        strong = untrained[best] & (scores[rows, best] >= self.min_score) & ~non_answer
        for i in np.flatnonzero(strong):
            share = max(scores[i, best[i]] / scores[i].sum(), proba[i].max() + 1e-6)
            share = min(share, 1.0)
            rest = np.delete(proba[i], best[i])
            rest = rest / rest.sum() * (1.0 - share) if rest.sum() > 0 else rest
            proba[i] = np.insert(rest, best[i], share)
        return proba

    def _part_probabilities(self, folded: list[str], covered: np.ndarray) -> np.ndarray:
        """Return per answer, per theme, the highest probability one of its parts (sentences,
        list items) has for it, where that part is clearly about the theme; zeros otherwise."""
        out = np.zeros((len(folded), len(self.theme_ids_)))
        owners, parts = [], []
        for i, text in enumerate(folded):
            pieces = segments(text) if covered[i] else ()
            if len(pieces) > 1:
                owners += [i] * len(pieces)
                parts += list(pieces)
        if not parts:
            return out
        proba = self._probabilities(parts, self.matcher_.scores(parts)[0])
        proba[proba < self.min_probability] = 0.0
        for owner, row in zip(owners, proba):
            np.maximum(out[owner], row, out=out[owner])
        return out

    def _probabilities(self, folded: list[str], scores: np.ndarray) -> np.ndarray:
        """Return the model's probability of every codebook theme (columns in codebook order)."""
        out = np.zeros((len(folded), len(self.theme_ids_)))
        if not folded:
            return out
        classifier = self.classifier_
        assert classifier is not None, "called only when the model decides"
        known = classifier.predict_proba_folded(folded, scores)
        at = {t: k for k, t in enumerate(self.theme_ids_)}
        for column, theme in enumerate(classifier.classes_):
            out[:, at[str(theme)]] = known[:, column]
        return out

    def _secondary(self, row: int, primary: int, scores: np.ndarray, segments: list[np.ndarray]) -> str:
        floor = max(self.min_score, self.secondary_ratio * scores[primary])
        tops = {int(seg.argmax()) for seg in segments if seg.max() > 0}
        chosen = [
            t for t in np.argsort(-scores, kind="stable")
            if t != primary and scores[t] >= floor and (t in tops or scores[t] >= 0.9 * scores[primary])
        ]
        return ",".join(str(self.theme_ids_[t]) for t in chosen[:3])

    def _finish(self, table: pd.DataFrame, texts: list[str], *, fitting: bool = True) -> pd.DataFrame:
        n = len(texts)
        theme = np.empty(n, dtype=object)
        label_nl = np.empty(n, dtype=object)
        label_en = np.empty(n, dtype=object)
        score = table["score"].to_numpy(dtype=float).copy()
        emergent = np.zeros(n, dtype=bool)
        names = {t.id: (t.name_nl, t.name_en) for t in self.codebook_.themes}
        groups = {g.id: g for g in self.emergent_groups_}
        covered = table["covered"].to_numpy(dtype=bool)
        non_answer = table["non_answer"].to_numpy(dtype=bool)
        best = table["best"].to_numpy()
        uncovered = [i for i in range(n) if not covered[i] and not non_answer[i]]
        assigned: dict[int, tuple[str, float]] = {}
        if fitting:
            for i in uncovered:
                assigned[i] = (self._fit_rows.get(i) or EMERGENT_OTHER, 0.0)
        else:
            assigned = self._nearest_groups(table, uncovered)
        for i in range(n):
            if non_answer[i]:
                theme[i], label_nl[i], label_en[i], score[i] = "", "", "", 0.0
            elif covered[i]:
                tid = str(self.theme_ids_[best[i]])
                theme[i], (label_nl[i], label_en[i]) = tid, names[tid]
            else:
                gid, closeness = assigned[i]
                emergent[i] = True
                theme[i] = gid
                label = groups[gid].label_nl if gid in groups else "overig"
                label_nl[i] = label_en[i] = label
                score[i] = closeness
        if fitting and uncovered and self.emergent_vectorizer_ is not None:
            closenesses = self._closeness(table, uncovered, [theme[i] for i in uncovered])
            for i, value in zip(uncovered, closenesses):
                score[i] = value
        return pd.DataFrame(
            {
                "theme": theme,
                "label_nl": label_nl,
                "label_en": label_en,
                "score": np.round(score, 4),
                "secondary": table["secondary"].to_numpy(dtype=object),
                "secondary_scores": table["secondary_scores"].to_numpy(dtype=object),
                "review": table["review"].to_numpy(dtype=bool) | emergent,
                "emergent": emergent,
                "non_answer": non_answer,
            }
        )

    def _closeness(self, table: pd.DataFrame, rows: list[int], group_ids: list[str]) -> list[float]:
        vectorizer, centroids = self.emergent_vectorizer_, self.emergent_centroids_
        assert vectorizer is not None and centroids is not None, "called only when groups were fitted"
        matrix = normalize(vectorizer.transform([table["folded"].iat[i] for i in rows]))
        index = {g.id: k for k, g in enumerate(self.emergent_groups_)}
        sims = np.asarray(matrix @ centroids.T)
        return [float(sims[r, index[g]]) if g in index else 0.0 for r, g in enumerate(group_ids)]

    def _nearest_groups(self, table: pd.DataFrame, rows: list[int]) -> dict[int, tuple[str, float]]:
        if not rows:
            return {}
        vectorizer, centroids = self.emergent_vectorizer_, self.emergent_centroids_
        if vectorizer is None or centroids is None or not self.emergent_groups_:
            return {i: (EMERGENT_OTHER, 0.0) for i in rows}
        matrix = normalize(vectorizer.transform([table["folded"].iat[i] for i in rows]))
        sims = np.asarray(matrix @ centroids.T)
        out = {}
        for r, i in enumerate(rows):
            k = int(sims[r].argmax())
            out[i] = (
                (self.emergent_groups_[k].id, float(sims[r, k])) if sims[r, k] > 0 else (EMERGENT_OTHER, 0.0)
            )
        return out

    # -- public ----------------------------------------------------------------------------
    def assign(self, X: Any) -> pd.DataFrame:
        """Return one row per answer: theme, label_nl, label_en, score (the primary theme's
        probability), secondary (further themes, comma-separated), secondary_scores, review
        (unsure: worth a facilitator's look), emergent, non_answer."""
        self._check_fitted()
        texts = texts_of(X)
        return self._finish(self._match(texts)[0], texts, fitting=False)

    def fit_assign(self, X: Any, y: Any = None) -> pd.DataFrame:
        """Fit on X (and labels y, see ``fit``) and return its assignments (emergent groups as found in X)."""
        return self._fit_texts(texts_of(X), y)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Return the probability of every codebook theme (columns ``classes_``) per answer;
        non-answers get zeros. With model "codebook": the matcher's scores, normalised."""
        self._check_fitted()
        texts = texts_of(X)
        folded = [normalise(t) for t in texts]
        non_answer = np.array([folded_is_non_answer(f) for f in folded], dtype=bool)
        scores, _, _ = self.matcher_.scores([f if not na else "" for f, na in zip(folded, non_answer)])
        if self.classifier_ is not None:
            proba = self._probabilities(folded, scores)
        else:
            total = scores.sum(axis=1, keepdims=True)
            proba = np.divide(scores, total, out=np.zeros_like(scores), where=total > 0)
        proba[non_answer] = 0.0
        return proba

    def predict(self, X: Any) -> np.ndarray:
        """Return the theme id per answer: a codebook id, an emergent group id, or "" for a non-answer."""
        return self.assign(X)["theme"].to_numpy(dtype=object)

    def fit_predict(self, X: Any, y: Any = None, **kwargs: Any) -> np.ndarray:
        """Fit on X (and labels y) and return its theme ids."""
        return self.fit(X, y).labels_

    def transform(self, X: Any) -> np.ndarray:
        """Return the score of every codebook theme for every answer (non-answers score 0)."""
        self._check_fitted()
        table, scores = self._match(texts_of(X))
        scores = scores.copy()
        scores[table["non_answer"].to_numpy()] = 0.0
        return scores

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Return the theme ids, the columns of ``transform``."""
        self._check_fitted()
        return np.array([f"score_{t}" for t in self.theme_ids_], dtype=object)

    def _check_fitted(self) -> None:
        if not hasattr(self, "matcher_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("ObstacleThemer is not fitted yet; call fit or fit_predict first.")

