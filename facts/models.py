"""The engine's values: seeds, sentences, facts, answers and reload diffs."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Answer",
    "BadSeed",
    "Candidate",
    "Document",
    "Fact",
    "FactChange",
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


class FactChange(_Frozen):
    """A fact as reported in a reload diff, with the sentence it came from."""

    kind: str
    text: str
    quote: str


class SeedDiff(_Frozen):
    """What a reload changed for one seed."""

    seed_id: str
    title: str
    status: str  # new, updated, removed
    added: list[FactChange] = Field(default_factory=list)
    changed: list[FactChange] = Field(default_factory=list)
    removed: list[FactChange] = Field(default_factory=list)


class ReloadDiff(_Frozen):
    """What a reload changed: per seed, plus the files that could not be loaded."""

    seeds: list[SeedDiff] = Field(default_factory=list)
    bad: list[BadSeed] = Field(default_factory=list)
    unchanged: int = 0

    @property
    def added(self) -> int:
        return sum(len(s.added) for s in self.seeds)

    @property
    def is_empty(self) -> bool:
        return not self.seeds and not self.bad
