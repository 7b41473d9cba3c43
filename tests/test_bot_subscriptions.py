"""/subscribe and /unsubscribe: for a group's administrators and the bot's admins; anyone
else is refused politely. Subscriptions persist in SQLite and follow the group."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from bot_harness import RunningBot, StartBot

pytest_plugins = ["fake_telegram", "bot_harness"]

GROUP = -1001000000001


@pytest.mark.parametrize("status", ["creator", "administrator"])
async def test_a_group_administrator_subscribes_and_unsubscribes(bot: RunningBot,
                                                                 status: str) -> None:
    group, user = bot.fake.group(GROUP, "Space desk"), bot.fake.user(5001)
    bot.fake.set_status(GROUP, 5001, status)
    store = bot.services.engine.store
    subscribed = await bot.ask("/subscribe", group, user)
    assert subscribed.params["text"] == (
        "Subscribed: this group will hear about new facts after each reload.")
    assert await store.subscribers() == [GROUP]
    again = await bot.ask("/subscribe", group, user)
    assert again.params["text"] == "This group is already subscribed."
    gone = await bot.ask("/unsubscribe", group, user)
    assert gone.params["text"] == "Unsubscribed: no more notices here."
    assert await store.subscribers() == []
    [check] = bot.fake.called("getChatMember")[:1]
    assert check.params == {"chat_id": GROUP, "user_id": 5001}


async def test_a_member_is_refused_politely_and_the_attempt_is_logged(
        bot: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    group, user = bot.fake.group(GROUP), bot.fake.user(5002)
    with caplog.at_level(logging.WARNING, logger="bot.handlers"):
        reply = await bot.ask("/subscribe", group, user)
    assert reply.params["text"] == (
        "Sorry, /subscribe is only for the group's administrators.")
    assert await bot.services.engine.store.subscribers() == []
    assert "refused /subscribe to user 5002 in chat -1001000000001" in caplog.text


async def test_a_bot_admin_may_subscribe_any_group(bot: RunningBot) -> None:
    reply = await bot.ask("/subscribe", bot.fake.group(GROUP), bot.admin)
    assert reply.params["text"].startswith("Subscribed")
    assert bot.fake.called("getChatMember") == []


async def test_an_anonymous_administrator_writes_as_the_group(bot: RunningBot) -> None:
    group = bot.fake.group(GROUP, "Space desk")
    anonymous = bot.fake.user(1087968824, "Group", username="GroupAnonymousBot", is_bot=True)
    reply = await bot.ask("/subscribe", group, anonymous, sender_chat=group)
    assert reply.params["text"].startswith("Subscribed")


async def test_subscribe_in_a_private_chat_points_to_groups(bot: RunningBot) -> None:
    [reply] = await bot.say("/subscribe")
    assert reply.params["text"] == "Use /subscribe in a group, where I send notices."


async def test_subscriptions_survive_a_restart(start_bot: StartBot) -> None:
    async with start_bot() as bot:
        await bot.ask("/subscribe", bot.fake.group(GROUP), bot.admin)
    async with start_bot() as bot:
        assert await bot.services.engine.store.subscribers() == [GROUP]


async def test_removing_the_bot_from_a_group_unsubscribes_it(bot: RunningBot) -> None:
    group = bot.fake.group(GROUP)
    await bot.ask("/subscribe", group, bot.admin)
    bot.fake.member_update(group, bot.fake.user(5001), "member", "kicked")
    await bot.eventually(bot.services.engine.store.subscribers, [])


async def test_a_group_that_becomes_a_supergroup_keeps_its_subscription(bot: RunningBot
                                                                        ) -> None:
    old, new = -4000001, -1004000001
    group = bot.fake.group(old)
    await bot.ask("/subscribe", group, bot.admin)
    bot.fake.send(group, bot.admin, "", migrate_to_chat_id=new)
    await bot.eventually(bot.services.engine.store.subscribers, [new])
