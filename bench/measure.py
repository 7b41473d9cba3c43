"""The benchmark's measurements, each run in a fresh process so that its peak memory is its own.

    python -m bench.measure reload    --seeds DIR --db FILE --extra FILE
    python -m bench.measure serve     --db FILE --questions FILE
    python -m bench.measure baselines --db FILE --copy FILE --questions FILE --fuzzy N

Each prints one JSON object on stdout. ``run.py`` drives them; they can be run alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import numpy as np

import facts.seeds
from facts import Engine
from facts.store import Store

from .baselines import FuzzyBot, SearchBot, read_sentences

__all__ = ["main"]

_WARM_UP = 20  # questions asked before timing: a running bot has answered some already
_REPEATS = 3  # reloads with nothing changed, timed; the median is reported


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.measure")
    parser.add_argument("what", choices=["reload", "serve", "baselines"])
    parser.add_argument("--seeds", type=Path)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--extra", type=Path, help="an article to add, then remove")
    parser.add_argument("--questions", type=Path)
    parser.add_argument("--copy", type=Path, help="where the FTS5 copy of the database goes")
    parser.add_argument("--fuzzy", type=int, default=100,
                        help="questions for brute-force rapidfuzz (the first N)")
    args = parser.parse_args(argv)
    if args.what == "reload":
        result = asyncio.run(_reload(args.seeds, args.db, args.extra))
    elif args.what == "serve":
        result = asyncio.run(_serve(args.db, _questions(args.questions)))
    else:
        result = _baselines(args.db, args.copy, _questions(args.questions), args.fuzzy)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    json.dump(result, sys.stdout)
    return 0


def _questions(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


async def _reload(seeds: Path, db: Path, extra: Path) -> dict[str, Any]:
    """Reload from scratch, then with nothing changed, then with one article added and
    removed again (the engine brings its index up to date incrementally)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    engine = await Engine.open(db)
    try:
        out = await _reloads(engine, seeds, extra)
    finally:
        await engine.close()  # also on failure: aiosqlite's threads would keep us alive
    out["db_mb"] = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal")
                       if Path(f"{db}{s}").exists()) / 1e6
    return out


async def _reloads(engine: Engine, seeds: Path, extra: Path) -> dict[str, Any]:
    phases = _Phases()
    with phases.timing():
        scratch, diff = await _timed(lambda: engine.reload(seeds))
    out: dict[str, Any] = {
        "scratch_s": scratch, "scratch_phases_s": phases.totals(),
        "loaded": len(diff.seeds), "facts": diff.added,
        "sentences": await engine.sentence_count(),
        "terms": _vocabulary_size(engine),
    }
    out["unchanged_s"] = statistics.median(
        [(await _timed(lambda: engine.reload(seeds)))[0] for _ in range(_REPEATS)])
    out["one_added_s"], out["one_removed_s"] = await _add_and_remove(engine, seeds, extra)
    return out


def _vocabulary_size(engine: Engine) -> int:
    """How many distinct terms the corpus has (read from the engine's private index)."""
    index = engine._index
    return int(np.count_nonzero(np.diff(index.offsets))) if index is not None else 0


async def _add_and_remove(engine: Engine, seeds: Path, extra: Path) -> tuple[float, float]:
    target = seeds / extra.name
    shutil.copyfile(extra, target)
    added, diff = await _timed(lambda: engine.reload(seeds))
    assert [s.status for s in diff.seeds] == ["new"], diff
    target.unlink()
    removed, diff = await _timed(lambda: engine.reload(seeds))
    assert [s.status for s in diff.seeds] == ["removed"], diff
    return added, removed


