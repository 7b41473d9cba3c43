"""Static word vectors: a cheap semantic similarity signal, numpy only.

The table ``facts/data/word_vectors.npz`` (built by tools/build_word_vectors.py,
distilled from all-MiniLM-L6-v2, Apache-2.0) holds ~50k lower-case English
words, each a unit 128-d vector (float16, converted to float32 row by row), plus
a SIF weight per word (frequent words weigh little). Words are looked up as
``facts.text.words`` yields them (lower-cased, apostrophes dropped), not stemmed.

    wv = load()                                      # cached after the first call
    q, s = wv.sentence(words(question)), wv.sentence(words(sentence))
    score = similarity(q, s)                         # cosine in [-1, 1]; 0 if either is empty
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["PATH", "WordVectors", "load", "similarity"]

PATH = Path(__file__).resolve().parent / "data" / "word_vectors.npz"


class WordVectors:
    """A word -> unit vector table with SIF weights."""

    def __init__(self, words: Sequence[str], vectors: np.ndarray, weights: np.ndarray) -> None:
        if len(words) != len(vectors) or len(words) != len(weights):
            raise ValueError("words, vectors and weights differ in length")
        self.index: dict[str, int] = {w: i for i, w in enumerate(words)}
        # held as stored, float16 (~13 MB for 50k x 128): converting the whole table costs
        # more start-up time than converting the few rows a sentence takes
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float16)  # unit rows
        self.weights = np.asarray(weights, dtype=np.float32)
        self.dims = int(vectors.shape[1])
        self._zero = np.zeros(self.dims, dtype=np.float32)
        self._zero.flags.writeable = False

    def __len__(self) -> int:
        return len(self.index)

    def __contains__(self, word: object) -> bool:
        return word in self.index

    @classmethod
    def from_file(cls, path: str | Path) -> WordVectors:
        with np.load(path, allow_pickle=False) as data:
            words = bytes(data["words"]).decode("utf-8").split("\n")
            return cls(words, data["vectors"], data["weights"])

    def vector(self, word: str) -> np.ndarray | None:
        """The unit vector (float32) of a lower-case word, or None if unknown."""
        i = self.index.get(word)
        return None if i is None else self.vectors[i].astype(np.float32)

    def weight(self, word: str) -> float:
        """The SIF weight a/(a+p(word)) of a known word (0..1), 0.0 if unknown."""
        i = self.index.get(word)
        return 0.0 if i is None else float(self.weights[i])

    def frequency(self, word: str) -> float:
        """A known word's share of running English text, from its SIF weight (read back
        from float16, so coarse below one in a million); 0.0 if unknown."""
        weight = self.weight(word)
        return _SIF_A * (1 / weight - 1) if weight > 0 else 0.0

    def sentence(self, words: Sequence[str], weights: Sequence[float] | None = None) -> np.ndarray:
        """Unit-normalised weighted mean of the known words' vectors (float32).

        Without ``weights`` each word weighs its SIF weight, so frequent words
        count little; with them, ``weights[k]`` is the weight of ``words[k]``.
        Unknown words are skipped; with no known word the result is all zeros.
        """
        index = self.index
        if weights is None:
            found = [i for i in map(index.get, words) if i is not None]
            if not found:
                return self._zero.copy()
            ids = np.array(found, dtype=np.intp)
            w = self.weights[ids]
        else:
            if len(weights) != len(words):
                raise ValueError("words and weights differ in length")
            found = []
            kept = []
            for i, x in zip(map(index.get, words), weights, strict=True):
                if i is not None:
                    found.append(i)
                    kept.append(x)
            if not found:
                return self._zero.copy()
            ids = np.array(found, dtype=np.intp)
            w = np.array(kept, dtype=np.float32)
        v = w @ self._rows(ids)
        n = math.sqrt(float(v @ v))
        return v / n if n > 0 else self._zero.copy()

    def best_match(self, word: str, words: Iterable[str]) -> float:
        """Max cosine between ``word`` and any of ``words`` (1.0 for an equal word).

        0.0 if ``word`` or every one of ``words`` is unknown.
        """
        words = list(words)
        if word in words:
            return 1.0
        i = self.index.get(word)
        if i is None:
            return 0.0
        ids = [j for j in map(self.index.get, words) if j is not None]
        if not ids:
            return 0.0
        return float((self._rows(ids) @ self.vectors[i].astype(np.float32)).max())

    def _rows(self, ids: Sequence[int] | np.ndarray) -> np.ndarray:
        return self.vectors.take(ids, axis=0).astype(np.float32)

    def similarity(self, a: str, b: str) -> float:
        """Cosine between two words; 1.0 if equal, 0.0 if either is unknown."""
        return self.best_match(a, [b])


def similarity(question_vec: np.ndarray, sentence_vec: np.ndarray) -> float:
    """Cosine of two vectors; 0.0 if either is all zeros."""
    d = float(np.dot(question_vec, sentence_vec))
    if d == 0.0:
        return 0.0
    n = math.sqrt(
        float(np.dot(question_vec, question_vec)) * float(np.dot(sentence_vec, sentence_vec))
    )
    return d / n if n > 0 else 0.0


_SIF_A = 1e-3  # the "a" of the table's SIF weights, a / (a + p(word))


@lru_cache(maxsize=4)
def load(path: str | Path = PATH) -> WordVectors:
    """The word-vector table, read once per path and cached."""
    return WordVectors.from_file(path)
