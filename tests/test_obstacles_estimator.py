"""Contract tests for ObstacleThemer: scikit-learn conventions, determinism, swappable parts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.cluster import AgglomerativeClustering
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer

from pipeline.obstacles import ObstacleThemer, load_codebook

TEXTS = [
    "De subsidie is met twintig procent gekort.",
    "We krijgen geen structurele financiering meer, alleen projectgeld.",
    "Het aanvraagformulier is veertien pagina's lang.",
    "De verantwoording kost meer tijd dan de activiteit.",
    "Voor het buurtfeest hebben we een evenementenvergunning nodig.",
    "Het bestemmingsplan verbiedt horeca in ons pand.",
    "Het dak lekt en het onderhoud blijft liggen.",
    "De huur van het gebouw is verdubbeld.",
    "We vinden geen nieuwe vrijwilligers en de kern is overbelast.",
    "De penningmeester stopt en er is geen opvolger.",
    "n.v.t.",
    "",
    "-",
    "Klachten van de buren over lawaai van de muziek.",
    "De buren klagen over lawaai en harde muziek.",
    "Lawaai van muziek geeft klachten van buren.",
    "Parkeren is op zaterdag een chaos.",
    "Op zaterdag is parkeren onmogelijk, alles staat vol."
]


def test_fit_returns_self_and_sets_learned_state():
    themer = ObstacleThemer()
    assert themer.fit(TEXTS) is themer
    assert list(themer.theme_ids_) == list(load_codebook(None).ids)
    assert len(themer.labels_) == len(TEXTS)
    assert themer.n_features_in_ == 1


def test_init_only_stores_parameters():
    themer = ObstacleThemer(codebook="does-not-exist.toml", min_score=0.5, n_emergent=3, random_state=7)
    # nothing is read or checked until fit
    assert themer.get_params()["codebook"] == "does-not-exist.toml"
    assert themer.get_params()["min_score"] == 0.5
    with pytest.raises(NotFittedError):
        themer.predict(TEXTS)


def test_labels_are_codebook_ids_emergent_ids_or_empty():
    labels = ObstacleThemer().fit_predict(TEXTS)
    ids = set(load_codebook(None).ids)
    for text, label in zip(TEXTS, labels):
        assert label in ids or label.startswith("emergent-") or label == ""
    assert list(labels[10:13]) == ["", "", ""]
    assert labels[0] == labels[1] == "financiering"
    assert labels[4] == labels[5] == "regels"
    assert labels[6] == labels[7] == "gebouw"
    assert labels[8] == labels[9] == "vrijwilligers"
    # the uncovered answers form groups: the three about noise together, apart from parking
    assert labels[13] == labels[14] == labels[15] and labels[13].startswith("emergent-")
    assert labels[16] == labels[17] and labels[16] != labels[13]


def test_same_input_and_settings_give_identical_output():
    first = ObstacleThemer(random_state=3).fit_assign(TEXTS)
    second = ObstacleThemer(random_state=3).fit_assign(list(TEXTS))
    pd.testing.assert_frame_equal(first, second)
    # fit then predict on the same answers agrees with fit_predict
    themer = ObstacleThemer(random_state=3).fit(TEXTS)
    assert list(themer.predict(TEXTS)) == list(first["theme"])


def test_clone_round_trip_keeps_parameters_and_drops_state():
    codebook = load_codebook(None)
    themer = ObstacleThemer(codebook, min_score=0.4, n_emergent=5, random_state=11).fit(TEXTS)
    copy = clone(themer)
    assert copy.get_params(deep=False).keys() == themer.get_params(deep=False).keys()
    assert copy.get_params()["min_score"] == 0.4 and copy.get_params()["random_state"] == 11
    assert copy.get_params()["codebook"].ids == codebook.ids
    assert not hasattr(copy, "labels_")
    assert list(copy.fit_predict(TEXTS)) == list(themer.labels_)
    copy.set_params(min_score=0.95, min_probability=0.99)
    # with a very high bar nearly nothing is covered by the codebook or the model
    assert sum(str(x).startswith("emergent-") for x in copy.fit_predict(TEXTS)) > 10


def test_works_inside_a_pipeline_with_a_preprocessing_step():
    upper = FunctionTransformer(lambda X: [str(x).upper() for x in X])
    pipeline = Pipeline([("shout", upper), ("themes", ObstacleThemer(random_state=0))])
    plain = ObstacleThemer(random_state=0).fit_predict(TEXTS)
    # case is folded, so shouting changes nothing
    assert list(pipeline.fit_predict(TEXTS)) == list(plain)
    assert list(pipeline.predict(TEXTS[:4])) == list(plain[:4])


def test_scores_feed_a_downstream_classifier_in_a_pipeline():
    y = ["geld", "geld", "papier", "papier", "regels", "regels", "gebouw", "gebouw", "mensen", "mensen"]
    model = make_pipeline(ObstacleThemer(random_state=0), LogisticRegression(max_iter=500))
    model.fit(TEXTS[:10], y)
    scores = ObstacleThemer().fit(TEXTS).transform(TEXTS[:10])
    assert scores.shape == (10, len(load_codebook(None).ids))
    assert ((scores >= 0) & (scores <= 1)).all()
    assert list(model.predict(TEXTS[:10])) == y


def test_a_swapped_in_clusterer_is_used_for_the_uncovered_answers():
    themer = ObstacleThemer(clusterer=AgglomerativeClustering(linkage="average", metric="cosine"), random_state=0)
    labels = themer.fit_predict(TEXTS)
    assert labels[13] == labels[14] == labels[15] and labels[13].startswith("emergent-")
    assert labels[16] == labels[17] != labels[13]
    assert len(themer.emergent_groups_) >= 2


def test_predict_puts_new_uncovered_answers_in_the_nearest_group():
    themer = ObstacleThemer(random_state=0).fit(TEXTS)
    noise = themer.labels_[13]
    assert themer.predict(["Weer klachten over lawaai van de buren."])[0] == noise


def test_accepts_lists_series_arrays_and_one_column_frames():
    themer = ObstacleThemer().fit(TEXTS)
    expected = list(themer.predict(TEXTS))
    assert list(themer.predict(pd.Series(TEXTS))) == expected
    assert list(themer.predict(np.array(TEXTS, dtype=object).reshape(-1, 1))) == expected
    assert list(themer.predict(pd.DataFrame({"t": TEXTS}))) == expected
    with_na = themer.predict(pd.Series(["De huur is te hoog", pd.NA, None, float("nan")]))
    assert list(with_na) == ["gebouw", "", "", ""]


def test_secondary_themes_come_from_other_parts_of_the_answer():
    found = ObstacleThemer().fit_assign(
        ["Het dak lekt al maanden. Daarnaast: we vinden geen nieuwe vrijwilligers voor het bestuur."]
    )
    assert found["theme"][0] in {"gebouw", "vrijwilligers"}
    other = {"gebouw", "vrijwilligers"} - {found["theme"][0]}
    assert found["secondary"][0].split(",")[0] == other.pop()


def test_groups_do_not_depend_on_the_order_of_the_answers():
    forward = dict(zip(TEXTS, ObstacleThemer(random_state=0).fit_predict(TEXTS)))
    backward = dict(zip(TEXTS[::-1], ObstacleThemer(random_state=0).fit_predict(TEXTS[::-1])))
    assert forward == backward


def _primary(text: str) -> tuple[str, str]:
    found = ObstacleThemer().fit_assign([text])
    return found["theme"][0], found["secondary"][0]


def test_a_quoted_codebook_phrase_counts_only_word_for_word():
    # the built-in codebook has '"te veel geworden"' (overload) for volunteers
    assert _primary("Het is ons allemaal te veel geworden, we stoppen ermee.")[0] == "vrijwilligers"
    assert _primary("De huur is veel te hoog geworden.")[0] == "gebouw"


@pytest.mark.parametrize("quoted", [True, False])
def test_a_quoted_phrase_in_a_community_codebook_is_read_as_written(tmp_path, quoted):
    from pipeline.obstacles.codebook import builtin_codebook_path

    phrase = '\'"bakfiets gestolen"\'' if quoted else '"bakfiets gestolen"'
    source = builtin_codebook_path().read_text(encoding="utf-8")
    path = tmp_path / "codebook.toml"
    path.write_text(source.replace("keywords = [", f"keywords = [{phrase}, ", 1), encoding="utf-8")
    first = load_codebook(path).themes[0].id
    found = ObstacleThemer(codebook=str(path)).fit_assign(
        ["Onze bakfiets gestolen, alweer.", "De bakfiets is vannacht gestolen."])
    assert found["theme"][0] == first
    # with words in between, only the unquoted phrase still counts
    assert (found["theme"][1] == first) is (not quoted)


def test_common_words_are_not_taken_for_misspelt_codebook_words():
    from pipeline.obstacles.matching import compiled_matcher
    from pipeline.obstacles.text import stem

    matcher = compiled_matcher(load_codebook())
    for word, other in (("contract", "contact"), ("voorkeur", "voordeur"), ("gevallen", "getallen"), ("wethouder", "ouder")):
        assert stem(other) in matcher.known_stems, other  # the codebook does know the other word
        assert stem(other) not in matcher.word_stems(word), word
    # a real slip is still read as the word meant, and an inflection as its word
    assert stem("vrijwilligers") in matcher.word_stems("vrijwiligers")
    assert stem("actieve") in matcher.word_stems("actief")


def test_a_separable_verb_split_by_te_and_an_aside():
    assert _primary("We proberen af te stemmen met het welzijnswerk, maar ze komen hun afspraken nooit na.")[0] == "samenwerking"
    # an aside that says something goes well is no second theme
    assert _primary("De huur is veel te hoog. Het contact met de buurt gaat trouwens prima.") == ("gebouw", "")
