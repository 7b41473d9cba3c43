"""Draw the short answer from the chosen sentence: the best fact of the wanted kind, or
else the words of the sentence that the question does not already say."""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from functools import lru_cache

from .models import Fact
from .rank import NAME_KINDS
from .text import STOPWORDS, shares_prefix, stem, words

__all__ = ["SPEECH_WORDS", "best_fact", "lacks_grain", "nearest_fact", "other_office",
           "reported", "short_span"]

_TOKEN = re.compile(r"[$€£]?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?"  # 52,000 is one token
                    r"|[\w’'$€£%.-]*\w[\w’'%]*|[,;:()“”\"—–]")
_BREAK = set(",;:()“”\"—–")
_MAX_WORDS = 10


def best_fact(facts: Sequence[Fact], kinds: Sequence[str], question: Set[str],
              sentence: str, cues: frozenset[str] = frozenset(),
              names: frozenset[str] = frozenset()) -> Fact | None:
    """The fact that answers: of a wanted kind (earlier kinds first), not merely repeating the
    question, named by the question's cue ("which *ministry*"), and nearest the words the
    question shares with the sentence; a quantity of a kind the question does not want first
    only when it says what the question counts."""
    wanted = [f for f in facts if f.kind in kinds and not _repeats_question(f, question - cues)
              and not _other_thing(f, kinds[0], question, sentence, names)]
    if len(wanted) < 2:
        return wanted[0] if wanted else None
    anchors = _anchor_offsets(sentence, question)
    best: tuple[float, Fact] | None = None
    for fact in wanted:
        rank = kinds.index(fact.kind)
        distance = _distance(fact, anchors)
        about = len(set(_stems(fact.about)) & question)
        named = bool(cues) and (not cues.isdisjoint(_stems(fact.text)) or (
            fact.kind == "date" and not (cues & question).isdisjoint(_date_grains(fact.text))))
        # a quantity that says what the question counts ("how many *hectares*") is the one,
        # whichever kind it was read as
        counts = fact.kind in _QUANTITIES and not question.isdisjoint(_stems(fact.text))
        # an amount in the currency the question names ("the price in euros")
        currency = fact.kind == "money" and any(code in fact.value.split("; ")[0]
                                                for code in _currencies(question))
        key = (rank * 1000 + distance / 10 - about * 5 - named * 50 - counts * 2000
               - currency * 100)
        if best is None or key < best[0]:
            best = (key, fact)
    return best[1] if best else None


def _other_thing(fact: Fact, kind: str, question: Set[str], sentence: str,
                 names: frozenset[str] = frozenset()) -> bool:
    """Whether a fact of a wanted kind is all the same not what the question asks about: a
    quantity of another kind that does not say what it counts, a person of another office, an
    age for a question that asks no one's age."""
    return ((fact.kind != kind and _other_quantity(fact, kind, question))
            or _other_office(fact, question, names)
            or (fact.kind == "duration" and _other_age(fact, question, sentence))
            or (kind == "duration" and _no_length(fact))
            or (fact.kind == "measure" and _other_dimension(fact, question)))


def _other_dimension(fact: Fact, question: Set[str]) -> bool:
    """Whether a measure is of another dimension than the question asks for: "how heavy"
    wants a weight, not "7.8-inch"; "how far" a distance, not "215 grams"."""
    asked = {dimension for dimension, (asking, _) in _DIMENSIONS.items()
             if not asking.isdisjoint(question)}
    if not asked:
        return False
    held = {dimension for dimension, (_, units) in _DIMENSIONS.items()
            if not units.isdisjoint(_stems(fact.text))}
    return bool(held) and asked.isdisjoint(held)


def _dimension(asking: str, units: str, more: frozenset[str] = frozenset()
               ) -> tuple[frozenset[str], frozenset[str]]:
    return (frozenset(stem(w) for w in asking.split()),
            frozenset(stem(w) for w in units.split()) | more)


# lengths a road, a pipeline or a track is given in: what answers "how long is it?"
_LENGTHS = frozenset(stem(w) for w in """km kilometre kilometres kilometer kilometers mile miles
    metre metres meter meters m feet foot ft yards yard""".split())
