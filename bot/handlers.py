"""Telegram handlers. Each parses its update, calls one engine (or store) function, and sends
what a renderer in ``bot.telegram_render`` made of the result."""

from __future__ import annotations

import logging
import re
import unicodedata
from html import escape
from typing import Any

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from facts import Answer, FactsError, QuestionError
from facts.text import words

from . import telegram_render as render
from .limits import Admission
from .memory import ChatMemory
from .services import Services, services_of

__all__ = ["register"]

_LOG = logging.getLogger(__name__)
_UNANSWERED_DAYS = 30
_GROUP_ADMINS = {ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR}
_GONE = {ChatMemberStatus.LEFT, ChatMemberStatus.BANNED}
# a reply to the bot made only of these words is thanks or assent, not a question
_SMALL_TALK = frozenset("""thanks thank you thx ty cheers ok okay great cool nice good got it
    yes no sure perfect brilliant awesome lol haha wow""".split())

Context = ContextTypes.DEFAULT_TYPE


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add every handler and the error handler to the application."""
    new = filters.UpdateType.MESSAGE
    private, groups, text = filters.ChatType.PRIVATE, filters.ChatType.GROUPS, filters.TEXT
    addressed = filters.Entity(MessageEntity.MENTION) | filters.REPLY
    application.add_handlers([
        CommandHandler(["start", "help"], explain, filters=new),
        CommandHandler("ask", ask_command, filters=new),
        CommandHandler("subscribe", subscribe, filters=new),
        CommandHandler("unsubscribe", unsubscribe, filters=new),
        CommandHandler("reload", reload, filters=new),
        CommandHandler("stats", stats, filters=new),
        CommandHandler("unanswered", unanswered, filters=new),
        MessageHandler(new & private & (text | filters.CAPTION) & ~filters.COMMAND,
                       ask_private),
        MessageHandler(new & groups & text & ~filters.COMMAND & addressed, ask_in_group),
        MessageHandler(new & private, decline),
        MessageHandler(filters.StatusUpdate.MIGRATE, migrated),
        CallbackQueryHandler(pick, pattern=r"^pick:"),
        InlineQueryHandler(inline_query),
        ChatMemberHandler(membership, ChatMemberHandler.MY_CHAT_MEMBER),
    ])
    application.add_error_handler(on_error)


# -- asking -------------------------------------------------------------------------------


async def explain(update: Update, context: Context) -> None:
    """Explain the bot (/start and /help)."""
    services = _services(context)
    user = update.effective_user
    documents = await services.engine.documents()
    await _message(update).reply_html(render.help_html(
        documents, bot_admin=services.is_bot_admin(user.id if user else None)))


async def ask_private(update: Update, context: Context) -> None:
    """Answer a question sent in a private chat (as a message, or as a photo's caption)."""
    message = _message(update)
    await _answer(update, context, message.text or message.caption or "",
                  await _scope(message, context))


async def ask_command(update: Update, context: Context) -> None:
    """Answer the question after /ask, in any chat."""
    await _answer(update, context, " ".join(context.args or []), [])


async def ask_in_group(update: Update, context: Context) -> None:
    """Answer a group message that mentions the bot or replies to one of its messages."""
    message = _message(update)
    username = context.bot.username
    mentioned = any(m.lower() == f"@{username}".lower()
                    for m in message.parse_entities([MessageEntity.MENTION]).values())
    if not mentioned and not _replies_to_bot(message, context):
        return
    if not mentioned and _SMALL_TALK.issuperset(words(message.text or "")):
        return  # "thanks!" in reply to an answer is no question
    text = re.sub(re.escape(f"@{username}"), " ", message.text or "", flags=re.IGNORECASE)
    await _answer(update, context, text, await _scope(message, context))


async def decline(update: Update, context: Context) -> None:
    """Ask for words when a private message has none (a sticker, a photo, /unknown)."""
    await _message(update).reply_html(render.declined_html())


async def pick(update: Update, context: Context) -> None:
    """Answer from the sentence a "did you mean" button names, and acknowledge the press."""
    query = update.callback_query
    assert query is not None and query.data is not None
    services = _services(context)
    _, token, sentence = (query.data.split(":") + ["", ""])[:3]
    recalled = _memory(context).recall(token) if context.chat_data is not None else None
    if recalled is None or not sentence.isdigit():
        await query.answer(render.expired_text(), show_alert=True)
        return
    if await services.flood.admit(query.from_user.id) is not Admission.ASK:
        await query.answer(render.flood_html(services.settings.question_window_seconds))
        return
    question, source = recalled
    answer = await _ask(services, question, [source] if source else [], pick=int(sentence))
    await query.answer()
    await query.edit_message_text(await _answer_html(services, answer))


async def inline_query(update: Update, context: Context) -> None:
    """Offer answers as inline results for ``@bot question`` typed in any chat."""
    # Not flood-guarded or logged: Telegram sends a query per pause in typing and caches the
    # results (cache_time), so these are drafts rather than questions.
    query = update.inline_query
    assert query is not None
    question = _clean(query.query)
    answer = await _ask(_services(context), question, []) if question else None
    await query.answer(render.inline_results(answer) if answer else [], cache_time=30)


async def _answer(update: Update, context: Context, text: str, sources: list[str]) -> None:
    """The common path of every question: flood guard, follow-up, ask, log, reply."""
    services = _services(context)
    message, chat, user = _message(update), update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    admission = await services.flood.admit(user.id)
    if admission is not Admission.ASK:
        if admission is Admission.WARN:
            await message.reply_html(render.flood_html(services.settings.question_window_seconds),
                                     do_quote=True)
        return
    question = _clean(text)
    if not question:
        await message.reply_html(render.declined_html(), do_quote=True)
        return
    memory = _memory(context)
    resolved = memory.conversation.resolve(question)
    answer = await _ask(services, resolved, sources)
    memory.conversation.remember(resolved, answer.answered)
    await services.engine.store.log_question(
        chat.type, question, "answered" if answer.answered else "abstained")
    keyboard = None
    if not answer.answered and answer.candidates:
        # A press asks again within the article the candidates came from, if it was limited.
        token = memory.keep(resolved, answer.candidates[0].source.id if sources else None)
        keyboard = render.did_you_mean_keyboard(answer.candidates, token)
    await message.reply_html(await _answer_html(services, answer), do_quote=True,
                             reply_markup=keyboard)


async def _ask(services: Services, question: str, sources: list[str],
               pick: int | None = None) -> Answer:
    """Ask the engine, within the given articles when there are any (best answer wins), and
    in all of them when those do not answer: the answer names its article."""
    answers = []
    for source in sources:
        try:
            answers.append(await services.engine.ask(question, source=source, top=3, pick=pick))
        except QuestionError:  # the article was removed since
            continue
    best = max(answers, key=lambda a: (a.answered, a.score), default=None)
    if best is None or (not best.answered and pick is None):
        anywhere = await services.engine.ask(question, top=3, pick=pick)
        if best is None or anywhere.answered:
            return anywhere
    return best


async def _answer_html(services: Services, answer: Answer) -> str:
    if answer.answered:
        return render.answer_html(answer)
    documents = [] if answer.candidates else await services.engine.documents()
    return render.abstention_html(answer, documents)


async def _scope(message: Message, context: Context) -> list[str]:
    """The articles a reply to one of the bot's notices is about; none for other messages."""
    if not _replies_to_bot(message, context):
        return []
    replied = message.reply_to_message
    assert replied is not None
    return await _services(context).engine.store.notice_sources(message.chat.id,
                                                                replied.message_id)


def _replies_to_bot(message: Message, context: Context) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == context.bot.id)


