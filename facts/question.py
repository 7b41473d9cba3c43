"""Understand a question: correct its spelling, find its intent, weigh its terms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
from rapidfuzz.distance import OSA

from .answer import SPEECH_WORDS
from .index import Index
from .intents import Intent, catalogue, match_intent
from .rank import QuestionTerms
from .synonyms import related
from .text import STOPWORDS, shares_prefix, stem, words
from .vectors import load as load_vectors

__all__ = ["QUESTION_WORDS", "Question", "acronyms", "capitalised", "understand"]

QUESTION_WORDS = frozenset({"who", "what", "when", "where", "why", "how", "which", "whom"})


@dataclass(frozen=True)
class Question:
    """A question as the engine reads it."""

    text: str
    intent: Intent
    terms: QuestionTerms
    order: tuple[str, ...]
    meaning: np.ndarray
    surface: dict[str, str]
    terse: bool = False  # a few words, no question word: "deal value", "passengers?"
    names_kind: bool = False  # "what/which <thing>": the answer is a name of that thing
    speech: bool = False  # "what did the minister say?": the answer is what was said
    copula: bool = False  # "what was turnout?": the answer may be the figure the sentence gives

    @cached_property
    def acronyms(self) -> dict[str, str]:
        """The words written in capitals ("UN", "CFO"), lower-cased, by their stems: meant as
        written, and perhaps spelt out in full in the articles."""
        return acronyms(self.text)

    @cached_property
    def asked(self) -> frozenset[str]:
        """The stems of the question's words and of the words that mean the same."""
        return frozenset(self.order).union(*self.terms.alternatives)


def understand(text: str, index: Index) -> Question:
    """Correct misspelt words, find the intent, and weigh the question's content terms."""
    capitals = {w.lower() for w in words(" ".join(capitalised(text)))}
    as_written = set(acronyms(text).values())  # "CFO" is no slip for another word
    corrected = [w if w in as_written else _correct(w, index, w in capitals)
                 for w in words(text)]
    names = frozenset(stem(w) for w in words(" ".join(capitalised(text)))
                      if not related(stem(w)) and w.lower() not in _intent_words())
    intent, _ = match_intent(" ".join(corrected))
    if intent.kinds[:1] == ("money",) and not _CHANGES.isdisjoint(corrected):
        intent = _by_how_much(intent)  # "how much did shares rise?": by a percentage first
    cue_words = _cue_words(intent)
    order: list[str] = []
    surface: dict[str, str] = {}
    for word in corrected:
        if word in STOPWORDS or word in QUESTION_WORDS:
            continue
        order.append(stem(word))
        surface.setdefault(stem(word), word)
    unique = tuple(dict.fromkeys(order))
    cues = frozenset(stem(w) for w in cue_words if w not in STOPWORDS)
    terms = QuestionTerms(terms=unique, idf=tuple(index.term_idf(t) for t in unique),
                          kinds=intent.kinds, cues=cues, names=names,
                          alternatives=tuple(related(t) for t in unique))
    vectors = load_vectors()
    meaning = vectors.sentence([w for w in corrected if w not in STOPWORDS])
    terse = (len(unique) <= _TERSE_TERMS and QUESTION_WORDS.isdisjoint(corrected)
             and corrected[:1] != [] and corrected[0] not in _AUXILIARIES)
    names_kind = any(w in {"what", "which"} and nxt not in STOPWORDS and not _VERB.search(nxt)
                     for w, nxt in zip(corrected, corrected[1:], strict=False))
    speech = not intent.kinds and not SPEECH_WORDS.isdisjoint(corrected)
    copula = corrected[:1] == ["what"] and corrected[1:2] in (["is"], ["was"], ["are"], ["were"])
    return Question(text=text, intent=intent, terms=terms, order=tuple(order),
                    meaning=meaning, surface=surface, terse=terse, names_kind=names_kind,
                    speech=speech, copula=copula)


# words of a change, which is most often told as a percentage: "how much did shares rise?"
_CHANGES = frozenset("""rise rises rose risen fall falls fell fallen increase increased
    decrease decreased grow grew grown jump jumped drop dropped decline declined climb climbed
    surge surged slump slumped plunge plunged shrink shrank""".split())