# what a question asks with, and the units that answer it
_DIMENSIONS = {
    "weight": _dimension("heavy weigh weight mass", """kg kilogram kilograms gram grams g tonne
        tonnes ton tons pound pounds lb lbs ounce ounces"""),
    "length": _dimension("far distance long length tall high height deep depth wide width",
                         "cm mm centimetres millimetres inch inches light-years light-year",
                         _LENGTHS),
    "speed": _dimension("fast speed quickly", """mph kph km/h knots mach"""),
    "temperature": _dimension("hot cold warm temperature", "degrees celsius fahrenheit °c °f"),
    "area": _dimension("area", """hectare hectares acre acres square"""),
    "volume": _dimension("volume", """litre litres liter liters gallon gallons barrel barrels"""),
}
_CURRENCY_NAMES = {stem(w): code for w, code in (
    ("euro", "EUR"), ("euros", "EUR"), ("pound", "GBP"), ("pounds", "GBP"), ("sterling", "GBP"),
    ("dollar", "USD"), ("dollars", "USD"), ("yen", "JPY"))}


def _currencies(question: Set[str]) -> set[str]:
    return {code for word, code in _CURRENCY_NAMES.items() if word in question}


def _no_length(fact: Fact) -> bool:
    """Whether a fact says no length of time or way for "how long": a date says one only as
    where a span starts or ends ("since mid-2023", not "in March"), a measure only as a
    length ("a 480-km pipeline", not "45 kg")."""
    if fact.kind == "date":
        return not fact.text.lower().startswith(_SPAN_DATES)
    if fact.kind == "measure":
        return _LENGTHS.isdisjoint(_stems(fact.text))
    return False


_SPAN_DATES = ("since", "from", "until", "till", "through", "between", "for")


def _other_age(fact: Fact, question: Set[str], sentence: str) -> bool:
    """Whether a duration does not answer as an age: an age ("22 years old", "the
    24-year-old") answers only a question about an age, and a question about an age wants
    one; nor does the age of one person answer for another the question names ("Tavares,
    58, defeated Madeira": not how old Madeira is)."""
    age = not _AGE_WORDS.isdisjoint(_stems(f"{fact.text} {fact.value}"))
    if age != (not _AGE_WORDS.isdisjoint(question)):
        return True
    whose = set(_stems(fact.about))
    if not age or not whose or any(not w[:1].isupper() for w in fact.about.split()):
        return False  # whose age it is, the sentence does not say by name
    named = {s for s in _stems(" ".join(_CAPITALISED.findall(sentence))) if s in question}
    return bool(named) and named.isdisjoint(whose)


def _other_quantity(fact: Fact, kind: str, question: Set[str]) -> bool:
    """Whether a fact is a quantity of another kind than the one a question wants first that
    does not say what the question counts: "45 km" is no answer to "how many people", but
    "6,500 hectares" is to "how many hectares"."""
    return (fact.kind in _QUANTITIES and kind in _QUANTITIES
            and question.isdisjoint(_stems(fact.text)))


def _other_office(fact: Fact, question: Set[str], names: frozenset[str] = frozenset()) -> bool:
    """Whether a person holds another office than the one a question asks about: the chief
    financial officer does not answer "who is the chief executive?", nor a deputy governor
    "who is the governor?", nor Pakistan's coach "who coaches Australia?"."""
    if fact.kind != "person":
        return False
    asked = _offices(frozenset(question))
    if not asked:
        return False
    stems = frozenset(_stems(fact.text)) - frozenset(_stems(fact.value))
    held = _offices(stems)
    if not held:
        return False  # the sentence does not say what office: it may well be the one
    if asked.isdisjoint(held) or (question & _SECOND_IN_LINE) != (stems & _SECOND_IN_LINE):
        return True
    # whose office it is, by name: "Pakistan coach", "chief executive of Vantor"
    whose = {stem(w.lower()) for w in _CAPITALISED.findall(fact.text.replace(fact.value, ""))}
    whose -= set().union(*(form for forms in _OFFICES.values() for form in forms))
    return bool(whose) and bool(names) and not any(
        shares_prefix(a, b) or a == b for a in whose for b in names)


def other_office(facts: Sequence[Fact], question: Set[str],
                 names: frozenset[str] = frozenset()) -> bool:
    """Whether the people some facts name all hold another office than the one a question
    asks about: then their sentence does not answer it."""
    people = [f for f in facts if f.kind == "person"]
    return bool(people) and all(_other_office(f, question, names) for f in people)


def _offices(stems: frozenset[str]) -> frozenset[str]:
    """The offices some stems name, by their longest names ("prime minister", not also
    "minister")."""
    found = {office: form for office, forms in _OFFICES.items() for form in forms
             if form <= stems}
    return frozenset(office for office, form in found.items()
                     if not any(form < other for other in found.values()))


def _office_forms(*names: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(stem(w) for w in words(name)) for name in names)


