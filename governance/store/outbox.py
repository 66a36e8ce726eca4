"""The outbox (everything waiting to leave the process: publications, the bot's messages, the
annual cycle's notices): its table, mapping and repository, which finds by key, claims what is
due (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several processes never claim the same
delivery) and lists."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    or_,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import registry
from sqlalchemy.types import TypeDecorator

from governance.domain.outbox import Delivery, DeliveryState, Kind, kind_of
from governance.i18n import N_
from governance.store.base import SqlRepository, UtcDateTime, enum_column, json_dict, metadata, pk


class DeliveryKindText(TypeDecorator[Kind]):
    """An outbox delivery's kind (a publication's or a notice's) as its text value."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Kind | str | None, dialect: Dialect) -> str | None:
        return None if value is None else kind_of(str(value)).value

    def process_result_value(self, value: Any, dialect: Dialect) -> Kind | None:
        return None if value is None else kind_of(str(value))


outbox_t = Table(
    "outbox",
    metadata,
    pk(),
    Column("key", String(400), nullable=False),
    Column("kind", DeliveryKindText, nullable=False),
    Column("body_id", String(100), nullable=False),
    Column("payload", json_dict(), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("subject", String(200), nullable=False),
    Column("recipient", String(200), nullable=False),
    Column("send_at", UtcDateTime, nullable=False),
    Column("expires_on", Date),
    Column("once_key", String(400)),
    Column("state", enum_column(DeliveryState), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("claimed_by", String(200)),
    Column("claimed_until", UtcDateTime),
    Column("delivered_at", UtcDateTime),
    Column("activity_id", String(300), nullable=False),
    Column("last_error", Text, nullable=False),
    Column("result", json_dict(), nullable=False),
    UniqueConstraint("once_key", name="uq_outbox_once_key"),
    Index("ix_outbox_due", "state", "next_attempt_at"),
    Index("ix_outbox_key", "key"),
)


def map_outbox(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(Delivery, outbox_t)


class OutboxRepository(SqlRepository[Delivery]):
    model = Delivery
    not_found_code = "outbox.not_found"
    not_found_message = N_("There is no publication #{id} in the outbox.")

    async def existing_once_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of these once-only keys (notices) are on record already."""
        wanted = list(keys)
        found: set[str] = set()
        for start in range(0, len(wanted), 500):  # stay below every driver's parameter limit
            chunk = wanted[start : start + 500]
            rows = await self.session.execute(
                select(outbox_t.c.once_key).where(outbox_t.c.once_key.in_(chunk))
            )
            found.update(str(row.once_key) for row in rows)
        return found

    async def pending_with_key(self, key: str) -> Delivery | None:
        found = await self.where(
            outbox_t.c.key == key,
            outbox_t.c.state == DeliveryState.PENDING.value,
            outbox_t.c.claimed_by.is_(None),
        )
        return found[0] if found else None

    async def due(self, at: datetime, limit: int, kinds: Collection[Kind]) -> list[Delivery]:
        """Pending publications of ``kinds`` whose time has come and whose lease (if any) ran
        out, oldest first, locked for this transaction; rows another worker holds are
        skipped."""
        stmt = (
            select(Delivery)
            .where(
                outbox_t.c.state == DeliveryState.PENDING.value,
                outbox_t.c.next_attempt_at <= at,
                outbox_t.c.kind.in_(sorted(kinds)),
                or_(outbox_t.c.claimed_until.is_(None), outbox_t.c.claimed_until <= at),
            )
            .order_by(outbox_t.c.next_attempt_at, outbox_t.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list((await self.session.scalars(stmt)).all())

    async def delivered_with_keys(self, keys: list[str]) -> list[Delivery]:
        if not keys:
            return []
        return await self.where(
            outbox_t.c.key.in_(keys), outbox_t.c.state == DeliveryState.DELIVERED.value
        )

    async def listing(
        self,
        state: DeliveryState | None = None,
        kinds: Collection[Kind] | None = None,
    ) -> list[Delivery]:
        criteria = [outbox_t.c.state == state.value] if state else []
        if kinds is not None:
            criteria.append(outbox_t.c.kind.in_(sorted(kinds)))
        return await self.where(*criteria, order_by=[outbox_t.c.send_at, outbox_t.c.id])
