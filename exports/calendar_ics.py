"""The year's calendar entries as iCalendar files (RFC 5545), one per body, to subscribe to.

Meetings and deadlines are all-day events; notices are 15-minute events at the hour they are
sent (Europe/Oslo, with its VTIMEZONE). Every event's UID is derived from the cooperation and
the entry's key, so a new export of the same year carries the same UIDs and a subscribed
calendar updates its events instead of duplicating them. Events are transparent: they never
make anyone look busy. Files are written whole or not at all (temporary file, then rename).
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Final

from icalendar import Calendar, Event, Timezone, vDuration

from exports.calendar_entries import CalendarEntry
from governance.domain.calendar import OSLO
from governance.domain.organisation import Mandate
from governance.i18n import N_, translate
from governance.presentation import body_name

PRODID: Final = "-//Samstyre//Samstyre annual cycle//NO"
NOTICE_LENGTH: Final = timedelta(minutes=15)
REFRESH: Final = timedelta(hours=12)  # how often a subscribed client should fetch again
# A fixed namespace for the events' UIDs: never change it, or every subscriber gets duplicates.
UID_NAMESPACE: Final = uuid.UUID("5b0e8f52-3c1d-5f43-9a57-6d2f0c1e7a91")
_UNSAFE: Final = re.compile(r"[^A-Za-z0-9._-]")


def event_uid(mandate: Mandate, entry: CalendarEntry) -> str:
    """The same UID for the same entry of the same cooperation, export after export."""
    return f"{uuid.uuid5(UID_NAMESPACE, f'{mandate.id}|{entry.key}')}@samstyre"


def file_name(body_id: str) -> str:
    """``<body id>.ics``, with characters a file system may refuse replaced."""
    return f"{_UNSAFE.sub('-', body_id).strip('.') or '_'}.ics"


def body_calendar(
    mandate: Mandate,
    body_id: str,
    year: int,
    entries: Sequence[CalendarEntry],
    locale: str,
    stamp: datetime,
) -> Calendar:
    """The calendar of one body: its entries of ``year``; ``stamp`` is the export's moment."""
    name = body_name(mandate, body_id)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add(
        "x-wr-calname", translate(N_("{body}: annual cycle {year}"), locale, body=name, year=year)
    )
    # "Styret i ROR-IKT" names its cooperation already: no "… i ROR-IKT i ROR-IKT".
    description = (
        N_("Meetings, deadlines and notices of {body}, from Samstyre.")
        if mandate.name.casefold() in name.casefold()
        else N_("Meetings, deadlines and notices of {body} in {cooperation}, from Samstyre.")
    )
    calendar.add(
        "x-wr-caldesc", translate(description, locale, body=name, cooperation=mandate.name)
    )
    calendar.add("x-wr-timezone", OSLO.key)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    # Notices of a year may fall in the year before or after: the zone covers all three.
    calendar.add_component(
        Timezone.from_tzinfo(OSLO, first_date=date(year - 1, 1, 1), last_date=date(year + 2, 1, 1))
    )
    for entry in entries:
        calendar.add_component(_event(mandate, entry, stamp))
    return calendar


def _event(mandate: Mandate, entry: CalendarEntry, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", event_uid(mandate, entry))
    event.add("dtstamp", stamp)
    if entry.at is None:
        event.add("dtstart", entry.on)
        event.add("dtend", entry.on + timedelta(days=1))
    else:
        start = entry.at.astimezone(OSLO)
        event.add("dtstart", start)
        event.add("dtend", start + NOTICE_LENGTH)
    event.add("summary", entry.what)
    event.add("description", "\n".join(entry.details) or entry.what)
    event.add("categories", [entry.kind.value])
    event.add("transp", "TRANSPARENT")
    if entry.link:
        event.add("url", entry.link)
    return event


def write_calendars(
    mandate: Mandate,
    year: int,
    entries: Sequence[CalendarEntry],
    locale: str,
    folder: Path,
    stamp: datetime,
) -> list[Path]:
    """One ``<body id>.ics`` per body of the mandate in ``folder`` (created if missing), each
    replaced whole; a body with nothing planned gets an empty calendar, so its address stays."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for body in mandate.bodies:
        own = [e for e in entries if e.body_id == body.id]
        calendar = body_calendar(mandate, body.id, year, own, locale, stamp)
        target = folder / file_name(body.id)
        _write_atomically(target, calendar.to_ical())
        written.append(target)
    return written


def _write_atomically(target: Path, content: bytes) -> None:
    with tempfile.NamedTemporaryFile(
        dir=target.parent, prefix=f".{target.name}.", delete=False
    ) as tmp:
        tmp.write(content)
    try:
        os.chmod(tmp.name, 0o644)  # published for subscribers: readable, unlike a temp file
        os.replace(tmp.name, target)  # a subscriber never fetches half a file
    except OSError:
        Path(tmp.name).unlink(missing_ok=True)
        raise
