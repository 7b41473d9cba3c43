"""The obvious alternatives the engine is measured against, on the same sentences.

- ``FuzzyBot``: what a quick fuzzy bot does: rapidfuzz's ``process.extract`` with
  ``token_set_ratio`` over every sentence, for every question.
- ``SearchBot``: what a quick search bot does: an SQLite FTS5 table of the sentences, asked
  with a plain OR of the question's words and ranked by ``bm25()``. The table is built in
  the benchmark's own copy of the database, never in the engine's.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

from rapidfuzz import fuzz, process, utils

__all__ = ["FuzzyBot", "SearchBot", "read_sentences"]

_WORD = re.compile(r"\w+")


def read_sentences(db_path: Path) -> list[tuple[int, str]]:
    """Every sentence of an engine database as (id, text), in id order."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        return db.execute("SELECT id, text FROM sentences ORDER BY id").fetchall()


class FuzzyBot:
    """Brute force: score every sentence against the question with token_set_ratio."""

    def __init__(self, sentences: list[tuple[int, str]]) -> None:
        self.texts = [text for _, text in sentences]
        # Case and punctuation folded once, up front, as a careful quick bot would.
        self._choices = [utils.default_process(text) for text in self.texts]

    def top(self, question: str, limit: int = 3) -> list[str]:
        found = process.extract(utils.default_process(question), self._choices,
                                scorer=fuzz.token_set_ratio, processor=None, limit=limit)
        return [self.texts[index] for _, _, index in found]


class SearchBot:
    """SQLite FTS5 over a copy of the engine's database, ranked by bm25()."""

    def __init__(self, engine_db: Path, copy: Path) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(engine_db, copy)
        self.path = copy
        self._db = sqlite3.connect(copy)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("CREATE VIRTUAL TABLE sentence_search USING fts5(text)")
        self._db.execute(
            "INSERT INTO sentence_search (rowid, text) SELECT id, text FROM sentences")
        self._db.commit()
        self._texts = dict(self._db.execute("SELECT id, text FROM sentences"))

    def close(self) -> None:
        self._db.close()

    def top(self, question: str, limit: int = 3) -> list[str]:
        words = _WORD.findall(question.lower())
        if not words:
            return []
        query = " OR ".join(f'"{word}"' for word in words)
        rows = self._db.execute(
            "SELECT rowid FROM sentence_search WHERE sentence_search MATCH ? "
            "ORDER BY bm25(sentence_search) LIMIT ?", (query, limit)).fetchall()
        return [self._texts[row] for row, in rows]

    def table_bytes(self) -> int:
        """The size of the FTS5 table's storage."""
        (pages,) = self._db.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'sentence_search%'").fetchone()
        return int(pages or 0)
