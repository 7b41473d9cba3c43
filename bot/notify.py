"""Group notifications through a durable outbox.

A reload that adds facts queues one message per subscribed group in the store's outbox, in one
statement; the broadcaster then sends what is pending, oldest first, and marks each message sent
with the id Telegram gave it as soon as Telegram confirms it. A restart resumes with what is
still pending, so every group gets each message once: a message is sent again only when the
process died between Telegram's confirmation and the mark, a window of one database write. On a
graceful stop (SIGINT, SIGTERM) the messages in flight are finished and marked first.

Pacing: at most ``per_second`` messages overall, evenly spaced (Telegram allows about 30 a second
for broadcasts); the application's AIORateLimiter adds the limit of 20 a minute per group and
retries after a RetryAfter. Forbidden (the bot was removed) drops the subscription; ChatMigrated
moves it, with its pending messages, to the new supergroup.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
import warnings
from datetime import timedelta

from aiolimiter import AsyncLimiter
from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from facts import ReloadDiff
from facts.store import Store

from .telegram_render import notification_html

__all__ = ["Broadcaster"]

_LOG = logging.getLogger(__name__)
_BATCH = 200
_MAX_BACKOFF = 60.0


class Broadcaster:
    """Deliver the outbox: each pending notification once, paced within Telegram's limits."""

    def __init__(self, bot: Bot, store: Store, per_second: float = 30.0,
                 in_flight: int = 8) -> None:
        self._bot = bot
        self._store = store
        # A bucket of one: sends are spaced evenly, never bursting above the rate.
        self._pace = AsyncLimiter(1, 1 / per_second)
        self._slots = asyncio.Semaphore(in_flight)
        self._sending: dict[int, asyncio.Task[None]] = {}
        self._moved: set[int] = set()
        self._wake = asyncio.Event()
        self._resume_at = 0.0
        self._backoff = 0.0
        self._task: asyncio.Task[None] | None = None

    async def publish(self, diff: ReloadDiff) -> int:
        """Queue the reload's new facts for every subscribed group; returns how many."""
        added = [s.seed_id for s in diff.seeds if s.added]
        if not added:
            return 0
        sources = {d.id: d for d in await self._store.documents()}
        text = notification_html(diff, sources)
        queued = await self._store.enqueue_about(uuid.uuid4().hex, text, added)
        self._wake.set()
        return queued

    def start(self) -> None:
        """Start sending in the background, beginning with what a previous run left pending."""
        self._task = asyncio.create_task(self._run(), name="broadcaster")

    async def stop(self, timeout: float = 10.0) -> None:
        """Stop taking new messages, and let the ones in flight finish and be marked."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._sending:
            await asyncio.wait(list(self._sending.values()), timeout=timeout)
        for task in self._sending.values():
            task.cancel()

    async def _run(self) -> None:
        while True:
            try:
                await self._send_pending()
            except Exception:  # e.g. the database is busy: keep the broadcaster alive
                _LOG.exception("sending notices failed; trying again")
                await asyncio.sleep(self._next_backoff())

    async def _send_pending(self) -> None:
        """Send one batch of pending messages, or wait for some."""
        self._wake.clear()
        # Taken before the query: a message marked sent while it runs is still in here.
        busy = set(self._sending)
        batch = [m for m in await self._store.pending(_BATCH)
                 if m[0] not in busy and m[0] not in self._sending]
        for outbox_id, chat_id, text in batch:
            await self._slots.acquire()
            await self._wait_resume()
            await self._pace.acquire()
            self._sending[outbox_id] = asyncio.create_task(
                self._deliver(outbox_id, chat_id, text))
        if not batch or self._sending:
            # New messages, and retries and moves of those in flight, come back as pending.
            await self._wake.wait()

    async def _wait_resume(self) -> None:
        delay = self._resume_at - asyncio.get_running_loop().time()
        if delay > 0:
            await asyncio.sleep(delay)

    async def _deliver(self, outbox_id: int, chat_id: int, text: str) -> None:
        try:
            await self._send(outbox_id, chat_id, text)
        except Exception:
            _LOG.exception("notice %s to chat %s failed; it stays pending", outbox_id, chat_id)
            self._pause(self._next_backoff())
        finally:
            del self._sending[outbox_id]
            self._slots.release()
            self._wake.set()

    async def _send(self, outbox_id: int, chat_id: int, text: str) -> None:
        try:
            message = await self._bot.send_message(
                chat_id, text, parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True))
        except RetryAfter as error:
            _LOG.warning("flood limit: pausing notices for %.1f s", _seconds(error))
            self._pause(_seconds(error))
        except ChatMigrated as error:
            await self._migrated(outbox_id, chat_id, error.new_chat_id)
        except Forbidden as error:
            _LOG.info("chat %s removed the bot (%s): unsubscribed", chat_id, error.message)
            await self._store.unsubscribe(chat_id)
            await self._store.mark_dropped(outbox_id, f"forbidden: {error.message}")
        except BadRequest as error:
            _LOG.error("notice %s to chat %s refused: %s", outbox_id, chat_id, error.message)
            if "chat not found" in error.message.lower():
                await self._store.unsubscribe(chat_id)
            await self._store.mark_dropped(outbox_id, f"bad request: {error.message}")
        except TelegramError as error:
            _LOG.warning("notice %s to chat %s: %s; will retry", outbox_id, chat_id, error)
            await self._store.count_attempt(outbox_id)
            self._pause(self._next_backoff())
        else:
            await self._store.mark_delivered(outbox_id, message.message_id)
            self._backoff = 0.0

    async def _migrated(self, outbox_id: int, chat_id: int, new_chat_id: int) -> None:
        if outbox_id in self._moved:  # the new chat already had this message queued
            await self._store.mark_dropped(outbox_id, f"duplicate after move to {new_chat_id}")
            return
        _LOG.info("chat %s became supergroup %s: subscription moved", chat_id, new_chat_id)
        self._moved.add(outbox_id)
        await self._store.move_subscription(chat_id, new_chat_id)

    def _pause(self, seconds: float) -> None:
        until = asyncio.get_running_loop().time() + seconds
        self._resume_at = max(self._resume_at, until)

    def _next_backoff(self) -> float:
        self._backoff = min(_MAX_BACKOFF, max(1.0, self._backoff * 2))
        return self._backoff


def _seconds(error: RetryAfter) -> float:
    # Until PTB 23 makes it a timedelta, reading retry_after warns unless PTB_TIMEDELTA is set.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
