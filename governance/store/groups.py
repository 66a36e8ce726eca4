"""Groups, with their memberships (kept with history) and yearly leaders: tables, mapping,
repository."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import registry, relationship

from governance.domain.errors import NotFound
from governance.domain.groups import Group, Leadership, Membership
from governance.i18n import N_
from governance.store.base import SqlRepository, UtcDateTime, json_list, metadata, pk

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


def map_groups(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(Membership, memberships_t)
    mapper_registry.map_imperatively(Leadership, leaderships_t)
    mapper_registry.map_imperatively(
        Group,
        groups_t,
        properties={
            "memberships": relationship(
                Membership,
                lazy="selectin",
                order_by=memberships_t.c.id,
                cascade="all, delete-orphan",
            ),
            "leaderships": relationship(
                Leadership,
                lazy="selectin",
                order_by=[leaderships_t.c.year, leaderships_t.c.id],
                cascade="all, delete-orphan",
            ),
        },
    )


class GroupRepository(SqlRepository[Group]):
    model = Group
    not_found_code = "group.not_found"
    not_found_message = N_("There is no group {id}.")

    async def by_key(self, key: str) -> Group:
        found = await self.find_key(key)
        if found is None:
            raise NotFound(self.not_found_code, self.not_found_message, id=key)
        return found

    async def find_key(self, key: str) -> Group | None:
        found = await self.where(groups_t.c.key == key)
        return found[0] if found else None

    async def all(self) -> list[Group]:
        return await self.where(order_by=[groups_t.c.key])

    async def children_of(self, key: str) -> list[Group]:
        return await self.where(groups_t.c.parent == key, order_by=[groups_t.c.key])
