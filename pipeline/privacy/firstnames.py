"""First names in Dutch free text, found without a list of the round's own people.

The names come from the dictionary that ships inside the ``gender-guesser`` package
(``nam_dict.txt`` by Jörg Michael, under the GNU Free Documentation License; the package is
GPLv3): about 48,000 first names with, per country, how common each is, from 1 (rare) to
13 (very common). It is read from the installed package, offline. A name counts when it is
used in the Netherlands or Flanders, or in Turkey, the Arab world or India (the countries
of origin of the largest groups of Dutch people with a migration background, Surinamese
Hindustani included).

A word is taken for a first name when it is written as one (a capital, not all capitals),
is in that list, and is not an ordinary Dutch word in that place:

- after an article or a demonstrative ("de Roos", "het Anker") it is part of a proper
  noun, not a person;
- after a capitalised word inside a sentence ("Tweede Kamer", "Buurthuis Kroon") it
  belongs to that name, unless that word was itself a first name ("Jan Willem") or is a
  function word that starts a sentence someone did not end ("... is Als Mirjam stopt");
- a word that is much more frequent in Dutch (wordfreq) than its popularity as a name
  explains is an ordinary word ("Ben je er", "Elke week", "Door de regen"); at the start
  of a sentence, where every word has a capital, the bar is lower.

A family name that follows a first name ("Henk de Vries", "Fatima El Amrani") is part of
the name. ``benchmarks/first_names.py`` measures recall and the ordinary words lost.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from gender_guesser.detector import Detector
from wordfreq import zipf_frequency

from pipeline.privacy.patterns import fold_word

# the countries whose columns of nam_dict.txt are read (gender-guesser's names for them)
_COUNTRIES = ("the_netherlands", "belgium", "turkey", "arabia", "india")
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
_OPENERS = frozenset(".!?:;\"“”'([\u2022*")
_DASHES = frozenset("-\u2013\u2014")


@lru_cache(maxsize=1)
def first_names() -> dict[str, int]:
    """Return folded first name -> its popularity (1..13) in the countries used."""
    path = resources.files("gender_guesser").joinpath("data", "nam_dict.txt")
    columns = [Detector.COUNTRIES.index(country) for country in _COUNTRIES]
    names: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line[0] in "#=":
            continue
        values = line[_FIRST_COLUMN:-1]
        popularity = 0
        for column in columns:
            if column < len(values) and values[column] != " ":
                popularity = max(popularity, int(values[column], 16))
        if not popularity:
            continue
        # "Jan+Willem" stands for "Jan Willem", "JanWillem" and "Jan-Willem": one word each here
        for part in {line.split()[1].replace("+", joint) for joint in ("", "-")}:
            if len(part) >= _MIN_LENGTH:
                key = fold_word(part)
                names[key] = max(popularity, names.get(key, 0))
    return names


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
    if folded in names:
        return folded
    head = folded.split("-")[0]
    return head if head in names else ""


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


def first_name_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of first names (with a family name after them) in ``text``.

    >>> text = "Als Henk de Vries stopt, kan niemand in de Tweede Kamer of Buurthuis De Roos het overnemen."
    >>> [text[s:e] for s, e in first_name_spans(text)]
    ['Henk de Vries']
    """
    names = first_names()
    words = list(_WORD.finditer(text))
    # most texts hold no listed name at all: one quick look before the rules
    if not any(w.group(0)[0].isupper() and _listed(w.group(0), names) for w in words):
        return []
    found: list[tuple[int, int]] = []
    previous_name_end = -1
    i = 0
    while i < len(words):
        match = words[i]
        word = match.group(0)
        folded = _listed(word, names) if _capitalised(word) and len(word) >= _MIN_LENGTH else ""
        if not folded:
            i += 1
            continue
        popularity = names[folded]
        at_start = _starts_sentence(text, match.start())
        before = words[i - 1].group(0) if i else ""
        after_article = bool(before) and before.lower() in _ARTICLES and text[words[i - 1].end():match.start()].isspace()
        in_proper_noun = (
            bool(before) and _capitalised(before) and not at_start and words[i - 1].end() != previous_name_end
            and not _starts_sentence(text, words[i - 1].start())
            # "... is Als Mirjam stopt": a new sentence without a full stop, not a proper noun
            and not _function_word(before.lower())
        )
        if after_article or in_proper_noun or _ordinary(folded, popularity, at_start):
            i += 1
            continue
        end, i = _family_name(text, words, i)
        found.append((match.start(), end))
        previous_name_end = end
    return found


def _family_name(text: str, words: list[re.Match[str]], i: int) -> tuple[int, int]:
    """Return the end of the name that starts at word ``i`` and the index of the next word:
    lower-case particles and capitalised words that follow it closely."""
    end = words[i].end()
    j = i + 1
    while j < len(words):
        gap = text[end:words[j].start()]
        if gap not in (" ", "-", "\u00a0"):
            break
        word = words[j].group(0)
        if word.lower() in _PARTICLES and not _capitalised(word) or word in ("El", "Al"):
            # a particle only counts with a capitalised word after it ("de Vries", not "de buurt")
            k = j
            while k < len(words) and words[k].group(0).lower() in _PARTICLES and text[words[k - 1].end():words[k].start()] == " ":
                k += 1
            if k < len(words) and _capitalised(words[k].group(0)) and text[words[k - 1].end():words[k].start()] == " ":
                # two capitalised words after "van" are an organisation ("van Welzijn Oost")
                if k + 1 < len(words) and _capitalised(words[k + 1].group(0)) and text[words[k].end():words[k + 1].start()] == " ":
                    break
                end, j = words[k].end(), k + 1
                continue
            break
        if _capitalised(word):
            end, j = words[j].end(), j + 1
            continue
        break
    return end, j
