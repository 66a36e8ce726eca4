"""Meeting dates derived from the mandate (rule 5): committee, group-leader and board meetings.

ROR-IKT's mandate: the committee (bestillerutvalget) meets two weeks before every board meeting,
and twice a year with the faggruppeledere. The board's dates come from the mandate file; the
others are computed here and moved to the previous working day (``governance.domain.calendar``)
when they fall on a weekend or a Norwegian public holiday. Pure functions, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from governance.domain.calendar import last_day_of_month, previous_working_day
from governance.domain.errors import InvalidInput
from governance.domain.meetings import MeetingKind
from governance.domain.messages import N_
from governance.domain.organisation import Mandate

_KIND_ORDER = {MeetingKind.COMMITTEE: 0, MeetingKind.GROUP_LEADERS: 1, MeetingKind.BOARD: 2}


@dataclass(frozen=True)
class PlannedMeeting:
    """A meeting the mandate calls for. ``board_meeting``: the board meeting it prepares;
    ``moved_from``: the date the rule gave, when that was not a working day."""

    kind: MeetingKind
    on: date
    body_id: str | None = None
    board_meeting: date | None = None
    moved_from: date | None = None

    @property
    def sort_key(self) -> tuple[date, int, date]:
        return (self.on, _KIND_ORDER[self.kind], self.board_meeting or self.on)


def _on_working_day(
    kind: MeetingKind, naive: date, body_id: str | None, board_meeting: date | None = None
) -> PlannedMeeting:
    on = previous_working_day(naive)
    return PlannedMeeting(kind, on, body_id, board_meeting, naive if on != naive else None)


def _offset(offset_days: int) -> timedelta:
    if offset_days < 0:
        raise InvalidInput(
            "meeting.bad_offset",
            N_("The committee meets before the board; {days} days is not a valid offset."),
            days=offset_days,
        )
    return timedelta(days=offset_days)


def committee_meeting_date(board_meeting: date, offset_days: int = 14) -> date:
    """Rule 5: the committee meets ``offset_days`` before the board meeting, on the previous
    working day when that date is a weekend or a Norwegian public holiday."""
    return previous_working_day(board_meeting - _offset(offset_days))


def committee_meetings(
    board_meetings: Iterable[date], offset_days: int = 14, *, body_id: str | None = None
) -> list[PlannedMeeting]:
    """Rule 5: one committee meeting before each board meeting (``committee_meeting_date``),
    sorted by date."""
    offset = _offset(offset_days)
    meetings: list[PlannedMeeting] = []
    for board in set(board_meetings):
        on = committee_meeting_date(board, offset_days)
        scheduled = board - offset
        moved_from = scheduled if on != scheduled else None
        meetings.append(PlannedMeeting(MeetingKind.COMMITTEE, on, body_id, board, moved_from))
    return sorted(meetings, key=lambda m: m.sort_key)


def _months_per_period(per_year: int) -> int:
    if per_year < 0 or (per_year and 12 % per_year):
        raise InvalidInput(
            "meeting.bad_per_year",
            N_("Meetings per year must divide the year evenly (1, 2, 3, 4, 6 or 12), not {n}."),
            n=per_year,
        )
    return 12 // per_year if per_year else 0


def _joint_or_fallback(
    year: int,
    first_month: int,
    months: int,
    committees: Sequence[PlannedMeeting],
    body_id: str | None,
) -> PlannedMeeting:
    """The first committee meeting of the period, else the period's fallback date."""
    for c in committees:
        if c.on.year == year and first_month <= c.on.month < first_month + months:
            return PlannedMeeting(
                MeetingKind.GROUP_LEADERS, c.on, body_id, c.board_meeting, c.moved_from
            )
    fallback_month = first_month + min(1, months - 1)
    return _on_working_day(
        MeetingKind.GROUP_LEADERS, last_day_of_month(year, fallback_month), body_id
    )


def _explicit(
    year: int, explicit: Iterable[date], committees: Sequence[PlannedMeeting], body_id: str | None
) -> list[PlannedMeeting]:
    board_of = {c.on: c.board_meeting for c in committees}
    meetings: dict[date, PlannedMeeting] = {}
    for naive in sorted({d for d in explicit if d.year == year}):
        planned = _on_working_day(MeetingKind.GROUP_LEADERS, naive, body_id)
        linked = PlannedMeeting(
            planned.kind, planned.on, body_id, board_of.get(planned.on), planned.moved_from
        )
        meetings.setdefault(planned.on, linked)
    return list(meetings.values())


def group_leader_meetings(
    year: int,
    board_meetings: Iterable[date],
    offset_days: int = 14,
    explicit: Sequence[date] = (),
    per_year: int = 2,
    *,
    body_id: str | None = None,
) -> list[PlannedMeeting]:
    """Rule 5: the committee's meetings with the faggruppeledere ("2 ganger pr. år") in ``year``.

    Interpretation, since the mandate gives no dates:

    * Dates of ``year`` in ``explicit`` (the mandate file's ``group_leader_meetings``) win; each
      moves to the previous working day if needed. Explicit dates of other years are ignored,
      so a year without any falls back to the rule below.
    * Otherwise the year is split into ``per_year`` equal periods (two: January-June and
      July-December). In each, the group leaders join the first committee meeting of the period
      (one meeting, held jointly with the ordinary one, linked to the same board meeting).
    * A period without a committee meeting gets its meeting on the last working day of the
      period's second month (end of February / end of August for two a year).
    """
    committees = committee_meetings(board_meetings, offset_days, body_id=body_id)
    if any(d.year == year for d in explicit):
        return _explicit(year, explicit, committees, body_id)
    months = _months_per_period(per_year)
    if not months:
        return []
    return [
        _joint_or_fallback(year, first, months, committees, body_id)
        for first in range(1, 13, months)
    ]


def planned_meetings(mandate: Mandate, year: int) -> list[PlannedMeeting]:
    """Rule 5: every meeting of ``year`` the mandate calls for, sorted by date.

    The board meetings of the year as the mandate file lists them; the committee meetings that
    fall in the year (a January board meeting may be prepared in December of the year before);
    the committee's meetings with the group leaders.
    """
    boards = [
        PlannedMeeting(MeetingKind.BOARD, d, mandate.board, d)
        for d in sorted(set(mandate.board_meetings))
        if d.year == year
    ]
    committees = [
        m
        for m in committee_meetings(
            mandate.board_meetings, mandate.committee_meeting_offset_days, body_id=mandate.committee
        )
        if m.on.year == year
    ]
    leaders = group_leader_meetings(
        year,
        mandate.board_meetings,
        mandate.committee_meeting_offset_days,
        mandate.group_leader_meetings,
        mandate.group_leader_meetings_per_year,
        body_id=mandate.committee,
    )
    return sorted([*boards, *committees, *leaders], key=lambda m: m.sort_key)
