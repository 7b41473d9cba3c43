"""A small fake Telegram Bot API server on loopback, for the bot's end-to-end tests.

The bot under test is the real PTB ``Application`` with its real HTTPX request stack, pointed at
this server with ``base_url``. The server keeps a queue of updates that ``getUpdates`` hands out
honouring ``offset`` and ``timeout`` (a long poll that wakes as soon as a test injects an update),
answers the methods the bot uses with the shapes Telegram uses, checks what Telegram checks and
the tests care about (HTML that Telegram would refuse, texts over 4096 characters, callback data
over 64 bytes), and lets a test inject errors: 403 Forbidden, 429 with ``retry_after``, 400 with
``migrate_to_chat_id``.

Used as a pytest plugin (``pytest_plugins = ["fake_telegram"]``) it provides the ``fake``
fixture; ``bench/bot_bench.py`` uses the class directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from telegram_html import HtmlError, parse_html, utf16_len

__all__ = ["BOT_TOKEN", "BOT_USER", "Call", "FakeTelegram", "fake"]

BOT_TOKEN = "123456789:AAFakeTokenForTestsOnly-0123456789ab"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "NewsFacts",
            "username": "newsfacts_test_bot", "can_join_groups": True,
            "can_read_all_group_messages": False, "supports_inline_queries": True}

# Form fields PTB sends as plain strings; every other field is JSON-encoded.
_STRING_FIELDS = frozenset({
    "text", "parse_mode", "callback_query_id", "inline_query_id", "next_offset", "url",
    "secret_token", "language_code", "inline_message_id", "business_connection_id",
    "message_effect_id", "ip_address", "caption", "description", "short_description", "name"})
_ADMIN_RIGHTS = ("can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages",
                 "can_manage_video_chats", "can_restrict_members", "can_promote_members",
                 "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories",
                 "can_delete_stories")


class ApiError(Exception):
    """An error answer of the Bot API: HTTP status, description and response parameters."""

    def __init__(self, status: int, description: str, **parameters: int) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass
class Call:
    """One request the bot made: method, decoded parameters, arrival time, and the outcome."""

    method: str
    params: dict[str, Any]
    at: float
    result: Any = None
    error: int | None = None
    done: bool = False


@dataclass
class _Failure:
    method: str
    error: ApiError
    chat_id: int | None
    times: int


@dataclass
class _Chat:
    info: dict[str, Any]
    next_message_id: Callable[[], int] = field(default_factory=lambda: itertools.count(1).__next__)


class FakeTelegram:
    """The fake server: ``await start()``, point the bot at ``base_url``, inject, observe."""

    def __init__(self, token: str = BOT_TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.webhook: dict[str, Any] | None = None
        self.statuses: dict[tuple[int, int], str] = {}
        self.injected_at: dict[tuple[int, int], float] = {}
        self.latency = 0.0  # seconds sendMessage takes, to catch messages in flight
        self.replies: dict[tuple[int, int], Call] = {}  # (chat, message replied to): reply
        self._chats: dict[int, _Chat] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._failures: list[_Failure] = []
        self._next_update = itertools.count(1).__next__
        self._next_query = itertools.count(1).__next__
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- running ----------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, handler_cancellation=True,
                                     access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        self._closing = True
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # -- chats and users --------------------------------------------------------------------

    @staticmethod
    def user(user_id: int, first_name: str = "Ada", **extra: Any) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": first_name, **extra}

    def private(self, user: dict[str, Any]) -> dict[str, Any]:
        return self._chat({"id": user["id"], "type": "private", "first_name": user["first_name"]})

    def group(self, chat_id: int, title: str = "Newsroom") -> dict[str, Any]:
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        return self._chat({"id": chat_id, "type": kind, "title": title})

    def _chat(self, info: dict[str, Any]) -> dict[str, Any]:
        known = self._chats.setdefault(info["id"], _Chat(info))
        return known.info

    def set_status(self, chat_id: int, user_id: int, status: str) -> None:
        """What getChatMember answers for this user: creator, administrator, member, left."""
        self.statuses[(chat_id, user_id)] = status

    # -- injecting updates ------------------------------------------------------------------

    def send(self, chat: dict[str, Any], user: dict[str, Any], text: str,
             reply_to: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
        """A person writes ``text`` in ``chat``; returns the message as the bot will see it."""
        message = self.message(chat, user, text, reply_to, **extra)
        self.injected_at[(chat["id"], message["message_id"])] = time.monotonic()
        self.push({"message": message})
        return message

    def message(self, chat: dict[str, Any], user: dict[str, Any], text: str,
                reply_to: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
        """A message as Telegram would deliver it, without queueing it (for webhooks)."""
        message = self._new_message(chat, user, **({"text": text} if text else {}), **extra)
        entities = _entities(text)
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return message

    def press(self, message: dict[str, Any], data: str, user: dict[str, Any]) -> str:
        """A person presses an inline button of a bot message; returns the query id."""
        query_id = f"cq{self._next_query()}"
        self.push({"callback_query": {"id": query_id, "from": user, "message": message,
                                      "chat_instance": f"ci{message['chat']['id']}",
                                      "data": data}})
        return query_id

    def inline(self, user: dict[str, Any], query: str) -> str:
        """A person types ``@bot query`` in any chat; returns the inline query id."""
        query_id = f"iq{self._next_query()}"
        self.push({"inline_query": {"id": query_id, "from": user, "query": query, "offset": "",
                                    "chat_type": "private"}})
        return query_id

    def member_update(self, chat: dict[str, Any], user: dict[str, Any], old: str,
                      new: str) -> None:
        """The bot's own membership in ``chat`` changed, e.g. from member to kicked."""
        self.push({"my_chat_member": {
            "chat": chat, "from": user, "date": int(time.time()),
            "old_chat_member": _member(BOT_USER, old), "new_chat_member": _member(BOT_USER, new)}})

    def push(self, body: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": self._next_update(), **body}
        self.updates.append(update)
        self._notify()
        return update

    def _new_message(self, chat: dict[str, Any], sender: dict[str, Any], **fields: Any
                     ) -> dict[str, Any]:
        self._chat(chat)
        known = self._chats[chat["id"]]
        message = {"message_id": known.next_message_id(), "date": int(time.time()),
                   "chat": known.info, "from": sender, **fields}
        self._messages[(chat["id"], message["message_id"])] = message
        return message

    # -- injecting errors -------------------------------------------------------------------

    def fail(self, method: str, status: int, description: str, *, chat_id: int | None = None,
             times: int = 1, **parameters: int) -> None:
        """Answer the next ``times`` calls of ``method`` (to ``chat_id``) with an error."""
        self._failures.append(_Failure(method, ApiError(status, description, **parameters),
                                       chat_id, times))

    def forbid(self, chat_id: int, times: int = 1) -> None:
        self.fail("sendMessage", 403, "Forbidden: bot was kicked from the group chat",
                  chat_id=chat_id, times=times)

    def flood(self, method: str, retry_after: int, chat_id: int | None = None) -> None:
        self.fail(method, 429, f"Too Many Requests: retry after {retry_after}", chat_id=chat_id,
                  retry_after=retry_after)

    def migrate(self, chat_id: int, new_chat_id: int) -> None:
        self.fail("sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat",
                  chat_id=chat_id, times=1_000_000, migrate_to_chat_id=new_chat_id)

    # -- observing --------------------------------------------------------------------------

    def called(self, method: str, ok: bool = True) -> list[Call]:
        """The calls of ``method`` answered so far, successful ones (or failed ones)."""
        return [c for c in self.calls
                if c.method == method and c.done and (c.error is None) == ok]

    def sent(self, chat_id: int | None = None) -> list[Call]:
        """Every message the bot sent successfully, oldest first (to ``chat_id`` only)."""
        return [c for c in self.called("sendMessage")
                if chat_id is None or c.params["chat_id"] == chat_id]

    async def wait(self, method: str = "sendMessage", count: int = 1, timeout: float = 5.0,
                   where: Callable[[Call], bool] = lambda call: True) -> list[Call]:
        """Wait until the bot has made ``count`` successful calls of ``method`` that match."""
        def matching() -> list[Call]:
            return [c for c in self.called(method) if where(c)]

        await self._until(lambda: len(matching()) >= count, timeout)
        return matching()

    async def reply_to(self, message: dict[str, Any], timeout: float = 5.0) -> Call:
        """The message the bot sends in reply to ``message``."""
        key = (message["chat"]["id"], message["message_id"])
        await self._until(lambda: key in self.replies, timeout)
        return self.replies[key]

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _until(self, condition: Callable[[], bool], timeout: float) -> None:
        """Wait until ``condition()`` holds, re-checking it after every change."""
        deadline = time.monotonic() + timeout
        while not condition():
            changed = self._changed
            await asyncio.wait_for(changed.wait(), max(0.0, deadline - time.monotonic()))

    # -- the API ----------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error_response(ApiError(401, "Unauthorized"))
        method = request.match_info["method"]
        params = await _params(request)
        call = Call(method, params, time.monotonic())
        self.calls.append(call)
        self._notify()
        try:
            failure = self._failure(method, params)
            if failure is not None:
                raise failure
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            call.result = await handler(params)
        except ApiError as error:
            call.error, call.done = error.status, True
            self._notify()
            return _error_response(error)
        call.done = True
        if method == "sendMessage" and _replied(params) is not None:
            self.replies.setdefault((params["chat_id"], _replied(params)), call)
        self._notify()
        return web.json_response({"ok": True, "result": call.result})

    def _failure(self, method: str, params: dict[str, Any]) -> ApiError | None:
        for failure in self._failures:
            if failure.method == method and failure.times > 0 and (
                    failure.chat_id is None or failure.chat_id == params.get("chat_id")):
                failure.times -= 1
                return failure.error
        return None

    async def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return BOT_USER

    async def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        with contextlib.suppress(TimeoutError):
            await self._until(lambda: self._closing or bool(self.updates), timeout)
        return [] if self._closing else self.updates[:limit]

    async def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.latency:
            await asyncio.sleep(self.latency)
        text = _check_text(params)
        _check_markup(params.get("reply_markup"))
        chat_id = params["chat_id"]
        if chat_id not in self._chats and chat_id < 0:
            self.group(chat_id)
        elif chat_id not in self._chats:
            self.private(self.user(chat_id))
        fields: dict[str, Any] = {"text": text}
        if params.get("reply_markup"):
            fields["reply_markup"] = params["reply_markup"]
        return self._new_message({"id": chat_id}, BOT_USER, **fields)

    async def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        text = _check_text(params)
        _check_markup(params.get("reply_markup"))
        message = self._messages.get((params.get("chat_id"), params.get("message_id")))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        message["text"] = text
        message.pop("reply_markup", None)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        return True

    async def _api_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        if len(params.get("results", [])) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        for result in params.get("results", []):
            _check_text(result["input_message_content"], field="message_text")
        return True

    async def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        scope = params.get("scope") or {"type": "default"}
        key = scope["type"] + (f":{scope['chat_id']}" if "chat_id" in scope else "")
        self.commands[key] = params["commands"]
        return True

    async def _api_getChatMember(self, params: dict[str, Any]) -> dict[str, Any]:
        status = self.statuses.get((params["chat_id"], params["user_id"]), "member")
        return _member(self.user(params["user_id"]), status)

    async def _api_getChatAdministrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [_member(self.user(user_id), status)
                for (chat_id, user_id), status in self.statuses.items()
                if chat_id == params["chat_id"] and status in {"creator", "administrator"}]

    async def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = params
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    async def _api_close(self, params: dict[str, Any]) -> bool:
        return True

    async def _api_logOut(self, params: dict[str, Any]) -> bool:
        return True


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        return dict(await request.json())
    form = await request.post() if request.can_read_body else request.query
    params: dict[str, Any] = {}
    for key, value in form.items():
        if not isinstance(value, str) or key in _STRING_FIELDS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


def _error_response(error: ApiError) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": error.status,
                            "description": error.description}
    if error.parameters:
        body["parameters"] = error.parameters
    return web.json_response(body, status=error.status)


