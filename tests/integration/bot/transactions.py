"""Counting the database's transactions during a click, on the bot's engine (SQLAlchemy
engine events), by transaction: which wrote and how many only read."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, event

from tests.integration.bot.teams import TeamsSide

WRITES = ("INSERT", "UPDATE", "DELETE")


@dataclass
class Transactions:
    """The statements of every transaction begun on the engine, by transaction. The bot's
    outbox worker polls beside the click (a claim from ``outbox``): its transactions are not
    the click's and are left out."""

    statements: dict[int, list[str]] = field(default_factory=dict)

    @property
    def clicks(self) -> list[list[str]]:
        return [s for s in self.statements.values() if not any(" outbox" in q for q in s)]

    @property
    def writing(self) -> list[list[str]]:
        return [s for s in self.clicks if any(q.lstrip().upper().startswith(WRITES) for q in s)]

    @property
    def reads(self) -> int:
        return len(self.clicks) - len(self.writing)


@contextmanager
def counted(side: TeamsSide) -> Iterator[Transactions]:
    """Each transaction's statements, keyed by a number its connection carries from ``begin``
    (SQLite's explicit ``BEGIN`` statements, issued before that, are left out)."""
    assert side.engine is not None
    engine = side.engine.sync_engine
    seen = Transactions()
    numbers = itertools.count()

    def on_begin(connection: Connection) -> None:
        number = next(numbers)
        connection.info["transaction"] = number
        seen.statements[number] = []

    def on_execute(connection: Connection, cursor: Any, statement: str, *args: Any) -> None:
        number = connection.info.get("transaction")
        if number in seen.statements and not statement.upper().startswith("BEGIN"):
            seen.statements[number].append(statement)

    event.listen(engine, "begin", on_begin)
    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield seen
    finally:
        event.remove(engine, "begin", on_begin)
        event.remove(engine, "before_cursor_execute", on_execute)
