"""An in-memory BM25 index over sentences, with the article titles as a second field.

Postings are kept as NumPy arrays (compressed sparse rows: one slice of sentence numbers and
BM25 term weights per term), so a query is a handful of vectorised additions instead of a
fuzzy comparison with every sentence. The index is rebuilt from the store after a reload and
swapped in whole, so a question sees the old corpus or the new one, never a mix.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .text import STOPWORDS, content_terms, stem

__all__ = ["Hit", "Index", "Row"]

Row = tuple[int, str, int, str, str, int]  # (id, doc_id, position, text, terms, kinds)

K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class Hit:
    """A sentence found for a query, with its BM25 scores."""

    row: int
    bm25: float
    title: float


@dataclass
class Index:
    """The sentences of the corpus and their postings."""

    ids: np.ndarray  # database id of each sentence
    doc_of: np.ndarray  # document number of each sentence
    positions: np.ndarray
    kinds: np.ndarray  # bitmask of the fact kinds found in each sentence
    texts: list[str]
    terms: list[tuple[str, ...]]
    doc_ids: list[str]
    doc_rows: dict[str, tuple[int, int]]
    vocab: dict[str, int]
    idf: np.ndarray
    offsets: np.ndarray
    postings: np.ndarray
    weights: np.ndarray
    titles: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    _by_initial: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, rows: Sequence[Row], doc_titles: dict[str, str]) -> Index:
        """Index sentences given in id order, each document's sentences contiguous."""
        doc_ids: list[str] = []
        doc_rows: dict[str, tuple[int, int]] = {}
        doc_of = np.empty(len(rows), dtype=np.int32)
        terms = [tuple(r[4].split()) for r in rows]
        for i, row in enumerate(rows):
            if not doc_ids or doc_ids[-1] != row[1]:
                doc_ids.append(row[1])
                doc_rows[row[1]] = (i, i + 1)
            else:
                doc_rows[row[1]] = (doc_rows[row[1]][0], i + 1)
            doc_of[i] = len(doc_ids) - 1
        vocab, idf, offsets, postings, weights = _postings(terms)
        index = cls(
            ids=np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)),
            doc_of=doc_of,
            positions=np.fromiter((r[2] for r in rows), dtype=np.int32, count=len(rows)),
            kinds=np.fromiter((r[5] for r in rows), dtype=np.int32, count=len(rows)),
            texts=[r[3] for r in rows],
            terms=terms,
            doc_ids=doc_ids,
            doc_rows=doc_rows,
            vocab=vocab,
            idf=idf,
            offsets=offsets,
            postings=postings,
            weights=weights,
        )
        index.titles = _title_postings(doc_ids, doc_titles)
        return index

    def __len__(self) -> int:
        return len(self.texts)

    def term_idf(self, term: str) -> float:
        """The BM25 idf of a term; a term not in the corpus gets the idf of a unique one."""
        number = self.vocab.get(term)
        if number is None:
            return math.log(1 + (len(self) + 0.5) / 1.5)
        return float(self.idf[number])

    def knows(self, term: str) -> bool:
        return term in self.vocab or term in self.titles

    def correct(self, word: str) -> str | None:
        """The corpus word a misspelt word most likely meant (one edit away, two for long
        words), or None."""
        if not self._by_initial:
            for term in self.vocab:
                self._by_initial.setdefault(term[:1], []).append(term)
        limit = 1 if len(word) < 7 else 2
        stemmed = stem(word)
        choices = self._by_initial.get(stemmed[:1], [])
        best = process.extractOne(stemmed, choices, scorer=OSA.distance, score_cutoff=limit)
        return best[0] if best else None

    def search(self, query: Sequence[str], limit: int, doc_id: str | None = None,
               title_weight: float = 0.5) -> list[Hit]:
        """The best sentences for some query terms (stems), best first."""
        lo, hi = self.doc_rows.get(doc_id, (0, 0)) if doc_id else (0, len(self))
        if hi <= lo:
            return []
        scores = np.zeros(len(self), dtype=np.float32)
        for term in set(query):
            number = self.vocab.get(term)
            if number is None:
                continue
            a, b = self.offsets[number], self.offsets[number + 1]
            scores[self.postings[a:b]] += self.idf[number] * self.weights[a:b]
        title = self._title_scores(query)
        if doc_id is None and title is not None:
            scores += title_weight * title[self.doc_of]
        view = scores[lo:hi]
        found = np.flatnonzero(view)
        if found.size == 0:
            return []
        if found.size > limit:
            found = found[np.argpartition(-view[found], limit - 1)[:limit]]
        found = found[np.argsort(-view[found], kind="stable")]
        return [Hit(row=int(lo + i), bm25=float(view[i]),
                    title=float(title[self.doc_of[lo + i]]) if title is not None else 0.0)
                for i in found]

    def _title_scores(self, query: Sequence[str]) -> np.ndarray | None:
        if not self.titles:
            return None
        scores = np.zeros(len(self.doc_ids), dtype=np.float32)
        hit = False
        for term in set(query):
            for doc, weight in self.titles.get(term, ()):
                scores[doc] += weight
                hit = True
        return scores if hit else None


def _postings(terms: list[tuple[str, ...]]) -> tuple[dict[str, int], np.ndarray, np.ndarray,
                                                    np.ndarray, np.ndarray]:
    vocab: dict[str, int] = {}
    term_numbers: list[int] = []
    row_numbers: list[int] = []
    for row, sentence in enumerate(terms):
        for term in set(sentence):
            if term in STOPWORDS:
                continue
            term_numbers.append(vocab.setdefault(term, len(vocab)))
            row_numbers.append(row)
    lengths = np.fromiter((len(t) for t in terms), dtype=np.float32, count=len(terms))
    avg = float(lengths.mean()) if len(terms) else 1.0
    t = np.asarray(term_numbers, dtype=np.int32)
    r = np.asarray(row_numbers, dtype=np.int32)
    tf = np.fromiter((terms[row].count(term) for row, term in
                      zip(row_numbers, _inverse(vocab, term_numbers), strict=True)),
                     dtype=np.float32, count=len(row_numbers))
    order = np.lexsort((r, t))
    t, r, tf = t[order], r[order], tf[order]
    df = np.bincount(t, minlength=len(vocab)).astype(np.float32)
    offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(df, out=offsets[1:])
    n = max(1, len(terms))
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
    norm = K1 * (1 - B + B * lengths[r] / max(avg, 1.0))
    weights = (tf * (K1 + 1) / (tf + norm)).astype(np.float32)
    return vocab, idf, offsets, r, weights


def _inverse(vocab: dict[str, int], numbers: list[int]) -> list[str]:
    names = [""] * len(vocab)
    for term, number in vocab.items():
        names[number] = term
    return [names[n] for n in numbers]


def _title_postings(doc_ids: list[str], doc_titles: dict[str, str]
                    ) -> dict[str, list[tuple[int, float]]]:
    df: dict[str, int] = {}
    per_doc = []
    for doc_id in doc_ids:
        stems = set(content_terms(doc_titles.get(doc_id, "")))
        per_doc.append(stems)
        for term in stems:
            df[term] = df.get(term, 0) + 1
    n = max(1, len(doc_ids))
    out: dict[str, list[tuple[int, float]]] = {}
    for doc, stems in enumerate(per_doc):
        for term in stems:
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            out.setdefault(term, []).append((doc, idf / max(1, len(stems)) ** 0.5))
    return out
