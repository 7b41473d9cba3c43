"""Shared fixtures: a seeds folder of small articles written for the tests, and an engine on
a fresh SQLite file in ``tmp_path``."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from facts import Engine

BRIDGE = """\
The Dunmore city council signed a $48m contract with Orsk Builders on Tuesday to replace the \
old harbour bridge.
The new bridge will take three years to build and is due to open in June 2028.
Mayor Anna Berg said the crossing carries more than 30,000 vehicles a day.
Tolls will rise by 15% to pay for the work.
"""

HARVEST = """\
Apple growers in the Tamsin valley picked 120,000 tonnes of fruit this autumn, a record for \
the region.
The cooperative that sells the crop now has 340 member farms.
Its chair, Lena Hoyt, said a late frost in 2023 had cut that year's harvest by a third.
Exports to Norway and Denmark earned the growers about €9m last year.
"""

ARTICLES = {
    "harbour-bridge": {
        "title": "Dunmore signs a $48m contract for a new harbour bridge",
        "url": "https://news.example.org/dunmore-harbour-bridge",
        "published": "2025-03-04",
        "source": "Coastal Herald",
        "body": BRIDGE,
    },
    "apple-harvest": {
        "title": "Tamsin valley apple growers report a record harvest",
        "body": HARVEST,
    },
}

WriteSeed = Callable[..., Path]


def seed_text(body: str, **header: str | None) -> str:
    """A seed file's text: a front matter of the given keys (values JSON-quoted), then body."""
    lines = [
        f"{key}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in header.items()
        if value is not None
    ]
    front = "---\n" + "".join(f"{line}\n" for line in lines) + "---\n" if lines else ""
    return front + body


@pytest.fixture
def write_seed() -> WriteSeed:
    """Write a seed file: ``write_seed(folder, "id", body, title=..., url=..., suffix=".md")``."""

    def write(
        folder: Path, seed_id: str, body: str, suffix: str = ".md", **header: str | None
    ) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{seed_id}{suffix}"
        path.write_text(seed_text(body, **header), encoding="utf-8")
        return path

    return write


@pytest.fixture
def articles() -> dict[str, dict[str, str]]:
    """The articles ``seeds_dir`` holds, by seed id: title, body and other header values."""
    return {seed_id: dict(article) for seed_id, article in ARTICLES.items()}


@pytest.fixture
def seeds_dir(tmp_path: Path, write_seed: WriteSeed) -> Path:
    """A seeds folder with two short articles on unrelated topics (see ``ARTICLES``)."""
    folder = tmp_path / "seeds"
    for seed_id, article in ARTICLES.items():
        write_seed(folder, seed_id, **article)
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "facts.db"


@pytest.fixture
async def engine(db_path: Path) -> AsyncIterator[Engine]:
    """The fact engine on a fresh database file, closed after the test."""
    opened = await Engine.open(db_path)
    try:
        yield opened
    finally:
        await opened.close()
