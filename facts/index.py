"""An in-memory BM25 index over sentences, with the article titles as a second field.

Postings are kept as NumPy arrays (compressed sparse rows: one slice of sentence numbers and
BM25 term weights per term), so a query is a handful of vectorised additions instead of a
fuzzy comparison with every sentence. An index is never changed in place: a reload makes a
new one and swaps it in whole, so a question sees the old corpus or the new one, never a mix.

Terms are numbered in an append-only vocabulary and each sentence keeps its terms as those
numbers, so ``updated`` drops some articles and adds others by filtering and merging arrays,
without tokenising the rest of the corpus again: adding one article to 150,000 sentences
costs tens of milliseconds, not a rebuild.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .postings import Field, empty_field, starts, title_weighed, weighed
from .text import content_terms, stem

__all__ = ["Hit", "Index", "IndexBuilder", "Row", "SentenceTerms"]

Row = tuple[int, str, int, str, str, int]  # (id, doc_id, position, text, terms, kinds)

_SPELT_ROWS = 20_000  # sentences whose terms are kept spelt out (a question reads ~50)


@dataclass(frozen=True)
class Hit:
    """A sentence found for a query, with its BM25 scores."""

    row: int
    bm25: float
    title: float


class SentenceTerms(Sequence[tuple[str, ...]]):
    """Each sentence's terms (stems, in order), spelt out from term numbers on demand."""

    def __init__(self, names: list[str], tokens: np.ndarray, starts: np.ndarray) -> None:
        self._names = names
        self._tokens = tokens
        # an array of the standard library: indexing it is faster than NumPy's, and it
        # takes a sixth of the memory of a list
        self.starts = array("q", starts.astype(np.int64, copy=False).tobytes())
        self._spelt: dict[int, tuple[str, ...]] = {}  # rows spelt out lately

    def __len__(self) -> int:
        return len(self.starts) - 1

    @overload
    def __getitem__(self, row: int) -> tuple[str, ...]: ...

    @overload
    def __getitem__(self, row: slice) -> list[tuple[str, ...]]: ...

    def __getitem__(self, row: int | slice) -> tuple[str, ...] | list[tuple[str, ...]]:
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        size = len(self)
        if not -size <= row < size:
            raise IndexError("sentence number out of range")
        row %= size
        terms = self._spelt.get(row)
        if terms is None:
            if len(self._spelt) >= _SPELT_ROWS:
                self._spelt.clear()
            names = self._names
            terms = self._spelt[row] = tuple([
                names[n] for n in self._tokens[self.starts[row]:self.starts[row + 1]].tolist()])
        return terms


