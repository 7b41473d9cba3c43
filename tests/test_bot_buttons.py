"""Uncertain matches: up to three "did you mean" buttons; a press answers from that sentence
and is acknowledged."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from facts import Answer, Engine

if TYPE_CHECKING:
    from bot_harness import StartBot

pytest_plugins = ["fake_telegram", "bot_harness"]


class UnsureEngine(Engine):
    """The real engine, made to doubt every answer it finds by itself, so that a clear
    question on the shipped seed gets buttons however the ranking is tuned."""

    async def ask(self, question: str, source: str | None = None, top: int | None = None,
                  pick: int | None = None) -> Answer:
        answer = await super().ask(question, source=source, top=top, pick=pick)
        if pick is not None or not answer.answered:
            return answer
        return Answer(question=answer.question, answered=False, score=answer.score,
                      intent=answer.intent, candidates=answer.candidates)


@pytest.fixture
async def unsure(tmp_path: Path) -> AsyncIterator[Engine]:
    engine = await UnsureEngine.open(tmp_path / "unsure.db")
    yield engine
    await engine.close()


async def test_an_uncertain_match_offers_buttons_and_a_press_answers(
        start_bot: StartBot, unsure: Engine) -> None:
    async with start_bot(engine=unsure) as bot:
        reply = await bot.ask("How much is the contract worth?")
        assert reply.params["text"].startswith(
            "I'm not sure I found it. Did you mean one of these?\n\n1. Sources familiar with "
            "the matter told the publication that while discussions are ongoing, the five-year "
            "contract, valued at approximately $1.6bn (€1.5bn), has not yet been finalised.\n"
            "— <i>Italy nears $1.6bn SpaceX deal")
        buttons = [row[0] for row in reply.params["reply_markup"]["inline_keyboard"]]
        assert 1 <= len(buttons) <= 3
        assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)
        assert buttons[0]["text"].startswith("1. Sources familiar with the matter told")
        assert f"\n\n{len(buttons)}. " in reply.params["text"]

        query_id = bot.fake.press(reply.result, buttons[0]["callback_data"], bot.fake.user(1001))
        [edit] = await bot.fake.wait("editMessageText")
        [ack] = await bot.fake.wait("answerCallbackQuery")
    assert ack.params == {"callback_query_id": query_id}
    assert edit.params["message_id"] == reply.result["message_id"]
    assert "$1.6bn" in edit.params["text"].split("</b>")[0]
    assert "the five-year contract, valued at approximately $1.6bn" in edit.params["text"]
    assert "reply_markup" not in edit.params


async def test_a_press_on_a_forgotten_question_asks_to_ask_again(
        start_bot: StartBot, unsure: Engine) -> None:
    async with start_bot(engine=unsure) as bot:
        reply = await bot.ask("How much is the contract worth?")
        bot.fake.press(reply.result, "pick:unknown:1", bot.fake.user(1001))
        [ack] = await bot.fake.wait("answerCallbackQuery")
    assert ack.params["text"] == ("That question is too old for me to remember. "
                                  "Please ask it again.")
    assert ack.params["show_alert"] is True
    assert bot.fake.called("editMessageText") == []


async def test_a_picked_sentence_without_the_fact_asked_for_is_shown_without_an_answer(
        start_bot: StartBot, unsure: Engine) -> None:
    async with start_bot(engine=unsure) as bot:
        reply = await bot.ask("How fast does Starship fly?")  # no article gives a speed
        buttons = [row[0] for row in reply.params["reply_markup"]["inline_keyboard"]]
        bot.fake.press(reply.result, buttons[0]["callback_data"], bot.fake.user(1001))
        [edit] = await bot.fake.wait("editMessageText")
    assert edit.params["text"].startswith("<blockquote>")  # the sentence, no bold answer
    assert "<b>" not in edit.params["text"]