async def _serve(db: Path, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """Open the engine on a loaded database (index built from the store) and answer every
    question, timing each."""
    started = time.perf_counter()
    engine = await Engine.open(db)
    try:
        await engine.sentence_count()
        opened = time.perf_counter() - started
        return {"open_s": opened} | await _answer_all(engine, questions)
    finally:
        await engine.close()


async def _answer_all(engine: Engine, questions: list[dict[str, Any]]) -> dict[str, Any]:
    for question in questions[:_WARM_UP]:
        await engine.ask(question["text"])
    # the engine keeps questions it has read; a repeated one is cheaper, so say which are
    asked = {question["text"] for question in questions[:_WARM_UP]}
    latencies, top1, answered, repeated = [], [], [], []
    for question in questions:
        repeated.append(question["text"] in asked)
        asked.add(question["text"])
        started = time.perf_counter()
        answer = await engine.ask(question["text"])
        latencies.append((time.perf_counter() - started) * 1000)
        quotes = [c.quote for c in answer.candidates[:1]]
        top1.append(_right(question, quotes))
        answered.append(answer.answered and (question["quote"] is None or _right(
            question, [answer.quote or ""])))
    return {"latencies_ms": latencies, "top1": top1, "answered": answered,
            "repeated": repeated}


def _baselines(db: Path, copy: Path, questions: list[dict[str, Any]],
               fuzzy_count: int) -> dict[str, Any]:
    sentences = read_sentences(db)
    started = time.perf_counter()
    search = SearchBot(db, copy)
    out: dict[str, Any] = {"fts5_build_s": time.perf_counter() - started,
                           "fts5_mb": search.table_bytes() / 1e6}
    out["fts5"] = _ask_all(search.top, questions)
    search.close()
    started = time.perf_counter()
    fuzzy = FuzzyBot(sentences)
    out["rapidfuzz_prepare_s"] = time.perf_counter() - started
    out["rapidfuzz"] = _ask_all(fuzzy.top, questions[:fuzzy_count])
    return out


def _ask_all(top: Callable[[str], list[str]], questions: list[dict[str, Any]]
             ) -> dict[str, list[Any]]:
    for question in questions[:3]:
        top(question["text"])
    latencies, top1 = [], []
    for question in questions:
        started = time.perf_counter()
        found = top(question["text"])
        latencies.append((time.perf_counter() - started) * 1000)
        top1.append(_right(question, found[:1]))
    return {"latencies_ms": latencies, "top1": top1}


def _right(question: dict[str, Any], quotes: list[str]) -> bool | None:
    """Whether the first quote is the sentence that answers (None: nothing answers)."""
    if question["quote"] is None:
        return None
    return bool(quotes) and question["quote"] in quotes[0]


async def _timed(call: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = await call()
    return time.perf_counter() - started, result


class _Phases:
    """Where a reload's time goes: wraps the engine's steps with timers while measuring."""

    _STEPS = (
        (facts.seeds, "scan_seeds", "read seeds"),
        # splitting and extraction run in worker processes beside the writes (see
        # facts.ingest.prepare_batches), so their time shows up in "write" and "other"
        (Store, "document_facts", "read old facts"),
        (Store, "replace_documents", "write to SQLite"),
    )

    def __init__(self) -> None:
        self._totals: dict[str, float] = {label: 0.0 for _, _, label in self._STEPS}

    def totals(self) -> dict[str, float]:
        return dict(self._totals)

    def timing(self) -> _Wrapped:
        return _Wrapped(self._STEPS, self._totals)


class _Wrapped:
    def __init__(self, steps: tuple[tuple[Any, str, str], ...], totals: dict[str, float]) -> None:
        self._steps = steps
        self._totals = totals
        self._saved: list[tuple[Any, str, Any]] = []

    def __enter__(self) -> None:
        for owner, name, label in self._steps:
            original = owner.__dict__[name]
            self._saved.append((owner, name, original))
            setattr(owner, name, self._wrap(original, label))

    def __exit__(self, *exc: object) -> None:
        for owner, name, original in reversed(self._saved):
            setattr(owner, name, original)

    def _wrap(self, original: Any, label: str) -> Any:
        totals = self._totals
        if asyncio.iscoroutinefunction(original):
            async def timed_async(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return await original(*args, **kwargs)
                finally:
                    totals[label] += time.perf_counter() - started
            return timed_async

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                totals[label] += time.perf_counter() - started
        return timed


if __name__ == "__main__":
    raise SystemExit(main())
