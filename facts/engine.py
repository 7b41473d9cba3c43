"""The fact engine: reload seed articles into the store, and answer questions from them."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import re
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz.distance import OSA

from .answer import best_fact, short_span
from .errors import QuestionError
from .extract import extract_facts
from .index import Index
from .intents import Intent, catalogue, match_intent
from .models import (
    Answer,
    Candidate,
    Document,
    Fact,
    FactChange,
    ReloadDiff,
    Seed,
    SeedDiff,
    Source,
)
from .rank import QuestionTerms, coverage, features, kind_mask, predicates, score
from .seeds import scan_seeds
from .sentences import split_sentences
from .store import Store
from .synonyms import related
from .text import STOPWORDS, content_terms, stem, words
from .vectors import load as load_vectors
from .vectors import similarity

__all__ = ["MAX_QUESTION", "Engine"]

MAX_QUESTION = 1000
_SEARCH_DEPTH = 20
_FULLY_SCORED = 10  # candidates given every ranking feature
_RELOAD_BATCH = 200  # articles prepared and written at a time
_WORKERS = max(1, min(2, os.cpu_count() or 1))
_AHEAD = _WORKERS + 1
_MIN_COVERAGE = 0.35
_TYPED_WITHOUT_FACT = 0.75
_VECTOR_MATCH = 0.5
_TRIES = 3  # the best candidates, in order, that may give the answer
_REFRESH_SECONDS = 1.0
_QUESTION_WORDS = frozenset({"who", "what", "when", "where", "why", "how", "which", "whom"})

Prepared = tuple[Seed, list[tuple[str, str, int, list[Fact]]]]


class _StaleIndex(Exception):
    """The corpus changed after the index a question was ranked on was built."""


@dataclass(frozen=True)
class _Ranked:
    score: float
    row: int
    fact: Fact | None
    features: tuple[float, ...]


@dataclass(frozen=True)
class _Question:
    text: str
    intent: Intent
    terms: QuestionTerms
    order: tuple[str, ...]
    meaning: np.ndarray
    surface: dict[str, str]


class Engine:
    """Reload articles and answer questions; open with ``await Engine.open(db_path)``."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._index: Index | None = None
        self._sources: dict[str, Source] = {}
        self._version = -1
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
        async with self._reload_lock:
            known = await self.store.content_hashes()
            changed, unchanged, bad = await asyncio.to_thread(scan_seeds, Path(seeds_dir), known)
            keep = {s.id for s in changed} | set(unchanged) | {Path(b.path).stem for b in bad}
            removed = sorted(set(known) - keep)
            titles = {i: source.title for i, source in (await self.store.sources()).items()}
            gone = _facts_by_doc(await self.store.document_facts(removed))
            diffs: list[SeedDiff] = []
            await self.store.replace_documents(self._prepared(changed, titles, diffs), removed)
            diffs += [_seed_diff(doc_id, titles.get(doc_id, doc_id), "removed",
                                 gone.get(doc_id, []), []) for doc_id in removed]
            diff = ReloadDiff(seeds=diffs, bad=bad, unchanged=len(unchanged))
            await self._load_index(force=True)
            return diff

    async def _prepared(self, seeds: Sequence[Seed], titles: dict[str, str],
                        diffs: list[SeedDiff]) -> AsyncIterator[list[Prepared]]:
        """Seeds split and their facts extracted, a batch at a time (off the event loop),
        each batch's diff against the facts stored before appended to ``diffs``."""
        batches = [seeds[i:i + _RELOAD_BATCH] for i in range(0, len(seeds), _RELOAD_BATCH)]
        async for batch, prepared in _prepare_batches(batches):
            old = _facts_by_doc(await self.store.document_facts([s.id for s in batch]))
            for seed, sentences in prepared:
                new = [(f.kind, f.text, s) for s, _, _, facts in sentences for f in facts]
                status = "updated" if seed.id in titles else "new"
                diffs.append(_seed_diff(seed.id, seed.title, status, old.get(seed.id, []), new))
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
            index, version = await self._load_index(force=attempt > 0), self._version
            if source is not None and source not in index.doc_rows:
                raise QuestionError(f"unknown source: {source}")
            parsed = _understand(text, index)
            if not parsed.terms.terms:
                return Answer(question=question, answered=False, intent=parsed.intent.name)
            try:
                ranked = await self._rank(index, version, parsed, source,
                                          max(_SEARCH_DEPTH, top or 0))
                break
            except _StaleIndex:
                continue  # a reload committed meanwhile: answer from the new corpus
        if pick is not None:
            ranked = [r for r in ranked if int(index.ids[r.row]) == pick]
        candidates = [self._candidate(index, r) for r in ranked[: top or 3]]
        best = ranked[0] if pick is not None and ranked else next(
            (r for r in ranked[:_TRIES] if _confident(r, parsed, index)), None)
        if best is None:
            return Answer(question=question, answered=False, intent=parsed.intent.name,
                          score=round(ranked[0].score, 4) if ranked else 0.0,
                          candidates=candidates)
        sentence = index.texts[best.row]
        return Answer(
            question=question, answered=True, answer=_short_answer(best.fact, sentence, parsed),
            quote=sentence, source=self._sources[index.doc_ids[index.doc_of[best.row]]],
            score=round(best.score, 4), intent=parsed.intent.name, fact=best.fact,
            candidates=candidates)

    async def _rank(self, index: Index, version: int, question: _Question,
                    source: str | None, depth: int, fully: int = _FULLY_SCORED
                    ) -> list[_Ranked]:
        """Candidate sentences from the index, scored by the ranking model, best first."""
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
            ((score(features(question.terms, question.order, index.terms[h.row],
                             1.0 if int(index.kinds[h.row]) & wanted else 0.0,
                             int(index.positions[h.row]), h.bm25, best_bm25, h.title)), h)
             for h in hits), key=lambda pair: -pair[0])
        full, rest = [h for _, h in quick[:fully]], quick[fully:]
        # only sentences holding a fact of a wanted kind can give one; a question that wants
        # none is answered from the index alone, which is one corpus by construction
        facts: dict[int, list[Fact]] = {}
        with_facts = [int(index.ids[h.row]) for h in full if int(index.kinds[h.row]) & wanted]
        if with_facts:
            stored, facts = await self.store.facts_at_version(with_facts)
            if stored != version:
                raise _StaleIndex
        ranked = []
        asked = set(question.order).union(*question.terms.alternatives)
        for hit in full:
            row = hit.row
            meaning = similarity(question.meaning, _sentence_vector(index.texts[row]))
            fact = best_fact(facts.get(int(index.ids[row]), ()), question.intent.kinds,
                             asked, index.texts[row], question.terms.cues)
            answer = 1.0 / (1 + question.intent.kinds.index(fact.kind)) if fact else 0.0
            values = features(question.terms, question.order, index.terms[row],
                              answer, int(index.positions[row]), hit.bm25,
                              best_bm25, hit.title, _neighbour(index, row, -1),
                              _neighbour(index, row, 1), meaning)
            ranked.append(_Ranked(score(values), row, fact, values))
        ranked.sort(key=lambda r: (-r.score, r.row))
        floor = ranked[-1].score
        # the others rank below the fully scored ones, in their quick order
        ranked += [_Ranked(min(value, floor) * (1 - 1e-6 * n), hit.row, None, ())
                   for n, (value, hit) in enumerate(rest, start=1)]
        return ranked

    def _candidate(self, index: Index, ranked: _Ranked) -> Candidate:
        row = ranked.row
        return Candidate.model_construct(quote=index.texts[row], score=round(ranked.score, 4),
                         source=self._sources[index.doc_ids[index.doc_of[row]]],
                         answer=_short_answer(ranked.fact, index.texts[row], None),
                         position=int(index.positions[row]), sentence_id=int(index.ids[row]))

    # -- what is known --------------------------------------------------------------------

    async def documents(self) -> list[Document]:
        return await self.store.documents()

    async def facts(self, source: str | None = None) -> list[tuple[str, str, str, str]]:
        """(doc_id, kind, text, sentence) of every fact, of one source or all."""
        docs = [d.id for d in await self.store.documents()]
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
                rows = await self.store.sentences()
                index = await asyncio.to_thread(Index.build, rows, titles)
            else:
                # only what changed since this index was made: the articles whose sentences
                # changed or went, and the sentences stored after the kept ones
                stale, after = self._index.changes(await self.store.sentence_spans())
                rows = await self.store.sentences_since(after)
                index = await asyncio.to_thread(self._index.updated, stale, rows, titles)
            # sources and index swap together: a question never pairs one with the other's
            self._index, self._sources, self._version = index, sources, version
        return self._index


