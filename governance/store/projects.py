"""Projects of approved proposals, with the status updates of their project groups: tables,
mapping, repository."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import registry, relationship

from governance.domain.errors import NotFound
from governance.domain.projects import Project, ProjectStatus, StatusUpdate
from governance.i18n import N_
from governance.store.base import (
    DecimalText,
    SqlRepository,
    UtcDateTime,
    enum_column,
    metadata,
    pk,
)

projects_t = Table(
    "projects",
    metadata,
    pk(),
    Column("proposal_id", ForeignKey("proposals.id"), nullable=False, unique=True),
    Column("group_key", String(100), nullable=False),
    Column("scope", Text, nullable=False),
    Column("budget", DecimalText, nullable=False),
    Column("owner_group", String(100), nullable=False),
    Column("leader", String(100), nullable=False),
    Column("commissioner", String(100), nullable=False),
    Column("started_by", String(100), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("delivered_at", UtcDateTime),
    Column("delivered_by", String(100)),
    Column("delivery_note", Text, nullable=False),
)

status_updates_t = Table(
    "project_status_updates",
    metadata,
    pk(),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("status", enum_column(ProjectStatus), nullable=False),
    Column("comment", Text, nullable=False),
    Column("by", String(100), nullable=False),
    Column("at", UtcDateTime, nullable=False),
)


def map_projects(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(StatusUpdate, status_updates_t)
    mapper_registry.map_imperatively(
        Project,
        projects_t,
        properties={
            "updates": relationship(
                StatusUpdate,
                lazy="selectin",
                order_by=status_updates_t.c.id,
                cascade="all, delete-orphan",
            ),
        },
    )


class ProjectRepository(SqlRepository[Project]):
    model = Project
    not_found_code = "project.not_found"
    not_found_message = N_("There is no project #{id}.")

    async def of_proposal(self, proposal_id: int) -> Project | None:
        found = await self.where(projects_t.c.proposal_id == proposal_id)
        return found[0] if found else None

    async def for_proposal(self, proposal_id: int) -> Project:
        """The project of ``proposal_id``; ``NotFound`` when none is started."""
        project = await self.of_proposal(proposal_id)
        if project is None:
            raise NotFound(
                "project.not_started",
                N_("No project is started for proposal #{id}."),
                id=proposal_id,
            )
        return project

    async def all(self) -> list[Project]:
        return await self.where(order_by=[projects_t.c.id])
