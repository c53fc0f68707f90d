"""Dutch text handling for short survey answers: folding, stop words, stems, compounds, non-answers."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

# Snowball 3 ships two Dutch stemmers. The newer "dutch" one strips prefixes and
# consonant doublings aggressively (gemeente -> meen, gebouw -> bouw,
# vrijwilligerswerk -> vrijwillirswerk), which breaks matching of compound parts;
# the classic Porter-style one keeps word bodies intact.
_STEMMER_NAME = "dutch_porter" if "dutch_porter" in snowballstemmer.algorithms() else "dutch"
_STEMMER = snowballstemmer.stemmer(_STEMMER_NAME)

# Function words that carry no theme. Folded (no accents), lower case. Negations and
# quantity words ("geen", "te", "weinig") are kept out of this list on purpose: the
# codebook phrases use them ("geen geld", "te weinig vrijwilligers").
STOP_WORDS: frozenset[str] = frozenset(
    """
    aan af al alle alles als alsnog also an and are as at be bij bijna binnen by
    daar daarbij daardoor daarna daarnaast daarom dan dat de deze die dit doch door
    dus een eens eigenlijk elk elke en enz er erg etc even for from had heb hebben
    heeft hem hen het hier hij hun i ie ik in is it ja je jij jullie kan kon
    kunnen maar me mee meer men met mij mijn moet moeten na naar nog nu of om
    omdat on ons onze ook op or over per s t the their there they this to tot u
    uit uw van veel via vooral voor waar waardoor want was wat we wel welke werd
    wie wij wil willen word worden wordt zal ze zeer zich zij zijn zo zoals
    zou zouden zullen zo'n 'n d.w.z. bv bijv b.v. eg ie etc mbt m.b.t ivm i.v.m
    iets ander andere anderen één een twee drie
    """.split()
)

# Common spelling variants and abbreviations, folded, mapped to the form the codebook uses.
SPELLING_VARIANTS: dict[str, str] = {
    "aktiviteit": "activiteit",
    "aktiviteiten": "activiteiten",
    "kontakt": "contact",
    "kontakten": "contacten",
    "kontaktpersoon": "contactpersoon",
    "koordinator": "coordinator",
    "cooerdinator": "coordinator",
    "kommunicatie": "communicatie",
    "financien": "financien",
    "financiën": "financien",
    "finantien": "financien",
    "subsidi": "subsidie",
    "subsidy": "subsidie",
    "subsidies": "subsidies",
    "vrijw": "vrijwilliger",
    "vrijwilligster": "vrijwilliger",
    "vrijwilligsters": "vrijwilligers",
    "gem": "gemeente",
    # shorthand in quickly typed answers
    "gmnt": "gemeente", "gemnt": "gemeente", "subs": "subsidies", "vz": "voorzitter",
    "penningm": "penningmeester", "secr": "secretaris", "vrijwilligrs": "vrijwilligers",
    "gemeentes": "gemeenten",
    "ambtenaars": "ambtenaren",
    "vog": "vog",
    "vogs": "vog",
    "evenementvergunning": "evenementenvergunning",
    "bureaucratie": "bureaucratie",
    "burocratie": "bureaucratie",
    "bureaucrati": "bureaucratie",
    "burokratie": "bureaucratie",
    "bureaukratie": "bureaucratie",
    "beurocratie": "bureaucratie",
    "administratieve": "administratief",
    "adminstratie": "administratie",
    "administatie": "administratie",
    "regelgeving": "regelgeving",
    "wethouders": "wethouder",
    "buurthuizen": "buurthuis",
    "wijkcentra": "wijkcentrum",
    "gebouwen": "gebouw",
    "pand": "pand",
    "panden": "pand",
    "verantwording": "verantwoording",
    "zelfbeheerd": "zelfbeheer",
    "vergunnig": "vergunning",
    "vergunnigen": "vergunningen",
    "mailtjes": "mails",
    "email": "mail",
    "emails": "mails",
    "e-mail": "mail",
    "e-mails": "mails",
}

# Derivational endings that make a word, not a compound ("regel" + "matig").
_NOT_A_HEAD = frozenset(
    "matig matige lijk lijke lijkheid heid heden baar bare ing ingen isch ische loos loze "
    "achtig achtige ig ige er ers ster sters tje tjes je jes schap schappen nis nissen "
    "en end ende ering eringen atie aties teit teiten elijk elijke".split()
)
_LINKS = ("", "s", "e", "en", "er")
# Prefixes that make a derivation, not a compound ("overlast" is not a kind of "last").
_PREFIXES = frozenset(
    "over onder ver be ont her mis door voor aan af op uit in toe na om weg bij mee tegen ge "
    "er achter samen terug".split()
)

_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.IGNORECASE | re.DOTALL)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MAIL = re.compile(r"\S+@\S+\.\S+")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SEGMENT = re.compile(r"[.!?;:\n\r•·]+\s*|\s+-\s+|\bdaarnaast\b")
_LETTER = re.compile(r"[^\W\d_]")

# Answers that say "nothing to report". Compared after folding and dropping punctuation.
NON_ANSWER_PHRASES: frozenset[str] = frozenset(
    {
        "nvt", "n v t", "na", "n a", "geen", "nee", "neen", "niets", "niks", "nope", "no",
        "none", "nothing", "nil", "weet niet", "weet ik niet", "ik weet het niet",
        "weet het niet", "geen idee", "geen antwoord", "niet van toepassing",
        "not applicable", "dont know", "don t know", "i don t know", "idk", "x", "xx",
        "xxx", "geen opmerkingen", "geen opmerking", "geen commentaar", "nvt geen",
        "geen belemmeringen", "geen problemen", "geen bijzonderheden", "niets bijzonders",
        "niets te melden", "geen knelpunten", "nog niet", "idem", "zie boven",
        "zie hierboven", "zie vorige", "onbekend", "leeg", "test", "-",
    }
)
# Words that can make up a non-answer together ("nee, op dit moment niet").
_NON_ANSWER_WORDS = frozenset(
    "nvt n v t na geen nee niets niks weet niet ik het idee van toepassing no none "
    "nothing op dit moment momenteel eigenlijk echt hier bijzonders bijzonderheden "
    "opmerkingen belemmeringen problemen knelpunten nog er zijn".split()
)


_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Return ``text`` lower-cased, accents removed, typographic quotes and dashes made plain."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text).casefold().translate(_PLAIN)
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def clean_text(text: object) -> str:
    """Return the answer as plain text: HTML tags and entities, URLs and e-mail addresses removed."""
    if text is None:
        return ""
    try:
        if text != text:  # NaN and pandas NA
            return ""
    except (TypeError, ValueError):
        return ""
    text = str(text)
    if "<" in text or "&" in text:
        text = html.unescape(_TAG.sub(" ", text))
    text = _URL.sub(" ", text)
    text = _MAIL.sub(" ", text)
    return " ".join(text.split()) if "\t" in text else text.strip()


def normalise(text: object) -> str:
    """Return the cleaned, folded form of an answer that every comparison uses."""
    if isinstance(text, str):
        return _normalise_text(text)
    return fold(clean_text(text))


# a round's answers pass through several stages, each of which compares them folded
@lru_cache(maxsize=200_000)
def _normalise_text(text: str) -> str:
    return fold(clean_text(text))


def is_non_answer(text: object) -> bool:
    """Return True for answers that say nothing: empty, "n.v.t.", "geen", "-", emoji only …"""
    return folded_is_non_answer(normalise(text))


def folded_is_non_answer(folded: str) -> bool:
    """Return True when an already normalised answer says nothing."""
    if not _LETTER.search(folded):
        return True
    if len(folded) > 80:
        return False
    words = re.findall(r"[a-z0-9]+", folded.replace("'", " "))
    if not words:
        return True
    joined = " ".join(words)
    if joined in NON_ANSWER_PHRASES or joined.replace(" ", "") in {"nvt", "na", "nb"}:
        return True
    return len(words) <= 6 and all(w in _NON_ANSWER_WORDS for w in words)


# Words whose Snowball stem collides with an unrelated word that the codebook uses:
# "weten" (to know) is not "wet" (law), "regelen" (to arrange) and "regeling" (a scheme)
# are not "regel" (a rule). They get a stem of their own.
STEM_EXCEPTIONS: dict[str, str] = {
    "weten": "weten", "weet": "weten", "wist": "weten", "wisten": "weten",
    "regelen": "regelen", "regelt": "regelen", "regelde": "regelen", "regelden": "regelen",
    "geregeld": "regelen", "regeling": "regeling", "regelingen": "regeling",
    # "verantwoordelijk" (responsible) is not "verantwoorden" (to account for)
    "verantwoordelijk": "verantwoordelijk", "verantwoordelijke": "verantwoordelijk",
    "verantwoordelijkheid": "verantwoordelijk", "verantwoordelijkheden": "verantwoordelijk",
    # "leek" (seemed) is not "lek" (a leak), "beschikbaar" (available) not "beschikking"
    "leek": "leek", "leken": "leek", "beschikbaar": "beschikbaar", "beschikbare": "beschikbaar",
    "beschikbaarheid": "beschikbaar",
    # "afwachtend" (passive residents) is not "afwachten" (waiting for a decision); the
    # verb "aanlopen" ("tegen iets aanlopen") is not the noun "aanloop" (walk-in visitors)
    "afwachtend": "afwachtend", "afwachtende": "afwachtend",
    "aanlopen": "aanlopen", "aanloopt": "aanlopen", "aangelopen": "aanlopen",
    # the adjective "korte" (short: "korte lijnen") is not the verb "korten" (to cut
    # funding); "kort" itself is both ("de gemeente kort op ons budget")
    "korte": "kort-adj", "korter": "kort-adj", "kortere": "kort-adj",
    # people who are "geïsoleerd" live in isolation; nobody insulates them
    "geisoleerd": "isolement", "geisoleerde": "isolement",
    # "het verloopt stroef" (it goes badly) is not "verloop" (turnover of volunteers)
    "verloopt": "verlopen-ww", "verliep": "verlopen-ww", "verliepen": "verlopen-ww",
    # "gaat" (goes) is not "gat" (a hole: "een gat in de begroting")
    "gaat": "gaan",
    # "ondanks" (despite) is not "ondank" (ingratitude), "gehoor" (a hearing) not "gehorig"
    "ondanks": "ondanks", "gehoor": "gehoor",
    # Dutch "rente" (interest) is not the English keyword "rent"
    "rente": "rente", "renteloze": "rente", "renteloos": "rente",
}

# Common words that look like a codebook word (one letter off, ending in one, or a verb
# form of another verb) but mean something else; they are taken as they are, never
# corrected, split or read as a participle ("kwartaal" is no kind of "taal", "geleden" no
# form of "leden", "relatie" no misspelt "reactie").
NOT_GUESSED: frozenset[str] = frozenset(
    """
    signaleren stimuleren formuleren reguleren opstellen voorstellen verkenning verkenningen
    aangesloten afgesloten uitgesloten geleden lerend lerende
    kwartaal kwartalen gemeld platform factor factoren besluit besluiten
    ingebroken verbinden verbindt verbonden verbinding verbindingen relatie relaties positie
    posities politiek passie gender werking verlenging langere stekker dichter rondom overal
    ondanks doorstromen vastlopen vastgelopen kringloop gekeerde herontdekking
    inzicht inzichten inzichtelijk inzichtelijke leven levend levende levendig levendige
    gemiddeld gemiddelde opsturen opgestuurd toesturen toegestuurd nasturen status
    uitsluiting procent procenten docent docenten recent recente producent producenten
    coproducent omtrent gesteld overleven overleeft overleefd overleving
    mentaal mentale brutaal brutale kapitaal horizontaal horizontale fataal fatale vitaal
    vitale totaal totale frontaal sentimentaal monumentaal instrumentaal transparant
    transparent adolescent adolescenten overdag afstand ouderwets ouderwetse zelfvertrouwen
    wethouder wethouders aandeelhouder aandeelhouders ronde rondes meeting meetings percent
    """.split()
)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the Snowball Dutch stem of one folded word."""
    exception = STEM_EXCEPTIONS.get(word)
    if exception is not None:
        return exception
    # Snowball keeps a plural -s after a vowel ("subsidies", "categorieen" from "categorieën")
    if len(word) > 5 and word.endswith("ies"):
        word = word[:-1]
    elif len(word) > 6 and word.endswith("ieen"):
        word = word[:-2]
    return _STEMMER.stemWord(word)


