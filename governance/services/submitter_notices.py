"""The submitter is told personally at every step of their proposal (Samstyre issue 12):
submitted (the receipt, saying what happens next), returned with the chair's comment, ready, on
the agenda, vote open, the committee's outcome, the board's decision, project started,
delivered.

``tell_submitter`` is the one call every use case makes after ``proposal.apply(...)``, inside
its unit of work: the notice goes into the outbox in the same transaction as the step, and the
scheduler's sweep posts it in the submitter's personal chat (``scheduler.sweeps``). A step the
submitter takes themself (withdrawing, say) is not told back to them; their own submission is,
as a receipt.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from governance.domain.outbox import Delivery, step_notice
from governance.domain.proposals import Action, Proposal, ProposalEvent
from governance.domain.reminders import member_recipient
from governance.ports import UnitOfWork
from governance.services.context import Context

__all__ = ["tell_submitter"]


async def tell_submitter(
    ctx: Context,
    uow: UnitOfWork,
    proposal: Proposal,
    event: ProposalEvent,
    *,
    note: Mapping[str, Any] | None = None,
) -> Delivery | None:
    """Put the notice of ``event`` (the step just applied to ``proposal``) in the outbox for
    the submitter; ``note`` carries what the card adds (vote figures, the board meeting's
    date). Returns the notice, or ``None`` when the submitter took the step themself."""
    if event.by == proposal.submitter and event.action != Action.SUBMIT.value:
        return None
    assert proposal.id is not None
    index = next(i for i, e in enumerate(proposal.history) if e is event)
    payload: dict[str, Any] = {
        "proposal_id": proposal.id,
        "action": event.action,
        "from": event.from_state,
        "to": event.to_state,
        "comment": event.comment,
        "by": event.by,
        "title": proposal.title,
        "note": dict(note or {}),
    }
    item = step_notice(
        proposal.id, index, member_recipient(proposal.submitter), payload, at=ctx.clock.now()
    )
    uow.outbox.add(item)
    return item
