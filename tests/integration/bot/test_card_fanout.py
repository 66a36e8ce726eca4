"""The other copies of a changed card follow the click outside it: under a storm of 429s from
Teams the chair who closes a vote has the outcome at once, and the bot's outbox worker brings
every posted copy up to date once Teams lets it."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bot.app import Bot
from cards.toast import toast_card
from governance.domain.outbox import TEAMS_KINDS, DeliveryState, PublicationKind
from governance.domain.subjects import CardSubject
from governance.domain.tally import Choice
from governance.services import conversations, outbox, votes
from governance.services.commands import CastBallot, CloseVote
from governance.services.context import FixedClock
from graph_sync.delivery import Publisher
from graph_sync.worker import OutboxWorker
from tests.emulators.graph import GraphEmulator
from tests.integration.bot.teams import BESTILLERE, CHAIR, COMMITTEE_CHANNEL, TeamsSide
from tests.integration.helpers import ballot_data, open_vote_on_agenda
from tests.integration.test_publishing import graph_target


async def posted_vote(side: TeamsSide, bot: Bot) -> tuple[int, set[tuple[str, str]]]:
    """A vote whose card is posted in the committee's channel and in each bestiller's chat;
    the vote's id and every copy as (conversation, message id)."""
    await side.say(CHAIR, "hjelp", COMMITTEE_CHANNEL)
    for person in BESTILLERE:
        await side.say(person, "hjelp")
    vote_id = await open_vote_on_agenda(bot.ctx)
    subject = CardSubject.vote(vote_id).key
    where = [
        await conversations.get(bot.ctx, COMMITTEE_CHANNEL),
        *[await conversations.personal_of(bot.ctx, p.member_id) for p in BESTILLERE],
    ]
    copies = set()
    for conversation in where:
        assert conversation is not None
        message_id = await bot.notifier.post_card(
            conversation, toast_card("Avstemning", "nb"), subject=subject
        )
        assert message_id is not None
        copies.add((conversation.key, message_id))
    side.connector.clear()
    return vote_id, copies


def vote_copies(side: TeamsSide, copies: set[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """The last card each updated copy of the vote got (the proposal's own post in the channel
    is updated too, with the proposal's card)."""
    updates = side.connector.updates()
    return {
        (u.conversation, u.message_id): u.cards()[0]
        for u in updates
        if (u.conversation, u.message_id) in copies
    }


async def test_closing_a_vote_under_a_429_storm_answers_the_chair_at_once(
    ror: tuple[TeamsSide, Bot],
) -> None:
    side, bot = ror
    vote_id, copies = await posted_vote(side, bot)
    assert len(copies) == 5
    side.connector.storm(1.0, 429, retry_after=1)  # Teams refuses every request for a while
    started = time.monotonic()
    answer = await side.click(CHAIR, "vote.close", {"vote_id": vote_id}, COMMITTEE_CHANNEL)
    answered_in = time.monotonic() - started
    assert answered_in < 1.0, f"the chair waited {answered_in:.2f} s"
    print(f"the chair's close under the storm answered in {answered_in * 1000:.0f} ms")
    assert "refresh" not in answer  # the outcome, not the ballot
    await asyncio.sleep(2.5)  # the worker meets the storm, waits as told and tries again
    assert side.connector.updates() == []
    assert side.connector.count_by_status().get(429, 0) >= 2
    pending = await outbox.listing(bot.ctx, DeliveryState.PENDING, TEAMS_KINDS)
    # the vote's copies, and the proposal's own card in the channel (its discussion thread)
    assert sorted(p.key for p in pending) == ["cards:proposal:1", f"cards:vote:{vote_id}"]
    side.connector.storm(0)
    throttled = side.connector.count_by_status().get(429, 0)  # every refusal came before this
    await side.settled()
    updated = vote_copies(side, copies)
    assert set(updated) == copies  # every copy
    assert all(card == answer for card in updated.values())
    assert side.connector.count_by_status().get(429, 0) == throttled  # no 429 after the storm


async def test_the_clicker_is_answered_while_the_copies_are_still_being_updated(
    ror: tuple[TeamsSide, Bot],
) -> None:
    """Ten ballots and a close in quick succession: each click answers at once, and the copies
    end with the outcome (changes quicker than the posts give fewer refreshes, never a stale
    last one)."""
    side, bot = ror
    vote_id, copies = await posted_vote(side, bot)
    side.connector.storm(1.0, 429, retry_after=1)
    for person, choice in zip(BESTILLERE * 2, ["for", "mot"] * 4, strict=True):
        started = time.monotonic()
        await side.click(person, "ballot.cast", ballot_data(vote_id, choice), COMMITTEE_CHANNEL)
        assert time.monotonic() - started < 1.0
    answer = await side.click(CHAIR, "vote.close", {"vote_id": vote_id}, COMMITTEE_CHANNEL)
    side.connector.storm(0)
    await side.settled()
    last = vote_copies(side, copies)
    assert set(last) == copies and all(card == answer for card in last.values())


async def test_a_failed_announcement_never_uploads_its_document_again(
    ror: tuple[TeamsSide, Bot],
    graph: GraphEmulator,
    clock: FixedClock,
) -> None:
    """The publisher uploads the decision (Word and PDF) once; the bot's announcement of it in
    the committee's channel fails (the bot was removed there) and is tried again on its own,
    with back-off, while the document stays delivered."""
    side, bot = ror
    await side.say(CHAIR, "hjelp", COMMITTEE_CHANNEL)  # the committee's channel is known
    side.connector.clear()
    vote_id = await open_vote_on_agenda(bot.ctx)
    for person in BESTILLERE:
        await votes.cast_ballot(bot.ctx, CastBallot(person.member_id, vote_id, Choice.FOR))
    await votes.close_vote(bot.ctx, CloseVote(CHAIR.member_id, vote_id))
    await side.settled()  # daglig leder's decision card reaches the committee's channel
    side.connector.clear()
    side.connector.remove_bot(COMMITTEE_CHANNEL)
    target = graph_target(graph)
    try:
        publisher = OutboxWorker(Publisher(bot.ctx, target), "publisher")
        assert await publisher.run_once() == 2  # the decision and the portfolio row
        uploads = graph.count("content")
        assert uploads == 2  # Word and PDF
        async with asyncio.timeout(10):
            while True:
                [announcement] = await outbox.listing(
                    bot.ctx, DeliveryState.PENDING, {PublicationKind.ANNOUNCEMENT}
                )
                if announcement.attempts:
                    break
                await asyncio.sleep(0.05)
        assert "403" in announcement.last_error and announcement.next_attempt_at > clock.now()
        while await publisher.run_once():  # the portfolio row once more, now with its link
            pass
    finally:
        await target.aclose()
    assert graph.count("content") == uploads  # nothing uploaded again
    decision = {p.key: p for p in await outbox.listing(bot.ctx)}[f"decision:vote:{vote_id}"]
    assert decision.state is DeliveryState.DELIVERED and decision.attempts == 0
    assert side.connector.messages(COMMITTEE_CHANNEL) == []
