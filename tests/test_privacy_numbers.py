"""Bank account numbers (IBAN) and citizen service numbers (BSN) never reach a report."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import PrivacyError
from pipeline.privacy import assert_clean, redact, scan_outputs

# ---------------------------------------------------------------- the test's own checksums


def _letters_as_numbers(text: str) -> str:
    """ISO 13616: A=10, B=11, ... Z=35; digits stay."""
    return "".join(str(ord(c) - ord("A") + 10) if c.isalpha() else c for c in text.upper())


def _iban(country: str, bban: str) -> str:
    """A compact IBAN with correct check digits for ``bban`` (ISO 13616 / ISO 7064 MOD 97-10)."""
    remainder = int(_letters_as_numbers(bban + country + "00")) % 97
    return f"{country}{98 - remainder:02d}{bban}"


def _iban_ok(iban: str) -> bool:
    compact = iban.replace(" ", "").upper()
    return int(_letters_as_numbers(compact[4:] + compact[:4])) % 97 == 1


def _spaced(iban: str) -> str:
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))


WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def _elfproef(digits: str) -> bool:
    return len(digits) == 9 and sum(w * int(d) for w, d in zip(WEIGHTS, digits)) % 11 == 0


def _bsn(rng: random.Random, first: int | None = None) -> str:
    """A random nine-digit number that passes the 11-proof, built digit by digit."""
    while True:
        head = [rng.randrange(1, 10) if first is None else first] + [rng.randrange(10) for _ in range(7)]
        last = sum(w * d for w, d in zip(WEIGHTS, head)) % 11  # 9·d1+…+2·d8 ≡ d9 (mod 11)
        if last < 10:
            number = "".join(map(str, head)) + str(last)
            assert _elfproef(number)
            return number


def _dotted(bsn: str) -> str:
    return f"{bsn[:3]}.{bsn[3:6]}.{bsn[6:]}"


RNG = random.Random(20261121)
BSNS = [_bsn(RNG) for _ in range(6)]
MOBILE = _bsn(RNG, first=6)  # nine digits after +31 that would pass the 11-proof
NL_IBAN = _iban("NL", "ABNA0417164300")
IBANS = {
    "NL": NL_IBAN,
    "NL-ing": _iban("NL", "INGB0001234567"),
    "NL-rabo": _iban("NL", f"RABO0{RNG.randrange(10**8, 10**9)}"),
    "BE": _iban("BE", "539007547034"),
    "DE": _iban("DE", "370400440532013000"),
    "FR": _iban("FR", "20041010050500013M02606"),
}


def test_the_checksums_of_this_test_are_right() -> None:
    # the published examples of the IBAN registry and of the 11-proof
    assert NL_IBAN == "NL91ABNA0417164300"
    assert IBANS["BE"] == "BE68539007547034"
    assert IBANS["DE"] == "DE89370400440532013000"
    assert _elfproef("111222333") and _elfproef("123456782") and not _elfproef("123456789")
    assert all(_iban_ok(iban) for iban in IBANS.values())


# ---------------------------------------------------------------------------- IBAN


@pytest.mark.parametrize(
    ("template", "iban"),
    [
        ("Stort het maar op {} t.n.v. de stichting.", _spaced(NL_IBAN)),
        ("Stort het maar op {} t.n.v. de stichting.", NL_IBAN),
        ("rekeningnr {} (penningmeester)", NL_IBAN.lower()),
        ("IBAN: {}, graag voor vrijdag", _spaced(IBANS["NL-ing"]).lower()),
        ("Onze bank: {}.", IBANS["NL-rabo"][:8] + " " + IBANS["NL-rabo"][8:]),
        ("Mijn zus in Antwerpen heeft {} gegeven", _spaced(IBANS["BE"])),
        ("Spende an {} bitte", _spaced(IBANS["DE"])),
        ("Virement sur {}", _spaced(IBANS["FR"])),
        ("het nummer\u00a0{}\u00a0klopt", IBANS["DE"]),
    ],
)
def test_valid_ibans_are_redacted_in_the_forms_people_type(template: str, iban: str) -> None:
    assert _iban_ok(iban)
    quote = template.format(iban)
    assert redact(quote) == template.format("[rekeningnummer]")
    assert redact(quote, language="en") == template.format("[bank account]")


def _wrong_check(iban: str) -> str:
    """The same IBAN with check digits that fail mod-97 (checked here, not assumed)."""
    check = int(iban[2:4])
    wrong = f"{iban[:2]}{(check + 1) % 100:02d}{iban[4:]}"
    assert not _iban_ok(wrong)
    return wrong


@pytest.mark.parametrize(
    "quote",
    [
        f"Het kenmerk is {_wrong_check(NL_IBAN)} volgens de bank.",
        f"overgemaakt naar {_wrong_check(IBANS['BE']).lower()}!",
        # a valid IBAN running on into a longer word is not one
        f"code {NL_IBAN}X en {NL_IBAN}7",
        # right check digits for another country's length, or a country without IBANs
        f"serienummer {_iban('NL', 'ABNA04171643001')} en {_iban('US', 'ABNA0417164300')}",
        "Bestelcode AB12 CDEF 3456 7890 12 en artikel NL12ABCD en lot ZZ99 9999 9999 99",
    ],
)
def test_letter_digit_runs_that_are_no_valid_iban_are_left_alone(quote: str) -> None:
    assert redact(quote) == quote


def test_a_mistyped_spaced_iban_is_no_account_number() -> None:
    quote = f"stort op {_spaced(_wrong_check(NL_IBAN))} aub"
    assert "[rekeningnummer]" not in redact(quote)


# ---------------------------------------------------------------------------- BSN


@pytest.mark.parametrize(
    ("template", "written"),
    [
        ("mijn BSN is {}", BSNS[0]),
        ("Mijn BSN is {}.", BSNS[1]),
        ("burgerservicenummer: {}, geboren in Utrecht", _dotted(BSNS[2])),
        ("BSN {} (van mijn moeder)", " ".join((BSNS[3][:3], BSNS[3][3:6], BSNS[3][6:]))),
        ("Sofinummer {} staat op de pas", f"{BSNS[4][:4]}.{BSNS[4][4:6]}.{BSNS[4][6:]}"),
        ("Ze vroegen om je bsn ({}) en een kopie ID", BSNS[5]),
        # a label that usually means another number does not hide a number called a BSN
        ("Mijn BSN als klant: {}", BSNS[0]),
    ],
)
def test_valid_bsns_are_redacted_in_the_forms_people_type(template: str, written: str) -> None:
    quote = template.format(written)
    assert redact(quote) == template.format("[bsn]")
    assert redact(quote, language="en") == template.format("[bsn]")


def test_a_bsn_with_a_wrong_check_digit_is_left_alone() -> None:
    for number in BSNS:
        # changing only the last digit changes the sum by 1..9: never a multiple of 11
        wrong = number[:8] + str((int(number[8]) + 3) % 10)
        assert not _elfproef(wrong)
        for written in (wrong, _dotted(wrong)):
            quote = f"mijn nummer is {written} geloof ik"
            assert redact(quote) == quote


def _datetime_with_a_valid_window() -> str:
    """A compact date-time (yyyymmddHHMMSS) holding nine digits that pass the 11-proof."""
    moment = datetime(2026, 1, 15, 9, 30)
    for _ in range(10_000):
        stamp = moment.strftime("%Y%m%d%H%M%S")
        if any(_elfproef(stamp[i:i + 9]) for i in range(len(stamp) - 8)):
            return stamp
        moment += timedelta(seconds=7)
    raise AssertionError("no such date-time found")


def _lookalikes() -> list[str]:
    valid = BSNS[0]
    mobile = MOBILE
    longer = next(f"{d}{b}" for b in BSNS for d in "123456789" if not _elfproef(f"{d}{b}"[:9]))
    return [
        # amounts
        f"De verbouwing kost € {_dotted(valid)} volgens de begroting.",
        f"Een bedrag van €{valid} of EUR {valid} of {_dotted(valid)} euro of {_dotted(valid)},-",
        f"Totaal {_dotted(valid)},00 en {valid},50 en 0.{valid}",
        # phone numbers
        f"Bel +31 {mobile} of 0031 {mobile} of 0{mobile} of +31{mobile}",
        # dates and date-times
        f"Op 15-01-2026 en 2026-01-15 en 15.01.2026, export {_datetime_with_a_valid_window()}.",
        # order, invoice and KvK numbers
        f"Factuurnummer {valid}, ordernr. {valid}, bestelling #{valid}, klantnummer: {valid}",
        f"factuur 2026-{valid} en referentie {_dotted(valid)} en INV/{valid}",
        "KvK 41234567, KvK-nummer 12345678, btw NL001234567B01",
        # a longer number that holds nine valid digits
        f"pasnummer {longer}, rekenblad 1 {valid[:3]} {valid[3:6]} {valid[6:]} en {_dotted(valid)}.456 en"
        f" {valid[:3]} {valid[3:6]} {valid[6:]} 123",
        # postcodes and house numbers
        "Kom naar het buurthuis; in 3512 wonen 12345 mensen.",
    ]


@pytest.mark.parametrize("quote", _lookalikes())
def test_numbers_that_are_no_bsn_are_not_redacted_as_one(quote: str) -> None:
    assert "[bsn]" not in redact(quote)


def test_amounts_dates_invoices_and_kvk_numbers_are_left_alone_entirely() -> None:
    for quote in _lookalikes():
        if "Bel" in quote:  # the phone numbers are redacted, but as phone numbers
            assert redact(quote).count("[telefoon]") == 4
            continue
        assert redact(quote) == quote


def test_an_iban_is_not_also_taken_for_a_phone_or_a_bsn() -> None:
    # the account part of this IBAN looks like a landline number (0 + nine digits)
    quote = f"Rekening {_spaced(NL_IBAN)} van de vereniging"
    assert redact(quote) == "Rekening [rekeningnummer] van de vereniging"


def test_everything_in_one_answer() -> None:
    quote = (
        f"Geld graag naar {_spaced(IBANS['NL-ing'])} t.n.v. Stichting Buurtkamer, "
        f"mijn BSN {_dotted(BSNS[1])} heb ik al gemaild naar info@buurtkamer.nl, "
        f"factuur {BSNS[2]} volgt (€ 1.250,-)."
    )
    assert redact(quote) == (
        "Geld graag naar [rekeningnummer] t.n.v. Stichting Buurtkamer, "
        f"mijn BSN [bsn] heb ik al gemaild naar [e-mail], factuur {BSNS[2]} volgt (€ 1.250,-)."
    )


# ---------------------------------------------------------------------------- output scan


def _place(text: str, needle: str) -> str:
    """Line and column of ``needle`` in ``text``, counted here independently."""
    offset = text.index(needle)
    before = text[:offset]
    return f"line {before.count(chr(10)) + 1}, column {offset - (before.rfind(chr(10)) + 1) + 1}"


def test_the_scan_finds_a_seeded_iban_and_bsn_with_file_and_place(tmp_path: Path) -> None:
    iban = _spaced(IBANS["NL-rabo"])
    bsn = _dotted(BSNS[3])
    page = (
        "<!DOCTYPE html>\n<html lang=\"nl\"><body>\n<h1>Ronde 2</h1>\n"
        f"<p>&ldquo;Stort op {iban} t.n.v. de penningmeester&rdquo;</p>\n"
        f"<p>&ldquo;Mijn BSN is {bsn}, mag dat?&rdquo;</p>\n</body></html>\n"
    )
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "data").mkdir()
    pd.DataFrame({"thema": ["geld", "regels"], "citaat": [f"rekening {IBANS['BE']}", f"bsn {BSNS[4]}"]}).to_csv(
        tmp_path / "data" / "citaten.csv", index=False
    )

    findings = scan_outputs(tmp_path, {})
    found = sorted((f.file.name, f.place, f.kind) for f in findings)
    assert found == sorted([
        ("index.html", _place(page, iban), "iban-pattern"),
        ("index.html", _place(page, bsn), "bsn-pattern"),
        ("citaten.csv", "row 1, column 2 ('citaat')", "iban-pattern"),
        ("citaten.csv", "row 2, column 2 ('citaat')", "bsn-pattern"),
    ])

    secrets = [iban, IBANS["NL-rabo"], IBANS["BE"], bsn, BSNS[3], BSNS[4], BSNS[3][:5], IBANS["BE"][4:12]]
    with pytest.raises(PrivacyError) as caught:
        assert_clean(findings)
    message = str(caught.value)
    assert "citaten.csv" in message and "row 1, column 2" in message and "privacy scan: 4 findings" in message
    for value in secrets:
        assert value not in message
        assert not [f for f in findings if value in f.excerpt]
    # no digit of a BSN is shown: the excerpt keeps only its length
    bsn_excerpts = [f.excerpt for f in findings if f.kind == "bsn-pattern"]
    assert all("<<…[" in excerpt for excerpt in bsn_excerpts)


def test_the_scan_finds_an_encoded_iban(tmp_path: Path) -> None:
    encoded = "".join(f"&#{ord(c)};" for c in NL_IBAN)
    page = f"<p>rekening: {encoded}</p>\n"
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    assert [(f.kind, f.place) for f in scan_outputs(tmp_path, {})] == [("iban-pattern", _place(page, encoded))]


def test_lookalikes_give_the_scan_no_findings(tmp_path: Path) -> None:
    text = "\n".join(q for q in _lookalikes() if "Bel" not in q) + "\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Onjuist: {_wrong_check(NL_IBAN)} en {BSNS[0][:8]}{(int(BSNS[0][8]) + 1) % 10}\n")
    assert scan_outputs(tmp_path, {}) == []


def test_an_iban_in_the_scan_is_neither_a_phone_nor_a_bsn(tmp_path: Path) -> None:
    text = f"Rekening {_spaced(NL_IBAN)} van de vereniging\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    assert [(f.kind, f.place) for f in scan_outputs(tmp_path, {})] == [("iban-pattern", _place(text, "NL91"))]


def test_a_phone_number_in_the_scan_is_not_also_a_bsn(tmp_path: Path) -> None:
    text = f"Bel +31 {MOBILE} of 0031 {MOBILE}\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    found = [(f.kind, f.place) for f in scan_outputs(tmp_path, {})]
    assert found == [("phone-pattern", _place(text, "+31")), ("phone-pattern", _place(text, "0031"))]


def test_the_communitys_own_account_may_be_allowed(tmp_path: Path) -> None:
    text = f"Giften graag op {_spaced(NL_IBAN)}; terugbetaling naar {IBANS['NL-ing']}\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    found = scan_outputs(tmp_path, {}, allow=[NL_IBAN.lower()])
    assert [(f.kind, f.place) for f in found] == [("iban-pattern", _place(text, IBANS["NL-ing"]))]
