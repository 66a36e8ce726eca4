"""The yearly leader election as the annual cycle runs it: in the first days of January the
scheduler opens each development group's election and posts its ballot in the group's channel,
the chair gets a copy with the button that closes it; the daily sweep closes an election whose
last day has passed, records the leader and updates every copy."""

from __future__ import annotations

from datetime import datetime

from bot.app import Bot
from cards.renderer import CardRenderer
from governance import verbs
from governance.domain.calendar import OSLO
from governance.domain.outbox import DeliveryState
from governance.domain.reminders import NoticeKind
from governance.services import elections, groups, reminders
from governance.services.context import FixedClock
from scheduler.sweeps import NoticeSender
from tests.cards.walk import buttons, buttons_with_verb
from tests.integration.bot.teams import TeamsSide
from tests.integration.bot.test_election import (
    ALVDAL,
    CHAIR,
    CHANNEL,
    FOLLDAL,
    TOLGA,
    TYNSET,
    text_of,
    vote,
)


async def test_the_scheduler_posts_the_ballot_and_closes_it_when_its_time_is_up(
    fartt_teams: tuple[TeamsSide, Bot],
    clock: FixedClock,
) -> None:
    side, bot = fartt_teams
    await side.say(TYNSET, "hjelp", CHANNEL)  # the bot learns ug-helse's channel
    await side.say(CHAIR, "hjelp")  # and the chair's personal chat
    side.connector.clear()
    sender = NoticeSender(bot.ctx, bot.notifier, CardRenderer(), "test")
    clock.advance_to(datetime(2027, 1, 4, 9, 0, tzinfo=OSLO))
    await sender.sweep()
    [posted] = [
        r
        for r in side.connector.messages(CHANNEL)
        if buttons_with_verb(r.cards()[0], verbs.ELECTION_VOTE)
    ]
    assert not buttons_with_verb(posted.cards()[0], verbs.ELECTION_CLOSE)
    chair_copies = [
        r
        for r in side.connector.messages(CHAIR.personal_chat)
        if buttons_with_verb(r.cards()[0], verbs.ELECTION_CLOSE)
    ]
    assert len(chair_copies) == 1  # ug-helse's; the other groups' channels are not known yet
    election = await elections.open_for(bot.ctx, "ug-helse", 2027)
    assert election is not None and election.id is not None
    notices = {
        n.subject: n
        for n in await reminders.listing(bot.ctx)
        if n.kind is NoticeKind.LEADER_ELECTION
    }
    assert notices["election:ug-helse:2027"].state is DeliveryState.DELIVERED
    assert notices["election:ug-oppvekst:2027"].state is DeliveryState.SKIPPED  # no channel
    for person, candidate in [(FOLLDAL, TOLGA), (ALVDAL, TOLGA), (TOLGA, ALVDAL)]:
        await vote(side, person, election.id, candidate)
    await side.settled()
    side.connector.clear()
    clock.advance_to(datetime.combine(election.closes_on, datetime.min.time(), OSLO))
    assert await sender.close_elections() == 0  # the last day is still open
    clock.advance_to(datetime(2027, 1, 19, 6, 0, tzinfo=OSLO))
    assert await sender.close_elections() == 1
    await side.settled()
    updated = {r.conversation: r.cards()[0] for r in side.connector.updates()}
    assert set(updated) == {CHANNEL, CHAIR.personal_chat}
    assert all(not buttons(card) and "Tone Tollefsen" in text_of(card) for card in updated.values())
    leader = (await groups.group(bot.ctx, "ug-helse")).leader_for(2027)
    assert leader is not None and leader.member_id == TOLGA.member_id
    side.connector.clear()
    await sender.sweep()  # the group has its leader: no new ballot
    assert not [
        r
        for r in side.connector.messages(CHANNEL)
        if buttons_with_verb(r.cards()[0], verbs.ELECTION_VOTE)
    ]
