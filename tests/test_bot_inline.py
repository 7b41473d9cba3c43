"""Inline mode: ``@bot question`` in any chat offers the answer as an inline result."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot_harness import RunningBot

pytest_plugins = ["fake_telegram", "bot_harness"]


async def test_an_inline_query_is_answered_with_the_sourced_answer(bot: RunningBot) -> None:
    query_id = bot.fake.inline(bot.fake.user(4001), "how much is the contract worth")
    [call] = await bot.fake.wait("answerInlineQuery")
    assert call.params["inline_query_id"] == query_id
    [result] = call.params["results"]
    assert result["type"] == "article"
    assert "$1.6bn" in result["title"]
    content = result["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert "the five-year contract, valued at approximately $1.6bn" in content["message_text"]


async def test_an_empty_or_unanswerable_inline_query_offers_nothing(bot: RunningBot) -> None:
    bot.fake.inline(bot.fake.user(4001), "  ")
    bot.fake.inline(bot.fake.user(4001), "What is the capital of France?")
    calls = await bot.fake.wait("answerInlineQuery", count=2)
    assert [c.params["results"] for c in calls] == [[], []]
