"""The registered studies and measures (which the outbox publishes): table, mapping, repository."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, Text
from sqlalchemy.orm import registry

from governance.domain.reports import Report, ReportKind
from governance.i18n import N_
from governance.store.base import SqlRepository, UtcDateTime, enum_column, metadata, pk

reports_t = Table(
    "reports",
    metadata,
    pk(),
    Column("kind", enum_column(ReportKind), nullable=False),
    Column("title", String(300), nullable=False),
    Column("text", Text, nullable=False),
    Column("body_id", String(100), nullable=False),
    Column("registered_by", String(100), nullable=False),
    Column("registered_at", UtcDateTime, nullable=False),
    Column("proposal_id", Integer),
)


def map_reports(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(Report, reports_t)


class ReportRepository(SqlRepository[Report]):
    model = Report
    not_found_code = "report.not_found"
    not_found_message = N_("There is no study or measure #{id}.")
