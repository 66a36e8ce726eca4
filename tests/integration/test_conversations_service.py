"""Conversations, posts and member settings through the real use cases, on both engines."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.addresses import same_origin
from governance.domain.conversations import (
    Conversation,
    ConversationKind,
    ConversationMoved,
)
from governance.services import conversations
from governance.services.commands import ChooseLanguage, LinkChannel
from governance.services.context import Context
from tests.integration.helpers import CHAIR, refused

TEAM = "00000000-0000-4000-8000-0000000000b1"
COMMITTEE_CHANNEL = "19:bestillerutvalget-example@thread.tacv2"


def channel(key: str, *, team: str = TEAM, title: str = "Kanal") -> Conversation:
    return Conversation(
        key=key,
        kind=ConversationKind.CHANNEL,
        address={"serviceUrl": "http://connector/", "conversation": {"id": key}},
        updated_at=datetime.fromisoformat("2027-01-11T09:00:00+00:00"),
        title=title,
        team_id=team,
        channel_id=key,
    )


async def test_a_channel_is_remembered_once_and_refreshed(ctx: Context) -> None:
    await conversations.remember(ctx, channel("19:a@thread.tacv2", title="Gammel"), same_origin)
    again = await conversations.remember(ctx, channel("19:a@thread.tacv2", title="Ny"), same_origin)
    assert again.title == "Ny"
    stored = await conversations.get(ctx, "19:a@thread.tacv2")
    assert stored.title == "Ny" and stored.active


async def test_the_channel_named_in_the_mandate_is_linked_to_its_body(ctx: Context) -> None:
    committee = await conversations.remember(ctx, channel(COMMITTEE_CHANNEL), same_origin)
    assert committee.body_id == ctx.mandate.committee
    other = await conversations.remember(ctx, channel("19:other@thread.tacv2"), same_origin)
    assert other.body_id is None
    found = await conversations.of_body(ctx, ctx.mandate.committee)
    assert found is not None and found.key == COMMITTEE_CHANNEL


async def test_the_chair_links_a_channel_to_a_body_and_it_is_audited(ctx: Context) -> None:
    await conversations.remember(ctx, channel("19:styret@thread.tacv2"), same_origin)
    linked = await conversations.link_body(
        ctx, LinkChannel(CHAIR, "19:styret@thread.tacv2", "styret")
    )
    assert linked.body_id == "styret"
    found = await conversations.of_body(ctx, "styret")
    assert found is not None and found.key == "19:styret@thread.tacv2"


async def test_a_bestiller_cannot_link_a_channel(ctx: Context, engine: AsyncEngine) -> None:
    await conversations.remember(ctx, channel("19:x@thread.tacv2"), same_origin)
    await refused(
        ctx,
        engine,
        "policy.chair_only",
        conversations.link_body(ctx, LinkChannel("best-molde", "19:x@thread.tacv2", "styret")),
    )


async def test_removed_team_deactivates_its_channels(ctx: Context) -> None:
    await conversations.remember(ctx, channel(COMMITTEE_CHANNEL), same_origin)
    await conversations.remember(ctx, channel("19:b@thread.tacv2"), same_origin)
    assert await conversations.deactivate(ctx, team_id=TEAM) == 2
    assert await conversations.of_body(ctx, ctx.mandate.committee) is None


async def test_language_choice_is_kept_per_member(ctx: Context, engine: AsyncEngine) -> None:
    await conversations.set_locale(ctx, ChooseLanguage("best-molde", "NN"))
    assert await conversations.locale_of(ctx, "best-molde") == "nn"
    assert await conversations.locale_of(ctx, "best-rauma") is None
    await refused(
        ctx,
        engine,
        "settings.invalid_locale",
        conversations.set_locale(ctx, ChooseLanguage("best-molde", "sv")),
    )


async def test_chat_user_ids_are_remembered_without_touching_the_language(ctx: Context) -> None:
    await conversations.remember_chat_user(ctx, "best-aukra", "29:aukra")
    await conversations.set_locale(ctx, ChooseLanguage("best-molde", "en"))
    await conversations.remember_chat_user(ctx, "best-molde", "29:molde")
    assert await conversations.chat_user_ids(ctx, ["best-molde", "best-aukra", "x"]) == [
        "29:molde",
        "29:aukra",
    ]
    assert await conversations.locale_of(ctx, "best-aukra") is None
    assert await conversations.locale_of(ctx, "best-molde") == "en"


async def test_posts_are_found_by_subject(ctx: Context) -> None:
    await conversations.record_post(ctx, "vote:1", "19:a@thread.tacv2", "m1")
    await conversations.record_post(ctx, "vote:1", "a:personal", "m2")
    await conversations.record_post(ctx, "vote:2", "19:a@thread.tacv2", "m3")
    assert [p.message_id for p in await conversations.posts_of(ctx, "vote:1")] == ["m1", "m2"]


@pytest.mark.parametrize("kind", [ConversationKind.PERSONAL, ConversationKind.GROUP_CHAT])
async def test_only_a_channel_can_be_linked_to_a_body(
    ctx: Context, engine: AsyncEngine, kind: ConversationKind
) -> None:
    chat = channel("a:chat")
    chat.kind = kind
    await conversations.remember(ctx, chat, same_origin)
    await refused(
        ctx,
        engine,
        "conversation.not_channel",
        conversations.link_body(ctx, LinkChannel(CHAIR, "a:chat", "styret")),
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"tenant_id": "00000000-0000-4000-8000-0000000000ee"}, "another tenant"),
        ({"team_id": "00000000-0000-4000-8000-0000000000e1"}, "another team"),
        (
            {"address": {"serviceUrl": "https://evil.example/", "conversation": {"id": "x"}}},
            "another service endpoint",
        ),
        ({"kind": ConversationKind.GROUP_CHAT}, "another kind"),
    ],
)
async def test_a_known_channel_never_moves_to_another_tenant_team_or_host(
    ctx: Context,
    change: dict[str, object],
    reason: str,
) -> None:
    first = channel(COMMITTEE_CHANNEL)
    first.tenant_id = "00000000-0000-4000-8000-0000000000aa"
    await conversations.remember(ctx, first, same_origin)
    seen = channel(COMMITTEE_CHANNEL, title="Flyttet")
    seen.tenant_id = first.tenant_id
    for name, value in change.items():
        setattr(seen, name, value)
    with pytest.raises(ConversationMoved, match=reason):
        await conversations.remember(ctx, seen, same_origin)
    stored = await conversations.get(ctx, COMMITTEE_CHANNEL)
    assert (stored.title, stored.address["serviceUrl"]) == ("Kanal", "http://connector/")
    assert (
        await conversations.deactivate(
            ctx, key=COMMITTEE_CHANNEL, seen=seen, same_origin=same_origin
        )
        == 0
    )
    assert (await conversations.get(ctx, COMMITTEE_CHANNEL)).active
