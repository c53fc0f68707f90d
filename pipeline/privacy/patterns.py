"""Patterns for personal data in Dutch free text, shared by redaction and the output scan."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache

import phonenumbers
import stdnum.iban
import stdnum.nl.bsn
from wordfreq import zipf_frequency

# local@domain.tld; the local part allows the characters people really use
EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]*\w@(?:[\w-]+\.)+[a-z]{2,24}(?![\w-])",
    re.IGNORECASE,
)

# where a phone number could be: nine or more digits with at most three separators between
# them; only these stretches are handed to phonenumbers (it is slower than a regular
# expression on whole pages)
_PHONE_CANDIDATE = re.compile(r"[+(]?\d(?:[^\w\n]{0,3}\d){8,}")
_PHONE_CONTEXT = 4
# Hand-written checks on what phonenumbers finds, each where the tests show the library
# worse (tests/test_privacy_redact.py, test_privacy_numbers.py, test_privacy_scan.py): its
# "valid" numbers leave out unassigned mobile ranges people still type (06-98765432), and
# its "possible" ones take dates ("01-02-2026 12"), KvK numbers and the digits in a colour
# code or an identifier for phone numbers. So: a possible Dutch number of nine national
# digits, written with its 0 (a digit right after it) or +31/0031, not a date, not glued to
# a word, '#', '/' or '.'
_DATE_START = re.compile(r"\(?\d{2}[-./]\d{2}[-./](?:19|20)\d{2}")
_GLUED_BEFORE = frozenset("+./,-#_")
_GLUED_AFTER = re.compile(r"[\w\-]|[.,]\d")

URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'\]\[)]+"
    r"|\b(?:[a-z0-9-]+\.)+(?:nl|com|org|net|eu|be|info|nu|io|de|frl|amsterdam)/[^\s<>\"'\]\[)]*",
    re.IGNORECASE,
)

# Dutch postcode (never 0xxx; SA, SD and SS are not issued), optionally with house number
POSTCODE = re.compile(
    r"\b[1-9]\d{3}(?:[ \u00a0]?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})\b"
    r"(?:[ \u00a0]*,?[ \u00a0]*\d{1,5}(?:[ \u00a0]?[a-zA-Z]\b|-\d{1,4}\b)?(?!\d))?"
)
# a street name with a usual Dutch or Flemish suffix followed by a house number (not a year:
# "Kerstmarkt 2025"); ``street_spans`` adds the words of the name before it ("Van Speijkstraat")
_STREET_SUFFIXES = (
    "straat|straatje|laan|laantje|weg|plein|pleintje|gracht|kade|singel|dijk|steeg|dreef|hof|park|"
    "ring|pad|baan|markt|erf|veld|wal|haven|dam|akker|tuin|tuinen|plantsoen|boulevard|allee|allée|"
    "poort|bolwerk|lei|dries|vest|kaai|plaats|passage|promenade|oord|hoeve|weide|burg|rade|zoom"
)
_HOUSE_NUMBER = r"[ \u00a0]+(?!(?:19|20)\d\d\b)\d{1,5}(?:[ \u00a0]?[a-zA-Z]\b|-\d{1,4}\b)?(?!\d)"
STREET = re.compile(rf"\b[A-Z][a-zà-ÿ'-]*(?:{_STREET_SUFFIXES}){_HOUSE_NUMBER}")
# "Laan van Meerdervoort 12", "Plein 1944 ..." is no address: a street that starts with its kind
_STREET_FIRST = re.compile(
    rf"\b(?:Laan|Plein|Kade|Dreef|Hof|Park|Weg|Singel|Markt)(?:[ \u00a0]+(?:van|der|de|den|het|'t|ter|ten))+"
    rf"[ \u00a0]+[A-Z][\wà-ÿ'-]*{_HOUSE_NUMBER}"
)
_NAME_PARTICLES = frozenset("van de der den het 't ter ten".split())
_LEADING_WORD = re.compile(r"(\S+)[ \u00a0]+")
_NAME_WORD_BEFORE = re.compile(r"([A-Za-zà-ÿ'][\wà-ÿ'.-]*)[ \u00a0]$")

def street_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of street names with a house number in ``text``.

    The words before a street word that belong to its name are part of it: capitalised words
    that are not function words and the particles of a name ("Van Speijkstraat 27",
    "Burgemeester de Withstraat 5", "Eerste Oosterparkstraat 3"), at most four.
    """
    found = [m.span() for m in _STREET_FIRST.finditer(text)]
    for match in STREET.finditer(text):
        if any(s <= match.start() < e for s, e in found):
            continue
        start = match.start()
        for _ in range(4):
            before = _NAME_WORD_BEFORE.search(text, 0, start)
            if before is None:
                break
            word = before.group(1)
            if word.lower() in _NAME_PARTICLES or (word[0].isupper() and not _function_word(word)):
                start = before.start()
                continue
            break
        # a lower-case particle does not start the name: "woont op de Kerkstraat 14" keeps "de"
        while start < match.start():
            first = _LEADING_WORD.match(text, start, match.start())
            if first is None or first.group(1)[0].isupper() or first.group(1) not in _NAME_PARTICLES:
                break
            start = first.end()
        found.append((start, match.end()))
    return sorted(found)