# offices a question may ask for by name, each with the ways articles write it
_OFFICES = {
    "chief executive": _office_forms("ceo", "chief executive"),
    "chief financial officer": _office_forms("cfo", "chief financial", "finance chief"),
    "chief operating officer": _office_forms("coo", "chief operating"),
    "chief technology officer": _office_forms("cto", "chief technology"),
    "chair": _office_forms("chairman", "chairwoman", "chair", "chairperson"),
    "president": _office_forms("president"),
    "prime minister": _office_forms("prime minister", "premier"),
    "minister": _office_forms("minister"),
    "governor": _office_forms("governor"),
    "mayor": _office_forms("mayor"),
    "director": _office_forms("director"),
    "founder": _office_forms("founder", "co-founder"),
    "coach": _office_forms("coach", "head coach"),
    "manager": _office_forms("manager"),
    "spokesperson": _office_forms("spokesperson", "spokesman", "spokeswoman"),
    "secretary": _office_forms("secretary"),
}
# words that make an office another one: the deputy governor is not the governor
_SECOND_IN_LINE = frozenset(stem(w) for w in ("deputy", "vice", "assistant", "former"))


def nearest_fact(facts: Sequence[Fact], question: Set[str], sentence: str) -> Fact | None:
    """For a question that names no kind of answer ("passengers?"): the fact that says what
    it names, else the one about it, else the one nearest the words it shares with the
    sentence."""
    wanted = [f for f in facts if not _repeats_question(f, question)]
    if not wanted:
        return None
    anchors = _anchor_offsets(sentence, question)
    return min(wanted, key=lambda f: (
        -len(set(_stems(f.text)) & question), -len(set(_stems(f.about)) & question),
        _distance(f, anchors)))


_QUANTITIES = ("count", "measure")
_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]+")
# a duration that is someone's age ("22 years old", "the 24-year-old") answers only a question
# about an age, not "how long is the contract?"
_AGE_WORDS = frozenset({"old", "age", "aged"})
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_MONTHS = frozenset("""january february march april may june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec""".split())


def lacks_grain(fact: Fact, question: Set[str], cues: frozenset[str]) -> bool:
    """Whether a date lacks what the question asks of it: "what time" and "since January",
    "what year" and "on Tuesday"."""
    asked = cues & _GRAINS & question
    return fact.kind == "date" and bool(asked) and asked.isdisjoint(_date_grains(fact.text))


_GRAINS = frozenset({"time", "day", "month", "year"})


@lru_cache(maxsize=20_000)
def _date_grains(text: str) -> frozenset[str]:
    """What a date names, as a question asks for it: a "day", a "month", a "year"."""
    found = words(text)
    grains = set()
    if not _WEEKDAYS.isdisjoint(found) or any(w.isdigit() and len(w) <= 2 for w in found):
        grains.add("day")
    if not _MONTHS.isdisjoint(found):
        grains.add("month")
    if any(w.isdigit() and len(w) == 4 for w in found):
        grains.add("year")
    if _CLOCK.search(text):
        grains.add("time")
    return frozenset(grains)


_CLOCK = re.compile(r"\d[:.]\d\d|\b[ap]\.?m\b|\bnoon\b|\bmidnight\b", re.IGNORECASE)


def _repeats_question(fact: Fact, question: Set[str]) -> bool:
    """Whether the question already says this fact: most of a name, or the number itself
    ("five" of "five-year"; the unit or the thing counted may well be in the question)."""
    if fact.kind in NAME_KINDS:
        initials = "".join(w[0] for w in fact.value.split() if w[0].isupper()).lower()
        if len(initials) > 1 and initials in question:
            return True  # "the HWU" of the question is the Harbour Workers Union
        stems = [s for s in _stems(fact.value) if s not in STOPWORDS]
    else:
        stems = [s for s in _stems(fact.text) if any(ch.isdigit() for ch in s)
                 or s in _NUMBER_WORDS]
    if not stems:
        return False
    return sum(s in question for s in stems) / len(stems) >= 0.5


_NUMBER_WORDS = frozenset(stem(w) for w in """one two three four five six seven eight nine
    ten eleven twelve twenty thirty forty fifty sixty seventy eighty ninety hundred thousand
    million billion trillion first second third fourth fifth sixth seventh eighth ninth tenth
    dozen january february march april may june july august september october november
    december""".split())


@lru_cache(maxsize=20_000)
def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(text))


def _distance(fact: Fact, anchors: list[float]) -> float:
    """How far a fact's middle is from the nearest word the question shares (0 if none)."""
    return min((abs(a - (fact.start + fact.end) / 2) for a in anchors), default=0.0)


