"""Read seed articles: one UTF-8 text or Markdown file each, with an optional front matter.

A seed looks like::

    ---
    title: "Italy nears a deal with SpaceX"
    url: https://example.com/article
    published: 2025-01-07
    source: Example News
    ---
    The article's text, in paragraphs.

Its id is the file name without extension.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from . import extract
from .errors import SeedError, SeedsFolderError
from .models import BadSeed, Seed

__all__ = ["MAX_SEED_BYTES", "SEED_SUFFIXES", "loaded_hash", "parse_seed", "read_seeds",
           "scan_seeds"]

SEED_SUFFIXES = (".md", ".markdown", ".txt")
MAX_SEED_BYTES = 5 * 1024 * 1024
_HEADER_KEYS = {"title", "url", "published", "date", "source", "source_name"}


def read_seeds(folder: Path) -> tuple[list[Seed], list[BadSeed]]:
    """Read every seed file of a folder; bad files are returned with their reason."""
    seeds, _, bad = scan_seeds(folder, {})
    return seeds, bad


def loaded_hash(content_hash: str) -> str:
    """The hash a loaded seed is stored and compared by: its content's, with the version of
    the extractor that read it, so that a changed extractor reads every seed again once."""
    return f"{content_hash}+extract{extract.EXTRACTION_VERSION}"


def scan_seeds(folder: Path, known: Mapping[str, str]
               ) -> tuple[list[Seed], list[str], list[BadSeed]]:
    """Read a folder's seed files: those whose loaded hash (content and extractor version)
    differs from ``known`` (by id) parsed, the ids of the others (unchanged, so not parsed
    again), and the bad files with their reason."""
    if not folder.is_dir():
        raise SeedsFolderError(f"seeds folder not found: {folder}")
    seeds: list[Seed] = []
    unchanged: list[str] = []
    bad: list[BadSeed] = []
    seen: dict[str, Path] = {}
    for path in _seed_files(folder):
        if path.stem in seen:
            bad.append(BadSeed(path=str(path), reason=f"same id as {seen[path.stem].name}"))
            continue
        try:
            raw = _read(path)
            if known.get(path.stem) == loaded_hash(hashlib.sha256(raw).hexdigest()):
                unchanged.append(path.stem)
            else:
                seeds.append(parse_seed(path.stem, raw, str(path)))
        except SeedError as error:
            bad.append(BadSeed(path=error.path, reason=error.reason))
            continue
        except OSError as error:
            bad.append(BadSeed(path=str(path), reason=f"cannot be read ({error.strerror})"))
            continue
        seen[path.stem] = path
    return seeds, unchanged, bad


def _seed_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.iterdir()):
        if (path.is_file() and path.suffix.lower() in SEED_SUFFIXES
                and not path.name.startswith(".")):
            yield path


def _read(path: Path) -> bytes:
    # Check the size first: an absurdly large file must not be read into memory at all.
    size = path.stat().st_size
    if size > MAX_SEED_BYTES:
        raise SeedError(str(path), _too_large(size))
    return path.read_bytes()


def _too_large(size: int) -> str:
    # Round up, so a file just over the limit never reads as the limit itself.
    return f"too large ({-(-size // 1024)} KiB; the limit is {MAX_SEED_BYTES // 1024} KiB)"


def parse_seed(seed_id: str, raw: bytes, path: str = "") -> Seed:
    """Turn a seed file's bytes into a Seed, or raise SeedError saying why not."""
    path = path or seed_id
    if len(raw) > MAX_SEED_BYTES:
        raise SeedError(path, _too_large(len(raw)))
    if b"\x00" in raw:
        raise SeedError(path, "binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SeedError(path, f"not UTF-8 text (byte {error.start})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    header, body = _split_header(text, path)
    body = body.strip()
    title = header.get("title") or _title_from_body(body) or seed_id.replace("-", " ").replace(
        "_", " ").strip().capitalize()
    body = _drop_heading(body, title)
    if not body:
        raise SeedError(path, "no article text")
    return Seed(
        id=seed_id,
        path=path,
        title=title,
        url=header.get("url") or None,
        published=header.get("published") or header.get("date") or None,
        source_name=header.get("source") or header.get("source_name") or None,
        body=body,
        content_hash=hashlib.sha256(raw).hexdigest(),
    )


def _split_header(text: str, path: str) -> tuple[dict[str, str], str]:
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        raise SeedError(path, "front matter opened with '---' but never closed")
    header: dict[str, str] = {}
    for number, line in enumerate(text[4:end].split("\n"), start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon or not key.replace("_", "").isalnum():
            raise SeedError(path, f"front matter line {number} is not 'key: value'")
        if key in _HEADER_KEYS:
            header[key] = _header_value(value.strip(), path, number)
    rest = text[end + 4:]
    return header, rest.split("\n", 1)[1] if "\n" in rest else ""


def _header_value(value: str, path: str, number: int) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            return str(json.loads(value)).strip()
        except json.JSONDecodeError:
            raise SeedError(path, f"front matter line {number} has a broken quoted value"
                            ) from None
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].strip()
    return value


def _title_from_body(body: str) -> str:
    first = body.split("\n", 1)[0].strip()
    return first.lstrip("#").strip() if first.startswith("# ") else ""


def _drop_heading(body: str, title: str) -> str:
    first, _, rest = body.partition("\n")
    if first.startswith("# ") and first.lstrip("#").strip() == title:
        return rest.strip()
    return body
