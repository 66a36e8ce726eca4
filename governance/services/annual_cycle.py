"""Use cases of the annual cycle (mandate rule 10): materialise a year's task occurrences from
the årshjul, list them with their state, mark them done, postpone them."""

from __future__ import annotations

from collections.abc import Iterable

from governance.domain.annual_cycle import TaskOccurrence, occurrences_for_year
from governance.domain.subjects import AuditSubject, CardSubject
from governance.services import policies
from governance.services.commands import MarkTaskDone, PostponeTask
from governance.services.context import Context, record, retry_on_conflict
from governance.services.outbox import cards_changed


@retry_on_conflict
async def materialise_year(ctx: Context, actor: str, year: int) -> list[TaskOccurrence]:
    """Create the year's occurrences of every årshjul task; safe to run twice."""
    async with ctx.unit() as uow:
        existing = {o.key for o in await uow.tasks.of_year(year)}
        created = [
            o for o in occurrences_for_year(ctx.mandate.annual_tasks, year) if o.key not in existing
        ]
        for occurrence in created:
            uow.tasks.add(occurrence)
        await uow.flush()
        if created:
            await record(
                ctx,
                uow,
                actor,
                "annual_cycle.materialised",
                AuditSubject.year(year),
                {"tasks": [o.key for o in created]},
            )
        await uow.commit()
    return created


async def this_year(ctx: Context) -> list[TaskOccurrence]:
    """This year's task occurrences, put on record first when the year has none yet (rule 10:
    the annual cycle is there before its first sweep)."""
    year = ctx.today().year
    return await of_year(ctx, year) or await materialise_year(ctx, "system", year)


async def of_year(ctx: Context, year: int) -> list[TaskOccurrence]:
    async with ctx.reading() as uow:
        return await uow.tasks.of_year(year)


@retry_on_conflict
async def mark_done(ctx: Context, cmd: MarkTaskDone) -> TaskOccurrence:
    actor, occurrence_id = cmd.actor, cmd.occurrence_id
    member = ctx.mandate.member(actor)
    async with ctx.unit() as uow:
        occurrence = await uow.tasks.get(occurrence_id)
        policies.require_may_mark_task(member, occurrence.responsible, ctx.mandate)
        occurrence.mark_done(by=actor, at=ctx.clock.now())
        await record(
            ctx, uow, actor, "task.done", AuditSubject.task(occurrence.task_id, occurrence.year), {}
        )
        await cards_changed(ctx, uow, CardSubject.task(occurrence_id))
        await uow.commit()
    return occurrence


@retry_on_conflict
async def postpone(ctx: Context, cmd: PostponeTask) -> TaskOccurrence:
    actor, occurrence_id, to = cmd.actor, cmd.occurrence_id, cmd.to
    member = ctx.mandate.member(actor)
    async with ctx.unit() as uow:
        occurrence = await uow.tasks.get(occurrence_id)
        policies.require_may_mark_task(member, occurrence.responsible, ctx.mandate)
        occurrence.postpone(to, by=actor, at=ctx.clock.now())
        await record(
            ctx,
            uow,
            actor,
            "task.postponed",
            AuditSubject.task(occurrence.task_id, occurrence.year),
            {"to": to.isoformat()},
        )
        await cards_changed(ctx, uow, CardSubject.task(occurrence_id))
        await uow.commit()
    return occurrence


async def many(ctx: Context, ids: Iterable[int]) -> dict[int, TaskOccurrence]:
    """These task occurrences by id, read at once (a sweep's batch of notices)."""
    async with ctx.reading() as uow:
        return await uow.tasks.many(ids)


async def get(ctx: Context, occurrence_id: int) -> TaskOccurrence:
    async with ctx.reading() as uow:
        return await uow.tasks.get(occurrence_id)
