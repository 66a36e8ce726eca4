"""The notices repository: find by key, claim what is due (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so two workers never hold the same notice), list."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import or_, select

from governance.domain.notices import Notice, NoticeState
from governance.i18n import N_
from governance.store.repositories import SqlRepository
from governance.store.tables_notices import notices_t


class NoticeRepository(SqlRepository[Notice]):
    model = Notice
    not_found_code = "notice.not_found"
    not_found_message = N_("There is no notice #{id}.")

    async def existing_keys(self, keys: Iterable[str]) -> set[str]:
        wanted = list(keys)
        found: set[str] = set()
        for start in range(0, len(wanted), 500):  # stay below every driver's parameter limit
            chunk = wanted[start : start + 500]
            rows = await self.session.execute(
                select(notices_t.c.key).where(notices_t.c.key.in_(chunk))
            )
            found.update(row.key for row in rows)
        return found

    async def due(self, at: datetime, limit: int) -> list[Notice]:
        """Pending notices whose time has come and whose claim (if any) ran out, oldest first,
        locked for this transaction; rows another worker holds are skipped."""
        stmt = (
            select(Notice)
            .where(
                notices_t.c.state == NoticeState.PENDING.value,
                notices_t.c.next_attempt_at <= at,
                or_(notices_t.c.claimed_until.is_(None), notices_t.c.claimed_until <= at),
            )
            .order_by(notices_t.c.next_attempt_at, notices_t.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list((await self.session.scalars(stmt)).all())

    async def listing(self, state: NoticeState | None = None) -> list[Notice]:
        criteria = [notices_t.c.state == state.value] if state else []
        return await self.where(*criteria, order_by=[notices_t.c.send_at, notices_t.c.id])
