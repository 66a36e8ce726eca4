"""Proactive posts: cards into a body's channel or a member's personal chat, and updates of
cards posted earlier (a vote card after the vote closes). The scheduler and the publisher reach
Teams through this ``Notifier`` too; the core only knows conversations and posts."""

from __future__ import annotations

import logging
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import ClaimsIdentity, TurnContext

from bot.addresses import continuation_of
from bot.turns import card_message
from cards.notice import notice_card
from governance.domain.conversations import Conversation
from governance.i18n import N_, translate
from governance.services import conversations
from governance.services.context import Context

log = logging.getLogger("samstyre.notifier")


class TeamsNotifier:
    def __init__(self, ctx: Context, adapter: CloudAdapter, app_id: str, *, local: bool) -> None:
        self.ctx, self.adapter, self.app_id, self.local = ctx, adapter, app_id, local

    async def _continue(self, conversation: Conversation, work: Any) -> None:
        activity = continuation_of(conversation)
        if self.local:  # the emulator: anonymous, no outgoing token
            await self.adapter.continue_conversation_with_claims(
                ClaimsIdentity({}, None), activity, work)
        else:
            await self.adapter.continue_conversation(self.app_id, activity, work)

    async def post_card(self, conversation: Conversation, card: dict[str, Any],
                        *, subject: str | None = None) -> str | None:
        """Post a new message with ``card``; remember it under ``subject`` to update it later."""
        sent: list[str] = []

        async def work(context: TurnContext) -> None:
            response = await context.send_activity(card_message(card))
            if response is not None and response.id:
                sent.append(response.id)

        await self._continue(conversation, work)
        message_id = sent[0] if sent else None
        if subject and message_id:
            await conversations.record_post(self.ctx, subject, conversation.key, message_id)
        return message_id

    async def post_to_body(self, body_id: str, card: dict[str, Any],
                           *, subject: str | None = None) -> str | None:
        """Post into the body's channel; ``None`` when no channel is linked to the body yet."""
        conversation = await conversations.of_body(self.ctx, body_id)
        if conversation is None:
            log.warning("no channel is linked to body %s; nothing posted", body_id)
            return None
        return await self.post_card(conversation, card, subject=subject)

    async def update_posts(self, subject: str, card: dict[str, Any]) -> int:
        """Replace every message posted about ``subject`` with ``card``."""
        updated = 0
        for post in await conversations.posts_of(self.ctx, subject):
            conversation = await conversations.get(self.ctx, post.conversation_key)
            replacement = card_message(card)
            replacement.id = post.message_id

            async def work(context: TurnContext, activity: Activity = replacement) -> None:
                activity.type = ActivityTypes.message
                await context.update_activity(activity)

            await self._continue(conversation, work)
            updated += 1
        return updated


class ChannelAnnouncer:
    """The publisher's ``Announcer``: a card in the body's channel linking the new document, and
    a card to the chair when a publication had to be parked."""

    def __init__(self, notifier: TeamsNotifier) -> None:
        self.notifier = notifier

    async def announce(self, body_id: str, title: str, url: str) -> None:
        locale = self.notifier.ctx.mandate.locale
        text = translate(N_("New in the Teams area: [{title}]({url})"), locale, title=title,
                         url=url)
        await self.notifier.post_to_body(body_id, notice_card(text, locale, tone="good"))

    async def parked(self, key: str, error: str) -> None:
        ctx = self.notifier.ctx
        locale = ctx.mandate.locale
        text = translate(N_("A publication could not be delivered and was set aside: {key} "
                            "({error}). An operator can send it again with “samstyre outbox "
                            "retry”."), locale, key=key, error=error[:300])
        for chair in ctx.mandate.chairs():
            conversation = await conversations.personal_of(ctx, chair.id)
            if conversation is not None:
                await self.notifier.post_card(conversation,
                                              notice_card(text, locale, tone="attention"))
