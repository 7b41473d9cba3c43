"""The fact engine: reload seed articles into the store, and answer questions from them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import aclosing
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .answer import best_fact, lacks_grain, nearest_fact, other_office, reported, short_span
from .confidence import confident
from .errors import QuestionError
from .index import Index, IndexBuilder
from .models import Answer, BadSeed, Candidate, Document, Fact, ReloadDiff, SeedDiff, Source
from .question import Question, understand
from .rank import KIND_BITS, NAME_KINDS, features, kind_mask, score
from .store import Store
from .text import words
from .vectors import load as load_vectors
from .vectors import similarity

if TYPE_CHECKING:
    from .ingest import Prepared

__all__ = ["MAX_QUESTION", "Engine"]

MAX_QUESTION = 1000
_SEARCH_DEPTH = 15
_FULLY_SCORED = 8  # candidates given every ranking feature
_RELOAD_BATCH = 200  # articles prepared and written at a time
_TRIES = 3  # the best candidates, in order, that may give the answer
# ... if they score at least this share of the best: when the best is not confident, a
# much weaker one is no better founded
_RUNNER_UP_SHARE = 0.25
_MIN_SCORE = 0.01  # below this the ranker gives a sentence next to no chance of answering
_ALL_KINDS = tuple(KIND_BITS)
_NUMBER_KINDS = ("money", "percent", "count", "measure")
_REFRESH_SECONDS = 1.0
_CACHED_SENTENCES = 20_000  # sentences whose facts are kept in memory
_CACHED_QUESTIONS = 5_000  # questions kept as understood, for each index


@dataclass
class _Found:
    """What a reload finds, gathered as its batches are written."""

    diffs: list[SeedDiff] = field(default_factory=list)
    bad: list[BadSeed] = field(default_factory=list)  # files that turned bad since the scan
    reread: int = 0  # seeds read again only for a new extractor, whose facts are the same


class _StaleIndex(Exception):
    """The corpus changed after the index a question was ranked on was built."""


@dataclass(frozen=True)
class _Ranked:
    score: float
    row: int
    fact: Fact | None
    features: tuple[float, ...]
    other_office: bool = False  # it names someone of another office than the one asked for


class Engine:
    """Reload articles and answer questions; open with ``await Engine.open(db_path)``."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._index: Index | None = None
        self._sources: dict[str, Source] = {}
        self._version = -1
        self._facts = _FactCache(-1)
        self._understood: tuple[Index | None, dict[str, Question]] = (None, {})
        self._checked = 0.0
        self._reload_lock = asyncio.Lock()

    @classmethod
    async def open(cls, db_path: Path | str) -> Engine:
        return cls(await Store.open(db_path))

    async def close(self) -> None:
        await self.store.close()

    # -- reload ---------------------------------------------------------------------------

    async def reload(self, seeds_dir: Path | str) -> ReloadDiff:
        """Load new and changed seeds, drop removed ones, in one transaction; return the diff."""
        # the extraction stack (BlingFire, the fact patterns) loads with the first reload, so
        # a process that only answers starts without it
        from .ingest import facts_by_doc, seed_diff
        from .seeds import scan_seeds

        async with self._reload_lock:
            known = await self.store.content_hashes()
            changed, unchanged, bad = await asyncio.to_thread(scan_seeds, Path(seeds_dir), known)
            keep = {p.stem for p in changed} | set(unchanged) | {Path(b.path).stem for b in bad}
            removed = sorted(set(known) - keep)
            titles = {i: source.title for i, source in (await self.store.sources()).items()}
            gone = facts_by_doc(await self.store.document_facts(removed))
            found = _Found()
            await self.store.replace_documents(self._prepared(changed, titles, known, found),
                                               removed)
            diffs = found.diffs + [seed_diff(doc_id, titles.get(doc_id, doc_id), "removed",
                                             gone.get(doc_id, []), []) for doc_id in removed]
            diff = ReloadDiff(seeds=diffs, bad=bad + found.bad,
                              unchanged=len(unchanged) + found.reread)
            if self._index is not None:  # else the first question builds it
                await self._load_index(force=True)
            return diff

    async def _prepared(self, paths: Sequence[Path], titles: dict[str, str],
                        known: Mapping[str, str], found: _Found
                        ) -> AsyncIterator[list[Prepared]]:
        """Seed files read, split and their facts extracted, a batch at a time (off the
        event loop); what each batch changed against the facts stored before goes to
        ``found``."""
        from .ingest import facts_by_doc, prepare_batches, seed_diff
        from .seeds import same_text

        batches = [paths[i:i + _RELOAD_BATCH] for i in range(0, len(paths), _RELOAD_BATCH)]
        async for prepared, unread in prepare_batches(batches):
            found.bad += unread
            old = facts_by_doc(await self.store.document_facts([s.id for s, _ in prepared]))
            for seed, sentences in prepared:
                new = [(f.kind, f.text, s) for s, _, _, facts in sentences for f in facts]
                status = "updated" if seed.id in titles else "new"
                diff = seed_diff(seed.id, seed.title, status, old.get(seed.id, []), new)
                if (status == "updated" and not (diff.added or diff.changed or diff.removed)
                        and same_text(known.get(seed.id, ""), seed.content_hash)):
                    found.reread += 1  # read again for a new extractor, nothing changed
                else:
                    found.diffs.append(diff)
            yield prepared

    # -- questions ------------------------------------------------------------------------

    async def ask(self, question: str, source: str | None = None, top: int | None = None,
                  pick: int | None = None) -> Answer:
        """Answer a question from the articles (or from one, ``source``), or abstain.

        ``top`` asks for that many ranked candidates; ``pick`` answers from one sentence (a
        candidate's ``sentence_id``) chosen by the person asking.
        """
        text = " ".join(question.split())[:MAX_QUESTION]
        for attempt in range(2):
            index = await self._load_index(force=attempt > 0)
            # the sources and version that belong to this index: a reload may swap in new
            # ones while this question waits for the store
            sources, version = self._sources, self._version
            # the second try ranks on an index rebuilt a moment ago and does not check again,
            # so a question always ends in an answer or an abstention
            checked = version if attempt == 0 else None
            if source is not None and source not in index.doc_rows:
                raise QuestionError(f"unknown source: {source}")
            parsed = self._understand(text, index)
            if not parsed.terms.terms:
                return Answer(question=question, answered=False, intent=parsed.intent.name)
            try:
                ranked = await self._rank(index, checked, parsed, source,
                                          max(_SEARCH_DEPTH, top or 0))
                break
            except _StaleIndex:
                continue  # a reload committed meanwhile: answer from the new corpus
        if pick is not None:
            ranked = [r for r in ranked if int(index.ids[r.row]) == pick]
        candidates = [_candidate(index, sources, r) for r in ranked[: top or 3]]
        if pick is not None:
            best = ranked[0] if ranked else None
        else:
            best = _confident_best(ranked, parsed, index, sources)
        if best is None:
            return Answer(question=question, answered=False, intent=parsed.intent.name,
                          score=round(ranked[0].score, 4) if ranked else 0.0,
                          candidates=candidates)
        sentence = index.texts[best.row]
        fact = best.fact or await self._untyped_fact(index, best.row, parsed, version)
        return Answer(
            question=question, answered=True,
            # a sentence the asker picked answers in full unless a fact of it does
            answer=None if pick is not None and fact is None else _short_answer(
                fact, sentence, parsed),
            quote=sentence, source=_source(index, sources, best.row),
            score=round(best.score, 4), intent=parsed.intent.name, fact=fact,
            candidates=candidates)

    async def _untyped_fact(self, index: Index, row: int, question: Question, version: int
                            ) -> Fact | None:
        """For a question of no typed intent, a fact of its sentence all the same: for a
        terse one the fact that says what it names ("passengers?"), for "what/which <thing>"
        the name the sentence gives; none when the corpus changed since the index was made."""
        if question.intent.kinds or not (question.terse or question.names_kind
                                         or question.copula):
            return None
        kinds = (_ALL_KINDS if question.terse else NAME_KINDS if question.names_kind
                 else _NUMBER_KINDS)
        try:
            facts = await self._facts_of([int(index.ids[row])], kinds, version)
        except _StaleIndex:
            return None
        return nearest_fact(facts.get(int(index.ids[row]), []), question.asked,
                            index.texts[row])

    def _understand(self, text: str, index: Index) -> Question:
        """The question read against an index's vocabulary; kept per index, since the same
        questions come back (a group asks what its members asked before)."""
        known = self._understood
        if known[0] is not index:
            known = self._understood = (index, {})
        parsed = known[1].get(text)
        if parsed is None:
            if len(known[1]) >= _CACHED_QUESTIONS:
                known[1].clear()
            parsed = known[1][text] = understand(text, index)
        return parsed

    async def _rank(self, index: Index, version: int | None, question: Question,
                    source: str | None, depth: int, fully: int = _FULLY_SCORED
                    ) -> list[_Ranked]:
        """Candidate sentences from the index, scored by the ranking model, best first.

        Raises _StaleIndex when the store's corpus ``version`` is no longer the index's
        (None: don't check)."""
        query = list(question.terms.terms)
        for alternatives in question.terms.alternatives:
            query += [a for a in alternatives if index.knows(a)]
        hits = index.search(query, depth, doc_id=source)
        if not hits:
            return []
        best_bm25 = max(h.bm25 for h in hits)
        wanted = kind_mask(question.intent.kinds)
        # first a quick score for every hit (no neighbours, no vectors, the stored kinds for
        # the facts); then the full one for the best few, which alone can be the answer
        quick = sorted(
            ((score(features(question.terms.for_ranking, question.order, index.terms[h.row],
                             1.0 if int(index.kinds[h.row]) & wanted else 0.0,
                             int(index.positions[h.row]), h.bm25, best_bm25, h.title)), h)
             for h in hits), key=lambda pair: -pair[0])
        full, rest = [h for _, h in quick[:fully]], quick[fully:]
        # only sentences holding a fact of a wanted kind can give one; a question that wants
        # none is answered from the index alone, which is one corpus by construction
        with_facts = [int(index.ids[h.row]) for h in full if int(index.kinds[h.row]) & wanted]
        facts = await self._facts_of(with_facts, question.intent.kinds, version)
        ranked = []
        for hit in full:
            row = hit.row
            meaning = similarity(question.meaning, _sentence_vector(index.texts[row]))
            here = facts.get(int(index.ids[row]), ())
            fact = best_fact(here, question.intent.kinds, question.asked, index.texts[row],
                             question.terms.cues, question.terms.names)
            answer = 1.0 / (1 + question.intent.kinds.index(fact.kind)) if fact else 0.0
            if fact and lacks_grain(fact, question.asked, question.terms.cues):
                answer /= 2  # "what time?" and "since January": a date, not the one asked
            values = features(question.terms.for_ranking, question.order, index.terms[row],
                              answer, int(index.positions[row]), hit.bm25,
                              best_bm25, hit.title, _neighbour(index, row, -1),
                              _neighbour(index, row, 1), meaning)
            ranked.append(_Ranked(score(values), row, fact, values,
                                  fact is None and other_office(here, question.asked,
                                                                question.terms.names)))
        ranked.sort(key=lambda r: (-r.score, r.row))
        floor = ranked[-1].score
        # the others rank below the fully scored ones, in their quick order
        ranked += [_Ranked(min(value, floor) * (1 - 1e-6 * n), hit.row, None, ())
                   for n, (value, hit) in enumerate(rest, start=1)]
        return ranked

    async def _facts_of(self, sentence_ids: list[int], kinds: tuple[str, ...],
                        version: int | None) -> dict[int, list[Fact]]:
        """The facts of some kinds in some sentences, from the store or, when read before
        at the index's corpus version, from memory. Raises _StaleIndex when the store has
        moved on from ``version`` (None: don't check, and don't keep what is read)."""
        cache = self._facts
        found = ({i: cache.facts[i, kinds] for i in sentence_ids if (i, kinds) in cache.facts}
                 if cache.version == version else {})
        missing = [i for i in sentence_ids if i not in found]
        if missing:
            stored, read = await self.store.facts_at_version(missing, kinds)
            if version is not None and stored != version:
                raise _StaleIndex
            if version is not None:
                cache.keep(version, kinds, read)
            found.update(read)
        return found

    # -- what is known --------------------------------------------------------------------

    async def documents(self) -> list[Document]:
        return await self.store.documents()

    async def facts(self, source: str | None = None) -> list[tuple[str, str, str, str]]:
        """(doc_id, kind, text, sentence) of every fact, of one source or all."""
        docs = sorted(await self.store.sources())
        if source is not None:
            if source not in docs:
                raise QuestionError(f"unknown source: {source}")
            docs = [source]
        return await self.store.document_facts(docs)

    async def sentence_count(self) -> int:
        return len(await self._load_index())

    async def _load_index(self, force: bool = False) -> Index:
        now = time.monotonic()
        if self._index is not None and not force and now - self._checked < _REFRESH_SECONDS:
            return self._index
        self._checked = now
        version = await self.store.corpus_version()
        if self._index is None or version != self._version:
            sources = await self.store.sources()
            titles = {doc_id: s.title for doc_id, s in sources.items()}
            if self._index is None:
                # the word vectors load beside the first index: both are needed to answer
                index, _ = await asyncio.gather(self._built_index(titles),
                                                asyncio.to_thread(load_vectors))
            else:
                # only what changed since this index was made: the articles whose sentences
                # changed or went, and the sentences stored after the kept ones
                stale, after = self._index.changes(await self.store.sentence_spans())
                async with aclosing(self.store.sentences(after)) as chunks:
                    rows = [row async for chunk in chunks for row in chunk]
                index = await asyncio.to_thread(self._index.updated, stale, rows, titles)
            # sources and index swap together: a question never pairs one with the other's
            self._index, self._sources, self._version = index, sources, version
            self._facts = _FactCache(version)
            # questions read against the old index go with it (else it stays in memory)
            self._understood = (None, {})
        return self._index

    async def _built_index(self, titles: Mapping[str, str]) -> Index:
        """An index of every stored sentence, built off the event loop as the store reads
        them, a chunk at a time."""
        builder = IndexBuilder()
        async with aclosing(self.store.sentences()) as chunks:
            async for rows in chunks:
                await asyncio.to_thread(builder.add, rows)
        return await asyncio.to_thread(builder.index, titles)


