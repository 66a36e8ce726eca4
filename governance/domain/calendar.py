"""Europe/Oslo dates and Norwegian working days, the time base of mandate rules 5 and 10.

Meeting dates (rule 5) move off weekends and public holidays; annual-cycle tasks (rule 10) are
due at the end of a quarter. Everything here is pure: dates and aware datetimes go in, nothing
reads the clock. Public holidays come from the ``holidays`` library (Norway, without Sundays:
weekends are handled by ``is_working_day`` itself).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo

from holidays.countries.norway import Norway

from governance.domain.errors import InvalidInput
from governance.domain.messages import N_

OSLO: Final = ZoneInfo("Europe/Oslo")
_SATURDAY: Final = 5
_ONE_DAY: Final = timedelta(days=1)


@lru_cache(maxsize=32)
def _holidays_of(year: int) -> tuple[tuple[date, str], ...]:
    # Norway's class can count every Sunday as a holiday; ask explicitly for the real ones only.
    # Names in Norwegian, whatever the process locale says.
    found = Norway(years=year, include_sundays=False, language="no")
    return tuple(sorted(found.items()))


@lru_cache(maxsize=32)
def _holiday_dates(year: int) -> frozenset[date]:
    return frozenset(day for day, _ in _holidays_of(year))


def norwegian_holidays(year: int) -> dict[date, str]:
    """The Norwegian public holidays (helligdager og høytidsdager) of ``year``, by date.

    A fresh dict each call, so callers may change it without touching the per-year cache.
    Christmas Eve and New Year's Eve are not public holidays and are not included.
    """
    return dict(_holidays_of(year))


def is_working_day(d: date) -> bool:
    """True unless ``d`` is a Saturday, a Sunday or a Norwegian public holiday."""
    return d.weekday() < _SATURDAY and d not in _holiday_dates(d.year)


def previous_working_day(d: date) -> date:
    """``d`` itself if it is a working day, else the closest earlier working day."""
    while not is_working_day(d):
        d -= _ONE_DAY
    return d


def next_working_day(d: date) -> date:
    """``d`` itself if it is a working day, else the closest later working day."""
    while not is_working_day(d):
        d += _ONE_DAY
    return d


def last_day_of_month(year: int, month: int) -> date:
    """The last calendar day of ``month`` (1-12) in ``year``."""
    return date(year + month // 12, month % 12 + 1, 1) - _ONE_DAY


def oslo_datetime(d: date, hour: int = 0, minute: int = 0) -> datetime:
    """The aware Europe/Oslo datetime of ``d`` at ``hour:minute``, with the right UTC offset.

    A wall time that does not exist (02:30 on the spring-forward night) is moved forward by the
    gap (03:30 CEST); an ambiguous one (02:30 on the fall-back night) is its first occurrence.
    """
    naive_wall = datetime(d.year, d.month, d.day, hour, minute, tzinfo=OSLO)
    return naive_wall.astimezone(UTC).astimezone(OSLO)


def oslo_date(at: datetime) -> date:
    """The calendar date in Oslo at the aware instant ``at``."""
    return require_aware(at).astimezone(OSLO).date()


def require_aware(at: datetime) -> datetime:
    """``at`` unchanged if it carries a time zone; a naive datetime is refused."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidInput(
            "time.not_aware", N_("The time {at} has no time zone."), at=at.isoformat()
        )
    return at


def _check_quarter(q: int) -> int:
    if q not in (1, 2, 3, 4):
        raise InvalidInput(
            "calendar.bad_quarter", N_("A quarter is 1, 2, 3 or 4, not {quarter}."), quarter=q
        )
    return q


def start_of_quarter(year: int, q: int) -> date:
    """The first day of quarter ``q`` (1-4) of ``year``."""
    return date(year, 3 * _check_quarter(q) - 2, 1)


def end_of_quarter(year: int, q: int) -> date:
    """The last day of quarter ``q`` (1-4) of ``year``: 31 March, 30 June, 30 September, 31
    December."""
    return last_day_of_month(year, 3 * _check_quarter(q))


def quarter_of(d: date) -> int:
    """The quarter (1-4) that ``d`` falls in."""
    return (d.month - 1) // 3 + 1