async def _prepare_batches(batches: list[Sequence[Seed]]
                           ) -> AsyncIterator[tuple[Sequence[Seed], list[Prepared]]]:
    """Each batch of seeds with its sentences and facts, in order. Several batches (a first
    load) are prepared in worker processes, two batches ahead, while the caller writes the
    ones before: extraction is the costly part of a reload and the machine has more cores."""
    if len(batches) < 2:
        for batch in batches:
            yield batch, await asyncio.to_thread(_prepare_all, batch)
        return
    loop = asyncio.get_running_loop()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=_WORKERS, mp_context=context) as pool:
        queue = deque(loop.run_in_executor(pool, _prepare_all, b) for b in batches[:_AHEAD])
        for n, batch in enumerate(batches):
            prepared = await queue.popleft()
            if n + _AHEAD < len(batches):
                queue.append(loop.run_in_executor(pool, _prepare_all, batches[n + _AHEAD]))
            yield batch, prepared


def _prepare_all(seeds: Sequence[Seed]) -> list[Prepared]:
    return [(seed, _prepare(seed)) for seed in seeds]


def _prepare(seed: Seed) -> list[tuple[str, str, int, list[Fact]]]:
    out = []
    for sentence in split_sentences(seed.body):
        facts = extract_facts(sentence)
        out.append((sentence, " ".join(content_terms(sentence)),
                    kind_mask([f.kind for f in facts]), facts))
    return out


