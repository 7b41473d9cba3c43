"""The Telegram application.

``build_application(settings)`` builds everything: the handlers, the rate limiter, and the
hooks that open the engine (``post_init``), stop the broadcaster (``post_stop``) and close the
engine (``post_shutdown``). ``run(settings)`` only checks the token, sets up logging and starts
the application with long polling, or with a webhook when ``WEBHOOK_URL`` is set.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import sys
from collections.abc import Iterable
from typing import IO, Any
from urllib.parse import urlsplit

from pydantic import SecretStr
from telegram import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults, ExtBot

from facts import Engine, FactsError

from . import handlers
from .limits import FloodGuard
from .notify import Broadcaster
from .services import Services, attach, services_of
from .settings import Settings

__all__ = ["ALLOWED_UPDATES", "RedactSecrets", "build_application", "configure_logging",
           "run", "token_problem", "webhook_options"]

_LOG = logging.getLogger(__name__)
_BROADCAST_IN_FLIGHT = 8
_TOKEN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY,
                   Update.MY_CHAT_MEMBER]

_ASK = ("ask", "Ask a question about the news")
_HELP = ("help", "How to ask me")
_PRIVATE_MENU = [_HELP, ("start", "What I do")]
_GROUP_MENU = [_ASK, _HELP]
_GROUP_ADMIN_MENU = [*_GROUP_MENU, ("subscribe", "Notices of new facts in this group"),
                     ("unsubscribe", "No more notices in this group")]
_BOT_ADMIN_MENU = [*_PRIVATE_MENU, ("reload", "Re-read the articles, notify groups"),
                   ("stats", "Questions, subscriptions, corpus size"),
                   ("unanswered", "Frequent questions I could not answer")]

App = Application[Any, Any, Any, Any, Any, Any]


def token_problem(token: SecretStr | None) -> str | None:
    """Why the token cannot be used, in one line that does not show it; None when it looks
    right."""
    value = token.get_secret_value().strip() if token is not None else ""
    if not value:
        return ("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and put it in the "
                "environment or in .env")
    if not _TOKEN.match(value):
        return ("TELEGRAM_BOT_TOKEN is malformed: expected the bot id, a colon and the secret, "
                "as @BotFather gives it")
    return None


def build_application(settings: Settings, engine: Engine | None = None) -> App:
    """The bot, ready to run; the engine is opened in post_init unless one is given."""
    problem = token_problem(settings.telegram_bot_token)
    if problem is not None:
        raise ValueError(problem)
    assert settings.telegram_bot_token is not None
    limiter = AIORateLimiter(
        overall_max_rate=0,  # broadcasts are paced by the Broadcaster; answers by FloodGuard
        group_max_rate=settings.group_messages_per_minute, group_time_period=60,
        max_retries=settings.flood_retries)
    application = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value().strip())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(_file_url(settings.telegram_api_base_url))
        .defaults(Defaults(parse_mode=ParseMode.HTML, allow_sending_without_reply=True,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(limiter)
        .concurrent_updates(settings.concurrent_updates)
        # A connection for every handler at once and for the broadcaster's sends, and no more:
        # httpcore's pool does work for every connection it holds on every request.
        .connection_pool_size(settings.concurrent_updates + _BROADCAST_IN_FLIGHT)
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
        .build()
    )
    flood = FloodGuard(settings.questions_per_window, settings.question_window_seconds)
    attach(application, Services(settings=settings, flood=flood, opened=engine))
    handlers.register(application)
    return application


def _file_url(base_url: str) -> str:
    head, found, tail = base_url.rpartition("/bot")
    return f"{head}/file/bot{tail}" if found else base_url


async def _post_init(application: App) -> None:
    services = services_of(application)
    settings = services.settings
    if services.opened is None:
        services.opened = await Engine.open(settings.database_path)
        services.owns_engine = True
    broadcaster = Broadcaster(application.bot, services.engine.store,
                              per_second=settings.notifications_per_second,
                              in_flight=_BROADCAST_IN_FLIGHT)
    services.broadcaster = broadcaster
    if not await services.engine.documents():
        diff = await services.engine.reload(settings.seeds_dir)
        _LOG.info("empty database: loaded %d articles, %d facts", len(diff.seeds), diff.added)
        await broadcaster.publish(diff)
    await _set_commands(application.bot, settings.admin_user_ids)
    broadcaster.start()


async def _post_stop(application: App) -> None:
    broadcaster = services_of(application).broadcaster
    if broadcaster is not None:
        await broadcaster.stop()


async def _post_shutdown(application: App) -> None:
    services = services_of(application)
    await _post_stop(application)  # post_stop does not run when start-up failed half way
    if services.owns_engine and services.opened is not None:
        await services.opened.close()
        services.opened = None


async def _set_commands(bot: ExtBot[Any], admins: Iterable[int]) -> None:
    """The command menus: private chats, groups, group administrators, and each bot admin."""
    menus: list[tuple[list[tuple[str, str]], Any]] = [
        (_PRIVATE_MENU, BotCommandScopeAllPrivateChats()),
        (_GROUP_MENU, BotCommandScopeAllGroupChats()),
        (_GROUP_ADMIN_MENU, BotCommandScopeAllChatAdministrators()),
        *[(_BOT_ADMIN_MENU, BotCommandScopeChat(admin)) for admin in sorted(admins)],
    ]
    for commands, scope in menus:
        try:
            await bot.set_my_commands([BotCommand(*c) for c in commands], scope=scope)
        except TelegramError as error:  # e.g. an admin who never opened a chat with the bot
            _LOG.warning("could not set the %s command menu: %s", scope.type, error)


# -- running ------------------------------------------------------------------------------


def run(settings: Settings) -> int:
    """Run the bot until SIGINT or SIGTERM; returns the exit code."""
    problem = token_problem(settings.telegram_bot_token)
    if problem is not None:
        return _fail(problem, 2)
    configure_logging(settings)
    application = build_application(settings)
    asyncio.set_event_loop(asyncio.new_event_loop())
    try:
        if settings.webhook_url:
            application.run_webhook(**webhook_options(settings),
                                    allowed_updates=ALLOWED_UPDATES)
        else:
            application.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        return _fail("Telegram rejected TELEGRAM_BOT_TOKEN: check it with @BotFather", 2)
    except FactsError as error:
        return _fail(str(error), 1)
    except Exception:
        _LOG.exception("the bot stopped on an error")
        return 1
    return 0


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Arguments for PTB's webhook server, from WEBHOOK_URL and friends."""
    assert settings.webhook_url is not None
    given = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    secret = given or secrets.token_urlsafe(32)  # a fresh one each start serves as well
    return {"listen": settings.webhook_listen, "port": settings.webhook_port,
            "url_path": urlsplit(settings.webhook_url).path.lstrip("/"),
            "webhook_url": settings.webhook_url, "secret_token": secret}


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


# -- logging ------------------------------------------------------------------------------


class RedactSecrets(logging.Filter):
    """Replace the bot token and the webhook secret in every record, traceback included.

    httpx logs each request's URL, which holds the token, and PTB puts the token in the
    message of a rejected-token error; this filter sits on the handlers so nothing escapes.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = self.redact(record.getMessage()), None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return text


def configure_logging(settings: Settings, stream: IO[str] | None = None) -> logging.Handler:
    """Log to stderr (or ``stream``) at LOG_LEVEL, with the secrets redacted."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(_secrets(settings)))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # run() reports a rejected token in one line; PTB would add a traceback.
    logging.getLogger("telegram.ext").addFilter(_not_invalid_token)
    return handler


def _secrets(settings: Settings) -> list[str]:
    found = []
    for secret in (settings.telegram_bot_token, settings.webhook_secret):
        if secret is not None and secret.get_secret_value().strip():
            value = secret.get_secret_value().strip()
            found += [value, value.partition(":")[2]]
    return found


def _not_invalid_token(record: logging.LogRecord) -> bool:
    return not (record.exc_info and isinstance(record.exc_info[1], InvalidToken))
