"""First names in Dutch free text, found without a list of the round's own people.

The names come from the dictionary that ships inside the ``gender-guesser`` package
(``nam_dict.txt`` by Jörg Michael, under the GNU Free Documentation License; the package is
GPLv3): about 48,000 first names with, per country, how common each is, from 1 (rare) to
13 (very common). It is read from the installed package, offline. A name counts when it is
used in the Netherlands or Flanders, or in Turkey, the Arab world or India (the countries
of origin of the largest groups of Dutch people with a migration background, Surinamese
Hindustani included), Poland or Ukraine (the largest groups of newcomers), or Britain, the
United States, Spain or Portugal (the names many Surinamese and Antillean Dutch have).
Months and weekdays never count ("Begin April").

A word is taken for a first name when it is written as one (a capital, not all capitals),
is in that list, and is not an ordinary Dutch word in that place:

- after an article or a demonstrative ("de Roos", "het Anker") it is part of a proper
  noun, not a person;
- after a capitalised word inside a sentence ("Tweede Kamer", "Buurthuis Kroon"), or after
  a word that heads an organisation's name at the start of one ("Stichting Anne Frank"), it
  belongs to that name, unless that word was itself a first name ("Jan Willem"), a comma
  stands between ("Dock, Bas") or it is a function word that starts a sentence someone did
  not end ("... is Als Mirjam stopt"); a few shops named after a person ("Albert Heijn")
  are no person either;
- a word that is much more frequent in Dutch (wordfreq) than its popularity as a name
  explains is an ordinary word ("Ben je er", "Elke week", "Door de regen"); at the start
  of a sentence, where every word has a capital, the bar is lower.

A family name that follows a first name ("Henk de Vries", "Fatima El Amrani") is part of
the name, a possessive ending ("Fatma's") is not, nor a compound of Dutch words after "van de"
("Bas van de Facebookpagina"). Three more rules find names the list alone misses:

- after a form of address or a word for kin or a neighbour ("mevrouw De Groot", "buurman
  Tesfay", "ome joop") the name is a name, listed or not; "wethouder" and "burgemeester" are
  left out on purpose: a holder of a public office named in it is no private person;
- in a text written without capitals (a sentence starts in lower case), a lower-case word
  is a name when it is a common Dutch or Flemish first name and not frequent as a Dutch
  word ("ans en kees"), or a listed name that is rare as a word, never after an article
  ("de roos") and never when it is more frequent in English ("constant", "will");
- a capitalised word joined by "en", "of", "&" or a comma to a name found is a name too
  when it is listed, or when it is rare as a Dutch word, no compound of Dutch words and
  joined by a conjunction ("Dewi en Budi", not "de Voedselbank en Ans").

Names in no list (Eritrean, Indonesian, Antillean ...) are found by where they stand: a
capitalised word before "z'n" or "en zijn/haar broer" ("Mo en zijn broer"); a word that is no
Dutch or English word (wordfreq) and no compound of Dutch words ("Zorgbelang", "Kanaleneiland"
are organisations and places) after a word for a role ("onze fotograaf Yonas"), opening a
sentence or a clause before a verb of something a person does ("Wayan geeft yoga", not
"Overvecht is ..."), or before a phone number or e-mail address ("Contact: Wannes 0475 ...");
a listed name that is also a verb, opening a sentence before another verb ("Wil komt niet
meer"). Never after an article, inside a proper noun or after "en" between two parts of one
("Bos en Lommer"). A name found once in a text is found where else it stands as a name.

``benchmarks/first_names.py`` measures recall and the ordinary words lost;
``benchmarks/redaction_quality.py`` the whole redaction on quotes written blind.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from gender_guesser.detector import Detector
from wordfreq import zipf_frequency

from pipeline.privacy.patterns import EMAIL, fold, fold_word, phone_spans

# the countries whose columns of nam_dict.txt are read (gender-guesser's names for them)
_COUNTRIES = (
    "the_netherlands", "belgium", "turkey", "arabia", "india", "poland", "ukraine", "great_britain", "usa", "spain",
    "portugal",
)
# the countries where a name is also written in lower case by people who type without capitals
_LOCAL = ("the_netherlands", "belgium")
_FIRST_COLUMN = 30
# an ordinary word is this much more frequent (Zipf scale) than a name of popularity 0 would be
_ORDINARY_AT_START = 4.3
_ORDINARY_INSIDE = 5.0
_PER_POPULARITY = 0.1
_MIN_LENGTH = 3
# a word this frequent is a function word ("Als", "Maar"), not the start of a proper noun
_FUNCTION_WORD = 6.0

_ARTICLES = frozenset(
    "de het een 't dit deze onze ons uw jullie mijn elk elke ieder iedere geen".split()
)
# parts of a family name that are written in lower case ("de Vries", "van der Berg")
_PARTICLES = frozenset("van de der den het ter ten te in 't op la le du da dos el al".split())
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
# words that head the name of an organisation or place, even at the start of a sentence:
# a first name after them belongs to that name ("Stichting Anne Frank", "Prins Bernhard ...")
_PROPER_NOUN_HEADS = frozenset(
    "stichting vereniging fonds buurthuis wijkcentrum buurtcentrum huis school basisschool kerk moskee "
    "bibliotheek zorgcentrum verpleeghuis ziekenhuis theater museum park prins prinses koning koningin "
    "sint st".split()
)
# months and weekdays: some are names elsewhere ("April", "June"), never in a Dutch answer
_CALENDAR = frozenset(
    "januari februari maart april mei juni juli augustus september oktober november december "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split()
)
# shops and organisations named after a person that Dutch texts mention all the time
_NAMED_AFTER_PEOPLE = ("albert heijn", "jan linders", "bart smit", "dirk van den broek", "max havelaar")
_LONGEST_NAMED = max(len(name) for name in _NAMED_AFTER_PEOPLE) + 1
# forms of address and words for kin or neighbours: the word after one is a name ("mevrouw
# Bakker", "buurman Tesfay", "tante lien"). Not "wethouder" or "burgemeester": a holder of a
# public office named in that office is not a private person.
_FORMS_OF_ADDRESS = re.compile(
    r"\b(?:meneer|mevrouw|mevr\.?|mw\.?|dhr\.?|de heer|juf|juffrouw|meester|zuster|buurman|buurvrouw|"
    r"buurjongen|buurmeisje|tante|oom|ome|opa|oma|broer|zus|zoon|dochter|neef|nicht)[ \u00a0]+",
    re.IGNORECASE,
)
_FORMAL_ADDRESS = re.compile(r"meneer|mevrouw|mevr\.?|mw\.?|dhr\.?|de heer|juf|juffrouw|meester", re.IGNORECASE)
# the particles a family name starts with after a formal address ("mevrouw van Dijk")
_SURNAME_STARTS = frozenset("van de der den ter ten 't el al".split())
# a lower-case name: popular in the Netherlands or Flanders and less frequent as a Dutch word
# than this, or any listed name rarer than _RARE_WORD as a word
_LOWER_CASE_POPULARITY = 5
_LOWER_CASE_ORDINARY = 4.5
_RARE_WORD = 3.0
# a capitalised word joined to a name by "en" or a comma is a name too when rarer than this
_COORDINATED_ORDINARY = 3.5
_COORDINATION = re.compile(r"[ \u00a0]*,[ \u00a0]*|[ \u00a0]+(?:en|of|&|\+)[ \u00a0]+|[ \u00a0]*/[ \u00a0]*")
_CONJUNCTION = re.compile(r"[ \u00a0]+(?:en|of|&|\+)[ \u00a0]+|[ \u00a0]*/[ \u00a0]*")
# Names in no list, found by where they stand (``_unplaced_spans``). A capitalised word that
# is rarer than this in Dutch and in English is no ordinary word of either language
_UNKNOWN_WORD = 3.0
# the shortest part of a compound word that counts ("buurt|team", not "sha|nice")
_COMPOUND_PART = 4
# finite verbs (third person singular) of something a person does: after a word that opens a
# clause they make that word a subject that is a person ("Wayan geeft yoga", ", Budi doet de
# saté"). No "is", "heeft", "kan", "wordt", "ligt": places and organisations do those as much
_PERSON_VERBS = frozenset(
    "zegt zei vertelt vertelde vraagt vroeg weet wist denkt dacht vindt vond wil wilde wou kookt kookte "
    "bakt bakte woont woonde heet belt belde appt appte mailt mailde helpt hielp geeft gaf doet deed "
    "komt kwam brengt bracht haalt haalde maakt maakte regelt regelde organiseert organiseerde "
    "vertaalt vertaalde leest las speelt speelde werkt werkte wacht wachtte zorgt zorgde leert leerde "
    "kent kende stopt stopte lacht lachte schrijft schreef repareert repareerde naait naaide "
    "zingt zong danst danste traint trainde".split()
)
# finite verbs of any kind: a word that is one cannot be followed by another ("Wil komt niet
# meer": "Wil" is a name there, not the verb)
_FINITE_VERBS = _PERSON_VERBS | frozenset(
    "is was heeft had kan kon moet moest mag mocht zal zou wordt werd gaat ging staat stond zit zat "
    "ben blijft bleef krijgt kreeg ligt lag".split()
)
# what a clause opens with before its subject: a conjunction ("en", "maar", "omdat" ...)
_CLAUSE_OPENERS = frozenset(
    "en maar want dus dat omdat als toen sinds terwijl zodat nadat voordat doordat hoewel zodra".split()
)
# punctuation that ends the clause before a word (a sentence start counts as well)
_CLAUSE_MARKS = frozenset(",;:()–—-")
# words for a person's role in an initiative: the capitalised word right after one is a name
# ("onze fotograaf Yonas"); as with kin, not "wethouder" or "burgemeester"
_ROLES = frozenset(
    "fotograaf kok coördinator coordinator voorzitter penningmeester secretaris vrijwilliger collega "
    "vriend vriendin contactpersoon conciërge buurtconciërge wijkagent jongerenwerker opbouwwerker "
    "buurtwerker sleutelhouder docent docente trainer coach buurtsportcoach maatje taalmaatje "
    "schoonzoon schoondochter kleinzoon kleindochter echtgenoot echtgenote partner".split()
)
# "Mo en zijn broer ...", "... en haar dochter": the word before is a person
_KIN_AFTER = re.compile(
    r"[ \u00a0]+en[ \u00a0]+(?:zijn|haar|z'n|z\u2019n)[ \u00a0]+(?:broer|zus|zoon|dochter|vrouw|man|moeder|"
    r"vader|neef|nicht|kinderen|kind|vriend|vriendin|partner|collega|buurman|buurvrouw|oma|opa|tante|oom)\b",
    re.IGNORECASE,
)
# "Gerrit z'n busje": the word before a short possessive is a person
_SHORT_POSSESSIVE = re.compile(r"[ \u00a0]+(?:z'n|z\u2019n)\b", re.IGNORECASE)
# between a contact person's name and the number or address after it
_CONTACT_GAP = re.compile(r"[ \u00a0]*[:,\-\u2013]?[ \u00a0]*")
_MAYBE_CONTACT = re.compile(r"@|\d(?:\D{0,3}\d){8}")
# the first letter of a sentence, a line or a list item (as ``_starts_sentence`` sees it)
_SENTENCE_START = re.compile(r"(?:\A|[.!?:;\"“”'(\[\u2022*\n]|(?<!\S)[-\u2013\u2014])\s*([^\W\d_])")
_OPENERS = frozenset(".!?:;\"“”'([\u2022*")
_DASHES = frozenset("-\u2013\u2014")


@lru_cache(maxsize=1)
def first_names() -> dict[str, int]:
    """Return folded first name -> its popularity (1..13) in the countries used."""
    return _popularities()[0]


@lru_cache(maxsize=1)
def _popularities() -> tuple[dict[str, int], dict[str, int]]:
    """Return folded first name -> popularity in the countries used, and in the Netherlands and Belgium."""
    path = resources.files("gender_guesser").joinpath("data", "nam_dict.txt")
    columns = [Detector.COUNTRIES.index(country) for country in _COUNTRIES]
    local_columns = [Detector.COUNTRIES.index(country) for country in _LOCAL]
    names: dict[str, int] = {}
    local: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line[0] in "#=":
            continue
        values = line[_FIRST_COLUMN:-1]
        popularity = local_popularity = 0
        for column in columns:
            if column < len(values) and values[column] != " ":
                popularity = max(popularity, int(values[column], 16))
                if column in local_columns:
                    local_popularity = max(local_popularity, int(values[column], 16))
        if not popularity:
            continue
        # "Jan+Willem" stands for "Jan Willem", "JanWillem" and "Jan-Willem": one word each here
        for part in {line.split()[1].replace("+", joint) for joint in ("", "-")}:
            if len(part) >= _MIN_LENGTH:
                key = fold_word(part)
                names[key] = max(popularity, names.get(key, 0))
                if local_popularity:
                    local[key] = max(local_popularity, local.get(key, 0))
    return names, local


@lru_cache(maxsize=65536)
def _function_word(word: str) -> bool:
    return zipf_frequency(word, "nl") >= _FUNCTION_WORD


@lru_cache(maxsize=65536)
def _ordinary(word: str, popularity: int, at_start: bool) -> bool:
    """Return whether a listed name is more likely an ordinary Dutch word here."""
    bar = (_ORDINARY_AT_START if at_start else _ORDINARY_INSIDE) + _PER_POPULARITY * popularity
    return zipf_frequency(word, "nl") >= bar


def _starts_sentence(text: str, start: int) -> bool:
    """Return whether the word at ``start`` opens a sentence, a line or a list item."""
    k = start
    while k > 0 and text[k - 1].isspace():
        k -= 1
    if k == 0 or "\n" in text[k:start]:
        return True
    char = text[k - 1]
    return char in _OPENERS or (char in _DASHES and (k == 1 or text[k - 2].isspace()))


def _listed(word: str, names: dict[str, int]) -> str:
    """Return the folded name under which ``word`` is listed ("" when it is not).

    "Jan-Willem", "Gert-Jan": a double first name counts by its first part.
    """
    folded = fold_word(word)
    if folded in _CALENDAR:
        return ""
    if folded in names:
        return folded
    head = folded.split("-")[0]
    return head if head in names else ""


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


def first_name_spans(text: str, contacts: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Return the (start, end) spans of first names (with a family name after them) in ``text``.

    ``contacts``: the spans of the text's e-mail addresses and phone numbers, when the caller
    has found them already (``redact`` has); else they are looked for when needed.

    >>> text = "Als Henk de Vries stopt, kan niemand in de Tweede Kamer of Buurthuis De Roos het overnemen."
    >>> [text[s:e] for s, e in first_name_spans(text)]
    ['Henk de Vries']
    """
    names = first_names()
    words = list(_WORD.finditer(text))
    found = _listed_spans(text, words, names)
    found += _addressed_spans(text, words, names)
    found += _lower_case_spans(text, words, names)
    found += _unplaced_spans(text, words, names, contacts)
    if not found:
        return []
    return _coordinated(text, words, _repeated(text, words, _merged(found)))


