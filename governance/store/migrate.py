"""Schema migrations (Alembic) run from Python: ``samstyre db upgrade``, tests and readiness."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from governance.store.database import READ_ONLY_OPTION, display_url, missing_file

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Migrate the database of ``engine`` to ``revision`` (from empty, or from any earlier one)."""
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), revision))


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )


async def is_at_head(engine: AsyncEngine) -> bool:
    return await current_revision(engine) == head_revision()


UPGRADE = "samstyre db upgrade"


class NotReady(Exception):
    """The database a command only reads from is missing or not migrated (English, for
    operators); nothing was created."""


def require_file(url: str) -> None:
    """Refuse a SQLite URL whose file does not exist, before anything opens (and creates) it."""
    path = missing_file(url)
    if path is not None:
        raise NotReady(
            f"no database at {display_url(url)} (the file {path} does not exist): "
            f"check DATABASE_URL, or create it with `{UPGRADE}`"
        )


async def require_head(engine: AsyncEngine) -> None:
    """Refuse a database that is not at the newest schema, changing nothing."""
    where, head = engine.url.render_as_string(hide_password=True), head_revision()
    async with engine.execution_options(**{READ_ONLY_OPTION: True}).connect() as connection:
        current = await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )
    if current == head:
        return
    if current is None:
        problem = f"has no Samstyre schema: check DATABASE_URL, or create it with `{UPGRADE}`"
    elif current in _known_revisions():
        problem = f"is at schema {current}, not the newest ({head}): migrate it with `{UPGRADE}`"
    else:
        problem = f"is at schema {current}, newer than this version of Samstyre knows ({head})"
    raise NotReady(f"the database at {where} {problem}")


def _known_revisions() -> set[str]:
    return {
        script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    }
