"""The year's calendar from the mandate alone (rules 5 and 10), on the real 2027 calendar of the
shipped mandates: Easter 25-29 March, Ascension 6 May, 17 May (also Whit Monday), summer time
from 28 March to 31 October."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from holidays.countries.norway import Norway

from exports.calendar_entries import (
    CalendarEntry,
    EntryKind,
    calendar_entries,
    channel_link,
    render_table,
)
from governance.domain.organisation import BodyKind, Mandate

NORWAY_2027 = Norway(years=[2027, 2028], include_sundays=False)


@pytest.fixture(scope="module")
def ror(ror_mandate: Mandate) -> list[CalendarEntry]:
    return calendar_entries(ror_mandate, 2027, "en")


@pytest.fixture(scope="module")
def fartt(fartt_mandate: Mandate) -> list[CalendarEntry]:
    return calendar_entries(fartt_mandate, 2027, "en")


def find(
    entries: list[CalendarEntry],
    on: date,
    body_id: str,
    *,
    kind: EntryKind | None = None,
    what: str = "",
) -> list[CalendarEntry]:
    return [
        e
        for e in entries
        if e.on == on
        and e.body_id == body_id
        and (kind is None or e.kind is kind)
        and what in e.what
    ]


def one(
    entries: list[CalendarEntry],
    on: date,
    body_id: str,
    *,
    kind: EntryKind | None = None,
    what: str = "",
) -> CalendarEntry:
    found = find(entries, on, body_id, kind=kind, what=what)
    assert len(found) == 1, found
    return found[0]


def test_the_dates_used_below_are_the_norwegian_holidays_of_2027() -> None:
    assert {
        date(2027, 3, 25),
        date(2027, 3, 26),
        date(2027, 3, 28),
        date(2027, 3, 29),
        date(2027, 5, 17),
        date(2028, 1, 1),
    } <= set(NORWAY_2027)
    assert date(2027, 3, 24) not in NORWAY_2027 and date(2027, 5, 14) not in NORWAY_2027


def test_entries_are_sorted_by_date_then_body(ror: list[CalendarEntry]) -> None:
    assert ror == sorted(ror, key=lambda e: (e.on, e.body_name))
    assert len({e.key for e in ror}) == len(ror)


def test_committee_meeting_before_a_board_meeting_moves_off_easter(
    ror: list[CalendarEntry],
) -> None:
    one(ror, date(2027, 4, 12), "styret", kind=EntryKind.MEETING, what="Board meeting")
    meeting = one(ror, date(2027, 3, 24), "bestillerutvalget", kind=EntryKind.MEETING)
    assert meeting.what == "Committee meeting"
    assert meeting.details == (
        "(before the board meeting on 12/04/2027)",
        "(moved from 29/03/2027, not a working day)",
    )
    assert meeting.at is None
    assert not [e for e in ror if date(2027, 3, 25) <= e.on <= date(2027, 3, 29)]


def test_committee_meeting_moves_off_17_may_and_is_called_a_week_before(
    ror: list[CalendarEntry],
) -> None:
    meeting = one(ror, date(2027, 5, 14), "bestillerutvalget", kind=EntryKind.MEETING)
    assert "(moved from 17/05/2027, not a working day)" in meeting.details
    call = one(ror, date(2027, 5, 7), "bestillerutvalget", what="Call for agenda items")
    assert call.what == "Call for agenda items: Committee meeting 14/05/2027"
    one(ror, date(2027, 5, 12), "bestillerutvalget", what="Draft agenda: Committee meeting")
    status = one(ror, date(2027, 5, 24), "styret", kind=EntryKind.NOTICE)
    assert status.what == "Status report before the board meeting on 31/05/2027"


def test_meeting_with_the_group_leaders_is_in_every_faggruppe_calendar(
    ror_mandate: Mandate, ror: list[CalendarEntry]
) -> None:
    meetings = [e for e in ror if e.on == date(2027, 3, 4) and e.kind is EntryKind.MEETING]
    faggrupper = {b.id for b in ror_mandate.bodies_of_kind(BodyKind.FAGGRUPPE)}
    assert len(faggrupper) == 5
    assert {e.body_id for e in meetings} == {"bestillerutvalget", *faggrupper}
    assert {e.what for e in meetings} == {"Meeting with the group leaders"}
    calls = [e for e in ror if e.on == date(2027, 2, 25)]
    assert {e.body_id for e in calls} == {"bestillerutvalget", *faggrupper}
    assert {e.what for e in calls} == {
        "Call for agenda items: Meeting with the group leaders 04/03/2027"
    }


def test_task_deadline_reminder_and_overdue_notice(ror: list[CalendarEntry]) -> None:
    deadline = one(ror, date(2027, 3, 15), "bestillerutvalget", kind=EntryKind.DEADLINE)
    assert deadline.what.startswith("Deadline: Kartlegge behov")
    assert deadline.details == ("Responsible: Bestillerutvalget.",)
    one(ror, date(2027, 3, 1), "bestillerutvalget", what="Reminder, due 15/03/2027")
    overdue = one(ror, date(2027, 3, 16), "bestillerutvalget", what="Overdue notice")
    assert overdue.what.startswith("Overdue notice to Dagny Lie: Kartlegge")
    assert overdue.details == (
        "Samstyre sends this to Dagny Lie in a personal chat on 16/03/2027 at 08:00.",
    )


def test_year_opens_after_new_years_day_with_tasks_and_elections(
    fartt: list[CalendarEntry],
) -> None:
    assert not [e for e in fartt if e.on < date(2027, 1, 4)]
    groups = ("ug-helse", "ug-oppvekst", "ug-administrasjon", "ug-teknisk")
    for group in groups:
        one(fartt, date(2027, 1, 4), group, what="Election of the group's leader for 2027")
        one(fartt, date(2027, 1, 4), group, what="Task posted: Svarfrist utviklingsgruppene")
        one(fartt, date(2027, 3, 31), group, kind=EntryKind.DEADLINE)
    leader = one(fartt, date(2027, 1, 4), "ug-helse", what="Task to the leader")
    assert leader.what.startswith("Task to the leader, Terje Tangen: Svarfrist")


def test_fartt_committee_meets_two_weeks_before_the_board(fartt: list[CalendarEntry]) -> None:
    one(fartt, date(2027, 3, 23), "styret", kind=EntryKind.MEETING)
    meeting = one(fartt, date(2027, 3, 9), "utviklingsforum", kind=EntryKind.MEETING)
    assert meeting.details == ("(before the board meeting on 23/03/2027)",)
    one(fartt, date(2027, 3, 16), "styret", what="Status report before the board meeting")
    assert not [e for e in fartt if e.what.startswith("Meeting with the group leaders")]


def test_notice_due_on_a_sunday_comes_the_friday_before(fartt: list[CalendarEntry]) -> None:
    # The committee meets Tuesday 1 June; two days before is Sunday 30 May.
    one(fartt, date(2027, 6, 1), "utviklingsforum", kind=EntryKind.MEETING)
    one(fartt, date(2027, 5, 28), "utviklingsforum", what="Draft agenda: Committee meeting")


def test_overdue_notice_for_31_december_goes_out_after_new_years_day(
    fartt: list[CalendarEntry],
) -> None:
    overdue = find(fartt, date(2028, 1, 3), "utviklingsforum", what="Overdue notice to Dag Dalen")
    assert len(overdue) == 4  # the four tasks of the fourth quarter
    assert fartt[-1].on == date(2028, 1, 3)


@pytest.mark.parametrize(
    ("on", "utc_hour"),
    [
        pytest.param(date(2027, 3, 22), 7, id="winter-time-before-28-march"),
        pytest.param(date(2027, 4, 1), 6, id="summer-time-after-easter"),
        pytest.param(date(2027, 10, 14), 6, id="summer-time-until-31-october"),
        pytest.param(date(2027, 11, 16), 7, id="winter-time-again"),
    ],
)
def test_notices_are_sent_at_eight_oslo_time_across_daylight_saving(
    ror: list[CalendarEntry], on: date, utc_hour: int
) -> None:
    notices = [e for e in ror if e.on == on and e.kind is EntryKind.NOTICE]
    assert notices
    for notice in notices:
        assert notice.at is not None
        assert (notice.at.hour, notice.at.minute) == (8, 0)
        assert notice.at.astimezone(UTC) == datetime(
            on.year, on.month, on.day, utc_hour, tzinfo=UTC
        )


def test_no_notice_falls_on_a_weekend_or_holiday(
    ror: list[CalendarEntry], fartt: list[CalendarEntry]
) -> None:
    for entry in (e for e in [*ror, *fartt] if e.kind is EntryKind.NOTICE):
        assert entry.on.weekday() < 5 and entry.on not in NORWAY_2027, entry


def test_channel_link_opens_the_bodys_channel(ror_mandate: Mandate) -> None:
    assert channel_link(ror_mandate, "styret") == (
        "https://teams.microsoft.com/l/channel/19%3Astyret-example%40thread.tacv2/"
        "Styret%20i%20ROR-IKT?groupId=00000000-0000-4000-8000-0000000000b2"
        "&tenantId=00000000-0000-4000-8000-0000000000aa"
    )


def test_a_body_without_a_channel_has_no_link(ror_mandate: Mandate) -> None:
    bodies = tuple(
        dataclasses.replace(b, channel_id=None) if b.id == "styret" else b
        for b in ror_mandate.bodies
    )
    mandate = dataclasses.replace(ror_mandate, bodies=bodies)
    entries = calendar_entries(mandate, 2027, "en")
    assert all(e.link is None for e in entries if e.body_id == "styret")
    assert all(e.link for e in entries if e.body_id == "bestillerutvalget")
    assert channel_link(mandate, "no-such-body") is None


def test_table_is_in_the_mandates_language(ror_mandate: Mandate) -> None:
    entries = calendar_entries(ror_mandate, 2027, "nb")
    lines = render_table(ror_mandate, 2027, entries, "nb").splitlines()
    assert lines[2].split()[:2] == ["Dato", "Organ"]
    assert (
        "24.03.2027"
        in lines[
            3
            + entries.index(
                one(entries, date(2027, 3, 24), "bestillerutvalget", kind=EntryKind.MEETING)
            )
        ]
    )
    assert any(line.startswith("11.02.2027") and line.endswith("Styremøte") for line in lines)
    assert any(line.startswith("04.02.2027 08:00") for line in lines)
    assert len(lines) == len(entries) + 3


def test_a_mandate_without_dates_or_tasks_has_an_empty_year(ror_mandate: Mandate) -> None:
    empty = dataclasses.replace(
        ror_mandate,
        board_meetings=(),
        group_leader_meetings=(),
        group_leader_meetings_per_year=0,
        annual_tasks=(),
    )
    assert calendar_entries(empty, 2027, "en") == []
    assert render_table(empty, 2027, [], "en").splitlines()[-1] == "Nothing is planned for 2027."