def _anchor_offsets(sentence: str, question: Set[str]) -> list[float]:
    return [(m.start() + m.end()) / 2 for m in _WORDS.finditer(sentence)
            if stem(m.group(0).lower().replace("’", "'").removesuffix("'s")) in question]


_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@lru_cache(maxsize=50_000)
def _word(token: str) -> str:
    found = words(token)
    return found[0] if found else ""


def short_span(sentence: str, question: Set[str]) -> str:
    """The run of words in the sentence that the question does not contain, beside the
    longest run of words that it does: what the sentence adds to the question."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(sentence)]
    marks = [t[2] not in _BREAK and stem(_word(t[2])) in question for t in tokens]
    small = [t[2] not in _BREAK and _word(t[2]) in STOPWORDS for t in tokens]
    if not any(marks):
        return _clip(sentence, tokens, 0, len(tokens))
    best: tuple[float, int, int] | None = None
    for start, end in _unmarked_runs(tokens, marks):
        content = sum(1 for t in tokens[start:end]
                      if t[2] not in _BREAK and _word(t[2]) not in STOPWORDS)
        if not content:
            continue
        left = _mark_run(marks, start - 1, -1, small)
        right = _mark_run(marks, end, 1, small)
        value = min(content, 4) + 1.5 * left + 1.0 * right - 0.02 * (end - start)
        if best is None or value > best[0]:
            best = (value, start, end)
    if best is None:
        return ""
    return _clip(sentence, tokens, best[1], best[2])


# the words of a question that asks what someone said ("what did the minister say?")
SPEECH_WORDS = frozenset("say said says tell told tells".split())
_SPEECH = (r"(?:said|says|told|tells|added|adds|warned|warns|argued|argues|claimed|claims|"
           r"stated|states|explained|explains|announced|announces|wrote|writes|commented)")
_QUOTED = re.compile(r"[“\"]([^“”\"]{12,})[”\"]")
# "Homes were destroyed, the regional president said on Tuesday."
_SAID_AFTER = re.compile(rf"^(?P<said>.+?),\s(?P<who>[^,“”\"]{{2,80}}?)\s{_SPEECH}\b[^,“”\"]*$")
# "The minister said that the plan would go ahead."
_SAID_BEFORE = re.compile(rf"\b{_SPEECH}\s(?:on \w+\s|in a statement\s|last \w+\s"
                          rf"|(?:[\w’'-]+\s){{1,4}}?(?=that\s))?(?:that\s)?(?P<said>.{{12,}})$")


def reported(sentence: str) -> str:
    """What a sentence reports someone said, without saying who: the words in quotation
    marks, or the clause beside the attribution ("…, the mayor said"; "the mayor said
    that …"); empty when it reports nobody's words."""
    text = sentence.strip().rstrip(".")
    quoted = max(_QUOTED.findall(text), key=len, default="")
    if len(quoted.split()) >= 3:
        return quoted.strip(" ,")
    for pattern in (_SAID_AFTER, _SAID_BEFORE):
        m = pattern.search(text)
        if m:
            return m.group("said").strip(" ,")
    return ""


def _unmarked_runs(tokens: list[tuple[int, int, str]], marks: list[bool]
                   ) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start = None
    for i, (token, marked) in enumerate(zip(tokens, marks, strict=True)):
        if marked or token[2] in _BREAK:
            if start is not None:
                runs.append((start, i))
            start = None
        elif start is None:
            start = i
    if start is not None:
        runs.append((start, len(tokens)))
    return runs


def _mark_run(marks: list[bool], at: int, step: int, small: list[bool]) -> int:
    """How many marked tokens lie next to each other from ``at`` in direction ``step``; small
    words between them do not part them ("Starship *will* deploy")."""
    size = 0
    while 0 <= at < len(marks) and (marks[at] or (small[at] and size)):
        size += marks[at]
        at += step
    return size


def _clip(sentence: str, tokens: list[tuple[int, int, str]], start: int, end: int) -> str:
    while start < end and (tokens[start][2] in _BREAK or _word(tokens[start][2]) in
                           {"and", "or", "but", "which", "that", "who"}):
        start += 1
    end = min(end, start + _MAX_WORDS)
    while end > start and (tokens[end - 1][2] in _BREAK or _word(tokens[end - 1][2]) in
                           STOPWORDS):
        end -= 1  # "hydrogen trains *on*": a span ends on a word of its own
    if end <= start:
        return ""
    return sentence[tokens[start][0]:tokens[end - 1][1]].strip(" ,;:")
