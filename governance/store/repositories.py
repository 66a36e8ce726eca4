"""Repositories: load and add aggregates inside one unit of work's session."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.domain.audit import GENESIS, AuditEntry, entry_hash
from governance.domain.errors import NotFound
from governance.domain.meetings import Meeting, MeetingKind
from governance.domain.proposals import Proposal, ProposalState
from governance.domain.votes import Vote
from governance.i18n import N_
from governance.store.tables import audit_head_t, audit_log_t, meetings_t, proposals_t, votes_t

T = TypeVar("T")


class SqlRepository(Generic[T]):
    """Generic access to one mapped aggregate class."""

    model: type[Any]
    not_found_code = "not_found"
    not_found_message = N_("Not found: {id}.")

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, obj: T) -> None:
        self.session.add(obj)

    async def get(self, obj_id: int) -> T:
        obj = await self.session.get(self.model, obj_id, populate_existing=True)
        if obj is None:
            raise NotFound(self.not_found_code, self.not_found_message, id=obj_id)
        return obj  # type: ignore[no-any-return]

    async def find(self, obj_id: int) -> T | None:
        return await self.session.get(self.model, obj_id)

    async def many(self, ids: Iterable[int]) -> dict[int, T]:
        """Each of ``ids`` that exists, read in one query (500 ids a statement at the most);
        a missing id raises ``NotFound`` as ``get`` would."""
        wanted = sorted(set(ids))
        column = getattr(self.model, "id")  # noqa: B009  (mapped imperatively, unknown to mypy)
        found: dict[int, T] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for obj in await self.where(column.in_(chunk)):
                found[obj.id] = obj  # type: ignore[attr-defined]
        for obj_id in wanted:
            if obj_id not in found:
                raise NotFound(self.not_found_code, self.not_found_message, id=obj_id)
        return found

    async def where(self, *criteria: Any, order_by: Sequence[Any] = ()) -> list[T]:
        stmt = select(self.model).where(*criteria).order_by(*order_by)
        return list((await self.session.scalars(stmt)).all())

    async def flush(self) -> None:
        await self.session.flush()


class ProposalRepository(SqlRepository[Proposal]):
    model = Proposal
    not_found_code = "proposal.not_found"
    not_found_message = N_("There is no proposal #{id}.")

    async def in_states(self, *states: ProposalState) -> list[Proposal]:
        return await self.where(proposals_t.c.state.in_(states), order_by=[proposals_t.c.id])

    async def all(self) -> list[Proposal]:
        return await self.where(order_by=[proposals_t.c.id])

    async def by_submitter(self, member_id: str) -> list[Proposal]:
        return await self.where(proposals_t.c.submitter == member_id, order_by=[proposals_t.c.id])


class VoteRepository(SqlRepository[Vote]):
    model = Vote
    not_found_code = "vote.not_found"
    not_found_message = N_("There is no vote #{id}.")

    async def open_for(self, proposal_id: int) -> Vote | None:
        found = await self.where(
            votes_t.c.proposal_id == proposal_id, votes_t.c.closed_at.is_(None)
        )
        return found[0] if found else None

    async def for_proposal(self, proposal_id: int) -> list[Vote]:
        return await self.where(votes_t.c.proposal_id == proposal_id, order_by=[votes_t.c.id])

    async def all(self) -> list[Vote]:
        return await self.where(order_by=[votes_t.c.id])


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

    async def next_open(self, body_id: str, on_or_after: date) -> Meeting | None:
        found = [m for m in await self.of_body(body_id, from_date=on_or_after) if m.is_open]
        return found[0] if found else None


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
