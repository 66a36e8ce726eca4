"""Conversations as the core stores them, made from Teams activities, and back into the
conversation references the Agents SDK needs to post there again (proactive messages)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from microsoft_agents.activity import Activity, ConversationReference

from bot.identity import tenant_of
from governance.domain.conversations import Conversation, ConversationKind

TITLE_LENGTH = 300  # the store's column


def _teams_data(activity: Activity) -> dict[str, Any]:
    data: Any = activity.channel_data
    return data if isinstance(data, dict) else {}


def _kind(activity: Activity) -> ConversationKind:
    conversation_type = activity.conversation.conversation_type if activity.conversation else None
    if conversation_type == "channel" or _teams_data(activity).get("channel"):
        return ConversationKind.CHANNEL
    is_group = bool(activity.conversation and activity.conversation.is_group)
    if conversation_type == "groupChat" or is_group:
        return ConversationKind.GROUP_CHAT
    return ConversationKind.PERSONAL


def channel_key(conversation_id: str) -> str:
    """A channel thread id (``19:…@thread.tacv2;messageid=123``) names its channel's key."""
    return conversation_id.split(";messageid=")[0]


def conversation_of(activity: Activity, *, member_id: str | None, at: datetime) -> Conversation:
    """What the core remembers of the conversation an activity came from."""
    data = _teams_data(activity)
    kind = _kind(activity)
    team: dict[str, Any] = data["team"] if isinstance(data.get("team"), dict) else {}
    channel: dict[str, Any] = data["channel"] if isinstance(data.get("channel"), dict) else {}
    key = channel_key(str(activity.conversation.id))
    reference = activity.get_conversation_reference()
    address = reference.model_dump(mode="json", by_alias=True, exclude_none=True)
    address["conversation"]["id"] = key  # post new threads to the channel, not into one thread
    address.pop("activityId", None)
    address.pop("user", None)
    return Conversation(
        key=key,
        kind=kind,
        address=address,
        updated_at=at,
        title=str(channel.get("name") or team.get("name") or activity.conversation.name or "")[
            :TITLE_LENGTH
        ],
        tenant_id=tenant_of(activity),
        team_id=str(team["id"]) if team.get("id") else None,
        channel_id=str(channel["id"])
        if channel.get("id")
        else (key if kind is ConversationKind.CHANNEL else None),
        member_id=member_id if kind is ConversationKind.PERSONAL else None,
    )


def reference_of(conversation: Conversation) -> ConversationReference:
    return ConversationReference.model_validate(conversation.address)


def continuation_of(conversation: Conversation) -> Activity:
    """The event activity that continues ``conversation`` from a stored reference."""
    return reference_of(conversation).get_continuation_activity()


def same_origin(stored: dict[str, Any], seen: dict[str, Any]) -> bool:
    """Two stored addresses are served by the same Teams endpoint: the same scheme, host and
    port of their ``serviceUrl`` (the path may differ: Teams moves tenants between regional
    paths such as ``/emea/`` and ``/teams/`` on one host)."""
    try:
        a = urlsplit(str(stored.get("serviceUrl") or ""))
        b = urlsplit(str(seen.get("serviceUrl") or ""))
        return bool(a.hostname) and (a.scheme.lower(), a.hostname, a.port) == (
            b.scheme.lower(),
            b.hostname,
            b.port,
        )
    except ValueError:
        return False
