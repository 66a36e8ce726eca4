"""Proposal → quality assurance → agenda → weighted vote → outcome, through the real use cases
on the fake unit of work; escalation to the board; refusals that leave the database unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest

from governance.domain.errors import DomainError
from governance.domain.meetings import ItemKind, MeetingKind
from governance.domain.proposals import ProposalState
from governance.domain.tally import Choice, Outcome
from governance.services import meetings, proposals, votes
from governance.services.commands import BuildAgenda, CastBallot, CloseVote, OpenVote
from governance.services.context import Context
from tests.integration.helpers import BESTILLERE, CHAIR, ready_proposal
from tests.unit.services.helpers import audit_count


async def _on_agenda_and_voting(ctx: Context) -> tuple[int, int]:
    proposal = await ready_proposal(ctx)
    assert proposal.id is not None
    created = await meetings.plan_year(ctx, CHAIR, 2027)
    committee = next(m for m in created if m.kind is MeetingKind.COMMITTEE)
    assert committee.id is not None
    meeting = await meetings.build_agenda(ctx, BuildAgenda(CHAIR, committee.id))
    assert meeting.proposal_ids() == [proposal.id]
    vote = await votes.open_vote(ctx, OpenVote(CHAIR, proposal.id))
    assert vote.id is not None
    return proposal.id, vote.id


async def test_four_ballots_one_changed_end_recommended(ctx: Context) -> None:
    _, vote_id = await _on_agenda_and_voting(ctx)
    await votes.cast_ballot(ctx, CastBallot(BESTILLERE["molde"], vote_id, Choice.MOT))
    for member in BESTILLERE.values():
        await votes.cast_ballot(ctx, CastBallot(member, vote_id, Choice.FOR))
    result = await votes.close_vote(ctx, CloseVote(CHAIR, vote_id))
    assert result.tally.outcome is Outcome.RECOMMENDED
    assert (result.tally.for_weight, result.tally.for_count) == (Decimal(4), 4)
    assert result.proposal.state is ProposalState.RECOMMENDED
    async with ctx.reading() as uow:
        changes = [
            e
            for e in await uow.audit.entries(subject=f"vote:{vote_id}")
            if e.action == "ballot.cast"
        ]
    assert len(changes) == 5
    molde = [
        (e.actor, e.data["choice"], e.data["previous"])
        for e in changes
        if e.data["municipality"] == "molde"
    ]
    assert molde == [("best-molde", "mot", None), ("best-molde", "for", "mot")]


async def test_a_deputy_casts_for_the_municipality_and_replaces_its_ballot(ctx: Context) -> None:
    _, vote_id = await _on_agenda_and_voting(ctx)
    await votes.cast_ballot(ctx, CastBallot(BESTILLERE["molde"], vote_id, Choice.FOR))
    vote = await votes.cast_ballot(ctx, CastBallot("vara-molde", vote_id, Choice.AVSTAR))
    assert [(b.municipality, b.choice, b.cast_by) for b in vote.ballots] == [
        ("molde", Choice.AVSTAR, "vara-molde")
    ]


async def test_one_mot_escalates_to_the_board_agenda(ctx: Context) -> None:
    proposal_id, vote_id = await _on_agenda_and_voting(ctx)
    for municipality, member in BESTILLERE.items():
        choice = Choice.MOT if municipality == "vestnes" else Choice.FOR
        await votes.cast_ballot(ctx, CastBallot(member, vote_id, choice))
    result = await votes.close_vote(ctx, CloseVote(CHAIR, vote_id))
    assert result.tally.outcome is Outcome.ESCALATED
    assert result.proposal.state is ProposalState.ESCALATED
    assert result.board_meeting is not None
    board = await meetings.get(ctx, result.board_meeting.id or 0)
    assert board.body_id == ctx.mandate.board
    assert [(i.kind, i.proposal_id) for i in board.agenda] == [(ItemKind.ESCALATED, proposal_id)]


async def test_vote_closed_without_quorum_leaves_the_proposal_ready(ctx: Context) -> None:
    proposal_id, vote_id = await _on_agenda_and_voting(ctx)
    await votes.cast_ballot(ctx, CastBallot(BESTILLERE["aukra"], vote_id, Choice.FOR))
    result = await votes.close_vote(ctx, CloseVote(CHAIR, vote_id))
    assert result.tally.outcome is Outcome.NO_QUORUM
    assert (await proposals.get(ctx, proposal_id)).state is ProposalState.READY


async def test_weights_are_copied_when_the_vote_opens(ctx: Context) -> None:
    _, vote_id = await _on_agenda_and_voting(ctx)
    vote = await votes.get(ctx, vote_id)
    assert vote.weights == {m.id: str(m.weight) for m in ctx.mandate.municipalities}
    assert vote.rule["kind"] == "consensus"


@pytest.mark.parametrize(
    ("actor", "code"),
    [
        ("best-ror", "vote.no_municipality"),  # ROR-IKT's own bestiller: no municipality
        ("dl-ror", "vote.no_municipality"),  # the chair leads but has no municipality
        ("fg-helse-leder", "policy.not_member_of_body"),  # not appointed to the committee
        ("styreleder-ror", "policy.not_member_of_body"),
        ("nobody", "member.not_found"),
    ],
)
async def test_refused_ballots_change_nothing(ctx: Context, actor: str, code: str) -> None:
    _, vote_id = await _on_agenda_and_voting(ctx)
    before = await audit_count(ctx)
    with pytest.raises(DomainError) as refused:
        await votes.cast_ballot(ctx, CastBallot(actor, vote_id, Choice.FOR))
    assert refused.value.code == code
    assert (await votes.get(ctx, vote_id)).ballots == []
    assert await audit_count(ctx) == before


async def test_closed_vote_refuses_ballots_and_keeps_its_result(ctx: Context) -> None:
    _, vote_id = await _on_agenda_and_voting(ctx)
    for member in BESTILLERE.values():
        await votes.cast_ballot(ctx, CastBallot(member, vote_id, Choice.FOR))
    await votes.close_vote(ctx, CloseVote(CHAIR, vote_id))
    before = await audit_count(ctx)
    with pytest.raises(DomainError) as refused:
        await votes.cast_ballot(ctx, CastBallot(BESTILLERE["molde"], vote_id, Choice.MOT))
    assert refused.value.code == "vote.closed"
    vote = await votes.get(ctx, vote_id)
    assert {b.choice for b in vote.ballots} == {Choice.FOR}
    assert await audit_count(ctx) == before


async def test_only_the_chair_opens_and_closes_votes(ctx: Context) -> None:
    proposal = await ready_proposal(ctx)
    assert proposal.id is not None
    with pytest.raises(DomainError) as refused:
        await votes.open_vote(ctx, OpenVote(BESTILLERE["molde"], proposal.id))
    assert refused.value.code == "policy.chair_only"
    assert (await proposals.get(ctx, proposal.id)).state is ProposalState.READY
