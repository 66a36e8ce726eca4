"""The second lock on the bot's token: every connector client the Agents SDK creates (replies
inside a turn, proactive posts, the team's channel list) is made here, and a service URL outside
``ServiceHosts`` is refused *before* a token is requested for it."""

from __future__ import annotations

import logging

from microsoft_agents.hosting.core import RestChannelServiceClientFactory, TurnContext
from microsoft_agents.hosting.core.authorization import ClaimsIdentity, Connections
from microsoft_agents.hosting.core.connector import ConnectorClientBase

from bot.origin import ServiceHosts

log = logging.getLogger("samstyre.security")


class ServiceUrlRefused(PermissionError):
    """The bot was about to send to a host Teams does not use; nothing was sent."""


class GuardedClientFactory(RestChannelServiceClientFactory):
    """The SDK's own factory, refusing service URLs outside ``hosts``."""

    def __init__(self, connections: Connections, hosts: ServiceHosts) -> None:
        super().__init__(connections)
        self.hosts = hosts

    async def create_connector_client(
        self,
        context: TurnContext | None,
        claims_identity: ClaimsIdentity,
        service_url: str,
        audience: str,
        scopes: list[str] | None = None,
        use_anonymous: bool = False,
    ) -> ConnectorClientBase:
        if not self.hosts.allows(service_url):
            log.error("refused to send to %r: not a Teams service host", service_url)
            raise ServiceUrlRefused(f"{service_url!r} is not a Teams service host")
        return await super().create_connector_client(
            context, claims_identity, service_url, audience, scopes, use_anonymous
        )
