"""Nasty input is answered or declined, never crashes a handler; a person asking too fast
gets one polite notice; an error is logged with its traceback and the person is told."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from facts import Answer, Engine

if TYPE_CHECKING:
    from bot_harness import RunningBot, StartBot

pytest_plugins = ["fake_telegram", "bot_harness"]

SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
NASTY = [
    "🚀🚀🚀",
    "מה שווי החוזה של ספייס אקס?",
    "ما قيمة العقد؟ \u202eevil\u202c",
    "<b>&amp;<script>alert('x')</script></b> &lt; & > \" '",
    "How much\x00 is\x07 the\x1b[31m contract\x7f worth?\u0085",
    "z\u0336a\u0336l\u0336g\u0336o\u0336 \u200d\u200b\ufeff",
    "How much is the contract worth? " * 150,
    "a" * 5000,
]


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
async def test_nasty_questions_are_answered_or_declined(
        bot: RunningBot, text: str, caplog: pytest.LogCaptureFixture) -> None:
    reply = await bot.ask(text)
    assert reply.params["text"] != SORRY
    group = await bot.ask(f"/ask {text}", bot.fake.group(-1001), bot.fake.user(1001))
    assert group.params["text"] != SORRY
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_blank_and_control_only_questions_are_declined(bot: RunningBot) -> None:
    for text in ["   ", "\x00\x01\x02", "\t\n"]:
        reply = await bot.ask(f"@newsfacts_test_bot {text}", bot.fake.group(-1001),
                              bot.fake.user(1001))
        assert reply.params["text"].startswith("Please ask a question in words")


async def test_a_person_asking_too_fast_gets_one_notice(start_bot: StartBot) -> None:
    async with start_bot(questions_per_window=3, question_window_seconds=10) as bot:
        fast, calm = bot.fake.user(8001), bot.fake.user(8002)
        for _ in range(6):
            bot.fake.send(bot.fake.private(fast), fast, "How much is the contract worth?")
        replies = await bot.fake.wait(count=4, where=lambda c: c.params["chat_id"] == 8001)
        await bot.ask("How much is the contract worth?", user=calm)
        await asyncio.sleep(0.1)
    texts = [c.params["text"] for c in bot.fake.sent(8001)]
    notice = ("You are asking faster than I can answer well. Please wait about 10 seconds, "
              "then ask again.")
    [answer] = {c.params["text"] for c in replies} - {notice}
    assert "$1.6bn" in answer
    assert sorted(texts) == sorted([answer] * 3 + [notice])


class BrokenEngine(Engine):
    """The real engine, failing on one question as a bug would."""

    async def ask(self, question: str, source: str | None = None, top: int | None = None,
                  pick: int | None = None) -> Answer:
        if "boom" in question:
            raise RuntimeError("a bug")
        return await super().ask(question, source=source, top=top, pick=pick)


async def test_an_error_is_logged_and_the_person_told_and_the_bot_carries_on(
        start_bot: StartBot, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    engine = await BrokenEngine.open(tmp_path / "broken.db")
    try:
        async with start_bot(engine=engine) as bot:
            with caplog.at_level(logging.ERROR, logger="bot.handlers"):
                failed = await bot.ask("boom?")
            after = await bot.ask("How much is the contract worth?")
    finally:
        await engine.close()
    assert failed.params["text"] == SORRY
    assert "$1.6bn" in after.params["text"]
    [record] = [r for r in caplog.records if r.name == "bot.handlers"]
    assert record.getMessage() == "error while handling an update"
    assert record.exc_info is not None and str(record.exc_info[1]) == "a bug"


async def test_a_refused_reply_is_reported_not_fatal(bot: RunningBot,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    bot.fake.fail("sendMessage", 400, "Bad Request: message to be replied not found",
                  chat_id=1001)
    with caplog.at_level(logging.ERROR, logger="bot.handlers"):
        sorry = await bot.ask("How much is the contract worth?")
    assert sorry.params["text"] == SORRY
    assert "error while handling an update" in caplog.text
