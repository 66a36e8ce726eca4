"""The read side: a screen is one read transaction (the query layer's), whatever it shows; and
the per-verb routes of the SDK answer what they are given, a tampered action included."""

from __future__ import annotations

from bot.app import Bot
from governance.services import meetings
from governance.services.commands import AddToNextAgenda
from tests.integration.bot.teams import CHAIR, COMMITTEE_CHANNEL, MOLDE, TeamsSide, activity
from tests.integration.bot.test_protocol import text_of
from tests.integration.bot.transactions import counted
from tests.integration.helpers import audit_count, ready_proposal, snapshot


async def test_showing_a_proposal_reads_once_and_writes_nothing(
    ror: tuple[TeamsSide, Bot],
) -> None:
    side, bot = ror
    proposal = await ready_proposal(bot.ctx)
    data = {"proposal_id": proposal.id}
    for _ in range(2):  # the bot sees the chair, stores their chat id and reads their settings
        await side.click(CHAIR, "proposal.show", data, COMMITTEE_CHANNEL)
    with counted(side) as seen:
        card = await side.click(CHAIR, "proposal.show", data, COMMITTEE_CHANNEL)
    assert proposal.title in text_of(card)
    assert seen.writing == [] and seen.reads == 1, seen.clicks


async def test_the_agenda_with_its_proposals_is_one_read(ror: tuple[TeamsSide, Bot]) -> None:
    side, bot = ror
    first = await ready_proposal(bot.ctx, "Felles innbyggerportal")
    second = await ready_proposal(bot.ctx, "Felles arkivløsning")
    for proposal in (first, second):
        assert proposal.id is not None
        await meetings.add_to_next_agenda(bot.ctx, AddToNextAgenda("dl-ror", proposal.id))
    for _ in range(2):  # the bot sees the chair, stores their chat id and reads their settings
        await side.say(CHAIR, "saksliste", COMMITTEE_CHANNEL)
    with counted(side) as seen:
        [card] = await side.say(CHAIR, "saksliste", COMMITTEE_CHANNEL)
    assert first.title in text_of(card) and second.title in text_of(card)
    # one to find the next meeting (a use case of the core), one for the screen: not one per item
    assert seen.writing == [] and seen.reads == 2, seen.clicks


async def test_an_action_that_is_not_execute_gets_the_sdks_refusal_and_changes_nothing(
    ror: tuple[TeamsSide, Bot],
) -> None:
    """The SDK's per-verb route (``action_execute``) answers an invoke whose action type is not
    ``Action.Execute`` with its own "not supported" response (this pins SDK 1.9's behaviour)."""
    side, bot = ror
    proposal = await ready_proposal(bot.ctx)
    assert side.engine is not None
    before, entries = await snapshot(side.engine), await audit_count(bot.ctx)
    body = activity(
        MOLDE,
        service_url=side.connector_url,
        conversation=COMMITTEE_CHANNEL,
        type="invoke",
        name="adaptiveCard/action",
        value={
            "action": {
                "type": "Action.Submit",
                "verb": "proposal.step",
                "data": {"proposal_id": proposal.id, "step": "withdraw"},
            }
        },
    )
    status, answer = await side.post(body)
    assert status == 200 and answer["statusCode"] == 501, answer
    assert answer["type"] == "application/vnd.microsoft.error", answer
    assert await snapshot(side.engine) == before and await audit_count(bot.ctx) == entries
