"""``FakeUnitOfWork``: the ``governance.ports.UnitOfWork`` in memory, over a ``FakeDatabase``.

Entering takes a deep copy of the committed rows (as a fresh SQL session would load them);
``commit()`` makes that copy the committed state; leaving without commit drops it, so a refused
use case leaves the database as it was. What the fake does not do: locks and write conflicts,
unique keys other than the outbox's ``once_key``, foreign keys, migrations; those stay with the
SQL tests in ``tests/integration``.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from types import TracebackType
from typing import Any

from governance.domain.audit import AuditEntry
from tests.fakes import bookkeeping as fb
from tests.fakes import repositories as fr
from tests.fakes.tables import Tables


class FakeDatabase:
    """The committed state that every ``FakeUnitOfWork`` of a test shares."""

    def __init__(self) -> None:
        self.committed = Tables()
        self.commits = 0

    def unit(self) -> FakeUnitOfWork:
        """A writing, audited unit of work: what ``Context.units`` makes."""
        return FakeUnitOfWork(self)

    def rows(self, table: str) -> list[Any]:
        """A copy of the committed rows of ``table`` (a repository's name), by id."""
        rows = self.committed.rows.get(table, {})
        return [copy.deepcopy(rows[i]) for i in sorted(rows)]

    @property
    def audit(self) -> list[AuditEntry]:
        return list(self.committed.audit)

    def snapshot(self) -> Any:
        """Every committed row and audit entry as plain values: a refusal must leave it equal."""
        return _plain((self.committed.rows, self.committed.last_id, self.committed.audit))


def _plain(value: Any) -> Any:
    """``value`` with every dataclass as a tuple of its fields (the domain's are ``eq=False``)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__name__, *(_plain(getattr(value, f.name)) for f in fields))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    assert value is None or isinstance(value, str | int | float | Decimal | datetime | date | Enum)
    return value


class FakeUnitOfWork:
    proposals: fr.FakeProposals
    votes: fr.FakeVotes
    meetings: fr.FakeMeetings
    audit: fr.FakeAuditLog
    rankings: fr.FakeRankings
    plans: fr.FakePlans
    benefits: fr.FakeBenefits
    tasks: fr.FakeTasks
    groups: fr.FakeGroups
    systems: fr.FakeSystems
    conversations: fb.FakeConversations
    posts: fb.FakePosts
    settings: fb.FakeSettings
    outbox: fb.FakeOutbox
    reports: fb.FakeReports
    elections: fr.FakeElections
    decisions: fr.FakeDecisions
    projects: fr.FakeProjects

    def __init__(self, db: FakeDatabase, *, write: bool = True, audited: bool = True) -> None:
        self.db = db
        self.write = write
        self.audited = write and audited
        self._tables: Tables | None = None
        self._after_commit: list[Callable[[], None]] = []

    def reading(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.db, write=False)

    def unaudited(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.db, audited=False)

    @property
    def tables(self) -> Tables:
        if self._tables is None:
            raise RuntimeError("unit of work used outside 'async with'")
        return self._tables

    async def __aenter__(self) -> FakeUnitOfWork:
        t = self._tables = self.db.committed.loaded()
        self._after_commit = []
        self.proposals, self.votes = fr.FakeProposals(t), fr.FakeVotes(t)
        self.meetings = fr.FakeMeetings(t)
        self.audit = fr.FakeAuditLog(t, writable=self.audited)
        self.rankings, self.plans = fr.FakeRankings(t), fr.FakePlans(t)
        self.benefits, self.tasks = fr.FakeBenefits(t), fr.FakeTasks(t)
        self.groups, self.systems = fr.FakeGroups(t), fr.FakeSystems(t)
        self.conversations, self.posts = fb.FakeConversations(t), fb.FakePosts(t)
        self.settings = fb.FakeSettings(t)
        self.outbox, self.reports = fb.FakeOutbox(t), fb.FakeReports(t)
        self.elections, self.decisions = fr.FakeElections(t), fr.FakeDecisions(t)
        self.projects = fr.FakeProjects(t)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._tables = None  # what was not committed is gone

    async def commit(self) -> None:
        if not self.write:
            raise RuntimeError("a reading unit of work cannot commit")
        self.tables.flush()
        # a copy, so changing an object after the commit does not change the database
        self.db.committed = copy.deepcopy(self.tables)
        self.db.commits += 1
        callbacks, self._after_commit = self._after_commit, []
        for then in callbacks:
            then()

    def after_commit(self, callback: Callable[[], None]) -> None:
        self._after_commit.append(callback)

    async def flush(self) -> None:
        self.tables.flush()
