"""Installation and channel events: remember every channel of a team the assistant is added to
(and each chat), forget them when it is removed. A channel named by a body's ``channel_id`` in the
mandate file is linked to that body at once; the chair links others with a command."""

from __future__ import annotations

import logging
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState
from microsoft_agents.hosting.core.connector.teams.teams_connector_client import (
    TeamsConnectorClient,
)

from bot.addresses import conversation_of, same_origin
from bot.errors import unexpected
from bot.identity import tenant_of
from bot.origin import safe_id
from bot.sdk import connector_client
from governance.domain.conversations import Conversation, ConversationKind, ConversationMoved
from governance.services import conversations
from governance.services.context import Context

log = logging.getLogger("samstyre.bot")
CHANNEL_KEPT = {
    "channelCreated",
    "channelRenamed",
    "channelRestored",
    "teamRenamed",
    "teamRestored",
    "teamMemberAdded",
}


def register(agent: AgentApplication[TurnState], ctx: Context) -> None:
    @agent.activity(ActivityTypes.installation_update)
    async def on_installation(context: TurnContext, state: TurnState) -> None:
        await guarded(ctx, context, installation)

    @agent.activity(ActivityTypes.conversation_update)
    async def on_conversation_update(context: TurnContext, state: TurnState) -> None:
        await guarded(ctx, context, conversation_update)


async def guarded(ctx: Context, context: TurnContext, handler: Any) -> None:
    activity = context.activity
    tenants = {t.lower() for t in ctx.mandate.tenant_ids}
    if tenants and (tenant_of(activity) or "").lower() not in tenants:
        log.warning("ignored %s from a tenant outside the mandate", activity.type)
        return
    try:
        await handler(ctx, context)
    except ConversationMoved as refused:
        log.warning("kept the stored address (%s): %s", activity.type, refused)
    except Exception as error:
        unexpected(error, f"handling {activity.type}")


def _event(activity: Activity) -> str:
    data: Any = activity.channel_data
    return str(data.get("eventType") or "") if isinstance(data, dict) else ""


def _team_id(activity: Activity) -> str | None:
    data: Any = activity.channel_data
    team = data.get("team") if isinstance(data, dict) else None
    return str(team["id"]) if isinstance(team, dict) and team.get("id") else None


async def installation(ctx: Context, context: TurnContext) -> None:
    activity = context.activity
    if activity.action in ("remove", "remove-upgrade"):
        await conversations.deactivate(
            ctx,
            key=_key(activity),
            team_id=_team_id(activity),
            seen=_conversation(ctx, activity),
            same_origin=same_origin,
        )
        return
    seen = await conversations.remember(ctx, _conversation(ctx, activity), same_origin)
    if seen.kind is ConversationKind.CHANNEL and seen.team_id:
        await remember_team_channels(ctx, context, seen)


async def conversation_update(ctx: Context, context: TurnContext) -> None:
    activity = context.activity
    event = _event(activity)
    seen = _conversation(ctx, activity)
    if event == "channelDeleted":
        await conversations.deactivate(
            ctx, key=_channel_key(activity), seen=seen, same_origin=same_origin
        )
    elif event == "teamDeleted" or (event == "teamMemberRemoved" and _bot_left(activity)):
        await conversations.deactivate(
            ctx, team_id=_team_id(activity), seen=seen, same_origin=same_origin
        )
    elif event in CHANNEL_KEPT or _bot_joined(activity):
        if event.startswith("channel"):
            seen = _for_channel(activity, seen)
        await conversations.remember(ctx, seen, same_origin)


def _bot_joined(activity: Activity) -> bool:
    me = activity.recipient.id if activity.recipient else None
    return any(m.id == me for m in activity.members_added or [])


def _bot_left(activity: Activity) -> bool:
    me = activity.recipient.id if activity.recipient else None
    return any(m.id == me for m in activity.members_removed or [])


def _key(activity: Activity) -> str:
    return str(activity.conversation.id).split(";messageid=")[0]


def _channel_key(activity: Activity) -> str:
    data: Any = activity.channel_data
    channel = data.get("channel") if isinstance(data, dict) else None
    return str(channel["id"]) if isinstance(channel, dict) and channel.get("id") else _key(activity)


def _conversation(ctx: Context, activity: Activity) -> Conversation:
    return conversation_of(activity, member_id=None, at=ctx.clock.now())


def _for_channel(activity: Activity, conversation: Conversation) -> Conversation:
    """A channel event names the channel in ``channelData``; post there, not in General."""
    key = _channel_key(activity)
    conversation.key = conversation.channel_id = key
    conversation.address["conversation"]["id"] = key
    return conversation


async def remember_team_channels(ctx: Context, context: TurnContext, general: Conversation) -> None:
    """Ask the connector for the team's channels (``GET /v3/teams/{id}/conversations``)."""
    client = connector_client(context)
    if not isinstance(client, TeamsConnectorClient) or general.team_id is None:
        return
    for channel in await client.fetch_channel_list(general.team_id):
        if not channel.id or channel.id == general.key:
            continue
        address = dict(general.address) | {
            "conversation": {**general.address["conversation"], "id": channel.id}
        }
        if not safe_id(channel.id):
            log.warning("skipped a channel whose id is not a valid Teams id")
            continue
        try:
            await conversations.remember(
                ctx,
                Conversation(
                    key=channel.id,
                    kind=ConversationKind.CHANNEL,
                    address=address,
                    updated_at=ctx.clock.now(),
                    title=(channel.name or "")[:300],
                    tenant_id=general.tenant_id,
                    team_id=general.team_id,
                    channel_id=channel.id,
                ),
                same_origin,
            )
        except ConversationMoved as refused:
            log.warning("kept the stored address: %s", refused)
