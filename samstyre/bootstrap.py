"""The composition root: wires the mandate, the database and the clock into a ``Context``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from governance.config import load_mandate
from governance.domain.organisation import Mandate
from governance.services.context import Clock, Context, SystemClock
from governance.store.database import make_engine
from governance.store.mapping import map_all
from governance.store.migrate import upgrade
from governance.store.uow import SqlUnitOfWork


@dataclass
class App:
    context: Context
    engine: AsyncEngine


def build_context(mandate: Mandate, engine: AsyncEngine, clock: Clock | None = None) -> Context:
    map_all()  # before any domain object is created, so new instances are instrumented
    return Context(
        mandate=mandate, units=lambda: SqlUnitOfWork(engine), clock=clock or SystemClock()
    )


@asynccontextmanager
async def application(
    config_path: str | Path,
    *,
    database_url: str | None = None,
    clock: Clock | None = None,
    migrate: bool = True,
) -> AsyncIterator[App]:
    """Load the mandate, open the database (migrating it to head), yield the wired app."""
    mandate = load_mandate(config_path)
    engine = make_engine(database_url)
    try:
        if migrate:
            await upgrade(engine)
        yield App(build_context(mandate, engine, clock), engine)
    finally:
        await engine.dispose()
