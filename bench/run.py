"""Run the benchmark: generate the corpora, measure each size in fresh processes, report.

    .venv/bin/python -m bench [--sizes 100,1000,10000] [--seed 1] [--publish]

Results go to ``bench/out/`` (results.json, results.md, results.png, and the raw timings);
``--publish`` also copies the table and chart to ``bench/results.md`` and
``bench/results.png``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from . import corpus, report

__all__ = ["main"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHIPPED_SEED = ROOT / "seeds" / "italy-spacex-starship.md"
_WORKER_TIMEOUT = 1800  # seconds; a stuck measurement is reported, not waited for


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    questions = corpus.questions(args.seed, args.questions)
    questions_file = out / "questions.json"
    questions_file.write_text(json.dumps([asdict(q) for q in questions], indent=1), "utf-8")
    results: dict[str, Any] = {
        "machine": _machine(), "seed": args.seed, "questions": _question_mix(questions),
        "fuzzy_questions": min(args.fuzzy, len(questions)), "sizes": []}
    for size in args.sizes:
        _say(f"\n== {size:,} articles (+ the shipped seed) ==")
        results["sizes"].append(_measure(size, args, questions_file, questions))
        (out / "results.json").write_text(json.dumps(results, indent=1), "utf-8")
    report.write(results, out, publish=args.publish)
    print(report.table(results))
    _say(f"\nwrote {out / 'results.json'}, {out / 'results.md'}, {out / 'results.png'}"
         + (f"; published {HERE / 'results.md'}, {HERE / 'results.png'}" if args.publish else ""))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=_sizes, default=[100, 1000, 10000],
                        help="corpus sizes in articles, comma-separated (default 100,1000,10000)")
    parser.add_argument("--seed", type=int, default=1, help="the generator's seed number")
    parser.add_argument("--questions", type=int, default=400, help="questions asked (400)")
    parser.add_argument("--fuzzy", type=int, default=100,
                        help="questions for brute-force rapidfuzz, the slow one (first 100)")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="output folder")
    parser.add_argument("--publish", action="store_true",
                        help="also write bench/results.md and bench/results.png")
    return parser


def _sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def _measure(size: int, args: argparse.Namespace, questions_file: Path,
             questions: list[corpus.Question]) -> dict[str, Any]:
    folder = args.out / f"corpus-{size}"
    seeds, extra, words = _write_corpus(folder, args.seed, size)
    load_before = os.getloadavg()[0]
    db = folder / "facts.db"
    reload = _worker("reload", "--seeds", seeds, "--db", db, "--extra", extra)
    _say(f"reload: from scratch {reload['scratch_s']:.1f} s, unchanged "
         f"{reload['unchanged_s']:.2f} s, one added {reload['one_added_s']:.2f} s")
    serve = _worker("serve", "--db", db, "--questions", questions_file)
    _say(f"ask: median {statistics.median(serve['latencies_ms']):.2f} ms")
    baselines = _worker("baselines", "--db", db, "--copy", folder / "fts5.db", "--questions",
                        questions_file, "--fuzzy", args.fuzzy)
    (args.out / f"raw-{size}.json").write_text(
        json.dumps({"reload": reload, "serve": serve, "baselines": baselines}), "utf-8")
    summary = _summary(size, words, reload, serve, baselines, questions)
    summary["load_average"] = [load_before, os.getloadavg()[0]]
    return summary


def _write_corpus(folder: Path, seed: int, size: int) -> tuple[Path, Path, dict[str, float]]:
    """The seeds folder (``size`` articles and the shipped seed), one more article to add,
    and the corpus's sentence and word counts."""
    shutil.rmtree(folder, ignore_errors=True)
    seeds = folder / "seeds"
    seeds.mkdir(parents=True)
    lengths: list[int] = []
    for item in corpus.articles(seed, size):
        corpus.write_article(seeds, item)
        lengths.extend(len(s.split()) for s in item.sentences)
    shutil.copyfile(SHIPPED_SEED, seeds / SHIPPED_SEED.name)
    (folder / "extra").mkdir()
    extra = corpus.write_article(folder / "extra", corpus.article(seed, size))
    words = {"sentences_per_article": len(lengths) / max(1, size),
             "words_per_sentence": statistics.mean(lengths),
             "words_p10": float(np.percentile(lengths, 10)),
             "words_p90": float(np.percentile(lengths, 90))}
    return seeds, extra, words


