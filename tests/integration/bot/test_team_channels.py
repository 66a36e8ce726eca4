"""When the app is installed in a team, the bot asks the connector for the team's channels and
remembers each one. This runs on the connector client the Agents SDK keeps for the turn
(``bot.sdk.connector_client``): the test pins that the SDK version in use still provides it."""

from __future__ import annotations

import importlib.metadata

from bot.app import Bot
from governance.domain.conversations import ConversationKind
from governance.services import conversations
from tests.integration.bot.teams import CHAIR, COMMITTEE_CHANNEL, TEAM, TeamsSide, activity

OTHER = "19:styret-example@thread.tacv2"


async def test_installing_the_app_in_a_team_remembers_every_channel_of_it(
    ror: tuple[TeamsSide, Bot],
) -> None:
    side, bot = ror
    side.connector.channels[TEAM] = [
        {"id": COMMITTEE_CHANNEL, "name": "Bestillerutvalget"},
        {"id": OTHER, "name": "Styret"},
    ]
    installed = activity(
        CHAIR,
        service_url=side.connector_url,
        conversation=COMMITTEE_CHANNEL,
        type="installationUpdate",
        action="add",
    )
    status, _ = await side.post(installed)
    assert status in (200, 201, 202)
    other = await conversations.get(bot.ctx, OTHER)
    assert other.kind is ConversationKind.CHANNEL and other.team_id == TEAM
    assert other.address["serviceUrl"] == side.connector_url


def test_the_sdk_version_whose_turn_services_the_bot_relies_on() -> None:
    """Agents SDK for Python 1.9.0: the adapter puts the turn's connector client into
    ``TurnContext.services`` under ``ConnectorClientBase`` (and under the private
    ``_AGENT_CONNECTOR_CLIENT_KEY`` of ``turn_state``, "for back-compat"), and
    ``bot.sdk.connector_client`` reads the former. Upgrading the SDK fails here first: check
    that the test above still passes, then move the pin."""
    assert importlib.metadata.version("microsoft-agents-hosting-core") == "1.9.0"
