"""Proposals on the fake unit of work (mandate rule 1): a draft owned by its submitter, the
submitter's municipality from the identity, submitting, and refusals that store nothing."""

from __future__ import annotations

import dataclasses

from governance.domain.proposals import Action, ProposalState
from governance.services import proposals
from governance.services.commands import CreateDraft, SubmitProposal, TakeStep, UpdateDraft
from governance.services.context import Context
from tests.fakes.uow import FakeDatabase
from tests.integration.helpers import (
    BESTILLERE,
    CHAIR,
    full_input,
    ready_proposal,
    submittable_input,
)
from tests.unit.services.helpers import refused


async def test_a_draft_is_stored_with_the_submitters_municipality_and_audited(
    ctx: Context, db: FakeDatabase
) -> None:
    draft = await proposals.create_draft(ctx, CreateDraft(BESTILLERE["rauma"], full_input()))
    assert draft.id == 1 and draft.state is ProposalState.DRAFT
    assert (draft.submitter, draft.submitter_municipality) == ("best-rauma", "rauma")
    [stored] = db.rows("proposals")
    assert (stored.id, stored.title, stored.state) == (1, "Felles innbyggerportal", "draft")
    assert [(e.actor, e.action, e.subject, e.data) for e in db.audit] == [
        ("best-rauma", "proposal.drafted", "proposal:1", {"title": "Felles innbyggerportal"})
    ]


async def test_submitting_a_draft_moves_it_to_submitted_with_its_history(ctx: Context) -> None:
    data = submittable_input(ctx)
    draft = await proposals.create_draft(ctx, CreateDraft(BESTILLERE["molde"], data))
    assert draft.id is not None
    submitted = await proposals.submit(ctx, SubmitProposal(BESTILLERE["molde"], draft.id))
    assert submitted.state is ProposalState.SUBMITTED
    stored = await proposals.get(ctx, draft.id)
    assert stored.state is ProposalState.SUBMITTED
    assert [(e.from_state, e.to_state, e.by) for e in stored.history] == [
        ("draft", "submitted", "best-molde")
    ]
    assert all(e.id is not None for e in stored.history)  # children get ids like rows do


async def test_another_bestiller_cannot_submit_someone_elses_draft(
    ctx: Context, db: FakeDatabase
) -> None:
    draft = await proposals.create_draft(ctx, CreateDraft(BESTILLERE["molde"], full_input()))
    assert draft.id is not None
    await refused(
        ctx,
        db,
        "proposal.actor_not_allowed",
        proposals.submit(ctx, SubmitProposal(BESTILLERE["aukra"], draft.id)),
    )
    assert (await proposals.get(ctx, draft.id)).state is ProposalState.DRAFT


async def test_the_submitter_edits_the_draft_and_nobody_else_does(
    ctx: Context, db: FakeDatabase
) -> None:
    draft = await proposals.create_draft(ctx, CreateDraft(BESTILLERE["molde"], full_input()))
    assert draft.id is not None
    changed = dataclasses.replace(full_input(), title="Felles innbyggerportal 2.0")
    await proposals.update_draft(ctx, UpdateDraft(BESTILLERE["molde"], draft.id, changed))
    assert (await proposals.get(ctx, draft.id)).title == "Felles innbyggerportal 2.0"
    other = dataclasses.replace(full_input(), title="Kapret")
    await refused(
        ctx,
        db,
        "proposal.not_submitter",
        proposals.update_draft(ctx, UpdateDraft(BESTILLERE["aukra"], draft.id, other)),
    )
    assert (await proposals.get(ctx, draft.id)).title == "Felles innbyggerportal 2.0"


async def test_a_draft_without_a_title_or_by_a_stranger_stores_nothing(
    ctx: Context, db: FakeDatabase
) -> None:
    blank = dataclasses.replace(full_input(), title="  ")
    await refused(
        ctx,
        db,
        "proposal.title_required",
        proposals.create_draft(ctx, CreateDraft(BESTILLERE["molde"], blank)),
    )
    await refused(
        ctx,
        db,
        "member.not_found",
        proposals.create_draft(ctx, CreateDraft("stranger", full_input())),
    )
    assert db.rows("proposals") == [] and db.audit == []


async def test_an_unknown_proposal_is_not_found(ctx: Context, db: FakeDatabase) -> None:
    error = await refused(ctx, db, "proposal.not_found", proposals.get(ctx, 7))
    assert str(error) == "proposal.not_found: There is no proposal #7."


async def test_listings_by_state_and_by_submitter_come_by_number(ctx: Context) -> None:
    ready = await ready_proposal(ctx, "Klar sak")
    first = await proposals.create_draft(
        ctx, CreateDraft(BESTILLERE["molde"], full_input("Utkast A"))
    )
    second = await proposals.create_draft(
        ctx, CreateDraft(BESTILLERE["aukra"], full_input("Utkast B"))
    )
    assert [p.title for p in await proposals.listing(ctx)] == ["Klar sak", "Utkast A", "Utkast B"]
    drafts = await proposals.listing(ctx, ProposalState.DRAFT)
    assert [p.id for p in drafts] == [first.id, second.id]
    assert [p.id for p in await proposals.listing(ctx, ProposalState.READY)] == [ready.id]
    assert [p.title for p in await proposals.mine(ctx, BESTILLERE["molde"])] == [
        "Klar sak",
        "Utkast A",
    ]
    assert set(await proposals.many(ctx, [second.id or 0, ready.id or 0])) == {second.id, ready.id}


async def test_every_change_queues_one_portfolio_row_update(ctx: Context, db: FakeDatabase) -> None:
    proposal = await ready_proposal(ctx)
    pending = [d.key for d in db.rows("outbox")]
    assert pending.count(f"portfolio:proposal:{proposal.id}") == 1
    await proposals.take_step(ctx, TakeStep(CHAIR, proposal.id or 0, Action.RETURN, "Mer info"))
    assert [d.key for d in db.rows("outbox")].count(f"portfolio:proposal:{proposal.id}") == 1
