"""Matching a question to the intent catalogue: the kind of answer a question asks for, and
only that. A word of a kind of answer inside a question ("amount", "value", "area") names
what is asked only where the question asks about it."""

from __future__ import annotations

import pytest

from facts.intents import match_intent
from facts.text import words


def intent_of(question: str) -> str:
    return match_intent(" ".join(words(question)))[0].name


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("How much is the deal worth?", "money"),
        ("What was the deal worth?", "money"),
        ("What was the annual fee for members?", "money"),
        ("What is the value of the contract?", "money"),
        ("deal value", "money"),
        ("How many years does the lease run?", "duration"),
        ("In what year did the mill close?", "date"),
        ("In what years did the festival run?", "date"),
        ("What was the estimated population of the valley?", "count"),
        ("Which airline bought the jets?", "organisation"),
        ("Where did the ferry dock?", "place"),
        ("After the vote, how many members left the party?", "count"),
        ("How old is the new mayor?", "age"),
        ("What was the inflation rate in May?", "percent"),
    ],
)
def test_a_question_gets_the_intent_of_the_answer_it_wants(question: str, intent: str) -> None:
    assert intent_of(question) == intent


@pytest.mark.parametrize(
    "question",
    [
        # a kind-of-answer word that is not what the question asks about
        "What method did the auditors use to estimate the amount owed?",
        "What did the minister say about the fees?",
        "What group runs the fee-paying schools?",
        "If two firms merge at a high value, what is the new firm called?",
        # short words are read as written, not as a near phrasing ("are" is not "area",
        # "shape" not "share", "would" not "old")
        "What are the main risks of the plan?",
        "What shape is the new terminal?",
        "How would the merger change ticket prices?",
    ],
)
def test_a_question_that_asks_for_something_else_wants_the_sentence(question: str) -> None:
    assert intent_of(question) == "sentence"
