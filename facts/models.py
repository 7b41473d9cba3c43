"""The engine's values: seeds, sentences, facts, answers and reload diffs."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import NamedTuple, overload

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Answer",
    "BadSeed",
    "Candidate",
    "Document",
    "Fact",
    "FactChange",
    "FactChanges",
    "ReloadDiff",
    "Seed",
    "SeedDiff",
    "Sentence",
    "Source",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)


class Seed(_Frozen):
    """One article file as read from the seeds folder."""

    id: str
    path: str
    title: str
    url: str | None = None
    published: str | None = None
    source_name: str | None = None
    body: str
    content_hash: str


class Source(_Frozen):
    """Where an answer comes from: the article's id, title and link."""

    id: str
    title: str
    url: str | None = None


class Document(Source):
    """A loaded article with its size."""

    published: str | None = None
    source_name: str | None = None
    sentences: int = 0
    facts: int = 0


class Sentence(_Frozen):
    """A sentence of an article, verbatim, with its position in the article."""

    doc_id: str
    position: int
    text: str


class Fact(_Frozen):
    """A typed fact found in a sentence.

    ``kind`` is one of money, duration, date, count, percent, ordinal, person,
    organisation, place; ``text`` is the words as written, ``value`` their normalised
    form, ``about`` the words near it that say what it is about.
    """

    kind: str
    text: str
    value: str
    about: str = ""
    start: int = 0
    end: int = 0


class Candidate(_Frozen):
    """A ranked sentence offered as an answer or a runner-up."""

    quote: str
    source: Source
    score: float
    answer: str | None = None
    position: int = 0
    sentence_id: int = 0


class Answer(_Frozen):
    """The engine's reply to a question: a sourced short answer, or an abstention."""

    question: str
    answered: bool
    answer: str | None = None
    quote: str | None = None
    source: Source | None = None
    score: float = 0.0
    intent: str | None = None
    fact: Fact | None = None
    candidates: list[Candidate] = Field(default_factory=list)


class BadSeed(_Frozen):
    """A seed file that was skipped, with the reason."""

    path: str
    reason: str


class FactChange(NamedTuple):
    """A fact as reported in a reload diff, with the sentence it came from."""

    kind: str
    text: str
    quote: str


class FactChanges(Sequence[FactChange]):
    """Some facts of a reload diff, in order.

    A first load reports every fact of the corpus as added (over 400,000 for 10,000
    articles), so they are kept neither as an object each nor with a string for each
    sentence: the facts' texts are one run of UTF-8, their sentences (each once) another,
    and an array says each fact's kind, sentence and where its text ends. (UTF-8, not a
    joined str: one "€" would make a str take two bytes for every character.) Equal to
    any sequence of the same facts.
    """

    __slots__ = ("_codes", "_kinds", "_quote_ends", "_quotes", "_texts")

    def __init__(self, facts: Iterable[tuple[str, str, str]] = ()) -> None:
        kinds: dict[str, int] = {}
        quotes: dict[str, int] = {}
        texts: list[bytes] = []
        codes = array("I")  # for each fact: its kind, its quote, where its text ends
        end = 0
        for kind, text, quote in facts:
            texts.append(text.encode())
            end += len(texts[-1])
            codes.extend((kinds.setdefault(kind, len(kinds)),
                          quotes.setdefault(quote, len(quotes)), end))
        encoded = [quote.encode() for quote in quotes]
        self._codes = codes
        self._kinds = tuple(kinds)
        self._texts = b"".join(texts)
        self._quotes = b"".join(encoded)
        self._quote_ends = array("I", accumulate(map(len, encoded)))

    def __len__(self) -> int:
        return len(self._codes) // 3

    @overload
    def __getitem__(self, at: int) -> FactChange: ...

    @overload
    def __getitem__(self, at: slice) -> list[FactChange]: ...

    def __getitem__(self, at: int | slice) -> FactChange | list[FactChange]:
        if isinstance(at, slice):
            return [self[i] for i in range(*at.indices(len(self)))]
        if not -len(self) <= at < len(self):
            raise IndexError("fact number out of range")
        at = 3 * (at % len(self))
        kind, quote, end = self._codes[at:at + 3]
        start = self._codes[at - 1] if at else 0
        quote_start = self._quote_ends[quote - 1] if quote else 0
        return FactChange(self._kinds[kind], self._texts[start:end].decode(),
                          self._quotes[quote_start:self._quote_ends[quote]].decode())

    def __iter__(self) -> Iterator[FactChange]:
        return map(self.__getitem__, range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"FactChanges({list(self)!r})"


# The diffs are dataclasses, not models: a first load makes one for every article, and a
# model's bookkeeping (its field dict and set of fields given) would cost about 1 KB each.


@dataclass(frozen=True, slots=True)
class SeedDiff:
    """What a reload changed for one seed."""

    seed_id: str
    title: str
    status: str  # new, updated, removed
    added: Sequence[FactChange] = field(default_factory=FactChanges)
    changed: Sequence[FactChange] = field(default_factory=FactChanges)
    removed: Sequence[FactChange] = field(default_factory=FactChanges)


@dataclass(frozen=True, slots=True)
class ReloadDiff:
    """What a reload changed: per seed, plus the files that could not be loaded."""

    seeds: list[SeedDiff] = field(default_factory=list)
    bad: list[BadSeed] = field(default_factory=list)
    unchanged: int = 0

    @property
    def added(self) -> int:
        return sum(len(s.added) for s in self.seeds)

    @property
    def is_empty(self) -> bool:
        return not self.seeds and not self.bad
