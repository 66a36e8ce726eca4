"""Tables of conversations the assistant takes part in, posted messages and member settings."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, String, Table
from sqlalchemy.orm import registry

from governance.domain import conversations
from governance.store.schema_base import enum_column, json_dict, metadata, pk
from governance.store.types import UtcDateTime

conversations_t = Table(
    "conversations",
    metadata,
    pk(),
    Column("key", String(300), nullable=False, unique=True),
    Column("kind", enum_column(conversations.ConversationKind), nullable=False),
    Column("address", json_dict(), nullable=False),
    Column("title", String(300), nullable=False),
    Column("tenant_id", String(100)),
    Column("team_id", String(300)),
    Column("channel_id", String(300)),
    Column("body_id", String(100), index=True),
    Column("member_id", String(100), index=True),
    Column("active", Boolean, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

posts_t = Table(
    "posts",
    metadata,
    pk(),
    Column("subject", String(200), nullable=False),
    Column("conversation_key", String(300), nullable=False),
    Column("message_id", String(300), nullable=False),
    Column("posted_at", UtcDateTime, nullable=False),
    Index("ix_posts_subject", "subject"),
)

member_settings_t = Table(
    "member_settings",
    metadata,
    pk(),
    Column("member_id", String(100), nullable=False, unique=True),
    Column("locale", String(10), nullable=False),
    Column("extra", json_dict(), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)


def map_conversations(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(conversations.Conversation, conversations_t)
    mapper_registry.map_imperatively(conversations.Post, posts_t)
    mapper_registry.map_imperatively(conversations.MemberSettings, member_settings_t)