def _confident_best(ranked: list[_Ranked], question: Question, index: Index,
                    sources: dict[str, Source]) -> _Ranked | None:
    """The answer among the best few candidates: the first the confidence check accepts, of
    those that score at least ``_MIN_SCORE`` and a ``_RUNNER_UP_SHARE`` of the best; to
    "what did she say?", only a sentence that reports what someone said."""
    if not ranked:
        return None
    floor = max(_MIN_SCORE, _RUNNER_UP_SHARE * ranked[0].score)

    def answers(r: _Ranked) -> bool:
        return (r.score >= floor and not r.other_office
                and (not question.speech or bool(reported(index.texts[r.row])))
                and confident(r.row, r.fact, question, index,
                              _source(index, sources, r.row).title))

    return next((r for r in ranked[:_TRIES] if answers(r)), None)


def _source(index: Index, sources: dict[str, Source], row: int) -> Source:
    return sources[index.doc_ids[index.doc_of[row]]]


def _candidate(index: Index, sources: dict[str, Source], ranked: _Ranked) -> Candidate:
    row = ranked.row
    return Candidate.model_construct(
        quote=index.texts[row], score=round(ranked.score, 4), source=_source(index, sources, row),
        answer=_short_answer(ranked.fact, index.texts[row], None),
        position=int(index.positions[row]), sentence_id=int(index.ids[row]))


