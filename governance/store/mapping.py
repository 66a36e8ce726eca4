"""Maps every domain aggregate onto its table, once per process."""

from __future__ import annotations

from governance.store import tables, tables_groups, tables_plans
from governance.store.schema_base import mapper_registry, metadata

__all__ = ["map_all", "metadata"]


def map_all() -> None:
    if mapper_registry.mappers:
        return
    tables.map_core(mapper_registry)
    tables_groups.map_groups(mapper_registry)
    tables_plans.map_plans(mapper_registry)