def _worker(what: str, *args: object) -> dict[str, Any]:
    """Run one measurement in a fresh Python process; its JSON result."""
    command = [sys.executable, "-X", "faulthandler", "-m", "bench.measure", what,
               *map(str, args)]
    started = time.perf_counter()
    with subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as worker:
        try:
            stdout, stderr = worker.communicate(timeout=_WORKER_TIMEOUT)
        except subprocess.TimeoutExpired:
            worker.send_signal(signal.SIGABRT)  # faulthandler prints where it was stuck
            stdout, stderr = worker.communicate()
    if worker.returncode != 0:
        raise SystemExit(f"bench.measure {what} failed ({worker.returncode}):\n{stderr[-6000:]}")
    _say(f"  ({what} process: {time.perf_counter() - started:.0f} s)")
    return json.loads(stdout)  # type: ignore[no-any-return]


def _summary(size: int, words: dict[str, float], reload: dict[str, Any], serve: dict[str, Any],
             baselines: dict[str, Any], questions: list[corpus.Question]) -> dict[str, Any]:
    engine_ms = serve["latencies_ms"]
    fuzzy = baselines["rapidfuzz"]
    fts5 = baselines["fts5"]
    same_questions = engine_ms[:len(fuzzy["latencies_ms"])]
    answerable = [q.quote is not None for q in questions]
    return {
        "articles": size, "corpus": words, "sentences": reload["sentences"],
        "terms": reload["terms"], "facts": reload["facts"],
        "reload": {k: reload[k] for k in (
            "scratch_s", "unchanged_s", "one_added_s", "one_removed_s", "scratch_phases_s")},
        "reload_peak_rss_mb": reload["peak_rss_mb"], "db_mb": reload["db_mb"],
        "open_s": serve["open_s"], "serve_peak_rss_mb": serve["peak_rss_mb"],
        "engine": _latency(engine_ms) | {
            "first_asked_median_ms": _median_or_none(
                [ms for ms, again in zip(engine_ms, serve["repeated"], strict=True) if not again]),
            "repeated": sum(serve["repeated"]),
            "top1": _share(serve["top1"]), "answered_right": _share(
                [a for a, ok in zip(serve["answered"], answerable, strict=True) if ok]),
            "abstained_unanswerable": _share(
                [not a for a, ok in zip(serve["answered"], answerable, strict=True) if not ok])},
        "fts5": _latency(fts5["latencies_ms"]) | {
            "top1": _share(fts5["top1"]), "build_s": baselines["fts5_build_s"],
            "table_mb": baselines["fts5_mb"],
            "median_ratio": statistics.median(fts5["latencies_ms"]) / statistics.median(engine_ms),
            "p99_ratio": _p99(fts5["latencies_ms"]) / _p99(engine_ms)},
        "rapidfuzz": _latency(fuzzy["latencies_ms"]) | {
            "top1": _share(fuzzy["top1"]), "prepare_s": baselines["rapidfuzz_prepare_s"],
            "questions": len(fuzzy["latencies_ms"]),
            "median_ratio": statistics.median(fuzzy["latencies_ms"])
            / statistics.median(same_questions),
            "p99_ratio": _p99(fuzzy["latencies_ms"]) / _p99(same_questions)},
        "baselines_peak_rss_mb": baselines["peak_rss_mb"],
    }


def _latency(ms: list[float]) -> dict[str, float]:
    return {"median_ms": statistics.median(ms), "p99_ms": _p99(ms),
            "per_second": len(ms) / (sum(ms) / 1000)}


def _median_or_none(ms: list[float]) -> float | None:
    return statistics.median(ms) if ms else None


def _p99(ms: list[float]) -> float:
    return float(np.percentile(ms, 99))


def _share(flags: list[bool | None]) -> float | None:
    counted = [f for f in flags if f is not None]
    return sum(counted) / len(counted) if counted else None


def _question_mix(questions: list[corpus.Question]) -> dict[str, int]:
    return {"total": len(questions),
            "answerable": sum(q.quote is not None for q in questions),
            "unanswerable": sum(q.quote is None for q in questions),
            "with_typo": sum(q.typo for q in questions)}


def _machine() -> dict[str, Any]:
    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "?"

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "facts"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    return {"cpus": os.cpu_count(), "platform": platform.platform(),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "numpy": version("numpy"), "rapidfuzz": version("rapidfuzz"),
            "commit": commit + (" (facts/ modified)" if dirty else ""),
            "load_average": os.getloadavg()[0],
            "date": time.strftime("%Y-%m-%d")}


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
