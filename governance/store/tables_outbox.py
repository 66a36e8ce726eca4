"""The outbox table (everything waiting to leave the process: publications, the bot's messages,
the annual cycle's notices) and the registered studies and measures that are published."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import registry

from governance.domain import outbox, reports
from governance.store.schema_base import enum_column, json_dict, metadata, pk
from governance.store.types import DeliveryKindText, UtcDateTime

outbox_t = Table(
    "outbox",
    metadata,
    pk(),
    Column("key", String(400), nullable=False),
    Column("kind", DeliveryKindText, nullable=False),
    Column("body_id", String(100), nullable=False),
    Column("payload", json_dict(), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("subject", String(200), nullable=False),
    Column("recipient", String(200), nullable=False),
    Column("send_at", UtcDateTime, nullable=False),
    Column("expires_on", Date),
    Column("once_key", String(400)),
    Column("state", enum_column(outbox.DeliveryState), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("claimed_by", String(200)),
    Column("claimed_until", UtcDateTime),
    Column("delivered_at", UtcDateTime),
    Column("activity_id", String(300), nullable=False),
    Column("last_error", Text, nullable=False),
    Column("result", json_dict(), nullable=False),
    UniqueConstraint("once_key", name="uq_outbox_once_key"),
    Index("ix_outbox_due", "state", "next_attempt_at"),
    Index("ix_outbox_key", "key"),
)


def map_outbox(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(outbox.Delivery, outbox_t)


reports_t = Table(
    "reports",
    metadata,
    pk(),
    Column("kind", enum_column(reports.ReportKind), nullable=False),
    Column("title", String(300), nullable=False),
    Column("text", Text, nullable=False),
    Column("body_id", String(100), nullable=False),
    Column("registered_by", String(100), nullable=False),
    Column("registered_at", UtcDateTime, nullable=False),
    Column("proposal_id", Integer),
)


def map_reports(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(reports.Report, reports_t)
