"""The static word-vector table and its similarity helpers."""

import numpy as np
import pytest

from facts import vectors
from facts.text import words


@pytest.fixture(scope="module")
def wv() -> vectors.WordVectors:
    return vectors.load()


def test_load_is_cached(wv):
    assert vectors.load() is wv
    assert len(wv) > 40_000 and wv.dims >= 64


def test_unknown_word(wv):
    assert wv.vector("qzxjvbnonword") is None
    assert wv.best_match("qzxjvbnonword", ["car"]) == 0.0
    assert not wv.sentence(["qzxjvbnonword"]).any()


def test_vectors_are_unit(wv):
    v = wv.vector("company")
    assert v is not None and v.dtype == np.float32
    assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-2


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("devote", "dedicate"),
        ("users", "customers"),
        ("users", "people"),
        ("runs", "leads"),
        ("signed", "finalised"),
        ("buy", "purchase"),
    ],
)
def test_related_pairs_beat_unrelated(wv, a, b):
    related = wv.similarity(a, b)
    for unrelated in ("banana", "volcano", "cheese"):
        assert related > wv.similarity(a, unrelated) + 0.1


def test_british_and_american_spellings_match(wv):
    assert wv.similarity("organisation", "organization") > 0.99


def test_best_match(wv):
    assert wv.best_match("firm", ["firm"]) == 1.0
    assert wv.best_match("firm", ["banana", "company"]) == pytest.approx(
        wv.similarity("firm", "company")
    )
    assert wv.best_match("firm", []) == 0.0


def test_sentence_similarity_prefers_the_paraphrase(wv):
    q = wv.sentence(words("How many users does the app have?"))
    para = wv.sentence(words("About 3 million people use the app every month."))
    other = wv.sentence(words("The weather in Paris was sunny on Monday."))
    assert abs(float(np.linalg.norm(para)) - 1.0) < 1e-5
    assert vectors.similarity(q, para) > vectors.similarity(q, other) + 0.3


def test_sentence_weights(wv):
    ws = ["car", "banana"]
    only_car = wv.sentence(ws, [1.0, 0.0])
    assert vectors.similarity(only_car, wv.vector("car")) == pytest.approx(1.0, abs=1e-5)
    with pytest.raises(ValueError):
        wv.sentence(ws, [1.0])


def test_similarity_of_zero_vector_is_zero():
    assert vectors.similarity(np.zeros(4), np.ones(4)) == 0.0