class _FactCache:
    """Facts read lately, by sentence id and the kinds asked for, all of one corpus version
    (a new index starts a new cache); bounded, and emptied when full."""

    def __init__(self, version: int) -> None:
        self.version = version
        self.facts: dict[tuple[int, tuple[str, ...]], list[Fact]] = {}

    def keep(self, version: int, kinds: tuple[str, ...], facts: dict[int, list[Fact]]) -> None:
        if version != self.version:
            return  # read for an index that has been replaced since
        if len(self.facts) + len(facts) > _CACHED_SENTENCES:
            self.facts.clear()
        self.facts.update(((i, kinds), found) for i, found in facts.items())


@lru_cache(maxsize=20_000)
def _sentence_vector(text: str) -> np.ndarray:
    return load_vectors().sentence(words(text))


def _neighbour(index: Index, row: int, step: int) -> tuple[str, ...]:
    """The terms of the sentence before (-1) or after (1) a row, in the same article."""
    other = row + step
    if 0 <= other < len(index) and index.doc_of[other] == index.doc_of[row]:
        return tuple(index.terms[other])
    return ()


def _short_answer(fact: Fact | None, sentence: str, question: Question | None) -> str:
    if fact is not None:
        if fact.kind == "person" and fact.text[:1].islower():
            return fact.value
        return fact.text
    if question is None:
        return ""
    if question.speech:
        said = reported(sentence)
        if said:
            return said
    return short_span(sentence, set(question.order)) or sentence
