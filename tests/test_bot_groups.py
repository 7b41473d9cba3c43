"""Groups, with privacy mode on: /ask, a mention of the bot, or a reply to one of its
messages is a question; other messages are not."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from bot_harness import RunningBot

pytest_plugins = ["fake_telegram", "bot_harness"]

GROUP = -1001234567890


def is_contract_answer(text: str) -> bool:
    return text.startswith("<b>") and "$1.6bn" in text.split("</b>")[0] and (
        "the five-year contract, valued at approximately $1.6bn" in text)


async def test_ask_command_is_answered_as_a_reply(bot: RunningBot) -> None:
    group, user = bot.fake.group(GROUP), bot.fake.user(2001)
    reply = await bot.ask("/ask How much is the contract worth?", group, user)
    assert is_contract_answer(reply.params["text"])
    addressed = await bot.ask("/ask@newsfacts_test_bot How much is the contract worth?", group,
                              user)
    assert is_contract_answer(addressed.params["text"])


async def test_a_mention_is_a_question_without_the_mention(bot: RunningBot) -> None:
    group, user = bot.fake.group(GROUP), bot.fake.user(2001)
    reply = await bot.ask("@newsfacts_test_bot how much is the contract worth?", group, user)
    assert is_contract_answer(reply.params["text"])
    log = await bot.services.engine.store.question_counts()
    assert log == {"answered": 1}


async def test_a_reply_to_the_bot_is_a_question(bot: RunningBot) -> None:
    group, user = bot.fake.group(GROUP), bot.fake.user(2001)
    first = await bot.ask("/ask What is the capital of France?", group, user)
    bots_message = first.result
    reply = await bot.ask("How much is the contract worth?", group, user, reply_to=bots_message)
    assert is_contract_answer(reply.params["text"])


async def test_thanks_in_reply_to_the_bot_is_no_question(bot: RunningBot) -> None:
    group, user = bot.fake.group(GROUP), bot.fake.user(2001)
    answer = await bot.ask("/ask How much is the contract worth?", group, user)
    bot.fake.send(group, user, "Thanks!", reply_to=answer.result)
    # updates are handled concurrently: a reply to the thanks would come within a second
    with pytest.raises(TimeoutError):
        await bot.fake.wait(count=2, timeout=1.0, where=lambda c: c.params["chat_id"] == GROUP)


async def test_other_group_messages_are_left_alone(bot: RunningBot) -> None:
    group, user = bot.fake.group(GROUP), bot.fake.user(2001)
    bot.fake.send(group, user, "How much is the contract worth?")
    other = bot.fake.send(group, user, "hello @someone_else")
    to_a_person = bot.fake.send(group, user, "agreed", reply_to=other)
    del to_a_person
    reply = await bot.ask("/ask What is the capital of France?", group, user)
    assert [c.params["text"] for c in bot.fake.sent(GROUP)] == [reply.params["text"]]


async def test_ask_without_a_question_explains_how(bot: RunningBot) -> None:
    reply = await bot.ask("/ask", bot.fake.group(GROUP), bot.fake.user(2001))
    assert reply.params["text"] == (
        "Please ask a question in words, for example <i>How much is the deal worth?</i>\n"
        "In a group: <code>/ask your question</code>.")


async def test_the_bot_says_how_to_ask_when_added_to_a_group(bot: RunningBot) -> None:
    group = bot.fake.group(GROUP)
    bot.fake.member_update(group, bot.fake.user(2001), "left", "member")
    [hello] = await bot.fake.wait("sendMessage", where=lambda c: c.params["chat_id"] == GROUP)
    assert hello.params["text"].startswith("Hello! I answer questions about the news")
    assert "<code>/ask your question</code>" in hello.params["text"]
