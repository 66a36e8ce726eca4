"""The year's calendar as iCalendar files (RFC 5545) that people subscribe to: one per body,
all-day meetings and deadlines, notices at 08:00 Oslo time, the same UIDs export after export."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar, Event

from exports.calendar_entries import CalendarEntry, calendar_entries
from exports.calendar_ics import body_calendar, file_name, write_calendars
from governance.domain.organisation import Mandate

STAMP = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def ror(ror_mandate: Mandate) -> list[CalendarEntry]:
    return calendar_entries(ror_mandate, 2027, "nb")


def parsed(
    mandate: Mandate, body_id: str, entries: list[CalendarEntry], stamp: datetime = STAMP
) -> Calendar:
    own = [e for e in entries if e.body_id == body_id]
    ical = body_calendar(mandate, body_id, 2027, own, "nb", stamp).to_ical()
    return Calendar.from_ical(ical)


def events_on(calendar: Calendar, on: date) -> list[Event]:
    return [
        e
        for e in calendar.events
        if (e.start.date() if isinstance(e.start, datetime) else e.start) == on
    ]


def test_calendar_names_the_body_and_the_year_in_oslo_time(
    ror_mandate: Mandate, ror: list[CalendarEntry]
) -> None:
    calendar = parsed(ror_mandate, "styret", ror)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//Samstyre//")
    assert str(calendar["X-WR-CALNAME"]).startswith("Styret i ROR-IKT")
    assert "2027" in str(calendar["X-WR-CALNAME"])
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Oslo"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Oslo"]
    assert len(calendar.events) == len([e for e in ror if e.body_id == "styret"]) == 12


@pytest.mark.parametrize(
    ("body_id", "description"),
    [
        ("styret", "Møter, frister og varsler for Styret i ROR-IKT, fra Samstyre."),
        (
            "bestillerutvalget",
            "Møter, frister og varsler for Bestillerutvalget i ROR-IKT, fra Samstyre.",
        ),
    ],
)
def test_the_description_names_the_cooperation_once(
    ror_mandate: Mandate, ror: list[CalendarEntry], body_id: str, description: str
) -> None:
    assert str(parsed(ror_mandate, body_id, ror)["X-WR-CALDESC"]) == description


def test_meeting_is_an_all_day_event(ror_mandate: Mandate, ror: list[CalendarEntry]) -> None:
    [meeting] = events_on(parsed(ror_mandate, "bestillerutvalget", ror), date(2027, 3, 24))
    assert meeting["DTSTART"].params["VALUE"] == "DATE"
    assert (meeting.start, meeting.end) == (date(2027, 3, 24), date(2027, 3, 25))
    assert str(meeting["SUMMARY"]) == "Utvalgsmøte"
    assert "29.03.2027" in str(meeting["DESCRIPTION"])
    assert str(meeting["TRANSP"]) == "TRANSPARENT"
    assert meeting.stamp == STAMP


def test_deadline_is_an_all_day_event_with_a_link_to_the_channel(
    ror_mandate: Mandate, ror: list[CalendarEntry]
) -> None:
    [deadline] = events_on(parsed(ror_mandate, "faggruppe-helse", ror), date(2027, 12, 31))
    assert (deadline.start, deadline.end) == (date(2027, 12, 31), date(2028, 1, 1))
    assert "Gjennomgå faggruppene" in str(deadline["SUMMARY"])
    assert str(deadline["URL"]).startswith(
        "https://teams.microsoft.com/l/channel/19%3Afaggruppe-helse-example%40thread.tacv2/"
    )
    assert "groupId=00000000-0000-4000-8000-0000000000b1" in str(deadline["URL"])


@pytest.mark.parametrize(
    ("on", "utc"),
    [
        pytest.param(date(2027, 3, 22), datetime(2027, 3, 22, 7, tzinfo=UTC), id="CET"),
        pytest.param(date(2027, 4, 1), datetime(2027, 4, 1, 6, tzinfo=UTC), id="CEST"),
        pytest.param(date(2027, 11, 18), datetime(2027, 11, 18, 7, tzinfo=UTC), id="CET-again"),
    ],
)
def test_notice_is_a_quarter_of_an_hour_at_eight_oslo_time(
    ror_mandate: Mandate, ror: list[CalendarEntry], on: date, utc: datetime
) -> None:
    notices = events_on(parsed(ror_mandate, "bestillerutvalget", ror), on)
    assert notices
    for notice in notices:
        assert notice["DTSTART"].params["TZID"] == "Europe/Oslo"
        assert isinstance(notice.start, datetime)
        assert notice.start.astimezone(UTC) == utc
        assert notice.end - notice.start == timedelta(minutes=15)
        assert "08:00" in str(notice["DESCRIPTION"])


def test_uids_are_unique_and_stable_across_exports(
    ror_mandate: Mandate, ror: list[CalendarEntry]
) -> None:
    first = parsed(ror_mandate, "bestillerutvalget", ror)
    later = parsed(
        ror_mandate,
        "bestillerutvalget",
        calendar_entries(ror_mandate, 2027, "nn"),
        stamp=STAMP + timedelta(days=30),
    )
    uids = [str(e["UID"]) for e in first.events]
    assert len(set(uids)) == len(uids)
    assert uids == [str(e["UID"]) for e in later.events]
    other = dataclasses.replace(ror_mandate, id="another-cooperation")
    assert not set(uids) & {str(e["UID"]) for e in parsed(other, "bestillerutvalget", ror).events}


def test_a_body_without_a_channel_gets_events_without_url(ror_mandate: Mandate) -> None:
    bodies = tuple(
        dataclasses.replace(b, team_id=None) if b.id == "styret" else b for b in ror_mandate.bodies
    )
    mandate = dataclasses.replace(ror_mandate, bodies=bodies)
    calendar = parsed(mandate, "styret", calendar_entries(mandate, 2027, "nb"))
    assert calendar.events
    assert all("URL" not in e for e in calendar.events)


def test_one_file_per_body_replaced_whole(
    ror_mandate: Mandate, ror: list[CalendarEntry], tmp_path: Path
) -> None:
    folder = tmp_path / "new" / "calendars"
    written = write_calendars(ror_mandate, 2027, ror, "nb", folder, STAMP)
    assert sorted(written) == sorted(folder / f"{b.id}.ics" for b in ror_mandate.bodies)
    again = write_calendars(ror_mandate, 2027, ror, "nb", folder, STAMP)
    assert written == again
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written)
    empty = Calendar.from_ical((folder / "digitaliseringsgruppe-molde.ics").read_bytes())
    assert empty.events == [] and empty.timezones


def test_file_names_are_safe() -> None:
    assert file_name("styret") == "styret.ics"
    assert file_name("../etc/passwd") == "-etc-passwd.ics"
    assert file_name("...") == "_.ics"
