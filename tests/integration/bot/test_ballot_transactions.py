"""How much database work a ballot click costs once the bot has seen the voter: one write
transaction (the ballot and its audit entry) and at most one read, counted on the engine."""

from __future__ import annotations

from bot.app import Bot
from tests.integration.bot.teams import BESTILLERE, COMMITTEE_CHANNEL, TeamsSide
from tests.integration.bot.transactions import counted
from tests.integration.helpers import ballot_data, open_vote_on_agenda


async def test_a_ballot_click_is_one_write_and_at_most_one_read(
    ror: tuple[TeamsSide, Bot],
) -> None:
    side, bot = ror
    vote_id = await open_vote_on_agenda(bot.ctx)
    voter = BESTILLERE[0]
    data = {"vote_id": vote_id, "choice": "for"}
    await side.click(voter, "ballot.cast", data, COMMITTEE_CHANNEL)  # the bot sees the voter
    with counted(side) as seen:
        mot = ballot_data(vote_id, "mot")
        card = await side.click(voter, "ballot.cast", mot, COMMITTEE_CHANNEL)
    assert card["refresh"]["action"]["data"]["vote_id"] == vote_id
    [ballot] = seen.writing  # one write: the ballot with its audit entry
    assert any(q.startswith("UPDATE ballots") for q in ballot), ballot
    assert seen.reads <= 1, seen.clicks
    print(f"ballot click: {len(seen.writing)} write and {seen.reads} read transaction(s)")
