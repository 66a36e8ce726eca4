"""One use case, one transaction: a failure leaves no partial rows, on both engines."""

from __future__ import annotations

import pytest

from governance.domain.errors import DomainError
from governance.domain.proposals import Action, Proposal, ProposalState
from governance.services import proposals
from governance.services.commands import CreateDraft, TakeStep
from governance.services.context import Context
from tests.integration.helpers import CHAIR, full_input


class Boom(Exception):
    pass


async def _counts(ctx: Context) -> tuple[int, int, tuple[int, str] | None]:
    async with ctx.reading() as uow:
        return len(await uow.proposals.all()), await uow.audit.count(), await uow.audit.head()


async def test_an_exception_after_flush_and_audit_leaves_nothing(ctx: Context) -> None:
    before = await _counts(ctx)
    with pytest.raises(Boom):
        async with ctx.unit() as uow:
            uow.proposals.add(Proposal(title="half", submitter=CHAIR, created_at=ctx.clock.now()))
            await uow.flush()
            await uow.audit.append(
                actor=CHAIR, action="test", subject="x", data={}, at=ctx.clock.now()
            )
            raise Boom
    assert await _counts(ctx) == before


async def test_a_refused_step_changes_neither_state_nor_history_nor_audit(ctx: Context) -> None:
    draft = await proposals.create_draft(ctx, CreateDraft("best-molde", full_input()))
    assert draft.id is not None
    before = await _counts(ctx)
    with pytest.raises(DomainError) as refused:
        await proposals.take_step(ctx, TakeStep("best-molde", draft.id, Action.MARK_READY))
    assert refused.value.code == "proposal.transition_not_allowed"
    stored = await proposals.get(ctx, draft.id)
    assert (stored.state, len(stored.history)) == (ProposalState.DRAFT, 0)
    assert await _counts(ctx) == before


async def test_tampered_input_is_refused_before_anything_is_written(ctx: Context) -> None:
    data = full_input()
    data.municipalities = ["molde", "oslo"]
    before = await _counts(ctx)
    with pytest.raises(DomainError) as refused:
        await proposals.create_draft(ctx, CreateDraft("best-molde", data))
    assert refused.value.code == "proposal.unknown_reference"
    data = full_input()
    data.cost_one_off = "mange penger"
    with pytest.raises(DomainError) as refused:
        await proposals.create_draft(ctx, CreateDraft("best-molde", data))
    assert refused.value.code == "proposal.invalid_amount"
    assert await _counts(ctx) == before


async def test_the_submitter_is_taken_from_the_identity(ctx: Context) -> None:
    proposal = await proposals.create_draft(ctx, CreateDraft("best-rauma", full_input()))
    assert (proposal.submitter, proposal.submitter_municipality) == ("best-rauma", "rauma")
