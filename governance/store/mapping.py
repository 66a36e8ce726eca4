"""Maps every domain aggregate onto its table, once per process; ``metadata`` holds them all."""

from __future__ import annotations

from governance.store import audit as _audit  # noqa: F401  (its tables in metadata)
from governance.store import cooperation as _cooperation  # noqa: F401  (its table in metadata)
from governance.store import readiness as _readiness  # noqa: F401  (its table in metadata)
from governance.store.base import mapper_registry, metadata
from governance.store.conversations import map_conversations
from governance.store.decisions import map_decisions
from governance.store.elections import map_elections
from governance.store.groups import map_groups
from governance.store.meetings import map_meetings
from governance.store.outbox import map_outbox
from governance.store.plans import map_plans
from governance.store.projects import map_projects
from governance.store.proposals import map_proposals
from governance.store.rankings import map_rankings
from governance.store.reports import map_reports
from governance.store.systems import map_systems
from governance.store.tasks import map_tasks
from governance.store.votes import map_votes

__all__ = ["map_all", "metadata"]


def map_all() -> None:
    if mapper_registry.mappers:
        return
    map_proposals(mapper_registry)
    map_votes(mapper_registry)
    map_meetings(mapper_registry)
    map_groups(mapper_registry)
    map_systems(mapper_registry)
    map_rankings(mapper_registry)
    map_plans(mapper_registry)
    map_tasks(mapper_registry)
    map_conversations(mapper_registry)
    map_outbox(mapper_registry)
    map_reports(mapper_registry)
    map_elections(mapper_registry)
    map_decisions(mapper_registry)
    map_projects(mapper_registry)
