"""What the service tests on the fake check after a refusal: nothing changed (the counterpart of
``tests.integration.helpers.refused``, with the fake's rows for the database's)."""

from __future__ import annotations

from collections.abc import Awaitable

import pytest

from governance.domain.errors import DomainError
from governance.services.context import Context
from tests.fakes.uow import FakeDatabase


async def audit_count(ctx: Context) -> int:
    async with ctx.reading() as uow:
        return await uow.audit.count()


async def refused(
    ctx: Context, db: FakeDatabase, code: str, action: Awaitable[object]
) -> DomainError:
    """``action`` fails with ``code`` and leaves every row and the audit log as they were."""
    count, commits, before = await audit_count(ctx), db.commits, db.snapshot()
    with pytest.raises(DomainError) as caught:
        await action
    assert caught.value.code == code
    assert await audit_count(ctx) == count
    assert db.commits == commits
    assert db.snapshot() == before
    return caught.value
