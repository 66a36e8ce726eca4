"""A development group's leader election over real HTTP, as Teams drives it: the election card is
posted in the group's channel, the members vote with ``adaptiveCard/action`` invokes, each gets
their own card back while every posted copy is updated for everyone (PUT at the connector), and
the last ballot closes the election and records the leader. Refusals change nothing."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Bot
from cards import election_card
from governance import verbs
from governance.services import elections, groups
from tests.cards.walk import buttons, buttons_with_verb, inputs
from tests.integration.bot.teams import Person, TeamsSide
from tests.integration.helpers import audit_count, snapshot

TENANT = "00000000-0000-4000-8000-0000000000bb"  # FARTT's example tenant
CHANNEL = "19:ug-helse-example@thread.tacv2"  # ug-helse's channel in config/fartt.yaml
REFUSAL = '"style": "attention"'
SEEN = ("conversations", "member_settings")  # a first contact is remembered, nothing else


def fartt(member_id: str, number: str, name: str) -> Person:
    return Person(member_id, f"00000000-0000-4000-8000-000000000{number}", name, tenant=TENANT)


CHAIR = fartt("dl-fartt", "101", "Dag Dalen")
FOLLDAL = fartt("ug-helse-folldal", "131", "Hilde Haugen")
ALVDAL = fartt("ug-helse-alvdal", "132", "Anders Aasen")
RENDALEN = fartt("ug-helse-rendalen", "133", "Randi Rønning")
TOLGA = fartt("ug-helse-tolga", "134", "Tone Tollefsen")
TYNSET = fartt("ug-helse-tynset", "135", "Terje Tangen")
ICT = fartt("ikt-helse", "121", "Ivar Ingstad")
OUTSIDER = fartt("ug-oppvekst-folldal", "136", "Frida Fossum")  # another group's member


def text_of(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


def chosen(card: dict[str, Any]) -> str | None:
    value = inputs(card)[verbs.ELECTION_CANDIDATE].get("value")
    return str(value) if value is not None else None


async def posted_election(side: TeamsSide, bot: Bot) -> tuple[int, str]:
    """The election of ug-helse for 2027, its card posted in the group's channel as the annual
    cycle would post it; returns the election id and the posted message's id."""
    await side.say(TYNSET, "hjelp", CHANNEL)  # the bot learns the group's channel
    election = await elections.open_election(bot.ctx, "ug-helse", 2027)
    assert election.id is not None
    group = await groups.group(bot.ctx, "ug-helse")
    card = election_card(election, group, bot.ctx.mandate, "nb", today=bot.ctx.today())
    message_id = await bot.notifier.post_to_body(
        "ug-helse", card, subject=f"election:{election.id}"
    )
    assert message_id is not None
    side.connector.clear()
    return election.id, message_id


async def vote(
    side: TeamsSide, person: Person, election_id: int, candidate: Person
) -> dict[str, Any]:
    return await side.click(
        person,
        verbs.ELECTION_VOTE,
        {"election_id": election_id, verbs.ELECTION_CANDIDATE: candidate.member_id},
        CHANNEL,
    )


