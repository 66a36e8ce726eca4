"""What the annual cycle and the meeting rhythm say to whom, and on which day (mandate rules 5
and 10): the notices a year holds.

A ``PlannedNotice`` is one message to one recipient (a body's channel or a member's personal
chat) about one subject (a task of a year, a meeting, an election, a board meeting), sent on one
working day at ``SEND_HOUR`` Oslo time. Its ``key`` (what + about what + for whom + date) is
unique in the database, so each notice is sent once however many sweeps and workers ask.

The rules (dates move to a working day: forward when the notice opens something, backward when
it must arrive ahead of a date):

* a task is posted to each responsible body, and to that body's leader in personal chat, on the
  first working day of its quarter; a reminder goes to each body 14 days before the (possibly
  postponed) deadline; the day after the deadline the chair gets an overdue notice;
* 7 days before a committee meeting, a call for agenda items to the committee; 2 days before,
  the draft agenda; the meetings with the group leaders are announced the same way to the
  faggrupper (and to the committee when it does not meet that day anyway);
* each development group elects its leader at the start of the year: a ballot in its channel;
* 7 days before each board meeting the status report is published for the board.

Done tasks get no reminder and no overdue notice. A notice whose moment has passed
(``expires_on``) is not sent late: a task posted after its deadline, a call after the meeting.
Pure functions; the service feeds them the stored state and the date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Final

from governance.domain.annual_cycle import TaskOccurrence
from governance.domain.calendar import next_working_day, oslo_datetime, previous_working_day
from governance.domain.meetings import MeetingKind
from governance.domain.meetings_calendar import PlannedMeeting
from governance.domain.organisation import BodyKind, Mandate
from governance.domain.subjects import NoticeSubject

SEND_HOUR: Final = 8  # notices arrive at 08:00 Oslo time, when municipal offices open
REMINDER_DAYS: Final = 14
CALL_DAYS: Final = 7
AGENDA_DAYS: Final = 2
STATUS_DAYS: Final = 7
OVERDUE_WINDOW: Final = timedelta(days=14)  # an overdue notice not sent by then is dropped
ELECTION_WINDOW_END: Final = (3, 31)  # a missed January election ballot is still posted in Q1


class NoticeKind(StrEnum):
    TASK_POSTED = "task_posted"  # the task, to a responsible body's channel
    TASK_LEADER = "task_leader"  # the task, to the body's leader in personal chat
    TASK_REMINDER = "task_reminder"  # 14 days before the deadline
    TASK_OVERDUE = "task_overdue"  # to the chair, the working day after the deadline
    MEETING_CALL = "meeting_call"  # call for agenda items, 7 days before
    MEETING_AGENDA = "meeting_agenda"  # draft agenda, 2 days before
    LEADER_ELECTION = "leader_election"  # a development group's yearly ballot
    STATUS_REPORT = "status_report"  # the board's status report, 7 days before its meeting
    CHAIR_WARNING = "chair_warning"  # a notice could not be delivered: the chair is told once
    PROPOSAL_STEP = "proposal_step"  # a step of a proposal, to its submitter in personal chat
    BENEFIT_DUE = "benefit_due"  # a benefit's follow-up date, to its owning group's members
    VOTE_OPENED = "vote_opened"  # a vote opened: each bestiller gets their own ballot card
    VOTE_REMINDER = "vote_reminder"  # a day before it closes, to municipalities not yet voted
    VOTE_DEADLINE = "vote_deadline"  # its closing time came: the chair is told to close it


TASK_KINDS: Final = frozenset(
    {
        NoticeKind.TASK_POSTED,
        NoticeKind.TASK_LEADER,
        NoticeKind.TASK_REMINDER,
        NoticeKind.TASK_OVERDUE,
    }
)


def body_recipient(body_id: str) -> str:
    return f"body:{body_id}"


def member_recipient(member_id: str) -> str:
    return f"member:{member_id}"


def parse_recipient(recipient: str) -> tuple[str, str]:
    """``("body", id)`` or ``("member", id)``."""
    kind, _, ident = recipient.partition(":")
    return kind, ident


@dataclass(frozen=True)
class PlannedNotice:
    """One message due on ``send_on`` (a working day). ``subject`` names what it is about (the
    key of a ``NoticeSubject``: ``task:<task id>:<year>``, ``meeting:<kind>:<date>``,
    ``election:<group>:<year>`` or ``board:<date>``); ``about`` is the date it concerns
    (deadline, meeting day)."""

    kind: NoticeKind
    subject: str
    recipient: str
    send_on: date
    expires_on: date
    about: date
    title: str = ""
    data: Mapping[str, str | int] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.kind.value}|{self.subject}|{self.recipient}|{self.send_on.isoformat()}"

    @property
    def send_at(self) -> datetime:
        return oslo_datetime(self.send_on, SEND_HOUR)

    def is_due(self, now: datetime) -> bool:
        """Its moment has come and not yet passed (``now`` is an aware instant)."""
        return self.send_at <= now and now.astimezone(self.send_at.tzinfo).date() <= self.expires_on


@dataclass(frozen=True)
class YearState:
    """What the core knows that the rules need: the year's task occurrences (with their done and
    postponed state), the meetings on record beside the mandate's, each body's leader for the
    year (the elected one, else the mandate's chair), and which groups already have a leader
    for which year (``(group, year)`` pairs)."""

    tasks: Sequence[TaskOccurrence] = ()
    meetings: Sequence[PlannedMeeting] = ()
    leaders: Mapping[str, str] = field(default_factory=dict)
    elected: frozenset[tuple[str, int]] = frozenset()


def task_notices(
    mandate: Mandate, occurrence: TaskOccurrence, leaders: Mapping[str, str]
) -> list[PlannedNotice]:
    """Rule 10: the posting, the leaders' copies, the reminder and the overdue notice."""
    subject = NoticeSubject.task(occurrence.task_id, occurrence.year).key
    due = occurrence.effective_due
    data: dict[str, str | int] = {"task_id": occurrence.task_id, "year": occurrence.year}
    if occurrence.id is not None:
        data["occurrence_id"] = occurrence.id
    posted_on = next_working_day(occurrence.starts_on)
    notices = [
        PlannedNotice(
            NoticeKind.TASK_POSTED,
            subject,
            body_recipient(body_id),
            posted_on,
            due,
            due,
            occurrence.title,
            data,
        )
        for body_id in occurrence.responsible
    ]
    led: dict[str, list[str]] = {}  # one personal copy per leader, naming what they lead
    for body_id in occurrence.responsible:
        if leaders.get(body_id):
            led.setdefault(leaders[body_id], []).append(body_id)
    notices += [
        PlannedNotice(
            NoticeKind.TASK_LEADER,
            subject,
            member_recipient(leader),
            posted_on,
            due,
            due,
            occurrence.title,
            data | {"body_ids": ",".join(bodies)},
        )
        for leader, bodies in led.items()
    ]
    if occurrence.is_done:
        return notices
    remind_on = previous_working_day(due - timedelta(days=REMINDER_DAYS))
    if remind_on > posted_on:  # a deadline early in the quarter needs no separate reminder
        notices += [
            PlannedNotice(
                NoticeKind.TASK_REMINDER,
                subject,
                body_recipient(b),
                remind_on,
                due,
                due,
                occurrence.title,
                data,
            )
            for b in occurrence.responsible
        ]
    overdue_on = next_working_day(due + timedelta(days=1))
    notices += [
        PlannedNotice(
            NoticeKind.TASK_OVERDUE,
            subject,
            member_recipient(chair.id),
            overdue_on,
            overdue_on + OVERDUE_WINDOW,
            due,
            occurrence.title,
            data,
        )
        for chair in mandate.chairs()
    ]
    return notices


def meeting_notices(
    mandate: Mandate, meeting: PlannedMeeting, committee_days: frozenset[date] = frozenset()
) -> list[PlannedNotice]:
    """Rule 5: the call for agenda items and the draft agenda of a committee meeting, or of a
    meeting with the group leaders (to the faggrupper, and to the committee unless it meets
    that day anyway)."""
    if meeting.kind is MeetingKind.COMMITTEE:
        recipients = [mandate.committee]
    elif meeting.kind is MeetingKind.GROUP_LEADERS:
        recipients = [b.id for b in mandate.bodies_of_kind(BodyKind.FAGGRUPPE)]
        if meeting.on not in committee_days:
            recipients.insert(0, mandate.committee)
    else:
        return []
    subject = NoticeSubject.meeting(meeting.kind.value, meeting.on).key
    data: dict[str, str | int] = {"meeting_kind": meeting.kind.value, "on": meeting.on.isoformat()}
    if meeting.board_meeting is not None:
        data["board_meeting"] = meeting.board_meeting.isoformat()
    last_day = meeting.on - timedelta(days=1)
    notices = []
    for body_id in recipients:
        call_on = previous_working_day(meeting.on - timedelta(days=CALL_DAYS))
        agenda_on = previous_working_day(meeting.on - timedelta(days=AGENDA_DAYS))
        notices.append(
            PlannedNotice(
                NoticeKind.MEETING_CALL,
                subject,
                body_recipient(body_id),
                call_on,
                last_day,
                meeting.on,
                data=data,
            )
        )
        notices.append(
            PlannedNotice(
                NoticeKind.MEETING_AGENDA,
                subject,
                body_recipient(body_id),
                agenda_on,
                last_day,
                meeting.on,
                data=data,
            )
        )
    return notices


def election_notices(
    mandate: Mandate, year: int, elected: frozenset[tuple[str, int]] = frozenset()
) -> list[PlannedNotice]:
    """FARTT task 5: each development group elects its leader at the start of the year, unless
    it has a leader for that year already (``elected``: (group, year) pairs)."""
    opens = next_working_day(date(year, 1, 2))
    closes = date(year, *ELECTION_WINDOW_END)
    return [
        PlannedNotice(
            NoticeKind.LEADER_ELECTION,
            NoticeSubject.election(body.id, year).key,
            body_recipient(body.id),
            opens,
            closes,
            opens,
            data={"group": body.id, "year": year},
        )
        for body in mandate.bodies_of_kind(BodyKind.UTVIKLINGSGRUPPE)
        if (body.id, year) not in elected
    ]


def status_notices(mandate: Mandate, board_meetings: Iterable[date]) -> list[PlannedNotice]:
    """The status report before each board meeting, published for the board."""
    return [
        PlannedNotice(
            NoticeKind.STATUS_REPORT,
            NoticeSubject.board_meeting(on).key,
            body_recipient(mandate.board),
            previous_working_day(on - timedelta(days=STATUS_DAYS)),
            on - timedelta(days=1),
            on,
            data={"board_meeting": on.isoformat()},
        )
        for on in sorted(set(board_meetings))
    ]


def notices_of_year(mandate: Mandate, year: int, state: YearState) -> list[PlannedNotice]:
    """Every notice about ``year``'s tasks, meetings, elections and board meetings, by date.

    A few fall in a neighbouring year (a committee meeting in December prepares a January board
    meeting; an overdue notice for 31 December goes out in January): callers that ask "what is
    due today" look at the year before and after as well.
    """
    tasks = [o for o in state.tasks if o.year == year]
    meetings = [
        m for m in state.meetings if m.kind in (MeetingKind.COMMITTEE, MeetingKind.GROUP_LEADERS)
    ]
    committee_days = frozenset(m.on for m in meetings if m.kind is MeetingKind.COMMITTEE)
    boards = [d for d in mandate.board_meetings if d.year == year]
    notices = [n for o in tasks for n in task_notices(mandate, o, state.leaders)]
    notices += [
        n
        for m in _unique(meetings)
        if m.on.year == year
        for n in meeting_notices(mandate, m, committee_days)
    ]
    notices += election_notices(mandate, year, state.elected)
    notices += status_notices(mandate, boards)
    return sorted(notices, key=lambda n: (n.send_on, n.kind.value, n.subject, n.recipient))


def due_notices(notices: Iterable[PlannedNotice], now: datetime) -> list[PlannedNotice]:
    """The notices whose moment is ``now``: sent at or after 08:00 of their day, not expired."""
    return [n for n in notices if n.is_due(now)]


def _unique(meetings: Iterable[PlannedMeeting]) -> list[PlannedMeeting]:
    seen: dict[tuple[MeetingKind, date], PlannedMeeting] = {}
    for meeting in meetings:
        seen.setdefault((meeting.kind, meeting.on), meeting)
    return list(seen.values())


def stale_reason(kind: NoticeKind, about: str, occurrence: TaskOccurrence) -> str | None:
    """Why a task notice on record is no longer to be sent (rule 10), or ``None``: a done task
    gets no reminder and no overdue notice, and one planned for a deadline since postponed is
    not sent (the new deadline has its own). ``about`` is the deadline it was planned for."""
    if kind not in (NoticeKind.TASK_REMINDER, NoticeKind.TASK_OVERDUE):
        return None
    if occurrence.is_done:
        return f"task {occurrence.key} is already done"
    if occurrence.effective_due.isoformat() != about:
        return f"task {occurrence.key} was postponed"
    return None


def named_bodies(
    kind: NoticeKind, recipient: str, payload: Mapping[str, object], occurrence: TaskOccurrence
) -> list[str]:
    """The bodies a task notice names: those the leader leads (``body_ids``), every responsible
    body for the chair's overdue notice, else the recipient body itself."""
    if kind is NoticeKind.TASK_LEADER:
        return str(payload["body_ids"]).split(",")
    if kind is NoticeKind.TASK_OVERDUE:
        return list(occurrence.responsible)
    return [parse_recipient(recipient)[1]]
