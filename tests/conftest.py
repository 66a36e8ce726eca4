"""Shared fixtures: a real, migrated database per test (SQLite file, or PostgreSQL when
``SAMSTYRE_TEST_DATABASE_URL`` names a server), the shipped mandates, a fixed clock.

PostgreSQL: the schema is migrated once into a template database; each test gets a fresh copy
(``CREATE DATABASE … TEMPLATE``), which is far faster than migrating every time.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from governance.config import load_mandate
from governance.domain.calendar import OSLO
from governance.domain.organisation import Mandate
from governance.services.context import Context, FixedClock
from governance.store.database import database_url, make_engine
from governance.store.migrate import upgrade
from samstyre.bootstrap import build_context

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("SAMSTYRE_TEST_DATABASE_URL")
TEMPLATE_DB = "samstyre_test_template"


def engine_name() -> str:
    return "postgresql" if PG_URL else "sqlite"


async def _pg_admin() -> asyncpg.Connection:
    url = make_url(database_url(PG_URL))
    return await asyncpg.connect(
        host=url.host,
        port=url.port,
        user=url.username,
        password=url.password,
        database="postgres",
    )


def _pg_url_for(database: str) -> str:
    return make_url(database_url(PG_URL)).set(database=database).render_as_string(False)


async def _make_pg_template() -> None:
    admin = await _pg_admin()
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}"')
        await admin.execute(f'CREATE DATABASE "{TEMPLATE_DB}"')
    finally:
        await admin.close()
    engine = make_engine(_pg_url_for(TEMPLATE_DB))
    await upgrade(engine)
    await engine.dispose()


async def _make_sqlite_template(path: Path) -> None:
    engine = make_engine(f"sqlite:///{path}")
    await upgrade(engine)
    await engine.dispose()


def _run_apart(make: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run a coroutine to completion on its own thread and loop: the session fixture may be set
    up while a test's event loop is already running."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(lambda: asyncio.run(make())).result()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated, empty database to copy from (a file path, or a PostgreSQL database name)."""
    if PG_URL:
        _run_apart(_make_pg_template)
        return TEMPLATE_DB
    path = tmp_path_factory.mktemp("template") / "template.db"
    _run_apart(lambda: _make_sqlite_template(path))
    return str(path)


@pytest.fixture
async def db_url(database_template: str, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh migrated database for one test."""
    if not PG_URL:
        target = tmp_path / "samstyre.db"
        shutil.copyfile(database_template, target)
        yield f"sqlite:///{target}"
        return
    async with _pg_database("t", f'TEMPLATE "{database_template}"') as url:
        yield url


@pytest.fixture
async def empty_db_url(tmp_path: Path) -> AsyncIterator[str]:
    """A database with no tables at all (to migrate step by step)."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    async with _pg_database("e") as url:
        yield url


@asynccontextmanager
async def _pg_database(prefix: str, options: str = "") -> AsyncIterator[str]:
    """A PostgreSQL database of its own for one test, dropped after it."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = await _pg_admin()
    try:
        await admin.execute(f'CREATE DATABASE "{name}" {options}')
    finally:
        await admin.close()
    try:
        yield _pg_url_for(name)
    finally:
        admin = await _pg_admin()
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    eng = make_engine(db_url)
    yield eng
    await eng.dispose()


@pytest.fixture(scope="session")
def ror_mandate() -> Mandate:
    return load_mandate(ROOT / "config" / "ror-ikt.yaml")


@pytest.fixture(scope="session")
def fartt_mandate() -> Mandate:
    return load_mandate(ROOT / "config" / "fartt.yaml")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2027, 1, 11, 10, 0, tzinfo=OSLO))


@pytest.fixture
def ctx(ror_mandate: Mandate, engine: AsyncEngine, clock: FixedClock) -> Context:
    return build_context(ror_mandate, engine, clock)


@pytest.fixture
def artifacts_dir() -> Iterator[Path]:
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    yield path
