"""The one module on the database: documents, sentences, facts, subscriptions, the
notification outbox and the question log, in SQLite through aiosqlite.

The schema is versioned: numbered migrations, each applied in its own transaction and
recorded in ``schema_migrations``.

Corpus reads go through a second, read-only connection: SQLite's WAL mode shows it only
committed data, so a question asked while a reload's transaction is open on the writing
connection sees the previous corpus, not the half-written one.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncGenerator, AsyncIterable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from .errors import StoreError
from .models import Document, Fact, Seed, Source

__all__ = ["MIGRATIONS", "Store"]

_SENTENCE_CHUNK = 10_000  # sentences read at a time

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE documents (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, url TEXT, published TEXT, source_name TEXT,
        path TEXT NOT NULL, content_hash TEXT NOT NULL, loaded_at TEXT NOT NULL);
    CREATE TABLE sentences (
        id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, text TEXT NOT NULL, terms TEXT NOT NULL,
        kinds INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX sentences_doc ON sentences (doc_id, position);
    CREATE TABLE facts (
        id INTEGER PRIMARY KEY, sentence_id INTEGER NOT NULL
            REFERENCES sentences(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, text TEXT NOT NULL, value TEXT NOT NULL, about TEXT NOT NULL,
        start INTEGER NOT NULL, end INTEGER NOT NULL);
    CREATE INDEX facts_sentence ON facts (sentence_id);
    """,
    """
    CREATE TABLE subscriptions (
        chat_id INTEGER PRIMARY KEY, title TEXT, subscribed_at TEXT NOT NULL);
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, reload_id TEXT NOT NULL,
        text TEXT NOT NULL, created_at TEXT NOT NULL, sent_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0, dropped TEXT,
        UNIQUE (chat_id, reload_id));
    CREATE INDEX outbox_pending ON outbox (sent_at, dropped);
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY, asked_at TEXT NOT NULL, chat_type TEXT NOT NULL,
        text TEXT NOT NULL, outcome TEXT NOT NULL);
    CREATE INDEX questions_outcome ON questions (outcome, asked_at);
    """,
    """
    ALTER TABLE outbox ADD COLUMN sources TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE outbox ADD COLUMN message_id INTEGER;
    CREATE INDEX outbox_message ON outbox (chat_id, message_id);
    """,
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


async def _connect(path: Path) -> aiosqlite.Connection:
    # Probe with plain sqlite3 first: when aiosqlite fails to connect it leaves its worker
    # thread to report to an event loop that may be closed by then (a stray traceback).
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        await asyncio.to_thread(_probe, path)
        return await aiosqlite.connect(path, isolation_level=None)
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"cannot open database {path}: {error}") from None


def _probe(path: Path) -> None:
    sqlite3.connect(path).close()


