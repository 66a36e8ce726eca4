"""The vote card's deadline buttons over the local connector (issue 13): the chair gives the
vote a new deadline from the card; a bestiller may not, nor may anyone set an impossible or past
one (the card comes back with why, nothing changes); "Mot" without a reason asks for one and
records nothing, and a reason typed is kept with the ballot."""

from __future__ import annotations

from datetime import datetime

from governance.domain.calendar import OSLO
from governance.services import votes
from governance.services.context import Context
from tests.integration.bot.teams import CHAIR, COMMITTEE_CHANNEL, MOLDE, RAUMA, TeamsSide
from tests.integration.bot.test_protocol import (
    open_vote,
    ready_on_agenda,
    submitted_by_molde,
    text_of,
)
from tests.integration.bot.test_vote_views import refused
from tests.integration.helpers import MOT_REASON, audit_count, ballot_data, snapshot


async def opened(teams: TeamsSide, ctx: Context) -> int:
    number = await submitted_by_molde(teams, ctx)
    await ready_on_agenda(teams, ctx, number)
    return await open_vote(teams, number)


async def test_the_chair_moves_the_deadline_and_nobody_else_can(
    teams: TeamsSide, ctx: Context
) -> None:
    vote_id = await opened(teams, ctx)
    assert (await votes.get(ctx, vote_id)).closes_at == datetime(2027, 1, 18, 16, tzinfo=OSLO)
    new = {"vote_id": vote_id, "closes_on": "2027-01-20", "closes_at_time": "12:00"}
    await refused(teams, MOLDE, "vote.deadline", new, "Bare lederen av bestillerutvalget")
    await refused(teams, CHAIR, "vote.deadline", new | {"closes_on": "2027-02-30"}, "«2027-02-30»")
    await refused(teams, CHAIR, "vote.deadline", new | {"closes_on": "2027-01-10"}, "senere enn nå")
    await refused(teams, CHAIR, "vote.deadline", new | {"closes_at_time": "25:00"}, "«25:00»")
    card = await teams.click(CHAIR, "vote.deadline", new, COMMITTEE_CHANNEL)
    assert "20.01.2027 kl. 12:00" in text_of(card)
    assert (await votes.get(ctx, vote_id)).closes_at == datetime(2027, 1, 20, 12, tzinfo=OSLO)


async def test_against_asks_for_a_reason_first_and_keeps_the_one_given(
    teams: TeamsSide, ctx: Context
) -> None:
    vote_id = await opened(teams, ctx)
    assert teams.engine is not None
    await teams.settled()
    before, entries = await snapshot(teams.engine), await audit_count(ctx)
    bare = {"vote_id": vote_id, "choice": "mot", "ballot_reason": ""}
    asked = await teams.click(RAUMA, "ballot.cast", bare, COMMITTEE_CHANNEL)
    assert "Hvorfor stemmer Rauma mot?" in text_of(asked)
    assert "Mot uten begrunnelse" in text_of(asked)
    await teams.settled()
    assert await snapshot(teams.engine) == before and await audit_count(ctx) == entries
    card = await teams.click(RAUMA, "ballot.cast", ballot_data(vote_id, "mot"), COMMITTEE_CHANNEL)
    assert MOT_REASON in text_of(card)
    ballot = (await votes.get(ctx, vote_id)).ballot_of("rauma")
    assert ballot is not None and ballot.reason == MOT_REASON
    without = bare | {"without_reason": True}
    await teams.click(MOLDE, "ballot.cast", without, COMMITTEE_CHANNEL)
    molde = (await votes.get(ctx, vote_id)).ballot_of("molde")
    assert molde is not None and molde.choice.value == "mot" and molde.reason == ""
