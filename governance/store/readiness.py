"""Whether the bot can write: ``/readyz`` upserts one row of ``readiness`` and commits.

A database that answers reads can still refuse every change (read-only, disk full, a standby
after fail-over); a probe that only reads would then keep sending users to a bot that loses
their clicks. The committed write is one row, rewritten in place, and its result is cached for
``CACHE_SECONDS`` so frequent probes do not write on every call.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Integer, Table, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from governance.store.base import metadata

CACHE_SECONDS = 5.0

readiness_t = Table(
    "readiness",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("checked_at", DateTime(timezone=True), nullable=False),
)


def reason_of(error: DBAPIError) -> str:
    """An operator's one-line reason for a refused write."""
    text = str(error.orig if error.orig is not None else error).lower()
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    if "readonly" in text or "read-only" in text or code == "25006":
        return "database is read-only"
    if "full" in text or code == "53100":
        return "database is full"
    return f"database refused a write ({type(error.orig or error).__name__})"


@dataclass
class WriteProbe:
    """Commits one row and remembers the answer for a few seconds."""

    engine: AsyncEngine
    _until: float = float("-inf")
    _reason: str | None = None

    async def refusal(self) -> str | None:
        """None when a write commits; otherwise why not (``DBAPIError`` of an unreachable
        database is raised for the caller)."""
        now = time.monotonic()
        if now < self._until:
            return self._reason
        self._reason = await self._write()
        self._until = time.monotonic() + CACHE_SECONDS
        return self._reason

    async def _write(self) -> str | None:
        stamp = datetime.now(UTC)
        try:
            async with self.engine.begin() as connection:
                changed = await connection.execute(
                    update(readiness_t).where(readiness_t.c.id == 1).values(checked_at=stamp)
                )
                if changed.rowcount == 0:
                    exists = await connection.scalar(select(readiness_t.c.id))
                    if exists is None:
                        await connection.execute(
                            readiness_t.insert().values(id=1, checked_at=stamp)
                        )
        except DBAPIError as error:
            if error.connection_invalidated:
                raise
            return reason_of(error)
        return None
