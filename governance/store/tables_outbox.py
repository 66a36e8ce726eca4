"""The outbox table (publications waiting for delivery to the Teams area) and the registered
studies and measures that are published."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text
from sqlalchemy.orm import registry

from governance.domain import outbox, reports
from governance.store.schema_base import enum_column, json_dict, metadata, pk
from governance.store.types import UtcDateTime

outbox_t = Table(
    "outbox",
    metadata,
    pk(),
    Column("key", String(300), nullable=False),
    Column("kind", enum_column(outbox.PublicationKind), nullable=False),
    Column("body_id", String(100), nullable=False),
    Column("payload", json_dict(), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("state", enum_column(outbox.DeliveryState), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("claimed_by", String(200)),
    Column("claimed_until", UtcDateTime),
    Column("delivered_at", UtcDateTime),
    Column("last_error", Text, nullable=False),
    Column("result", json_dict(), nullable=False),
    Index("ix_outbox_due", "state", "next_attempt_at"),
    Index("ix_outbox_key", "key"),
)


def map_outbox(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(outbox.Publication, outbox_t)


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
