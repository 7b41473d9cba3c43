"""A follow-up that leaves the topic out is asked in the context of the chat's previous
question, for a few minutes, and only in that chat."""

from __future__ import annotations

from typing import TYPE_CHECKING

from facts.conversation import Conversation

if TYPE_CHECKING:
    from bot_harness import RunningBot, StartBot
    from fake_telegram import Call

pytest_plugins = ["fake_telegram", "bot_harness"]

QUESTION = "How much is the Italy SpaceX contract worth?"
FOLLOW_UP = "and how long is it?"


def text_and_buttons(reply: Call) -> tuple[str, object]:
    return reply.params["text"], reply.params.get("reply_markup")


async def test_a_follow_up_is_asked_with_the_topic_of_the_previous_question(bot: RunningBot
                                                                            ) -> None:
    context = Conversation()
    context.remember(QUESTION, True)
    spelled_out = context.resolve(FOLLOW_UP)
    assert spelled_out != FOLLOW_UP and "spacex" in spelled_out.lower()

    user = bot.fake.user(3001)
    await bot.ask(QUESTION, user=user)
    follow_up = await bot.ask(FOLLOW_UP, user=user)
    direct = await bot.ask(spelled_out, user=bot.fake.user(3002))
    assert text_and_buttons(follow_up)[0] == text_and_buttons(direct)[0]
    assert bool(text_and_buttons(follow_up)[1]) == bool(text_and_buttons(direct)[1])
    text, buttons = text_and_buttons(follow_up)
    assert "<blockquote>" in text or buttons  # an answer, or sentences to choose from


async def test_in_another_chat_the_follow_up_is_not_understood(bot: RunningBot) -> None:
    await bot.ask(QUESTION, user=bot.fake.user(3001))
    reply = await bot.ask(FOLLOW_UP, user=bot.fake.user(3002))
    assert reply.params["text"].startswith("I don't know that from my sources.")
    assert "reply_markup" not in reply.params


async def test_the_context_expires(start_bot: StartBot) -> None:
    async with start_bot(follow_up_seconds=0) as bot:
        await bot.ask(QUESTION)
        reply = await bot.ask(FOLLOW_UP)
    assert reply.params["text"].startswith("I don't know that from my sources.")