def _facts_by_doc(rows: Sequence[tuple[str, str, str, str]]
                  ) -> dict[str, list[tuple[str, str, str]]]:
    out: dict[str, list[tuple[str, str, str]]] = {}
    for doc_id, kind, text, sentence in rows:
        out.setdefault(doc_id, []).append((kind, text, sentence))
    return out


def _seed_diff(seed_id: str, title: str, status: str, old: list[tuple[str, str, str]],
               new: list[tuple[str, str, str]]) -> SeedDiff:
    """Facts still said by the same sentence are unchanged; of the rest, a fact (same kind
    and text) said by another sentence now is changed; what is left was added or removed."""
    kept = Counter(old) & Counter(new)
    gone = list((Counter(old) - kept).elements())
    came = list((Counter(new) - kept).elements())
    changed = []
    for fact in list(came):
        match = next((g for g in gone if g[:2] == fact[:2]), None)
        if match is not None:
            gone.remove(match)
            came.remove(fact)
            changed.append(fact)

    def changes(facts: list[tuple[str, str, str]]) -> list[FactChange]:
        return [FactChange.model_construct(kind=k, text=t, quote=q) for k, t, q in facts]

    return SeedDiff(seed_id=seed_id, title=title, status=status, added=changes(came),
                    changed=changes(changed), removed=changes(gone))


def _understand(text: str, index: Index) -> _Question:
    """Correct misspelt words, find the intent, and weigh the question's content terms."""
    corrected = [_correct(w, index) for w in words(text)]
    names = frozenset(stem(w) for w in words(" ".join(_capitalised(text)))
                      if not related(stem(w)) and w.lower() not in _intent_words())
    intent, _ = match_intent(" ".join(corrected))
    cue_words = _cue_words(intent)
    order: list[str] = []
    surface: dict[str, str] = {}
    for word in corrected:
        if word in STOPWORDS or word in _QUESTION_WORDS:
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
    return _Question(text=text, intent=intent, terms=terms, order=tuple(order),
                     meaning=meaning, surface=surface)


def _correct(word: str, index: Index) -> str:
    """The word a misspelt question word most likely meant: a question or intent word one
    edit away (a swap of two letters preferred), else a corpus word; else the word."""
    if (len(word) < 3 or word.isdigit() or word in STOPWORDS or word in _QUESTION_WORDS
            or word in _intent_words() or index.knows(stem(word))):
        return word
    near = [known for known in _intent_words() | _QUESTION_WORDS | STOPWORDS
            if abs(len(known) - len(word)) <= 1 and known[0] == word[0]
            and OSA.distance(word, known, score_cutoff=1) <= 1]
    if near:
        return min(near, key=lambda k: (sorted(k) != sorted(word), len(k) != len(word), k))
    return index.correct(word) or word


_INTENT_WORDS: set[str] = set()


def _intent_words() -> set[str]:
    if not _INTENT_WORDS:
        for intent in catalogue():
            for example in intent.examples:
                _INTENT_WORDS.update(example.split())
    return _INTENT_WORDS


