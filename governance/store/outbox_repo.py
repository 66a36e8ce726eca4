"""The outbox repository: find by key, claim what is due (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so several processes never claim the same delivery), list."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from sqlalchemy import or_, select

from governance.domain.outbox import Delivery, DeliveryState, Kind
from governance.domain.reports import Report
from governance.i18n import N_
from governance.store.repositories import SqlRepository
from governance.store.tables_outbox import outbox_t


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


class ReportRepository(SqlRepository[Report]):
    model = Report
    not_found_code = "report.not_found"
    not_found_message = N_("There is no study or measure #{id}.")
