"""The unit of work port: one transaction per use case, all or nothing.

``async with`` begins it; leaving without ``commit()`` rolls everything back. Implemented by
``governance.store.uow.SqlUnitOfWork`` and, for the service tests, ``tests.fakes.uow``.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self

from governance.ports import repositories as r


class UnitOfWork(Protocol):
    """The repositories are read-only here so that an implementation may narrow their types."""

    @property
    def proposals(self) -> r.Proposals: ...
    @property
    def votes(self) -> r.Votes: ...
    @property
    def meetings(self) -> r.Meetings: ...
    @property
    def audit(self) -> r.AuditLog: ...
    @property
    def rankings(self) -> r.Rankings: ...
    @property
    def plans(self) -> r.Plans: ...
    @property
    def benefits(self) -> r.Benefits: ...
    @property
    def tasks(self) -> r.Tasks: ...
    @property
    def groups(self) -> r.Groups: ...
    @property
    def systems(self) -> r.Systems: ...
    @property
    def conversations(self) -> r.Conversations: ...
    @property
    def posts(self) -> r.Posts: ...
    @property
    def settings(self) -> r.Settings: ...
    @property
    def outbox(self) -> r.Outbox: ...
    @property
    def reports(self) -> r.Reports: ...
    @property
    def elections(self) -> r.Elections: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def reading(self) -> UnitOfWork:
        """A unit of work for queries only: it never commits."""
        ...

    def unaudited(self) -> UnitOfWork:
        """A writing unit of work outside the audit chain: it cannot append to the audit log."""
        ...

    async def commit(self) -> None: ...

    async def flush(self) -> None:
        """Write what was added so far (new objects get their ids) without committing."""
        ...

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once this unit of work has committed (never if it rolls back)."""
        ...
