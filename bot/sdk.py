"""What the bot takes from the Agents SDK beyond its documented surface, in one place, each
pinned by a test (``tests/integration/bot/test_team_channels.py``)."""

from __future__ import annotations

from microsoft_agents.hosting.core import ConnectorClientBase, TurnContext


def connector_client(context: TurnContext) -> ConnectorClientBase | None:
    """The connector client the adapter made for this turn (it holds the turn's outgoing token
    and service URL). The SDK keeps it in ``TurnContext.services`` under ``ConnectorClientBase``;
    the older place, ``turn_state`` under the adapter's private ``_AGENT_CONNECTOR_CLIENT_KEY``,
    is not read."""
    # the SDK's own key is this abstract base class, which mypy will not take as a type
    return context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
