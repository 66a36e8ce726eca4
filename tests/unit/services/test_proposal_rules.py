"""Rules the bot used to apply itself, now in the core: who may change a proposal, the proposals
a ranking round takes (opened by the chair only, one at a time), and the year of tasks "årshjul"
shows."""

from __future__ import annotations

from governance.domain.proposals import ProposalState
from governance.services import annual_cycle, proposals, queries, ranking
from governance.services.commands import CreateDraft, OpenRound
from governance.services.context import Context
from tests.fakes.uow import FakeDatabase
from tests.integration.helpers import BESTILLERE, CHAIR, full_input, ready_proposal
from tests.unit.services.helpers import refused


async def test_only_the_submitter_may_change_a_proposal_and_only_as_a_draft(
    ctx: Context, db: FakeDatabase
) -> None:
    draft = await proposals.create_draft(ctx, CreateDraft(BESTILLERE["molde"], full_input()))
    assert draft.id is not None
    form = await queries.proposal_form(ctx, ctx.mandate.member(BESTILLERE["molde"]), draft.id)
    assert form.proposal is not None and form.proposal.id == draft.id
    await refused(
        ctx,
        db,
        "proposal.not_submitter",
        queries.proposal_form(ctx, ctx.mandate.member(BESTILLERE["aukra"]), draft.id),
    )
    ready = await ready_proposal(ctx, "Felles saksbehandling")
    assert ready.id is not None and ready.state is ProposalState.READY
    await refused(
        ctx,
        db,
        "proposal.not_editable",
        queries.proposal_form(ctx, ctx.mandate.member(ready.submitter), ready.id),
    )


async def test_a_round_takes_the_rankable_proposals_and_opens_only_when_the_chair_opens_it(
    ctx: Context, db: FakeDatabase
) -> None:
    ready = [await ready_proposal(ctx, title) for title in ("Innbyggerportal", "Saksbehandling")]
    await proposals.create_draft(
        ctx, CreateDraft(BESTILLERE["molde"], full_input("Utkast"))
    )  # not rankable
    assert [p.id for p in await ranking.rankable(ctx)] == [p.id for p in ready]
    assert await ranking.current_round(ctx) is None
    ids = [p.id for p in ready if p.id is not None]
    opened = await ranking.open_round(ctx, OpenRound(CHAIR, "Prioriteringer", ids))
    current = await ranking.current_round(ctx)
    assert current is not None and current.id == opened.id  # the open round, for everyone
    await refused(
        ctx,
        db,
        "ranking.already_open",
        ranking.open_round(ctx, OpenRound(CHAIR, "Andre", ids)),
    )


async def test_this_years_tasks_are_put_on_record_once(ctx: Context) -> None:
    first = await annual_cycle.this_year(ctx)
    assert first and {t.year for t in first} == {ctx.today().year}
    assert [t.id for t in await annual_cycle.this_year(ctx)] == [t.id for t in first]
