"""Telegram's HTML parse mode as the Bot API checks it, for the fake server and the renderer
tests: only Telegram's tags, balanced, every bare ``<``, ``>`` and ``&`` escaped; lengths in
UTF-16 code units, as Telegram counts them."""

from __future__ import annotations

import html
import re

__all__ = ["HtmlError", "parse_html", "utf16_len"]

TAGS = frozenset({"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code",
                  "pre", "blockquote", "tg-spoiler", "span", "tg-emoji"})
_TOKEN = re.compile(r"<(/?)([a-zA-Z][\w-]*)((?:\s[^<>]*)?)>"
                    r"|&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);|([<>&])")


class HtmlError(ValueError):
    """Text that Telegram would refuse to parse."""


def parse_html(text: str) -> str:
    """The text a person sees, or HtmlError where Telegram would answer 400."""
    out: list[str] = []
    open_tags: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        out.append(text[position:match.start()])
        position = match.end()
        closing, tag, _, entity, bare = match.groups()
        if bare:
            raise HtmlError(f"unexpected {bare!r} at offset {match.start()}")
        if entity:
            out.append(html.unescape(f"&{entity};"))
            continue
        tag = tag.lower()
        if tag not in TAGS:
            raise HtmlError(f"unsupported tag {tag!r} at offset {match.start()}")
        if not closing:
            open_tags.append(tag)
        elif not open_tags or open_tags.pop() != tag:
            raise HtmlError(f"unmatched end tag </{tag}> at offset {match.start()}")
    if open_tags:
        raise HtmlError(f"can't find end tag corresponding to start tag {open_tags[-1]!r}")
    out.append(text[position:])
    return "".join(out)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
