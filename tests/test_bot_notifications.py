"""Group notifications: one message per subscribed group per reload that adds facts, through
a durable outbox: never duplicated, never lost, across a restart; paced; Forbidden drops the
subscription, ChatMigrated moves it, RetryAfter is retried."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from bot_harness import RunningBot, StartBot
    from fake_telegram import Call

pytest_plugins = ["fake_telegram", "bot_harness"]

SOLAR = """\
---
title: "Lakeside opens a $12m solar farm"
url: "https://news.example.com/lakeside-solar"
---
The town of Lakeside opened a $12m solar farm on Monday, built by Helio Works in 14 months.
The farm will supply power to 8,000 homes.
"""
GROUPS = [-1002000000000 - i for i in range(1, 13)]


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(Path(__file__).resolve().parents[1] / "seeds", folder)
    return folder


async def subscribe_and_reload(bot: RunningBot, seeds: Path, groups: list[int]) -> None:
    for group in groups:
        await bot.services.engine.store.subscribe(group, f"group {group}")
    (seeds / "lakeside-solar.md").write_text(SOLAR, encoding="utf-8")
    await bot.say("/reload", user=bot.admin)


def is_notice(call: Call) -> bool:
    return call.params["chat_id"] < 0 and call.params["text"].startswith("<b>New in the news")


def notices(bot: RunningBot) -> Counter[int]:
    return Counter(c.params["chat_id"] for c in bot.fake.sent() if is_notice(c))


async def test_each_subscribed_group_gets_one_message_with_the_new_facts(
        start_bot: StartBot, seeds: Path) -> None:
    async with start_bot(seeds_dir=seeds) as bot:
        await subscribe_and_reload(bot, seeds, GROUPS[:3])
        calls = await bot.fake.wait(count=3, where=is_notice)
        [reply] = bot.fake.sent(bot.admin["id"])
        await bot.say("/reload", user=bot.admin)  # nothing new: no second notice
        await bot.eventually(bot.services.engine.store.outbox_counts,
                             {"sent": 3, "pending": 0, "dropped": 0})
    assert notices(bot) == Counter(dict.fromkeys(GROUPS[:3], 1))
    assert reply.params["text"].endswith("Notifying 3 subscribed groups.")
    text = calls[0].params["text"]
    assert text.startswith('<b>New in the news</b>\n<b><a href="https://news.example.com/'
                           'lakeside-solar">Lakeside opens a $12m solar farm</a></b>\n')
    assert "money: $12m" in text
    assert ("<blockquote>The town of Lakeside opened a $12m solar farm on Monday, built by "
            "Helio Works in 14 months.</blockquote>") in text
    assert text.endswith("\nReply to this message to ask me about this article.")


async def test_a_reply_to_a_notice_asks_about_that_article_first(start_bot: StartBot,
                                                                 seeds: Path) -> None:
    async with start_bot(seeds_dir=seeds) as bot:
        await subscribe_and_reload(bot, seeds, GROUPS[:1])
        [notice] = await bot.fake.wait(where=is_notice)
        group, user = bot.fake.group(GROUPS[0]), bot.fake.user(7001)
        homes = await bot.ask("How many homes will it supply?", group, user,
                              reply_to=notice.result)
        scoped = await bot.ask("How much is the contract worth?", group, user,
                               reply_to=notice.result)
        unscoped = await bot.ask("/ask How much is the contract worth?", group, user)
    assert "8,000 homes" in homes.params["text"]
    assert "Lakeside opens a $12m solar farm</a>" in homes.params["text"]
    # what the article does not say is answered from the others, with the article named
    assert "the five-year contract, valued at approximately $1.6bn" in scoped.params["text"]
    assert "Italy nears $1.6bn SpaceX deal" in scoped.params["text"]
    assert "the five-year contract, valued at approximately $1.6bn" in unscoped.params["text"]


async def test_a_restart_mid_broadcast_sends_every_group_exactly_once(
        start_bot: StartBot, seeds: Path) -> None:
    async with start_bot(seeds_dir=seeds, notifications_per_second=20) as bot:
        bot.fake.latency = 0.1  # messages are in flight when the bot stops
        await subscribe_and_reload(bot, seeds, GROUPS)
        await bot.fake.wait(count=5, where=is_notice)
    before = notices(bot)
    assert 5 <= sum(before.values()) < len(GROUPS)
    bot.fake.latency = 0
    async with start_bot(seeds_dir=seeds, notifications_per_second=200) as bot:
        await bot.fake.wait(count=len(GROUPS), where=is_notice)
        await bot.eventually(bot.services.engine.store.outbox_counts,
                             {"sent": len(GROUPS), "pending": 0, "dropped": 0})
    assert notices(bot) == Counter(dict.fromkeys(GROUPS, 1))


async def test_notices_are_paced(start_bot: StartBot, seeds: Path) -> None:
    async with start_bot(seeds_dir=seeds, notifications_per_second=50) as bot:
        await subscribe_and_reload(bot, seeds, GROUPS[:8])
        calls = await bot.fake.wait(count=8, where=is_notice)
    gaps = [b.at - a.at for a, b in zip(calls, calls[1:], strict=False)]
    assert min(gaps) >= 0.015  # 1/50 s, less the timer's slack


async def test_forbidden_drops_the_subscription(start_bot: StartBot, seeds: Path) -> None:
    async with start_bot(seeds_dir=seeds) as bot:
        bot.fake.forbid(GROUPS[0])
        await subscribe_and_reload(bot, seeds, GROUPS[:3])
        await bot.fake.wait(count=2, where=is_notice)
        store = bot.services.engine.store
        await bot.eventually(store.subscribers, sorted(GROUPS[1:3]))
        await bot.eventually(store.outbox_counts, {"sent": 2, "pending": 0, "dropped": 1})
    assert notices(bot) == Counter(dict.fromkeys(GROUPS[1:3], 1))


async def test_chat_migrated_moves_the_subscription(start_bot: StartBot, seeds: Path) -> None:
    old, new = -5000001, -1005000001
    async with start_bot(seeds_dir=seeds) as bot:
        bot.fake.migrate(old, new)
        await subscribe_and_reload(bot, seeds, [old])
        await bot.fake.wait(where=is_notice)
        await bot.eventually(bot.services.engine.store.subscribers, [new])
    assert notices(bot) == Counter({new: 1})


async def test_retry_after_is_retried(start_bot: StartBot, seeds: Path) -> None:
    async with start_bot(seeds_dir=seeds) as bot:
        bot.fake.flood("sendMessage", retry_after=1, chat_id=GROUPS[0])
        await subscribe_and_reload(bot, seeds, GROUPS[:1])
        await bot.fake.wait(where=is_notice)
    attempts = [c for c in bot.fake.calls if c.method == "sendMessage"
                and c.params["chat_id"] == GROUPS[0]]
    assert [c.error for c in attempts] == [429, None]
    assert attempts[1].at - attempts[0].at >= 1.0
