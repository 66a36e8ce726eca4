"""Teams' rate limits and misbehaviour for the local Bot Connector.

``ConnectorLimits`` is the gate every send, create and update passes before the connector keeps
it: a bot removed from the conversation (403), queued faults (``inject``), a seeded storm of
failures (``storm``), then, with ``enforce_limits``, the documented Teams limits as sliding
windows over arrival times (429 with ``Retry-After``). Every request lands in ``arrivals`` with
the status it got, so a test can measure what a client did: ``peak``, ``count_by_status``,
``limit_violations``.

A window of ``s`` seconds ending at ``t`` holds the arrivals in ``(t - s, t]``. Only accepted
requests fill the windows: a refused request costs nothing, as far as the emulator knows.
"""

from __future__ import annotations

import bisect
import math
import random
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import web

Scope = Literal["conversation", "tenant"]


@dataclass(frozen=True)
class Limit:
    """At most ``count`` accepted requests in any ``seconds``-long window, per ``scope``."""

    scope: Scope
    count: int
    seconds: float


# Microsoft Learn, "Rate limiting for agents": per bot per conversation, per app per tenant.
TEAMS_LIMITS = (
    Limit("conversation", 7, 1),
    Limit("conversation", 8, 2),
    Limit("conversation", 60, 30),
    Limit("conversation", 1800, 3600),
    Limit("tenant", 50, 1),
)

ERROR_CODES = {
    403: "Forbidden",
    412: "PreconditionFailed",
    429: "TooManyRequests",
    500: "InternalServerError",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
}


@dataclass(frozen=True)
class Arrival:
    """One request as the connector saw it: when (``clock()``), where, and what it answered."""

    at: float
    conversation: str
    tenant: str
    status: int

    @property
    def accepted(self) -> bool:
        return self.status < 400


@dataclass
class _Fault:
    status: int
    remaining: int
    retry_after: float | None
    conversation: str | None


def tenant_of(activity: Mapping[str, Any], create: Mapping[str, Any] | None = None) -> str:
    """The tenant a request counts against: ``conversation.tenantId``, ``channelData.tenant.id``,
    then (creating a conversation) the body's ``tenantId`` or ``channelData.tenant.id``."""
    body = create or {}
    for candidate in (
        (activity.get("conversation") or {}).get("tenantId"),
        ((activity.get("channelData") or {}).get("tenant") or {}).get("id"),
        body.get("tenantId"),
        ((body.get("channelData") or {}).get("tenant") or {}).get("id"),
    ):
        if candidate:
            return str(candidate)
    return "default"


def peak_of(times: list[float], window: float) -> int:
    """The most of these (sorted) times in any window ``(t - window, t]``."""
    return max(
        (i + 1 - bisect.bisect_right(times, t - window) for i, t in enumerate(times)), default=0
    )


def error(status: int, code: str, message: str, retry_after: int | None = None) -> web.Response:
    """An error the way Teams answers: ``{"error": {"code", "message"}}``, maybe ``Retry-After``."""
    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
    return web.json_response(
        {"error": {"code": code, "message": message}}, status=status, headers=headers
    )


def _seconds(retry_after: float) -> int:
    # Teams sends whole seconds; a tiny float error must not add a second.
    return max(0, math.ceil(retry_after - 1e-9))


