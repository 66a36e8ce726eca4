"""The notices table: every annual-cycle and meeting notice once a worker took it on; its
unique key is what keeps a notice from being sent twice."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import registry

from governance.domain import notices, reminders
from governance.store.schema_base import enum_column, json_dict, metadata, pk
from governance.store.types import UtcDateTime

notices_t = Table(
    "notices",
    metadata,
    pk(),
    Column("key", String(400), nullable=False),
    Column("kind", enum_column(reminders.NoticeKind), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("recipient", String(200), nullable=False),
    Column("send_at", UtcDateTime, nullable=False),
    Column("expires_on", Date, nullable=False),
    Column("payload", json_dict(), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("state", enum_column(notices.NoticeState), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("claimed_by", String(200)),
    Column("claimed_until", UtcDateTime),
    Column("sent_at", UtcDateTime),
    Column("activity_id", String(300), nullable=False),
    Column("last_error", Text, nullable=False),
    Column("result", json_dict(), nullable=False),
    UniqueConstraint("key", name="uq_notices_key"),
    Index("ix_notices_due", "state", "next_attempt_at"),
)


def map_notices(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(notices.Notice, notices_t)