@lru_cache(maxsize=65536)
def _function_word(word: str) -> bool:
    """Return whether a capitalised word is a function word ("Op", "Bij", "Naar"), not a name."""
    return word.lower() not in _NAME_PARTICLES and zipf_frequency(word.lower(), "nl") >= 5.5


# what a value in the participant scan must look like to count as an IP address
IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")

# the length of an IBAN in each SEPA country (ISO 13616 registry)
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AL": 28, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21,
    "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27,
    "MD": 24, "ME": 22, "MK": 19, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24,
    "SE": 24, "SI": 19, "SK": 24, "SM": 27, "VA": 22,
}
# the check digits of an IBAN: two digits after a two-letter country code that does not end
# a longer word; matched from the digits, as scanning from every letter of a page is slower
_IBAN_CHECK = re.compile(r"\d(?<=(?<![^\W_])[A-Za-z]{2}\d)\d")
_IBAN_GAP = frozenset(" \u00a0")

# nine digits together, as 3-3-3 with dots or spaces, or as 4.2.3 (the way a passport prints
# it); `bsn_spans` then drops longer numbers, amounts, labelled numbers and invalid ones
# (the look-behinds follow the first digit: testing them at every character is slower)
BSN = re.compile(
    r"\d(?<![\w/#@&+\-]\d)(?<!\d[.,]\d)"
    r"(?:\d{8}|\d{2}(?P<sep>[. \u00a0])\d{3}(?P=sep)\d{3}|\d{3}\.\d{2}\.\d{3})"
    r"(?![\w\-/]|[.,]\d)"
)
# spaced or dotted digit groups that go on before or after the nine digits: a longer number
_NUMBER_BEFORE = re.compile(r"\d[. \u00a0]$")
_NUMBER_AFTER = re.compile(r"[. \u00a0]\d")
# an amount: a currency before, or "euro" / ",-" after
_CURRENCY_BEFORE = re.compile(r"(?:€|\$|£|ƒ|\beur|\beuro|\bfl\.?)[ \u00a0]*$", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"[ \u00a0]*(?:€|euro?\b|,[-\u2013\u2014]|\.-)", re.IGNORECASE)
# a number labelled as something else: "factuurnummer 123456782", "ordernr: ...", "KvK ..."
_OTHER_NUMBER_BEFORE = re.compile(
    r"\b(?:factuur|nota|order|bestel|klant|kenmerk|referentie|ref|dossier|zaak|ticket|kvk|btw|"
    r"artikel|transactie|pakket|zending|polis|contract|debiteur|crediteur|lid|relatie|"
    r"invoice|customer|reference)\w*\.?[ \u00a0]*(?:nr\.?|nummer|no\.?|number)?[ \u00a0]*[:#]?[ \u00a0]*$",
    re.IGNORECASE,
)
# ... unless the writer says it is a BSN: "mijn BSN als klant: 123456782"
_BSN_WORD = re.compile(r"\b(?:bsn|burgerservice|sofi)", re.IGNORECASE)


