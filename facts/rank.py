"""Score a sentence against a question: pure functions, text and numbers in, numbers out."""

from __future__ import annotations

import json
import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from importlib import resources

__all__ = ["FEATURES", "KIND_BITS", "NAME_KINDS", "QuestionTerms", "features", "kind_mask",
           "score", "weights"]

FEATURES = ("bm25", "coverage", "bigrams", "answer", "first", "position", "title", "length",
            "context", "proximity", "matched", "next", "meaning")

KIND_BITS = {kind: 1 << n for n, kind in enumerate(
    ("money", "percent", "duration", "date", "count", "ordinal", "person", "organisation",
     "place", "measure"))}
NAME_KINDS = ("person", "organisation", "place")  # the kinds of fact that are names


_CUE_WEIGHT = 0.25


@dataclass(frozen=True)
class QuestionTerms:
    """A question's content terms (stems) with their idf, and the intent's fact kinds."""

    terms: tuple[str, ...]
    idf: tuple[float, ...]
    kinds: tuple[str, ...]
    cues: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()  # terms written with a capital: names, not predicates
    alternatives: tuple[frozenset[str], ...] = ()  # per term, stems that mean the same

    @cached_property
    def total(self) -> float:
        return sum(self.idf) or 1.0

    @cached_property
    def for_ranking(self) -> QuestionTerms:
        """The terms as ranking weighs them: in a typed question, the words that name the
        kind of answer ("which *news agency*") weigh a quarter. The sentence that holds
        the answer names it, often without those words; one that uses them often points
        back to an answer named before ("the agency said")."""
        if not self.kinds or self.cues.isdisjoint(self.terms):
            return self
        return replace(self, idf=tuple(idf * _CUE_WEIGHT if term in self.cues else idf
                                       for term, idf in zip(self.terms, self.idf, strict=True)))

    @cached_property
    def term_set(self) -> frozenset[str]:
        return frozenset(self.terms)

    @cached_property
    def weighed(self) -> tuple[tuple[str, float, frozenset[str], bool], ...]:
        """Per term: the term, its idf, the stems that mean the same, and whether it is a cue."""
        alternatives = self.alternatives or (frozenset(),) * len(self.terms)
        return tuple(zip(self.terms, self.idf, alternatives,
                         [t in self.cues for t in self.terms], strict=True))


def kind_mask(kinds: Sequence[str]) -> int:
    """The bitmask of some fact kinds, as stored with each sentence."""
    mask = 0
    for kind in kinds:
        mask |= KIND_BITS.get(kind, 0)
    return mask


def coverage(question: QuestionTerms, sentence: set[str], has_kind: bool) -> float:
    """The idf-weighted share of the question's terms found in the sentence; a term that only
    says which kind of fact is wanted ("worth", "users") counts as found when the sentence
    has a fact of that kind."""
    found = 0.0
    for term, idf, alternatives, cue in question.weighed:
        if (term in sentence or (has_kind and cue)
                or (alternatives and not alternatives.isdisjoint(sentence))):
            found += idf
    return found / question.total


def predicates(question: QuestionTerms) -> list[str]:
    """The question's terms that say what is done or asked about, not who or what it is
    about nor which kind of answer it wants: "founded" in "Who founded Telecom Italia?"."""
    return [t for t in question.terms if t not in question.names and t not in question.cues]


def bigram_share(question: Sequence[str], sentence: Sequence[str]) -> float:
    pairs = _pairs(tuple(question))
    if not pairs:
        return 0.0
    have = set(zip(sentence, sentence[1:], strict=False))
    return len(pairs & have) / len(pairs)


@lru_cache(maxsize=1024)
def _pairs(terms: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    return frozenset(zip(terms, terms[1:], strict=False))


def features(question: QuestionTerms, question_order: Sequence[str], sentence: Sequence[str],
             answer: float, position: int, bm25: float, best_bm25: float, title: float,
             previous: Sequence[str] = (), following: Sequence[str] = (),
             meaning: float = 0.0) -> tuple[float, ...]:
    """The ranking features of one sentence for one question, in ``FEATURES`` order.

    ``answer`` says the sentence holds a fact of the kind the question wants that the
    question does not already name (1 for the kind it wants most, less for the next);
    ``previous`` and ``following`` are the sentences around it, which often name what this
    one only points back to ("it", "the company");
    ``meaning`` is the cosine of the question's and the sentence's word vectors.
    """
    stems = set(sentence)
    cover = coverage(question, stems, answer > 0)
    context = coverage(question, set(previous) - stems, False) if previous else 0.0
    after = coverage(question, set(following) - stems, False) if following else 0.0
    matched = sum(idf for term, idf, _, _ in question.weighed if term in stems)
    return (
        bm25 / best_bm25 if best_bm25 > 0 else 0.0,
        cover,
        bigram_share(question_order, sentence),
        answer,
        1.0 if position == 0 else 0.0,
        1.0 / (1.0 + position),
        min(1.0, title),
        math.log(1 + len(sentence)) / 5.0,
        context,
        proximity(question.term_set, sentence),
        min(1.0, matched / 20.0),
        after,
        meaning,
    )


def proximity(question: frozenset[str] | set[str], sentence: Sequence[str]) -> float:
    """How closely the question's words sit together in the sentence: matched words over
    the length of the shortest stretch that holds them all (1.0 when adjacent)."""
    at = [i for i, term in enumerate(sentence) if term in question]
    if len(at) < 2:
        return 0.0
    return len(at) / (at[-1] - at[0] + 1)


@cache
def weights() -> tuple[float, ...]:
    """The ranking weights in ``FEATURES`` order (``ranker.json``, fitted by
    ``bench/train_ranker.py`` on WikiQA's training split)."""
    text = resources.files(__package__).joinpath("ranker.json").read_text("utf-8")
    data = json.loads(text)
    return tuple(float(data["weights"].get(name, 0.0)) for name in FEATURES) + (
        float(data["bias"]),)


def score(values: Sequence[float], w: Sequence[float] | None = None) -> float:
    """The ranking score of a feature vector: a logistic model's probability."""
    w = w or weights()
    z = w[-1] + sum(map(operator.mul, values, w))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
