"""The year of a cooperation as calendar entries, from its mandate file alone (rules 5 and 10):
every meeting the mandate calls for, every deadline of the årshjul and every notice Samstyre
will send about them, each under the body it concerns.

Nothing is read from the database: the year's task occurrences are the mandate's (none done or
postponed), the leaders are the bodies' chairs and no group has elected a leader yet. So the
calendar shows the plan; what the bot actually sends follows the stored state. A meeting with
the group leaders is listed for the committee and for every faggruppe, whose leaders attend.
A few notices fall in a neighbouring year (an overdue notice for 31 December goes out in
January); they belong to the year they are about. Pure functions: text is translated here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Final
from urllib.parse import quote, urlencode

from governance.domain.annual_cycle import TaskOccurrence, occurrences_for_year
from governance.domain.errors import NotFound
from governance.domain.meetings import MeetingKind
from governance.domain.meetings_calendar import PlannedMeeting, planned_meetings
from governance.domain.organisation import BodyKind, Mandate
from governance.domain.reminders import (
    NoticeKind,
    PlannedNotice,
    YearState,
    notices_of_year,
    parse_recipient,
)
from governance.i18n import N_, translate
from governance.presentation import (
    MEETING_KINDS,
    body_name,
    member_name,
    moment,
    names,
    short_day,
)

TEAMS_CHANNEL_LINK: Final = "https://teams.microsoft.com/l/channel"


class EntryKind(StrEnum):
    MEETING = "meeting"  # all day: the mandate gives the day, not the hour
    DEADLINE = "deadline"  # all day: an årshjul task is due
    NOTICE = "notice"  # at SEND_HOUR: a message Samstyre sends


_KIND_RANK: Final = {EntryKind.MEETING: 0, EntryKind.DEADLINE: 1, EntryKind.NOTICE: 2}

NOTICE_TEXTS: Final = {
    NoticeKind.TASK_POSTED: N_("Task posted: {task}"),
    NoticeKind.TASK_LEADER: N_("Task to the leader, {member}: {task}"),
    NoticeKind.TASK_REMINDER: N_("Reminder, due {date}: {task}"),
    NoticeKind.TASK_OVERDUE: N_("Overdue notice to {member}: {task}"),
    NoticeKind.MEETING_CALL: N_("Call for agenda items: {meeting} {date}"),
    NoticeKind.MEETING_AGENDA: N_("Draft agenda: {meeting} {date}"),
    NoticeKind.LEADER_ELECTION: N_("Election of the group's leader for {year}"),
    NoticeKind.STATUS_REPORT: N_("Status report before the board meeting on {date}"),
}


@dataclass(frozen=True)
class CalendarEntry:
    """One line of the calendar. ``key`` names what it is, about what and for whom, the same
    in every export; ``at`` is the moment of a notice (Europe/Oslo), ``None`` for a whole day;
    ``link`` opens the body's channel in Teams; ``details`` are sentences for a description."""

    on: date
    body_id: str
    body_name: str
    what: str
    kind: EntryKind
    key: str
    link: str | None = None
    at: datetime | None = None
    details: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[date, str, str, int, str, str]:
        return (self.on, self.body_name, self.body_id, _KIND_RANK[self.kind], self.what, self.key)


def channel_link(mandate: Mandate, body_id: str) -> str | None:
    """A Teams deep link to the body's channel, or ``None`` when the mandate names none."""
    try:
        body = mandate.body(body_id)
    except NotFound:
        return None
    if not (body.team_id and body.channel_id):
        return None
    query = {"groupId": body.team_id}
    if mandate.tenant_ids:
        query["tenantId"] = mandate.tenant_ids[0]
    path = f"{quote(body.channel_id, safe='')}/{quote(body.name, safe='')}"
    return f"{TEAMS_CHANNEL_LINK}/{path}?{urlencode(query, quote_via=quote)}"


def year_state(mandate: Mandate, year: int) -> YearState:
    """What the notice rules need, from the mandate alone: the plan, nobody elected yet."""
    return YearState(
        tasks=occurrences_for_year(mandate.annual_tasks, year),
        meetings=[m for y in (year - 1, year, year + 1) for m in planned_meetings(mandate, y)],
        leaders={b.id: b.chair for b in mandate.bodies if b.chair},
    )


def calendar_entries(mandate: Mandate, year: int, locale: str) -> list[CalendarEntry]:
    """Every meeting, deadline and notice of ``year``, by date, then body."""
    state = year_state(mandate, year)
    entries = meeting_entries(mandate, planned_meetings(mandate, year), locale)
    entries += deadline_entries(mandate, state.tasks, locale)
    entries += notice_entries(mandate, notices_of_year(mandate, year, state), locale)
    return sorted(entries, key=lambda e: e.sort_key)


def meeting_entries(
    mandate: Mandate, meetings: Iterable[PlannedMeeting], locale: str
) -> list[CalendarEntry]:
    """Rule 5: each meeting under its body (group-leader meetings also under each faggruppe)."""
    entries = []
    for meeting in meetings:
        details = []
        if meeting.kind is not MeetingKind.BOARD and meeting.board_meeting:
            details.append(
                translate(
                    N_("(before the board meeting on {date})"),
                    locale,
                    date=short_day(meeting.board_meeting, locale),
                )
            )
        if meeting.moved_from:
            details.append(
                translate(
                    N_("(moved from {date}, not a working day)"),
                    locale,
                    date=short_day(meeting.moved_from, locale),
                )
            )
        for body_id in _meeting_bodies(mandate, meeting):
            entries.append(
                _entry(
                    mandate,
                    meeting.on,
                    body_id,
                    translate(MEETING_KINDS[meeting.kind], locale),
                    EntryKind.MEETING,
                    f"meeting:{meeting.kind.value}:{meeting.on.isoformat()}|body:{body_id}",
                    details=tuple(details),
                )
            )
    return entries


