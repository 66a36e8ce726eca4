"""The proposal card's attachment buttons (``governance.verbs`` ``proposal.attach`` and
``proposal.detach``): link a file of the Teams area, remove a link. Each answers with the
clicker's proposal card; a refusal (an address outside the Teams area, someone who may not)
brings the card back with the notice and the title and link as typed, and changes nothing.
The actor always comes from the identity."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot import card_data as cd
from bot.turns import Turn
from governance import verbs
from governance.domain.errors import DomainError
from governance.services import attachments, queries
from governance.services.commands import AddAttachment, RemoveAttachment
from governance.views import Screen

Data = dict[str, Any]
TYPED = (verbs.ATTACHMENT_TITLE, verbs.ATTACHMENT_URL)


async def attach(turn: Turn, data: Data) -> Screen:
    proposal_id = cd.id_of(data, "proposal_id")
    typed = {key: cd.text_of(data, key) for key in TYPED}
    try:
        await attachments.add_attachment(
            turn.ctx,
            AddAttachment(
                turn.actor, proposal_id, typed[verbs.ATTACHMENT_TITLE], typed[verbs.ATTACHMENT_URL]
            ),
        )
    except DomainError as refusal:
        if refusal.code.startswith("card."):
            raise
        return await queries.proposal(
            turn.ctx, turn.member, proposal_id, error=refusal, typed=typed
        )
    return await queries.proposal(turn.ctx, turn.member, proposal_id)


async def detach(turn: Turn, data: Data) -> Screen:
    proposal_id = cd.id_of(data, "proposal_id")
    attachment_id = cd.id_of(data, "attachment_id")
    try:
        await attachments.remove_attachment(
            turn.ctx, RemoveAttachment(turn.actor, proposal_id, attachment_id)
        )
    except DomainError as refusal:
        if refusal.code.startswith("card."):
            raise
        return await queries.proposal(turn.ctx, turn.member, proposal_id, error=refusal)
    return await queries.proposal(turn.ctx, turn.member, proposal_id)


ACTIONS: dict[str, Callable[[Turn, Data], Awaitable[Screen]]] = {
    verbs.PROPOSAL_ATTACH: attach,
    verbs.PROPOSAL_DETACH: detach,
}
