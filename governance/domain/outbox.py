"""What must leave the process, kept in one outbox written in the same transaction as the
change that causes it, so nothing is lost and a crash never publishes half (mandate rules 9 and
10):

* documents and list rows for the Teams area (the committee reports "through publishing on the
  Teams area"), delivered by the publisher;
* the bot's own messages that must not hold up a click: every posted copy of a changed card,
  the announcement of a published document, the chairs' warning about a publication set aside;
* the annual cycle's notices (``governance.domain.reminders`` plans them; each exists once,
  ``once_key``), posted by the bot on their day.

Each delivery has a stable ``key``: delivering it again replaces what the first delivery made
(same file path, same list row, same message). A worker claims it with a lease before it acts,
and settles it after: delivered, skipped for good, or failed for now, backing off exponentially
(the caller passes the random jitter in) until ``MAX_ATTEMPTS`` parks it for an operator. A
notice whose moment has passed (``expires_on``) is skipped rather than sent late.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from governance.domain.errors import InvalidTransition
from governance.domain.messages import N_
from governance.domain.reminders import NoticeKind, PlannedNotice

MAX_ATTEMPTS: Final = 8
BASE_BACKOFF: Final = timedelta(seconds=10)
MAX_BACKOFF: Final = timedelta(minutes=30)  # eight attempts span about twenty minutes


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
    DECISION_REQUEST = "decision_request"  # a matter's decision card, to whoever decides it
    DISCUSSION = "discussion"  # a submitted proposal's card in the committee's channel


# What the bot posts into Teams; the publisher (files and lists) delivers every other kind.
TEAMS_KINDS: Final = frozenset(
    {
        PublicationKind.CARDS,
        PublicationKind.ANNOUNCEMENT,
        PublicationKind.WARNING,
        PublicationKind.DECISION_REQUEST,
        PublicationKind.DISCUSSION,
    }
)
PUBLISHING_KINDS: Final = frozenset(PublicationKind) - TEAMS_KINDS
DOCUMENT_KINDS: Final = PUBLISHING_KINDS - {PublicationKind.PORTFOLIO}


NOTICE_KINDS: Final = frozenset(NoticeKind)  # the annual cycle's notices (posted by the bot)
Kind = PublicationKind | NoticeKind


def kind_of(value: str) -> Kind:
    """The kind a stored value names (the two families never share a value)."""
    if value in PublicationKind._value2member_map_:
        return PublicationKind(value)
    return NoticeKind(value)


class DeliveryState(StrEnum):
    PENDING = "pending"  # waiting, or claimed by a worker (``claimed_by``) and under way
    DELIVERED = "delivered"
    SKIPPED = "skipped"  # will not be sent: no channel, bot removed, task done, too late
    FAILED = "failed"  # parked after too many attempts; an operator retries it


@dataclass(eq=False)
class Delivery:
    key: str
    kind: Kind
    body_id: str  # whose Teams area receives a publication ("" for the bot's own messages)
    payload: dict[str, Any]  # ids the worker loads at delivery (closed votes do not change)
    created_at: datetime
    next_attempt_at: datetime
    send_at: datetime  # when it is due (a publication: when it was put in)
    subject: str = ""  # a notice's ``NoticeSubject`` key: ``task:<task id>:<year>``…
    recipient: str = ""  # a notice's ``body:<id>`` or ``member:<id>``
    expires_on: date | None = None  # a notice not sent by the end of this day is skipped
    once_key: str | None = None  # unique among all deliveries ever: a notice exists once
    state: DeliveryState = DeliveryState.PENDING
    attempts: int = 0
    claimed_by: str | None = None
    claimed_until: datetime | None = None
    delivered_at: datetime | None = None  # when it was delivered or skipped
    activity_id: str = ""  # the Teams message a notice became
    last_error: str = ""
    result: dict[str, Any] = field(default_factory=dict)  # e.g. {"url": …} of the file
    id: int | None = None

    def is_due(self, at: datetime) -> bool:
        unclaimed = self.claimed_until is None or self.claimed_until <= at
        return self.state is DeliveryState.PENDING and self.next_attempt_at <= at and unclaimed

    @property
    def in_flight(self) -> bool:
        """Claimed and not settled: a crash now may have sent it or not."""
        return self.state is DeliveryState.PENDING and self.claimed_by is not None

    def claim(self, worker: str, *, at: datetime, lease: timedelta) -> None:
        self.claimed_by, self.claimed_until = worker, at + lease

    def release(self) -> None:
        """The worker gives the claim back without trying (it is stopping)."""
        self.claimed_by = self.claimed_until = None

    def delivered(self, *, at: datetime, result: dict[str, Any], activity_id: str = "") -> None:
        self.state, self.delivered_at, self.result = DeliveryState.DELIVERED, at, dict(result)
        self.activity_id = activity_id
        self.claimed_by = self.claimed_until = None
        self.last_error = ""

    def skipped(self, reason: str, *, at: datetime) -> None:
        """It will not be sent, for ``reason`` (English, for operators)."""
        self.state, self.last_error, self.delivered_at = DeliveryState.SKIPPED, reason[:2000], at
        self.claimed_by = self.claimed_until = None

    def failed(
        self, error: str, *, at: datetime, permanent: bool = False, jitter: float = 1.0
    ) -> None:
        """One failed attempt: back off (stretched by ``jitter``, drawn by the caller around 1 so
        that workers do not retry in step); park it when attempts run out or the failure
        cannot heal by itself (403, unknown channel); skip a notice whose moment has passed."""
        self.attempts += 1
        self.last_error = error[:2000]
        self.claimed_by = self.claimed_until = None
        delay = min(BASE_BACKOFF * 2 ** (self.attempts - 1), MAX_BACKOFF)
        self.next_attempt_at = at + delay * jitter
        if self.expires_on is not None and self.next_attempt_at.date() > self.expires_on:
            self.state = DeliveryState.SKIPPED
        elif permanent or self.attempts >= MAX_ATTEMPTS:
            self.state = DeliveryState.FAILED

    def retry(self, *, at: datetime) -> None:
        """An operator sends a parked (or pending) delivery again, now."""
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
) -> Delivery:
    return Delivery(
        key, kind, body_id, dict(payload), created_at=at, next_attempt_at=at, send_at=at
    )


def notice(planned: PlannedNotice, *, at: datetime) -> Delivery:
    """The planned notice on record, due at its moment (now, when that has come)."""
    payload: dict[str, Any] = {
        "about": planned.about.isoformat(),
        "title": planned.title,
        **planned.data,
    }
    return Delivery(
        planned.key,
        planned.kind,
        "",
        payload,
        created_at=at,
        next_attempt_at=max(at, planned.send_at),
        subject=planned.subject,
        recipient=planned.recipient,
        send_at=planned.send_at,
        expires_on=planned.expires_on,
        once_key=planned.key,
    )


STEP_NOTICE_DAYS: Final = 5  # a step of a proposal not told by then is not told late


def proposal_step_key(proposal_id: int, index: int) -> str:
    """The once-key of the notice about step ``index`` of a proposal's history."""
    return f"proposal_step:{proposal_id}:{index}"


