"""Projects that carry out approved proposals (mandate: the committee is "oppdragsgiver for
interkommunale digitaliseringsprosjekter"; FARTT: "Styret oppnevner prosjektgrupper og gir disse
mandat").

Holds the ``Project`` aggregate: its mandate (scope, budget, owner group), the project group
appointed for it, the status updates the group posts and the delivery. ``benefit_due_dates`` gives
the follow-up dates of a planned benefit after delivery.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Final

from governance.domain.errors import InvalidInput, InvalidTransition
from governance.domain.messages import N_

FOLLOW_UP_MONTHS: Final = (6, 18)
"""Months after delivery when each planned benefit is measured: half a year after delivery,
when the first effect shows, and a year later, when it has settled."""

MAX_COMMENT: Final = 2000


class ProjectStatus(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    LATE = "late"


STATUS_LABELS: Final[dict[ProjectStatus, str]] = {
    ProjectStatus.ON_TRACK: N_("on track"),
    ProjectStatus.AT_RISK: N_("at risk"),
    ProjectStatus.LATE: N_("late"),
}


def parse_status(value: str) -> ProjectStatus:
    try:
        return ProjectStatus(value)
    except ValueError:
        raise InvalidInput(
            "project.unknown_status", N_("Unknown project status: {status}."), status=value
        ) from None


@dataclass(eq=False)
class StatusUpdate:
    """One status report of the project group: the state of the project with a comment."""

    status: ProjectStatus
    comment: str
    by: str
    at: datetime
    id: int | None = None


def _text(value: str, code: str, message: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidInput(code, message)
    if len(text) > MAX_COMMENT:
        raise InvalidInput(
            "project.text_too_long",
            N_("A text may have at most {limit} characters."),
            limit=MAX_COMMENT,
        )
    return text


@dataclass(eq=False)
class Project:
    """The project of one approved proposal, commissioned by whoever approved it.

    ``commissioner`` is the decider of the approval (a member's or a body's id, as in the
    mandate file's ``decisions``); ``group_key`` the project group appointed for it, which
    belongs to ``owner_group``. A delivered project takes no more status updates.
    """

    proposal_id: int
    group_key: str
    scope: str
    budget: Decimal
    owner_group: str
    leader: str
    commissioner: str
    started_by: str
    started_at: datetime
    updates: list[StatusUpdate] = field(default_factory=list)
    delivered_at: datetime | None = None
    delivered_by: str | None = None
    delivery_note: str = ""
    id: int | None = None

    @classmethod
    def start(
        cls,
        proposal_id: int,
        *,
        group_key: str,
        scope: str,
        budget: Decimal,
        owner_group: str,
        leader: str,
        commissioner: str,
        by: str,
        at: datetime,
    ) -> Project:
        """A project with its mandate; the scope is required and the budget never negative."""
        text = _text(scope, "project.scope_required", N_("Describe the project's scope."))
        if budget < 0:
            raise InvalidInput("project.negative_budget", N_("A budget cannot be negative."))
        return cls(
            proposal_id,
            group_key,
            text,
            budget,
            owner_group,
            leader,
            commissioner,
            started_by=by,
            started_at=at,
        )

    @property
    def is_delivered(self) -> bool:
        return self.delivered_at is not None

    @property
    def latest(self) -> StatusUpdate | None:
        return max(self.updates, key=lambda u: (u.at, u.id or 0)) if self.updates else None

    def post_status(
        self, status: ProjectStatus, comment: str, by: str, at: datetime
    ) -> StatusUpdate:
        """Post a status; a comment is always required (what was done, what is at risk)."""
        self._require_running()
        text = _text(
            comment, "project.comment_required", N_("Say in a comment how the project stands.")
        )
        update = StatusUpdate(status, text, by, at)
        self.updates.append(update)
        return update

    def deliver(self, by: str, at: datetime, note: str = "") -> None:
        self._require_running()
        self.delivered_at, self.delivered_by, self.delivery_note = at, by, note.strip()

    def _require_running(self) -> None:
        if self.is_delivered:
            raise InvalidTransition(
                "project.delivered", N_("The project is delivered and takes no more changes.")
            )


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the last day of that month (31.08 + 6 = 28/29.02)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def benefit_due_dates(delivered_on: date) -> list[date]:
    """When a benefit of a project delivered on ``delivered_on`` is measured."""
    return [add_months(delivered_on, months) for months in FOLLOW_UP_MONTHS]