def tokens(folded: str) -> list[str]:
    """Return the words of a folded text, spelling variants mapped, stop words kept."""
    out = []
    for word in _WORD.findall(folded):
        word = SPELLING_VARIANTS.get(word, word)
        if "'" in word:
            word = word.split("'")[0]
        out.append(word)
    return out


@lru_cache(maxsize=200_000)
def content_words(folded: str) -> tuple[str, ...]:
    """Return the words of a folded text without stop words and one-letter words."""
    return tuple(w for w in tokens(folded) if len(w) > 1 and w not in STOP_WORDS and not w.isdigit())


@lru_cache(maxsize=100_000)
def segments(folded: str) -> tuple[str, ...]:
    """Return the parts of a folded answer (sentences, list items, "daarnaast: …")."""
    return tuple(s for s in (p.strip() for p in _SEGMENT.split(folded)) if s)


# Common heads of compounds that carry no theme of their own. Known as words, they keep a
# shorter codebook word from being read as the head: a "budgethouder" holds a budget and is
# no "ouder".
NEUTRAL_HEADS: frozenset[str] = frozenset({"houder", "houders"})


class CompoundSplitter:
    """Split Dutch compounds into parts known from a vocabulary (``subsidie|aanvraag``).

    Dutch compounds are right-headed and may carry a linking ``s``, ``e`` or ``en``
    (``vrijwilliger|s|tekort``). A split is accepted when the left part is a known word
    and the rest is a known word or splits again; failing that, a known head of at least
    four letters at the end of the word is accepted on its own.
    """

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.words = frozenset(w for w in vocabulary if len(w) >= 3) | NEUTRAL_HEADS
        self.stems = frozenset(stem(w) for w in self.words)
        self._cache: dict[str, tuple[str, ...]] = {}

    def _known(self, part: str) -> bool:
        return part in self.words or (len(part) >= 4 and stem(part) in self.stems)

    def _split(self, word: str, depth: int) -> tuple[str, ...] | None:
        if depth > 3:
            return None
        for cut in range(len(word) - 3, 2, -1):
            left = word[:cut]
            if not self._known(left):
                continue
            rest = word[cut:]
            for link in _LINKS:
                if link and not rest.startswith(link):
                    continue
                right = rest[len(link):]
                if len(right) < 3 or right in _NOT_A_HEAD:
                    continue
                if self._known(right):
                    return (left, right)
                deeper = self._split(right, depth + 1)
                if deeper:
                    return (left, *deeper)
        return None

    def parts(self, word: str) -> tuple[str, ...]:
        """Return the known parts of ``word`` (empty when it is not a known compound)."""
        if len(word) < 7:
            return ()
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        found = self._split(word, 0)
        if not found:
            # a known head alone: "evenementenvergunning" -> "vergunning"
            for cut in range(3, len(word) - 3):
                head = word[cut:]
                if word[:cut] in _PREFIXES:
                    continue
                if len(head) >= 4 and head not in _NOT_A_HEAD and head in self.words:
                    found = (head,)
                    break
        if not found:
            # a known modifier of six letters or more: "ontheffingsverzoek" -> "ontheffing"
            for cut in range(len(word) - 4, 5, -1):
                left = word[:cut]
                if left not in self.words:
                    continue
                rest = word[cut:]
                for link in _LINKS:
                    right = rest[len(link):] if rest.startswith(link) else ""
                    if len(right) >= 4 and right not in _NOT_A_HEAD:
                        found = (left,)
                        break
                if found:
                    break
        result = tuple(found or ())
        if len(self._cache) < 500_000:
            self._cache[word] = result
        return result


