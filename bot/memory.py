"""What the bot remembers of one chat, in memory: the conversation, for follow-ups, and the
questions behind its "did you mean" buttons.

A button's callback data may hold only 64 bytes, so it carries a short token; the question
(and the article it was limited to) stays here under that token.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict

from facts.conversation import Conversation

__all__ = ["ChatMemory"]

_KEEP = 32


class ChatMemory:
    """One chat's conversation and its recent "did you mean" questions."""

    def __init__(self, follow_up_seconds: float) -> None:
        self.conversation = Conversation(window_seconds=follow_up_seconds)
        self._asked: OrderedDict[str, tuple[str, str | None]] = OrderedDict()

    def keep(self, question: str, source: str | None) -> str:
        """Remember a question offered with buttons; returns the token for its buttons."""
        token = secrets.token_urlsafe(6)
        self._asked[token] = (question, source)
        while len(self._asked) > _KEEP:
            self._asked.popitem(last=False)
        return token

    def recall(self, token: str) -> tuple[str, str | None] | None:
        """The question and article behind a token, or None once forgotten."""
        return self._asked.get(token)
