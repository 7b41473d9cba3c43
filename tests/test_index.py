"""The sentence index: built a chunk of sentences at a time as the store reads them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import facts.store
from facts import Engine
from facts.index import Index, IndexBuilder, Row

QUESTIONS = ["bridge contract worth", "apple exports earn", "member farms", "tolls rise"]


async def all_rows(engine: Engine) -> list[Row]:
    return [row async for chunk in engine.store.sentences() for row in chunk]


def same_index(a: Index, b: Index) -> None:
    assert (a.doc_ids, a.texts, list(a.terms), a.doc_rows) == (
        b.doc_ids, b.texts, list(b.terms), b.doc_rows)
    for name in ("ids", "doc_of", "positions", "kinds", "idf", "offsets", "postings",
                 "weights"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    for words in QUESTIONS:
        query = words.split()
        assert a.search(query, 5) == b.search(query, 5)


@pytest.mark.parametrize("size", [1, 2, 5])
async def test_an_index_built_a_chunk_at_a_time_is_the_one_built_at_once(
    engine: Engine, seeds_dir: Path, size: int
) -> None:
    await engine.reload(seeds_dir)
    rows = await all_rows(engine)
    titles = {i: s.title for i, s in (await engine.store.sources()).items()}
    builder = IndexBuilder()

    for at in range(0, len(rows), size):
        builder.add(rows[at:at + size])

    same_index(builder.index(titles), Index.build(rows, titles))


async def test_the_store_reads_sentences_in_chunks_of_one_committed_corpus(
    engine: Engine, seeds_dir: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await engine.reload(seeds_dir)
    before = await all_rows(engine)
    (seeds_dir / "harbour-bridge.md").unlink()
    monkeypatch.setattr(facts.store, "_SENTENCE_CHUNK", 3)
    chunks = []

    async for chunk in engine.store.sentences():
        chunks.append(chunk)
        if len(chunks) == 1:  # another process's reload commits meanwhile
            other = await Engine.open(db_path)
            try:
                assert [s.status for s in (await other.reload(seeds_dir)).seeds] == ["removed"]
            finally:
                await other.close()

    assert len(before) > 3 and {len(c) for c in chunks[:-1]} == {3}
    assert [row for chunk in chunks for row in chunk] == before
    after = await all_rows(engine)
    assert after and {r[1] for r in after} == {"apple-harvest"}
    assert [r async for chunk in engine.store.sentences(after[0][0]) for r in chunk] == after[1:]
