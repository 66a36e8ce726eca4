"""Conversations the assistant takes part in, the messages it posted and the members'
settings: tables, mapping and repositories."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, String, Table
from sqlalchemy.orm import registry

from governance.domain.conversations import Conversation, ConversationKind, MemberSettings, Post
from governance.i18n import N_
from governance.store.base import SqlRepository, UtcDateTime, enum_column, json_dict, metadata, pk

conversations_t = Table(
    "conversations",
    metadata,
    pk(),
    Column("key", String(300), nullable=False, unique=True),
    Column("kind", enum_column(ConversationKind), nullable=False),
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
    mapper_registry.map_imperatively(Conversation, conversations_t)
    mapper_registry.map_imperatively(Post, posts_t)
    mapper_registry.map_imperatively(MemberSettings, member_settings_t)


class ConversationRepository(SqlRepository[Conversation]):
    model = Conversation
    not_found_code = "conversation.not_found"
    not_found_message = N_("There is no conversation #{id}.")

    async def by_key(self, key: str) -> Conversation | None:
        found = await self.where(conversations_t.c.key == key)
        return found[0] if found else None

    async def of_body(self, body_id: str) -> list[Conversation]:
        """The active channels linked to a body, the most recently seen first."""
        return await self.where(
            conversations_t.c.body_id == body_id,
            conversations_t.c.active.is_(True),
            order_by=[conversations_t.c.updated_at.desc(), conversations_t.c.id.desc()],
        )

    async def personal_of(self, member_id: str) -> Conversation | None:
        found = await self.where(
            conversations_t.c.member_id == member_id,
            conversations_t.c.active.is_(True),
            conversations_t.c.kind == "personal",
            order_by=[conversations_t.c.updated_at.desc()],
        )
        return found[0] if found else None

    async def of_team(self, team_id: str) -> list[Conversation]:
        return await self.where(
            conversations_t.c.team_id == team_id, order_by=[conversations_t.c.id]
        )

    async def all(self) -> list[Conversation]:
        return await self.where(order_by=[conversations_t.c.id])


class PostRepository(SqlRepository[Post]):
    model = Post

    async def of_subject(self, subject: str) -> list[Post]:
        return await self.where(posts_t.c.subject == subject, order_by=[posts_t.c.id])


class SettingsRepository(SqlRepository[MemberSettings]):
    model = MemberSettings

    async def of_member(self, member_id: str) -> MemberSettings | None:
        found = await self.where(member_settings_t.c.member_id == member_id)
        return found[0] if found else None

    async def of_members(self, member_ids: list[str]) -> list[MemberSettings]:
        return await self.where(member_settings_t.c.member_id.in_(member_ids))
