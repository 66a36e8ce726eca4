"""Chat messages: a command typed by a member, or the ``Action.Submit`` fallback of a card
(a message whose ``value`` carries the verb), in personal chat, channels and group chats."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot import catalogue
from bot.errors import failure_text, unexpected
from bot.routes import actions
from bot.routes.commands import HANDLERS
from bot.turns import Turn, begin, card_message
from cards.notice import notice_card
from governance.domain.errors import DomainError
from governance.services import policies

if TYPE_CHECKING:
    from bot.app import Bot


def register(agent: AgentApplication[TurnState], bot: Bot) -> None:
    @agent.activity(ActivityTypes.message)
    async def on_message(context: TurnContext, state: TurnState) -> None:
        await handle_message(bot, context)


async def handle_message(bot: Bot, context: TurnContext) -> None:
    locale = bot.ctx.mandate.locale
    try:
        turn = await begin(bot.ctx, bot.memory, context)
        locale = turn.locale
        value: Any = context.activity.value
        if isinstance(value, dict) and value.get("verb"):
            await actions.handle_submit(bot, turn, value)
        else:
            await run_command(bot, turn, context.activity.text or "")
    except DomainError as refusal:
        await context.send_activity(
            card_message(notice_card(refusal.render(locale), locale, tone="attention"))
        )
    except Exception as error:
        incident = unexpected(error, "answering a message")
        await context.send_activity(
            card_message(notice_card(failure_text(incident, locale), locale, tone="attention"))
        )


async def run_command(bot: Bot, turn: Turn, text: str) -> None:
    parsed = catalogue.parse(text)
    if isinstance(parsed, catalogue.Unknown):
        is_chair = policies.is_chair(turn.member, bot.ctx.mandate)
        await turn.reply_card(
            notice_card(parsed.render(turn.locale, is_chair=is_chair), turn.locale)
        )
        return
    if isinstance(parsed, catalogue.Invalid | catalogue.TooLong):
        await turn.reply_card(
            notice_card(parsed.render(turn.locale), turn.locale, tone="attention")
        )
        return
    argument = parsed.number if parsed.number is not None else (parsed.text or parsed.language)
    await HANDLERS[parsed.spec.key](bot, turn, argument)
