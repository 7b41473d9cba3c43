"""Prepare seeds for the store: split them into sentences, extract their facts (in worker
processes for a large load), and say what changed against the facts stored before."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from .extract import extract_facts
from .models import Fact, FactChanges, Seed, SeedDiff
from .rank import kind_mask
from .sentences import split_sentences
from .text import content_terms

__all__ = ["Prepared", "facts_by_doc", "prepare_batches", "seed_diff"]

Prepared = tuple[Seed, list[tuple[str, str, int, list[Fact]]]]

_WORKERS = max(1, min(2, os.cpu_count() or 1))
_AHEAD = _WORKERS + 1


async def prepare_batches(batches: list[Sequence[Seed]]
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
    return SeedDiff(seed_id=seed_id, title=title, status=status, added=FactChanges(came),
                    changed=FactChanges(changed), removed=FactChanges(gone))
