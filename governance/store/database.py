"""Engines for the two supported databases: an SQLite file (embedded default) and PostgreSQL.

The process's settings (``DATABASE_URL``, read at its edge) select the database; none means
``sqlite:///./samstyre.db``. Plain driver-less URLs (``postgresql://…``, ``sqlite:///…``) are
given their asyncio drivers here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

DEFAULT_URL = "sqlite:///./samstyre.db"
DATABASE_VAR = "DATABASE_URL"  # read by the process's edge (samstyre.settings, the CLI)
SQLITE_BUSY_TIMEOUT_S = 30


def database_url(raw: str | None = None) -> str:
    """``raw`` (else the embedded default) with an asyncio driver."""
    raw = raw or DEFAULT_URL
    url = make_url(raw)
    driver = {
        "sqlite": "sqlite+aiosqlite",
        "postgresql": "postgresql+asyncpg",
        "postgres": "postgresql+asyncpg",
    }.get(url.drivername, url.drivername)
    return url.set(drivername=driver).render_as_string(hide_password=False)


def display_url(async_url: str) -> str:
    """The URL with its password hidden, for messages."""
    return make_url(async_url).render_as_string(hide_password=True)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def missing_file(url: str) -> Path | None:
    """The SQLite file of ``url`` if it does not exist (opening it would create it)."""
    parsed = make_url(database_url(url))
    name = parsed.database
    if not is_sqlite(str(parsed)) or not name or name == ":memory:" or name.startswith("file:"):
        return None
    path = Path(name)
    return None if path.exists() else path


READ_ONLY_OPTION = "samstyre_read_only"


def make_engine(url: str | None = None, **kwargs: Any) -> AsyncEngine:
    """An async engine; on SQLite every transaction starts with ``BEGIN IMMEDIATE`` so that
    concurrent writers queue on the busy timeout instead of failing on lock upgrades."""
    resolved = database_url(url)
    if not is_sqlite(resolved):
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 20)
        kwargs.setdefault("pool_pre_ping", True)
        return create_async_engine(resolved, **kwargs)
    engine = create_async_engine(
        resolved, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S}, **kwargs
    )
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take SQLite's write lock at once (no lock upgrade that could fail midway);
        # readers begin deferred, so in WAL mode they never wait for a writer.
        deferred = conn.get_execution_options().get(READ_ONLY_OPTION)
        conn.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")

    return engine
