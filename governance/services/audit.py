"""Use cases of the audit log: verify the hash chain, export it. They need no mandate, only a
way to read (``reading``: a new reading unit of work per call)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from governance.domain.audit import verify_chain
from governance.ports import UnitOfWork


async def verify(reading: Callable[[], UnitOfWork]) -> tuple[int, list[str]]:
    """(number of entries, problems found); no problems means no row was edited or deleted."""
    async with reading() as uow:
        entries = await uow.audit.entries()
        head = await uow.audit.head()
    return len(entries), verify_chain(entries, head)


async def export(reading: Callable[[], UnitOfWork]) -> list[dict[str, Any]]:
    async with reading() as uow:
        return [entry.as_json() for entry in await uow.audit.entries()]
