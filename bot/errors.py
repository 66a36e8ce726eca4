"""One place for failures: log first (with an incident id), then answer the user with a friendly
card in their language. No stack trace or internal message ever reaches a user."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import TurnContext

from bot.turns import card_message
from cards.notice import notice_card
from governance.domain.errors import DomainError
from governance.i18n import N_, translate

if TYPE_CHECKING:
    from bot.app import Bot

log = logging.getLogger("samstyre.bot")

SOMETHING_WENT_WRONG = N_(
    "Something went wrong on our side, and nothing was changed. "
    "Try again in a moment; if it happens again, tell the chair and give "
    "this reference: {incident}."
)


def incident_id() -> str:
    return uuid.uuid4().hex[:8]


def unexpected(error: BaseException, what: str) -> str:
    """Log an unexpected failure with a fresh incident id and return that id."""
    incident = incident_id()
    log.error("incident %s while %s: %s", incident, what, type(error).__name__, exc_info=error)
    return incident


def refusal_text(error: DomainError, locale: str) -> str:
    return error.render(locale)


def failure_text(incident: str, locale: str) -> str:
    return translate(SOMETHING_WENT_WRONG, locale, incident=incident)


def turn_error_handler(bot: Bot) -> Callable[[TurnContext, Exception], Awaitable[None]]:
    """The application's last resort (routes catch their own errors; this catches the rest)."""

    async def on_error(context: TurnContext, error: Exception) -> None:
        incident = unexpected(error, f"handling a {context.activity.type} activity")
        if context.activity.type != ActivityTypes.message:
            return
        locale = bot.ctx.mandate.locale
        card: dict[str, Any] = notice_card(failure_text(incident, locale), locale, tone="attention")
        try:
            await context.send_activity(card_message(card))
        except Exception as send_error:  # the connector may be what failed
            unexpected(send_error, "telling the user about an incident")

    return on_error


async def on_adapter_error(context: TurnContext, error: Exception) -> None:
    """Replaces the SDK's handler, which would post "Exception caught: …" to the user."""
    unexpected(error, "running the adapter pipeline")
