"""Teams' rate limits for the bot's own posts (PLATFORM-NOTES, "Rate limiting for agents"):
per conversation 7 per second, 8 per 2 s, 60 per 30 s and 1800 per hour; per app and tenant 50
per second. Sliding windows with ``pyrate-limiter``'s in-memory log buckets, one per
conversation and one per tenant, each window 15 % longer than Teams'. A slot is stamped when it
is taken, just before the request leaves; the request reaches Teams a little later (up to about
a tenth of a second when many posts share the event loop), and the margin keeps that delay from
making a window look fuller there than here (measured: no 429 in the 400-channel benchmark with
15 %, one or two with 5 or 10 %).

The limits are per process: several ``samstyre`` processes posting into one tenant should share
the tenant's rate (``SAMSTYRE_TENANT_RATE``, posts per second for this process; see
docs/operations.md).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Final

from cachetools import TTLCache
from pyrate_limiter import Decision, InMemoryBucket, Rate, RateItem

CONVERSATION_LIMITS: Final = ((7, 1.0), (8, 2.0), (60, 30.0), (1800, 3600.0))
TENANT_LIMITS: Final = ((50, 1.0),)
MARGIN: Final = 1.15
_IDLE_SECONDS: Final = 3700  # a conversation idle longer than the longest window starts afresh


class ThrottleSettingsError(ValueError):
    """``SAMSTYRE_TENANT_RATE`` cannot be used (the message names it)."""


def from_env(environ: Mapping[str, str]) -> Throttle:
    """The throttle with this process's share of the tenant's rate (``SAMSTYRE_TENANT_RATE``,
    1 to 50 posts per second; default 50)."""
    raw = environ.get("SAMSTYRE_TENANT_RATE", "").strip()
    if not raw:
        return Throttle()
    if not raw.isdigit() or not 1 <= int(raw) <= TENANT_LIMITS[0][0]:
        raise ThrottleSettingsError(
            f"SAMSTYRE_TENANT_RATE must be a whole number of posts per second from 1 to "
            f"{TENANT_LIMITS[0][0]}, not {raw!r}")
    return Throttle(tenant_limits=((int(raw), 1.0),))


def rates(limits: Sequence[tuple[int, float]], margin: float = MARGIN) -> list[Rate]:
    """``(count, seconds)`` pairs as pyrate-limiter rates, each window widened by ``margin``."""
    return [Rate(count, round(seconds * 1000 * margin)) for count, seconds in limits]


class Throttle:
    """Waits until one more post fits every window of its conversation and of its tenant."""

    def __init__(self, conversation_limits: Sequence[tuple[int, float]] = CONVERSATION_LIMITS,
                 tenant_limits: Sequence[tuple[int, float]] = TENANT_LIMITS, *,
                 margin: float = MARGIN, clock: Callable[[], float] = time.monotonic) -> None:
        self._conversation_rates = rates(conversation_limits, margin)
        self._tenant_rates = rates(tenant_limits, margin)
        self._clock = clock
        self._conversations: TTLCache[str, InMemoryBucket] = TTLCache(100_000, _IDLE_SECONDS)
        self._tenants: dict[str, InMemoryBucket] = {}
        self.waited = 0.0  # seconds spent waiting, for benchmarks and logs

    def _bucket(self, table: dict[str, InMemoryBucket] | TTLCache[str, InMemoryBucket],
                key: str, bucket_rates: list[Rate]) -> InMemoryBucket:
        bucket = table.get(key)
        if bucket is None:
            bucket = InMemoryBucket(bucket_rates)
            table[key] = bucket
        return bucket

    async def acquire(self, conversation: str, tenant: str | None = None) -> None:
        """Take one slot in the conversation's windows, then one in the tenant's."""
        await self._take(self._bucket(self._conversations, conversation,
                                      self._conversation_rates), conversation)
        await self._take(self._bucket(self._tenants, tenant or "", self._tenant_rates),
                         tenant or "")

    async def _take(self, bucket: InMemoryBucket, name: str) -> None:
        while True:
            now = int(self._clock() * 1000)
            bucket.leak(now)
            decision = bucket.put_decision(RateItem(name, now))
            assert isinstance(decision, Decision)  # the in-memory bucket answers at once
            if decision.allowed:
                return
            wait = max(decision.retry_after_ms or 0, 1) / 1000
            self.waited += wait
            await asyncio.sleep(wait)
