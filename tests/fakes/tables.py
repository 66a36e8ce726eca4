"""The in-memory rows behind ``FakeUnitOfWork`` and a generic repository over them.

``Tables`` is what one unit of work sees: the committed rows deep-copied, so objects handed out
by one unit of work are never those of another (as with the SQL sessions), plus what it added.
Ids are assigned the way the database assigns them: at a flush (explicit, or the autoflush
before every query, or the commit), top-level objects and their children alike, counting on
from the highest id ever assigned in committed state (a rolled-back insert frees its id, as on
SQLite).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from governance.domain.audit import AuditEntry
from governance.domain.errors import NotFound
from governance.i18n import N_
from governance.ports import DuplicateKey

T = TypeVar("T")

# How the SQL mapping orders a child collection when it loads an aggregate (``order_by`` of the
# relationship); every other child collection comes back by id.
CHILD_ORDER: dict[tuple[str, str], tuple[str, ...]] = {
    ("Meeting", "agenda"): ("position",),
    ("Group", "leaderships"): ("year", "id"),
}


def _children(obj: object) -> Iterator[tuple[str, list[Any]]]:
    """The child collections of an aggregate: its list fields that hold dataclasses."""
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if isinstance(value, list) and value and dataclasses.is_dataclass(value[0]):
            yield f.name, value


def _as_loaded(obj: object) -> None:
    """Make ``obj`` look as the SQL store would hand it back: aware datetimes in UTC (the
    ``UtcDateTime`` column type) and child collections in the mapping's order."""
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if isinstance(value, datetime) and value.tzinfo is not None:
            setattr(obj, f.name, value.astimezone(UTC))
    for name, items in _children(obj):
        for child in items:
            _as_loaded(child)
        keys = CHILD_ORDER.get((type(obj).__name__, name), ("id",))
        items.sort(key=lambda c: tuple(getattr(c, k) for k in keys))


@dataclass
class Tables:
    rows: dict[str, dict[int, Any]] = field(default_factory=dict)
    last_id: dict[str, int] = field(default_factory=dict)  # by table, or by child class name
    audit: list[AuditEntry] = field(default_factory=list)
    pending: list[tuple[str, Any]] = field(default_factory=list)

    def table(self, name: str) -> dict[int, Any]:
        return self.rows.setdefault(name, {})

    def loaded(self) -> Tables:
        """A copy for a new unit of work, each object as a fresh load would give it."""
        copied = copy.deepcopy(self)
        for rows in copied.rows.values():
            for obj in rows.values():
                _as_loaded(obj)
        return copied

    def _next(self, counter: str) -> int:
        self.last_id[counter] = self.last_id.get(counter, 0) + 1
        return self.last_id[counter]

    def flush(self) -> None:
        """Give new objects and new children their ids; refuse a second outbox ``once_key``
        (the one unique key a use case relies on: another worker recorded the notice first)."""
        pending, self.pending = self.pending, []
        for name, obj in pending:
            if obj.id is None:
                obj.id = self._next(name)
            self.table(name)[obj.id] = obj
        for rows in self.rows.values():
            for obj in rows.values():
                for _, items in _children(obj):
                    for child in items:
                        if child.id is None:
                            child.id = self._next(type(child).__name__)
        once = [d.once_key for d in self.table("outbox").values() if d.once_key is not None]
        if len(once) != len(set(once)):
            raise DuplicateKey("UNIQUE constraint failed: outbox.once_key")


class FakeRepository(Generic[T]):
    """``add``, ``get`` and ``many`` over one table, as ``SqlRepository`` has them; every query
    flushes first, as the SQL session's autoflush does."""

    table_name: str
    not_found_code = "not_found"
    not_found_message = N_("Not found: {id}.")

    def __init__(self, tables: Tables) -> None:
        self._tables = tables

    def _rows(self) -> list[T]:
        """Every row, by id."""
        self._tables.flush()
        table = self._tables.table(self.table_name)
        return [table[i] for i in sorted(table)]

    def _first(self, rows: Iterable[T]) -> T | None:
        return next(iter(rows), None)

    def add(self, obj: T) -> None:
        if not any(o is obj for _, o in self._tables.pending):
            self._tables.pending.append((self.table_name, obj))

    async def get(self, obj_id: int) -> T:
        self._tables.flush()
        obj: T | None = self._tables.table(self.table_name).get(obj_id)
        if obj is None:
            raise NotFound(self.not_found_code, self.not_found_message, id=obj_id)
        return obj

    async def many(self, ids: Iterable[int]) -> dict[int, T]:
        return {obj_id: await self.get(obj_id) for obj_id in sorted(set(ids))}
