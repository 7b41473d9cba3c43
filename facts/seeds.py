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

__all__ = ["MAX_SEED_BYTES", "SEED_SUFFIXES", "loaded_hash", "parse_seed", "read_seed",
           "read_seeds", "same_text", "scan_seeds"]

SEED_SUFFIXES = (".md", ".markdown", ".txt")
MAX_SEED_BYTES = 5 * 1024 * 1024
_HEADER_KEYS = {"title", "url", "published", "date", "source", "source_name"}


def read_seeds(folder: Path) -> tuple[list[Seed], list[BadSeed]]:
    """Read every seed file of a folder; bad files are returned with their reason."""
    paths, _, bad = scan_seeds(folder, {})
    seeds = []
    for path in paths:
        try:
            seeds.append(read_seed(path))
        except SeedError as error:
            bad.append(BadSeed(path=error.path, reason=error.reason))
    return seeds, bad


def loaded_hash(content_hash: str) -> str:
    """The hash a loaded seed is stored and compared by: its content's, with the version of
    the extractor that read it, so that a changed extractor reads every seed again once."""
    return f"{content_hash}+extract{extract.EXTRACTION_VERSION}"


def same_text(loaded: str, other: str) -> bool:
    """Whether two loaded hashes are of the same text, whichever extractor read it."""
    return loaded.partition("+extract")[0] == other.partition("+extract")[0]


def scan_seeds(folder: Path, known: Mapping[str, str]
               ) -> tuple[list[Path], list[str], list[BadSeed]]:
    """Look through a folder's seed files: the paths of those whose loaded hash (content
    and extractor version, ``loaded_hash``) differs from ``known`` (by id) and that read as
    a seed, the ids of the others (unchanged, so not parsed), and the bad files with their
    reason. Changed seeds are read again with ``read_seed`` when they are loaded: a first
    load never holds every article's text."""
    if not folder.is_dir():
        raise SeedsFolderError(f"seeds folder not found: {folder}")
    changed: list[Path] = []
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
                # parsed now only to tell a seed from a bad file, which leaves its id to the
                # next file of that name; the text is let go until the seed is loaded
                parse_seed(path.stem, raw, str(path))
                changed.append(path)
        except SeedError as error:
            bad.append(BadSeed(path=error.path, reason=error.reason))
            continue
        seen[path.stem] = path
    return changed, unchanged, bad


def read_seed(path: Path) -> Seed:
    """Read one seed file, or raise SeedError saying why not."""
    return parse_seed(path.stem, _read(path), str(path))


def _seed_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.iterdir()):
        if (path.is_file() and path.suffix.lower() in SEED_SUFFIXES
                and not path.name.startswith(".")):
            yield path


def _read(path: Path) -> bytes:
    # Check the size first: an absurdly large file must not be read into memory at all.
    try:
        size = path.stat().st_size
        if size > MAX_SEED_BYTES:
            raise SeedError(str(path), _too_large(size))
        return path.read_bytes()
    except OSError as error:
        raise SeedError(str(path), f"cannot be read ({error.strerror})") from None


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