def _dutch_phone(text: str, span: tuple[int, int], number: phonenumbers.PhoneNumber) -> bool:
    """Return whether a number phonenumbers found is written the way a Dutch phone number is."""
    written = text[span[0]:span[1]]
    if number.country_code != 31 or len(str(number.national_number)) != 9:
        return False
    bare = written.lstrip("(")
    if not bare.startswith(("0", "+")) or _DATE_START.match(written):
        return False
    if bare.startswith("0") and not bare[1:2].isdigit():  # "0.924591511" is a fraction
        return False
    before = text[span[0] - 1:span[0]]
    if before and (before.isalnum() or before in _GLUED_BEFORE):
        return False
    return _GLUED_AFTER.match(text, span[1]) is None


def _foreign_phone(text: str, span: tuple[int, int], number: phonenumbers.PhoneNumber) -> bool:
    """Return whether a number phonenumbers found is a valid foreign one written with its country
    code ("+32 478 22 33 44", "0032 ...", "+212 6 ..."): Flemish members, family abroad."""
    written = text[span[0]:span[1]].lstrip("(")
    if number.country_code == 31 or not written.startswith(("+", "00")):
        return False
    if not phonenumbers.is_valid_number(number):
        return False
    before = text[span[0] - 1:span[0]]
    if before and (before.isalnum() or before in _GLUED_BEFORE):
        return False
    return _GLUED_AFTER.match(text, span[1]) is None


def _belgian_phone(text: str, span: tuple[int, int]) -> bool:
    """Return whether a number that is no Dutch one is a valid Belgian number written with its 0
    ("09 233 44 55", "0486 98 76 54"), not a date and not glued to a word."""
    written = text[span[0]:span[1]]
    if not written.startswith("0") or not written[1:2].isdigit() or _DATE_START.match(written):
        return False
    try:
        number = phonenumbers.parse(written, "BE")
    except phonenumbers.NumberParseException:
        return False
    if number.country_code != 32 or not phonenumbers.is_valid_number(number):
        return False
    before = text[span[0] - 1:span[0]]
    if before and (before.isalnum() or before in _GLUED_BEFORE):
        return False
    return _GLUED_AFTER.match(text, span[1]) is None


def phone_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the phone numbers in ``text`` (not the digits of an IBAN).

    ``phonenumbers.PhoneNumberMatcher`` (region NL) finds them; dates, amounts, KvK numbers
    and a Dutch number's wrong digit count are not valid numbers. Foreign numbers count when
    written with their country code and valid; Belgian ones also when written with their 0.
    """
    found: list[tuple[int, int]] = []
    ibans: list[tuple[int, int]] | None = None
    for candidate in _PHONE_CANDIDATE.finditer(text):
        start = max(0, candidate.start() - _PHONE_CONTEXT)
        window = text[start:candidate.end() + _PHONE_CONTEXT]
        for match in phonenumbers.PhoneNumberMatcher(window, "NL", leniency=phonenumbers.Leniency.POSSIBLE):
            span = (start + match.start, start + match.end)
            if found and span[0] < found[-1][1]:
                continue
            if not (_dutch_phone(text, span, match.number) or _foreign_phone(text, span, match.number)
                    or _belgian_phone(text, span)):
                continue
            if ibans is None:  # only looked for once a phone number turns up
                ibans = iban_spans(text)
            if not _overlaps(*span, ibans):
                found.append(span)
    return found


def phone_matches(text: str) -> Iterator[str]:
    """Yield the phone numbers in ``text`` as written."""
    for start, end in phone_spans(text):
        yield text[start:end]


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def iban_checksum_ok(iban: str) -> bool:
    """Return whether a compact IBAN is valid: its country's format and the ISO 13616 mod-97 check."""
    # check_country=False: stdnum's per-country bank checks refuse real Belgian accounts
    # (tests/test_privacy_numbers.py); the IBAN format and mod-97 are what matter here
    return iban.isascii() and iban.isalnum() and stdnum.iban.is_valid(iban, check_country=False)