@dataclass(kw_only=True)
class ConnectorLimits:
    """Limits, faults and the arrival log; the ``Connector`` calls ``admit`` on each request."""

    enforce_limits: bool = False
    limits: tuple[Limit, ...] = TEAMS_LIMITS
    clock: Callable[[], float] = time.monotonic
    arrivals: list[Arrival] = field(default_factory=list)
    _faults: deque[_Fault] = field(default_factory=deque, init=False, repr=False)
    _storm: tuple[float, int, float] | None = field(default=None, init=False, repr=False)
    _random: random.Random = field(default_factory=random.Random, init=False, repr=False)
    _removed: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _accepted: defaultdict[tuple[Scope, str], list[float]] = field(
        default_factory=lambda: defaultdict(list), init=False, repr=False
    )

    def inject(
        self,
        status: int,
        count: int,
        *,
        retry_after: float | None = None,
        conversation: str | None = None,
    ) -> None:
        """Answer the next ``count`` requests (to ``conversation``, or any) with ``status``.
        A 429 carries ``Retry-After`` (1 s unless given; 0 is allowed, for fast tests)."""
        if count > 0:
            self._faults.append(_Fault(status, count, retry_after, conversation))

    def storm(
        self, probability: float, status: int = 429, retry_after: float = 1, seed: int = 0
    ) -> None:
        """Answer that share of later requests with ``status``; the same seed and the same
        requests give the same answers. ``storm(0)`` ends it."""
        self._storm = (probability, status, retry_after) if probability > 0 else None
        self._random = random.Random(seed)

    def remove_bot(self, conversation: str, *, code: str = "BotNotInConversationRoster") -> None:
        """Every later request to ``conversation`` gets 403 with ``code`` (Teams also answers
        ``MessageWritesBlocked`` when a user blocked the bot)."""
        self._removed[conversation] = code

    def admit(self, conversation: str, tenant: str, *, ok: int = 200) -> web.Response | None:
        """Logs the request; the refusal to answer with, or None when it is accepted (``ok``)."""
        now = self.clock()
        refusal = self._refusal(conversation, tenant, now)
        self.arrivals.append(
            Arrival(now, conversation, tenant, ok if refusal is None else refusal.status)
        )
        if refusal is None:
            horizon = max((limit.seconds for limit in self.limits), default=0)
            for key in (("conversation", conversation), ("tenant", tenant)):
                times = self._accepted[key]
                times.append(now)
                del times[: bisect.bisect_right(times, now - horizon)]
        return refusal

    def _refusal(self, conversation: str, tenant: str, now: float) -> web.Response | None:
        if conversation in self._removed:
            return error(
                403, self._removed[conversation], "The bot is not part of the conversation roster."
            )
        fault = next((f for f in self._faults if f.conversation in (None, conversation)), None)
        if fault is not None:
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.remove(fault)
            return self._fault(fault.status, fault.retry_after)
        if self._storm is not None and self._random.random() < self._storm[0]:
            return self._fault(self._storm[1], self._storm[2])
        return self._over_limit(conversation, tenant, now) if self.enforce_limits else None

    def _fault(self, status: int, retry_after: float | None) -> web.Response:
        if retry_after is None and status == 429:
            retry_after = 1
        seconds = None if retry_after is None else _seconds(retry_after)
        return error(status, ERROR_CODES.get(status, "Error"), f"Injected {status}.", seconds)

    def _over_limit(self, conversation: str, tenant: str, now: float) -> web.Response | None:
        waits = []
        for limit in self.limits:
            times = self._accepted[
                (limit.scope, conversation if limit.scope == "conversation" else tenant)
            ]
            inside = len(times) - bisect.bisect_right(times, now - limit.seconds)
            if inside >= limit.count:  # room again once the count-th newest leaves the window
                waits.append(times[-limit.count] + limit.seconds - now)
        if not waits:
            return None
        seconds = max(1, _seconds(max(waits)))
        return error(
            429, "TooManyRequests", f"Too many requests. Retry after {seconds} seconds.", seconds
        )

    def peak(
        self,
        window_seconds: float,
        *,
        conversation: str | None = None,
        tenant: str | None = None,
        accepted_only: bool = True,
    ) -> int:
        """The most requests (accepted ones, unless told) in any window of that length."""
        times = sorted(
            a.at
            for a in self.arrivals
            if (conversation is None or a.conversation == conversation)
            and (tenant is None or a.tenant == tenant)
            and (a.accepted or not accepted_only)
        )
        return peak_of(times, window_seconds)

    def count_by_status(self) -> dict[int, int]:
        """How many requests got each status."""
        return dict(Counter(a.status for a in self.arrivals))

    def limit_violations(self) -> list[str]:
        """Every limit the accepted requests exceeded, one line per limit and conversation or
        tenant: empty when enforcing, by construction; the verdict on a client when not."""
        found = []
        for limit in self.limits:
            groups: defaultdict[str, list[float]] = defaultdict(list)
            for a in self.arrivals:
                if a.accepted:
                    key = a.conversation if limit.scope == "conversation" else a.tenant
                    groups[key].append(a.at)
            for key, times in sorted(groups.items()):
                most = peak_of(sorted(times), limit.seconds)
                if most > limit.count:
                    found.append(
                        f"{limit.scope} {key}: {most} in {limit.seconds:g} s (limit {limit.count})"
                    )
        return found