def _clean(text: str) -> str:
    """The question without control characters and with single spaces."""
    kept = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return " ".join(kept.split())


# -- group notifications ------------------------------------------------------------------


async def subscribe(update: Update, context: Context) -> None:
    """Subscribe a group to notices of new facts (its administrators and bot admins)."""
    await _subscription(update, context, subscribed=True)


async def unsubscribe(update: Update, context: Context) -> None:
    """Unsubscribe a group from notices of new facts."""
    await _subscription(update, context, subscribed=False)


async def _subscription(update: Update, context: Context, subscribed: bool) -> None:
    chat, message = update.effective_chat, _message(update)
    assert chat is not None
    command = "subscribe" if subscribed else "unsubscribe"
    if chat.type == ChatType.PRIVATE:
        await message.reply_html(f"Use /{command} in a group, where I send notices.")
        return
    if not await _manages_group(update, context):
        _LOG.warning("refused /%s to user %s in chat %s", command,
                     update.effective_user.id if update.effective_user else None, chat.id)
        await message.reply_html(render.refusal_html(command, "the group's administrators"),
                                 do_quote=True)
        return
    store = _services(context).engine.store
    changed = await (store.subscribe(chat.id, chat.title) if subscribed
                     else store.unsubscribe(chat.id))
    await message.reply_html(render.subscription_html(subscribed, changed), do_quote=True)


