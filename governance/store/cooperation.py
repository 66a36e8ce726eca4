"""Which cooperation a database belongs to: one row of ``cooperation``, written by the first
process that writes with a mandate file. A process started later with another cooperation's
file is refused before it reads or writes anything else (one database, one cooperation).

A database written before the row existed belongs to the cooperation of its first proposal, or
else of its first audit entry about a cooperation (``cooperation:<id>``); an empty one to the
first file used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, Integer, String, Table, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from governance.domain.organisation import Mandate
from governance.domain.subjects import AuditSubjectKind
from governance.store.audit import audit_log_t
from governance.store.base import UtcDateTime, metadata
from governance.store.database import READ_ONLY_OPTION
from governance.store.proposals import proposals_t

cooperation_t = Table(
    "cooperation",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # always 1: one row
    Column("cooperation_id", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
)


@dataclass(frozen=True)
class Owner:
    id: str
    name: str = ""  # unknown when taken from the rows of an older database

    def __str__(self) -> str:
        return f"{self.name} ({self.id})" if self.name and self.name != self.id else self.id


class OtherCooperation(Exception):
    """The mandate file is another cooperation's than the database's (English, operators)."""

    def __init__(self, owner: Owner, mandate: Owner) -> None:
        self.owner = owner
        self.mandate = mandate
        super().__init__(str(self))

    def __str__(self) -> str:
        wanted = self.mandate.name or self.mandate.id
        return (
            f"This database belongs to {self.owner}; the mandate file is for {self.mandate}. "
            f"Use the database of {wanted} or another DATABASE_URL."
        )


async def claim(engine: AsyncEngine, mandate: Mandate, *, at: datetime) -> None:
    """Refuse ``mandate`` unless the database is its cooperation's; record the cooperation
    when the database has no record yet."""
    try:
        async with engine.begin() as connection:
            owner = await _owner(connection)
            _require(owner, mandate)
            if not await _recorded(connection):
                await connection.execute(
                    cooperation_t.insert().values(
                        id=1, cooperation_id=mandate.id, name=mandate.name, recorded_at=at
                    )
                )
    except IntegrityError:  # another process recorded one first (PostgreSQL): check against it
        await check(engine, mandate)


async def check(engine: AsyncEngine, mandate: Mandate) -> None:
    """Refuse ``mandate`` unless the database is its cooperation's, writing nothing."""
    async with engine.execution_options(**{READ_ONLY_OPTION: True}).connect() as connection:
        _require(await _owner(connection), mandate)


def _require(owner: Owner | None, mandate: Mandate) -> None:
    if owner is not None and owner.id != mandate.id:
        raise OtherCooperation(owner, Owner(mandate.id, mandate.name))


async def _recorded(connection: AsyncConnection) -> bool:
    return await connection.scalar(select(cooperation_t.c.id)) is not None


async def _owner(connection: AsyncConnection) -> Owner | None:
    row = (
        await connection.execute(select(cooperation_t.c.cooperation_id, cooperation_t.c.name))
    ).first()
    if row is not None:
        return Owner(row.cooperation_id, row.name)
    first = await connection.scalar(
        select(proposals_t.c.cooperation).order_by(proposals_t.c.id).limit(1)
    )
    if first:
        return Owner(first)
    prefix = f"{AuditSubjectKind.COOPERATION.value}:"
    subject = await connection.scalar(
        select(audit_log_t.c.subject)
        .where(audit_log_t.c.subject.startswith(prefix, autoescape=True))
        .order_by(audit_log_t.c.seq)
        .limit(1)
    )
    return Owner(subject.removeprefix(prefix)) if subject else None
