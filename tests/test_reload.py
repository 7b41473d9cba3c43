"""Reloading the seeds folder: exact diffs, bad new versions, incremental, atomic."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Sequence
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest

import facts.extract
import facts.ingest
import facts.seeds
from facts import (
    BadSeed,
    Engine,
    FactChange,
    FactChanges,
    QuestionError,
    ReloadDiff,
    SeedDiff,
)
from facts.index import Index
from facts.models import Fact, Seed
from facts.store import Store

BRIDGE_COST = "How much is the bridge contract worth?"
EXPORTS = "How much did exports earn?"


async def stored(engine: Engine, seed_id: str, quote: str | None = None) -> list[FactChange]:
    """The facts the engine holds for a seed (or for one of its sentences), as diff entries."""
    return [
        FactChange(kind=kind, text=text, quote=sentence)
        for _, kind, text, sentence in await engine.facts(seed_id)
        if quote is None or sentence == quote
    ]


def canonical(diff: SeedDiff) -> SeedDiff:
    """The diff with each list in a fixed order: which order the engine reports is not
    what these tests are about."""

    def order(facts: Sequence[FactChange]) -> list[FactChange]:
        return sorted(facts, key=lambda f: (f.quote, f.kind, f.text))

    return replace(
        diff,
        added=order(diff.added),
        changed=order(diff.changed),
        removed=order(diff.removed),
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


async def test_first_load_reports_every_fact_as_added(
    engine: Engine, seeds_dir: Path, articles: dict[str, dict[str, str]]
) -> None:
    diff = await engine.reload(seeds_dir)

    expected = [
        SeedDiff(
            seed_id=seed_id,
            title=articles[seed_id]["title"],
            status="new",
            added=await stored(engine, seed_id),
        )
        for seed_id in sorted(articles)
    ]
    assert [canonical(s) for s in diff.seeds] == [canonical(s) for s in expected]
    assert (diff.bad, diff.unchanged) == ([], 0)
    assert (
        FactChange(
            kind="money",
            text="$48m",
            quote="The Dunmore city council signed a $48m contract with Orsk Builders on Tuesday "
            "to replace the old harbour bridge.",
        )
        in diff.seeds[1].added
    )


async def test_reloading_an_unchanged_corpus_reports_nothing(
    engine: Engine, seeds_dir: Path
) -> None:
    await engine.reload(seeds_dir)

    assert await engine.reload(seeds_dir) == ReloadDiff(unchanged=2)
    assert await engine.reload(seeds_dir) == ReloadDiff(unchanged=2)


async def test_a_new_sentence_reports_its_facts_as_added_for_that_seed_only(
    engine: Engine, seeds_dir: Path, articles: dict[str, dict[str, str]]
) -> None:
    await engine.reload(seeds_dir)
    sentence = "A cycle path across the bridge will cost a further $7m."
    edit(seeds_dir / "harbour-bridge.md", "Tolls will", f"{sentence}\nTolls will")

    diff = await engine.reload(seeds_dir)

    added = await stored(engine, "harbour-bridge", sentence)
    assert FactChange(kind="money", text="$7m", quote=sentence) in added
    assert diff == ReloadDiff(
        unchanged=1,
        seeds=[
            SeedDiff(
                seed_id="harbour-bridge",
                title=articles["harbour-bridge"]["title"],
                status="updated",
                added=added,
            )
        ],
    )


async def test_a_deleted_sentence_reports_its_facts_as_removed(
    engine: Engine, seeds_dir: Path
) -> None:
    await engine.reload(seeds_dir)
    sentence = "Tolls will rise by 15% to pay for the work."
    removed = await stored(engine, "harbour-bridge", sentence)
    assert removed
    edit(seeds_dir / "harbour-bridge.md", sentence + "\n", "")

    diff = await engine.reload(seeds_dir)

    assert [(s.seed_id, s.status, s.added, s.changed, s.removed) for s in diff.seeds] == [
        ("harbour-bridge", "updated", [], [], removed)
    ]
    assert await stored(engine, "harbour-bridge", sentence) == []


async def test_a_reworded_sentence_reports_its_facts_as_changed(
    engine: Engine, seeds_dir: Path
) -> None:
    await engine.reload(seeds_dir)
    old = "Mayor Anna Berg said the crossing carries more than 30,000 vehicles a day."
    new = "Mayor Anna Berg said the old crossing carries more than 30,000 vehicles a day."
    before = await stored(engine, "harbour-bridge", old)
    edit(seeds_dir / "harbour-bridge.md", old, new)

    diff = await engine.reload(seeds_dir)

    changed = await stored(engine, "harbour-bridge", new)
    assert [(f.kind, f.text) for f in changed] == [(f.kind, f.text) for f in before] != []
    assert [(s.seed_id, s.status, s.added, s.changed, s.removed) for s in diff.seeds] == [
        ("harbour-bridge", "updated", [], changed, [])
    ]


async def test_a_new_amount_is_one_fact_removed_and_one_added(
    engine: Engine, seeds_dir: Path
) -> None:
    await engine.reload(seeds_dir)
    edit(seeds_dir / "apple-harvest.md", "340 member farms", "355 member farms")

    diff = await engine.reload(seeds_dir)

    quote = "The cooperative that sells the crop now has {} member farms."
    assert [(s.seed_id, s.added, s.changed, s.removed) for s in diff.seeds] == [
        (
            "apple-harvest",
            [FactChange(kind="count", text="355 member farms", quote=quote.format(355))],
            [],
            [FactChange(kind="count", text="340 member farms", quote=quote.format(340))],
        )
    ]


def test_the_facts_of_a_diff_read_back_as_given() -> None:
    shared = "Tolls will rise by 15% on 3 June, from $2 to $2.30."
    facts = [
        FactChange(kind="percent", text="15%", quote=shared),
        FactChange(kind="date", text="3 June", quote=shared),
        FactChange(kind="money", text="", quote="\u202eשלום 🚀\x00 and\ttabs"),
        FactChange(kind="percent", text="15%", quote=shared),
        FactChange(kind="money", text="$2.30", quote=shared),
    ]

    kept = FactChanges(facts)

    assert (len(kept), list(kept), kept[-1], kept[1:3]) == (5, facts, facts[-1], facts[1:3])
    assert kept == facts and facts == kept and kept != facts[::-1] and kept != facts[:4]
    assert FactChange(kind="date", text="3 June", quote=shared) in kept
    with pytest.raises(IndexError):
        kept[5]


async def test_a_removed_file_reports_its_facts_removed(engine: Engine, seeds_dir: Path) -> None:
    await engine.reload(seeds_dir)
    removed = await stored(engine, "harbour-bridge")
    (seeds_dir / "harbour-bridge.md").unlink()

    diff = await engine.reload(seeds_dir)

    assert [(s.seed_id, s.status, s.added, s.changed, s.removed) for s in diff.seeds] == [
        ("harbour-bridge", "removed", [], [], removed)
    ]
    assert (diff.bad, diff.unchanged) == ([], 1)
    assert [d.id for d in await engine.documents()] == ["apple-harvest"]
    with pytest.raises(QuestionError):
        await engine.facts("harbour-bridge")
    answer = await engine.ask(BRIDGE_COST)
    assert answer.source is None or answer.source.id != "harbour-bridge"


async def test_a_removed_file_is_reported_under_its_title(
    engine: Engine, seeds_dir: Path, articles: dict[str, dict[str, str]]
) -> None:
    await engine.reload(seeds_dir)
    (seeds_dir / "harbour-bridge.md").unlink()

    diff = await engine.reload(seeds_dir)

    assert [s.title for s in diff.seeds] == [articles["harbour-bridge"]["title"]]


async def test_a_new_sentence_repeating_a_known_fact_reports_only_that_sentence(
    engine: Engine, seeds_dir: Path
) -> None:
    await engine.reload(seeds_dir)
    sentence = "Critics called the $48m price too high."
    edit(seeds_dir / "harbour-bridge.md", "The Dunmore", f"{sentence}\nThe Dunmore")

    diff = await engine.reload(seeds_dir)

    added = await stored(engine, "harbour-bridge", sentence)
    assert FactChange(kind="money", text="$48m", quote=sentence) in added
    assert [(s.added, s.changed, s.removed) for s in diff.seeds] == [(added, [], [])]


async def test_a_bad_new_version_keeps_the_old_facts(engine: Engine, seeds_dir: Path) -> None:
    await engine.reload(seeds_dir)
    before = await stored(engine, "harbour-bridge")
    path = seeds_dir / "harbour-bridge.md"
    path.write_bytes(path.read_bytes().replace(b"Mayor", "Maire".encode("latin-1") + b"\xe9"))

    diff = await engine.reload(seeds_dir)

    assert diff.seeds == []
    assert [b.path for b in diff.bad] == [str(path)]
    assert diff.bad[0].reason.startswith("not UTF-8 text")
    assert await stored(engine, "harbour-bridge") == before
    answer = await engine.ask(BRIDGE_COST)
    assert answer.source is not None and answer.source.id == "harbour-bridge"
    assert "$48m" in (answer.quote or "")


async def test_a_file_turned_bad_after_the_scan_keeps_the_old_facts(
    engine: Engine, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await engine.reload(seeds_dir)
    before = await stored(engine, "harbour-bridge")
    path = seeds_dir / "harbour-bridge.md"
    edit(path, "$48m contract", "$52m contract")
    real_scan = facts.seeds.scan_seeds

    def scan_then_spoil(*args: object) -> object:
        scanned = real_scan(*args)  # type: ignore[arg-type]
        path.write_bytes(b"\x00binary")  # before the changed seeds are read to be loaded
        return scanned

    monkeypatch.setattr(facts.seeds, "scan_seeds", scan_then_spoil)
    diff = await engine.reload(seeds_dir)

    assert diff == ReloadDiff(bad=[BadSeed(path=str(path), reason="binary file, not text")],
                              unchanged=1)
    assert await stored(engine, "harbour-bridge") == before


@pytest.mark.parametrize(
    "raw",
    [b"", b"---\ntitle: never closed\n", b"\x00\x01\x02binary"],
    ids=["empty", "broken-header", "binary"],
)
async def test_a_good_file_turned_bad_stays_loaded_until_fixed(
    engine: Engine, seeds_dir: Path, raw: bytes
) -> None:
    await engine.reload(seeds_dir)
    path = seeds_dir / "apple-harvest.md"
    good = path.read_bytes()
    before = await stored(engine, "apple-harvest")
    path.write_bytes(raw)

    diff = await engine.reload(seeds_dir)
    again = await engine.reload(seeds_dir)

    assert ([b.path for b in diff.bad], diff.seeds) == ([str(path)], [])
    assert again == diff
    assert await stored(engine, "apple-harvest") == before
    path.write_bytes(good.replace(b"340 member", b"355 member"))
    fixed = await engine.reload(seeds_dir)
    assert [(s.seed_id, len(s.added), len(s.removed)) for s in fixed.seeds] == [
        ("apple-harvest", 1, 1)
    ]


async def test_unchanged_files_are_not_processed_again(
    engine: Engine, seeds_dir: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await engine.reload(seeds_dir)
    with closing(sqlite3.connect(db_path)) as db:
        db.execute("UPDATE documents SET loaded_at = 'before'")
        db.commit()
    bridge = seeds_dir / "harbour-bridge.md"
    bridge.write_bytes(bridge.read_bytes())  # same content, new modification time
    edit(seeds_dir / "apple-harvest.md", "340 member farms", "355 member farms")
    extracted: list[str] = []
    real_extract = facts.ingest.extract_facts

    def counting_extract(sentence: str) -> list[Fact]:
        extracted.append(sentence)
        return real_extract(sentence)

    monkeypatch.setattr(facts.ingest, "extract_facts", counting_extract)

    diff = await engine.reload(seeds_dir)

    assert [s.seed_id for s in diff.seeds] == ["apple-harvest"]
    assert diff.unchanged == 1
    assert extracted and all(s in (seeds_dir / "apple-harvest.md").read_text() for s in extracted)
    with closing(sqlite3.connect(db_path)) as db:
        loaded = dict(db.execute("SELECT id, loaded_at FROM documents").fetchall())
    assert loaded["harbour-bridge"] == "before" != loaded["apple-harvest"]


async def test_a_new_extractor_reads_every_seed_again_once(
    engine: Engine,
    seeds_dir: Path,
    articles: dict[str, dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Files that have not changed are extracted again when the extractor's version has, and
    the diff says just what the new extractor finds differently."""
    await engine.reload(seeds_dir)
    money = {seed_id: [f for f in await stored(engine, seed_id) if f.kind == "money"]
             for seed_id in articles}
    real_extract = facts.ingest.extract_facts

    def extract_without_money(sentence: str) -> list[Fact]:
        return [f for f in real_extract(sentence) if f.kind != "money"]

    monkeypatch.setattr(facts.ingest, "extract_facts", extract_without_money)
    monkeypatch.setattr(facts.extract, "EXTRACTION_VERSION", facts.extract.EXTRACTION_VERSION + 1)

    diff = await engine.reload(seeds_dir)

    assert all(money.values())
    assert [canonical(s) for s in diff.seeds] == [
        canonical(SeedDiff(seed_id=seed_id, title=articles[seed_id]["title"],
                           status="updated", removed=money[seed_id]))
        for seed_id in sorted(articles)
    ]
    assert (diff.bad, diff.unchanged) == ([], 0)
    assert await engine.reload(seeds_dir) == ReloadDiff(unchanged=2)


