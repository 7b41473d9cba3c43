"""Pure renderers for Telegram: engine values in, HTML messages (and keyboards) out.

Every piece of article and user text goes through ``html.escape``; the only markup is the
renderers' own. Text longer than a Telegram message is split (``split_html``) or cut
(``cut_html``) between tags and entities, never inside one, with the open tags closed at the end
of a part and reopened at the start of the next.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from html import escape, unescape

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
)
from telegram.constants import MessageLimit, ParseMode

from facts import Answer, Candidate, Document, FactChange, ReloadDiff, Source

from .render import EXAMPLE, counted

__all__ = [
    "MAX_MESSAGE",
    "abstention_html",
    "answer_html",
    "cut_html",
    "declined_html",
    "diff_html",
    "did_you_mean_keyboard",
    "error_html",
    "expired_text",
    "flood_html",
    "group_welcome_html",
    "help_html",
    "inline_results",
    "notification_html",
    "refusal_html",
    "source_html",
    "split_html",
    "stats_html",
    "subscription_html",
    "unanswered_html",
]

MAX_MESSAGE = MessageLimit.MAX_TEXT_LENGTH
_LABEL = 56
_OFFERED = 300  # characters of a sentence offered with "did you mean"
_TOKENS = re.compile(r"<[^>]*>|&#?\w+;|[^<&]", re.DOTALL)
_TAG_NAME = re.compile(r"</?([\w-]+)")


# -- answers ------------------------------------------------------------------------------


def answer_html(answer: Answer) -> str:
    """The short answer in bold, the sentence it comes from quoted, and the source."""
    if answer.source is None:
        return abstention_html(answer, [])
    short = f"<b>{escape(answer.answer)}</b>\n" if answer.answer else ""
    return cut_html(f"{short}<blockquote>{escape(answer.quote or '')}</blockquote>\n"
                    f"— {source_html(answer.source)}")


def source_html(source: Source) -> str:
    """The article's title, linked when the seed has a web address (Telegram refuses other
    links)."""
    if source.url and source.url.lower().startswith(("https://", "http://")):
        return f'<a href="{escape(source.url)}">{escape(source.title)}</a>'
    return f"<i>{escape(source.title)}</i>"


def abstention_html(answer: Answer, documents: Sequence[Document]) -> str:
    """Say plainly that the sources do not tell, then what to try instead."""
    if answer.candidates:
        # the sentences in full, numbered as the buttons that pick them
        offered = "\n\n".join(
            f"{n}. {escape(_cut(c.quote, _OFFERED))}\n— {source_html(c.source)}"
            for n, c in enumerate(answer.candidates[:3], start=1))
        return cut_html(f"I'm not sure I found it. Did you mean one of these?\n\n{offered}")
    titles = ", ".join(f"<i>{escape(d.title)}</i>" for d in documents[:3])
    more = f" and {len(documents) - 3} more" if len(documents) > 3 else ""
    read = f"I have read {titles}{more}. " if documents else ""
    return cut_html(f"I don't know that from my sources.\n{read}Ask me about what they report: "
                    f"amounts, dates, people, places, for example <i>{escape(EXAMPLE)}</i>")


def did_you_mean_keyboard(candidates: Sequence[Candidate], token: str) -> InlineKeyboardMarkup:
    """One button per candidate sentence; its data names the question and the sentence."""
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(f"{n}. {_cut(c.quote, _LABEL)}",
                              callback_data=f"pick:{token}:{c.sentence_id}")]
        for n, c in enumerate(candidates[:3], start=1)])


def _cut(quote: str, size: int) -> str:
    text = " ".join(quote.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def inline_results(answer: Answer) -> list[InlineQueryResultArticle]:
    """Inline-mode results: the answer, or else the candidate sentences."""
    if answer.answered and answer.source is not None:
        return [_article("answer", answer.answer or "", answer.quote or "", answer_html(answer))]
    return [_article(f"c{c.sentence_id}", c.source.title, c.quote,
                     f"<blockquote>{escape(c.quote)}</blockquote>\n— {source_html(c.source)}")
            for c in answer.candidates[:3]]


def _article(result_id: str, title: str, description: str, html: str
             ) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=result_id, title=_cut(title, _LABEL) or "…", description=_cut(description, _LABEL),
        input_message_content=InputTextMessageContent(cut_html(html),
                                                      parse_mode=ParseMode.HTML))


def declined_html() -> str:
    return (f"Please ask a question in words, for example <i>{escape(EXAMPLE)}</i>\n"
            "In a group: <code>/ask your question</code>.")


def flood_html(seconds: float) -> str:
    return (f"You are asking faster than I can answer well. Please wait about "
            f"{round(seconds)} seconds, then ask again.")


def expired_text() -> str:
    return "That question is too old for me to remember. Please ask it again."


def error_html() -> str:
    return "Sorry, something went wrong on my side. Please try again in a moment."


# -- explaining ---------------------------------------------------------------------------


def group_welcome_html() -> str:
    """What the bot says when it is added to a group."""
    return ("Hello! I answer questions about the news articles I have read, and quote the "
            "sentence I found the answer in. Ask with <code>/ask your question</code>, or "
            "mention me. Group administrators can /subscribe this group to hear about new "
            "facts; /help tells more.")


def help_html(documents: Sequence[Document], *, bot_admin: bool = False) -> str:
    """What the bot does, how to ask in a private chat and in a group, and what it has read."""
    titles = "\n".join(f"• {source_html(d)}" for d in documents[:10])
    more = f"\n• and {len(documents) - 10} more" if len(documents) > 10 else ""
    lines = [
        "I answer questions about the news articles I have read, and quote the sentence I "
        "found the answer in.",
        "",
        f"<b>In a private chat</b> just send me a question, like <i>{escape(EXAMPLE)}</i>",
        "<b>In a group</b> use <code>/ask your question</code>, mention me, or reply to one "
        "of my messages. A reply to one of my news notices asks about that article first.",
        "<b>In any chat</b> type my username and a question to answer it inline.",
        "Group administrators can /subscribe a group to hear about new facts.",
    ]
    if bot_admin:
        lines.append("<b>Admin</b>: /reload the articles, /stats, /unanswered questions.")
    if documents:
        lines += ["", f"<b>Articles</b> ({len(documents)}):", titles + more]
    return cut_html("\n".join(lines))


def refusal_html(command: str, who: str) -> str:
    """A polite no to someone who may not use a command."""
    return f"Sorry, /{escape(command)} is only for {who}."


def subscription_html(subscribed: bool, changed: bool) -> str:
    if subscribed:
        return ("Subscribed: this group will hear about new facts after each reload."
                if changed else "This group is already subscribed.")
    return ("Unsubscribed: no more notices here." if changed
            else "This group was not subscribed.")


# -- reloads and notifications ------------------------------------------------------------


def diff_html(diff: ReloadDiff, notified: int) -> list[str]:
    """A reload's diff for the admin who asked for it: facts added, changed and removed by
    article, the files skipped with the reason, and how many groups will be told."""
    lines = [f"<b>Reload</b>: {counted(diff.added, 'fact')} added, "
             f"{sum(len(s.changed) for s in diff.seeds)} changed, "
             f"{sum(len(s.removed) for s in diff.seeds)} removed; "
             f"{counted(diff.unchanged, 'article')} unchanged."]
    for seed in diff.seeds:
        lines.append(f"\n<b>{escape(seed.title)}</b> [{escape(seed.seed_id)}]: {seed.status}")
        lines += [f"+ {escape(f.kind)}: {escape(f.text)}" for f in seed.added]
        lines += [f"~ {escape(f.kind)}: {escape(f.text)}" for f in seed.changed]
        lines += [f"− {escape(f.kind)}: {escape(f.text)}" for f in seed.removed]
    if diff.bad:
        lines.append("\n<b>Skipped files</b>")
        lines += [f"• {escape(b.path)}: {escape(b.reason)}" for b in diff.bad]
    lines.append(f"\nNotifying {counted(notified, 'subscribed group')}." if notified else
                 "\nNo group notices for this reload.")
    return split_html("\n".join(lines))


def notification_html(diff: ReloadDiff, titles: Mapping[str, Source]) -> str:
    """One message for a group: the new facts of a reload by article, each under the sentence
    it comes from, cut to one Telegram message, ending with how to ask more."""
    blocks = []
    for seed in diff.seeds:
        if not seed.added:
            continue
        source = titles.get(seed.seed_id) or Source(id=seed.seed_id, title=seed.title)
        blocks.append(f"<b>{source_html(source)}</b>")
        for quote, facts in _by_quote(seed.added):
            blocks.append(f"{escape(' · '.join(facts))}\n"
                          f"<blockquote>{escape(quote)}</blockquote>")
    footer = ("\nReply to this message to ask me about "
              f"{'this article' if _articles(diff) == 1 else 'these articles'}.")
    body = "\n".join(["<b>New in the news</b>", *blocks])
    room = MAX_MESSAGE - _size(footer)
    return cut_html(body, room, tail="\n…") + footer


def _articles(diff: ReloadDiff) -> int:
    return sum(1 for s in diff.seeds if s.added)


def _by_quote(facts: Iterable[FactChange]) -> list[tuple[str, list[str]]]:
    grouped: dict[str, list[str]] = {}
    for fact in facts:
        grouped.setdefault(fact.quote, []).append(f"{fact.kind}: {fact.text}")
    return list(grouped.items())


# -- admin --------------------------------------------------------------------------------


def stats_html(counts: Mapping[str, int], subscriptions: int, outbox: Mapping[str, int],
               documents: Sequence[Document], sentences: int) -> str:
    answered, abstained = counts.get("answered", 0), counts.get("abstained", 0)
    asked = sum(counts.values())
    share = f" ({answered / asked:.0%} answered)" if asked else ""
    return (f"<b>Questions</b>: {asked} asked, {answered} answered, {abstained} abstained"
            f"{share}\n"
            f"<b>Subscribed groups</b>: {subscriptions}\n"
            f"<b>Notices</b>: {outbox.get('sent', 0)} sent, {outbox.get('pending', 0)} "
            f"pending, {outbox.get('dropped', 0)} dropped\n"
            f"<b>Corpus</b>: {counted(len(documents), 'article')}, "
            f"{counted(sentences, 'sentence')}, "
            f"{counted(sum(d.facts for d in documents), 'fact')}")


def unanswered_html(rows: Sequence[tuple[str, int]], days: int) -> str:
    if not rows:
        return f"No unanswered questions in the last {days} days."
    lines = [f"<b>Most asked questions I could not answer</b> (last {days} days)"]
    lines += [f"{i}. {escape(text)} ×{count}" for i, (text, count) in enumerate(rows, 1)]
    return cut_html("\n".join(lines))


# -- fitting into messages ----------------------------------------------------------------


def split_html(html: str, limit: int = MAX_MESSAGE) -> list[str]:
    """The message in parts of at most ``limit`` characters as Telegram counts them (the
    text a person sees), split at a line break where one is near, each part with balanced
    tags."""
    parts = []
    while _visible_len(html) > limit:
        head, html = _split(html, limit, "")
        parts.append(head)
    parts.append(html)
    return [part for part in parts if _visible(part).strip()]


def cut_html(html: str, limit: int = MAX_MESSAGE, tail: str = "…") -> str:
    """The message cut to at most ``limit`` characters, ending with ``tail``."""
    if _visible_len(html) <= limit:
        return html
    return _split(html, limit, tail)[0]


def _split(html: str, limit: int, tail: str) -> tuple[str, str]:
    """(head, rest): the longest head that fits ``limit`` with ``tail``, its open tags closed,
    and the rest with those tags reopened."""
    tokens = _TOKENS.findall(html)
    open_tags: list[str] = []
    used = _size(unescape(tail))
    best, best_open = 0, []
    breaks: dict[str, tuple[int, list[str]]] = {}
    for i, token in enumerate(tokens):
        if token.startswith("<"):
            _track(open_tags, token)
        else:
            used += _size(unescape(token))
        if used > limit:
            break
        best, best_open = i + 1, list(open_tags)
        if token in {"\n", " "}:
            breaks[token] = (i + 1, list(open_tags))
    for kind in ("\n", " "):
        if kind in breaks and breaks[kind][0] > best // 2:
            best, best_open = breaks[kind]
            break
    best = max(best, 1)
    head = "".join(tokens[:best]).rstrip() + tail + "".join(_close(t) for t in reversed(best_open))
    rest = "".join(best_open) + "".join(tokens[best:])
    return head, rest


def _track(open_tags: list[str], tag: str) -> None:
    if tag.startswith("</"):
        if open_tags:
            open_tags.pop()
    elif not tag.endswith("/>"):
        open_tags.append(tag)


def _close(tag: str) -> str:
    return f"</{_TAG_NAME.match(tag).group(1)}>"  # type: ignore[union-attr]


def _visible(html: str) -> str:
    return unescape(re.sub(r"<[^>]*>", "", html))


def _visible_len(html: str) -> int:
    return _size(_visible(html))


def _size(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2