@cache
def _by_how_much(intent: Intent) -> Intent:
    """An intent that wants a percentage before an amount."""
    kinds = ("percent", *(k for k in intent.kinds if k != "percent"))
    return Intent(name=intent.name, kinds=kinds, examples=intent.examples,
                  needs_fact=intent.needs_fact)


_TERSE_TERMS = 3
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")


def acronyms(text: str) -> dict[str, str]:
    """The words a text writes in capitals ("UN", "FCC"), lower-cased, by their stems."""
    return {stem(w.lower()): w.lower() for w in _ACRONYM.findall(text)}
# a word after "what" that is a verb, not a thing: "what happened", "what caused"
_VERB = re.compile(r"(?:ed|happens?|causes?|makes?)$")
# a word at least this frequent in English is no misspelling; common misspellings ("teh",
# "goverment") are rarer than one in a million words
_COMMON = 2e-6
_AUXILIARIES = frozenset({"is", "are", "was", "were", "does", "do", "did", "has", "have", "had",
                          "can", "could", "will", "would", "should", "may", "might"})


def _correct(word: str, index: Index, name: bool = False) -> str:
    """The word a misspelt question word most likely meant: a question or intent word one
    edit away (a swap of two letters preferred), else a corpus word; else the word."""
    if (len(word) < 3 or word.isdigit() or word in STOPWORDS or word in QUESTION_WORDS
            or word in _intent_words() or index.knows(stem(word))):
        return word
    near = [known for known in _question_vocabulary().get(word[0], ())
            if abs(len(known) - len(word)) <= 1 and OSA.distance(word, known, score_cutoff=1) <= 1]
    if near and not name:  # "CFO" is no slip for "ceo"
        return min(near, key=lambda k: (sorted(k) != sorted(word), len(k) != len(word), k))
    # a name written with a capital is taken as meant, but for one slip of the finger: two
    # edits turn a name the articles lack into a word they have ("Siemens", "seven")
    corrected = index.correct(word, max_edits=1 if name else 2)
    if corrected is None or (load_vectors().frequency(word) >= _COMMON
                             and not shares_prefix(stem(word), corrected)):
        return word  # a common English word is meant as written: "risks" is not "rise"
    return corrected


@cache
def _question_vocabulary() -> dict[str, tuple[str, ...]]:
    """The words questions are made of (intent phrasings, question and stop words), by
    first letter: what a misspelt question word is compared with first."""
    table: dict[str, list[str]] = {}
    for word in sorted(_intent_words() | QUESTION_WORDS | STOPWORDS):
        table.setdefault(word[0], []).append(word)
    return {letter: tuple(found) for letter, found in table.items()}


@cache
def _intent_words() -> frozenset[str]:
    """Every word of the intent catalogue's phrasings."""
    return frozenset(w for intent in catalogue() for e in intent.examples for w in e.split())


@cache
def _cue_words(intent: Intent) -> frozenset[str]:
    """The words of an intent's phrasings that name the kind of answer wanted ("worth",
    "users", the "facility" of "which facility", the "old" of "how old"), not an action
    ("founded" in "who founded")."""
    cues = set()
    for example in intent.examples:
        parts = example.split()
        if len(parts) == 1:
            cues.add(parts[0])
            continue
        if parts[0] in _PREPOSITIONS:
            parts = parts[1:]
        if parts[0] in {"which", "what"}:
            cues.update(parts[1:])  # "which news agency": the kind of answer, every word
        elif parts[0] == "how" and len(parts) == 2:
            cues.add(parts[1])  # "how old", "how far": the answer says an age, a distance
    return frozenset(cues)


_PREPOSITIONS = frozenset({"from", "in", "at", "on", "for", "by", "to", "of", "with"})


def capitalised(text: str) -> list[str]:
    """Words written with a capital letter, but for the first word of the text."""
    found = re.findall(r"[\w’'-]+", text)
    return [w for w in found[1:] if w[:1].isupper()]
