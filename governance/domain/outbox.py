"""What must leave the process, kept in an outbox written in the same transaction as the change
that causes it, so nothing is lost and a crash never publishes half: documents and list rows for
the Teams area (mandate: the committee reports "through publishing on the Teams area"), and the
bot's own messages that must not hold up a click: every posted copy of a changed card, the
announcement of a published document, the chairs' warning about a publication set aside.

Each publication has a stable ``key``: delivering it again replaces what the first delivery
made (same file path, same list row). Delivery is claimed by one worker at a time with a lease;
failures back off exponentially (the caller passes the random jitter in) and are parked as
failed after ``MAX_ATTEMPTS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from governance.domain.errors import InvalidTransition
from governance.i18n import N_

MAX_ATTEMPTS = 8
BASE_BACKOFF = timedelta(seconds=5)
MAX_BACKOFF = timedelta(minutes=30)


class PublicationKind(StrEnum):
    DECISION = "decision"  # innstilling/vedtak when a vote closes (escalations included)
    MINUTES = "minutes"  # referat when the chair approves a meeting's minutes
    STATUS = "status"  # statusrapport before a board meeting or on demand
    PORTFOLIO = "portfolio"  # one proposal's row in the board's portfolio list
    STUDY = "study"  # an utredning when it is registered
    MEASURE = "measure"  # a tiltak when it is registered
    CARDS = "cards"  # every posted copy of a card shows its subject's state (posted by the bot)
    ANNOUNCEMENT = "announcement"  # a card in the body's channel linking a published document
    WARNING = "warning"  # the chairs hear that a publication was set aside


# What the bot posts into Teams; the publisher (files and lists) delivers every other kind.
TEAMS_KINDS: Final = frozenset(
    {PublicationKind.CARDS, PublicationKind.ANNOUNCEMENT, PublicationKind.WARNING}
)
PUBLISHING_KINDS: Final = frozenset(PublicationKind) - TEAMS_KINDS
DOCUMENT_KINDS: Final = PUBLISHING_KINDS - {PublicationKind.PORTFOLIO}


class DeliveryState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # parked after too many attempts; an operator retries it


@dataclass(eq=False)
class Publication:
    key: str
    kind: PublicationKind
    body_id: str  # whose Teams area receives it
    payload: dict[str, Any]  # ids the worker loads at delivery (closed votes do not change)
    created_at: datetime
    next_attempt_at: datetime
    state: DeliveryState = DeliveryState.PENDING
    attempts: int = 0
    claimed_by: str | None = None
    claimed_until: datetime | None = None
    delivered_at: datetime | None = None
    last_error: str = ""
    result: dict[str, Any] = field(default_factory=dict)  # e.g. {"url": …} of the file
    id: int | None = None

    def is_due(self, at: datetime) -> bool:
        unclaimed = self.claimed_until is None or self.claimed_until <= at
        return self.state is DeliveryState.PENDING and self.next_attempt_at <= at and unclaimed

    def claim(self, worker: str, *, at: datetime, lease: timedelta) -> None:
        self.claimed_by, self.claimed_until = worker, at + lease

    def delivered(self, *, at: datetime, result: dict[str, Any]) -> None:
        self.state, self.delivered_at, self.result = DeliveryState.DELIVERED, at, dict(result)
        self.claimed_by = self.claimed_until = None
        self.last_error = ""

    def failed(
        self, error: str, *, at: datetime, permanent: bool = False, jitter: float = 1.0
    ) -> None:
        """One failed attempt: back off (stretched by ``jitter``, drawn by the caller around 1 so
        that workers do not retry in step), or park it when attempts run out or the failure
        cannot heal by itself (403, unknown channel)."""
        self.attempts += 1
        self.last_error = error[:2000]
        self.claimed_by = self.claimed_until = None
        if permanent or self.attempts >= MAX_ATTEMPTS:
            self.state = DeliveryState.FAILED
            return
        delay = min(BASE_BACKOFF * 2 ** (self.attempts - 1), MAX_BACKOFF)
        self.next_attempt_at = at + delay * jitter

    def retry(self, *, at: datetime) -> None:
        """An operator sends a parked (or pending) publication again, now."""
        if self.state is DeliveryState.DELIVERED:
            raise InvalidTransition(
                "outbox.already_delivered",
                N_("Publication {key} was already delivered."),
                key=self.key,
            )
        self.state, self.attempts, self.next_attempt_at = DeliveryState.PENDING, 0, at
        self.claimed_by = self.claimed_until = None


def publication(
    key: str, kind: PublicationKind, body_id: str, payload: dict[str, Any], *, at: datetime
) -> Publication:
    return Publication(key, kind, body_id, dict(payload), created_at=at, next_attempt_at=at)


@dataclass(frozen=True)
class FollowUp:
    """A publication that another one's settlement puts into the outbox."""

    kind: PublicationKind
    key: str
    body_id: str
    payload: dict[str, Any]


def follow_ups(item: Publication, *, board: str) -> list[FollowUp]:
    """What a settled publication puts into the outbox next: a delivered document is announced
    in its body's channel (its own delivery: a failed announcement never sends the document
    again), a delivered decision links the proposal's portfolio row to it, and a publication
    set aside is reported to the chairs."""
    if item.state is DeliveryState.FAILED and item.kind in PUBLISHING_KINDS:
        warning = {"key": item.key, "error": item.last_error[:300]}
        return [FollowUp(PublicationKind.WARNING, f"warning:{item.key}", item.body_id, warning)]
    if item.state is not DeliveryState.DELIVERED or item.kind not in DOCUMENT_KINDS:
        return []
    after = []
    title, url = item.result.get("title"), item.result.get("url")
    if title and url:
        announced = {"title": str(title), "url": str(url)}
        after.append(
            FollowUp(
                PublicationKind.ANNOUNCEMENT, f"announcement:{item.key}", item.body_id, announced
            )
        )
    if item.kind is PublicationKind.DECISION and "proposal_id" in item.payload:
        proposal_id = int(item.payload["proposal_id"])
        after.append(
            FollowUp(
                PublicationKind.PORTFOLIO,
                f"portfolio:proposal:{proposal_id}",
                board,
                {"proposal_id": proposal_id},
            )
        )
    return after