def iban_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of valid SEPA IBANs in ``text``, with or without spaces.

    Spaces (one at a time) may only stand between groups of four, as IBANs are printed;
    the IBAN must have its country's length and must not run on into a longer word.
    """
    found: list[tuple[int, int]] = []
    end = 0
    for check in _IBAN_CHECK.finditer(text):
        start = check.start() - 2
        if start < end:
            continue
        length = IBAN_LENGTHS.get(text[start:start + 2].upper())
        if length is None:
            continue
        chars: list[str] = []
        position = start
        while position < len(text) and len(chars) < length:
            char = text[position]
            if char.isascii() and char.isalnum():
                chars.append(char)
            elif not (
                char in _IBAN_GAP and chars and len(chars) % 4 == 0 and text[position - 1] not in _IBAN_GAP
            ):
                break
            position += 1
        following = text[position:position + 1]
        if len(chars) == length and not following.isalnum() and following != "_":
            if iban_checksum_ok("".join(chars)):
                found.append((start, position))
                end = position
    return found


def elfproef(digits: str) -> bool:
    """Return whether nine digits are a valid BSN (the 11-proof, as python-stdnum checks it)."""
    return len(digits) == 9 and digits.isdigit() and stdnum.nl.bsn.is_valid(digits)


def bsn_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of citizen service numbers (BSN) in ``text``.

    Only numbers that pass the 11-proof, and not the digits of a longer number, a phone
    number, an IBAN, an amount or a number labelled as an invoice, order or KvK number.
    """
    return _bsn_spans(text, None)


def number_spans(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, kind) of the phone numbers, IBANs and BSNs in ``text``.

    The same as ``phone_matches``, ``iban_spans`` and ``bsn_spans`` together, with the
    IBANs and phone numbers each looked for once.
    """
    ibans = iban_spans(text)
    phones = [span for span in phone_spans(text) if not _overlaps(*span, ibans)]
    bsns = _bsn_spans(text, ibans + phones)
    return ([(s, e, "phone") for s, e in phones] + [(s, e, "iban") for s, e in ibans]
            + [(s, e, "bsn") for s, e in bsns])


def _bsn_spans(text: str, others: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """``bsn_spans``, given the spans of the IBANs and phone numbers (None: look for them
    once a candidate turns up)."""
    found: list[tuple[int, int]] = []
    for match in BSN.finditer(text):
        start, end = match.span()
        if not elfproef(re.sub(r"\D", "", match.group(0))):
            continue
        before = text[max(0, start - 40):start]
        if len(match.group(0)) > 9 and (_NUMBER_BEFORE.search(before) or _NUMBER_AFTER.match(text, end)):
            continue
        if _CURRENCY_BEFORE.search(before) or _CURRENCY_AFTER.match(text, end):
            continue
        if _OTHER_NUMBER_BEFORE.search(before) and not _BSN_WORD.search(before):
            continue
        if others is None:  # only looked for once a candidate turns up
            others = iban_spans(text) + phone_spans(text)
        if not _overlaps(start, end, others):
            found.append((start, end))
    return found


def phone_digits(value: str) -> str:
    """Return a phone number as its ten national digits (``0612345678``), or ``""``."""
    digits = re.sub(r"\D", "", value)
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    elif digits.startswith("31") and value.lstrip().startswith("+"):
        digits = "0" + digits[2:]
    if digits.startswith("0") and "(0)" in value and len(digits) == 11:
        digits = digits[:1] + digits[2:] if digits[1] == "0" else digits
    return digits if len(digits) == 10 and digits.startswith("0") else ""


def _fold_char(char: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
    ).casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """Return ``text`` lower-cased without accents, and for each folded char its source index."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    where: list[int] = []
    position = 0
    for run in re.finditer(r"[^\x00-\x7f]+", text):
        out.append(text[position:run.start()].lower())
        where.extend(range(position, run.start()))
        for i in range(run.start(), run.end()):
            piece = _fold_char(text[i])
            out.append(piece)
            where.extend([i] * len(piece))
        position = run.end()
    out.append(text[position:].lower())
    where.extend(range(position, len(text)))
    return "".join(out), where


