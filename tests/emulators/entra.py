"""A stand-in for Entra ID's token endpoint: the bot's outgoing connector token.

In production the Agents SDK's MSAL connection asks Entra for a token before each reply; that
needs TLS to ``login.microsoftonline.com`` and cannot be played on loopback without patching
MSAL's authority checks. This implements the SDK's own ``Connections`` protocol instead (handed
to the composition root, as ``build_web_app(connections=…)`` allows), so every reply carries a
known token and tests can see exactly where it goes."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from azure.core.credentials import AccessToken
from azure.core.credentials_async import AsyncTokenCredential
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

    def get_token_credential(self) -> AsyncTokenCredential:
        return StandInCredential()

    # The bot acts as itself only: no on-behalf-of or agentic-identity tokens to stand in for.
    async def acquire_token_on_behalf_of(self, scopes: list[str], user_assertion: str) -> str:
        raise NotImplementedError("the Entra stand-in issues no on-behalf-of tokens")

    async def get_agentic_application_token(
        self, tenant_id: str, agent_app_instance_id: str
    ) -> str | None:
        raise NotImplementedError("the Entra stand-in issues no agentic tokens")

    async def get_agentic_instance_token(
        self, tenant_id: str, agent_app_instance_id: str
    ) -> tuple[str, str]:
        raise NotImplementedError("the Entra stand-in issues no agentic tokens")

    async def get_agentic_user_token(
        self, tenant_id: str, agent_app_instance_id: str, agentic_user_id: str, scopes: list[str]
    ) -> str | None:
        raise NotImplementedError("the Entra stand-in issues no agentic tokens")


@dataclass
class StandInCredential:
    """An azure-core ``AsyncTokenCredential`` handing out ``token`` (what the SDK hands to
    Graph-style clients; the Graph emulator's tests use one too), valid for an hour; it records
    the scopes asked for."""

    token: str = OUTGOING_TOKEN
    scopes: list[tuple[str, ...]] = field(default_factory=list)

    async def get_token(
        self,
        *scopes: str,
        claims: str | None = None,
        tenant_id: str | None = None,
        enable_cae: bool = False,
        **kwargs: Any,
    ) -> AccessToken:
        self.scopes.append(scopes)
        return AccessToken(self.token, int(time.time()) + 3600)

    async def close(self) -> None:
        return None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        await self.close()


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
