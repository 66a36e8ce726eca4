"""The Agents SDK application: adapter, connections and routes, wired from settings.

Nothing here decides anything: routes (``bot/routes``) turn activities into governance use cases
and answer with views, which the ``Renderer`` port makes into cards. The SDK's default turn
error handler (which tells the user "Exception caught: …") is replaced by ``bot.errors``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import (
    AgentApplication,
    Authorization,
    MemoryStorage,
    TurnState,
)
from microsoft_agents.hosting.core.authorization import Connections

from bot import errors
from bot.client_factory import GuardedClientFactory
from bot.memory import Memory
from bot.notifier import TeamsNotifier
from bot.origin import ServiceHosts
from bot.routes import actions, lifecycle, messages
from bot.settings import AuthSettings
from bot.throttle import Throttle
from bot.turns import Reach
from governance.ports import Renderer
from governance.services.context import Context

USER_TOKEN_LOGGER = "microsoft_agents.hosting.core.connector.client.user_token_client"


@dataclass
class Bot:
    """The built application: the SDK's agent with its routes, on the notifier's adapter. The
    routes themselves are handed only what a turn may reach (``bot.turns.Reach``)."""

    reach: Reach
    agent: AgentApplication[TurnState]
    notifier: TeamsNotifier

    @property
    def ctx(self) -> Context:
        return self.reach.ctx

    @property
    def memory(self) -> Memory:
        return self.reach.memory

    @property
    def adapter(self) -> CloudAdapter:
        """The SDK adapter requests are processed on (the notifier's: one per process)."""
        return self.notifier.adapter

    @property
    def local(self) -> bool:
        return self.notifier.local

    @property
    def hosts(self) -> ServiceHosts:
        return self.notifier.hosts


def build_connections(settings: AuthSettings) -> Connections:
    """The outgoing tokens: MSAL against Entra, from the settings."""
    return MsalConnectionManager(**settings.agents_config)


def build_notifier(
    ctx: Context, settings: AuthSettings, connections: Connections, throttle: Throttle
) -> TeamsNotifier:
    """The adapter and the notifier that posts through it: all a process needs to post into
    Teams (``samstyre worker`` builds no more than this)."""
    hosts = settings.service_hosts
    # No SDK host validator: ours is stricter (exact Teams hosts) and runs in bot.origin.
    adapter = CloudAdapter(channel_service_client_factory=GuardedClientFactory(connections, hosts))
    adapter.on_turn_error = errors.on_adapter_error
    if settings.local:  # the SDK warns "App ID is not provided" on every anonymous request
        logging.getLogger(USER_TOKEN_LOGGER).setLevel(logging.ERROR)
    return TeamsNotifier(
        ctx, adapter, settings.client_id or "", local=settings.local, hosts=hosts, throttle=throttle
    )


def build_bot(
    ctx: Context,
    settings: AuthSettings,
    notifier: TeamsNotifier,
    connections: Connections,
    renderer: Renderer,
) -> Bot:
    """The Agents SDK application on ``notifier``'s adapter, with every route registered; its
    answers are views, made into cards by ``renderer``."""
    config = settings.agents_config
    storage = MemoryStorage()
    agent = AgentApplication[TurnState](
        storage=storage,
        authorization=Authorization(storage, connections, **config),
        # bot.command_text.clean strips every <at> mention in one linear pass; the SDK's own
        # removal runs one regex over the whole text per mention entity (a 256 KB body with
        # a thousand mentions cost 0.13 s of CPU per request).
        start_typing_timer=False,
        remove_recipient_mention=False,
        **config,
    )
    reach = Reach(ctx, Memory(ctx), notifier, renderer)
    agent.error(errors.turn_error_handler(reach))
    messages.register(agent, reach)
    actions.register(agent, reach)
    lifecycle.register(agent, ctx)
    return Bot(reach, agent, notifier)