# How common (Zipf scale: 3 is once per million words) a word must be in written Dutch to
# count as a real word of its own rather than a misspelling of a codebook word ("contract"
# is not a misspelt "contact", "voorkeur" not "voordeur").
COMMON_WORD_ZIPF = 2.5


@lru_cache(maxsize=200_000)
def word_zipf(word: str) -> float:
    """Return how common ``word`` (folded) is in written Dutch (Zipf scale), by wordfreq's lists."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "nl")


def is_common_word(word: str) -> bool:
    """Return whether ``word`` (folded) is a real Dutch word of its own, common enough never to be a slip."""
    return word_zipf(word) >= COMMON_WORD_ZIPF


def _differs_in_ending(a: str, b: str) -> bool:
    """Return whether ``a`` and ``b`` differ only in their last letter (replaced, added or dropped)."""
    return a[:-1] == b[:-1] or a == b[:-1] or b == a[:-1]


# Stems shorter than this are corrected for a missing, extra or swapped letter only.
SUBSTITUTION_MIN_LENGTH = 8


def _one_swap_or_substitution(a: str, b: str) -> bool:
    """Return True when equally long a and b differ by two swapped neighbours, or (long words) one letter."""
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(diff) == 1:
        # f/v and s/z alternate in inflection ("actief"/"actieve", "serieus"/"serieuze")
        alternation = diff[0] == len(a) - 1 and {a[-1], b[-1]} in ({"f", "v"}, {"s", "z"})
        return alternation or len(a) >= SUBSTITUTION_MIN_LENGTH
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


class TypoIndex:
    """Find the vocabulary stem one edit away from a misspelt stem (symmetric deletions)."""

    def __init__(self, stems: Iterable[str], *, min_length: int = 6) -> None:
        self.min_length = min_length
        self.stems = frozenset(stems)
        index: dict[str, set[str]] = {}
        for s in sorted(self.stems):
            if len(s) < min_length:
                continue
            for variant in self._deletes(s):
                index.setdefault(variant, set()).add(s)
        self._index = {k: sorted(v) for k, v in index.items()}
        self._cache: dict[str, str | None] = {}

    @staticmethod
    def _deletes(word: str) -> set[str]:
        return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}

    def correct(self, word_stem: str, *, word: str = "") -> str | None:
        """Return the one vocabulary stem within one edit of ``word_stem``, if exactly one.

        ``word``, the folded word itself, when known: a common word is a word of its own, not
        a slip ("contract" is no "contact", "voorkeur" no "voordeur"), unless only its ending
        differs, which is the same word inflected ("actief"/"actieve").
        """
        if len(word_stem) < self.min_length or word_stem in self.stems:
            return None
        result = self._cached(word_stem)
        if result and word and is_common_word(word) and not _differs_in_ending(word_stem, result):
            return None
        return result

    def _cached(self, word_stem: str) -> str | None:
        """Return the correction of ``word_stem`` by spelling alone, remembered once found."""
        if word_stem in self._cache:
            return self._cache[word_stem]
        candidates: set[str] = set()
        for variant in self._deletes(word_stem):
            candidates.update(self._index.get(variant, ()))
        # slips are rare in the first letter; a word that differs there is another word
        # ("verkenning" is not a misspelt "erkenning")
        candidates = {c for c in candidates if c[0] == word_stem[0]}
        # of the same length: one letter replaced (in longer words only: in short ones that
        # makes other real words, "gevallen" is no misspelt "getallen") or two neighbours
        # swapped; two deletions in different places are two edits ("uitgelegd" is no
        # "uitgekleed")
        candidates = {
            c for c in candidates
            if len(c) != len(word_stem) or _one_swap_or_substitution(c, word_stem)
        }
        # several equally close words: do not guess
        result = candidates.pop() if len(candidates) == 1 else None
        if len(self._cache) < 500_000:
            self._cache[word_stem] = result
        return result


# Separable verb particles before the "ge" of a past participle ("opgebrand", "afgewezen").
_PARTICLES = (
    "aan", "af", "bij", "door", "in", "mee", "na", "om", "onder", "op", "over", "terug",
    "toe", "uit", "voor", "weg", "goed", "vast", "samen", "tegen",
)
_DOUBLE_VOWEL = re.compile(r"(aa|ee|oo|uu)([^aeiou])$")


def participle_bases(word: str) -> tuple[str, ...]:
    """Return the verb forms a past participle may stand for ("geluisterd" -> "luister")."""
    bases = []
    if word.startswith("ge") and len(word) >= 6:
        bases.append(word[2:])
    for particle in _PARTICLES:
        if word.startswith(particle + "ge") and len(word) >= len(particle) + 5:
            bases.append(particle + word[len(particle) + 2:])
    out: list[str] = []
    for base in bases:
        out.append(base)
        if base[-1] in "dt":
            trimmed = base[:-1]
            out.append(trimmed)
            # "waardeerd" -> "waarder", the stem of "waarderen"
            out.append(_DOUBLE_VOWEL.sub(lambda m: m.group(1)[0] + m.group(2), trimmed))
    return tuple(dict.fromkeys(out))


def verb_infinitives(word: str) -> tuple[str, ...]:
    """Return the infinitives a finite verb form may stand for ("bepaalt" -> "bepalen", "beslist" -> "beslissen")."""
    roots = []
    if len(word) >= 5 and word.endswith("t"):
        roots.append(word[:-1])
    if len(word) >= 6 and word.endswith(("de", "te")):
        roots.append(word[:-2])
    if len(word) >= 7 and word.endswith(("den", "ten")):
        roots.append(word[:-3])
    out: list[str] = []
    for root in roots:
        if len(root) < 3:
            continue
        variants = [root, _DOUBLE_VOWEL.sub(lambda m: m.group(1)[0] + m.group(2), root), root + root[-1]]
        if root.endswith("s"):
            variants.append(root[:-1] + "z")
        elif root.endswith("f"):
            variants.append(root[:-1] + "v")
        out.extend(v + "en" for v in variants)
    return tuple(dict.fromkeys(out))


_DIMINUTIVES = ("etjes", "etje", "tjes", "tje", "pjes", "pje", "jes", "je")


def diminutive_bases(word: str) -> tuple[str, ...]:
    """Return the forms a diminutive may stand for ("bonnetje" -> "bonnetjes", "bon"; "zaaltje" -> "zaal")."""
    out: list[str] = []
    if word.endswith("je"):
        out.append(word + "s")
    elif word.endswith("jes"):
        out.append(word[:-1])
    for suffix in _DIMINUTIVES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix.startswith("pj") and not base.endswith("m"):
                continue  # "boompje" is boom + pje, "groepje" is groep + je
            out.append(base)
            if suffix.startswith("etj") and len(base) >= 4 and base[-1] == base[-2]:
                out.append(base[:-1])
            break
    return tuple(dict.fromkeys(out))