@lru_cache(maxsize=20_000)
def _sentence_vector(text: str) -> np.ndarray:
    return load_vectors().sentence(words(text))


def _neighbour(index: Index, row: int, step: int) -> tuple[str, ...]:
    """The terms of the sentence before (-1) or after (1) a row, in the same article."""
    other = row + step
    if 0 <= other < len(index) and index.doc_of[other] == index.doc_of[row]:
        return tuple(index.terms[other])
    return ()


def _cue_words(intent: Intent) -> set[str]:
    """The words of an intent's phrasings that name the kind of answer wanted ("worth",
    "users", the "facility" of "which facility"), not an action ("founded" in "who founded")."""
    cues = set()
    for example in intent.examples:
        parts = example.split()
        if len(parts) == 1:
            cues.add(parts[0])
        elif parts[0] in {"which", "what"} and len(parts) == 2:
            cues.add(parts[1])
    return cues


def _capitalised(text: str) -> list[str]:
    """Words written with a capital letter, but for the first word of the text."""
    found = re.findall(r"[\w’'-]+", text)
    return [w for w in found[1:] if w[:1].isupper()]


def _confident(best: _Ranked, question: _Question, index: Index) -> bool:
    """Answer only when the sentence covers most of the question, says something about
    what it asks (not only whom it names), names what the question names (here or in the
    sentence before), and, for a typed question, holds such a fact."""
    row = best.row
    sentence = index.texts[row]
    terms = question.terms
    names = terms.names | {stem(w) for w in words(" ".join(_capitalised(sentence)))}
    here = _soft_match(sentence)
    # a sentence often points back ("the flight", "it") to a name in the one before
    around = _soft_match(index.texts[row - 1] if row and index.doc_of[row - 1] ==
                         index.doc_of[row] else "")
    found = [here.has(t, alt, question.surface.get(t, t)) for t, alt in
             zip(terms.terms, terms.alternatives, strict=True)]
    asks = set(predicates(replace(terms, names=frozenset(names))))
    if asks and not any(ok for t, ok in zip(terms.terms, found, strict=True) if t in asks):
        return False
    named = [(idf, here.has(t, alt, None) or around.has_exactly(t, alt))
             for t, idf, alt in zip(terms.terms, terms.idf, terms.alternatives, strict=True)
             if t in terms.names]
    if named and sum(idf for idf, ok in named if ok) < 0.5 * sum(idf for idf, _ in named):
        return False
    if terms.kinds and best.fact is None:
        # no fact of the wanted kind: only a sentence that says all of the question will do
        exact = coverage(terms, {stem(w) for w in here.words}, False)
        return exact >= _TYPED_WITHOUT_FACT
    cues = best.fact is not None
    cover = sum(idf for t, idf, ok in zip(terms.terms, terms.idf, found, strict=True)
                if ok or (cues and t in terms.cues)) / terms.total
    return cover >= _MIN_COVERAGE


class _SoftMatch:
    """Whether a question term is in a text: the same stem, a synonym, a stem that shares
    most of its letters ("itali"/"italian"), or a word whose vector is close."""

    def __init__(self, text: str) -> None:
        self.words = [w for w in words(text) if w not in STOPWORDS]
        self.stems = {stem(w) for w in self.words}

    def has_exactly(self, term: str, alternatives: frozenset[str]) -> bool:
        return term in self.stems or not alternatives.isdisjoint(self.stems)

    def has(self, term: str, alternatives: frozenset[str], surface: str | None) -> bool:
        """Also by word vectors when given the question's word (not for names: vectors
        put every country near every other)."""
        if self.has_exactly(term, alternatives):
            return True
        if any(_shares_prefix(term, s) for s in self.stems):
            return True
        return surface is not None and load_vectors().best_match(
            surface, self.words) >= _VECTOR_MATCH


@lru_cache(maxsize=4096)
def _soft_match(text: str) -> _SoftMatch:
    return _SoftMatch(text)


def _shares_prefix(a: str, b: str) -> bool:
    size = min(len(a), len(b))
    if size < 4:
        return False
    common = len(os.path.commonprefix((a, b)))
    return common >= 4 and common >= 0.8 * size


def _short_answer(fact: Fact | None, sentence: str, question: _Question | None) -> str:
    if fact is not None:
        if fact.kind == "person" and fact.text[:1].islower():
            return fact.value
        return fact.text
    if question is None:
        return ""
    return short_span(sentence, set(question.order)) or sentence