def _check_text(params: dict[str, Any], field: str = "text") -> str:
    """The text as Telegram would show it, refusing what Telegram refuses."""
    text = params.get(field)
    if not isinstance(text, str):
        raise ApiError(400, "Bad Request: message text is empty")
    if params.get("parse_mode", "").upper() == "HTML":
        try:
            text = parse_html(text)
        except HtmlError as error:
            raise ApiError(400, f"Bad Request: can't parse entities: {error}") from None
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_len(text) > 4096:
        raise ApiError(400, "Bad Request: message is too long")
    return text


def _check_markup(markup: dict[str, Any] | None) -> None:
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            if len(button.get("callback_data", "").encode()) > 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def _entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram would find: a leading /command and @mentions (UTF-16 offsets)."""
    found = []
    for match in re.finditer(r"(?:^/[A-Za-z0-9_]+(?:@\w+)?)|@\w{5,}", text):
        kind = "bot_command" if match.group().startswith("/") else "mention"
        start = utf16_len(text[:match.start()])
        found.append({"type": kind, "offset": start, "length": utf16_len(match.group())})
    return found


def _member(user: dict[str, Any], status: str) -> dict[str, Any]:
    member: dict[str, Any] = {"user": user, "status": status}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(dict.fromkeys(_ADMIN_RIGHTS, False), can_manage_chat=True)
    elif status == "kicked":
        member["until_date"] = 0
    return member


def _replied(params: dict[str, Any]) -> int | None:
    reply = params.get("reply_parameters") or {}
    return reply.get("message_id") or params.get("reply_to_message_id")


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    """A fake Bot API server on 127.0.0.1, stopped after the test."""
    server = FakeTelegram()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
