"""The supervised theme model: its own feature path against scikit-learn's, and the stored model
(fitted once, loaded by later processes, refitted when anything it depends on changes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from pipeline.obstacles import ObstacleThemer, load_codebook
from pipeline.obstacles import model as model_module
from pipeline.obstacles.model import Example, ThemeClassifier, stored_or_fitted
from pipeline.obstacles.stored import CACHE_ENV, from_bytes
from pipeline.obstacles.text import normalise

PROJECT = Path(__file__).resolve().parents[1]

TRAINING = (
    ("De subsidie is gekort en het budget is op.", "financiering"),
    ("We krijgen geen structurele financiering, alleen projectgeld.", "financiering"),
    ("Het fonds wijst onze aanvraag af, weer geen geld.", "financiering"),
    ("De huur van het pand is verdubbeld.", "gebouw"),
    ("Het dak lekt en het onderhoud van het gebouw blijft liggen.", "gebouw"),
    ("De verwarming in de zaal is kapot en de energierekening hoog.", "gebouw"),
    ("We vinden geen nieuwe vrijwilligers, de kern is overbelast.", "vrijwilligers"),
    ("De penningmeester stopt en er is geen opvolger.", "vrijwilligers"),
    ("Vrijwilligers haken af omdat het te veel wordt.", "vrijwilligers"),
)
NEW = [
    "Het geld voor volgend jaar is nog niet toegezegd.",
    "De kozijnen rotten weg en de verhuurder doet niets.",
    "Niemand wil de kassa doen op zaterdag.",
    "n.v.t.",
    "",
]


def examples() -> tuple[Example, ...]:
    return tuple(Example(text, theme, "test") for text, theme in TRAINING)


def test_probabilities_match_scikit_learns_vectorizers_and_logistic_regression():
    codebook = load_codebook(None)
    model = ThemeClassifier(codebook).fit([t for t, _ in TRAINING], [th for _, th in TRAINING])
    # the same model built from scikit-learn's own parts, independently of model.py's feature code
    folded = [normalise(t) for t, _ in TRAINING]
    words = TfidfVectorizer(analyzer=model_module._word_features, sublinear_tf=True)
    chars = TfidfVectorizer(analyzer=model_module._CharNgrams(2, 5), sublinear_tf=True, min_df=2)
    matcher = model.matcher_

    def features(texts: list[str], fit: bool = False) -> np.ndarray:
        w = words.fit_transform(texts) if fit else words.transform(texts)
        c = chars.fit_transform(texts) if fit else chars.transform(texts)
        return np.hstack([w.toarray(), c.toarray(), matcher.scores(texts)[0]])

    reference = LogisticRegression(C=1.0, solver="newton-cg", max_iter=5000, class_weight="balanced").fit(
        features(folded, fit=True), [th for _, th in TRAINING]
    )
    assert list(model.classes_) == list(reference.classes_)
    new = [normalise(t) for t in NEW]
    expected = reference.predict_proba(features(new))
    np.testing.assert_allclose(model.predict_proba(NEW), expected, atol=1e-6)
    assert list(model.predict(NEW[:3])) == ["financiering", "gebouw", "vrijwilligers"]


def test_the_model_is_stored_once_and_loaded_without_fitting(tmp_path, monkeypatch):
    codebook = load_codebook(None)
    fitted = stored_or_fitted(codebook, examples(), folder=tmp_path)
    files = list(tmp_path.glob("*.npz"))
    assert [f.stem for f in files] == [fitted.params_.key]

    def no_fitting(*args, **kwargs):
        raise AssertionError("the stored model should have been loaded")

    monkeypatch.setattr(ThemeClassifier, "fit", no_fitting)
    loaded = stored_or_fitted(codebook, examples(), folder=tmp_path)
    assert loaded is not fitted
    # byte-identical probabilities: the fitted model answers through the same stored numbers
    assert loaded.predict_proba(NEW).tobytes() == fitted.predict_proba(NEW).tobytes()


def test_the_stored_file_holds_plain_numbers_and_words(tmp_path):
    fitted = stored_or_fitted(load_codebook(None), examples(), folder=tmp_path)
    (path,) = tmp_path.glob("*.npz")
    with np.load(path, allow_pickle=False) as stored:  # would refuse pickled objects
        assert sorted(stored.files) == ["char_idf", "coef", "intercept", "meta", "word_idf"]
        assert all(stored[name].dtype == np.float64 for name in ("char_idf", "coef", "intercept", "word_idf"))
        meta = json.loads(str(stored["meta"]))
    assert meta["key"] == fitted.params_.key == path.stem
    assert meta["classes"] == ["financiering", "gebouw", "vrijwilligers"]
    assert len(meta["word_vocabulary"]) == fitted.params_.coef.shape[1] - len(meta["char_vocabulary"]) - meta["n_scores"]


def test_other_statements_or_codebook_make_another_model(tmp_path, monkeypatch):
    codebook = load_codebook(None)
    first = stored_or_fitted(codebook, examples(), folder=tmp_path)
    corrected = examples() + (Example("Het kwartiermakersoverleg is verschoven.", "gebouw", "correction", 5.0),)
    second = stored_or_fitted(codebook, corrected, folder=tmp_path)
    assert second.params_.key != first.params_.key
    edited = replace(codebook, themes=tuple(
        replace(t, keywords=(*t.keywords, "kozijn")) if t.id == "gebouw" else t for t in codebook.themes
    ))
    third = stored_or_fitted(edited, examples(), folder=tmp_path)
    assert len({first.params_.key, second.params_.key, third.params_.key}) == 3
    assert len(list(tmp_path.glob("*.npz"))) == 3


def test_a_damaged_or_foreign_file_is_fitted_again(tmp_path):
    codebook = load_codebook(None)
    fitted = stored_or_fitted(codebook, examples(), folder=tmp_path)
    path = tmp_path / f"{fitted.params_.key}.npz"
    path.write_bytes(b"not a model")
    again = stored_or_fitted(codebook, examples(), folder=tmp_path)
    assert again.predict_proba(NEW).tobytes() == fitted.predict_proba(NEW).tobytes()
    assert from_bytes(path.read_bytes()).key == fitted.params_.key  # written anew
    # a file whose recorded key is not its name is not used either
    other = stored_or_fitted(codebook, examples()[:6], folder=tmp_path)
    path.write_bytes((tmp_path / f"{other.params_.key}.npz").read_bytes())
    assert stored_or_fitted(codebook, examples(), folder=tmp_path).params_.classes == fitted.params_.classes


def test_an_unwritable_cache_only_costs_a_fit(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    model = stored_or_fitted(load_codebook(None), examples(), folder=blocked / "themes")
    assert list(model.predict(NEW[:1])) == ["financiering"]


def test_a_new_process_loads_the_builtin_model_from_the_cache(tmp_path):
    # the first process fits and stores the built-in model; the second only loads it
    script = (
        "import time, numpy as np\n"
        "from pipeline.obstacles import model as m, load_codebook\n"
        "fits = []\n"
        "original = m.ThemeClassifier.fit\n"
        "m.ThemeClassifier.fit = lambda self, *a, **k: fits.append(1) or original(self, *a, **k)\n"
        "model = m.builtin_model(load_codebook(None))\n"
        "p = model.predict_proba(['De huur is verdubbeld.', 'Geen vrijwilligers meer.'])\n"
        "print(len(fits), p.round(12).tobytes().hex())\n"
    )
    env = {CACHE_ENV: str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT,
                       env={**os.environ, **env}, timeout=600)
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    (fits_1, proba_1), (fits_2, proba_2) = (r.stdout.split() for r in runs)
    assert (fits_1, fits_2) == ("1", "0")
    assert proba_1 == proba_2
    assert len(list((tmp_path / "themes").glob("*.npz"))) == 1


def test_untrained_themes_are_learned_in_fit(tmp_path):
    training = examples()
    themer = ObstacleThemer(load_codebook(None), training=training).fit(NEW)
    taught = {"financiering", "gebouw", "vrijwilligers"}
    assert [str(t) for t, u in zip(themer.theme_ids_, themer.untrained_) if not u] == sorted(
        taught, key=list(themer.theme_ids_).index
    )


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    # the models these tests fit stay out of the user's cache
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
