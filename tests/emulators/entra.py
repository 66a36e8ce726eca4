"""A stand-in for Entra ID's token endpoint: the bot's outgoing connector token.

In production the Agents SDK's MSAL connection asks Entra for a token before each reply; that
needs TLS to ``login.microsoftonline.com`` and cannot be played on loopback without patching
MSAL's authority checks. This implements the SDK's own ``Connections`` protocol instead (handed
to the composition root, as ``build_web_app(connections=…)`` allows), so every reply carries a
known token and tests can see exactly where it goes."""

from __future__ import annotations

import time
from typing import Any

from azure.core.credentials import AccessToken
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core.authorization import (
    AccessTokenProviderBase,
    AgentAuthConfiguration,
    ClaimsIdentity,
)

OUTGOING_TOKEN = "the-bots-own-connector-token"


class StandInTokenProvider(AccessTokenProviderBase):
    def __init__(self, configuration: AgentAuthConfiguration) -> None:
        self._configuration = configuration
        self.issued: list[str] = []  # the resources tokens were asked for

    @property
    def configuration(self) -> AgentAuthConfiguration:
        return self._configuration

    async def get_access_token(
        self, resource_url: str, scopes: list[str], force_refresh: bool = False
    ) -> str:
        self.issued.append(resource_url)
        return OUTGOING_TOKEN

    def get_token_credential(self) -> Any:
        return StandInCredential()


class StandInCredential:
    """The same token as an azure-core async credential (what the SDK hands to Graph-style
    clients); valid for an hour."""

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(OUTGOING_TOKEN, int(time.time()) + 3600)

    async def close(self) -> None:
        return None


class StandInEntra:
    """``Connections`` whose every connection hands out ``OUTGOING_TOKEN``."""

    def __init__(self, client_id: str) -> None:
        self.provider = StandInTokenProvider(AgentAuthConfiguration(client_id=client_id))

    def get_connection(self, connection_name: str) -> AccessTokenProviderBase:
        return self.provider

    def get_default_connection(self) -> AccessTokenProviderBase:
        return self.provider

    def get_token_provider(
        self, claims_identity: ClaimsIdentity, service_url: str
    ) -> AccessTokenProviderBase:
        return self.provider

    def get_token_provider_from_activity(
        self, claims_identity: ClaimsIdentity, activity: Activity
    ) -> AccessTokenProviderBase:
        return self.provider

    def get_default_connection_configuration(self) -> AgentAuthConfiguration:
        return self.provider.configuration
