"""What every use case receives: the mandate, a unit of work, a clock; and conflict retries."""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import ParamSpec, TypeVar

from governance.domain.calendar import OSLO
from governance.domain.organisation import Mandate
from governance.domain.subjects import AuditSubject
from governance.ports import Clock, UnitOfWork, WriteConflict

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

RETRY_ATTEMPTS = 8


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock for tests and demos: it moves only when told."""

    current: datetime

    def now(self) -> datetime:
        return self.current

    def advance_to(self, moment: datetime) -> None:
        self.current = moment


class Wakeup:
    """Set when a committed change put something into the outbox for the bot to post: the
    worker of this process looks at once instead of at its next poll."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def set(self) -> None:
        self._event.set()

    async def wait(self, seconds: float) -> bool:
        """Whether it was set within ``seconds``; it is cleared for the next wait."""
        try:
            async with asyncio.timeout(seconds):
                await self._event.wait()
        except TimeoutError:
            return False
        finally:
            self._event.clear()
        return True


@dataclass
class Context:
    """``units`` makes a fresh unit of work per use case (concurrent use cases never share one)."""

    mandate: Mandate
    units: Callable[[], UnitOfWork]
    clock: Clock
    # how much longer than planned a failed delivery waits (workers must not retry in step)
    jitter: Callable[[], float] = field(default=lambda: random.uniform(0.8, 1.2))
    outbox_wakeup: Wakeup = field(default_factory=Wakeup)

    def unit(self) -> UnitOfWork:
        """A writing unit of work."""
        return self.units()

    def reading(self) -> UnitOfWork:
        """A unit of work for queries only."""
        return self.units().reading()

    def bookkeeping(self) -> UnitOfWork:
        """A writing unit of work outside the audit chain (delivery state, conversations)."""
        return self.units().unaudited()

    def local_now(self) -> datetime:
        """Now in Europe/Oslo, so that a domain rule's ``at.date()`` is the Norwegian date."""
        return self.clock.now().astimezone(OSLO)

    def today(self) -> date:
        """Today's date in Europe/Oslo."""
        return self.local_now().date()


def worker_name() -> str:
    """A name for this process's claims (outbox publications, notices): host and a random
    suffix, so two processes on one host never hold each other's claims."""
    return f"{socket.gethostname()}:{uuid.uuid4().hex[:6]}"


def retry_on_conflict(fn: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Run a use case again (whole transaction) when the database reports a write conflict."""

    @functools.wraps(fn)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(1, RETRY_ATTEMPTS + 1):
            try:
                return await fn(*args, **kwargs)
            except WriteConflict as conflict:
                if attempt == RETRY_ATTEMPTS:
                    raise
                log.info("write conflict in %s, retry %d: %s", fn.__name__, attempt, conflict)
                await asyncio.sleep(random.uniform(0, 0.02 * 2**attempt))
        raise AssertionError("unreachable")

    return wrapper


async def record(
    ctx: Context,
    uow: UnitOfWork,
    actor: str,
    action: str,
    subject: AuditSubject,
    data: dict[str, object],
) -> None:
    """Append one entry to the audit log inside the use case's transaction."""
    await uow.audit.append(
        actor=actor, action=action, subject=subject.key, data=data, at=ctx.clock.now()
    )
