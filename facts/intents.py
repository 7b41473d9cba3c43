"""The intent catalogue (``intents.toml``) and matching a question to an intent."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from .text import STOPWORDS

__all__ = ["FALLBACK", "Intent", "catalogue", "match_intent"]

FALLBACK = "sentence"
_MIN_SCORE = 86.0
_SHORT_WORD = 5  # a phrasing's word this short must be the question's word: "area" is not "are"
_WH_WORDS = frozenset({"what", "which", "who", "whom", "whose", "when", "where", "why", "how"})


@dataclass(frozen=True, eq=False)  # one object per intent: hashed by identity, cheaply
class Intent:
    """What a question asks for: a name, the fact kinds that answer it, and phrasings."""

    name: str
    kinds: tuple[str, ...]
    examples: tuple[str, ...]
    needs_fact: bool = False  # only a fact answers ("how heavy?"), never a sentence's words


@cache
def catalogue() -> tuple[Intent, ...]:
    """The intents of the shipped catalogue, in file order."""
    data = tomllib.loads(resources.files(__package__).joinpath("intents.toml").read_text("utf-8"))
    return tuple(Intent(name=i["name"], kinds=tuple(i["kinds"]), examples=tuple(i["examples"]),
                        needs_fact=i.get("needs_fact", False))
                 for i in data["intent"])


def match_intent(question: str, intents: tuple[Intent, ...] | None = None) -> tuple[Intent, float]:
    """The intent whose phrasings best fit a (normalised, spell-corrected) question.

    Phrasings are compared with the question's opening words and with the whole question;
    a longer phrasing that fits wins over a shorter one, so "how many years" beats
    "how many". Below the threshold the fallback intent (the sentence itself) is returned.
    """
    intents = intents or catalogue()
    words = question.split()
    present = frozenset(words) | {w[:-1] for w in words if w.endswith("s")}
    best: tuple[float, int, Intent] | None = None
    for start, first in enumerate(words):
        for example, intent in _starting_near(first, intents):
            if not _short_words(example) <= present or (
                    start and not _says_the_answer(example, words, start)):
                continue
            score = _align(example, words, start) - (4 if start else 0)
            key = (score, len(example), intent)
            if score >= _MIN_SCORE and (best is None or key[:2] > best[:2]):
                best = key
    if best is None:
        return next(i for i in intents if i.name == FALLBACK), 0.0
    return best[2], best[0]


def _says_the_answer(example: tuple[str, ...], words: list[str], start: int) -> bool:
    """Whether a phrasing found inside a question, not at its start, names what it asks for.

    One that starts with a question word ("in what year", "for how long") does. A bare
    word of a kind of answer ("amount", "value", "fee") does in a question without a
    question word ("deal value?"); after "what" or "which", as the thing asked about
    ("what is the *value* of…", "what was the annual *fee*") or as the question's last word
    after one of its own ("what was the deal *worth*?"). It does not when the question asks
    for something else ("what *method* is used to … the amount of resources", "what did
    they say about the fees?", "how would the merger change prices?").
    """
    if example[0] in _WH_WORDS:
        return True
    wh = next((n for n, word in enumerate(words[:start]) if word in _WH_WORDS), None)
    if wh is None:
        return not any(word in _WH_WORDS for word in words[start:])
    if words[wh] not in {"what", "which"}:
        return False  # "how would the merger change prices?" asks how, not how much
    if start + len(example) == len(words) and words[start - 1] not in STOPWORDS:
        return True  # the question's last words, after a word of its own ("the deal worth")
    # the words a question word asks about: after it, its verb and article ("what was the
    # annual fee"), the words before the next small word or verb
    at = wh + 1
    while at < len(words) and words[at] in _LEADING:
        at += 1
    end = at
    while end < len(words) and words[end] not in STOPWORDS and not (
            end > at and words[end].endswith("ed")):
        end += 1
    return at <= start < end


# what may come between a question word and the thing it asks about
_LEADING = frozenset({"is", "are", "was", "were", "the", "a", "an", "its", "their", "his", "her",
                      "this", "that", "these", "those", "will", "would", "be", "has", "have",
                      "had", "been"})


@cache
def _by_first_word(intents: tuple[Intent, ...]) -> dict[str, list[tuple[tuple[str, ...], Intent]]]:
    table: dict[str, list[tuple[tuple[str, ...], Intent]]] = {}
    for intent in intents:
        if intent.name != FALLBACK:
            for example in intent.examples:
                words = tuple(example.split())
                table.setdefault(words[0], []).append((words, intent))
    return table


@lru_cache(maxsize=20_000)
def _starting_near(word: str, intents: tuple[Intent, ...]
                   ) -> tuple[tuple[tuple[str, ...], Intent], ...]:
    """The phrasings whose first word is close to a question word."""
    table = _by_first_word(intents)
    return tuple(pair for first, _, _ in process.extract(
        word, tuple(table), scorer=fuzz.ratio, score_cutoff=75, limit=None)
        for pair in table[first])


@cache
def _short_words(example: tuple[str, ...]) -> frozenset[str]:
    """A phrasing's words that a question must have as they are (or in the plural)."""
    return frozenset(w for w in example if len(w) <= _SHORT_WORD)


@lru_cache(maxsize=50_000)
def _ratio(a: str, b: str) -> float:
    return 100.0 if a == b else fuzz.ratio(a, b)


def _align(example: tuple[str, ...], words: list[str], start: int) -> float:
    """How well a phrasing occurs at a place in the question: its words in order, fuzzily,
    with at most two other words between them."""
    total, at, gaps = 0.0, start, 0
    for n, word in enumerate(example):
        window = words[at:at + 1] if n == 0 else words[at:at + 3]
        scores = [_ratio(word, w) if len(word) > _SHORT_WORD else 100.0 * (w in (word, word + "s"))
                  for w in window]
        if not scores or max(scores) < 75:
            return 0.0
        skip = scores.index(max(scores))
        total, gaps, at = total + max(scores), gaps + skip, at + skip + 1
    return total / len(example) - 3 * gaps
