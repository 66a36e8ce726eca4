"""The annual cycle's task occurrences (one per task and year): table, mapping, repository."""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import registry

from governance.domain.annual_cycle import TaskOccurrence
from governance.i18n import N_
from governance.store.base import SqlRepository, UtcDateTime, json_list, metadata, pk

task_occurrences_t = Table(
    "task_occurrences",
    metadata,
    pk(),
    Column("task_id", String(100), nullable=False),
    Column("year", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("responsible", json_list(), nullable=False),
    Column("quarter", Integer, nullable=False),
    Column("due", Date, nullable=False),
    Column("postponed_to", Date),
    Column("postponed_by", String(100)),
    Column("done_at", UtcDateTime),
    Column("done_by", String(100)),
    UniqueConstraint("task_id", "year", name="uq_task_occurrences_task_year"),
)


def map_tasks(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(TaskOccurrence, task_occurrences_t)


class TaskRepository(SqlRepository[TaskOccurrence]):
    model = TaskOccurrence
    not_found_code = "task.not_found"
    not_found_message = N_("There is no annual-cycle task #{id}.")

    async def of_year(self, year: int) -> list[TaskOccurrence]:
        return await self.where(
            task_occurrences_t.c.year == year,
            order_by=[task_occurrences_t.c.due, task_occurrences_t.c.task_id],
        )