async def test_a_new_extractor_that_finds_the_same_facts_reports_nothing_new(
    engine: Engine, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await engine.reload(seeds_dir)
    facts_before = await engine.facts()
    monkeypatch.setattr(facts.extract, "EXTRACTION_VERSION", facts.extract.EXTRACTION_VERSION + 1)

    diff = await engine.reload(seeds_dir)

    assert diff == ReloadDiff(unchanged=2)
    assert await engine.facts() == facts_before


async def test_a_crash_mid_reload_leaves_the_previous_corpus(
    engine: Engine, seeds_dir: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await engine.reload(seeds_dir)
    facts_before = await engine.facts()
    answers_before = [await engine.ask(q) for q in (BRIDGE_COST, EXPORTS)]
    edit(seeds_dir / "apple-harvest.md", "about €9m", "about €11m")
    edit(seeds_dir / "harbour-bridge.md", "$48m contract", "$52m contract")
    real_insert = Store._insert_document
    inserted: list[str] = []

    async def failing_insert(self: Store, seed: Seed, sentences: object) -> None:
        inserted.append(seed.id)
        if len(inserted) == 2:
            raise RuntimeError("disk failed")
        await real_insert(self, seed, sentences)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "_insert_document", failing_insert)

    with pytest.raises(RuntimeError, match="disk failed"):
        await engine.reload(seeds_dir)

    assert inserted == ["apple-harvest", "harbour-bridge"]  # the first one was written
    assert await engine.facts() == facts_before
    assert [await engine.ask(q) for q in (BRIDGE_COST, EXPORTS)] == answers_before
    other = await Engine.open(db_path)  # as another process would see it
    try:
        assert await other.facts() == facts_before
        assert [await other.ask(q) for q in (BRIDGE_COST, EXPORTS)] == answers_before
    finally:
        await other.close()

    monkeypatch.undo()
    diff = await engine.reload(seeds_dir)
    assert [(s.seed_id, s.status) for s in diff.seeds] == [
        ("apple-harvest", "updated"),
        ("harbour-bridge", "updated"),
    ]


async def _pause_inside_reload_transaction(
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[asyncio.Event, asyncio.Event]:
    """Make the next reload stop, transaction open, after writing its first document."""
    written, resume = asyncio.Event(), asyncio.Event()
    real_insert = Store._insert_document

    async def pausing_insert(self: Store, seed: Seed, sentences: object) -> None:
        await real_insert(self, seed, sentences)  # type: ignore[arg-type]
        written.set()
        await resume.wait()

    monkeypatch.setattr(Store, "_insert_document", pausing_insert)
    return written, resume


async def test_a_question_during_a_reload_sees_the_old_corpus_or_the_new(
    engine: Engine, seeds_dir: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await engine.reload(seeds_dir)
    old = await engine.ask(BRIDGE_COST)
    edit(seeds_dir / "harbour-bridge.md", "$48m contract", "$52m contract")
    written, resume = await _pause_inside_reload_transaction(monkeypatch)
    reload = asyncio.create_task(engine.reload(seeds_dir))
    other = await Engine.open(db_path)
    try:
        await asyncio.wait_for(written.wait(), 10)
        same_engine = await asyncio.wait_for(engine.ask(BRIDGE_COST), 10)
        other_engine = await asyncio.wait_for(other.ask(BRIDGE_COST), 10)
    finally:
        resume.set()
        await reload
        await other.close()

    new = await engine.ask(BRIDGE_COST)
    assert "$48m" in (old.quote or "") and "$52m" in (new.quote or "")
    assert same_engine in (old, new)
    assert other_engine in (old, new)


async def test_a_question_while_the_index_is_rebuilt_sees_old_or_new(
    engine: Engine, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await engine.reload(seeds_dir)
    old = await engine.ask(EXPORTS)
    (seeds_dir / "apple-harvest.md").unlink()
    building, proceed = threading.Event(), threading.Event()
    real_updated = Index.updated

    def slow_update(index: Index, *args: object) -> Index:
        building.set()
        proceed.wait(10)
        return real_updated(index, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Index, "updated", slow_update)
    reload = asyncio.create_task(engine.reload(seeds_dir))
    try:
        for _ in range(1000):
            if building.is_set():
                break
            await asyncio.sleep(0.01)
        # the reload has committed and its index is being built: ask now, then let it finish
        asking = asyncio.create_task(engine.ask(EXPORTS))
        await asyncio.sleep(0.05)
    finally:
        proceed.set()
        await reload
    during = await asyncio.wait_for(asking, 10)

    new = await engine.ask(EXPORTS)
    assert during in (old, new)


async def test_a_reload_committing_while_a_question_is_answered(
    engine: Engine, seeds_dir: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await engine.reload(seeds_dir)
    # the answer before, from another engine: this one must still read the facts from the
    # store (not from memory) when the reload commits
    other = await Engine.open(db_path)
    try:
        old = await other.ask(BRIDGE_COST)
    finally:
        await other.close()
    edit(seeds_dir / "harbour-bridge.md", "$48m contract", "$52m contract")
    real_facts = Store.facts_at_version
    reloaded: list[ReloadDiff] = []

    async def facts_after_a_reload(
        self: Store, sentence_ids: list[int], kinds: list[str]
    ) -> tuple[int, dict[int, list[Fact]]]:
        if not reloaded:
            reloaded.append(await engine.reload(seeds_dir))
        return await real_facts(self, sentence_ids, kinds)

    monkeypatch.setattr(Store, "facts_at_version", facts_after_a_reload)
    during = await engine.ask(BRIDGE_COST)
    monkeypatch.undo()

    new = await engine.ask(BRIDGE_COST)
    assert reloaded
    assert during in (old, new)