async def _manages_group(update: Update, context: Context) -> bool:
    chat, user, message = update.effective_chat, update.effective_user, _message(update)
    assert chat is not None
    if message.sender_chat is not None:  # an anonymous administrator writes as the group
        return message.sender_chat.id == chat.id
    if user is None:
        return False
    if _services(context).is_bot_admin(user.id):
        return True
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in _GROUP_ADMINS


async def membership(update: Update, context: Context) -> None:
    """Say how to ask when added to a group; unsubscribe a group that removed the bot."""
    change = update.my_chat_member
    assert change is not None
    gone = change.new_chat_member.status in _GONE
    if gone and await _services(context).engine.store.unsubscribe(change.chat.id):
        _LOG.info("removed from chat %s: unsubscribed", change.chat.id)
    joined = change.old_chat_member.status in _GONE and not gone
    if joined and change.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
        await context.bot.send_message(change.chat.id, render.group_welcome_html())


async def migrated(update: Update, context: Context) -> None:
    """Follow a group that became a supergroup."""
    message = _message(update)
    if message.migrate_to_chat_id:
        await _services(context).engine.store.move_subscription(message.chat.id,
                                                                message.migrate_to_chat_id)


# -- admin --------------------------------------------------------------------------------


async def reload(update: Update, context: Context) -> None:
    """Re-read the seeds, reply with the diff, then notify subscribed groups."""
    if not await _bot_admin(update, context, "reload"):
        return
    services, message = _services(context), _message(update)
    try:
        diff = await services.engine.reload(services.settings.seeds_dir)
    except FactsError as error:
        await message.reply_html(f"Reload failed: {escape(str(error))}")
        return
    assert services.broadcaster is not None
    notified = await services.broadcaster.publish(diff)
    for part in render.diff_html(diff, notified):
        await message.reply_html(part)


async def stats(update: Update, context: Context) -> None:
    """Questions asked, answered and abstained; subscriptions; corpus size."""
    if not await _bot_admin(update, context, "stats"):
        return
    engine = _services(context).engine
    await _message(update).reply_html(render.stats_html(
        await engine.store.question_counts(), len(await engine.store.subscribers()),
        await engine.store.outbox_counts(), await engine.documents(),
        await engine.sentence_count()))


async def unanswered(update: Update, context: Context) -> None:
    """The most frequent recent questions the bot could not answer."""
    if not await _bot_admin(update, context, "unanswered"):
        return
    rows = await _services(context).engine.store.unanswered(days=_UNANSWERED_DAYS)
    await _message(update).reply_html(render.unanswered_html(rows, _UNANSWERED_DAYS))


async def _bot_admin(update: Update, context: Context, command: str) -> bool:
    """True for a bot admin; anyone else gets a polite refusal, and the attempt is logged."""
    user, chat = update.effective_user, update.effective_chat
    if _services(context).is_bot_admin(user.id if user else None):
        return True
    _LOG.warning("refused /%s to user %s in chat %s", command, user.id if user else None,
                 chat.id if chat else None)
    await _message(update).reply_html(render.refusal_html(command, "the bot's administrators"))
    return False


# -- errors -------------------------------------------------------------------------------


async def on_error(update: object, context: Context) -> None:
    """Log the error with its traceback and tell the person something went wrong."""
    _LOG.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(render.error_html(), show_alert=True)
        elif update.effective_message is not None and update.effective_chat is not None:
            await update.effective_message.reply_html(render.error_html(), do_quote=True)
    except TelegramError as error:
        _LOG.warning("could not tell the user about the error: %s", error)


# -- helpers ------------------------------------------------------------------------------


def _services(context: Context) -> Services:
    return services_of(context.application)


def _memory(context: Context) -> ChatMemory:
    assert context.chat_data is not None
    memory = context.chat_data.get("memory")
    if memory is None:
        memory = ChatMemory(_services(context).settings.follow_up_seconds)
        context.chat_data["memory"] = memory
    return memory


def _message(update: Update) -> Message:
    assert update.effective_message is not None
    return update.effective_message
