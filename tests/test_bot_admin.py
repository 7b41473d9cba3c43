"""Admin commands, for ADMIN_USER_IDS only: /reload, /stats, /unanswered. Anyone else gets a
polite refusal, and the attempt is logged."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from bot_harness import RunningBot, StartBot

pytest_plugins = ["fake_telegram", "bot_harness"]

SOLAR = """\
---
title: "Lakeside <opens> a $12m solar farm & more"
url: "https://news.example.com/lakeside-solar?a=1&b=2"
published: 2025-02-10
---
The town of Lakeside opened a $12m solar farm on Monday, built by Helio Works in 14 months.
The farm will supply power to 8,000 homes.
"""


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(Path(__file__).resolve().parents[1] / "seeds", folder)
    return folder


async def test_reload_replies_with_the_diff(start_bot: StartBot, seeds: Path) -> None:
    async with start_bot(seeds_dir=seeds) as bot:
        (seeds / "lakeside-solar.md").write_text(SOLAR, encoding="utf-8")
        (seeds / "broken.md").write_bytes(b"\xff\xfe not utf-8 \xff")
        [reply] = await bot.say("/reload", user=bot.admin)
        answer = await bot.ask("How many homes will the solar farm supply?")
    text = reply.params["text"]
    assert text.startswith("<b>Reload</b>: ")
    assert "facts added, 0 changed, 0 removed; 1 article unchanged." in text
    assert ("<b>Lakeside &lt;opens&gt; a $12m solar farm &amp; more</b> [lakeside-solar]: new"
            in text)
    assert "\n+ money: $12m\n" in text
    assert "<b>Skipped files</b>\n• " in text and "broken.md: " in text
    assert text.endswith("No group notices for this reload.")
    assert "8,000 homes" in answer.params["text"]


async def test_reload_with_nothing_new_says_so(bot: RunningBot) -> None:
    [reply] = await bot.say("/reload", user=bot.admin)
    assert reply.params["text"] == (
        "<b>Reload</b>: 0 facts added, 0 changed, 0 removed; 1 article unchanged.\n"
        "\nNo group notices for this reload.")


@pytest.mark.parametrize("command", ["reload", "stats", "unanswered"])
async def test_others_are_refused_and_the_attempt_is_logged(
        bot: RunningBot, caplog: pytest.LogCaptureFixture, command: str) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.handlers"):
        [reply] = await bot.say(f"/{command}", user=bot.fake.user(6001))
    assert reply.params["text"] == (
        f"Sorry, /{command} is only for the bot's administrators.")
    assert f"refused /{command} to user 6001 in chat 6001" in caplog.text


async def test_stats_counts_questions_subscriptions_and_the_corpus(bot: RunningBot) -> None:
    await bot.ask("How much is the contract worth?")
    await bot.ask("What is the capital of France?")
    await bot.ask("/subscribe", bot.fake.group(-1001), bot.admin)
    [reply] = await bot.say("/stats", user=bot.admin)
    documents = await bot.services.engine.documents()
    sentences = await bot.services.engine.sentence_count()
    assert reply.params["text"] == (
        "<b>Questions</b>: 2 asked, 1 answered, 1 abstained (50% answered)\n"
        "<b>Subscribed groups</b>: 1\n"
        "<b>Notices</b>: 0 sent, 0 pending, 0 dropped\n"
        f"<b>Corpus</b>: 1 article, {sentences} sentences, {documents[0].facts} facts")


async def test_unanswered_lists_the_most_frequent_first(bot: RunningBot) -> None:
    for question in ["Who won the <b>match</b>?", "Who won the <b>match</b>?",
                     "What is the capital of France?"]:
        await bot.ask(question)
    [reply] = await bot.say("/unanswered", user=bot.admin)
    assert reply.params["text"] == (
        "<b>Most asked questions I could not answer</b> (last 30 days)\n"
        "1. who won the &lt;b&gt;match&lt;/b&gt;? ×2\n"
        "2. what is the capital of france? ×1")
