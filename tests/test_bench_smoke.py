"""The benchmark runs end to end on a tiny corpus (no timing is asserted), and its generator
is deterministic."""

from __future__ import annotations

import json
from pathlib import Path

from bench import corpus, run


def test_an_article_is_the_same_whatever_else_is_generated() -> None:
    alone = corpus.article(7, 42)
    among = list(corpus.articles(7, 3, start=41))[1]

    assert alone == among
    assert alone.id == "bench-7-00042"
    assert 8 <= len(alone.sentences) <= 24


def test_the_question_mix_is_fixed_by_the_seed() -> None:
    first = corpus.questions(7, 50)

    assert first == corpus.questions(7, 50)
    assert first != corpus.questions(8, 50)
    assert any(q.quote is None for q in first) and any(q.quote for q in first)
    assert any(q.typo for q in first)


def test_the_benchmark_runs_on_a_tiny_corpus(tmp_path: Path) -> None:
    out = tmp_path / "out"

    assert run.main(["--sizes", "5", "--questions", "12", "--fuzzy", "4",
                     "--out", str(out)]) == 0

    results = json.loads((out / "results.json").read_text("utf-8"))
    (size,) = results["sizes"]
    assert size["articles"] == 5
    assert size["sentences"] > 5 * 8
    assert size["rapidfuzz"]["questions"] == 4
    assert (out / "results.png").stat().st_size > 0
    assert "| 5 |" in (out / "results.md").read_text("utf-8")
