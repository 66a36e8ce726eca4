"""Use cases of conversations and member settings: remember where the assistant was added, link
a channel to a body (by the chair, or by the mandate YAML's channel id), remember posted messages
so they can be updated, and each member's language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from governance.domain.conversations import (
    Conversation,
    ConversationKind,
    ConversationMoved,
    MemberSettings,
    Post,
    SameOrigin,
    check_locale,
)
from governance.domain.errors import DomainError, InvalidInput, NotFound
from governance.domain.subjects import AuditSubject
from governance.i18n import N_
from governance.ports import RosterEntry, UnitOfWork
from governance.services import policies
from governance.services.commands import ChooseLanguage, LinkChannel
from governance.services.context import Context, record, retry_on_conflict


def _body_from_mandate(ctx: Context, conversation: Conversation) -> str | None:
    """The body whose YAML names this channel (or this team, for its General channel)."""
    if conversation.kind is not ConversationKind.CHANNEL:
        return None
    for body in ctx.mandate.bodies:
        if body.channel_id and body.channel_id == conversation.channel_id:
            return body.id
    if conversation.channel_id != conversation.team_id:  # not the team's General channel
        return None
    for body in ctx.mandate.bodies:
        if body.team_id and not body.channel_id and body.team_id == conversation.team_id:
            return body.id
    return None


@retry_on_conflict
async def remember(ctx: Context, seen: Conversation, same_origin: SameOrigin) -> Conversation:
    """Store or refresh where the assistant can post (installation, channel events, messages).

    ``seen`` comes from a validated activity. It may refresh a known conversation, or add a
    member's personal chat beside an earlier one, only where ``Conversation.move_refused``
    allows; otherwise ``ConversationMoved`` is raised and nothing is stored.
    """
    seen.body_id = seen.body_id or _body_from_mandate(ctx, seen)
    async with ctx.bookkeeping() as uow:
        known = await uow.conversations.by_key(seen.key)
        if known is None:
            await _refuse_new_personal_chat_elsewhere(uow, seen, same_origin)
            uow.conversations.add(seen)
            known = seen
        else:
            if reason := known.move_refused(seen, same_origin):
                raise ConversationMoved(f"conversation {seen.key[:80]} would move to {reason}")
            known.refresh(seen)
        await uow.commit()
    return known


async def _refuse_new_personal_chat_elsewhere(
    uow: UnitOfWork, seen: Conversation, same_origin: SameOrigin
) -> None:
    """A member's new personal chat replaces their current one (the newest is used) only in
    the same tenant and on the same endpoint."""
    if seen.kind is not ConversationKind.PERSONAL or not seen.member_id:
        return
    current = await uow.conversations.personal_of(seen.member_id)
    if current is not None and (reason := current.move_refused(seen, same_origin)):
        raise ConversationMoved(f"the personal chat of {seen.member_id} would move to {reason}")


@retry_on_conflict
async def deactivate(
    ctx: Context,
    *,
    key: str | None = None,
    team_id: str | None = None,
    seen: Conversation | None = None,
    same_origin: SameOrigin | None = None,
) -> int:
    """The assistant was removed from a conversation (or a whole team): stop posting there.

    When an activity says so (``seen``, with the adapter's ``same_origin``), only conversations
    it could also have moved are deactivated: same kind, tenant, team and endpoint. Without
    ``seen`` the caller is the assistant itself (Teams answered 403 to a post).
    """
    async with ctx.bookkeeping() as uow:
        found = [c for c in [await uow.conversations.by_key(key)] if c] if key else []
        if team_id:
            found += await uow.conversations.of_team(team_id)
        if seen is not None and same_origin is not None:
            found = [c for c in found if c.move_refused(seen, same_origin) is None]
        for conversation in found:
            conversation.active = False
        await uow.commit()
    return len(found)


@retry_on_conflict
async def link_body(ctx: Context, cmd: LinkChannel) -> Conversation:
    """The chair decides which body a channel belongs to (mandate YAML may do it by channel id)."""
    actor, key, body_id = cmd.actor, cmd.key, cmd.body_id
    member = ctx.mandate.member(actor)
    policies.require_chair(member, ctx.mandate)
    async with ctx.unit() as uow:
        body_id = await _linkable(ctx, uow, body_id)
        conversation = await uow.conversations.by_key(key)
        if conversation is None or conversation.kind is not ConversationKind.CHANNEL:
            raise InvalidInput(
                "conversation.not_channel", N_("Only a team channel can be linked to a body.")
            )
        previous = conversation.body_id
        conversation.body_id = body_id
        await record(
            ctx,
            uow,
            actor,
            "conversation.linked",
            AuditSubject.body(body_id),
            {"conversation": key, "title": conversation.title, "previous": previous},
        )
        await uow.commit()
    return conversation


async def _linkable(ctx: Context, uow: UnitOfWork, body_id: str) -> str:
    """A body of the mandate file, or an open group on record (a project group, say): its id."""
    if ctx.mandate.is_body(body_id):
        return body_id
    group = await uow.groups.find_key(body_id)
    if group is None or group.is_closed:
        raise NotFound("body.not_found", N_("Unknown body: {id}."), id=body_id)
    return group.key


async def linkable(ctx: Context) -> list[tuple[str, str]]:
    """What a channel can belong to: (id, name) of every body, then every open group on record
    that is not a body of the mandate file (project and working groups established since)."""
    async with ctx.reading() as uow:
        groups = await uow.groups.all()
    found = [(b.id, b.name) for b in ctx.mandate.bodies]
    known = {ident for ident, _ in found}
    found += [(g.key, g.name) for g in groups if g.key not in known and not g.is_closed]
    return found


async def of_body(ctx: Context, body_id: str) -> Conversation | None:
    """The channel where a body is addressed (the most recently seen, when several)."""
    async with ctx.reading() as uow:
        found = await uow.conversations.of_body(body_id)
    return found[0] if found else None


async def get(ctx: Context, key: str) -> Conversation:
    async with ctx.reading() as uow:
        conversation = await uow.conversations.by_key(key)
    if conversation is None:
        raise NotFound("conversation.unknown", N_("This conversation is not known yet."))
    return conversation


@dataclass(frozen=True)
class Directory:
    """Where everyone can be reached, read once (for a sweep that posts to many): each body's
    most recently seen active channel, each member's personal chat, and chosen languages."""

    channels: dict[str, Conversation]
    personal: dict[str, Conversation]
    locales: dict[str, str]


async def directory(ctx: Context) -> Directory:
    async with ctx.reading() as uow:
        known = await uow.conversations.all()
        settings = await uow.settings.of_members([m.id for m in ctx.mandate.members])
    channels: dict[str, Conversation] = {}
    personal: dict[str, Conversation] = {}
    for conversation in sorted(known, key=lambda c: (c.updated_at, c.id or 0)):
        if not conversation.active:
            continue
        if conversation.body_id:
            channels[conversation.body_id] = conversation  # the newest wins, as in of_body
        if conversation.kind is ConversationKind.PERSONAL and conversation.member_id:
            personal[conversation.member_id] = conversation
    return Directory(channels, personal, {s.member_id: s.locale for s in settings if s.locale})


async def personal_of(ctx: Context, member_id: str) -> Conversation | None:
    async with ctx.reading() as uow:
        return await uow.conversations.personal_of(member_id)


@retry_on_conflict
async def record_post(ctx: Context, subject: str, conversation_key: str, message_id: str) -> Post:
    """Remember a posted message about ``subject`` (e.g. a vote card) to update it later."""
    post = Post(subject, conversation_key, message_id, posted_at=ctx.clock.now())
    async with ctx.bookkeeping() as uow:
        uow.posts.add(post)
        await uow.commit()
    return post


async def posts_of(ctx: Context, subject: str) -> list[Post]:
    async with ctx.reading() as uow:
        return await uow.posts.of_subject(subject)


@retry_on_conflict
async def set_locale(ctx: Context, cmd: ChooseLanguage) -> MemberSettings:
    """A member chooses the language the assistant speaks to them (``språk nb|nn|en``)."""
    actor, locale = cmd.actor, cmd.locale
    ctx.mandate.member(actor)
    value = check_locale(locale)
    async with ctx.bookkeeping() as uow:
        settings = await uow.settings.of_member(actor)
        if settings is None:
            settings = MemberSettings(actor, value, updated_at=ctx.clock.now())
            uow.settings.add(settings)
        settings.locale, settings.updated_at = value, ctx.clock.now()
        await uow.commit()
    return settings


async def settings_of(ctx: Context, member_id: str) -> MemberSettings | None:
    async with ctx.reading() as uow:
        return await uow.settings.of_member(member_id)


async def locale_of(ctx: Context, member_id: str) -> str | None:
    settings = await settings_of(ctx, member_id)
    return settings.locale if settings and settings.locale else None


@retry_on_conflict
async def remember_chat_user(ctx: Context, member_id: str, user_id: str) -> None:
    """Keep the chat platform's user id of a member (cards name it to refresh for them)."""
    async with ctx.bookkeeping() as uow:
        settings = await uow.settings.of_member(member_id)
        if settings is None:
            settings = MemberSettings(member_id, "", updated_at=ctx.clock.now())
            uow.settings.add(settings)
        settings.extra["chat_user_id"] = user_id
        settings.updated_at = ctx.clock.now()
        await uow.commit()


@retry_on_conflict
async def remember_roster(ctx: Context, roster: Sequence[RosterEntry]) -> int:
    """Keep the chat user id of every member of the mandate found in a conversation's roster
    (by Entra object id, else UPN); people who are not members are ignored. How many members
    got a new or changed id."""
    found: dict[str, str] = {}
    for entry in roster:
        if not entry.user_id or not (entry.object_id or entry.upn):
            continue
        try:
            member = ctx.mandate.member_by_identity(entry.object_id, entry.upn)
        except DomainError:
            continue
        found.setdefault(member.id, entry.user_id)
    if not found:
        return 0
    changed = 0
    async with ctx.bookkeeping() as uow:
        known = {s.member_id: s for s in await uow.settings.of_members(list(found))}
        for member_id, user_id in found.items():
            settings = known.get(member_id)
            if settings is None:
                settings = MemberSettings(member_id, "", updated_at=ctx.clock.now())
                uow.settings.add(settings)
            if settings.extra.get("chat_user_id") != user_id:
                settings.extra["chat_user_id"] = user_id
                settings.updated_at = ctx.clock.now()
                changed += 1
        await uow.commit()
    return changed


async def chat_user_ids(ctx: Context, member_ids: list[str]) -> list[str]:
    """The known chat user ids of these members, in their order."""
    async with ctx.reading() as uow:
        found = {s.member_id: s for s in await uow.settings.of_members(member_ids)}
    return [
        str(found[m].extra["chat_user_id"])
        for m in member_ids
        if m in found and found[m].extra.get("chat_user_id")
    ]
