"""Putting publications into the outbox inside a use case's unit of work (``record`` and the
vote, meeting, task and election use cases call this; the delivery side is
``governance.services.outbox``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from governance.domain.outbox import TEAMS_KINDS, Delivery, PublicationKind, publication
from governance.domain.subjects import CardSubject

if TYPE_CHECKING:
    from governance.services.context import Context
    from governance.store.uow import SqlUnitOfWork


async def enqueue(
    ctx: Context,
    uow: SqlUnitOfWork,
    kind: PublicationKind,
    key: str,
    body_id: str,
    payload: dict[str, Any],
) -> Delivery:
    pending = await uow.outbox.pending_with_key(key)
    if pending is not None:
        pending.payload = dict(payload)
        return pending
    item = publication(key, kind, body_id, payload, at=ctx.clock.now())
    uow.outbox.add(item)
    if kind in TEAMS_KINDS:
        uow.after_commit(ctx.outbox_wakeup.set)  # the bot posts it at once, not at its next poll
    return item


async def portfolio_changed(ctx: Context, uow: SqlUnitOfWork, proposal_id: int) -> None:
    """The board's portfolio list gets this proposal's row again (state, cost, decision)."""
    await enqueue(
        ctx,
        uow,
        PublicationKind.PORTFOLIO,
        f"portfolio:proposal:{proposal_id}",
        ctx.mandate.board,
        {"proposal_id": proposal_id},
    )


async def cards_changed(
    ctx: Context, uow: SqlUnitOfWork, subject: CardSubject, facts: dict[str, Any] | None = None
) -> None:
    """Every posted copy of ``subject``'s card is brought up to date by the bot, after the
    change is committed and outside the click that made it (throttling by Teams then delays
    the other copies, never the answer to the person who clicked). Changes that come quicker
    than the bot posts give one refresh, with the state at delivery. ``facts`` are ids the card
    needs beyond its subject (the board meeting an escalated matter went to)."""
    payload = {"subject": subject.key, **(facts or {})}
    await enqueue(ctx, uow, PublicationKind.CARDS, f"cards:{subject.key}", "", payload)
