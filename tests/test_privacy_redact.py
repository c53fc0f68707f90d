"""Redaction of personal data in realistic Dutch quotes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import ConfigError
from pipeline.privacy import load_names, redact, redact_texts

ROOT = Path(__file__).resolve().parents[1]
NAMES_FILE = ROOT / "surveys" / "demo" / "names.txt"


@pytest.fixture(scope="module")
def names() -> tuple[str, ...]:
    return load_names(NAMES_FILE)


def test_load_names_reads_every_name_line_and_skips_comments() -> None:
    lines = NAMES_FILE.read_text(encoding="utf-8").splitlines()
    expected = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    names = load_names(NAMES_FILE)
    assert list(names) == expected
    assert not any(name.startswith("#") for name in names)


def test_load_names_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="names_file"):
        load_names(tmp_path / "absent.txt")
    assert load_names(None) == ()


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        (
            "Mail gerust naar secretariaat@buurthuisdebolder.nl, dan plannen we iets.",
            "Mail gerust naar [e-mail], dan plannen we iets.",
        ),
        (
            "Vragen? j.de.vries+ronde2@gemeente-utrecht.nl of INFO@Wijkcentrum.ORG",
            "Vragen? [e-mail] of [e-mail]",
        ),
        ("Bel de penningmeester op 06-12345678 na zessen.", "Bel de penningmeester op [telefoon] na zessen."),
        ("Mijn mobiel is 06 1234 5678.", "Mijn mobiel is [telefoon]."),
        ("App ons: 06 12 34 56 78 (ook whatsapp)", "App ons: [telefoon] (ook whatsapp)"),
        ("nummer 0612345678 werkt niet meer", "nummer [telefoon] werkt niet meer"),
        ("Vanuit het buitenland: +31 6 12345678", "Vanuit het buitenland: [telefoon]"),
        ("of +31612345678, of +31 (0)6-1234 5678", "of [telefoon], of [telefoon]"),
        ("0031 6 1234 5678 is de buurtbus", "[telefoon] is de buurtbus"),
        ("Het wijkbureau: 020-1234567 of (020) 123 4567.", "Het wijkbureau: [telefoon] of [telefoon]."),
        ("Loket 030 - 123 45 67, Ede 0318-123456", "Loket [telefoon], Ede [telefoon]"),
        ("Kijk op https://www.gemeente.nl/subsidie?ronde=2.", "Kijk op [link]."),
        ("zie www.buurthuizen-utrecht.nl en gemeente.nl/loket", "zie [link] en [link]"),
        ("Ons adres is Dorpsstraat 12, 3512 AB Utrecht.", "Ons adres is [adres], [adres] Utrecht."),
        ("Postcode 1234 AB 12 of 3512ab 4a", "Postcode [adres] of [adres]"),
        ("Kom langs: 2514 GL 7-3.", "Kom langs: [adres]."),
    ],
)
def test_patterns_are_redacted(quote: str, expected: str) -> None:
    assert redact(quote) == expected


@pytest.mark.parametrize(
    "quote",
    [
        # real demo-export answers that hold numbers but nothing personal
        "+31 is het landnummer, maar de gemeente belt nooit terug",
        "-10% subsidie ten opzichte van vorig jaar, terwijl alles duurder wordt",
        "Voor 4.000 euro moeten we een accountantsverklaring laten maken.",
        "@gemeente: waar blijft het antwoord op onze brief van 3 maart?",
        "Onze penningmeester is 78 en krijgt dat niet geregeld.",
        "In 2026 en 2027 willen we 150 bezoekers per week, van 19.30-21.00 uur.",
        "Op 01-02-2026 12 uur is de vergadering.",
        "Prijs: €12,50 — “typografische aanhalingstekens”",
        "Pad op de server: C:\\Gemeente\\Subsidies\\2026\\aanvraag.docx",
        "De bakker om de hoek en de boer uit de polder helpen mee.",
    ],
)
def test_ordinary_text_is_left_alone(quote: str, names: tuple[str, ...]) -> None:
    assert redact(quote, names=names) == quote


def test_listed_names_ignore_case_and_accents(names: tuple[str, ...]) -> None:
    quote = "Aïcha Kaya regelt het rooster; aicha kaya en AÏCHA  KAYA ook."
    assert redact(quote, names=names) == "[naam] regelt het rooster; [naam] en [naam] ook."


def test_names_are_matched_as_whole_words_only(names: tuple[str, ...]) -> None:
    assert "Tom Kaya" in names
    # "Tom" alone is redacted as a given name, but "Kayak" is not the family name "Kaya"
    quote = "Tom Kayak is geen lid, maar Tom Kaya wel."
    assert redact(quote, names=names) == "[naam] Kayak is geen lid, maar [naam] wel."
    assert redact(quote, names=names, first_names=False) == "Tom Kayak is geen lid, maar [naam] wel."


def test_hyphenated_and_multi_word_names(names: tuple[str, ...]) -> None:
    quote = "Jan-Willem Bos en jan willem bos en Carla El Amrani kwamen allemaal."
    assert redact(quote, names=names) == "[naam] en [naam] en [naam] kwamen allemaal."


def test_given_name_alone_and_family_name_after_a_title(names: tuple[str, ...]) -> None:
    quote = "Henk zegt dat mevrouw Kaya en wethouder de Groot zouden bellen."
    assert redact(quote, names=names) == "[naam] zegt dat mevrouw [naam] en wethouder [naam] zouden bellen."
    # a lower-case word that happens to be a given name is not a name
    assert redact("de tom is leeg", names=names) == "de tom is leeg"


def test_a_realistic_answer_with_everything(names: tuple[str, ...]) -> None:
    quote = (
        "Neem contact op met Ingrid Smit (ingrid.smit@example.org, 06-71556540) of kom naar "
        "Kerkstraat 4, 3581 KA Utrecht; meer op https://buurthuis.example.org/agenda"
    )
    result = redact(quote, names=names)
    assert result == (
        "Neem contact op met [naam] ([e-mail], [telefoon]) of kom naar [adres], [adres] Utrecht; "
        "meer op [link]"
    )
    for personal in ("Ingrid", "Smit", "example.org", "71556540", "Kerkstraat", "3581"):
        assert personal not in result


def test_english_placeholders() -> None:
    assert redact("bel 06-12345678 of mail a.b@c.nl", language="en") == "bel [phone] of mail [e-mail]"


def test_redact_texts_keeps_missing_and_does_not_touch_the_input(names: tuple[str, ...]) -> None:
    texts = pd.Series(["bel 06-12345678", pd.NA, "Henk Meijer helpt"], dtype="string", name="t")
    before = texts.copy()
    out = redact_texts(texts, names=names)
    assert out.tolist()[0] == "bel [telefoon]"
    assert out.isna().tolist() == [False, True, False]
    assert out.tolist()[2] == "[naam] helpt"
    pd.testing.assert_series_equal(texts, before)
