"""One turn of the conversation as the routes see it: who speaks (a member of the mandate), in
which language, in which conversation; and the replies they get (cards, never stack traces)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, Attachment
from microsoft_agents.hosting.core import TurnContext

from bot.addresses import conversation_of
from bot.identity import identify
from bot.memory import Memory
from cards.elements import CONTENT_TYPE as CARD_TYPE
from governance.domain.conversations import Conversation
from governance.domain.organisation import Member
from governance.i18n import normalise_locale
from governance.services import conversations
from governance.services.context import Context


@dataclass
class Turn:
    context: TurnContext
    ctx: Context
    member: Member
    locale: str
    conversation: Conversation
    memory: Memory

    @property
    def activity(self) -> Activity:
        return self.context.activity

    @property
    def actor(self) -> str:
        return self.member.id

    async def reply_card(self, card: dict[str, Any]) -> str | None:
        """Send a card into the conversation; returns the new message's id."""
        response = await self.context.send_activity(card_message(card))
        return response.id if response is not None else None


def card_message(card: dict[str, Any]) -> Activity:
    return Activity(
        type=ActivityTypes.message, attachments=[Attachment(content_type=CARD_TYPE, content=card)]
    )


async def begin(ctx: Context, memory: Memory, context: TurnContext) -> Turn:
    """Identify the caller (``UnknownCaller`` if they are not a member) and their language."""
    member = identify(context.activity, ctx.mandate)
    conversation = conversation_of(context.activity, member_id=member.id, at=ctx.clock.now())
    await memory.remember_conversation(conversation)
    settings = await memory.settings(member.id)
    user_id = context.activity.from_property.id if context.activity.from_property else None
    if user_id and (settings is None or settings.extra.get("chat_user_id") != user_id):
        await conversations.remember_chat_user(ctx, member.id, str(user_id))
        memory.forget_settings(member.id)
    locale = normalise_locale((settings.locale if settings else "") or ctx.mandate.locale)
    return Turn(context, ctx, member, locale, conversation, memory)
