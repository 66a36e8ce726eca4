"""The rules that date the annual cycle's notices, with real dates: Easter, 17 May, New Year,
the changes to and from summer time, and the whole FARTT table for 2027."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import UTC, date, datetime

import pytest

from governance.domain.annual_cycle import TaskOccurrence, occurrences_for_year
from governance.domain.calendar import OSLO
from governance.domain.meetings_calendar import planned_meetings
from governance.domain.organisation import AnnualTask, Mandate
from governance.domain.reminders import (
    NoticeKind,
    PlannedNotice,
    YearState,
    due_notices,
    named_bodies,
    notices_of_year,
    stale_reason,
    status_notices,
    task_notices,
)


def occurrence(task: AnnualTask, year: int = 2027, ident: int = 1) -> TaskOccurrence:
    found = TaskOccurrence.of(task, year)
    found.id = ident
    return found


def kinds(notices: list[PlannedNotice], kind: NoticeKind) -> list[PlannedNotice]:
    return [n for n in notices if n.kind is kind]


def test_a_task_is_posted_on_the_first_working_day_of_its_quarter(ror_mandate: Mandate) -> None:
    task = AnnualTask("t", "Årsrapport", ("bestillerutvalget",), 1)
    notices = task_notices(ror_mandate, occurrence(task), {"bestillerutvalget": "dl-ror"})
    [posted] = kinds(notices, NoticeKind.TASK_POSTED)
    assert posted.send_on == date(2027, 1, 4)  # 1 January is a holiday, then a weekend
    assert posted.send_at == datetime(2027, 1, 4, 7, 0, tzinfo=UTC)  # 08:00 CET
    [leader] = kinds(notices, NoticeKind.TASK_LEADER)
    assert (leader.recipient, leader.send_on) == ("member:dl-ror", date(2027, 1, 4))


def test_easter_moves_the_committee_meeting_and_summer_time_the_utc_hour(
    ror_mandate: Mandate,
) -> None:
    board = date(2027, 4, 12)  # two weeks before is Easter Monday, 29 March 2027
    mandate = dataclasses.replace(ror_mandate, board_meetings=(board,))
    notices = notices_of_year(mandate, 2027, YearState(meetings=planned_meetings(mandate, 2027)))
    committee = "meeting:committee:2027-03-24"  # before Maundy Thursday and Good Friday
    [call] = [n for n in kinds(notices, NoticeKind.MEETING_CALL) if n.subject == committee]
    [agenda] = [n for n in kinds(notices, NoticeKind.MEETING_AGENDA) if n.subject == committee]
    assert (call.send_on, agenda.send_on) == (date(2027, 3, 17), date(2027, 3, 22))
    assert call.send_at == datetime(2027, 3, 17, 7, 0, tzinfo=UTC)  # 08:00 CET
    [report] = kinds(notices, NoticeKind.STATUS_REPORT)
    assert report.send_on == date(2027, 4, 5)  # after the change to summer time on 28 March
    assert report.send_at == datetime(2027, 4, 5, 6, 0, tzinfo=UTC)  # 08:00 CEST


def test_autumn_keeps_summer_time_until_the_last_sunday_of_october(
    ror_mandate: Mandate,
) -> None:
    task = AnnualTask("h", "Høstrapport", ("bestillerutvalget",), 4, due=(11, 12))
    [reminder] = kinds(task_notices(ror_mandate, occurrence(task), {}), NoticeKind.TASK_REMINDER)
    assert reminder.send_on == date(2027, 10, 29)
    assert reminder.send_at == datetime(2027, 10, 29, 6, 0, tzinfo=UTC)  # CEST until 31 Oct
    [overdue] = kinds(task_notices(ror_mandate, occurrence(task), {}), NoticeKind.TASK_OVERDUE)
    assert overdue.send_on == date(2027, 11, 15)  # 13 November is a Saturday
    assert overdue.send_at == datetime(2027, 11, 15, 7, 0, tzinfo=UTC)  # CET again


def test_the_overdue_notice_goes_to_the_chair_after_new_year(ror_mandate: Mandate) -> None:
    task = AnnualTask("t", "Rapport", ("faggruppe-helse",), 4)
    [overdue] = kinds(task_notices(ror_mandate, occurrence(task), {}), NoticeKind.TASK_OVERDUE)
    assert overdue.recipient == "member:dl-ror"
    assert overdue.send_on == date(2028, 1, 3)  # 1 January 2028 is a Saturday and a holiday


def test_a_done_task_has_no_reminder_and_no_overdue_notice(ror_mandate: Mandate) -> None:
    task = AnnualTask("t", "Rapport", ("bestillerutvalget",), 1)
    done = occurrence(task)
    done.mark_done("dl-ror", datetime(2027, 2, 1, tzinfo=OSLO))
    found = {n.kind for n in task_notices(ror_mandate, done, {})}
    assert found == {NoticeKind.TASK_POSTED}


def test_a_board_meeting_on_the_monday_after_17_may(ror_mandate: Mandate) -> None:
    board = date(2027, 5, 24)  # a Monday; 17 May 2027 is Constitution Day and Whit Monday
    [report] = status_notices(ror_mandate, [board])
    assert report.send_on == date(2027, 5, 14)
    mandate = dataclasses.replace(ror_mandate, board_meetings=(board,))
    state = YearState(meetings=planned_meetings(mandate, 2027))
    notices = notices_of_year(mandate, 2027, state)
    calls = [
        n
        for n in kinds(notices, NoticeKind.MEETING_CALL)
        if n.subject == "meeting:committee:2027-05-10"
    ]
    agendas = [
        n
        for n in kinds(notices, NoticeKind.MEETING_AGENDA)
        if n.subject == "meeting:committee:2027-05-10"
    ]
    assert [n.send_on for n in calls] == [date(2027, 5, 3)]
    assert [n.send_on for n in agendas] == [date(2027, 5, 7)]  # 8 May is a Saturday


def test_notices_are_due_from_08_00_on_their_day_until_they_expire(
    ror_mandate: Mandate,
) -> None:
    task = AnnualTask("t", "Rapport", ("bestillerutvalget",), 1)
    notices = task_notices(ror_mandate, occurrence(task), {})
    [posted] = kinds(notices, NoticeKind.TASK_POSTED)
    assert not due_notices([posted], datetime(2027, 1, 4, 7, 59, tzinfo=OSLO))
    assert due_notices([posted], datetime(2027, 1, 4, 8, 0, tzinfo=OSLO))
    assert due_notices([posted], datetime(2027, 3, 31, 23, 0, tzinfo=OSLO))
    assert not due_notices([posted], datetime(2027, 4, 1, 0, 30, tzinfo=OSLO))


def test_keys_are_unique_and_stable(fartt_mandate: Mandate) -> None:
    state = fartt_state(fartt_mandate)
    first = notices_of_year(fartt_mandate, 2027, state)
    again = notices_of_year(fartt_mandate, 2027, state)
    assert [n.key for n in first] == [n.key for n in again]
    assert len({n.key for n in first}) == len(first)


def fartt_state(mandate: Mandate) -> YearState:
    tasks = occurrences_for_year(mandate.annual_tasks, 2027)
    for number, task in enumerate(tasks, start=1):
        task.id = number
    meetings = [m for year in (2026, 2027, 2028) for m in planned_meetings(mandate, year)]
    leaders = {b.id: b.chair for b in mandate.bodies if b.chair}
    return YearState(tasks=tasks, meetings=meetings, leaders=leaders)


def test_the_whole_fartt_table_of_2027(fartt_mandate: Mandate) -> None:
    notices = notices_of_year(fartt_mandate, 2027, fartt_state(fartt_mandate))
    counts = Counter(n.kind for n in notices)
    assert counts == {
        NoticeKind.TASK_POSTED: 20,  # 17 rows; "Utviklingsgruppene" are four bodies
        NoticeKind.TASK_REMINDER: 20,
        NoticeKind.TASK_OVERDUE: 17,  # one chair (daglig leder)
        NoticeKind.TASK_LEADER: 14,  # bodies with a leader: styret and the four groups
        NoticeKind.MEETING_CALL: 7,
        NoticeKind.MEETING_AGENDA: 7,  # 7 board meetings
        NoticeKind.STATUS_REPORT: 7,
        NoticeKind.LEADER_ELECTION: 4,
    }
    posted = {n.subject: n.send_on for n in kinds(notices, NoticeKind.TASK_POSTED)}
    assert posted["task:q2-workshop:2027"] == date(2027, 4, 1)
    assert posted["task:q3-vedtak-budsjett:2027"] == date(2027, 7, 1)
    assert posted["task:q4-utsending:2027"] == date(2027, 10, 1)
    elections = kinds(notices, NoticeKind.LEADER_ELECTION)
    assert {n.recipient for n in elections} == {
        "body:ug-helse",
        "body:ug-oppvekst",
        "body:ug-administrasjon",
        "body:ug-teknisk",
    }
    assert {n.send_on for n in elections} == {date(2027, 1, 4)}
    calls = {n.subject: n.send_on for n in kinds(notices, NoticeKind.MEETING_CALL)}
    assert calls["meeting:committee:2027-03-09"] == date(2027, 3, 2)  # board on 23 March
    agendas = {n.subject: n.send_on for n in kinds(notices, NoticeKind.MEETING_AGENDA)}
    assert agendas["meeting:committee:2027-06-01"] == date(2027, 5, 28)  # 30 May is a Sunday


def test_a_leader_of_two_responsible_bodies_gets_one_copy(ror_mandate: Mandate) -> None:
    task = AnnualTask("t", "Gjennomgang", ("bestillerutvalget", "faggruppe-helse"), 4)
    notices = task_notices(
        ror_mandate, occurrence(task), {"bestillerutvalget": "dl-ror", "faggruppe-helse": "dl-ror"}
    )
    [copy] = kinds(notices, NoticeKind.TASK_LEADER)
    assert copy.data["body_ids"] == "bestillerutvalget,faggruppe-helse"
    assert len({n.key for n in notices}) == len(notices)


def test_a_leader_of_last_year_does_not_skip_this_years_election(fartt_mandate: Mandate) -> None:
    state = dataclasses.replace(
        fartt_state(fartt_mandate), elected=frozenset({("ug-helse", 2026), ("ug-oppvekst", 2027)})
    )
    elections = kinds(notices_of_year(fartt_mandate, 2027, state), NoticeKind.LEADER_ELECTION)
    assert {n.recipient for n in elections} == {
        "body:ug-helse",
        "body:ug-administrasjon",
        "body:ug-teknisk",
    }


AT = datetime(2027, 3, 1, 9, tzinfo=OSLO)


def _task() -> TaskOccurrence:
    return TaskOccurrence(
        "behovskartlegging",
        2027,
        "Behovskartlegging",
        ["bestillerutvalget", "styret"],
        1,
        date(2027, 3, 31),
    )


def _done() -> TaskOccurrence:
    task = _task()
    task.mark_done("dl-ror", AT)
    return task


@pytest.mark.parametrize("kind", [NoticeKind.TASK_REMINDER, NoticeKind.TASK_OVERDUE])
def test_a_done_task_gets_no_reminder_and_no_overdue_notice(kind: NoticeKind) -> None:
    done = _done()
    assert stale_reason(kind, "2027-03-31", done) == "task behovskartlegging:2027 is already done"
    assert stale_reason(kind, "2027-03-31", _task()) is None


def test_a_reminder_for_a_deadline_since_postponed_is_not_sent() -> None:
    moved = _task()
    moved.postpone(date(2027, 4, 30), "dl-ror", AT)
    reason = stale_reason(NoticeKind.TASK_REMINDER, "2027-03-31", moved)
    assert reason == "task behovskartlegging:2027 was postponed"
    assert stale_reason(NoticeKind.TASK_REMINDER, "2027-04-30", moved) is None


@pytest.mark.parametrize("kind", [NoticeKind.TASK_POSTED, NoticeKind.TASK_LEADER])
def test_a_done_task_is_still_posted_at_its_quarter(kind: NoticeKind) -> None:
    assert stale_reason(kind, "2027-03-31", _done()) is None


def test_a_task_notice_names_the_bodies_it_is_about() -> None:
    task = _task()
    leader = named_bodies(
        NoticeKind.TASK_LEADER, "member:dl-ror", {"body_ids": "styret,faggruppe"}, task
    )
    assert leader == ["styret", "faggruppe"]
    overdue = named_bodies(NoticeKind.TASK_OVERDUE, "member:dl-ror", {}, task)
    assert overdue == ["bestillerutvalget", "styret"]
    posted = named_bodies(NoticeKind.TASK_POSTED, "body:bestillerutvalget", {}, task)
    assert posted == ["bestillerutvalget"]
