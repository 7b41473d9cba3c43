"""Follow-up questions: "and how long is it?" asked in the context of the one before."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from .text import STOPWORDS, words

__all__ = ["Conversation", "is_follow_up"]

_OPENERS = re.compile(r"^\s*(?:and|also|so|then|what about|how about|and what about)\b",
                      re.IGNORECASE)
_PRONOUNS = frozenset({"it", "its", "that", "this", "they", "them", "their", "he", "she",
                       "his", "her", "there", "those", "these"})
_WH = frozenset({"who", "what", "when", "where", "why", "how", "which", "whom"})
# the words that make "how much", "how long", … ask for a kind of answer, not name a topic
_ASKING = frozenset("""much many long far fast old big large high tall heavy deep wide hot
    cold often soon""".split())
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def topic_words(question: str) -> list[str]:
    """The words of a question that name its topic, not what kind of answer it wants, as
    written: a name keeps its capital ("France"), which says it is a name."""
    found = []
    for word in _WORD.findall(question):
        word = re.sub(r"['’]s$", "", word)
        bare = words(word)
        if bare and bare[0] not in STOPWORDS and bare[0] not in _WH and bare[0] not in _ASKING:
            found.append(word)
    return found


def is_follow_up(question: str) -> bool:
    """A question that leans on the one before: it opens with "and"/"what about", or points
    back with a pronoun and names no topic of its own."""
    own = words(question)
    if _OPENERS.match(question):
        return len(topic_words(question)) <= 2
    return not topic_words(question) and any(w in _PRONOUNS for w in own)


class Conversation:
    """The last question of one chat, kept for a few minutes to resolve follow-ups."""

    def __init__(self, window_seconds: float = 300.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window_seconds
        self._clock = clock
        self._last: tuple[str, float] | None = None

    def resolve(self, question: str) -> str:
        """The question to ask: a follow-up gains the topic of the previous question."""
        if self._last is None or self._clock() - self._last[1] > self.window:
            return question
        if not is_follow_up(question):
            return question
        own = set(words(question))
        topic = [w for w in topic_words(self._last[0]) if words(w)[0] not in own]
        return f"{question.rstrip(' ?')} {' '.join(topic)}?" if topic else question

    def remember(self, question: str, answered: bool) -> None:
        """Keep a question as the context for the next one."""
        self._last = (question, self._clock())
