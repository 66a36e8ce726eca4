"""Maps every domain aggregate onto its table, once per process."""

from __future__ import annotations

from governance.store import readiness as _readiness  # noqa: F401  (its table in metadata)
from governance.store.schema_base import mapper_registry, metadata
from governance.store.tables import map_core
from governance.store.tables_conversations import map_conversations
from governance.store.tables_elections import map_elections
from governance.store.tables_groups import map_groups
from governance.store.tables_outbox import map_outbox, map_reports
from governance.store.tables_plans import map_plans

__all__ = ["map_all", "metadata"]


def map_all() -> None:
    if mapper_registry.mappers:
        return
    map_core(mapper_registry)
    map_groups(mapper_registry)
    map_plans(mapper_registry)
    map_conversations(mapper_registry)
    map_outbox(mapper_registry)
    map_reports(mapper_registry)
    map_elections(mapper_registry)
