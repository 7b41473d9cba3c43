"""Per-user flood protection: a few questions per window, then one polite notice, then
silence until the user's budget refills.

Each user gets a leaky bucket from aiolimiter, the library PTB's own rate limiter is built on.
"""

from __future__ import annotations

import enum

from aiolimiter import AsyncLimiter

__all__ = ["Admission", "FloodGuard"]

_KEEP = 10_000


class Admission(enum.Enum):
    """What to do with a user's next question."""

    ASK = "ask"  # within budget: answer it
    WARN = "warn"  # first one over budget: say so, once
    DROP = "drop"  # still over budget and already told: ignore it


class FloodGuard:
    """Admit at most ``questions`` per ``seconds`` from each user."""

    def __init__(self, questions: int, seconds: float) -> None:
        self.questions = questions
        self.seconds = seconds
        self._buckets: dict[int, AsyncLimiter] = {}
        self._warned: set[int] = set()

    async def admit(self, user_id: int) -> Admission:
        bucket = self._bucket(user_id)
        if bucket.has_capacity():
            await bucket.acquire()  # returns at once: there is capacity
            self._warned.discard(user_id)
            return Admission.ASK
        if user_id in self._warned:
            return Admission.DROP
        self._warned.add(user_id)
        return Admission.WARN

    def _bucket(self, user_id: int) -> AsyncLimiter:
        if user_id not in self._buckets and len(self._buckets) >= _KEEP:
            self._forget_idle()
        if user_id not in self._buckets:
            self._buckets[user_id] = AsyncLimiter(self.questions, self.seconds)
        return self._buckets[user_id]

    def _forget_idle(self) -> None:
        """Drop the buckets that have drained: their users are within budget again."""
        for user_id, bucket in list(self._buckets.items()):
            if bucket.has_capacity(bucket.max_rate):
                del self._buckets[user_id]
                self._warned.discard(user_id)
