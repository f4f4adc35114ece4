"""Match a stakeholder's free-text objection to the arsenal's categories (DESIGN.md capability 6).

People raise objections in their own words, in English, Norwegian bokmål or German, with typos
and long compound words ("overvåkingsverktøy", "Arbeitsplatzverlust"). The matcher suggests the
most likely :class:`~method.objections.ObjectionCategory` values, each with a confidence.

How it works, with the standard library only (no model download, no ML framework):

1. Normalise: casefold and fold letters (æ→ae, ø→o, å→a, ß→ss; accents and umlauts are
   dropped, so ä→a, ö→o, ü→u) so that "Überwachung" and "uberwachung" meet; split into words.
   Per-language function words and intensifiers ("way too", "altfor", "viel zu") are
   dropped, and so are words that objections of every kind here use ("AI", "tool",
   "candidate", "vendor"): they say nothing about which concern is raised.
2. Features: each word, plus the character 3- to 5-grams inside each word padded by spaces
   (scikit-learn calls this "char_wb"). The n-grams carry typos ("survelliance" keeps most
   n-grams of "surveillance") and compounds ("jobbsikkerhet" shares "jobb" with "jobben",
   "Leistungskontrolle" shares "kontroll" with "kontrollieren") where whole words would miss.
3. Weights: TF-IDF learnt from the phrase bank (method/catalog/objection_phrases.toml), with
   sublinear term frequency and smoothed IDF, times a category factor that favours features
   few categories use. Words and n-grams are normalised as two blocks mixed with fixed
   shares, so a long compound with many n-grams cannot drown the words. An inverted index
   (feature → phrases) means a match only visits phrases that share a feature with the text.
4. Score per category: cosine similarity to the category's best-matching phrases (precise
   when someone says nearly what a phrase says) mixed with cosine similarity to the
   category's centroid (robust when the words are spread over several phrases).
5. Confidence: see :func:`calibrate`.
"""

import math
import re
import statistics
import time
import tomllib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from heapq import nlargest
from pathlib import Path

from method.catalog import CATALOG_DIR, CatalogError
from method.objections import ObjectionCategory

LANGUAGES = ("en", "nb", "de")
PHRASES_PATH = CATALOG_DIR / "objection_phrases.toml"
EVAL_PATH = Path(__file__).resolve().parent / "eval" / "objections.toml"

# Tuning, chosen by 5-fold cross-validation on the phrase bank (each fifth matched against a
# matcher built from the rest, three shuffles). The results were flat around these values.
NGRAM_SIZES = (3, 4, 5)
WORD_SHARE = 0.2  # share of whole words in the similarity; the rest is character n-grams
TOP_PHRASES = 8  # a category's phrase similarity is the mean of its best phrases
PHRASE_SHARE = 0.4  # share of that phrase similarity in the score; the rest is the centroid
CATEGORY_WEIGHT = 1.0  # extra weight of a feature that few categories use
# Confidence calibration, fitted by fit_calibration() on the shipped bank; see calibrate().
TEMPERATURE = 0.019
FULL_STRENGTH = 0.047


