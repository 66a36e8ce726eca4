"""Where the cooperation talks: conversations the assistant was added to, which body a channel
belongs to, messages that may need updating later, and each member's language.

The address of a conversation is opaque to the core (the chat adapter stores whatever it needs to
post there again); the core only knows its kind, its title, and the body or member it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from governance.domain.errors import InvalidInput
from governance.domain.messages import LOCALES, N_


class ConversationKind(StrEnum):
    PERSONAL = "personal"  # one member and the assistant
    CHANNEL = "channel"  # a channel of a team
    GROUP_CHAT = "group_chat"


SameOrigin = Callable[[dict[str, Any], dict[str, Any]], bool]
"""The chat adapter's answer to "are these two addresses served by the same endpoint?" (for
Teams: the same service host); the core keeps addresses opaque and asks."""


class ConversationMoved(Exception):
    """An activity tried to move a known conversation elsewhere; nothing was changed. The
    message names the reason for the operator's log."""


@dataclass(eq=False)
class Conversation:
    key: str  # the conversation's id, unique per chat platform
    kind: ConversationKind
    address: dict[str, Any]  # opaque to the core: what the adapter needs to post here again
    updated_at: datetime
    title: str = ""
    tenant_id: str | None = None
    team_id: str | None = None
    channel_id: str | None = None
    body_id: str | None = None  # the body whose channel this is
    member_id: str | None = None  # the member of a personal conversation
    active: bool = True
    id: int | None = None

    def move_refused(self, other: Conversation, same_origin: SameOrigin) -> str | None:
        """Why ``other`` may not replace this conversation's address, or None.

        A conversation never changes kind, tenant or team, and never moves to another endpoint:
        the platform may move its address within its own endpoint (Teams: another regional
        path on the same service host), but one activity can never send a body's channel or a
        member's chat, and the token that goes with every post, elsewhere.
        """
        if other.kind is not self.kind:
            return "another kind of conversation"
        if self.tenant_id and (other.tenant_id or "").lower() != self.tenant_id.lower():
            return "another tenant"
        if self.team_id and other.team_id and other.team_id != self.team_id:
            return "another team"
        if not same_origin(self.address, other.address):
            return "another service endpoint"
        return None

    def refresh(self, other: Conversation) -> None:
        """Take the newest address and title; keep the body link unless the other one has one.
        Callers check ``move_refused`` first."""
        self.address = dict(other.address)
        self.title = other.title or self.title
        self.tenant_id = other.tenant_id or self.tenant_id
        self.team_id = other.team_id or self.team_id
        self.channel_id = other.channel_id or self.channel_id
        self.member_id = other.member_id or self.member_id
        self.body_id = other.body_id or self.body_id
        self.active = True
        self.updated_at = other.updated_at


@dataclass(eq=False)
class Post:
    """A message about a subject (``vote:12``) posted into a conversation, to update it later."""

    subject: str
    conversation_key: str
    message_id: str
    posted_at: datetime
    id: int | None = None


@dataclass(eq=False)
class MemberSettings:
    member_id: str
    locale: str
    updated_at: datetime
    extra: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


def check_locale(locale: str) -> str:
    """A member chooses bokmål, nynorsk or English."""
    value = locale.strip().lower()
    if value not in LOCALES:
        raise InvalidInput(
            "settings.invalid_locale",
            N_("Choose a language: nb (bokmål), nn (nynorsk) or en (English), not “{value}”."),
            value=locale,
        )
    return value
