"""The annual cycle on the fake unit of work (mandate rule 10): a year's tasks put on record
once, by due date; marking done and postponing by the responsible body; refusals."""

from __future__ import annotations

from datetime import date

from governance.domain.annual_cycle import OccurrenceState
from governance.services import annual_cycle
from governance.services.commands import MarkTaskDone, PostponeTask
from governance.services.context import Context
from tests.fakes.uow import FakeDatabase
from tests.integration.helpers import BESTILLERE, CHAIR
from tests.unit.services.helpers import refused


async def test_a_year_is_materialised_once_and_listed_by_due_date(
    ctx: Context, db: FakeDatabase
) -> None:
    created = await annual_cycle.materialise_year(ctx, CHAIR, 2027)
    assert {t.year for t in created} == {2027}
    assert await annual_cycle.materialise_year(ctx, CHAIR, 2027) == []
    listed = await annual_cycle.of_year(ctx, 2027)
    assert [(t.due, t.task_id) for t in listed] == sorted((t.due, t.task_id) for t in created)
    assert [e.action for e in db.audit] == ["annual_cycle.materialised"]
    assert await annual_cycle.of_year(ctx, 2028) == []


async def test_a_committee_member_marks_a_task_done(ctx: Context) -> None:
    first = (await annual_cycle.materialise_year(ctx, CHAIR, 2027))[0]
    assert first.id is not None
    done = await annual_cycle.mark_done(ctx, MarkTaskDone(BESTILLERE["molde"], first.id))
    assert done.done_by == BESTILLERE["molde"]
    stored = await annual_cycle.get(ctx, first.id)
    assert stored.state(ctx.today()) is OccurrenceState.DONE
    assert set(await annual_cycle.many(ctx, [first.id])) == {first.id}


async def test_only_the_responsible_body_or_the_chair_updates_a_task(
    ctx: Context, db: FakeDatabase
) -> None:
    first = (await annual_cycle.materialise_year(ctx, CHAIR, 2027))[0]
    assert first.id is not None and first.responsible == ["bestillerutvalget"]
    await refused(
        ctx,
        db,
        "policy.not_responsible",
        annual_cycle.mark_done(ctx, MarkTaskDone("fg-helse-leder", first.id)),
    )
    await refused(ctx, db, "task.not_found", annual_cycle.mark_done(ctx, MarkTaskDone(CHAIR, 999)))


async def test_a_task_is_postponed_only_to_a_later_day(ctx: Context, db: FakeDatabase) -> None:
    first = (await annual_cycle.materialise_year(ctx, CHAIR, 2027))[0]
    assert first.id is not None
    later = date(first.due.year, first.due.month, first.due.day + 1)
    moved = await annual_cycle.postpone(ctx, PostponeTask(CHAIR, first.id, later))
    assert moved.effective_due == later
    await refused(
        ctx,
        db,
        "task.postpone_not_later",
        annual_cycle.postpone(ctx, PostponeTask(CHAIR, first.id, first.due)),
    )
    assert (await annual_cycle.get(ctx, first.id)).effective_due == later
