"""Prepare seeds for the store: read them, split them into sentences, extract their facts (in
worker processes for a large load), and say what changed against the facts stored before."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .errors import SeedError
from .extract import extract_facts
from .models import BadSeed, Fact, FactChanges, Seed, SeedDiff
from .rank import kind_mask
from .seeds import loaded_hash, read_seed
from .sentences import split_sentences
from .text import content_terms

__all__ = ["Prepared", "facts_by_doc", "prepare_batches", "seed_diff"]

Prepared = tuple[Seed, list[tuple[str, str, int, list[Fact]]]]

_WORKERS = max(1, min(2, os.cpu_count() or 1))
_AHEAD = _WORKERS + 1
_NO_FACTS = FactChanges()  # shared (it cannot change): most seeds have none changed or removed


async def prepare_batches(batches: list[Sequence[Path]]
                           ) -> AsyncIterator[tuple[list[Prepared], list[BadSeed]]]:
    """Each batch of seed files read, with their sentences and facts, in order, and the
    files of the batch that no longer read as a seed. Several batches (a first load) are
    prepared in worker processes, two batches ahead, while the caller writes the ones
    before: extraction is the costly part of a reload and the machine has more cores."""
    if len(batches) < 2:
        for batch in batches:
            prepared, bad = await asyncio.to_thread(_prepare_all, batch)
            yield _stamped(prepared), bad
        return
    loop = asyncio.get_running_loop()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=_WORKERS, mp_context=context) as pool:
        queue = deque(loop.run_in_executor(pool, _prepare_all, b) for b in batches[:_AHEAD])
        for n in range(len(batches)):
            ready, unread = await queue.popleft()
            if n + _AHEAD < len(batches):
                queue.append(loop.run_in_executor(pool, _prepare_all, batches[n + _AHEAD]))
            yield _stamped(ready), unread


def _stamped(prepared: list[Prepared]) -> list[Prepared]:
    """The seeds as the store keeps them: with the hash that names the extractor's version,
    stamped in this process, the one that compares it on the next reload."""
    return [(seed.model_copy(update={"content_hash": loaded_hash(seed.content_hash)}), facts)
            for seed, facts in prepared]


def _prepare_all(paths: Sequence[Path]) -> tuple[list[Prepared], list[BadSeed]]:
    prepared, bad = [], []
    for path in paths:
        try:
            seed = read_seed(path)
        except SeedError as error:  # changed since the folder was scanned
            bad.append(BadSeed(path=error.path, reason=error.reason))
            continue
        prepared.append((seed, _prepare(seed)))
    return prepared, bad


def _prepare(seed: Seed) -> list[tuple[str, str, int, list[Fact]]]:
    out = []
    for sentence in split_sentences(seed.body):
        facts = extract_facts(sentence)
        out.append((sentence, " ".join(content_terms(sentence)),
                    kind_mask([f.kind for f in facts]), facts))
    return out


def facts_by_doc(rows: Sequence[tuple[str, str, str, str]]
                  ) -> dict[str, list[tuple[str, str, str]]]:
    out: dict[str, list[tuple[str, str, str]]] = {}
    for doc_id, kind, text, sentence in rows:
        out.setdefault(doc_id, []).append((kind, text, sentence))
    return out


def seed_diff(seed_id: str, title: str, status: str, old: list[tuple[str, str, str]],
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

    def changes(facts: list[tuple[str, str, str]]) -> FactChanges:
        return FactChanges(facts) if facts else _NO_FACTS

    return SeedDiff(seed_id=seed_id, title=title, status=status, added=changes(came),
                    changed=changes(changed), removed=changes(gone))