class Index:
    """The sentences of the corpus and their postings; made by ``build`` or ``updated``."""

    def __init__(self, *, ids: np.ndarray, doc_of: np.ndarray, positions: np.ndarray,
                 kinds: np.ndarray, texts: list[str], doc_ids: list[str], sentences: Field,
                 titles: Field, dropped: int = 0) -> None:
        self.ids = ids  # database id of each sentence
        self.doc_of = doc_of  # document number of each sentence
        self.positions = positions
        self.kinds = kinds  # bitmask of the fact kinds found in each sentence
        self.texts = texts
        self.doc_ids = doc_ids
        self._bounds = starts(np.bincount(doc_of, minlength=len(doc_ids)))
        edges = self._bounds.tolist()
        self.doc_rows = {d: (edges[i], edges[i + 1]) for i, d in enumerate(doc_ids)}
        self.terms = SentenceTerms(sentences.vocabulary.names, sentences.tokens, sentences.starts)
        self.vocab = sentences.vocabulary.numbers  # every term seen; those gone have no postings
        self.idf = sentences.idf
        self.offsets = sentences.offsets
        self.postings = sentences.rows
        self.weights = sentences.weights
        self._sentences = sentences
        self._titles = titles
        self._dropped = dropped  # sentences dropped by updates since the last full build
        self._spelling = _spelling_choices(sentences)

    @classmethod
    def build(cls, rows: Sequence[Row], doc_titles: Mapping[str, str]) -> Index:
        """Index sentences given in id order, each document's sentences contiguous."""
        builder = IndexBuilder()
        builder.add(rows)
        return builder.index(doc_titles)

    def updated(self, removed_doc_ids: Iterable[str], new_rows: Sequence[Row],
                doc_titles: Mapping[str, str]) -> Index:
        """This index without some documents and with some new sentences (in id order, all
        after the kept ones); a document that has new sentences loses its old ones. This
        index is left as it was: questions may still be using it."""
        removed = (set(removed_doc_ids) | {row[1] for row in new_rows}) & self.doc_rows.keys()
        runs = sorted(self.doc_rows[d] for d in removed)
        dropped = self._dropped + sum(hi - lo for lo, hi in runs)
        if dropped > max(len(self) // 2, 1000):
            # Mostly replaced: start afresh, so that the terms that went leave the vocabulary.
            return Index.build(self._rows_outside(runs) + list(new_rows), doc_titles)
        builder = IndexBuilder(_Kept.of(self, runs))
        builder.add(new_rows)
        return builder.index(doc_titles, dropped)

    def changes(self, spans: Mapping[str, tuple[int, int, int]]) -> tuple[list[str], int]:
        """What ``updated`` needs to match the store, given each stored document's (first
        sentence id, last id, count): the documents to drop, and the id after which every
        stored sentence is new to this index."""
        stale = [d for d in self.doc_ids if spans.get(d) != self._span(d)]
        keep = np.ones(len(self), dtype=bool)
        for doc_id in stale:
            lo, hi = self.doc_rows[doc_id]
            keep[lo:hi] = False
        kept_ids = self.ids[keep]
        return stale, int(kept_ids.max()) if kept_ids.size else 0

    def _span(self, doc_id: str) -> tuple[int, int, int]:
        lo, hi = self.doc_rows[doc_id]
        return int(self.ids[lo]), int(self.ids[hi - 1]), hi - lo

    def _rows_outside(self, runs: list[tuple[int, int]]) -> list[Row]:
        keep = _keep_mask(len(self), runs)
        return [(int(self.ids[i]), self.doc_ids[self.doc_of[i]], int(self.positions[i]),
                 self.texts[i], " ".join(self.terms[i]), int(self.kinds[i]))
                for i in np.flatnonzero(keep).tolist()]

    # -- questions ------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.texts)

    def term_idf(self, term: str) -> float:
        """The BM25 idf of a term; a term not in the corpus gets the idf of a unique one."""
        number = self.vocab.get(term)
        if number is None or not self._sentences.has(number):
            return math.log(1 + (len(self) + 0.5) / 1.5)
        return float(self.idf[number])

    def knows(self, term: str) -> bool:
        number = self.vocab.get(term)
        if number is not None and self._sentences.has(number):
            return True
        number = self._titles.vocabulary.numbers.get(term)
        return number is not None and self._titles.has(number)

    def correct(self, word: str, max_edits: int = 2) -> str | None:
        """The corpus word a misspelt word most likely meant (one edit away, two for long
        words, never more than ``max_edits``; of equally near ones, the first in the
        corpus), or None."""
        limit = min(max_edits, 1 if len(word) < 7 else 2)
        stemmed = stem(word)
        by_length = self._spelling.get(stemmed[:1], {})
        best: tuple[int, int, str] | None = None
        for size in range(len(stemmed) - limit, len(stemmed) + limit + 1):
            choices = by_length.get(size)
            if choices is None:
                continue
            found = process.extractOne(stemmed, choices[1], scorer=OSA.distance,
                                       score_cutoff=limit)
            if found is not None:
                key = (int(found[1]), choices[0][found[2]], found[0])
                best = key if best is None or key < best else best
        return best[2] if best else None

    def search(self, query: Sequence[str], limit: int, doc_id: str | None = None,
               title_weight: float = 0.5) -> list[Hit]:
        """The best sentences for some query terms (stems), best first; of sentences that
        score the same, the earlier one."""
        lo, hi = self.doc_rows.get(doc_id, (0, 0)) if doc_id else (0, len(self))
        if hi <= lo:
            return []
        rows, weights = [], []
        for term in set(query):
            number = self.vocab.get(term)
            if number is None:
                continue
            a, b = self.offsets[number], self.offsets[number + 1]
            if doc_id:  # a posting list is in row order: keep the rows of that document
                a, b = a + np.searchsorted(self.postings[a:b], [lo, hi])
            rows.append(self.postings[a:b] - lo)
            weights.append(self.idf[number] * self.weights[a:b])
        if not rows:
            return []
        # one pass over the query terms' postings, summed by sentence
        scores = np.bincount(np.concatenate(rows), weights=np.concatenate(weights),
                             minlength=hi - lo)
        found = np.flatnonzero(scores > 0)
        values = scores[found]
        title = self._title_scores(query)
        if doc_id is None and title is not None:
            # a sentence that says some of the question gains when its article's title
            # says some too (which is how a question finds "he" in an article about him)
            values = values + title_weight * title[self.doc_of[found + lo]]
        best = _best(values, limit)
        rows_found = (found[best] + lo).tolist()
        titles = (title[self.doc_of[found[best] + lo]].tolist() if title is not None
                  else [0.0] * len(rows_found))
        return [Hit(row=r, bm25=s, title=t)
                for r, s, t in zip(rows_found, values[best].tolist(), titles, strict=True)]

    def _title_scores(self, query: Sequence[str]) -> np.ndarray | None:
        titles = self._titles
        scores: np.ndarray | None = None
        for term in set(query):
            number = titles.vocabulary.numbers.get(term)
            if number is None or not titles.has(number):
                continue
            if scores is None:
                scores = np.zeros(len(self.doc_ids), dtype=np.float32)
            a, b = titles.offsets[number], titles.offsets[number + 1]
            scores[titles.rows[a:b]] += titles.weights[a:b]
        return scores


@dataclass(frozen=True)
class _Kept:
    """What an update keeps of an older index: its sentences outside some runs of rows."""

    ids: np.ndarray
    doc_of: np.ndarray
    positions: np.ndarray
    kinds: np.ndarray
    texts: list[str]
    doc_ids: list[str]
    sentences: Field
    titles: Field

    @classmethod
    def nothing(cls) -> _Kept:
        none = np.empty(0, dtype=np.int32)
        return cls(ids=np.empty(0, dtype=np.int64), doc_of=none, positions=none, kinds=none,
                   texts=[], doc_ids=[], sentences=empty_field([]),
                   titles=empty_field(None))

    @classmethod
    def of(cls, index: Index, runs: list[tuple[int, int]]) -> _Kept:
        keep = _keep_mask(len(index), runs)
        texts: list[str] = []
        at = 0
        for lo, hi in runs:
            texts += index.texts[at:lo]
            at = hi
        texts += index.texts[at:]
        gone = {index.doc_of[lo] for lo, _ in runs}
        doc_keep = np.ones(len(index.doc_ids), dtype=bool)
        doc_keep[list(gone)] = False
        renumber = np.cumsum(doc_keep, dtype=np.int32) - 1
        doc_runs = [(d, d + 1) for d in sorted(gone)]
        return cls(ids=index.ids[keep], doc_of=renumber[index.doc_of[keep]],
                   positions=index.positions[keep], kinds=index.kinds[keep], texts=texts,
                   doc_ids=[d for d, k in zip(index.doc_ids, doc_keep.tolist(), strict=True)
                            if k],
                   sentences=index._sentences.kept(keep, runs),
                   titles=index._titles.kept(doc_keep, doc_runs))


class IndexBuilder:
    """An index made a chunk of sentences at a time (``add``, then ``index``), after the
    sentences an older index keeps, if any: a first load of 150,000 sentences never holds
    them all as rows read from the store, only their texts and term numbers."""

    def __init__(self, kept: _Kept | None = None) -> None:
        self._kept = kept = kept or _Kept.nothing()
        self._doc_ids = list(kept.doc_ids)
        self._first_new = len(kept.doc_ids)  # the first document of the added sentences
        self._vocabulary = kept.sentences.vocabulary.copy()
        self._texts = list(kept.texts)
        self._columns: list[list[np.ndarray]] = [[kept.ids], [kept.doc_of], [kept.positions],
                                                 [kept.kinds]]
        self._tokens: list[np.ndarray] = []
        self._counts: list[np.ndarray] = []

    def add(self, rows: Sequence[Row]) -> None:
        """Add sentences in id order, after those added before; each document's together."""
        doc_ids = self._doc_ids
        doc_of = np.empty(len(rows), dtype=np.int32)
        for i, row in enumerate(rows):
            if len(doc_ids) == self._first_new or doc_ids[-1] != row[1]:
                doc_ids.append(row[1])
            doc_of[i] = len(doc_ids) - 1

        def column(at: int, dtype: type) -> np.ndarray:
            return np.fromiter((r[at] for r in rows), dtype=dtype, count=len(rows))

        for values, new in zip(self._columns, (column(0, np.int64), doc_of,
                                               column(2, np.int32), column(5, np.int32)),
                               strict=True):
            values.append(new)
        self._texts += [r[3] for r in rows]
        tokens, counts = self._vocabulary.encode(r[4] for r in rows)
        self._tokens.append(tokens)
        self._counts.append(counts)

    def index(self, doc_titles: Mapping[str, str], dropped: int = 0) -> Index:
        """The index of the kept sentences and the added ones; ``dropped`` counts the
        sentences dropped by updates since the last full build."""
        kept = self._kept
        new_titles = [" ".join(dict.fromkeys(content_terms(doc_titles.get(d, ""))))
                      for d in self._doc_ids[self._first_new:]]
        ids, doc_of, positions, kinds = (np.concatenate(values) for values in self._columns)
        sentences = kept.sentences.appended(
            self._vocabulary, np.concatenate([np.empty(0, np.int32), *self._tokens]),
            np.concatenate([np.empty(0, np.int64), *self._counts]))
        return Index(ids=ids, doc_of=doc_of, positions=positions, kinds=kinds,
                     texts=self._texts, doc_ids=self._doc_ids, sentences=weighed(sentences),
                     titles=title_weighed(kept.titles.extended(new_titles)), dropped=dropped)


def _keep_mask(size: int, runs: list[tuple[int, int]]) -> np.ndarray:
    keep = np.ones(size, dtype=bool)
    for lo, hi in runs:
        keep[lo:hi] = False
    return keep


def _best(values: np.ndarray, limit: int) -> np.ndarray:
    """The positions of the ``limit`` highest values, best first, ties to the earlier
    position; without sorting or partitioning every value."""
    if limit <= 0:
        return np.empty(0, dtype=np.int64)
    found = np.arange(values.size)
    if values.size > limit:
        found = np.flatnonzero(values >= _cut(values, limit))
    return found[np.lexsort((found, -values[found]))[:limit]]


def _cut(values: np.ndarray, limit: int) -> float:
    """A value that at least ``limit`` of the values reach, not far below the
    ``limit``-th highest: guessed from a sample, checked, else computed exactly."""
    step = values.size // 512
    if step > 1:
        sample = np.sort(values[::step])
        guess = sample[max(0, sample.size - 2 - 2 * limit // step)]
        if np.count_nonzero(values >= guess) >= limit:
            return float(guess)
    return float(np.partition(values, values.size - limit)[values.size - limit])


def _spelling_choices(sentences: Field) -> dict[str, dict[int, tuple[list[int], list[str]]]]:
    """The corpus's terms by first letter and length (only terms of about a misspelt word's
    length can be one or two edits from it), each with its order of first appearance in
    the corpus."""
    live = np.flatnonzero(np.diff(sentences.offsets))
    first_row = sentences.rows[sentences.offsets[live]]
    names = sentences.vocabulary.names
    out: dict[str, dict[int, tuple[list[int], list[str]]]] = {}
    for order, number in enumerate(live[np.lexsort((live, first_row))].tolist()):
        term = names[number]
        ranks, terms = out.setdefault(term[:1], {}).setdefault(len(term), ([], []))
        ranks.append(order)
        terms.append(term)
    return out
