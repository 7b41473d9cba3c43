"""Reading seed articles: front matter, ids, and bad files reported and skipped."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from facts import BadSeed, Engine, SeedsFolderError
from facts.models import Seed
from facts.seeds import MAX_SEED_BYTES, parse_seed, read_seeds

FERRY = b"""---
title: "Ferry strike: talks resume"
url: https://news.example.org/ferry-strike?id=7
published: 2025-02-11
source: Island Post
# editors' note: not part of the article
tags: transport

---
Ferry crews on the Kelby route walked out on Monday.
Talks with the operator resume next week.
"""


def test_front_matter_gives_title_link_date_and_source(tmp_path: Path) -> None:
    path = tmp_path / "ferry-strike.md"
    path.write_bytes(FERRY)

    seeds, bad = read_seeds(tmp_path)

    assert bad == []
    assert seeds == [
        Seed(
            id="ferry-strike",
            path=str(path),
            title="Ferry strike: talks resume",
            url="https://news.example.org/ferry-strike?id=7",
            published="2025-02-11",
            source_name="Island Post",
            body="Ferry crews on the Kelby route walked out on Monday.\n"
            "Talks with the operator resume next week.",
            content_hash=hashlib.sha256(FERRY).hexdigest(),
        )
    ]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (r'title: "Rain \"returns\" to Lisbon"', 'Rain "returns" to Lisbon'),
        (r'title: "Caf\u00e9 owners: prices up 40%"', "Café owners: prices up 40%"),
        ('title: "Snow in April # not a comment"', "Snow in April # not a comment"),
        ("title: 'Single-quoted: kept as written'", "Single-quoted: kept as written"),
        ("title: Unquoted: with a colon", "Unquoted: with a colon"),
    ],
)
def test_quoted_header_values_are_read_as_json_strings(line: str, title: str) -> None:
    raw = f"---\n{line}\n---\nThe article.\n".encode()

    assert parse_seed("weather", raw).title == title


@pytest.mark.parametrize(
    ("name", "seed_id"),
    [
        ("city-budget.md", "city-budget"),
        ("Notes.markdown", "Notes"),
        ("wind.farm.txt", "wind.farm"),
    ],
)
def test_id_is_the_file_name_without_extension(tmp_path: Path, name: str, seed_id: str) -> None:
    (tmp_path / name).write_text("The council met on Monday.\n", encoding="utf-8")

    seeds, bad = read_seeds(tmp_path)

    assert ([s.id for s in seeds], bad) == ([seed_id], [])


def test_without_front_matter_a_leading_heading_is_the_title() -> None:
    seed = parse_seed("bees", b"# Bees return to the city park\n\nHives were counted in May.\n")

    assert (seed.title, seed.body, seed.url) == (
        "Bees return to the city park",
        "Hives were counted in May.",
        None,
    )


def test_byte_order_mark_and_windows_line_ends_are_accepted() -> None:
    raw = '\ufeff---\r\ntitle: "Tram line opens"\r\n---\r\nFirst line.\r\nSecond line.\r\n'

    seed = parse_seed("tram", raw.encode("utf-8"))

    assert (seed.title, seed.body) == ("Tram line opens", "First line.\nSecond line.")


TOO_LARGE = MAX_SEED_BYTES + 1

BAD_SEEDS = [
    ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file, not text"),
    ("blank.md", b" \n\n\t\n", "no article text"),
    (
        "broken-quote.md",
        b'---\ntitle: "unterminated \\"\n---\nText.\n',
        "front matter line 2 has a broken quoted value",
    ),
    ("empty.md", b"", "no article text"),
    ("header-only.md", b'---\ntitle: "Only a title"\n---\n', "no article text"),
    (
        "huge.txt",
        (b"word " * (TOO_LARGE // 5 + 1))[:TOO_LARGE],
        f"too large ({TOO_LARGE // 1024 + 1} KiB; the limit is {MAX_SEED_BYTES // 1024} KiB)",
    ),
    ("latin1.md", "Café prices rose.".encode("latin-1"), "not UTF-8 text (byte 3)"),
    (
        "no-colon.md",
        b"---\ntitle Harbour news\n---\nText.\n",
        "front matter line 2 is not 'key: value'",
    ),
    (
        "unclosed.md",
        b"---\ntitle: Harbour news\nThe council met.\n",
        "front matter opened with '---' but never closed",
    ),
]


@pytest.mark.parametrize(("name", "raw", "reason"), BAD_SEEDS, ids=[b[0] for b in BAD_SEEDS])
def test_a_bad_seed_is_reported_with_its_file_and_reason(
    tmp_path: Path, name: str, raw: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(raw)
    (tmp_path / "good.md").write_text("The council met on Monday.\n", encoding="utf-8")

    seeds, bad = read_seeds(tmp_path)

    assert [s.id for s in seeds] == ["good"]
    assert bad == [BadSeed(path=str(tmp_path / name), reason=reason)]


async def test_bad_seeds_are_skipped_and_the_others_load(tmp_path: Path, engine: Engine) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name, raw, _ in BAD_SEEDS:
        (folder / name).write_bytes(raw)
    (folder / "good.md").write_text(
        "The Kelby ferry carried 4,000 people in May.\n", encoding="utf-8"
    )

    diff = await engine.reload(folder)

    assert diff.bad == [
        BadSeed(path=str(folder / name), reason=reason) for name, _, reason in BAD_SEEDS
    ]
    assert [(s.seed_id, s.status) for s in diff.seeds] == [("good", "new")]
    assert [d.id for d in await engine.documents()] == ["good"]


def test_an_absurdly_large_seed_is_refused_without_reading_it(tmp_path: Path) -> None:
    size = 64 * 1024**3  # sparse: takes no disk space, but would not fit in memory
    with (tmp_path / "dump.txt").open("wb") as dump:
        dump.truncate(size)

    seeds, bad = read_seeds(tmp_path)

    assert seeds == []
    assert bad == [
        BadSeed(
            path=str(tmp_path / "dump.txt"),
            reason=f"too large ({size // 1024} KiB; the limit is {MAX_SEED_BYTES // 1024} KiB)",
        )
    ]


def test_a_second_file_with_the_same_id_is_reported(tmp_path: Path) -> None:
    (tmp_path / "storm.md").write_text("Storm Enid closed two roads.\n", encoding="utf-8")
    (tmp_path / "storm.txt").write_text("Storm Enid closed three roads.\n", encoding="utf-8")

    seeds, bad = read_seeds(tmp_path)

    assert [(s.id, Path(s.path).name) for s in seeds] == [("storm", "storm.md")]
    assert bad == [BadSeed(path=str(tmp_path / "storm.txt"), reason="same id as storm.md")]


def test_a_missing_seeds_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SeedsFolderError) as raised:
        read_seeds(tmp_path / "nowhere")

    assert str(raised.value) == f"seeds folder not found: {tmp_path / 'nowhere'}"


def test_a_file_given_as_seeds_folder_is_an_error(tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    article.write_text("Text.\n", encoding="utf-8")

    with pytest.raises(SeedsFolderError):
        read_seeds(article)
