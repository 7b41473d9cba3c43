"""Term numbering and BM25 postings as NumPy arrays, for the sentence index (``index.py``).

A field is a list of texts (each a space-separated list of terms) kept as term numbers into
an append-only vocabulary, with its postings in compressed sparse rows. Texts are only ever
dropped or appended (``kept``, ``extended``, ``appended``), and the BM25 weights are computed
afresh for the whole field after each change (``weighed``, ``title_weighed``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np

from .text import STOPWORDS

__all__ = ["B", "K1", "Field", "Vocabulary", "empty_field", "starts", "title_weighed",
           "weighed"]

K1 = 1.2
B = 0.75
_CHUNK = 8192  # texts tokenised at a time, so their term strings never all live at once


class Vocabulary:
    """Terms numbered in order of first sight. It only grows, and ``names`` and ``stop`` are
    shared by every index made from it (appending cannot change what an older index
    reads); each index has its own ``numbers``. Stop words get numbers but no postings,
    unless ``stop`` is None."""

    def __init__(self, numbers: dict[str, int], names: list[str],
                 stop: list[int] | None) -> None:
        self.numbers = numbers
        self.names = names
        self.stop = stop  # the numbers of the terms that are stop words

    def copy(self) -> Vocabulary:
        """A vocabulary with numbers of its own, for a new index."""
        return Vocabulary(dict(self.numbers), self.names, self.stop)

    def encode(self, term_strings: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """Some texts' (space-separated terms) term numbers, all in one array, and how many
        each has; terms not known yet are numbered."""
        chunks: list[np.ndarray] = [np.empty(0, dtype=np.int32)]
        counts: list[int] = []
        batch: list[str] = []
        for text in term_strings:
            batch.append(text)
            if len(batch) == _CHUNK:
                chunks.append(self._encode(batch, counts))
                batch = []
        chunks.append(self._encode(batch, counts))
        return np.concatenate(chunks), np.asarray(counts, dtype=np.int64)

    def _encode(self, batch: list[str], counts: list[int]) -> np.ndarray:
        split = [text.split() for text in batch]
        counts.extend(map(len, split))
        tokens = [term for terms in split for term in terms]
        numbers, names = self.numbers, self.names
        for term in dict.fromkeys(tokens):
            if term not in numbers:
                numbers[term] = len(names)
                if self.stop is not None and term in STOPWORDS:
                    self.stop.append(len(names))
                names.append(term)
        return np.fromiter(map(numbers.__getitem__, tokens), dtype=np.int32, count=len(tokens))

    def content_mask(self) -> np.ndarray:
        content = np.ones(len(self.names), dtype=bool)
        content[self.stop or []] = False
        return content


@dataclass(frozen=True)
class Field:
    """A field's texts as term numbers, and its postings: compressed sparse rows where
    ``rows[offsets[t]:offsets[t + 1]]`` hold term ``t``, ``tf`` times each, with BM25
    term weights ``weights``."""

    vocabulary: Vocabulary
    tokens: np.ndarray  # every text's term numbers, one text after the other
    starts: np.ndarray  # where each text's terms start in tokens (and where the last ends)
    offsets: np.ndarray
    rows: np.ndarray
    tf: np.ndarray
    weights: np.ndarray
    idf: np.ndarray

    def __len__(self) -> int:
        return len(self.starts) - 1

    def has(self, number: int) -> bool:
        """Whether term ``number`` occurs in any text now."""
        return bool(self.offsets[number] < self.offsets[number + 1])

    def kept(self, keep: np.ndarray, runs: list[tuple[int, int]]) -> Field:
        """This field without the texts in ``runs`` (``keep`` is False there); postings
        renumbered, weights left for ``weighed``."""
        if not runs:
            return self
        counts = np.diff(self.starts)
        shift = np.cumsum(~keep, dtype=np.int32)  # texts dropped before each one
        alive = keep[self.rows]
        terms = np.repeat(np.arange(len(self.offsets) - 1, dtype=np.int32), np.diff(self.offsets))
        df = np.bincount(terms[alive], minlength=len(self.offsets) - 1)
        rows = self.rows[alive]
        return Field(vocabulary=self.vocabulary, tokens=self.tokens[np.repeat(keep, counts)],
                      starts=starts(counts[keep]), offsets=starts(df),
                      rows=rows - shift[rows], tf=self.tf[alive], weights=self.weights,
                      idf=self.idf)

    def extended(self, term_strings: Iterable[str]) -> Field:
        """This field with some texts added after its own; weights left for ``weighed``."""
        vocabulary = self.vocabulary.copy()
        tokens, counts = vocabulary.encode(term_strings)
        return self.appended(vocabulary, tokens, counts)

    def appended(self, vocabulary: Vocabulary, tokens: np.ndarray, counts: np.ndarray) -> Field:
        """This field with some texts added after its own, given as term numbers of
        ``vocabulary`` (this field's, grown by ``encode``); weights left for ``weighed``."""
        if not len(counts):  # arrays are never changed in place, so they can be shared
            return replace(self, vocabulary=vocabulary)
        new_df, rows, tf = _postings(tokens, counts, len(self), vocabulary.content_mask())
        old_df = np.zeros(len(new_df), dtype=np.int64)
        old_df[:len(self.offsets) - 1] = np.diff(self.offsets)
        merged_rows, merged_tf = rows, tf
        if len(self.rows):
            # New postings go at the end of their term's run: new texts come after the old.
            at = np.repeat(np.cumsum(old_df), new_df)
            merged_rows, merged_tf = np.insert(self.rows, at, rows), np.insert(self.tf, at, tf)
        return Field(
            vocabulary=vocabulary, tokens=np.concatenate([self.tokens, tokens]),
            starts=starts(np.concatenate([np.diff(self.starts), counts])),
            offsets=starts(old_df + new_df), rows=merged_rows, tf=merged_tf,
            weights=self.weights, idf=self.idf)


def empty_field(stop: list[int] | None) -> Field:
    none = np.empty(0, dtype=np.int32)
    return Field(vocabulary=Vocabulary({}, [], stop), tokens=none, starts=np.zeros(1, np.int64),
                  offsets=np.zeros(1, np.int64), rows=none, tf=np.empty(0, np.float32),
                  weights=np.empty(0, np.float32), idf=np.empty(0, np.float32))


def _postings(tokens: np.ndarray, counts: np.ndarray, first_row: int,
              content: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Postings of some texts' content terms: (df of each term, rows, tf) in term-then-row
    order. Made a chunk of texts at a time and put in place by counting, not sorting, so
    building 150,000 sentences' postings needs little more memory than the postings."""
    bounds = starts(counts)
    parts = []
    for lo in range(0, len(counts), _CHUNK):
        hi = min(lo + _CHUNK, len(counts))
        terms = tokens[bounds[lo]:bounds[hi]]
        rows = np.repeat(np.arange(hi - lo, dtype=np.int64), counts[lo:hi])
        useful = content[terms]
        keys, tf = np.unique(terms[useful].astype(np.int64) * (hi - lo) + rows[useful],
                             return_counts=True)
        parts.append(((keys // (hi - lo)).astype(np.int32),
                      (keys % (hi - lo) + lo + first_row).astype(np.int32),
                      tf.astype(np.float32)))
    df = np.zeros(len(content), dtype=np.int64)
    for part_terms, _, _ in parts:
        df += np.bincount(part_terms, minlength=len(content))
    offsets = starts(df)[:-1]
    out_rows = np.empty(int(df.sum()), dtype=np.int32)
    out_tf = np.empty(len(out_rows), dtype=np.float32)
    placed = np.zeros(len(content), dtype=np.int64)
    for part_terms, part_rows, part_tf in parts:  # each in term-row order, rows growing
        rank = np.arange(len(part_terms)) - np.searchsorted(part_terms, part_terms)
        at = offsets[part_terms] + placed[part_terms] + rank
        out_rows[at], out_tf[at] = part_rows, part_tf
        placed += np.bincount(part_terms, minlength=len(content))
    return df, out_rows, out_tf


def weighed(field: Field) -> Field:
    """The field with BM25 idf and term weights for its current texts."""
    lengths = np.diff(field.starts).astype(np.float32)
    avg = float(lengths.mean()) if len(lengths) else 1.0
    df = np.diff(field.offsets).astype(np.float32)
    n = max(1, len(lengths))
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
    # tf * (K1 + 1) / (tf + norm), in place: these arrays have an entry per posting
    norm = (K1 * (1 - B + B * lengths / max(avg, 1.0)))[field.rows]
    norm += field.tf
    weights = field.tf * (K1 + 1)
    weights /= norm
    return Field(vocabulary=field.vocabulary, tokens=field.tokens, starts=field.starts,
                  offsets=field.offsets, rows=field.rows, tf=field.tf, weights=weights, idf=idf)


def title_weighed(field: Field) -> Field:
    """Title postings weigh idf / sqrt(distinct terms in the title)."""
    df = np.diff(field.offsets)
    n = max(1, len(field))
    logs = {f: math.log(1 + (n - f + 0.5) / (f + 0.5)) for f in np.unique(df).tolist()}
    idf = np.array([logs[f] for f in df.tolist()], dtype=np.float64)
    terms = np.repeat(np.arange(len(df)), df)
    lengths = np.diff(field.starts)
    weights = idf[terms] / np.sqrt(np.maximum(1, lengths[field.rows]))
    return Field(vocabulary=field.vocabulary, tokens=field.tokens, starts=field.starts,
                  offsets=field.offsets, rows=field.rows, tf=field.tf,
                  weights=weights.astype(np.float32), idf=idf.astype(np.float32))


def starts(counts: np.ndarray) -> np.ndarray:
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out
