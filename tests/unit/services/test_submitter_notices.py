"""The submitter is told at every step of their proposal (issue 12): each step puts exactly one
notice for them in the outbox, in the step's own transaction; a step they take themself
(withdrawing) puts none, their own submission a receipt."""

from __future__ import annotations

from typing import Any

import pytest

from governance.domain.decisions import Verdict
from governance.domain.errors import DomainError
from governance.domain.meetings import MeetingKind
from governance.domain.outbox import Delivery, DeliveryState
from governance.domain.proposals import Action, ProposalState
from governance.domain.reminders import NoticeKind
from governance.domain.tally import Choice
from governance.services import decisions, meetings, proposals, reminders, votes
from governance.services.commands import (
    AddToNextAgenda,
    BuildAgenda,
    CastBallot,
    CloseVote,
    CreateDraft,
    Decide,
    OpenVote,
    SubmitProposal,
    TakeStep,
)
from governance.services.context import Context
from tests.integration.helpers import (
    BESTILLERE,
    CHAIR,
    deliver_project,
    full_input,
    ready_proposal,
    start_project,
    submittable_input,
)

SUBMITTER = BESTILLERE["molde"]


async def told(ctx: Context) -> list[Delivery]:
    return [
        n
        for n in await reminders.listing(ctx, DeliveryState.PENDING)
        if n.kind is NoticeKind.PROPOSAL_STEP
    ]


async def one_more(ctx: Context, before: int) -> dict[str, Any]:
    """The step just taken added exactly one notice, to the submitter: its payload."""
    notices = await told(ctx)
    assert len(notices) == before + 1
    latest = notices[-1]
    assert latest.recipient == f"member:{SUBMITTER}"
    assert latest.expires_on is not None and latest.expires_on > ctx.today()
    return latest.payload


async def test_every_step_to_the_decision_tells_the_submitter_once(ctx: Context) -> None:
    proposal = await ready_proposal(ctx)  # submit (receipt), start review, mark ready
    assert proposal.id is not None
    notices = await told(ctx)
    assert [n.payload["action"] for n in notices] == ["submit", "start_review", "mark_ready"]
    assert notices[0].payload["by"] == SUBMITTER  # the receipt of their own submission
    assert len({n.once_key for n in notices}) == 3
    assert notices[0].once_key == f"proposal_step:{proposal.id}:0"

    committee = next(
        m for m in await meetings.plan_year(ctx, CHAIR, 2027) if m.kind is MeetingKind.COMMITTEE
    )
    assert committee.id is not None
    await meetings.build_agenda(ctx, BuildAgenda(CHAIR, committee.id))
    on_agenda = await one_more(ctx, 3)
    assert (on_agenda["action"], on_agenda["to"]) == ("put_on_agenda", "on_agenda")
    assert on_agenda["note"] == {"meeting_on": committee.on.isoformat()}

    vote = await votes.open_vote(ctx, OpenVote(CHAIR, proposal.id))
    assert (await one_more(ctx, 4))["action"] == "open_vote"
    assert vote.id is not None
    for member in BESTILLERE.values():
        await votes.cast_ballot(ctx, CastBallot(member, vote.id, Choice.FOR))
    assert len(await told(ctx)) == 5  # ballots are no step of the proposal
    await votes.close_vote(ctx, CloseVote(CHAIR, vote.id))
    outcome = await one_more(ctx, 5)
    assert (outcome["action"], outcome["to"], outcome["by"]) == ("recommend", "recommended", CHAIR)
    assert outcome["note"]["for_weight"] == "4"

    await decisions.decide(
        ctx, Decide(CHAIR, proposal.id, Verdict.APPROVED, "Følger innstillingen.")
    )
    decided = await one_more(ctx, 6)
    assert (decided["action"], decided["note"]["decider"]) == ("board_approve", CHAIR)
    assert decided["comment"] == "Følger innstillingen."
    await start_project(ctx, proposal.id)
    assert (await one_more(ctx, 7))["action"] == "start_project"
    await deliver_project(ctx, proposal.id)
    delivered = await one_more(ctx, 8)
    assert (delivered["action"], delivered["to"]) == ("deliver", ProposalState.DELIVERED.value)


async def test_a_returned_proposal_tells_the_comment(ctx: Context) -> None:
    draft = await proposals.create_draft(ctx, CreateDraft(SUBMITTER, submittable_input(ctx)))
    assert draft.id is not None
    await proposals.submit(ctx, SubmitProposal(SUBMITTER, draft.id))
    await proposals.take_step(
        ctx, TakeStep(CHAIR, draft.id, Action.RETURN, "Beskriv gevinsten for Aukra.")
    )
    returned = await one_more(ctx, 1)
    assert returned["action"] == "return"
    assert (returned["from"], returned["to"]) == ("submitted", "returned")
    assert returned["comment"] == "Beskriv gevinsten for Aukra."


async def test_withdrawing_their_own_proposal_tells_them_nothing(ctx: Context) -> None:
    draft = await proposals.create_draft(ctx, CreateDraft(SUBMITTER, submittable_input(ctx)))
    assert draft.id is not None
    await proposals.submit(ctx, SubmitProposal(SUBMITTER, draft.id))
    await proposals.take_step(ctx, TakeStep(SUBMITTER, draft.id, Action.WITHDRAW))
    assert [n.payload["action"] for n in await told(ctx)] == ["submit"]


async def test_added_to_the_next_agenda_tells_them_the_meeting(ctx: Context) -> None:
    proposal = await ready_proposal(ctx)
    assert proposal.id is not None
    meeting = await meetings.add_to_next_agenda(ctx, AddToNextAgenda(CHAIR, proposal.id))
    on_agenda = await one_more(ctx, 3)
    assert on_agenda["action"] == "put_on_agenda"
    assert on_agenda["note"] == {"meeting_on": meeting.on.isoformat()}


async def test_an_escalation_tells_them_the_board_meeting(ctx: Context) -> None:
    proposal = await ready_proposal(ctx)
    assert proposal.id is not None
    await meetings.add_to_next_agenda(ctx, AddToNextAgenda(CHAIR, proposal.id))
    vote = await votes.open_vote(ctx, OpenVote(CHAIR, proposal.id))
    assert vote.id is not None
    for municipality, member in BESTILLERE.items():  # one "mot" escalates (consensus rule)
        choice = Choice.MOT if municipality == "vestnes" else Choice.FOR
        await votes.cast_ballot(ctx, CastBallot(member, vote.id, choice))
    result = await votes.close_vote(ctx, CloseVote(CHAIR, vote.id))
    assert result.board_meeting is not None
    outcome = await one_more(ctx, 5)
    assert (outcome["action"], outcome["to"]) == ("escalate", "escalated")
    assert outcome["note"]["board_meeting_on"] == result.board_meeting.on.isoformat()
    assert outcome["note"]["against_weight"] == "1"


async def test_a_refused_step_tells_nobody(ctx: Context) -> None:
    draft = await proposals.create_draft(ctx, CreateDraft(SUBMITTER, full_input()))
    assert draft.id is not None
    with pytest.raises(DomainError):
        await proposals.take_step(ctx, TakeStep(CHAIR, draft.id, Action.MARK_READY))
    assert await told(ctx) == []
