"""The fake unit of work answers as the SQL one does: one story of use cases, told once on the
database and once on ``tests.fakes``, must leave the same ids, orders, states and audit hashes.
What the service tests in ``tests/unit/services`` learn on the fake then holds for SQL too."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import Any

from bot.addresses import same_origin
from governance.domain.conversations import Conversation, ConversationKind
from governance.domain.tally import Choice
from governance.services import (
    annual_cycle,
    conversations,
    document_queries,
    meetings,
    outbox,
    proposals,
    votes,
)
from governance.services.commands import (
    CastBallot,
    ChooseLanguage,
    CloseVote,
    CreateDraft,
    LinkChannel,
    MarkTaskDone,
)
from governance.services.context import Context, FixedClock
from tests.fakes.uow import FakeDatabase
from tests.integration.helpers import BESTILLERE, CHAIR, full_input, open_vote_on_agenda

TEAM = "00000000-0000-4000-8000-0000000000b1"


def _channel(key: str, hour: int) -> Conversation:
    return Conversation(
        key=key,
        kind=ConversationKind.CHANNEL,
        address={"serviceUrl": "http://connector/", "conversation": {"id": key}},
        updated_at=datetime.fromisoformat(f"2027-01-11T{hour:02d}:00:00+00:00"),
        title=key,
        team_id=TEAM,
        channel_id=key,
    )


async def _story(ctx: Context, clock: FixedClock) -> dict[str, Any]:
    vote_id = await open_vote_on_agenda(ctx)
    await proposals.create_draft(ctx, CreateDraft(BESTILLERE["aukra"], full_input("Utkast")))
    for municipality, member in BESTILLERE.items():
        choice = Choice.MOT if municipality == "rauma" else Choice.FOR
        await votes.cast_ballot(ctx, CastBallot(member, vote_id, choice))
    await votes.cast_ballot(ctx, CastBallot("vara-molde", vote_id, Choice.AVSTAR))
    await votes.close_vote(ctx, CloseVote(CHAIR, vote_id))  # escalated: onto a board agenda
    tasks = await annual_cycle.materialise_year(ctx, CHAIR, 2027)
    await annual_cycle.mark_done(ctx, MarkTaskDone(CHAIR, tasks[-1].id or 0))
    clock.advance_to(clock.now() + timedelta(minutes=1))
    claimed = await outbox.claim(ctx, "w1", limit=3)
    await outbox.settle(ctx, "w1", claimed[0].id or 0, result={"url": "u"}, activity_id="a1")
    await outbox.settle(ctx, "w1", claimed[1].id or 0, error="503")
    for key, hour in (("19:a@thread.tacv2", 9), ("19:b@thread.tacv2", 11), ("19:c@x", 10)):
        await conversations.remember(ctx, _channel(key, hour), same_origin)
        await conversations.link_body(ctx, LinkChannel(CHAIR, key, "styret"))
    await conversations.set_locale(ctx, ChooseLanguage(BESTILLERE["molde"], "nn"))
    committee = await meetings.upcoming(ctx, ctx.mandate.committee, ctx.today())
    board = await meetings.upcoming(ctx, ctx.mandate.board, ctx.today())
    linked = await conversations.of_body(ctx, "styret")
    return {
        "proposals": [
            (p.id, p.state, p.title, len(p.history)) for p in await proposals.listing(ctx)
        ],
        "meetings": [
            (m.id, m.on, m.kind, [(i.kind, i.title, i.position, i.id) for i in m.agenda])
            for m in committee + board
        ],
        "votes": [
            (v.id, v.outcome, [(b.id, b.municipality, b.choice, b.cast_by) for b in v.ballots])
            for v in (await document_queries.status(ctx, 2027)).votes
        ],
        "tasks": [(t.id, t.key, t.due, t.done_by) for t in await annual_cycle.of_year(ctx, 2027)],
        "claimed": [d.id for d in claimed],
        "outbox": [(d.id, d.key, d.kind, d.state, d.attempts) for d in await outbox.listing(ctx)],
        "linked": linked.key if linked else None,
        "locale": await conversations.locale_of(ctx, BESTILLERE["molde"]),
        "audit": [(e.seq, e.action, e.subject, e.data, e.hash) for e in await _entries(ctx)],
    }


async def _entries(ctx: Context) -> list[Any]:
    async with ctx.reading() as uow:
        return await uow.audit.entries()


async def test_the_fake_tells_the_same_story_as_the_database(
    ctx: Context, clock: FixedClock
) -> None:
    start = clock.now()
    on_sql = await _story(dataclasses.replace(ctx, jitter=lambda: 1.0), clock)
    clock.advance_to(start)
    fake = Context(ctx.mandate, FakeDatabase().unit, clock, jitter=lambda: 1.0)
    on_fake = await _story(fake, clock)
    assert on_sql["audit"] and on_sql["outbox"] and on_sql["meetings"]
    for part, answer in on_sql.items():
        assert on_fake[part] == answer, part
