"""The outbox on both engines: what changes put into it (in their own transaction), and how
workers claim and settle publications without ever sharing one."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from governance.domain.outbox import MAX_ATTEMPTS, PUBLISHING_KINDS, DeliveryState, PublicationKind
from governance.domain.tally import Choice
from governance.services import meetings, outbox, proposals, votes
from governance.services.commands import (
    ApproveMinutes,
    CastBallot,
    CloseMeeting,
    CloseVote,
    CreateDraft,
    ProposalInput,
    RequestStatusReport,
    UpdateDraft,
)
from governance.services.context import Context, FixedClock
from tests.integration.helpers import BESTILLERE, CHAIR, open_vote_on_agenda, refused


async def keys(ctx: Context) -> list[str]:
    return [p.key for p in await outbox.listing(ctx)]


async def closed_vote(ctx: Context, *choices: Choice) -> int:
    vote_id = await open_vote_on_agenda(ctx)
    for member, choice in zip(BESTILLERE.values(), choices, strict=True):
        await votes.cast_ballot(ctx, CastBallot(member, vote_id, choice))
    await votes.close_vote(ctx, CloseVote(CHAIR, vote_id))
    return vote_id


async def test_a_closed_vote_publishes_its_decision_and_the_portfolio_row(ctx: Context) -> None:
    vote_id = await closed_vote(ctx, *[Choice.FOR] * 4)
    found = await keys(ctx)
    assert f"decision:vote:{vote_id}" in found
    assert f"decision:vote:{vote_id}:board" not in found
    assert found.count("portfolio:proposal:1") == 1  # many changes, one pending row update


async def test_an_escalation_is_published_to_the_board_too(ctx: Context) -> None:
    vote_id = await closed_vote(ctx, Choice.FOR, Choice.MOT, Choice.FOR, Choice.FOR)
    items = {p.key: p for p in await outbox.listing(ctx)}
    board = items[f"decision:vote:{vote_id}:board"]
    assert board.body_id == ctx.mandate.board and board.kind is PublicationKind.DECISION
    assert board.payload["board_meeting_id"] is not None


async def test_approved_minutes_are_published(ctx: Context) -> None:
    await closed_vote(ctx, *[Choice.FOR] * 4)
    meeting = (await meetings.upcoming(ctx, ctx.mandate.committee, ctx.today()))[0]
    assert meeting.id is not None
    await meetings.close_meeting(ctx, CloseMeeting(CHAIR, meeting.id))
    await meetings.approve_minutes(ctx, ApproveMinutes(CHAIR, meeting.id))
    assert f"minutes:meeting:{meeting.id}" in await keys(ctx)


async def test_a_refused_change_publishes_nothing(ctx: Context, engine: AsyncEngine) -> None:
    vote_id = await open_vote_on_agenda(ctx)
    await refused(
        ctx,
        engine,
        "policy.chair_only",
        votes.close_vote(ctx, CloseVote(BESTILLERE["molde"], vote_id)),
    )


async def test_two_workers_never_claim_the_same_publication(ctx: Context) -> None:
    await closed_vote(ctx, *[Choice.FOR] * 4)
    await outbox.status_report(ctx, CHAIR)
    total = len(await outbox.listing(ctx, kinds=PUBLISHING_KINDS))  # what publishers claim
    first, second = await asyncio.gather(
        outbox.claim(ctx, "w1", limit=50), outbox.claim(ctx, "w2", limit=50)
    )
    ids_1, ids_2 = {p.id for p in first}, {p.id for p in second}
    assert not ids_1 & ids_2 and len(ids_1 | ids_2) == total
    assert await outbox.claim(ctx, "w3") == []  # all leased


async def test_settling_delivers_backs_off_parks_and_retries(
    ctx: Context, clock: FixedClock
) -> None:
    await outbox.status_report(ctx, CHAIR)
    [item] = await outbox.claim(ctx, "w1")
    assert item.id is not None
    assert await outbox.settle(ctx, "someone-else", item.id, result={}) is None
    failed = await outbox.settle(ctx, "w1", item.id, error="503 from Graph")
    assert failed is not None and failed.state is DeliveryState.PENDING
    assert failed.next_attempt_at > clock.now()
    assert await outbox.claim(ctx, "w1") == []  # backing off
    for _ in range(MAX_ATTEMPTS):
        clock.advance_to(clock.now() + timedelta(hours=1))
        claimed = await outbox.claim(ctx, "w1")
        if not claimed:
            break
        await outbox.settle(ctx, "w1", item.id, error="503 from Graph")
    [parked] = await outbox.listing(ctx, DeliveryState.FAILED)
    assert parked.attempts == MAX_ATTEMPTS and parked.last_error == "503 from Graph"
    again = await outbox.retry(ctx, item.id)
    assert again.state is DeliveryState.PENDING and again.attempts == 0
    [claimed_again] = await outbox.claim(ctx, "w2")
    done = await outbox.settle(ctx, "w2", item.id, result={"url": "https://example/x.docx"})
    assert done is not None and done.state is DeliveryState.DELIVERED
    assert claimed_again.id == item.id


async def test_a_permanent_failure_is_parked_at_once(ctx: Context) -> None:
    await outbox.status_report(ctx, CHAIR)
    [item] = await outbox.claim(ctx, "w1")
    assert item.id is not None
    parked = await outbox.settle(ctx, "w1", item.id, error="403 Forbidden", permanent=True)
    assert parked is not None and parked.state is DeliveryState.FAILED


async def test_only_the_chair_asks_for_a_status_report(ctx: Context, engine: AsyncEngine) -> None:
    await refused(
        ctx,
        engine,
        "policy.chair_only",
        outbox.request_status_report(ctx, RequestStatusReport(BESTILLERE["rauma"])),
    )
    first = await outbox.request_status_report(ctx, RequestStatusReport(CHAIR))
    second = await outbox.request_status_report(ctx, RequestStatusReport(CHAIR))
    assert first.id == second.id  # one a day: asking again refreshes the pending one


async def test_a_proposal_change_queues_one_portfolio_update(ctx: Context) -> None:
    draft = await proposals.create_draft(
        ctx, CreateDraft(BESTILLERE["molde"], ProposalInput(title="Ny portal"))
    )
    assert draft.id is not None
    await proposals.update_draft(
        ctx,
        UpdateDraft(BESTILLERE["molde"], draft.id, ProposalInput(title="Ny portal 2")),
    )
    assert await keys(ctx) == [f"portfolio:proposal:{draft.id}"]
