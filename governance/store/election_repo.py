"""The elections repository: one election per group and year, and those due to be closed."""

from __future__ import annotations

from datetime import date

from governance.domain.elections import Election
from governance.i18n import N_
from governance.store.repositories import SqlRepository
from governance.store.tables_elections import elections_t


class ElectionRepository(SqlRepository[Election]):
    model = Election
    not_found_code = "election.not_found"
    not_found_message = N_("There is no election #{id}.")

    async def of_group(self, group_key: str, year: int) -> Election | None:
        """The election of ``group_key`` for ``year``, open or closed."""
        found = await self.where(elections_t.c.group_key == group_key, elections_t.c.year == year)
        return found[0] if found else None

    async def due(self, today: date) -> list[Election]:
        """Open elections whose last day of voting is before ``today``, oldest first."""
        return await self.where(
            elections_t.c.closed_at.is_(None),
            elections_t.c.closes_on < today,
            order_by=[elections_t.c.closes_on, elections_t.c.id],
        )
