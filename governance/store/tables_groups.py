"""Tables of groups (memberships with history, yearly leaders) and the systems inventory."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import registry, relationship

from governance.domain import groups, systems
from governance.store.schema_base import json_list, metadata, pk
from governance.store.types import UtcDateTime

groups_t = Table(
    "groups",
    metadata,
    pk(),
    Column("key", String(100), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("parent", String(100)),
    Column("fields", json_list(), nullable=False),
    Column("systems", json_list(), nullable=False),
    Column("established_at", UtcDateTime, nullable=False),
    Column("established_by", String(100), nullable=False),
    Column("closed_at", UtcDateTime),
    Column("closed_by", String(100)),
)

memberships_t = Table(
    "group_memberships",
    metadata,
    pk(),
    Column("group_id", ForeignKey("groups.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("member_id", String(100), nullable=False),
    Column("municipality", String(100)),
    Column("role", String(40), nullable=False),
    Column("from_date", Date, nullable=False),
    Column("to_date", Date),
    Column("replaced_by", String(100)),
    Column("appointed_by", String(100), nullable=False),
    Column("note", Text, nullable=False),
)

leaderships_t = Table(
    "group_leaderships",
    metadata,
    pk(),
    Column("group_id", ForeignKey("groups.id", ondelete="CASCADE"), nullable=False),
    Column("member_id", String(100), nullable=False),
    Column("year", Integer, nullable=False),
    Column("elected_at", UtcDateTime, nullable=False),
    Column("elected_by", String(100), nullable=False),
    # No UNIQUE(group_id, year): a group whose leader leaves during the year elects again, and
    # the history keeps both (the domain allows only one leader among active members).
)

systems_t = Table(
    "systems",
    metadata,
    pk(),
    Column("key", String(100), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("vendor", String(200), nullable=False),
    Column("functions", json_list(), nullable=False),
    Column("owner_body", String(100)),
    Column("municipalities", json_list(), nullable=False),
    Column("retired_at", UtcDateTime),
)

integrations_t = Table(
    "integrations",
    metadata,
    pk(),
    Column("source", String(100), nullable=False),
    Column("target", String(100), nullable=False),
    Column("description", Text, nullable=False),
    UniqueConstraint("source", "target", name="uq_integrations_source_target"),
)


def map_groups(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(groups.Membership, memberships_t)
    mapper_registry.map_imperatively(groups.Leadership, leaderships_t)
    mapper_registry.map_imperatively(
        groups.Group,
        groups_t,
        properties={
            "memberships": relationship(
                groups.Membership,
                lazy="selectin",
                order_by=memberships_t.c.id,
                cascade="all, delete-orphan",
            ),
            "leaderships": relationship(
                groups.Leadership,
                lazy="selectin",
                order_by=[leaderships_t.c.year, leaderships_t.c.id],
                cascade="all, delete-orphan",
            ),
        },
    )
    mapper_registry.map_imperatively(systems.System, systems_t)
    mapper_registry.map_imperatively(systems.Integration, integrations_t)