def deadline_entries(
    mandate: Mandate, occurrences: Iterable[TaskOccurrence], locale: str
) -> list[CalendarEntry]:
    """Rule 10: each task's deadline under each body responsible for it."""
    entries = []
    for task in occurrences:
        responsible = translate(
            N_("Responsible: {bodies}."),
            locale,
            bodies=names((body_name(mandate, b) for b in task.responsible), locale),
        )
        what = translate(N_("Deadline: {task}"), locale, task=task.title)
        entries += [
            _entry(
                mandate,
                task.effective_due,
                body_id,
                what,
                EntryKind.DEADLINE,
                f"deadline|task:{task.key}|body:{body_id}",
                details=(responsible,),
            )
            for body_id in task.responsible
        ]
    return entries


def notice_entries(
    mandate: Mandate, notices: Iterable[PlannedNotice], locale: str
) -> list[CalendarEntry]:
    """Every notice, under the body it is sent to or about, at the moment it is sent."""
    entries = []
    for notice in notices:
        kind, ident = parse_recipient(notice.recipient)
        where = _where(mandate, notice, locale)
        # a leader's one copy is listed under every body they lead
        for body_id in _notice_bodies(mandate, notice) if kind == "member" else [ident]:
            key = notice.key if kind == "body" else f"{notice.key}|body:{body_id}"
            entries.append(
                _entry(
                    mandate,
                    notice.send_on,
                    body_id,
                    notice_text(mandate, notice, locale),
                    EntryKind.NOTICE,
                    key,
                    at=notice.send_at,
                    details=(where,),
                )
            )
    return entries


def notice_text(mandate: Mandate, notice: PlannedNotice, locale: str) -> str:
    """What a notice is, in a line: "Påminnelse, frist 30.06.2027: …"."""
    _, ident = parse_recipient(notice.recipient)
    meeting = notice.data.get("meeting_kind")
    return translate(
        NOTICE_TEXTS[notice.kind],
        locale,
        task=notice.title,
        year=notice.data.get("year", ""),
        member=member_name(mandate, ident),
        date=short_day(notice.about, locale),
        meeting=translate(MEETING_KINDS[MeetingKind(str(meeting))], locale) if meeting else "",
    )


def _where(mandate: Mandate, notice: PlannedNotice, locale: str) -> str:
    kind, ident = parse_recipient(notice.recipient)
    when = moment(notice.send_at, locale)
    if kind == "member":
        return translate(
            N_("Samstyre sends this to {member} in a personal chat on {moment}."),
            locale,
            member=member_name(mandate, ident),
            moment=when,
        )
    return translate(
        N_("Samstyre posts this in the channel of {body} on {moment}."),
        locale,
        body=body_name(mandate, ident),
        moment=when,
    )


def _notice_bodies(mandate: Mandate, notice: PlannedNotice) -> list[str]:
    """The bodies a personal notice belongs under: the bodies the leader leads for a task's
    copy; the committee, which the chair (daglig leder) leads, for an overdue notice."""
    body_ids = str(notice.data.get("body_ids") or "")
    return body_ids.split(",") if body_ids else [mandate.committee]


def _meeting_bodies(mandate: Mandate, meeting: PlannedMeeting) -> list[str]:
    first = meeting.body_id or (
        mandate.board if meeting.kind is MeetingKind.BOARD else mandate.committee
    )
    if meeting.kind is not MeetingKind.GROUP_LEADERS:
        return [first]
    return [first, *(b.id for b in mandate.bodies_of_kind(BodyKind.FAGGRUPPE))]


def _entry(
    mandate: Mandate,
    on: date,
    body_id: str,
    what: str,
    kind: EntryKind,
    key: str,
    *,
    at: datetime | None = None,
    details: tuple[str, ...] = (),
) -> CalendarEntry:
    return CalendarEntry(
        on=on,
        body_id=body_id,
        body_name=body_name(mandate, body_id),
        what=what,
        kind=kind,
        key=key,
        link=channel_link(mandate, body_id),
        at=at,
        details=details,
    )


def render_table(mandate: Mandate, year: int, entries: Iterable[CalendarEntry], locale: str) -> str:
    """The entries as a plain-text table: date, body, what (notices with their time)."""
    rows = [
        (short_day(e.on, locale) + (f" {e.at:%H:%M}" if e.at else ""), e.body_name, e.what)
        for e in entries
    ]
    lines = [translate(N_("{name}: calendar {year}"), locale, name=mandate.name, year=year), ""]
    if not rows:
        return "\n".join(
            [*lines, translate(N_("Nothing is planned for {year}."), locale, year=year)]
        )
    header = (
        translate(N_("Date"), locale),
        translate(N_("Body"), locale),
        translate(N_("What"), locale),
    )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in (0, 1)]
    lines += [f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]}".rstrip() for r in [header, *rows]]
    return "\n".join(lines)