class Store:
    """Async access to the SQLite database; open with ``await Store.open(path)``."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self._db = db
        self._reader = db
        self.path = path
        self._next_sentence_id = 1  # set by replace_documents for its inserts

    @classmethod
    async def open(cls, path: Path | str) -> Store:
        path = Path(path)
        if path.is_dir():
            raise StoreError(f"cannot open database {path}: it is a folder, not a file")
        store = cls(await _connect(path), path)
        try:
            await store._configure()
            await store._migrate()
            if str(path) != ":memory:":  # a second connection would see another database
                store._reader = await _connect(path)
                await store._reader.execute("PRAGMA busy_timeout=10000")
                await store._reader.execute("PRAGMA query_only=ON")
        except StoreError:
            await store.close()
            raise
        except sqlite3.DatabaseError as error:
            await store.close()
            raise StoreError(f"cannot use database {path}: {error}") from None
        return store

    async def close(self) -> None:
        if self._reader is not self._db:
            await self._reader.close()
        await self._db.close()

    async def _configure(self) -> None:
        await self._db.execute("PRAGMA journal_mode=WAL")
        await self._db.execute("PRAGMA synchronous=NORMAL")
        await self._db.execute("PRAGMA foreign_keys=ON")
        await self._db.execute("PRAGMA busy_timeout=10000")

    async def _migrate(self) -> None:
        await self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {row[0] for row in await self._all("SELECT version FROM schema_migrations")}
        for version, script in enumerate(MIGRATIONS, start=1):
            if version in done:
                continue
            statements = [s for s in script.split(";") if s.strip()]
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                for statement in statements:
                    await self._db.execute(statement)
                await self._db.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    (version, _now()))
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
            await self._db.execute("COMMIT")

    async def schema_version(self) -> int:
        row = await self._one("SELECT max(version) FROM schema_migrations")
        return int(row[0] or 0)

    async def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        async with self._db.execute(sql, params) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    async def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...]:
        rows = await self._all(sql, params)
        return rows[0] if rows else ()

    async def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a query on the committed corpus (never a reload's open transaction)."""
        # One trip to aiosqlite's thread, not three (execute, fetch, close): a question
        # reads its candidates' facts through here.
        return [tuple(row) for row in await self._reader.execute_fetchall(sql, params)]

    # -- corpus --------------------------------------------------------------------------

    async def corpus_version(self) -> int:
        rows = await self._read("SELECT value FROM meta WHERE key = 'corpus_version'")
        return int(rows[0][0]) if rows else 0

    async def content_hashes(self) -> dict[str, str]:
        return dict(await self._read("SELECT id, content_hash FROM documents"))  # type: ignore[arg-type]

    async def documents(self) -> list[Document]:
        rows = await self._read(
            "SELECT d.id, d.title, d.url, d.published, d.source_name, "
            "(SELECT count(*) FROM sentences s WHERE s.doc_id = d.id), "
            "(SELECT count(*) FROM facts f JOIN sentences s ON s.id = f.sentence_id "
            " WHERE s.doc_id = d.id) FROM documents d ORDER BY d.id")
        return [Document(id=r[0], title=r[1], url=r[2], published=r[3], source_name=r[4],
                         sentences=r[5], facts=r[6]) for r in rows]

    async def sources(self) -> dict[str, Source]:
        rows = await self._read("SELECT id, title, url FROM documents")
        return {r[0]: Source(id=r[0], title=r[1], url=r[2]) for r in rows}

    async def sentences(self, after_id: int = 0
                        ) -> AsyncGenerator[list[tuple[int, str, int, str, str, int]], None]:
        """The sentences stored after an id (all, by default) as (id, doc_id, position, text,
        terms, kinds), in id order, a chunk at a time, so that a whole corpus is never held
        as rows. They come from one statement, so every chunk is of the same committed
        corpus; close the iterator when leaving it early (``contextlib.aclosing``)."""
        async with self._reader.execute(
                "SELECT id, doc_id, position, text, terms, kinds FROM sentences WHERE id > ? "
                "ORDER BY id", (after_id,)) as cursor:
            while rows := await cursor.fetchmany(_SENTENCE_CHUNK):
                yield rows  # type: ignore[misc]

    async def sentence_spans(self) -> dict[str, tuple[int, int, int]]:
        """Each document's (first sentence id, last sentence id, sentence count): enough
        for an index to tell which documents changed since it was built."""
        rows = await self._read(
            "SELECT doc_id, min(id), max(id), count(*) FROM sentences GROUP BY doc_id")
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    async def facts_at_version(self, sentence_ids: Iterable[int], kinds: Iterable[str]
                               ) -> tuple[int, dict[int, list[Fact]]]:
        """The corpus version and the facts of some kinds in the given sentences, read in one
        statement, so both come from the same committed corpus."""
        ids = list(sentence_ids)
        out: dict[int, list[Fact]] = {i: [] for i in ids}
        rows = await self._read(
            "SELECT m.value, f.sentence_id, f.kind, f.text, f.value, f.about, f.start, f.end "
            "FROM (SELECT coalesce((SELECT value FROM meta WHERE key = 'corpus_version'), 0)"
            " AS value) m LEFT JOIN facts f "
            "ON f.sentence_id IN (SELECT value FROM json_each(?)) "
            "AND f.kind IN (SELECT value FROM json_each(?)) "
            "ORDER BY f.sentence_id, f.start", (json.dumps(ids), json.dumps(list(kinds))))
        for r in rows:
            if r[1] is not None:
                out[r[1]].append(Fact.model_construct(kind=r[2], text=r[3], value=r[4],
                                                      about=r[5], start=r[6], end=r[7]))
        return int(rows[0][0]) if rows else 0, out

    async def document_facts(self, doc_ids: Iterable[str]) -> list[tuple[str, str, str, str]]:
        """(doc_id, kind, text, sentence) of every fact of the given documents."""
        ids = list(doc_ids)
        if not ids:
            return []
        # One JSON parameter, not one "?" per id: a first load of 40,000 articles would pass
        # SQLite's limit of 32,766 parameters.
        return await self._read(  # type: ignore[return-value]
            "SELECT s.doc_id, f.kind, f.text, s.text FROM facts f "
            "JOIN sentences s ON s.id = f.sentence_id "
            "WHERE s.doc_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY s.doc_id, s.position, f.start", (json.dumps(ids),))

    async def replace_documents(
        self,
        batches: AsyncIterable[Sequence[tuple[Seed, Sequence[tuple[str, str, int,
                                                                   Sequence[Fact]]]]]],
        removed: Sequence[str],
    ) -> None:
        """In one transaction: put each seed's sentences and facts in place of its old ones,
        drop the removed documents, and bump the corpus version. Seeds come in batches, so a
        first load of many articles never holds them all at once. With nothing loaded and
        nothing removed, nothing is written and the version stays, so that readers keep
        their index."""
        began = False
        try:
            async for loaded in batches:
                if not loaded:
                    continue
                if not began:
                    began = await self._begin_replace(removed)
                stored = {r[0] for r in await self._all(
                    "SELECT id FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                    (json.dumps([seed.id for seed, _ in loaded]),))}
                for seed, sentences in loaded:
                    if seed.id in stored:
                        await self._delete_document(seed.id)
                    await self._insert_document(seed, sentences)
            if not began and removed:
                began = await self._begin_replace(removed)
            if began:
                await self._db.execute(
                    "INSERT INTO meta (key, value) VALUES ('corpus_version', '1') "
                    "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")
        except BaseException:
            if began:
                await self._db.execute("ROLLBACK")
            raise
        if began:
            await self._db.execute("COMMIT")

    async def _begin_replace(self, removed: Sequence[str]) -> bool:
        await self._db.execute("BEGIN IMMEDIATE")
        for doc_id in removed:
            await self._delete_document(doc_id)
        row = await self._one("SELECT coalesce(max(id), 0) FROM sentences")
        self._next_sentence_id = int(row[0]) + 1
        return True

    async def _delete_document(self, doc_id: str) -> None:
        await self._db.execute(
            "DELETE FROM facts WHERE sentence_id IN (SELECT id FROM sentences WHERE doc_id = ?)",
            (doc_id,))
        await self._db.execute("DELETE FROM sentences WHERE doc_id = ?", (doc_id,))
        await self._db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    async def _insert_document(
        self, seed: Seed, sentences: Sequence[tuple[str, str, int, Sequence[Fact]]]
    ) -> None:
        await self._db.execute(
            "INSERT INTO documents (id, title, url, published, source_name, path, content_hash,"
            " loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (seed.id, seed.title, seed.url, seed.published, seed.source_name, seed.path,
             seed.content_hash, _now()))
        # Ids are handed out from max(id) + 1 as read once per transaction, not re-read for
        # every document: a reload of 10,000 articles makes one query, not 10,000.
        first = self._next_sentence_id
        self._next_sentence_id += len(sentences)
        await self._db.executemany(
            "INSERT INTO sentences (id, doc_id, position, text, terms, kinds) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(first + i, seed.id, i, text, terms, kinds)
             for i, (text, terms, kinds, _) in enumerate(sentences)])
        await self._db.executemany(
            "INSERT INTO facts (sentence_id, kind, text, value, about, start, end) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(first + i, f.kind, f.text, f.value, f.about, f.start, f.end)
             for i, (_, _, _, facts) in enumerate(sentences) for f in facts])

    # -- subscriptions and the outbox -----------------------------------------------------

    async def subscribe(self, chat_id: int, title: str | None) -> bool:
        """Subscribe a chat; False when it already was."""
        cursor = await self._db.execute(
            "INSERT OR IGNORE INTO subscriptions (chat_id, title, subscribed_at) VALUES (?, ?, ?)",
            (chat_id, title, _now()))
        return cursor.rowcount > 0

    async def unsubscribe(self, chat_id: int) -> bool:
        """Unsubscribe a chat; False when it was not subscribed."""
        cursor = await self._db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,))
        return cursor.rowcount > 0

    async def subscribers(self) -> list[int]:
        rows = await self._all("SELECT chat_id FROM subscriptions ORDER BY chat_id")
        return [r[0] for r in rows]

    async def move_subscription(self, old_chat_id: int, new_chat_id: int) -> None:
        """Follow a group that became a supergroup: its subscription and pending messages."""
        await self._db.execute("BEGIN IMMEDIATE")
        try:
            await self._db.execute(
                "UPDATE OR IGNORE subscriptions SET chat_id = ? WHERE chat_id = ?",
                (new_chat_id, old_chat_id))
            await self._db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (old_chat_id,))
            await self._db.execute(
                "UPDATE OR IGNORE outbox SET chat_id = ? WHERE chat_id = ? AND sent_at IS NULL",
                (new_chat_id, old_chat_id))
        except BaseException:
            await self._db.execute("ROLLBACK")
            raise
        await self._db.execute("COMMIT")

    async def enqueue(self, reload_id: str, text: str) -> int:
        """Queue one message for every subscribed chat; returns how many were queued."""
        cursor = await self._db.execute(
            "INSERT OR IGNORE INTO outbox (chat_id, reload_id, text, created_at) "
            "SELECT chat_id, ?, ?, ? FROM subscriptions", (reload_id, text, _now()))
        return cursor.rowcount

    async def pending(self, limit: int = 100) -> list[tuple[int, int, str]]:
        """Messages not yet sent nor dropped, oldest first, as (id, chat_id, text)."""
        return await self._all(  # type: ignore[return-value]
            "SELECT id, chat_id, text FROM outbox WHERE sent_at IS NULL AND dropped IS NULL "
            "ORDER BY id LIMIT ?", (limit,))

    async def mark_sent(self, message_id: int) -> None:
        await self._db.execute(
            "UPDATE outbox SET sent_at = ?, attempts = attempts + 1 WHERE id = ?",
            (_now(), message_id))

    async def mark_dropped(self, message_id: int, reason: str) -> None:
        await self._db.execute(
            "UPDATE outbox SET dropped = ?, attempts = attempts + 1 WHERE id = ?",
            (reason, message_id))

    async def count_attempt(self, message_id: int) -> None:
        await self._db.execute("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?",
                               (message_id,))

    async def enqueue_about(self, reload_id: str, text: str, sources: Sequence[str]) -> int:
        """Queue one message about the given articles for every subscribed chat; returns how
        many were queued (none again for a reload already queued)."""
        cursor = await self._db.execute(
            "INSERT OR IGNORE INTO outbox (chat_id, reload_id, text, sources, created_at) "
            "SELECT chat_id, ?, ?, ?, ? FROM subscriptions",
            (reload_id, text, json.dumps(list(sources)), _now()))
        return cursor.rowcount

    async def mark_delivered(self, outbox_id: int, message_id: int) -> None:
        """Mark a message sent, with the id Telegram gave it, so replies to it can be told."""
        await self._db.execute(
            "UPDATE outbox SET sent_at = ?, message_id = ?, attempts = attempts + 1 "
            "WHERE id = ?", (_now(), message_id, outbox_id))

    async def notice_sources(self, chat_id: int, message_id: int) -> list[str]:
        """The articles a sent notification was about; empty for any other message."""
        row = await self._one(
            "SELECT sources FROM outbox WHERE chat_id = ? AND message_id = ?",
            (chat_id, message_id))
        return list(json.loads(row[0])) if row else []

    async def outbox_counts(self) -> dict[str, int]:
        """How many notifications were sent, are pending, and were dropped."""
        row = await self._one(
            "SELECT count(sent_at), count(dropped), "
            "sum(sent_at IS NULL AND dropped IS NULL) FROM outbox")
        return {"sent": row[0], "dropped": row[1], "pending": row[2] or 0}

    # -- question log ---------------------------------------------------------------------

    async def log_question(self, chat_type: str, text: str, outcome: str) -> None:
        await self._db.execute(
            "INSERT INTO questions (asked_at, chat_type, text, outcome) VALUES (?, ?, ?, ?)",
            (_now(), chat_type, text[:500], outcome))

    async def question_counts(self) -> dict[str, int]:
        return dict(await self._all(  # type: ignore[arg-type]
            "SELECT outcome, count(*) FROM questions GROUP BY outcome"))

    async def unanswered(self, limit: int = 10, days: int = 30) -> list[tuple[str, int]]:
        """The most frequent recent questions that were not answered, with their counts."""
        since = datetime.now(UTC).timestamp() - days * 86400
        cutoff = datetime.fromtimestamp(since, UTC).isoformat(timespec="seconds")
        return await self._all(  # type: ignore[return-value]
            "SELECT lower(trim(text)) AS q, count(*) AS n FROM questions "
            "WHERE outcome = 'abstained' AND asked_at >= ? GROUP BY q ORDER BY n DESC, q "
            "LIMIT ?", (cutoff, limit))
