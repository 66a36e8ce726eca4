"""A notice on record: one planned notice (``governance.domain.reminders``) once a worker has
taken it on. The unique ``key`` makes each notice exist once; the claim (worker + lease) is
written before the message is sent and the result after, so a crash repeats only the sends
that were in flight, and loses none: an expired claim is taken over by the next sweep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from governance.domain.reminders import NoticeKind, PlannedNotice

MAX_ATTEMPTS: Final = 6
BASE_BACKOFF: Final = timedelta(seconds=30)
MAX_BACKOFF: Final = timedelta(hours=1)


class NoticeState(StrEnum):
    PENDING = "pending"  # waiting, or claimed by a worker (``claimed_by``) and being sent
    SENT = "sent"
    SKIPPED = "skipped"  # could not be sent and will not be: no channel, bot removed, too late


@dataclass(eq=False)
class Notice:
    key: str
    kind: NoticeKind
    subject: str
    recipient: str
    send_at: datetime
    expires_on: date
    payload: dict[str, Any]
    created_at: datetime
    next_attempt_at: datetime
    state: NoticeState = NoticeState.PENDING
    attempts: int = 0
    claimed_by: str | None = None
    claimed_until: datetime | None = None
    sent_at: datetime | None = None
    activity_id: str = ""
    last_error: str = ""
    result: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    @classmethod
    def of(cls, planned: PlannedNotice, *, at: datetime) -> Notice:
        payload: dict[str, Any] = {
            "about": planned.about.isoformat(),
            "title": planned.title,
            **planned.data,
        }
        return cls(
            planned.key,
            planned.kind,
            planned.subject,
            planned.recipient,
            planned.send_at,
            planned.expires_on,
            payload,
            created_at=at,
            next_attempt_at=max(at, planned.send_at),
        )

    @property
    def in_flight(self) -> bool:
        """Claimed and not settled: a crash now may have sent it or not."""
        return self.state is NoticeState.PENDING and self.claimed_by is not None

    def claim(self, worker: str, *, at: datetime, lease: timedelta) -> None:
        self.claimed_by, self.claimed_until = worker, at + lease

    def sent(self, *, at: datetime, activity_id: str, result: dict[str, Any] | None = None) -> None:
        self.state, self.sent_at, self.activity_id = NoticeState.SENT, at, activity_id
        self.result = dict(result or {})
        self.claimed_by = self.claimed_until = None
        self.last_error = ""

    def skipped(self, reason: str, *, at: datetime) -> None:
        self.state, self.last_error = NoticeState.SKIPPED, reason[:2000]
        self.sent_at = at
        self.claimed_by = self.claimed_until = None

    def failed(self, error: str, *, at: datetime, jitter: float = 1.0) -> None:
        """A failed attempt (after the sender's own retries): try again later (the back-off
        stretched by the caller's ``jitter``), or give up once attempts run out or the notice's
        moment has passed."""
        self.attempts += 1
        self.last_error = error[:2000]
        self.claimed_by = self.claimed_until = None
        delay = min(BASE_BACKOFF * 2 ** (self.attempts - 1), MAX_BACKOFF)
        self.next_attempt_at = at + delay * jitter
        if self.attempts >= MAX_ATTEMPTS or self.next_attempt_at.date() > self.expires_on:
            self.state = NoticeState.SKIPPED