class MatcherError(ValueError):
    """The text, language, limit or phrase bank given to the matcher cannot be used."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    category: ObjectionCategory
    score: float  # confidence from 0 to 1


# Words that say nothing about which concern is raised: function words, intensifiers, and the
# domain's own nouns that every category uses. IDF already weighs common words down, and a
# word listed here is lost for good, so content words stay off even when they are frequent.
# Written with their letters; they are folded like the text (så → sa) when the module loads.
_IGNORED_WORDS = {
    "en": """
        a an the and or but if then so to of in on at by for with from as into about is are was
        were be been being am do does did doing have has had having will would shall should can
        could may might must i me my we us our ours you your yours he him his she her it its
        they them their this that these those there here what which who whom whose when where
        why how just also very really not no yes all any some such only than each every both
        either neither same most again once because while since until after before during
        through without up down out off whether though although anyway actually maybe perhaps
        thing things stuff lot lots bit something anything everything nothing someone anyone
        everyone nobody somebody one going make makes made say says said think want wants get
        got like even still yet ok okay oh hey honestly right sure please thanks gonna wanna
        i'm i've i'd i'll don't doesn't didn't can't won't isn't aren't wasn't wouldn't
        couldn't shouldn't that's what's there's they're they'll you're we're we've let's
        way too much totally completely
        ai tool tools system systems software bot chatbot assistant hr vendor supplier provider
        candidate candidates applicant applicants employee employees staff people""",
    "nb": """
        og i på til av for med som er var har hadde det den de dette disse denne en et ei jeg
        meg min mitt mine vi oss vår vårt våre du deg din ditt dine han hun ham henne hans
        hennes seg sin sitt sine dere deres man at å ikke ja nei så om men eller hvis når da der
        her hva hvem hvor hvordan hvorfor hvilke hvilken hvilket skal vil kan kunne skulle ville
        må bli blir ble blitt være vært fra over under etter fordi også bare litt jo vel nå noe
        noen alle alt enda egentlig liksom altså sånn slik hele helt tatt kommer uten ved hos
        gjennom mellom siden mens selv hver hvert annen annet samme nok mest ganske kanskje ting
        ingen ingenting gjøre gjør gjort si sier tror synes vet få får går tar
        altfor mye veldig svært
        ki verktøy verktøyet system systemet systemer programvare bot boten chatbot chatboten
        assistenten hr leverandør leverandøren leverandører kandidat kandidaten kandidatene
        kandidater søker søkere søkerne søkeren ansatt ansatte folk""",
    "de": """
        der die das den dem des ein eine einer eines einem einen und oder aber wenn dann dass so
        zu von vom mit auf in im an am als ist sind war waren sein bin bist hat haben hatte hab
        habe wird werden wurde wurden würde ich mich mir mein meine meinen meinem meiner wir uns
        unser unsere unseren unserem unserer du dich dir dein er sie es ihr ihre ihren ihm ihn
        man nicht kein keine keinen ja nein doch noch schon auch nur mal halt eben denn dieser
        diese dieses diesem diesen was wer wie wo warum wann welche welcher welches soll sollen
        will wollen kann können muss müssen darf dürfen für um bei nach vor über aus durch hier
        da eigentlich überhaupt ganz sehr etwas alles ob eh sich jemand niemand jeder jede
        jedes jeden jedem weil bevor obwohl während damit dafür dazu davon daran darauf dabei
        wieder immer gar machen macht gemacht tun sagen sagt geht gibt gibt's bekommen kriegen
        worden sei wäre hätte hätten könnte könnten möchte sollte sollten müsste ihnen ihrem
        ihrer seine seiner seinen nichts allen aller dies hin her raus rein drin dran also
        sowieso irgendwie wirklich bisschen
        viel zu total völlig
        ki tool tools system systeme software bot chatbot assistent hr anbieter anbieters
        hersteller kandidat kandidaten bewerber bewerberin bewerberinnen bewerbern mitarbeiter
        mitarbeitende beschäftigte beschäftigten leute menschen""",
}

_LETTER_FOLDS = str.maketrans(
    {"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "œ": "oe", "ð": "d", "þ": "th", "ł": "l", "đ": "d"}
)
_APOSTROPHES = re.compile(r"['’‘`´]")
_WORDS = re.compile(r"[^\W_]+")
# "IT" in capitals is the IT department, not the pronoun "it"; keep it as a word of its own.
_IT_DEPARTMENT = re.compile(r"\bIT\b")
_WORD_MARK = "#"  # word features are "#word"; n-grams never contain "#"
_ORDER = {category: number for number, category in enumerate(ObjectionCategory)}  # ties


def normalise(text: str) -> str:
    """Casefolded words with folded letters (æ→ae, ø→o, å→a, ß→ss, ä→a), one space apart."""
    text = _IT_DEPARTMENT.sub(" itdept ", text).casefold().translate(_LETTER_FOLDS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_WORDS.findall(_APOSTROPHES.sub("", text)))


IGNORED_WORDS: dict[str, frozenset[str]] = {
    language: frozenset(normalise(words).split()) for language, words in _IGNORED_WORDS.items()
}
_IGNORED_IN_ANY = frozenset().union(*IGNORED_WORDS.values())
# Words only one language ignores ("og", "und", "the") are good evidence of the language.
_TELLTALE = {
    language: words.difference(*(w for other, w in IGNORED_WORDS.items() if other != language))
    for language, words in IGNORED_WORDS.items()
}


def detect_language(text: str) -> str | None:
    """The language whose telltale words and letters the text has most; None when unsure."""
    words = normalise(text).split()
    votes = {language: sum(w in _TELLTALE[language] for w in words) for language in LANGUAGES}
    lowered = text.casefold()
    votes["nb"] += 2 * sum(lowered.count(c) for c in "æøå")
    votes["de"] += 2 * sum(lowered.count(c) for c in "äöüß")
    (best, best_votes), (_, runner_up) = sorted(votes.items(), key=lambda v: v[1], reverse=True)[:2]
    return best if best_votes > runner_up else None


def _words(text: str, language: str | None) -> list[str]:
    # Without a language, a word any language ignores is ignored: safer than guessing.
    ignored = IGNORED_WORDS[language] if language else _IGNORED_IN_ANY
    return [w for w in normalise(text).split() if len(w) > 1 and w not in ignored]


def _features(words: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for word in words:
        counts[_WORD_MARK + word] += 1
        padded = f" {word} "
        for size in NGRAM_SIZES:
            for start in range(len(padded) - size + 1):
                counts[padded[start : start + size]] += 1
    return counts


class Matcher:
    """A TF-IDF index of a phrase bank: built once, matched many times."""

    def __init__(self, phrases: Mapping[ObjectionCategory, Mapping[str, Sequence[str]]]) -> None:
        self._categories = tuple(ObjectionCategory(category) for category in phrases)
        bank: list[tuple[int, Counter[str]]] = []  # (category index, features) per phrase
        for index, category in enumerate(self._categories):
            for language, texts in phrases[category].items():
                if language not in LANGUAGES:
                    raise MatcherError(f"Unknown phrase language {language!r} in {category}.")
                for text in texts:
                    if counts := _features(_words(text, language)):
                        bank.append((index, counts))
        if not bank:
            raise MatcherError("The phrase bank has no usable phrase.")
        self._idf, self._unseen_idf = _weights(bank, len(self._categories))

        self._phrase_category = [index for index, _ in bank]
        self._phrase_postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        sums: list[Counter[str]] = [Counter() for _ in self._categories]
        for phrase, (index, counts) in enumerate(bank):
            vector = self._vector(counts)
            for feature, weight in vector.items():
                self._phrase_postings[feature].append((phrase, weight))
            sums[index].update(vector)
        self._centroid_postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, summed in enumerate(sums):
            norm = math.sqrt(sum(w * w for w in summed.values())) or 1.0
            for feature, weight in summed.items():
                self._centroid_postings[feature].append((index, weight / norm))

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        """Sublinear TF-IDF; words and n-grams each scaled to their share of a unit vector."""
        vector: dict[str, float] = {}
        for is_word, share in ((True, WORD_SHARE), (False, 1.0 - WORD_SHARE)):
            block = {
                feature: (1.0 + math.log(n)) * self._idf.get(feature, self._unseen_idf)
                for feature, n in counts.items()
                if feature.startswith(_WORD_MARK) == is_word
            }
            norm = math.sqrt(sum(w * w for w in block.values()))
            if norm:
                vector.update((f, w * math.sqrt(share) / norm) for f, w in block.items())
        return vector

    def raw_scores(
        self, text: str, *, language: str | None = None
    ) -> dict[ObjectionCategory, float]:
        """Uncalibrated similarity, 0..1, to each category that shares a feature with the text."""
        text, language = _checked(text, language)
        counts = _features(_words(text, language or detect_language(text)))
        if not counts:
            return {}
        phrase_similarity: dict[int, float] = defaultdict(float)
        centroid_similarity: dict[int, float] = defaultdict(float)
        for feature, weight in self._vector(counts).items():
            for phrase, phrase_weight in self._phrase_postings.get(feature, ()):
                phrase_similarity[phrase] += weight * phrase_weight
            for index, centroid_weight in self._centroid_postings.get(feature, ()):
                centroid_similarity[index] += weight * centroid_weight
        by_category: dict[int, list[float]] = defaultdict(list)
        for phrase, similarity in phrase_similarity.items():
            by_category[self._phrase_category[phrase]].append(similarity)
        scores: dict[ObjectionCategory, float] = {}
        for index, similarities in by_category.items():
            # The mean over a fixed number of phrases (missing ones count as 0), so a category
            # needs several good phrases to score high on phrases alone.
            phrases = sum(nlargest(TOP_PHRASES, similarities)) / TOP_PHRASES
            raw = PHRASE_SHARE * phrases + (1.0 - PHRASE_SHARE) * centroid_similarity[index]
            scores[self._categories[index]] = min(1.0, max(0.0, raw))
        return scores

    def match(
        self, text: str, *, language: str | None = None, limit: int = 3
    ) -> tuple[Suggestion, ...]:
        """Up to ``limit`` categories, best first; categories that score 0 are left out."""
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise MatcherError("The limit must be a whole number of at least 1.")
        confidence = calibrate(self.raw_scores(text, language=language))
        ranked = sorted(confidence.items(), key=lambda item: (-item[1], _ORDER[item[0]]))
        return tuple(Suggestion(category, score) for category, score in ranked[:limit] if score)


def _weights(bank: list[tuple[int, Counter[str]]], categories: int) -> tuple[dict, float]:
    """Feature weights learnt from the bank, and the weight of a feature it never saw."""
    phrases_with: Counter[str] = Counter()
    categories_with: defaultdict[str, set[int]] = defaultdict(set)
    for index, counts in bank:
        phrases_with.update(counts.keys())
        for feature in counts:
            categories_with[feature].add(index)
    # Smoothed IDF as in scikit-learn. A feature the bank never saw gets the IDF of a feature
    # no phrase has, so words the bank does not know still lower the similarity.
    total = len(bank)
    weights = {
        # IDF counts phrases; a feature every category uses tells categories apart no better
        # than a stopword, so the number of categories using it weighs in too.
        feature: (math.log((1 + total) / (1 + n)) + 1)
        * (1 + CATEGORY_WEIGHT * math.log(categories / len(categories_with[feature])))
        for feature, n in phrases_with.items()
    }
    unseen = math.log(1 + total) + 1
    return weights, unseen


def _checked(text: object, language: object) -> tuple[str, str | None]:
    if not isinstance(text, str):
        raise MatcherError("The text to match must be a string.")
    if not text.strip():
        raise MatcherError("There is no text to match.")
    if language is not None and language not in LANGUAGES:
        raise MatcherError(
            f"Unknown language {language!r}; expected one of {', '.join(LANGUAGES)}."
        )
    return text, language


def calibrate(
    raw: Mapping[ObjectionCategory, float],
    *,
    temperature: float = TEMPERATURE,
    full_strength: float = FULL_STRENGTH,
) -> dict[ObjectionCategory, float]:
    """Turn raw similarities into confidences from 0 to 1, rounded to 4 places.

    A confidence is a *share* times a *strength*. The share is a softmax over the categories
    with a raw score above 0 at ``temperature``: temperature scaling, the usual way to
    calibrate a classifier's scores (Guo et al., 2017). The temperature is the one that best
    predicts the right category of held-out bank phrases (least log loss, see
    :func:`fit_calibration`), so a confidence reads roughly as the chance of being right: on
    the evaluation set, top suggestions at 0.8 or more were right 98 % of the time and those
    at 0.6 to 0.8 about four times in five; lower ones are, if anything, too modest. The
    strength scales everything down when even the best raw score is weak, below
    ``full_strength`` (the tenth percentile of the best raw score of held-out bank phrases):
    a softmax alone would give an off-topic text a confident-looking answer.
    """
    positive = {category: value for category, value in raw.items() if value > 0}
    if not positive:
        return {}
    top = max(positive.values())
    strength = min(1.0, top / full_strength)
    exponentials = {c: math.exp((value - top) / temperature) for c, value in positive.items()}
    total = sum(exponentials.values())
    return {c: round(strength * e / total, 4) for c, e in exponentials.items()}


def fit_calibration(
    phrases: Mapping[ObjectionCategory, Mapping[str, Sequence[str]]], *, folds: int = 5
) -> tuple[float, float]:
    """(temperature, full strength) fitted on a bank by cross-validation; see :func:`calibrate`.

    Every phrase is scored by a matcher built without its fold, so the fit sees held-out
    text, never the evaluation set.
    """
    bank = [
        (category, language, text)
        for category, by_language in phrases.items()
        for language, texts in by_language.items()
        for text in texts
    ]
    held_out: list[tuple[dict[ObjectionCategory, float], ObjectionCategory]] = []
    for fold in range(folds):
        training: dict[ObjectionCategory, dict[str, list[str]]] = defaultdict(
            lambda: defaultdict(list)
        )
        tests = []
        for number, (category, language, text) in enumerate(bank):
            if number % folds == fold:
                tests.append((category, language, text))
            else:
                training[category][language].append(text)
        matcher = Matcher(training)
        for category, language, text in tests:
            held_out.append((matcher.raw_scores(text, language=language), category))
    tops = sorted(max(raw.values(), default=0.0) for raw, _ in held_out)
    full_strength = round(tops[len(tops) // 10], 3)

    def log_loss(temperature: float) -> float:
        # The share alone (full strength from the smallest score up), floored so one phrase
        # that shares nothing with its category cannot dominate the loss.
        loss = 0.0
        for raw, category in held_out:
            share = calibrate(raw, temperature=temperature, full_strength=1e-9)
            loss -= math.log(max(share.get(category, 0.0), 1e-4))
        return loss / len(held_out)

    temperatures = [round(0.005 * 1.25**step, 4) for step in range(20)]
    return min(temperatures, key=log_loss), full_strength


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise CatalogError(f"Catalog file {path} is missing.") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"Catalog file {path} is not valid TOML: {exc}") from None


def load_phrases(path: Path = PHRASES_PATH) -> dict[ObjectionCategory, dict[str, tuple[str, ...]]]:
    """The phrase bank: every category, each with a non-empty list of phrases per language."""
    data = _read_toml(path)
    name = path.name
    known = [category.value for category in ObjectionCategory]
    for key in data:
        if key not in known:
            raise CatalogError(f"{name}: unknown category [{key}]; expected {', '.join(known)}.")
    phrases: dict[ObjectionCategory, dict[str, tuple[str, ...]]] = {}
    first_seen: dict[str, ObjectionCategory] = {}
    for category in ObjectionCategory:
        table = data.get(category.value)
        if table is None:
            raise CatalogError(f"{name}: category [{category}] is missing.")
        if not isinstance(table, dict):
            raise CatalogError(f"{name}: [{category}] must be a table with a list per language.")
        for key in table:
            if key not in LANGUAGES:
                raise CatalogError(
                    f"{name}, [{category}]: unknown language {key!r}; "
                    f"expected {', '.join(LANGUAGES)}."
                )
        phrases[category] = {}
        for language in LANGUAGES:
            where = f"{name}, [{category}] {language}"
            items = table.get(language)
            if not isinstance(items, list) or not items:
                raise CatalogError(f"{where}: must be a non-empty list of phrases.")
            for number, item in enumerate(items, start=1):
                if not isinstance(item, str) or not item.strip():
                    raise CatalogError(f"{where}, phrase {number}: must be a non-empty text.")
                if not _words(item, language):
                    raise CatalogError(f"{where}, phrase {number}: has only ignored words.")
                # The same phrase under two categories would teach the matcher nothing.
                other = first_seen.setdefault(normalise(item), category)
                if other != category:
                    raise CatalogError(f"{where}, phrase {number}: is also under [{other}].")
            phrases[category][language] = tuple(item.strip() for item in items)
    return phrases


@cache
def default_matcher() -> Matcher:
    """The matcher over the shipped phrase bank, built once per process."""
    return Matcher(load_phrases())


def match(text: str, *, language: str | None = None, limit: int = 3) -> tuple[Suggestion, ...]:
    """Suggest categories for an objection, using the shipped phrase bank."""
    return default_matcher().match(text, language=language, limit=limit)


@dataclass(frozen=True, slots=True)
class EvalCase:
    text: str
    language: str
    category: ObjectionCategory


@dataclass(frozen=True, slots=True)
class EvalReport:
    cases: int
    top1: float  # share of cases whose category comes first
    top3: float  # share of cases whose category is among the first three
    median_ms: float  # median time of one match, in milliseconds
    misses: tuple[tuple[EvalCase, tuple[Suggestion, ...]], ...]  # cases not right at top 1


def load_eval_set(path: Path = EVAL_PATH) -> tuple[EvalCase, ...]:
    """The held-out evaluation cases, in file order."""
    data = _read_toml(path)
    items = data.get("case")
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{path.name}: no [[case]] items.")
    cases: list[EvalCase] = []
    for number, item in enumerate(items, start=1):
        where = f"{path.name}, case {number}"
        if not isinstance(item, dict):
            raise CatalogError(f"{where}: must be a table.")
        fields: dict[str, str] = {}
        for field in ("text", "language", "category"):
            value = item.get(field)
            if not isinstance(value, str) or not value.strip():
                raise CatalogError(f"{where}: '{field}' must be a non-empty text.")
            fields[field] = value.strip()
        if fields["language"] not in LANGUAGES:
            raise CatalogError(
                f"{where}: language {fields['language']!r} is not one of {LANGUAGES}."
            )
        try:
            category = ObjectionCategory(fields["category"])
        except ValueError:
            raise CatalogError(f"{where}: category {fields['category']!r} is unknown.") from None
        cases.append(EvalCase(fields["text"], fields["language"], category))
    return tuple(cases)


def evaluate(
    cases: Sequence[EvalCase], matcher: Matcher | None = None, *, use_language: bool = True
) -> EvalReport:
    """Top-1 and top-3 accuracy and the median time per match on the cases.

    With ``use_language=False`` the matcher is not told the language and detects it.
    """
    if not cases:
        raise MatcherError("There are no cases to evaluate.")
    matcher = matcher or default_matcher()
    first = within_three = 0
    timings: list[float] = []
    misses: list[tuple[EvalCase, tuple[Suggestion, ...]]] = []
    for case in cases:
        started = time.perf_counter()
        suggestions = matcher.match(case.text, language=case.language if use_language else None)
        timings.append((time.perf_counter() - started) * 1000)
        categories = [suggestion.category for suggestion in suggestions]
        if categories[:1] == [case.category]:
            first += 1
        else:
            misses.append((case, suggestions))
        within_three += case.category in categories[:3]
    return EvalReport(
        cases=len(cases),
        top1=first / len(cases),
        top3=within_three / len(cases),
        median_ms=statistics.median(timings),
        misses=tuple(misses),
    )
