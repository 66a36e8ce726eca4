"""Meetings and their agendas: tables, mapping onto the domain and the repository."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import registry, relationship

from governance.domain.meetings import (
    AgendaItem,
    ItemKind,
    ItemStatus,
    Meeting,
    MeetingKind,
    MinutesConfirmation,
)
from governance.i18n import N_
from governance.store.base import SqlRepository, UtcDateTime, enum_column, metadata, pk

meetings_t = Table(
    "meetings",
    metadata,
    pk(),
    Column("body_id", String(100), nullable=False),
    Column("kind", enum_column(MeetingKind), nullable=False),
    Column("on", Date, nullable=False),
    Column("title", String(300), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("closed_at", UtcDateTime),
    Column("closed_by", String(100)),
    Column("minutes", JSON),
    Column("minutes_approved_at", UtcDateTime),
    Column("minutes_approved_by", String(100)),
    Column("opened_at", UtcDateTime),
    Column("opened_by", String(100)),
    Column("attendance", JSON),
    Column("current_position", Integer),
    UniqueConstraint("body_id", "kind", "on", name="uq_meetings_body_kind_on"),
)

agenda_items_t = Table(
    "agenda_items",
    metadata,
    pk(),
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("kind", enum_column(ItemKind), nullable=False),
    Column("title", String(300), nullable=False),
    Column("proposal_id", ForeignKey("proposals.id")),
    Column("note", Text, nullable=False),
    Column("decision", Text, nullable=False),
    Column("status", enum_column(ItemStatus), nullable=False, server_default="accepted"),
    Column("proposed_by", String(100)),
    Column("minutes_note", Text, nullable=False, server_default=""),
)

minutes_confirmations_t = Table(
    "minutes_confirmations",
    metadata,
    pk(),
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("member_id", String(100), nullable=False),
    Column("confirmed_at", UtcDateTime, nullable=False),
    UniqueConstraint("meeting_id", "member_id", name="uq_minutes_confirmations_meeting_member"),
)


def map_meetings(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(AgendaItem, agenda_items_t)
    mapper_registry.map_imperatively(MinutesConfirmation, minutes_confirmations_t)
    mapper_registry.map_imperatively(
        Meeting,
        meetings_t,
        properties={
            "agenda": relationship(
                AgendaItem,
                lazy="selectin",
                order_by=agenda_items_t.c.position,
                cascade="all, delete-orphan",
            ),
            "confirmations": relationship(
                MinutesConfirmation,
                lazy="selectin",
                order_by=minutes_confirmations_t.c.confirmed_at,
                cascade="all, delete-orphan",
            ),
        },
    )


class MeetingRepository(SqlRepository[Meeting]):
    model = Meeting
    not_found_code = "meeting.not_found"
    not_found_message = N_("There is no meeting #{id}.")

    async def of_body(self, body_id: str, *, from_date: date | None = None) -> list[Meeting]:
        criteria: list[Any] = [meetings_t.c.body_id == body_id]
        if from_date is not None:
            criteria.append(meetings_t.c.on >= from_date)
        return await self.where(*criteria, order_by=[meetings_t.c.on, meetings_t.c.id])

    async def on_date(self, body_id: str, kind: MeetingKind, on: date) -> Meeting | None:
        """The meeting of ``body_id`` of ``kind`` on ``on``, if one is stored."""
        found = await self.where(
            meetings_t.c.body_id == body_id, meetings_t.c.kind == kind, meetings_t.c.on == on
        )
        return found[0] if found else None

    async def open_ones(self) -> list[Meeting]:
        return await self.where(meetings_t.c.closed_at.is_(None), order_by=[meetings_t.c.on])

    async def next_open(
        self, body_id: str, on_or_after: date, kind: MeetingKind | None = None
    ) -> Meeting | None:
        """The body's first open meeting from ``on_or_after`` (of ``kind``, if given)."""
        found = [
            m
            for m in await self.of_body(body_id, from_date=on_or_after)
            if m.is_open and (kind is None or m.kind is kind)
        ]
        return found[0] if found else None