def step_notice(
    proposal_id: int, index: int, recipient: str, payload: dict[str, Any], *, at: datetime
) -> Delivery:
    """The notice telling the submitter (``recipient``) of a step of their proposal: due now,
    dropped when it could not be told within ``STEP_NOTICE_DAYS``."""
    key = proposal_step_key(proposal_id, index)
    return Delivery(
        key,
        NoticeKind.PROPOSAL_STEP,
        "",
        dict(payload),
        created_at=at,
        next_attempt_at=at,
        subject=f"proposal:{proposal_id}",
        recipient=recipient,
        send_at=at,
        expires_on=at.date() + timedelta(days=STEP_NOTICE_DAYS),
        once_key=key,
    )


def benefit_due_notice(
    followup_id: int, on: date, recipient: str, payload: dict[str, Any], *, at: datetime
) -> Delivery:
    """The reminder to measure a benefit whose follow-up date ``on`` has come, to one member of
    its owning group: due now, once per member and date, dropped after ``STEP_NOTICE_DAYS``."""
    key = f"benefit_due:{followup_id}:{on.isoformat()}:{recipient}"
    return Delivery(
        key,
        NoticeKind.BENEFIT_DUE,
        "",
        dict(payload),
        created_at=at,
        next_attempt_at=at,
        subject=f"benefit:{followup_id}",
        recipient=recipient,
        send_at=at,
        expires_on=at.date() + timedelta(days=STEP_NOTICE_DAYS),
        once_key=key,
    )


