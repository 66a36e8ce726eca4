"""Everyone sees their own vote card (issue 13), over the local connector: the card posted in the
committee's channel is a neutral view any reader may see; each member gets their own view by
refresh, the bot having learnt every member's Teams id from the team's roster up front (not
only of those who wrote to it), each once; a member without a municipality is told why they
have no ballot, and the chair sees who has not voted; a refused click answers with the card and
the notice, never a bare notice, and changes nothing."""

from __future__ import annotations

from typing import Any

from governance.services.context import Context
from tests.integration.bot.refusals import refused_click
from tests.integration.bot.teams import (
    AUKRA,
    BESTILLERE,
    BOARD_MEMBER,
    CHAIR,
    COMMITTEE_CHANNEL,
    MOLDE,
    Person,
    TeamsSide,
)
from tests.integration.bot.test_protocol import (
    _actions,
    open_vote,
    ready_on_agenda,
    submitted_by_molde,
    text_of,
)


def verbs_of(card: dict[str, Any]) -> set[str]:
    return {a["verb"] for a in _actions(card)}


async def refused(
    teams: TeamsSide, person: Person, verb: str, data: dict[str, Any], words: str
) -> dict[str, Any]:
    """The vote card comes back with the notice on it; no row and no audit entry change."""
    card = await refused_click(teams, person, verb, data, COMMITTEE_CHANNEL)
    shown = text_of(card)
    assert "Avstemning om forslag" in shown, shown[:400]
    assert words.lower() in shown.lower(), shown[:3000]
    return card


async def test_the_channel_card_is_neutral_and_each_member_gets_their_own_view(
    teams: TeamsSide, ctx: Context
) -> None:
    await teams.say(CHAIR, "hjelp", COMMITTEE_CHANNEL)  # only the chair has written to the bot
    number = await submitted_by_molde(teams, ctx)
    await ready_on_agenda(teams, ctx, number)
    vote_id = await open_vote(teams, number)  # asserts the posted card is neutral
    assert COMMITTEE_CHANNEL in teams.connector.roster_reads  # the roster, read up front
    [posted] = [c for r in teams.connector.messages(COMMITTEE_CHANNEL) for c in r.cards()]
    shown = text_of(posted)
    assert "Avslutt avstemningen" not in shown and "ballot.cast" not in shown
    assert "Åpne min stemmeseddel" in shown
    user_ids = posted["refresh"]["userIds"]
    assert len(user_ids) == len(set(user_ids))  # each member once, the chair too
    for person in (*BESTILLERE, CHAIR):  # those who never wrote to the bot included
        assert person.user_id in user_ids, person
    assert "29:guest" not in user_ids  # a guest in the team is no member

    # Each gets their own view by refresh: a bestiller their municipality's ballot ...
    aukra = await teams.click(AUKRA, "vote.refresh", {"vote_id": vote_id}, COMMITTEE_CHANNEL)
    assert {"ballot.cast", "vote.refresh"} <= verbs_of(aukra) and "vote.close" not in verbs_of(
        aukra
    )
    assert "Aukra" in text_of(aukra) and "ikke stemt ennå" in text_of(aukra)
    # ... the chair, who has no municipality, no ballot but why, the close button and who is left
    chair = text_of(await teams.click(CHAIR, "vote.refresh", {"vote_id": vote_id}))
    assert "ballot.cast" not in chair and "vote.close" in chair
    assert "representerer ingen kommune" in chair
    assert "Hvem som ikke har stemt ennå" in chair and "Arne Aukan" in chair
    # ... and a board member reads along without a ballot.
    board = text_of(await teams.click(BOARD_MEMBER, "vote.refresh", {"vote_id": vote_id}))
    assert "ballot.cast" not in board and "vote.close" not in board
    assert "representerer ingen kommune" in board

    # A refusal keeps the card: the chair's forged ballot, a bestiller's close.
    ballot = {"vote_id": vote_id, "choice": "for"}
    kept = await refused(teams, CHAIR, "ballot.cast", ballot, "representerer ikke en kommune")
    assert "vote.close" in verbs_of(kept)  # the chair's own card, close button still there
    kept = await refused(teams, MOLDE, "vote.close", {"vote_id": vote_id}, "leder")
    assert "ballot.cast" in verbs_of(kept)  # Molde's ballot is still there to press
    voted = await teams.click(MOLDE, "ballot.cast", ballot, COMMITTEE_CHANNEL)
    assert "(Molde) har stemt: for" in text_of(voted)
