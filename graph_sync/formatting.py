"""Norwegian formatting for published documents: amounts in NOK, weights, shares, dates and
times in Europe/Oslo, lists in running text (Babel), and names of people, bodies and
municipalities by id.

It mirrors ``cards.formatting`` on purpose rather than importing it: publishing goes through the
core and never through the cards (see the import contracts in ``pyproject.toml``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Final

from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent

from governance.domain.calendar import OSLO
from governance.domain.errors import NotFound
from governance.domain.organisation import Mandate
from governance.i18n import N_, normalise_locale, translate

BABEL_LOCALES: Final = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}


def babel_locale(locale: str | None) -> str:
    """The Babel locale of one of Samstyre's locales ("nb" → "nb_NO")."""
    return BABEL_LOCALES[normalise_locale(locale)]


def money(amount: Decimal | int | float, locale: str | None) -> str:
    """An amount in NOK: "150 000 kr", "1 250,50 kr"; kroner without øre show no decimals."""
    value = Decimal(str(amount))
    loc = babel_locale(locale)
    pattern: str = Locale.parse(loc).currency_formats["standard"].pattern.split(";")[0]
    if pattern.startswith("¤") and not pattern.startswith("¤\u00a0"):
        pattern = "¤\u00a0" + pattern[1:]
    if value == value.to_integral_value():
        pattern = pattern.replace("0.00", "0")
    return format_currency(value, "NOK", format=pattern, locale=loc, currency_digits=False)


def number(value: Decimal | int | float, locale: str | None) -> str:
    """A plain number such as a voting weight or a count: "1", "2,5", "12 000"."""
    return format_decimal(Decimal(str(value)).normalize(), locale=babel_locale(locale))


def share(value: Decimal, locale: str | None) -> str:
    """A share as a percentage: Decimal("0.5") → "50 %"."""
    return format_percent(value, locale=babel_locale(locale))


def day(value: date, locale: str | None) -> str:
    """A date with its weekday: "torsdag 11. februar 2027"."""
    return format_date(value, "full", locale=babel_locale(locale))


def short_day(value: date, locale: str | None) -> str:
    """A compact date: "11.02.2027"."""
    return format_date(value, "short", locale=babel_locale(locale))


def in_oslo(value: datetime) -> datetime:
    """``value`` on the clock in Oslo (a naive time is taken to be Oslo time already)."""
    return value.astimezone(OSLO) if value.tzinfo else value.replace(tzinfo=OSLO)


def moment(value: datetime, locale: str | None) -> str:
    """A point in time in Europe/Oslo: "11.01.2027 kl. 10:00"."""
    local = in_oslo(value)
    loc = babel_locale(locale)
    return translate(
        N_("{date} at {time}"), locale,
        date=format_date(local.date(), "short", locale=loc),
        time=format_time(local, "short", locale=loc),
    )


def names(items: Iterable[str], locale: str | None) -> str:
    """A list in running text: "Aukra, Molde og Rauma"; empty gives ""."""
    values = list(items)
    return format_list(values, locale=babel_locale(locale)) if values else ""


def member_name(mandate: Mandate, member_id: str | None) -> str:
    if member_id is None:
        return ""
    try:
        return mandate.member(member_id).name
    except NotFound:
        return member_id


def body_name(mandate: Mandate, body_id: str) -> str:
    try:
        return mandate.body(body_id).name
    except NotFound:
        return body_id


def municipality_name(mandate: Mandate, municipality_id: str) -> str:
    try:
        return mandate.municipality(municipality_id).name
    except NotFound:
        return municipality_id
