"""The bot under test: the real application from ``bot.app.build_application``, polling the fake
Bot API server, started and stopped the way ``Application.run_polling`` does it.

Used as a pytest plugin (``pytest_plugins = ["fake_telegram", "bot_harness"]``; test modules
import from here only for type checking): ``bot`` is a running bot with an empty database in
``tmp_path`` (it loads the shipped seed at start-up); ``start_bot(**settings)`` starts another
on the same database, as after a restart.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fake_telegram import BOT_TOKEN, Call, FakeTelegram

from bot.app import ALLOWED_UPDATES, App, build_application, webhook_options
from bot.services import Services, services_of
from bot.settings import Settings
from facts import Engine

__all__ = ["ADMIN", "ROOT", "RunningBot", "StartBot", "bot", "eventually", "running", "settings",
           "start_bot"]

ROOT = Path(__file__).resolve().parents[1]
ADMIN = 42


@dataclass
class RunningBot:
    """A running application and the fake server it talks to, with shortcuts for tests."""

    app: App
    fake: FakeTelegram
    settings: Settings

    @property
    def services(self) -> Services:
        return services_of(self.app)

    @property
    def admin(self) -> dict[str, Any]:
        """A bot admin (in ADMIN_USER_IDS)."""
        return self.fake.user(ADMIN, "Grace")

    async def ask(self, text: str, chat: dict[str, Any] | None = None,
                  user: dict[str, Any] | None = None, **extra: Any) -> Call:
        """Send ``text`` as a person in ``chat`` (a private chat by default); the reply."""
        user = user or self.fake.user(1001)
        chat = chat or self.fake.private(user)
        message = self.fake.send(chat, user, text, **extra)
        return await self.fake.reply_to(message)

    async def eventually(self, probe: Callable[[], Awaitable[Any]], expected: Any) -> None:
        """Wait until ``await probe()`` returns ``expected``."""
        await eventually(probe, expected)

    async def say(self, text: str, chat: dict[str, Any] | None = None,
                  user: dict[str, Any] | None = None, count: int = 1) -> list[Call]:
        """Send ``text`` as a person in ``chat``; the next ``count`` messages the bot sends
        to that chat."""
        user = user or self.fake.user(1001)
        chat = chat or self.fake.private(user)
        before = len(self.fake.sent(chat["id"]))
        self.fake.send(chat, user, text)
        calls = await self.fake.wait(count=before + count,
                                     where=lambda c: c.params["chat_id"] == chat["id"])
        return calls[before:]


def make_settings(tmp_path: Path, fake: FakeTelegram, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "telegram_bot_token": BOT_TOKEN, "telegram_api_base_url": fake.base_url,
        "admin_user_ids": frozenset({ADMIN}), "seeds_dir": ROOT / "seeds",
        "database_path": tmp_path / "bot.db", "webhook_url": None,
        "questions_per_window": 50, "log_level": "INFO"}
    return Settings(_env_file=None, **{**values, **overrides})  # type: ignore[call-arg]


@asynccontextmanager
async def running(settings: Settings, fake: FakeTelegram, engine: Engine | None = None
                  ) -> AsyncIterator[RunningBot]:
    """Start the application as run_polling (or run_webhook, with WEBHOOK_URL) does, and
    stop it the same way afterwards."""
    app = build_application(settings, engine)
    await app.initialize()
    try:
        assert app.post_init is not None and app.updater is not None
        await app.post_init(app)
        if settings.webhook_url:
            await app.updater.start_webhook(**webhook_options(settings),
                                            allowed_updates=ALLOWED_UPDATES)
        else:
            await app.updater.start_polling(poll_interval=0, timeout=10,
                                            allowed_updates=ALLOWED_UPDATES)
        await app.start()
        yield RunningBot(app, fake, settings)
    finally:
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
            assert app.post_stop is not None
            await app.post_stop(app)
        await app.shutdown()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)


@pytest.fixture
def settings(tmp_path: Path, fake: FakeTelegram) -> Settings:
    return make_settings(tmp_path, fake)


async def eventually(probe: Callable[[], Awaitable[Any]], expected: Any,
                     timeout: float = 3.0) -> None:
    """Wait until ``await probe()`` returns ``expected`` (updates are handled concurrently)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while (value := await probe()) != expected:
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"still {value!r}, expected {expected!r}")
        await asyncio.sleep(0.01)


StartBot = Callable[..., AbstractAsyncContextManager[RunningBot]]


@pytest.fixture
async def bot(settings: Settings, fake: FakeTelegram) -> AsyncIterator[RunningBot]:
    """The bot, polling the fake server, with the shipped seed loaded."""
    async with running(settings, fake) as started:
        yield started


@pytest.fixture
def start_bot(tmp_path: Path, fake: FakeTelegram) -> StartBot:
    """``async with start_bot(engine=None, **settings) as bot:`` a bot on the test's database
    (or on the given engine)."""

    def start(engine: Engine | None = None, **overrides: Any
              ) -> AbstractAsyncContextManager[RunningBot]:
        return running(make_settings(tmp_path, fake, **overrides), fake, engine)

    return start
