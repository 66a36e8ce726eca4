"""Europe/Oslo dates and Norwegian working days (time base of mandate rules 5 and 10)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from governance.domain.calendar import (
    OSLO,
    end_of_quarter,
    is_working_day,
    last_day_of_month,
    norwegian_holidays,
    oslo_date,
    oslo_datetime,
    previous_working_day,
    quarter_of,
    require_aware,
    start_of_quarter,
)
from governance.domain.errors import InvalidInput

HOLIDAYS_2027 = {
    date(2027, 1, 1),  # New Year's Day
    date(2027, 3, 25),  # Maundy Thursday
    date(2027, 3, 26),  # Good Friday
    date(2027, 3, 28),  # Easter Sunday
    date(2027, 3, 29),  # Easter Monday
    date(2027, 5, 1),  # Labour Day (a Saturday in 2027)
    date(2027, 5, 6),  # Ascension Day
    date(2027, 5, 16),  # Whit Sunday
    date(2027, 5, 17),  # Constitution Day and Whit Monday
    date(2027, 12, 25),  # Christmas Day
    date(2027, 12, 26),  # Boxing Day
}


def test_norwegian_holidays_of_2027_are_the_public_holidays_and_no_ordinary_sundays() -> None:
    assert set(norwegian_holidays(2027)) == HOLIDAYS_2027


def test_seventeenth_of_may_2027_is_both_constitution_day_and_whit_monday() -> None:
    name = norwegian_holidays(2027)[date(2027, 5, 17)]
    assert "Grunnlovsdag" in name
    assert "pinsedag" in name


def test_changing_the_returned_holidays_does_not_change_the_cache() -> None:
    norwegian_holidays(2027).clear()
    assert date(2027, 3, 29) in norwegian_holidays(2027)
    assert not is_working_day(date(2027, 3, 29))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2027, 3, 24), True),  # Wednesday before Easter
        (date(2027, 3, 25), False),  # Maundy Thursday
        (date(2027, 3, 26), False),  # Good Friday
        (date(2027, 3, 27), False),  # Easter Saturday: a Saturday, not a holiday
        (date(2027, 3, 29), False),  # Easter Monday
        (date(2027, 3, 30), True),
        (date(2027, 5, 6), False),  # Ascension Day
        (date(2027, 5, 7), True),
        (date(2027, 5, 17), False),  # Monday: Constitution Day and Whit Monday
        (date(2027, 5, 18), True),
        (date(2027, 12, 24), True),  # Christmas Eve is not a public holiday
        (date(2027, 12, 27), True),  # Christmas fell on a weekend; no substitute day
        (date(2026, 12, 25), False),  # Christmas Day on a Friday
        (date(2027, 1, 1), False),
        (date(2027, 6, 5), False),  # ordinary Saturday
        (date(2027, 6, 6), False),  # ordinary Sunday
        (date(2027, 6, 7), True),  # ordinary Monday
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 6, 7), date(2027, 6, 7)),  # a working day stays
        (date(2027, 6, 6), date(2027, 6, 4)),  # Sunday to Friday
        (date(2027, 6, 5), date(2027, 6, 4)),  # Saturday to Friday
        (date(2027, 3, 29), date(2027, 3, 24)),  # Easter Monday back past the whole Easter
        (date(2027, 5, 17), date(2027, 5, 14)),  # 17 May back over the weekend
        (date(2027, 5, 6), date(2027, 5, 5)),  # Ascension Day
        (date(2026, 12, 26), date(2026, 12, 24)),  # Boxing Day (Sat) past Christmas Day
        (date(2027, 1, 1), date(2026, 12, 31)),  # New Year's Day back into the previous year
    ],
)
def test_previous_working_day(day: date, expected: date) -> None:
    assert previous_working_day(day) == expected


@pytest.mark.parametrize(
    ("day", "hour", "offset_hours"),
    [
        (date(2027, 3, 27), 12, 1),  # winter time, the day before spring forward
        (date(2027, 3, 28), 1, 1),  # before the change at 02:00
        (date(2027, 3, 28), 12, 2),  # summer time after spring forward
        (date(2027, 10, 30), 12, 2),  # summer time, the day before fall back
        (date(2027, 10, 31), 12, 1),  # winter time after fall back
        (date(2027, 1, 15), 9, 1),
        (date(2027, 7, 15), 9, 2),
    ],
)
def test_oslo_datetime_has_the_right_utc_offset_across_dst(
    day: date, hour: int, offset_hours: int
) -> None:
    at = oslo_datetime(day, hour, 0)
    assert at.tzinfo is not None
    assert at.utcoffset() == timedelta(hours=offset_hours)
    assert (at.date(), at.hour, at.minute) == (day, hour, 0)


def test_oslo_datetime_keeps_the_wall_time_and_means_the_right_instant() -> None:
    assert oslo_datetime(date(2027, 3, 28), 10, 30) == datetime(2027, 3, 28, 8, 30, tzinfo=UTC)
    assert oslo_datetime(date(2027, 10, 31), 10, 30) == datetime(2027, 10, 31, 9, 30, tzinfo=UTC)


def test_oslo_datetime_moves_a_wall_time_that_does_not_exist_past_the_gap() -> None:
    at = oslo_datetime(date(2027, 3, 28), 2, 30)
    assert (at.hour, at.minute, at.utcoffset()) == (3, 30, timedelta(hours=2))


def test_oslo_datetime_takes_the_first_of_an_ambiguous_wall_time() -> None:
    at = oslo_datetime(date(2027, 10, 31), 2, 30)
    assert (at.hour, at.minute, at.utcoffset()) == (2, 30, timedelta(hours=2))


def test_oslo_datetime_defaults_to_midnight() -> None:
    assert oslo_datetime(date(2027, 5, 18)) == datetime(2027, 5, 18, tzinfo=OSLO)


def test_oslo_date_is_the_calendar_day_in_oslo_not_in_utc() -> None:
    assert oslo_date(datetime(2027, 12, 31, 23, 30, tzinfo=UTC)) == date(2028, 1, 1)
    assert oslo_date(datetime(2027, 6, 30, 22, 30, tzinfo=UTC)) == date(2027, 7, 1)


def test_naive_times_are_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        oslo_date(datetime(2027, 1, 1, 12))
    assert refused.value.code == "time.not_aware"


def test_aware_times_in_any_zone_are_accepted() -> None:
    at = datetime(2027, 1, 1, 12, tzinfo=timezone(timedelta(hours=-5)))
    assert require_aware(at) is at


@pytest.mark.parametrize(
    ("q", "start", "end"),
    [
        (1, date(2027, 1, 1), date(2027, 3, 31)),
        (2, date(2027, 4, 1), date(2027, 6, 30)),
        (3, date(2027, 7, 1), date(2027, 9, 30)),
        (4, date(2027, 10, 1), date(2027, 12, 31)),
    ],
)
def test_quarters_start_and_end(q: int, start: date, end: date) -> None:
    assert start_of_quarter(2027, q) == start
    assert end_of_quarter(2027, q) == end
    assert quarter_of(start) == q
    assert quarter_of(end) == q


@pytest.mark.parametrize("q", [0, 5, -1])
def test_a_quarter_outside_one_to_four_is_refused(q: int) -> None:
    with pytest.raises(InvalidInput) as refused:
        end_of_quarter(2027, q)
    assert refused.value.code == "calendar.bad_quarter"
    with pytest.raises(InvalidInput):
        start_of_quarter(2027, q)


@pytest.mark.parametrize(
    ("year", "month", "last"),
    [(2027, 2, 28), (2028, 2, 29), (2027, 4, 30), (2027, 12, 31), (2027, 1, 31)],
)
def test_last_day_of_month(year: int, month: int, last: int) -> None:
    assert last_day_of_month(year, month) == date(year, month, last)
