"""Teams' rate limits for the bot's own posts (PLATFORM-NOTES, "Rate limiting for agents"):
per conversation 7 per second, 8 per 2 s, 60 per 30 s and 1800 per hour; per app and tenant 50
per second. Sliding windows kept in ``pyrate-limiter``'s in-memory log buckets, one per
conversation and one per tenant.

Teams counts a request when it arrives, which is some time after we decide to send it. A slot
is therefore counted as "in flight" (in every window) from the moment it is taken until the
request has been answered, and is then logged at the moment of the answer: the request arrived
before that, so no window Teams sees can hold more than ours. That needs no guessed margin, and
costs one round trip per slot; a small fixed margin (``MARGIN``) only covers rounding to
milliseconds.

The limits are per process: several ``samstyre`` processes posting into one tenant should share
the tenant's rate (``SAMSTYRE_TENANT_RATE``, posts per second for this process; see
docs/operations.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from bisect import insort
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from operator import attrgetter
from typing import Final

from cachetools import TTLCache
from pyrate_limiter import Decision, InMemoryBucket, Rate, RateItem

CONVERSATION_LIMITS: Final = ((7, 1.0), (8, 2.0), (60, 30.0), (1800, 3600.0))
TENANT_LIMITS: Final = ((50, 1.0),)
MARGIN: Final = 0.02  # seconds added to every window: millisecond rounding, both sides
_IDLE_SECONDS: Final = 3700  # a conversation idle longer than the longest window starts afresh
_IN_FLIGHT: Final = 2**62  # the timestamp of a slot whose request has not been answered yet
_POLL: Final = 0.005  # how soon to look again when only requests in flight fill a window
_by_time = attrgetter("timestamp")


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
            f"{TENANT_LIMITS[0][0]}, not {raw!r}"
        )
    return Throttle(tenant_limits=((int(raw), 1.0),))


def rates(limits: Sequence[tuple[int, float]], margin: float = MARGIN) -> list[Rate]:
    """``(count, seconds)`` pairs as pyrate-limiter rates, each window ``margin`` s longer."""
    return [Rate(count, round((seconds + margin) * 1000)) for count, seconds in limits]


class _Windows:
    """One bucket's windows, with slots in flight counted in all of them (see the module)."""

    def __init__(self, window_rates: list[Rate]) -> None:
        self.bucket = InMemoryBucket(window_rates)

    def take(self, name: str, now: int) -> float:
        """Take a slot now (0.0), or say how many seconds to wait before trying again."""
        self.bucket.leak(now)
        decision = self.bucket.put_decision(RateItem(name, now))
        assert isinstance(decision, Decision)  # the in-memory bucket answers at once
        if not decision.allowed:
            wait_ms = decision.retry_after_ms or 0
            if not 0 < wait_ms < _IN_FLIGHT // 2:  # only requests in flight block the window
                return _POLL
            return wait_ms / 1000
        items = self.bucket.items
        items.pop()  # the entry put() appended: the slot is logged when its answer comes
        insort(items, RateItem(name, _IN_FLIGHT), key=_by_time)
        return 0.0

    def answered(self, name: str, now: int) -> None:
        """The request of a slot in flight was answered: log it at ``now``."""
        items = self.bucket.items
        if items and items[-1].timestamp == _IN_FLIGHT:
            items.pop()
        insort(items, RateItem(name, now), key=_by_time)


class Throttle:
    """Waits until one more post fits every window of its conversation and of its tenant."""

    def __init__(
        self,
        conversation_limits: Sequence[tuple[int, float]] = CONVERSATION_LIMITS,
        tenant_limits: Sequence[tuple[int, float]] = TENANT_LIMITS,
        *,
        margin: float = MARGIN,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._conversation_rates = rates(conversation_limits, margin)
        self._tenant_rates = rates(tenant_limits, margin)
        self._clock = clock
        self._conversations: TTLCache[str, _Windows] = TTLCache(100_000, _IDLE_SECONDS)
        self._tenants: dict[str, _Windows] = {}
        self.waited = 0.0  # seconds spent waiting, for benchmarks and logs

    def _now(self) -> int:
        return int(self._clock() * 1000)

    def _windows(
        self,
        table: dict[str, _Windows] | TTLCache[str, _Windows],
        key: str,
        window_rates: list[Rate],
    ) -> _Windows:
        found = table.get(key)
        if found is None:
            found = table[key] = _Windows(window_rates)
        return found

    @contextlib.asynccontextmanager
    async def slot(self, conversation: str, tenant: str | None = None) -> AsyncIterator[None]:
        """Wait for room in the conversation's windows and the tenant's, send inside the block;
        leaving it (answered or failed) logs the request at that moment."""
        own = self._windows(self._conversations, conversation, self._conversation_rates)
        shared = self._windows(self._tenants, tenant or "", self._tenant_rates)
        await self._take(own, conversation)
        try:
            await self._take(shared, tenant or "")
        except BaseException:
            own.answered(conversation, self._now())
            raise
        try:
            yield
        finally:
            now = self._now()
            own.answered(conversation, now)
            shared.answered(tenant or "", now)

    async def _take(self, windows: _Windows, name: str) -> None:
        while wait := windows.take(name, self._now()):
            self.waited += wait
            await asyncio.sleep(wait)