async def test_members_vote_from_the_card_and_every_posted_copy_follows(
    fartt_teams: tuple[TeamsSide, Bot],
) -> None:
    side, bot = fartt_teams
    election_id, message_id = await posted_election(side, bot)
    ballots = [
        (FOLLDAL, ALVDAL),
        (ALVDAL, TOLGA),
        (RENDALEN, ALVDAL),
        (FOLLDAL, TOLGA),
        (TOLGA, ALVDAL),
        (TYNSET, ALVDAL),
    ]  # Folldal changes its mind
    for person, candidate in ballots:
        own = await vote(side, person, election_id, candidate)
        assert REFUSAL not in text_of(own) and chosen(own) == candidate.member_id
        await side.settled()
        [update] = side.connector.updates()
        assert (update.conversation, update.message_id) == (CHANNEL, message_id)
        [shared] = update.cards()
        assert chosen(shared) is None  # the copy for everyone shows nobody's choice
        assert buttons_with_verb(shared, verbs.ELECTION_VOTE)
        assert not buttons_with_verb(shared, verbs.ELECTION_CLOSE)
        side.connector.clear()
    assert (await elections.get(bot.ctx, election_id)).is_open
    last = await vote(side, ICT, election_id, ALVDAL)  # the ICT staffer votes too
    assert not buttons(last) and not inputs(last) and "Anders Aasen" in text_of(last)
    await side.settled()
    [update] = side.connector.updates()
    assert not buttons(update.cards()[0]) and "Anders Aasen" in text_of(update.cards()[0])
    closed = await elections.get(bot.ctx, election_id)
    assert (closed.is_open, closed.winner, closed.counts()) == (
        False,
        ALVDAL.member_id,
        {ALVDAL.member_id: 4, TOLGA.member_id: 2},
    )
    leader = (await groups.group(bot.ctx, "ug-helse")).leader_for(2027)
    assert leader is not None and leader.member_id == ALVDAL.member_id


async def test_refusals_answer_with_a_card_and_change_nothing_then_the_chair_closes(
    fartt_teams: tuple[TeamsSide, Bot],
    engine: AsyncEngine,
) -> None:
    side, bot = fartt_teams
    election_id, message_id = await posted_election(side, bot)
    await vote(side, FOLLDAL, election_id, TYNSET)
    await side.settled()
    side.connector.clear()
    refused: list[tuple[Person, str, dict[str, Any]]] = [
        (
            OUTSIDER,
            verbs.ELECTION_VOTE,
            {"election_id": election_id, verbs.ELECTION_CANDIDATE: ALVDAL.member_id},
        ),
        (
            ALVDAL,
            verbs.ELECTION_VOTE,
            {"election_id": election_id, verbs.ELECTION_CANDIDATE: ICT.member_id},
        ),
        (ALVDAL, verbs.ELECTION_VOTE, {"election_id": election_id, verbs.ELECTION_CANDIDATE: ""}),
        (
            ALVDAL,
            verbs.ELECTION_VOTE,
            {
                "election_id": election_id,
                "voter": "ug-helse-tolga",
                verbs.ELECTION_CANDIDATE: ALVDAL.member_id,
            },
        ),
        (
            ALVDAL,
            verbs.ELECTION_VOTE,
            {"election_id": election_id + 9, verbs.ELECTION_CANDIDATE: TYNSET.member_id},
        ),
        (TYNSET, verbs.ELECTION_CLOSE, {"election_id": election_id}),  # a member, not the chair
    ]
    for person, verb, data in refused:
        await side.settled()  # the outbox posted what earlier steps left
        before, entries = await snapshot(engine), await audit_count(bot.ctx)
        card = await side.click(person, verb, data, CHANNEL)
        assert REFUSAL in text_of(card), (person.member_id, data)
        after = await snapshot(engine)
        assert {k: v for k, v in after.items() if k not in SEEN} == {
            k: v for k, v in before.items() if k not in SEEN
        }
        assert await audit_count(bot.ctx) == entries
    await side.settled()
    assert side.connector.updates() == []
    result = await side.click(
        CHAIR, verbs.ELECTION_CLOSE, {"election_id": election_id, verbs.ELECTION_CANDIDATE: ""}
    )
    assert REFUSAL not in text_of(result) and not buttons(result)
    assert "Terje Tangen" in text_of(result)
    await side.settled()
    [update] = side.connector.updates()
    assert update.message_id == message_id and not buttons(update.cards()[0])
    leader = (await groups.group(bot.ctx, "ug-helse")).leader_for(2027)
    assert leader is not None and (leader.member_id, leader.elected_by) == (
        TYNSET.member_id,
        CHAIR.member_id,
    )
    late = await vote(side, ALVDAL, election_id, ALVDAL)
    assert REFUSAL in text_of(late)