def name_words(name: str) -> tuple[str, ...]:
    """Return a name as folded words: ``"Aïcha El-Amrani"`` -> ``("aicha", "el", "amrani")``."""
    folded, _ = fold(name)
    return tuple(re.findall(r"\w+", folded))


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Return one word lower-cased without accents ("Aïcha" -> "aicha")."""
    if word.isascii():
        return word.lower()
    return _fold_char(word) if len(word) == 1 else "".join(_fold_char(c) for c in word)


_WORDS = re.compile(r"\w+")
# what may stand between the words of one name: "Jan-Willem", "D'Souza", "A. Kaya"
_NAME_GAP = re.compile(r"[\s\-.'\u2019]{1,3}")


class NameIndex:
    """Finds listed word sequences in text as whole words, ignoring case and accents, in linear time.

    Used for names in redaction and for every personal value in the output scan. Each
    sequence carries a kind (``"name"`` for ``names``; the keys of ``kinds``). Between the
    words of one entry stand the characters of a name ("Jan-Willem", "A. Kaya"), or with
    ``max_gap`` any characters up to that many ("ingrid.smit@…").
    """

    def __init__(
        self,
        names: Iterable[str] = (),
        *,
        kinds: Mapping[str, Iterable[str]] | None = None,
        max_gap: int | None = None,
        min_chars: int = 3,
    ) -> None:
        self.sequences: dict[tuple[str, ...], str] = {}
        self.lengths: dict[str, list[int]] = {}
        self.max_gap = max_gap
        entries = [("name", names), *(kinds or {}).items()]
        for kind, values in entries:
            for value in values:
                words = tuple(fold_word(w) for w in _WORDS.findall(value))
                if words and len("".join(words)) >= min_chars and words not in self.sequences:
                    self.sequences[words] = kind
                    self.lengths.setdefault(words[0], []).append(len(words))
        for sizes in self.lengths.values():
            sizes.sort(reverse=True)  # the longest entry wins: "Jan-Willem Bos" over "Jan-Willem"

    def __bool__(self) -> bool:
        return bool(self.sequences)

    def _joined(self, text: str, end: int, start: int) -> bool:
        if self.max_gap is None:
            return _NAME_GAP.fullmatch(text, end, start) is not None
        return start - end <= self.max_gap

    def find(self, text: str, *, overlapping: bool = False) -> list[tuple[int, int, str]]:
        """Return (start, end, kind) of the listed sequences in ``text``, left to right.

        Without ``overlapping`` a match's words are not looked at again.
        """
        if not self.sequences:
            return []
        # fold word by word: lower-casing the whole text could shift positions ("İ" -> "i̇")
        if text.isascii():
            words = _WORDS.findall(text.lower())
        else:
            words = [fold_word(w) for w in _WORDS.findall(text)]
        lengths = self.lengths
        if not any(w in lengths for w in words):
            return []
        spans = [m.span() for m in _WORDS.finditer(text)]
        found = []
        i = 0
        while i < len(words):
            for size in lengths.get(words[i], ()):
                if i + size > len(words):
                    continue
                kind = self.sequences.get(tuple(words[i:i + size]))
                if kind and all(self._joined(text, spans[j][1], spans[j + 1][0]) for j in range(i, i + size - 1)):
                    found.append((spans[i][0], spans[i + size - 1][1], kind))
                    if not overlapping:
                        i += size - 1
                    break
            i += 1
        return found

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Return the (start, end) spans of listed names in ``text``, left to right."""
        return [(start, end) for start, end, _ in self.find(text)]


def name_spans(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Return the (start, end) spans in ``text`` where a listed name occurs."""
    return NameIndex(names).spans(text)
