"""Reading a question against the articles' words: misspelt words are corrected to words
the articles have, common English words are read as written, accents do not matter."""

from __future__ import annotations

import pytest

from facts.index import Index, IndexBuilder
from facts.question import understand
from facts.text import content_terms

SENTENCES = [
    "Ticket prices will rise by 4% in the spring.",
    "The government valued the ferry operator at $900m.",
    "Deputy Mayor Zoë Brønnum opened the new terminal.",
]


@pytest.fixture(scope="module")
def index() -> Index:
    builder = IndexBuilder()
    builder.add([(n, "harbour", n, text, " ".join(content_terms(text)), 0)
                 for n, text in enumerate(SENTENCES, start=1)])
    return builder.index({"harbour": "Harbour news"})


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("When will ticket prices rsie?", "rise"),  # a slip of the finger
        ("What did the goverment value?", "govern"),  # a common misspelling
        ("What was the operator's valuation?", "valu"),  # a word the stemmer split
        ("Who is Zoe Bronnum?", "zoe"),  # written without its accent
    ],
)
def test_a_misspelt_or_unaccented_word_is_read_as_the_articles_word(
    index: Index, question: str, term: str
) -> None:
    assert term in understand(question, index).terms.terms


def test_a_common_word_the_articles_lack_is_not_corrected_into_one_they_have(
    index: Index,
) -> None:
    terms = understand("What are the risks of the ferry deal?", index).terms.terms

    assert "risk" in terms
    assert "rise" not in terms


def test_an_acronym_is_read_as_written(index: Index) -> None:
    assert "cfo" in understand("Who is the harbour's CFO?", index).terms.terms
