"""Norwegian formatting for cards: amounts in NOK, weights, shares, dates and times (Babel).

Locales map to Babel's ``nb_NO``, ``nn_NO`` and ``en_GB``; times are shown in Europe/Oslo.
Dates that may start a line are written with the weekday first ("torsdag 11. februar 2027"),
because Teams reads a line starting with "11. " as a numbered list.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Final

from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent

from governance.domain.calendar import OSLO
from governance.i18n import N_, normalise_locale, translate

BABEL_LOCALES: Final = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
ELLIPSIS: Final = "…"


def babel_locale(locale: str | None) -> str:
    """The Babel locale of one of Samstyre's locales ("nb" → "nb_NO")."""
    return BABEL_LOCALES[normalise_locale(locale)]


def _currency_pattern(locale: str, whole: bool) -> str:
    pattern: str = Locale.parse(locale).currency_formats["standard"].pattern.split(";")[0]
    if pattern.startswith("¤") and not pattern.startswith("¤\u00a0"):
        pattern = "¤\u00a0" + pattern[1:]
    return pattern.replace("0.00", "0") if whole else pattern


def money(amount: Decimal | int, locale: str | None) -> str:
    """An amount in NOK: "150 000 kr", "1 250,50 kr"; kroner without øre show no decimals."""
    value = Decimal(amount)
    loc = babel_locale(locale)
    pattern = _currency_pattern(loc, whole=value == value.to_integral_value())
    return format_currency(value, "NOK", format=pattern, locale=loc, currency_digits=False)


@lru_cache(maxsize=4096)  # pure, and called for every figure of every card
def number(value: Decimal | int, locale: str | None) -> str:
    """A plain number such as a voting weight: "1", "2,5"."""
    return format_decimal(Decimal(value).normalize(), locale=babel_locale(locale))


def share(value: Decimal, locale: str | None) -> str:
    """A share as a percentage: Decimal("0.5") → "50 %"."""
    return format_percent(value, locale=babel_locale(locale))


@lru_cache(maxsize=4096)  # pure, and called for every figure of every card
def day(value: date, locale: str | None) -> str:
    """A date with its weekday: "torsdag 11. februar 2027"."""
    return format_date(value, "full", locale=babel_locale(locale))


@lru_cache(maxsize=4096)  # pure, and called for every figure of every card
def short_day(value: date, locale: str | None) -> str:
    """A compact date: "11.02.2027"."""
    return format_date(value, "short", locale=babel_locale(locale))


def in_oslo(value: datetime) -> datetime:
    """``value`` on the clock in Oslo (a naive time is taken to be Oslo time already)."""
    return value.astimezone(OSLO) if value.tzinfo else value.replace(tzinfo=OSLO)


@lru_cache(maxsize=4096)  # pure, and called for every figure of every card
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


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in "…" when cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def plain_amount(amount: Decimal, locale: str | None) -> str:
    """An amount as a form value the server parses back: "150000", "1250,50" (no grouping)."""
    whole = amount == amount.to_integral_value()
    text = f"{amount:.0f}" if whole else f"{amount:.2f}"
    return text if normalise_locale(locale) == "en" else text.replace(".", ",")
