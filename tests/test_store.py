"""The database: versioned migrations, reopening, and files that are not databases."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from facts import Engine, StoreError
from facts.store import MIGRATIONS, Store

ALL_VERSIONS = list(range(1, len(MIGRATIONS) + 1))


def migrations(path: Path) -> list[tuple[int, str]]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(
            "SELECT version, applied_at FROM schema_migrations ORDER BY version"
        ).fetchall()


def tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as db:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


async def test_a_new_database_records_every_migration(db_path: Path) -> None:
    store = await Store.open(db_path)
    try:
        assert await store.schema_version() == len(MIGRATIONS)
    finally:
        await store.close()

    applied = migrations(db_path)
    assert [version for version, _ in applied] == ALL_VERSIONS
    assert all(at.startswith("20") for _, at in applied)
    assert {"documents", "sentences", "facts", "meta"} <= tables(db_path)


async def test_reopening_changes_nothing(db_path: Path, seeds_dir: Path) -> None:
    engine = await Engine.open(db_path)
    try:
        await engine.reload(seeds_dir)
        documents = await engine.documents()
    finally:
        await engine.close()
    applied = migrations(db_path)

    for _ in range(2):
        engine = await Engine.open(db_path)
        try:
            assert await engine.documents() == documents
            assert await engine.store.schema_version() == len(MIGRATIONS)
        finally:
            await engine.close()

    assert migrations(db_path) == applied


def at_version_one(db_path: Path) -> sqlite3.Connection:
    """A connection to a database that has only migration 1, as an older release left it."""
    db = sqlite3.connect(db_path)
    db.executescript(MIGRATIONS[0])
    db.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    db.execute("INSERT INTO schema_migrations VALUES (1, '2024-12-01T00:00:00+00:00')")
    return db


async def test_an_older_database_gets_only_the_missing_migrations(db_path: Path) -> None:
    with closing(at_version_one(db_path)) as db:
        db.commit()

    store = await Store.open(db_path)
    await store.close()

    applied = migrations(db_path)
    assert [version for version, _ in applied] == ALL_VERSIONS
    assert applied[0] == (1, "2024-12-01T00:00:00+00:00")


async def test_a_failed_migration_is_rolled_back_whole(db_path: Path) -> None:
    with closing(at_version_one(db_path)) as db:
        db.execute("CREATE TABLE questions (note TEXT)")  # in the way of migration 2
        db.commit()

    with pytest.raises(StoreError) as raised:
        await Store.open(db_path)

    assert str(raised.value) == (f"cannot use database {db_path}: table questions already exists")
    assert [version for version, _ in migrations(db_path)] == [1]
    assert not {"subscriptions", "outbox"} & tables(db_path)


@pytest.mark.parametrize(
    "content",
    [
        b"SQLite format 2\x00 but not really" * 40,
        b"---\ntitle: An article, not a database\n---\nSome text.\n" * 100,
        bytes(range(256)) * 64,
    ],
    ids=["fake-header", "text", "noise"],
)
async def test_a_file_that_is_not_sqlite_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "facts.db"
    path.write_bytes(content)

    with pytest.raises(StoreError) as raised:
        await Store.open(path)

    assert str(raised.value) == f"cannot use database {path}: file is not a database"
    assert path.read_bytes() == content


async def test_a_folder_as_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as raised:
        await Engine.open(tmp_path)

    assert str(raised.value) == f"cannot open database {tmp_path}: it is a folder, not a file"


async def test_a_database_under_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder\n", encoding="utf-8")
    path = tmp_path / "data" / "facts.db"

    with pytest.raises(StoreError) as raised:
        await Store.open(path)

    assert str(raised.value).startswith(f"cannot open database {path}: ")


async def test_an_empty_file_becomes_a_new_database(db_path: Path) -> None:
    db_path.write_bytes(b"")

    store = await Store.open(db_path)
    await store.close()

    assert [version for version, _ in migrations(db_path)] == ALL_VERSIONS
