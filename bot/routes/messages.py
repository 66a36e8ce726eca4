"""Chat messages: a command typed by a member, or the ``Action.Submit`` fallback of a card
(a message whose ``value`` carries the verb), in personal chat, channels and group chats."""

from __future__ import annotations

from typing import Any

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot import catalogue
from bot.errors import answer_to
from bot.routes import actions
from bot.routes.commands import HANDLERS
from bot.turns import Answer, Reach, Turn, begin, card_message, send
from governance.services import policies
from governance.views import Screen, ToastView


def register(agent: AgentApplication[TurnState], reach: Reach) -> None:
    @agent.activity(ActivityTypes.message)
    async def on_message(context: TurnContext, state: TurnState) -> None:
        await handle_message(reach, context)


async def handle_message(reach: Reach, context: TurnContext) -> None:
    locale = reach.ctx.mandate.locale
    try:
        turn = await begin(reach, context)
        locale = turn.locale
        value: Any = context.activity.value
        if isinstance(value, dict) and value.get("verb"):
            await actions.submitted(turn, context, value)
        else:
            await send(turn, context, await run_command(turn, context.activity.text or ""))
    except Exception as error:
        view = answer_to(error, "answering a message")
        await context.send_activity(card_message(reach.card(view, locale)))


async def run_command(turn: Turn, text: str) -> Screen | Answer | None:
    parsed = catalogue.parse(text)
    if isinstance(parsed, catalogue.Unknown):
        is_chair = policies.is_chair(turn.member, turn.ctx.mandate)
        return ToastView(parsed.render(turn.locale, is_chair=is_chair), plain=True)
    if isinstance(parsed, catalogue.Invalid | catalogue.TooLong):
        return ToastView(parsed.render(turn.locale), tone="attention", plain=True)
    argument = parsed.number if parsed.number is not None else (parsed.text or parsed.language)
    return await HANDLERS[parsed.spec.key](turn, argument)