def _repeated(text: str, words: list[re.Match[str]], found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return ``found`` with every other place the first word of a found name stands in the same
    text written as a name ("Dawit en Mulugeta koken, Dawit zegt ..."): not after an article or
    inside a proper noun ("juf Roos ... Buurthuis De Roos")."""
    starts = {s for s, _ in found}
    firsts = {_stem(m)[0] for m in words if m.start() in starts}
    spans = list(found)
    for i, match in enumerate(words):
        word, word_end = _stem(match)
        if (word in firsts and _capitalised(word) and not any(s <= match.start() < e for s, e in found)
                and not _in_proper_noun(text, words, i)):
            spans.append((match.start(), word_end))
    return _merged(spans) if len(spans) > len(found) else found


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the spans sorted, overlapping ones joined."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _stem(match: re.Match[str]) -> tuple[str, int]:
    """Return a word without a possessive "'s" ("Fatma's" -> "Fatma") and where that ends."""
    word = match.group(0)
    if word[-1] == "s" and len(word) > 3 and word[-2] in "'\u2019":
        return word[:-2], match.end() - 2
    return word, match.end()


def _named_after_a_person(text: str, start: int) -> bool:
    """Return whether the words at ``start`` name a shop or organisation after a person ("Albert Heijn")."""
    following = fold(text[start:start + _LONGEST_NAMED])[0]
    return any(following.startswith(name) and not following[len(name):len(name) + 1].isalnum()
               for name in _NAMED_AFTER_PEOPLE)


def _listed_spans(text: str, words: list[re.Match[str]], names: dict[str, int]) -> list[tuple[int, int]]:
    """Return the spans of capitalised words in the list of first names, written as a name."""
    # most texts hold no listed name at all: one quick look before the rules
    if not any(w.group(0)[0].isupper() and _listed(_stem(w)[0], names) for w in words):
        return []
    found: list[tuple[int, int]] = []
    previous_name_end = -1
    i = 0
    while i < len(words):
        match = words[i]
        word, word_end = _stem(match)
        folded = _listed(word, names) if _capitalised(word) and len(word) >= _MIN_LENGTH else ""
        if not folded:
            i += 1
            continue
        popularity = names[folded]
        at_start = _starts_sentence(text, match.start())
        before = words[i - 1].group(0) if i else ""
        after_article = bool(before) and before.lower() in _ARTICLES and text[words[i - 1].end():match.start()].isspace()
        before_at_start = bool(before) and _starts_sentence(text, words[i - 1].start())
        in_proper_noun = (
            bool(before) and _capitalised(before) and not at_start and words[i - 1].end() != previous_name_end
            # "van Excel, Bas van de website": a comma ends the proper noun
            and text[words[i - 1].end():match.start()].isspace()
            # "Stichting Anne Frank" at the start of a sentence is still an organisation
            and (not before_at_start or before.lower() in _PROPER_NOUN_HEADS)
            # "... is Als Mirjam stopt": a new sentence without a full stop, not a proper noun
            and not _function_word(before.lower())
        )
        if (after_article or in_proper_noun or _ordinary(folded, popularity, at_start)
                or _named_after_a_person(text, match.start())):
            i += 1
            continue
        if word_end < match.end():  # "Fatma's idee": the name, not the possessive
            end, i = word_end, i + 1
        else:
            end, i = _family_name(text, words, i)
        found.append((match.start(), end))
        previous_name_end = end
    return found


def _addressed_spans(text: str, words: list[re.Match[str]], names: dict[str, int]) -> list[tuple[int, int]]:
    """Return the spans of names after a form of address or a word for kin ("mevrouw De Groot",
    "buurman Tesfay", "ome joop"): listed or not, with a family name or only that."""
    found: list[tuple[int, int]] = []
    starts: dict[int, int] = {}
    for address in _FORMS_OF_ADDRESS.finditer(text):
        starts = starts or {m.start(): i for i, m in enumerate(words)}
        i = starts.get(address.end())
        if i is None:
            continue
        word, word_end = _stem(words[i])
        formal = _FORMAL_ADDRESS.fullmatch(address.group(0).rstrip(" \u00a0")) is not None
        if word.lower() in _SURNAME_STARTS and formal:
            # "mevrouw van Dijk", "mevrouw De Groot": a particle counts only with a capitalised
            # word after it, and only after a formal address ("mijn zus in Antwerpen" is no name)
            end, j = _family_name(text, words, i, surname_only=True, start_at=i)
            if j > i:
                found.append((words[i].start(), end))
        elif _capitalised(word) and not _function_word(word.lower()):
            if word_end < words[i].end():
                found.append((words[i].start(), word_end))
            else:
                found.append((words[i].start(), _family_name(text, words, i, surname_only=True)[0]))
        elif (word.islower() and _listed(word, names) and len(word) >= _MIN_LENGTH
              and zipf_frequency(word, "nl") < _LOWER_CASE_ORDINARY):
            found.append((words[i].start(), word_end))
    return found


@lru_cache(maxsize=65536)
def _unknown_word(word: str) -> bool:
    """Return whether a word is rare both as a Dutch and as an English word, and no compound of
    Dutch words ("Zorgbelang", "Woonstad", "Kanaleneiland": organisations and places)."""
    word = word.lower()
    if zipf_frequency(word, "nl") >= _UNKNOWN_WORD or zipf_frequency(word, "en") >= _UNKNOWN_WORD:
        return False
    return not _dutch_compound(word)


@lru_cache(maxsize=65536)
def _dutch_compound(word: str) -> bool:
    """Return whether a lower-case word is Dutch words joined: the last one a word, what goes
    before it a word or such a compound itself, with or without a linking "s", "e" or "en"
    ("vrijwilligers|centrum", "rijks|vastgoed|bedrijf")."""
    for k in range(_COMPOUND_PART, len(word) - _COMPOUND_PART + 1):
        head, tail = word[:k], word[k:]
        if zipf_frequency(tail, "nl") < _UNKNOWN_WORD:
            continue
        heads = [head] + [head[:-len(link)] for link in ("s", "e", "en")
                          if head.endswith(link) and len(head) - len(link) >= _COMPOUND_PART]
        if any(zipf_frequency(h, "nl") >= _UNKNOWN_WORD or _dutch_compound(h) for h in heads):
            return True
    return False


def _opens_clause(text: str, words: list[re.Match[str]], i: int) -> bool:
    """Return whether word ``i`` opens a sentence or a clause (after a comma, a colon, "en", "maar" ...)."""
    if _starts_sentence(text, words[i].start()):
        return True
    gap = text[words[i - 1].end():words[i].start()] if i else ""
    if gap.strip() and all(c in _CLAUSE_MARKS for c in gap.strip()):
        return True
    if gap.strip() or words[i - 1].group(0).lower() not in _CLAUSE_OPENERS:
        return False
    # "In Bos en Lommer werkt het": "en" after a capitalised word joins two parts of one name
    # (two people would take a plural verb), it opens no clause
    return words[i - 1].group(0).lower() not in ("en", "of") or i < 2 or not _capitalised(words[i - 2].group(0))


def _in_proper_noun(text: str, words: list[re.Match[str]], i: int) -> bool:
    """Return whether word ``i`` follows an article or continues a proper noun ("de Meevaart",
    "Stichting Buurtkracht", "Werkcentrum Overvecht")."""
    if not i or text[words[i - 1].end():words[i].start()].strip():
        return False
    before = words[i - 1].group(0)
    if before.lower() in _ARTICLES:
        return True
    if not _capitalised(before) or _function_word(before.lower()):
        return False
    return not _starts_sentence(text, words[i - 1].start()) or before.lower() in _PROPER_NOUN_HEADS


def _contacts(text: str) -> list[tuple[int, int]]:
    """Return the spans of the e-mail addresses and phone numbers in ``text``."""
    return sorted([m.span() for m in EMAIL.finditer(text)] + phone_spans(text))


def _unplaced_spans(
    text: str, words: list[re.Match[str]], names: dict[str, int], contacts: list[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Return the spans of names that no list knows, found by where they stand.

    A capitalised word is a name when a short possessive or "en zijn broer" follows it
    ("Mo en zijn broer", "Gerrit z'n busje"); or when it is no Dutch or English word and a
    word for a role stands before it ("onze fotograaf Yonas"), it opens a clause and a verb
    of something a person does follows ("Wayan geeft yoga", ", Budi doet de saté"), or a
    phone number or e-mail address follows it ("Contact: Wannes 0475 ..."). A listed name
    that is also a verb is a name when it opens a sentence and another verb follows ("Wil
    komt niet meer"). Never after an article or inside a proper noun ("De Meevaart",
    "Stichting Buurtkracht"), never a month or weekday.
    """
    found: list[tuple[int, int]] = []
    for i, match in enumerate(words):
        word, word_end = _stem(match)
        if not _capitalised(word):
            continue
        following = words[i + 1].group(0) if i + 1 < len(words) else ""
        verb_after = bool(following) and text[match.end():words[i + 1].start()] in (" ", "\u00a0")
        if word_end == match.end() and (_SHORT_POSSESSIVE.match(text, word_end) or _KIN_AFTER.match(text, word_end)):
            if (fold_word(word) not in _CALENDAR and not _function_word(word.lower())
                    and not _in_proper_noun(text, words, i)):
                found.append((match.start(), word_end))
            continue
        if len(word) < _MIN_LENGTH or not word.isalpha():
            continue
        if _listed(word, names):
            # "Wil komt niet meer": two finite verbs cannot follow each other
            if (verb_after and word.lower() in _FINITE_VERBS and following.lower() in _FINITE_VERBS
                    and _starts_sentence(text, match.start())):
                found.append((match.start(), word_end))
            continue
        if fold_word(word) in _CALENDAR or not _unknown_word(word) or _in_proper_noun(text, words, i):
            continue
        before = words[i - 1].group(0).lower() if i else ""
        if before in _ROLES and text[words[i - 1].end():match.start()] in (" ", "\u00a0"):
            found.append((match.start(), _family_name(text, words, i, surname_only=True)[0]))
            continue
        if verb_after and following.lower() in _PERSON_VERBS and _opens_clause(text, words, i):
            found.append((match.start(), word_end))
            continue
        if contacts is None:
            # most texts hold no phone number or e-mail address: looked for only when one could be there
            contacts = _contacts(text) if _MAYBE_CONTACT.search(text) else []
        if any(_CONTACT_GAP.fullmatch(text, word_end, start) for start, _ in contacts if start >= word_end):
            found.append((match.start(), word_end))
    return found


def _writes_without_capitals(text: str, words: list[re.Match[str]]) -> bool:
    """Return whether the writer leaves out capitals: a sentence that starts in lower case."""
    return any(m.group(1).islower() for m in _SENTENCE_START.finditer(text))


def _lower_case_spans(text: str, words: list[re.Match[str]], names: dict[str, int]) -> list[tuple[int, int]]:
    """Return the spans of first names written in lower case, in a text written without capitals.

    Only a name that is common in the Netherlands or Flanders and rare as a Dutch word (or
    rare as a word and known as a name elsewhere), not more frequent in English than in Dutch
    ("will", "constant"), and not after an article ("de tom is leeg").
    """
    if not _writes_without_capitals(text, words):
        return []
    if not any(w.group(0).islower() and fold_word(_stem(w)[0]) in names for w in words):
        return []
    local = _popularities()[1]
    found: list[tuple[int, int]] = []
    for i, match in enumerate(words):
        word, word_end = _stem(match)
        if not word.islower() or len(word) < _MIN_LENGTH or word in _PARTICLES:
            continue
        folded = fold_word(word)
        if folded not in names:
            continue
        before = words[i - 1].group(0).lower() if i else ""
        if before in _ARTICLES and text[words[i - 1].end():match.start()].isspace():
            continue
        frequency = _lower_case_frequency(folded)
        common_here = local.get(folded, 0) >= _LOWER_CASE_POPULARITY and frequency < _LOWER_CASE_ORDINARY
        rare_word = frequency < _RARE_WORD
        if (common_here or rare_word) and zipf_frequency(folded, "en") <= frequency:
            found.append((match.start(), word_end))
    return found


@lru_cache(maxsize=65536)
def _lower_case_frequency(word: str) -> float:
    return zipf_frequency(word, "nl")


def _coordinated(text: str, words: list[re.Match[str]], found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return ``found`` with the capitalised words joined to a found name by "en", "of", "&" or a
    comma that are not Dutch words ("Dewi en Budi", "Henk, Ans en Olena"): names too."""
    spans = list(found)
    names = first_names()
    changed = True
    while changed:
        changed = False
        for i, match in enumerate(words):
            word, word_end = _stem(match)
            if (not _capitalised(word) or len(word) < _MIN_LENGTH or word.lower() in _PARTICLES
                    or any(s <= match.start() < e for s, e in spans)):
                continue
            # a listed name that is also a word ("Lieve en Griet"), unless a function word;
            # an unlisted word only when it is rare as a Dutch word ("Dewi en Budi") and no compound
            listed = bool(_listed(word, names))
            if zipf_frequency(word, "nl") >= (_FUNCTION_WORD if listed else _COORDINATED_ORDINARY):
                continue
            # "de Voedselbank en Ans": a compound of Dutch words is no name
            if not listed and _dutch_compound(fold_word(word)):
                continue
            # a comma alone joins only a listed name: "kennis van Excel, Bas" is no list of people
            joint = _COORDINATION if listed else _CONJUNCTION
            left = any(joint.fullmatch(text, e, match.start()) for _, e in spans if e <= match.start())
            right = any(joint.fullmatch(text, word_end, s) for s, _ in spans if s >= word_end)
            if left or right:
                end = word_end if word_end < match.end() else _family_name(text, words, i)[0]
                spans = _merged(spans + [(match.start(), end)])
                changed = True
    return spans


def _family_name(
    text: str, words: list[re.Match[str]], i: int, *, surname_only: bool = False, start_at: int | None = None
) -> tuple[int, int]:
    """Return the end of the name that starts at word ``i`` and the index of the next word:
    lower-case particles and capitalised words that follow it closely.

    A particle after a family name is no part of it ("Khadija El Amrani van Dock"), unless the
    word before it was a first name ("Jan Willem de Boer"). With ``start_at`` the name starts
    with the particles at that word ("van Dijk" after "mevrouw").
    """
    names = first_names()
    names_seen = not surname_only and bool(_listed(words[i].group(0), names))
    surname = False
    if start_at is not None:
        end, j = words[start_at].start(), start_at
    else:
        end, j = words[i].end(), i + 1
        surname = not names_seen
    while j < len(words):
        gap = text[end:words[j].start()]
        if j > (start_at if start_at is not None else i) and gap not in (" ", "-", "\u00a0"):
            break
        word, word_end = _stem(words[j])
        particle = word.lower() in _PARTICLES and (not _capitalised(word) or j == start_at)
        if (particle or word in ("El", "Al")) and not surname:
            # a particle only counts with a capitalised word after it ("de Vries", not "de buurt")
            k = j
            while k < len(words) and words[k].group(0).lower() in _PARTICLES and (k == j or text[words[k - 1].end():words[k].start()] == " "):
                k += 1
            if k < len(words) and _capitalised(words[k].group(0)) and text[words[k - 1].end():words[k].start()] == " ":
                # two capitalised words after "van" are an organisation ("van Welzijn Oost")
                if k + 1 < len(words) and _capitalised(words[k + 1].group(0)) and text[words[k].end():words[k + 1].start()] == " ":
                    break
                # "Bas van de Facebookpagina": after "van de" a compound of Dutch words is what
                # someone does, not a family name ("van de Berg")
                if (k - j >= 2 and words[j].group(0).lower() == "van" and words[k - 1].group(0).lower() in ("de", "het", "'t")
                        and _dutch_compound(fold_word(words[k].group(0)))):
                    break
                end, j = _stem(words[k])[1], k + 1
                surname = True
                if end < words[k].end():
                    break
                continue
            break
        if _capitalised(word) and j > (start_at if start_at is not None else i):
            end, j = word_end, j + 1
            if word_end < words[j - 1].end():  # "Jan Bakker's": the possessive ends the name
                break
            if not _listed(word, names):
                surname = True
            continue
        break
    return end, j
