"""Dutch text handling: folding, non-answers, stems, compounds, typos."""

from __future__ import annotations

import pytest

from pipeline.obstacles.text import (
    CompoundSplitter,
    TypoIndex,
    clean_text,
    content_words,
    fold,
    is_non_answer,
    participle_bases,
    segments,
    stem,
)

NON_ANSWERS = [
    "n.v.t.", "N.V.T", "nvt", "Nvt.", "geen", "Geen.", "nee", "NEE!", "-", "--", "weet niet",
    "Weet ik niet", "niets", "Niets.", "", "   ", "\t\n", "...", "?!", "😩", "👍🏽👍🏽", "N/A", "n.a.",
    "geen idee", "Nee, op dit moment niet", "niet van toepassing", None, float("nan"),
]
REAL_ANSWERS = [
    "geen geld", "Geen vrijwilligers meer", "Nee, de gemeente luistert niet",
    "De huur is te hoog", "VOG", "subsidie!!", "Niets werkt bij de gemeente: alles duurt maanden.",
    "Onze vrijwilligers zijn op 😩 maar we gaan door 💪🏽",
]


@pytest.mark.parametrize("text", NON_ANSWERS)
def test_non_answers_are_recognised(text):
    assert is_non_answer(text)


@pytest.mark.parametrize("text", REAL_ANSWERS)
def test_real_answers_are_not_non_answers(text):
    assert not is_non_answer(text)


def test_folding_removes_case_accents_and_typographic_quotes():
    assert fold("Coördinatie ÉÉN reünie “café” ‘x’") == 'coordinatie een reunie "cafe" \'x\''
    # folded words share one stem whatever accent or case they were written with
    assert stem(fold("Financiële")) == stem(fold("financiele"))


def test_clean_text_strips_html_scripts_urls_and_mail():
    raw = "<script>alert('x')</script> De <b>aanvraag</b> &amp; zo <a href='http://e.org'>link</a> mail@example.org"
    cleaned = clean_text(raw)
    assert "alert" not in cleaned and "<" not in cleaned and "@" not in cleaned and "http" not in cleaned
    assert "aanvraag" in cleaned and "&" in cleaned


def test_stop_words_are_dropped_but_negations_kept():
    words = content_words(fold("We hebben geen geld en te weinig vrijwilligers voor de activiteiten"))
    assert "geen" in words and "te" in words and "weinig" in words
    assert "we" not in words and "de" not in words and "en" not in words


def test_snowball_dutch_stemming_joins_inflections():
    assert stem("vrijwilligers") == stem("vrijwilliger")
    assert stem("vergunningen") == stem("vergunning")
    assert stem("subsidies") == stem("subsidie")
    # the conservative stemmer keeps the word body that compound matching needs
    assert stem("gemeente").startswith("gemeent")


def test_compounds_split_into_known_parts():
    splitter = CompoundSplitter(["subsidie", "aanvraag", "vrijwilliger", "tekort", "vergunning", "regel"])
    assert splitter.parts("subsidieaanvraag") == ("subsidie", "aanvraag")
    assert [stem(p) for p in splitter.parts("vrijwilligerstekort")] == [stem("vrijwilliger"), stem("tekort")]
    assert splitter.parts("evenementenvergunning") == ("vergunning",)
    # a derivation is not a compound
    assert splitter.parts("regelmatig") == ()
    assert splitter.parts("subsidie") == ()


def test_typos_are_corrected_only_when_unambiguous():
    index = TypoIndex([stem("vrijwilliger"), stem("verantwoording")])
    assert index.correct(stem("vrijwiliger")) == stem("vrijwilliger")
    assert index.correct(stem("verantwording")) == stem("verantwoording")
    assert index.correct("fiets") is None


def test_participles_lead_back_to_the_verb():
    assert "luister" in participle_bases("geluisterd")
    assert "uitstel" in participle_bases("uitgesteld")
    assert participle_bases("lopen") == ()


def test_segments_split_sentences_lists_and_daarnaast():
    parts = segments(fold("Het dak lekt. Daarnaast: geen geld\n- de cv is kapot; en verder niets"))
    assert list(parts) == ["het dak lekt", "geen geld", "- de cv is kapot", "en verder niets"]


def test_common_spelling_variants_are_mapped():
    from pipeline.obstacles.text import tokens

    assert tokens(fold("Aktiviteiten en kontakt met de coördinator, burocratie")) == [
        "activiteiten", "en", "contact", "met", "de", "coordinator", "bureaucratie",
    ]


def test_words_that_only_look_alike_keep_their_own_stem():
    from pipeline.obstacles.text import stem

    # "weten" (to know) is not "wet" (the law); "regelen" (arrange) is not "regel" (rule)
    assert stem("weten") != stem("wet")
    assert stem("regelen") != stem("regel")
    assert stem("wetten") == stem("wet")


def test_conjugated_verbs_and_diminutives_lead_back_to_their_base():
    from pipeline.obstacles.text import diminutive_bases, verb_infinitives

    assert "bepalen" in verb_infinitives("bepaalt")
    assert "betalen" in verb_infinitives("betaalt")
    assert "bon" in diminutive_bases("bonnetje")
    # a word that is no diminutive has no smaller base
    assert diminutive_bases("subsidie") == ()


def test_common_words_are_not_read_as_a_theme_keyword():
    from pipeline.obstacles import ObstacleThemer

    themer = ObstacleThemer(random_state=0)
    frame = ["We vergaderen elk kwartaal met de buurt.",
             "De gemeente betaalt, dus de gemeente bepaalt wat wij in het buurthuis doen."]
    labels = themer.fit_predict(frame)
    # "kwartaal" holds "taal" but is no language barrier (bereik); "pays and decides" is autonomy
    assert labels[0] != "bereik"
    assert labels[1] == "autonomie"