VOTE_NOTICE_KINDS: Final = frozenset(
    {NoticeKind.VOTE_OPENED, NoticeKind.VOTE_REMINDER, NoticeKind.VOTE_DEADLINE}
)


def vote_notice(
    kind: NoticeKind,
    vote_id: int,
    recipient: str,
    payload: dict[str, Any],
    *,
    at: datetime,
    closes_at: datetime | None = None,
) -> Delivery:
    """A vote's personal notice to one member (``recipient``): its card, due now, once per
    member and vote (reminders and deadline notices once per closing time, so a moved deadline
    is reminded again); it is never sent after ``STEP_NOTICE_DAYS``."""
    if kind not in VOTE_NOTICE_KINDS:
        raise ValueError(f"{kind} is not a vote notice")
    moment = f":{closes_at.isoformat()}" if closes_at is not None else ""
    key = f"{kind.value}:{vote_id}{moment}:{recipient}"
    return Delivery(
        key,
        kind,
        "",
        {**payload, "vote_id": vote_id},
        created_at=at,
        next_attempt_at=at,
        subject=f"vote:{vote_id}",
        recipient=recipient,
        send_at=at,
        expires_on=at.date() + timedelta(days=STEP_NOTICE_DAYS),
        once_key=key,
    )


def decision_key(vote_id: int, *, board: bool = False) -> str:
    """The decision document of a closed vote (``board``: the board's copy of an escalation)."""
    return f"decision:vote:{vote_id}:board" if board else f"decision:vote:{vote_id}"


def decision_record_key(decision_id: int, *, board: bool = False) -> str:
    """The document of a decision after the committee (``board``: the board's copy)."""
    base = f"decision:record:{decision_id}"
    return f"{base}:board" if board else base


def decision_request_key(proposal_id: int, step: int) -> str:
    """The decision card of a matter, once per step of its history that awaits a decision."""
    return f"decision_request:proposal:{proposal_id}:{step}"


def discussion_key(proposal_id: int) -> str:
    """The proposal's card posted in the committee's channel when it is first submitted: the
    replies to that post are the proposal's discussion."""
    return f"discussion:proposal:{proposal_id}"


def portfolio_key(proposal_id: int) -> str:
    """The proposal's row in the board's portfolio list."""
    return f"portfolio:proposal:{proposal_id}"


def minutes_key(meeting_id: int) -> str:
    return f"minutes:meeting:{meeting_id}"


def status_key(on: date) -> str:
    """The board's status report of one day (asking again that day replaces it)."""
    return f"status:{on.isoformat()}"


def report_key(kind: PublicationKind, report_id: int) -> str:
    """A registered study or measure (``kind``)."""
    return f"{kind.value}:report:{report_id}"


@dataclass(frozen=True)
class FollowUp:
    """A publication that another one's settlement puts into the outbox."""

    kind: PublicationKind
    key: str
    body_id: str
    payload: dict[str, Any]


def follow_ups(item: Delivery, *, board: str) -> list[FollowUp]:
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
                portfolio_key(proposal_id),
                board,
                {"proposal_id": proposal_id},
            )
        )
    return after
