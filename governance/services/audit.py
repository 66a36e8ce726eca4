"""Use cases of the audit log: verify the hash chain, export it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from governance.domain.audit import verify_chain
from governance.store.uow import SqlUnitOfWork


async def verify(engine: AsyncEngine) -> tuple[int, list[str]]:
    """(number of entries, problems found); no problems means no row was edited or deleted."""
    async with SqlUnitOfWork(engine, write=False) as uow:
        entries = await uow.audit.entries()
        head = await uow.audit.head()
    return len(entries), verify_chain(entries, head)


async def export(engine: AsyncEngine) -> list[dict[str, Any]]:
    async with SqlUnitOfWork(engine, write=False) as uow:
        return [entry.as_json() for entry in await uow.audit.entries()]
