"""One turn of the conversation as the handlers see it: who speaks (a member of the mandate), in
which language and conversation, and what they may reach (the core's context, the notifier, the
renderer). The SDK's ``TurnContext`` stays with the route that answers the turn; a handler
returns a view (or an ``Answer``), and the route renders and sends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from microsoft_agents.activity import Activity, ActivityTypes, Attachment
from microsoft_agents.hosting.core import TurnContext

from bot.addresses import conversation_of
from bot.identity import identify
from bot.memory import Memory
from governance.domain.conversations import Conversation
from governance.domain.organisation import Member
from governance.domain.subjects import CardSubject
from governance.i18n import normalise_locale
from governance.ports import Card, Notifier, Renderer
from governance.services import conversations
from governance.services.context import Context
from governance.views import Screen

CARD_TYPE: Final = "application/vnd.microsoft.card.adaptive"


@dataclass(frozen=True)
class Reach:
    """What every handler may reach, built once per process by ``bot.app.build_bot``."""

    ctx: Context
    memory: Memory
    notifier: Notifier
    renderer: Renderer

    def card(self, view: Screen, locale: str) -> Card:
        return self.renderer.screen(view, self.ctx.mandate, locale)


@dataclass(frozen=True)
class Turn:
    reach: Reach
    member: Member
    locale: str
    conversation: Conversation
    clicked: bool  # a card button (the answer replaces the clicked card), not a typed message

    @property
    def ctx(self) -> Context:
        return self.reach.ctx

    @property
    def memory(self) -> Memory:
        return self.reach.memory

    @property
    def actor(self) -> str:
        return self.member.id

    def card(self, view: Screen) -> Card:
        """``view`` rendered for this turn's reader."""
        return self.reach.card(view, self.locale)


@dataclass(frozen=True)
class Answer:
    """A view sent as a new message or replacing the clicked card, and remembered under
    ``subject`` so that a later change updates it (a vote card, updated when the vote closes)."""

    view: Screen
    subject: CardSubject
    posted_here: bool = False  # already posted into this conversation: a command needs no reply
    posted_in: str | None = None  # the conversation it was posted in as a new message, if any


def card_message(card: dict[str, Any]) -> Activity:
    return Activity(
        type=ActivityTypes.message, attachments=[Attachment(content_type=CARD_TYPE, content=card)]
    )


async def begin(reach: Reach, context: TurnContext) -> Turn:
    """Identify the caller (``UnknownCaller`` if they are not a member) and their language."""
    ctx, memory = reach.ctx, reach.memory
    member = identify(context.activity, ctx.mandate)
    conversation = conversation_of(context.activity, member_id=member.id, at=ctx.clock.now())
    await memory.remember_conversation(conversation)
    settings = await memory.settings(member.id)
    user_id = context.activity.from_property.id if context.activity.from_property else None
    if user_id and (settings is None or settings.extra.get("chat_user_id") != user_id):
        await conversations.remember_chat_user(ctx, member.id, str(user_id))
        memory.forget_settings(member.id)
    locale = normalise_locale((settings.locale if settings else "") or ctx.mandate.locale)
    clicked = context.activity.type == ActivityTypes.invoke
    return Turn(reach, member, locale, conversation, clicked)


async def send(turn: Turn, context: TurnContext, answer: Screen | Answer | None) -> None:
    """Send a handler's answer into the conversation (the reply to a typed message or to an old
    client's ``Action.Submit``); an ``Answer`` is remembered under its subject."""
    if answer is None or (isinstance(answer, Answer) and answer.posted_here):
        return
    view = answer.view if isinstance(answer, Answer) else answer
    response = await context.send_activity(card_message(turn.card(view)))
    if isinstance(answer, Answer) and response is not None and response.id:
        await conversations.record_post(
            turn.ctx, answer.subject.key, turn.conversation.key, response.id
        )
