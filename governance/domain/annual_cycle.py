"""The annual cycle (årshjul, mandate rule 10): each task of the table, one occurrence a year.

An ``AnnualTask`` of the mandate says what, who and by which quarter (or a fixed date); a
``TaskOccurrence`` is that task in a given year, posted at the start of its quarter and tracked
to done. State is kept as timestamps (``done_at``, ``postponed_to``); "overdue" is derived from
today's date and never stored. Plain types only, so persistence can map the class as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from governance.domain.calendar import (
    end_of_quarter,
    last_day_of_month,
    require_aware,
    start_of_quarter,
)
from governance.domain.errors import InvalidInput, InvalidTransition
from governance.domain.messages import N_
from governance.domain.organisation import AnnualTask

_LEAP_YEAR = 2024  # any leap year: which (month, day) pairs are dates in some year


class OccurrenceState(StrEnum):
    OPEN = "open"
    DONE = "done"
    OVERDUE = "overdue"  # derived: open and past its (effective) due date


def due_date(task: AnnualTask, year: int) -> date:
    """Rule 10: the deadline of ``task`` in ``year``: the end of its quarter, or ``task.due``.

    A stated (month, day) is kept even on a weekend or holiday: the deadline is the date the
    table gives. 29 February becomes 28 February in a common year.
    """
    if task.due is None:
        return end_of_quarter(year, task.quarter)
    month, day = task.due
    if not (1 <= month <= 12 and 1 <= day <= last_day_of_month(_LEAP_YEAR, month).day):
        raise InvalidInput(
            "task.bad_due",
            N_("The deadline {month}/{day} of the task {task} is not a date."),
            month=month,
            day=day,
            task=task.id,
        )
    return date(year, month, min(day, last_day_of_month(year, month).day))


def starts_on(task: AnnualTask, year: int) -> date:
    """Rule 10: the day ``task`` is posted to its responsible body: the start of its quarter."""
    return start_of_quarter(year, task.quarter)


@dataclass(eq=False)
class TaskOccurrence:
    """One task of the årshjul in one year (rule 10); ``id`` is set by persistence."""

    task_id: str
    year: int
    title: str
    responsible: list[str]
    quarter: int
    due: date
    postponed_to: date | None = None
    done_at: datetime | None = None
    done_by: str | None = None
    postponed_by: str | None = None
    id: int | None = None

    @classmethod
    def of(cls, task: AnnualTask, year: int) -> TaskOccurrence:
        """The occurrence of ``task`` in ``year``, open and not postponed."""
        return cls(
            task_id=task.id,
            year=year,
            title=task.title,
            responsible=list(task.responsible),
            quarter=task.quarter,
            due=due_date(task, year),
        )

    @property
    def key(self) -> str:
        """Stable natural key: one occurrence per task and year."""
        return f"{self.task_id}:{self.year}"

    @property
    def starts_on(self) -> date:
        return start_of_quarter(self.year, self.quarter)

    @property
    def effective_due(self) -> date:
        return self.postponed_to or self.due

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def state(self, today: date) -> OccurrenceState:
        """Done once marked; overdue when still open after the effective due date."""
        if self.is_done:
            return OccurrenceState.DONE
        if today > self.effective_due:
            return OccurrenceState.OVERDUE
        return OccurrenceState.OPEN

    def mark_done(self, by: str, at: datetime) -> None:
        """Rule 10: the responsible body reports the task done."""
        require_aware(at)
        self._require_open()
        self.done_at = at
        self.done_by = by

    def reopen(self, by: str, at: datetime) -> None:
        """Undo ``mark_done``; the audit log, not this object, records who reopened and when."""
        require_aware(at)
        if not self.is_done:
            raise InvalidTransition(
                "task.not_done",
                N_("The task {task} of {year} is not done, so it cannot be reopened."),
                task=self.task_id,
                year=self.year,
            )
        self.done_at = None
        self.done_by = None

    def postpone(self, to: date, by: str, at: datetime) -> None:
        """Move the deadline later; a postponement can only move it forward."""
        require_aware(at)
        self._require_open()
        if to <= self.effective_due:
            raise InvalidInput(
                "task.postpone_not_later",
                N_("A new deadline must be after {due}, the current one; {to} is not."),
                due=self.effective_due.isoformat(),
                to=to.isoformat(),
            )
        self.postponed_to = to
        self.postponed_by = by

    def _require_open(self) -> None:
        if self.is_done:
            raise InvalidTransition(
                "task.already_done",
                N_("The task {task} of {year} is already done."),
                task=self.task_id,
                year=self.year,
            )


def occurrences_for_year(tasks: Iterable[AnnualTask], year: int) -> list[TaskOccurrence]:
    """Rule 10: the occurrences of every årshjul task in ``year``, by due date then task id."""
    return sorted((TaskOccurrence.of(t, year) for t in tasks), key=lambda o: (o.due, o.task_id))
