"""The Alembic migrations build exactly the schema the mapping expects."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncEngine

from governance.store.mapping import metadata
from governance.store.migrate import head_revision, is_at_head


async def test_migrated_database_matches_the_tables(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), metadata)
        )
    assert diff == []


async def test_migrated_database_is_at_head(engine: AsyncEngine) -> None:
    assert head_revision() is not None
    assert await is_at_head(engine)
