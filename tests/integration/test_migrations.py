"""The Alembic migrations build exactly the schema the mapping expects."""

from __future__ import annotations

from datetime import UTC, date, datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from governance.config import load_mandate
from governance.domain.outbox import NOTICE_KINDS, DeliveryState, PublicationKind
from governance.domain.reminders import NoticeKind
from governance.services import outbox
from governance.services.context import FixedClock
from governance.store.database import make_engine
from governance.store.mapping import metadata
from governance.store.migrate import head_revision, is_at_head, upgrade
from samstyre.bootstrap import build_context
from tests.conftest import ROOT


async def test_migrated_database_matches_the_tables(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), metadata)
        )
    assert diff == []


async def test_migrated_database_is_at_head(engine: AsyncEngine) -> None:
    assert head_revision() is not None
    assert await is_at_head(engine)


OLD_OUTBOX_ROW = (
    "INSERT INTO outbox (key, kind, body_id, payload, created_at, next_attempt_at, state, "
    "attempts, claimed_by, claimed_until, delivered_at, last_error, result) VALUES "
    "('decision:vote:1', 'decision', 'bestillerutvalget', '{\"vote_id\": 1}', "
    ":at, :at, 'delivered', 0, NULL, NULL, :at, '', '{\"url\": \"https://x/1.docx\"}')"
)
OLD_NOTICE_ROW = (
    "INSERT INTO notices (key, kind, subject, recipient, send_at, expires_on, payload, "
    "created_at, next_attempt_at, state, attempts, claimed_by, claimed_until, sent_at, "
    "activity_id, last_error, result) VALUES "
    "(:key, 'task_posted', 'task:behovskartlegging:2027', 'body:bestillerutvalget', :at, "
    "'2027-03-31', '{\"occurrence_id\": 3}', :at, :at, :state, 0, NULL, NULL, :sent, :aid, "
    "'', '{}')"
)


async def test_the_one_outbox_keeps_every_publication_and_notice(empty_db_url: str) -> None:
    """Migration 0008 moves the notices into the outbox: each row is there afterwards, with the
    same key, kind, state (``sent`` is now ``delivered``) and times; a notice stays once-only."""
    engine = make_engine(empty_db_url)
    at = datetime(2027, 1, 4, 7, 0, tzinfo=UTC)
    try:
        await upgrade(engine, "0007")
        async with engine.begin() as conn:
            await conn.execute(text(OLD_OUTBOX_ROW), {"at": at})
            await conn.execute(
                text(OLD_NOTICE_ROW),
                {"key": "task_posted|a", "at": at, "state": "sent", "sent": at, "aid": "m1"},
            )
            await conn.execute(
                text(OLD_NOTICE_ROW),
                {"key": "task_posted|b", "at": at, "state": "pending", "sent": None, "aid": ""},
            )
        await upgrade(engine)
        ctx = build_context(load_mandate(ROOT / "config" / "ror-ikt.yaml"), engine, FixedClock(at))
        items = {i.key: i for i in await outbox.listing(ctx)}
        assert set(items) == {"decision:vote:1", "task_posted|a", "task_posted|b"}
        decision, sent, waiting = (items[k] for k in sorted(items))
        assert decision.kind is PublicationKind.DECISION and decision.send_at == at
        assert decision.result == {"url": "https://x/1.docx"} and decision.once_key is None
        assert sent.kind is NoticeKind.TASK_POSTED and sent.state is DeliveryState.DELIVERED
        assert (sent.delivered_at, sent.activity_id, sent.once_key) == (at, "m1", "task_posted|a")
        assert sent.recipient == "body:bestillerutvalget" and sent.payload == {"occurrence_id": 3}
        assert waiting.state is DeliveryState.PENDING and waiting.expires_on == date(2027, 3, 31)
        async with ctx.bookkeeping() as uow:
            assert await uow.outbox.existing_once_keys(["task_posted|b", "x"]) == {"task_posted|b"}
        [claimed] = await outbox.claim(ctx, "w", kinds=NOTICE_KINDS)
        assert claimed.key == "task_posted|b"  # the pending notice is still to be sent
    finally:
        await engine.dispose()
