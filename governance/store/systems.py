"""The systems inventory and the integrations between systems: tables, mapping, repository."""

from __future__ import annotations

from sqlalchemy import Column, String, Table, Text, UniqueConstraint, select
from sqlalchemy.orm import registry

from governance.domain.errors import NotFound
from governance.domain.systems import Integration, System
from governance.i18n import N_
from governance.store.base import SqlRepository, UtcDateTime, json_list, metadata, pk

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


def map_systems(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(System, systems_t)
    mapper_registry.map_imperatively(Integration, integrations_t)


class SystemRepository(SqlRepository[System]):
    model = System
    not_found_code = "system.not_found"
    not_found_message = N_("There is no system {id}.")

    async def all(self) -> list[System]:
        return await self.where(order_by=[systems_t.c.key])

    async def by_key(self, key: str) -> System:
        found = await self.find_key(key)
        if found is None:
            raise NotFound(self.not_found_code, N_("Unknown system: {key}."), key=key)
        return found

    async def find_key(self, key: str) -> System | None:
        found = await self.where(systems_t.c.key == key)
        return found[0] if found else None

    async def owned_by(self, body_id: str) -> list[System]:
        return await self.where(systems_t.c.owner_body == body_id, order_by=[systems_t.c.key])

    async def integrations(self) -> list[Integration]:
        stmt = select(Integration).order_by(integrations_t.c.id)
        return list((await self.session.scalars(stmt)).all())

    def add_integration(self, integration: Integration) -> None:
        self.session.add(integration)
