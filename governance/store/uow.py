"""The SQL unit of work: one transaction per use case, all or nothing.

Entering a writing unit of work locks the audit head row (``SELECT … FOR UPDATE``) before any
read, so concurrent writers on PostgreSQL queue instead of acting on stale reads; SQLite gets the
same from ``BEGIN IMMEDIATE``. Leaving without ``commit()`` rolls everything back.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from types import TracebackType

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from governance.store.audit import AuditRepository, audit_head_t
from governance.store.conflicts import core_error
from governance.store.conversations import (
    ConversationRepository,
    PostRepository,
    SettingsRepository,
)
from governance.store.database import READ_ONLY_OPTION
from governance.store.decisions import DecisionRepository
from governance.store.elections import ElectionRepository
from governance.store.groups import GroupRepository
from governance.store.mapping import map_all
from governance.store.meetings import MeetingRepository
from governance.store.outbox import OutboxRepository
from governance.store.plans import BenefitRepository, PlanRepository
from governance.store.projects import ProjectRepository
from governance.store.proposals import ProposalRepository
from governance.store.rankings import RankingRepository
from governance.store.reports import ReportRepository
from governance.store.systems import SystemRepository
from governance.store.tasks import TaskRepository
from governance.store.votes import VoteRepository

# Writers are serialised by the database anyway (SQLite: one writer; PostgreSQL: the audit head
# row lock). Queueing this process's writers on an asyncio lock first, first come first served,
# is far cheaper than letting them poll SQLite's busy handler (which sleeps up to 100 ms per try)
# and fairer than PostgreSQL's row-lock wake-ups, where a waiter could lose the race for seconds
# (p99 2-3 s at 32 concurrent ballots before; replicas still queue on the row lock).
_WRITERS: weakref.WeakKeyDictionary[AsyncEngine, asyncio.Lock] = weakref.WeakKeyDictionary()


def _writer_lock(engine: AsyncEngine) -> asyncio.Lock:
    return _WRITERS.setdefault(engine, asyncio.Lock())


class SqlUnitOfWork:
    """Opens a session and transaction on ``async with``; repositories live inside it."""

    proposals: ProposalRepository
    votes: VoteRepository
    meetings: MeetingRepository
    audit: AuditRepository
    rankings: RankingRepository
    plans: PlanRepository
    benefits: BenefitRepository
    tasks: TaskRepository
    groups: GroupRepository
    systems: SystemRepository
    conversations: ConversationRepository
    posts: PostRepository
    settings: SettingsRepository
    outbox: OutboxRepository
    reports: ReportRepository
    elections: ElectionRepository
    projects: ProjectRepository
    decisions: DecisionRepository

    def __init__(self, engine: AsyncEngine, *, write: bool = True, audited: bool = True) -> None:
        map_all()
        self.engine = engine
        self.write = write
        self.audited = write and audited
        bind = engine if write else engine.execution_options(**{READ_ONLY_OPTION: True})
        self._factory = async_sessionmaker(bind, expire_on_commit=False, autoflush=True)
        self._session: AsyncSession | None = None
        self._committed = False
        self._after_commit: list[Callable[[], None]] = []
        self._lock = _writer_lock(engine) if write else None

    def reading(self) -> SqlUnitOfWork:
        """A unit of work for queries only: it takes no writer lock and never commits."""
        return SqlUnitOfWork(self.engine, write=False)

    def unaudited(self) -> SqlUnitOfWork:
        """A writing unit of work that does not lock the audit head: for bookkeeping that is not
        a governance change (outbox claims and delivery results, notices, where the bot can
        post, members' languages). It cannot append to the audit log."""
        return SqlUnitOfWork(self.engine, audited=False)

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("unit of work used outside 'async with'")
        return self._session

    async def __aenter__(self) -> SqlUnitOfWork:
        if self._lock is not None:
            await self._lock.acquire()
        try:
            return await self._begin()
        except BaseException as error:
            if self._session is not None:
                await self._session.close()
                self._session = None
            if self._lock is not None:
                self._lock.release()
            if (known := core_error(error)) is not None:
                raise known from error
            raise

    async def _begin(self) -> SqlUnitOfWork:
        self._session = self._factory()
        self._committed = False
        self._after_commit = []
        await self._session.begin()
        head: tuple[int, str] | None = None
        if self.audited:
            row = (
                await self._session.execute(
                    select(audit_head_t.c.seq, audit_head_t.c.hash)
                    .where(audit_head_t.c.id == 1)
                    .with_for_update()
                )
            ).first()
            head = (row.seq, row.hash) if row else None
        s = self._session
        self.proposals, self.votes = ProposalRepository(s), VoteRepository(s)
        self.meetings = MeetingRepository(s)
        self.audit = AuditRepository(s, head, writable=self.audited)
        self.rankings, self.plans = RankingRepository(s), PlanRepository(s)
        self.benefits, self.tasks = BenefitRepository(s), TaskRepository(s)
        self.groups, self.systems = GroupRepository(s), SystemRepository(s)
        self.conversations, self.posts = ConversationRepository(s), PostRepository(s)
        self.settings = SettingsRepository(s)
        self.outbox, self.reports = OutboxRepository(s), ReportRepository(s)
        self.elections, self.decisions = ElectionRepository(s), DecisionRepository(s)
        self.projects = ProjectRepository(s)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        try:
            if self.write and not self._committed:
                await session.rollback()
        finally:
            # close() releases the transaction without expiring what was loaded, so a reading
            # unit of work hands back usable (detached) objects.
            await session.close()
            if self._lock is not None:
                self._lock.release()
        if exc is not None and (known := core_error(exc)) is not None:
            raise known from exc

    async def commit(self) -> None:
        if not self.write:
            raise RuntimeError("a reading unit of work cannot commit")
        await self.session.commit()
        self._committed = True
        callbacks, self._after_commit = self._after_commit, []
        for then in callbacks:
            then()

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once this unit of work has committed (never if it rolls back)."""
        self._after_commit.append(callback)

    async def flush(self) -> None:
        await self.session.flush()
