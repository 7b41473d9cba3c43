"""Follow-up questions read in the context of the one before: the topic carries over, as
the asker wrote it."""

from __future__ import annotations

from facts.conversation import Conversation


def test_a_follow_up_takes_the_topic_of_the_question_before() -> None:
    chat = Conversation()
    chat.remember("How much is the deal worth?", answered=True)

    assert chat.resolve("and how long is it?") == "and how long is it deal worth?"


def test_a_name_keeps_its_capital_so_it_is_still_read_as_a_name() -> None:
    chat = Conversation()
    chat.remember("What is the capital of France?", answered=False)

    assert chat.resolve("and who leads it?") == "and who leads it capital France?"


def test_a_question_with_a_topic_of_its_own_is_asked_as_it_is() -> None:
    chat = Conversation()
    chat.remember("How much is the deal worth?", answered=True)

    assert chat.resolve("When will Starship fly?") == "When will Starship fly?"


def test_the_context_lasts_a_few_minutes() -> None:
    now = [0.0]
    chat = Conversation(window_seconds=60, clock=lambda: now[0])
    chat.remember("How much is the deal worth?", answered=True)
    now[0] = 61.0

    assert chat.resolve("and how long is it?") == "and how long is it?"
