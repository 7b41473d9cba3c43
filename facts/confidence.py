"""Decide whether a sentence answers a question well enough to say so."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .index import Index
from .models import Fact
from .question import Question, capitalised
from .rank import coverage, predicates
from .text import PREFIX, STOPWORDS, shares_prefix, stem, words
from .vectors import load as load_vectors

__all__ = ["confident"]

_MIN_COVERAGE = 0.35
_TYPED_WITHOUT_FACT = 0.75
_VECTOR_MATCH = 0.5
_YEAR = re.compile(r"1\d{3}|20\d{2}")
_ORDINALS = frozenset(stem(w) for w in """second third fourth fifth sixth seventh eighth ninth
    tenth 2nd 3rd 4th 5th 6th 7th 8th 9th 10th""".split())
_NAMED_SHARE = 0.75  # of the idf of the names a question gives, what the sentence must name


def confident(row: int, fact: Fact | None, question: Question, index: Index,
              title: str = "") -> bool:
    """Answer only when every name and number the question gives is in the articles, the
    sentence covers most of the question, says something about
    what it asks (not only whom it names), names what the question names (here, in the
    sentence before or in its article's ``title``: an article about someone calls them
    "he"), and, for a typed question, holds such a fact."""
    terms = question.terms
    acronyms = question.acronyms  # may be spelt out in full: checked below
    if any((t in terms.names or t.isdigit()) and not index.knows(t) and t not in acronyms
           for t in terms.terms):
        return False  # it asks about a name or a number no article has
    sentence = index.texts[row]
    names = terms.names | {stem(w) for w in words(" ".join(capitalised(sentence)))}
    here = _soft_match(sentence)
    # a sentence often points back ("the flight", "it") to a name in the one before
    around = _soft_match(index.texts[row - 1] if row and index.doc_of[row - 1] ==
                         index.doc_of[row] else "")
    found = [here.has(t, alt, question.surface.get(t, t)) for t, alt in
             zip(terms.terms, terms.alternatives, strict=True)]
    asks = set(predicates(replace(terms, names=frozenset(names))))
    if asks and not any(ok for t, ok in zip(terms.terms, found, strict=True) if t in asks):
        return False
    headline = _soft_match(title)
    named = [(idf, here.has(t, alt, None) or around.has_exactly(t, alt)
              or headline.has_exactly(t, alt)
              or (t in acronyms and any(m.spells(acronyms[t]) for m in (here, around, headline))))
             for t, idf, alt in zip(terms.terms, terms.idf, terms.alternatives, strict=True)
             if t in terms.names]
    if named and sum(idf for idf, ok in named if ok) < _NAMED_SHARE * sum(idf for idf, _ in named):
        return False
    if any((_YEAR.fullmatch(t) or t in _ORDINALS) and not (
            here.has_exactly(t, frozenset()) or around.has_exactly(t, frozenset())
            or headline.has_exactly(t, frozenset())) for t in terms.terms):
        return False  # "in 2023", "the third match": not from a sentence on 2022, the second
    if fact is None and question.intent.needs_fact:
        return False  # "how heavy?", "how old?": words are no answer, only a measure, an age
    if terms.kinds and fact is None:
        # no fact of the wanted kind: only a sentence that says all of the question will do
        exact = coverage(terms, {stem(w) for w in here.words}, False)
        return exact >= _TYPED_WITHOUT_FACT
    cues = fact is not None
    cover = sum(idf for t, idf, ok in zip(terms.terms, terms.idf, found, strict=True)
                if ok or (cues and t in terms.cues)) / terms.total
    return cover >= _MIN_COVERAGE


class _SoftMatch:
    """Whether a question term is in a text: the same stem, a synonym, a stem that shares
    most of its letters ("itali"/"italian"), or a word whose vector is close."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = [w for w in words(text) if w not in STOPWORDS]
        self.stems = {stem(w) for w in self.words}
        self._by_prefix: dict[str, list[str]] = {}  # stems of four letters or more
        for s in self.stems:
            if len(s) >= PREFIX:
                self._by_prefix.setdefault(s[:PREFIX], []).append(s)

    def spells(self, acronym: str) -> bool:
        """Whether the initials of some of the text's capitalised words spell an acronym
        ("United Nations" for "un", "World Health Organization" for "who")."""
        return acronym in _initials(self.text)

    def has_exactly(self, term: str, alternatives: frozenset[str]) -> bool:
        return term in self.stems or not alternatives.isdisjoint(self.stems)

    def has(self, term: str, alternatives: frozenset[str], surface: str | None) -> bool:
        """Also by word vectors when given the question's word (not for names: vectors
        put every country near every other)."""
        if self.has_exactly(term, alternatives):
            return True
        if any(shares_prefix(term, s) for s in self._by_prefix.get(term[:PREFIX], ())):
            return True
        return surface is not None and load_vectors().best_match(
            surface, self.words) >= _VECTOR_MATCH


@lru_cache(maxsize=4096)
def _initials(text: str) -> frozenset[str]:
    """The initials of every run of capitalised words in a text, lower-cased; small words
    inside a name ("of", "and") are skipped."""
    found: set[str] = set()
    for run in _CAPITALISED_RUN.findall(text):
        letters = "".join(w[0] for w in run.split() if w[0].isupper()).lower()
        found.update(letters[i:j] for i in range(len(letters))
                     for j in range(i + 2, len(letters) + 1))
    return frozenset(found)


_CAPITALISED_RUN = re.compile(
    r"[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|the|on|de)\s+)?[A-Z][\w'’-]*)+")


@lru_cache(maxsize=4096)
def _soft_match(text: str) -> _SoftMatch:
    return _SoftMatch(text)
