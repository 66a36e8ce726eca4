"""The example history covers what the issue promises, through the real use cases."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from demo.history import DEMO_ACTION, load_demo
from exports.overview import render
from governance.domain.annual_cycle import OccurrenceState
from governance.domain.proposals import ProposalState
from governance.domain.tally import Outcome
from governance.services import annual_cycle, audit, proposals, ranking
from governance.services.context import Context
from governance.store.uow import SqlUnitOfWork


async def test_demo_history_has_every_state_and_kind_of_event(
    ctx: Context, engine: AsyncEngine
) -> None:
    await load_demo(ctx)
    states = {p.state for p in await proposals.listing(ctx)}
    assert states == set(ProposalState)
    assert all(p.title.startswith("Eksempel: ") for p in await proposals.listing(ctx))
    async with SqlUnitOfWork(engine, write=False) as uow:  # ``where``: the SQL repository's
        outcomes = [v.outcome for v in await uow.votes.all()]
        closed_meetings = [m for m in await uow.meetings.where() if not m.is_open]
    assert Outcome.RECOMMENDED in outcomes and Outcome.ESCALATED in outcomes
    assert None in outcomes  # a vote still open
    assert any(m.minutes and m.minutes_approved_at for m in closed_meetings)
    rounds = await ranking.rounds(ctx)
    assert rounds and rounds[0].computed_order
    today = ctx.today()
    task_states = {
        t.state(today)
        for year in (today.year - 1, today.year)
        for t in await annual_cycle.of_year(ctx, year)
    }
    assert {OccurrenceState.DONE, OccurrenceState.OVERDUE, OccurrenceState.OPEN} <= task_states
    count, problems = await audit.verify(ctx.reading)
    assert problems == [] and count > 100


async def test_demo_loads_once(ctx: Context) -> None:
    await load_demo(ctx)
    async with ctx.reading() as uow:
        before = await uow.audit.count()
    assert "already" in await load_demo(ctx)
    async with ctx.reading() as uow:
        assert await uow.audit.count() == before
        assert [e.action for e in await uow.audit.entries(subject="demo")] == [DEMO_ACTION]


async def test_overview_after_the_demo_speaks_bokmal_by_default(ctx: Context) -> None:
    await load_demo(ctx)
    text = await render(ctx, ctx.mandate.locale)
    assert ctx.mandate.name in text
    assert "Kommende møter:" in text and "Årshjul 2027:" in text
    assert "Coming meetings:" in await render(ctx, "en")
    assert "Komande møte:" in await render(ctx, "nn")
