"""One place for failures: log first (with an incident id), then answer the user with a friendly
card in their language. No stack trace or internal message ever reaches a user.

``answer_to`` is the one error handler of the routes: a rule's refusal is shown as it is (nothing
was changed), anything else is logged with an incident id the user can quote. The SDK's own turn
error handler is the last resort for what happens outside a route.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import TurnContext

from bot.turns import Reach, card_message
from governance.domain.errors import DomainError
from governance.i18n import N_
from governance.views import ToastView

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


def answer_to(error: Exception, what: str) -> ToastView:
    """The view that answers a turn that failed while ``what``."""
    if isinstance(error, DomainError):
        return ToastView.refusal(error)
    incident = unexpected(error, what)
    return ToastView(SOMETHING_WENT_WRONG, {"incident": incident}, tone="attention")


def turn_error_handler(reach: Reach) -> Callable[[TurnContext, Exception], Awaitable[None]]:
    """The application's last resort (routes answer their own errors; this catches the rest)."""

    async def on_error(context: TurnContext, error: Exception) -> None:
        view = answer_to(error, f"handling a {context.activity.type} activity")
        if context.activity.type != ActivityTypes.message:
            return
        card = reach.card(view, reach.ctx.mandate.locale)
        try:
            await context.send_activity(card_message(card))
        except Exception as send_error:  # the connector may be what failed
            unexpected(send_error, "telling the user about an incident")

    return on_error


async def on_adapter_error(context: TurnContext, error: Exception) -> None:
    """Replaces the SDK's handler, which would post "Exception caught: …" to the user."""
    unexpected(error, "running the adapter pipeline")
