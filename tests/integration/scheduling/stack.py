"""The scheduler's world in tests: the bot (local mode, the test's database and clock), the
local Bot Connector over real HTTP, and the conversations the bot knows (a channel per body, a
personal chat per member), addressed at that connector."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiohttp.test_utils import TestServer

from bot.addresses import same_origin
from bot.app import build_connections, build_notifier
from bot.notifier import TeamsNotifier
from bot.settings import AuthSettings
from bot.throttle import Throttle
from cards.renderer import CardRenderer
from governance.domain.conversations import Conversation, ConversationKind
from governance.services import conversations
from governance.services.context import Context
from scheduler.sweeps import NoticeSender
from tests.emulators.connector import Connector

TENANT = "00000000-0000-4000-8000-0000000000aa"


def _address(url: str, key: str, *, channel: bool, tenant: str) -> dict[str, Any]:
    return {
        "channelId": "msteams",
        "serviceUrl": url,
        "locale": "nb-NO",
        "bot": {"id": "28:samstyre", "name": "Samstyre"},
        "conversation": {
            "id": key,
            "tenantId": tenant,
            "isGroup": channel,
            "conversationType": "channel" if channel else "personal",
        },
    }


def channel_of(
    body_id: str, key: str, url: str, *, tenant: str = TENANT, team: str = "team-1", at: Any
) -> Conversation:
    return Conversation(
        key,
        ConversationKind.CHANNEL,
        _address(url, key, channel=True, tenant=tenant),
        updated_at=at,
        title=body_id,
        tenant_id=tenant,
        team_id=team,
        channel_id=key,
        body_id=body_id,
    )


def personal_of(member_id: str, url: str, *, tenant: str = TENANT, at: Any) -> Conversation:
    key = f"a:personal-{member_id}"
    return Conversation(
        key,
        ConversationKind.PERSONAL,
        _address(url, key, channel=False, tenant=tenant),
        updated_at=at,
        tenant_id=tenant,
        member_id=member_id,
    )


@dataclass
class SchedulingStack:
    ctx: Context
    notifier: TeamsNotifier
    sender: NoticeSender
    connector: Connector
    url: str

    async def know_bodies(self, body_ids: Iterable[str]) -> None:
        """The bot was added to a channel of each body."""
        for body_id in body_ids:
            seen = channel_of(
                body_id, f"19:{body_id}@thread.tacv2", self.url, at=self.ctx.clock.now()
            )
            await conversations.remember(self.ctx, seen, same_origin)

    async def know_members(self, member_ids: Iterable[str]) -> None:
        """Each member has a personal chat with the bot."""
        for member_id in member_ids:
            seen = personal_of(member_id, self.url, at=self.ctx.clock.now())
            await conversations.remember(self.ctx, seen, same_origin)


def local_notifier(ctx: Context) -> TeamsNotifier:
    """The notifier of a local-mode process (no Teams app: the scheduler needs no more)."""
    settings = AuthSettings.from_env(
        {"SAMSTYRE_LOCAL": "1"}, tenant_ids=ctx.mandate.tenant_ids, local=True
    )
    return build_notifier(ctx, settings, build_connections(settings), Throttle())


def local_sweeps(ctx: Context, name: str | None = None, **options: Any) -> NoticeSender:
    """The scheduler's sweeps as ``samstyre worker`` wires them, posting in local mode."""
    return NoticeSender(ctx, local_notifier(ctx), CardRenderer(), name, **options)


@asynccontextmanager
async def scheduling(
    ctx: Context,
    connector: Connector | None = None,
    *,
    name: str = "test-worker",
    lease: timedelta = timedelta(minutes=5),
) -> AsyncIterator[SchedulingStack]:
    connector = connector or Connector()
    server = TestServer(connector.app(), host="127.0.0.1")
    await server.start_server()
    try:
        notifier = local_notifier(ctx)
        sender = NoticeSender(ctx, notifier, CardRenderer(), name, lease=lease)
        url = str(server.make_url("")).rstrip("/") + "/"
        yield SchedulingStack(ctx, notifier, sender, connector, url)
    finally:
        await server.close()
