"""The hash-chained audit log: its tables (the entries and the one head row) and the repository
that appends to it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Integer, String, Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.domain.audit import GENESIS, AuditEntry, entry_hash
from governance.store.base import UtcDateTime, metadata

audit_log_t = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(80), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("data", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# One row: the last entry of the chain. Every writing transaction locks it first, which
# serialises writers on PostgreSQL (SQLite serialises them with BEGIN IMMEDIATE).
audit_head_t = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)


class AuditRepository:
    """Appends to the hash-chained audit log; the head row is locked by the unit of work."""

    def __init__(
        self, session: AsyncSession, head: tuple[int, str] | None = None, *, writable: bool = True
    ) -> None:
        self.session = session
        self._head = head  # read when the unit of work locked it; kept current by ``append``
        self._writable = writable  # only a unit of work that locked the head may append

    async def head(self) -> tuple[int, str] | None:
        if self._head is not None:
            return self._head
        row = (
            await self.session.execute(
                select(audit_head_t.c.seq, audit_head_t.c.hash).where(audit_head_t.c.id == 1)
            )
        ).first()
        return (row.seq, row.hash) if row else None

    async def append(
        self, *, actor: str, action: str, subject: str, data: dict[str, Any], at: datetime
    ) -> AuditEntry:
        if not self._writable:
            raise RuntimeError("the audit log is appended to only in an audited unit of work")
        seq, prev = await self.head() or (0, GENESIS)
        entry = AuditEntry(
            seq + 1,
            at,
            actor,
            action,
            subject,
            data,
            prev,
            entry_hash(seq + 1, at, actor, action, subject, data, prev),
        )
        await self.session.execute(
            audit_log_t.insert().values(
                seq=entry.seq,
                at=at,
                actor=actor,
                action=action,
                subject=subject,
                data=data,
                prev_hash=prev,
                hash=entry.hash,
            )
        )
        await self.session.execute(
            audit_head_t.update()
            .where(audit_head_t.c.id == 1)
            .values(seq=entry.seq, hash=entry.hash)
        )
        self._head = (entry.seq, entry.hash)
        return entry

    async def entries(self, *, subject: str | None = None) -> list[AuditEntry]:
        stmt = select(audit_log_t).order_by(audit_log_t.c.seq)
        if subject is not None:
            stmt = stmt.where(audit_log_t.c.subject == subject)
        rows = (await self.session.execute(stmt)).all()
        return [
            AuditEntry(r.seq, r.at, r.actor, r.action, r.subject, r.data, r.prev_hash, r.hash)
            for r in rows
        ]

    async def count(self) -> int:
        return int((await self.session.scalar(select(func.count()).select_from(audit_log_t))) or 0)
