"""Use cases of the outbox (mandate rules 9 and 10): what a change puts into it, in the same
transaction, and how workers claim and settle it. The publisher claims documents and list rows
(``PUBLISHING_KINDS``), the bot the messages it posts (``TEAMS_KINDS``) and the annual cycle's
notices (``NOTICE_KINDS``).

``enqueue`` (and ``portfolio_changed``, ``cards_changed``) is called inside a use case's unit of
work. A pending publication with the same key
is refreshed instead of doubled (a proposal changed three times before the worker ran gives one
portfolio row update). Claims and results are bookkeeping: they do not touch the audit chain.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta
from typing import Any

from governance.domain.conversations import Post
from governance.domain.outbox import (
    PUBLISHING_KINDS,
    TEAMS_KINDS,
    Delivery,
    DeliveryState,
    Kind,
    PublicationKind,
    follow_ups,
    portfolio_key,
    publication,
    status_key,
)
from governance.domain.subjects import AuditSubject, CardSubject
from governance.ports import UnitOfWork
from governance.services import policies
from governance.services.commands import RequestStatusReport
from governance.services.context import Context, record, retry_on_conflict

DEFAULT_LEASE = timedelta(minutes=5)
__all__ = [
    "cards_changed",
    "claim",
    "enqueue",
    "listing",
    "portfolio_changed",
    "proposal_card_changed",
    "release",
    "request_status_report",
    "retry",
    "settle",
    "status_report",
]


async def enqueue(
    ctx: Context,
    uow: UnitOfWork,
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


async def portfolio_changed(ctx: Context, uow: UnitOfWork, proposal_id: int) -> None:
    """The board's portfolio list gets this proposal's row again (state, cost, decision), and
    its card in the committee's channel shows the change (``proposal_card_changed``)."""
    await enqueue(
        ctx,
        uow,
        PublicationKind.PORTFOLIO,
        portfolio_key(proposal_id),
        ctx.mandate.board,
        {"proposal_id": proposal_id},
    )
    await proposal_card_changed(ctx, uow, proposal_id)


async def proposal_card_changed(ctx: Context, uow: UnitOfWork, proposal_id: int) -> None:
    """The proposal's card posted in the committee's channel (its discussion thread) follows a
    change; nothing to do before it is posted (the post shows the state at its delivery)."""
    subject = CardSubject.proposal(proposal_id)
    if await uow.posts.of_subject(subject.key):
        await cards_changed(ctx, uow, subject)


async def cards_changed(
    ctx: Context, uow: UnitOfWork, subject: CardSubject, facts: dict[str, Any] | None = None
) -> None:
    """Every posted copy of ``subject``'s card is brought up to date by the bot, after the
    change is committed and outside the click that made it (throttling by Teams then delays
    the other copies, never the answer to the person who clicked). Changes that come quicker
    than the bot posts give one refresh, with the state at delivery. ``facts`` are ids the card
    needs beyond its subject (the board meeting an escalated matter went to)."""
    payload = {"subject": subject.key, **(facts or {})}
    await enqueue(ctx, uow, PublicationKind.CARDS, f"cards:{subject.key}", "", payload)


@retry_on_conflict
async def request_status_report(ctx: Context, cmd: RequestStatusReport) -> Delivery:
    """The chair asks for a status report now (one per day: asking again replaces it)."""
    actor = cmd.actor
    policies.require_chair(ctx.mandate.member(actor), ctx.mandate)
    return await status_report(ctx, actor)


async def status_report(ctx: Context, actor: str) -> Delivery:
    """A status report for the board (before each board meeting, or on demand)."""
    today = ctx.today()
    async with ctx.unit() as uow:
        item = await enqueue(
            ctx,
            uow,
            PublicationKind.STATUS,
            status_key(today),
            ctx.mandate.board,
            {"on": today.isoformat()},
        )
        await record(
            ctx, uow, actor, "publication.requested", AuditSubject.status_report(today), {}
        )
        await uow.commit()
    return item


@retry_on_conflict
async def claim(
    ctx: Context,
    worker: str,
    *,
    limit: int = 20,
    lease: timedelta = DEFAULT_LEASE,
    kinds: Collection[Kind] = PUBLISHING_KINDS,
) -> list[Delivery]:
    """Due publications of ``kinds`` for ``worker``; no other worker gets them until the lease
    runs out."""
    now = ctx.clock.now()
    async with ctx.bookkeeping() as uow:
        due = await uow.outbox.due(now, limit, kinds)
        for item in due:
            item.claim(worker, at=now, lease=lease)
        await uow.commit()
    return due


@retry_on_conflict
async def settle(
    ctx: Context,
    worker: str,
    delivery_id: int,
    *,
    result: dict[str, Any] | None = None,
    error: str | None = None,
    permanent: bool = False,
    skipped: str | None = None,
    activity_id: str = "",
    post: tuple[str, str] | None = None,
) -> Delivery | None:
    """Record what became of a claimed delivery: delivered (``result``, and the message it
    became: ``activity_id``), skipped for good (``skipped``: the reason) or a failed attempt
    (``error``), with what that puts into the outbox next (``follow_ups``), in one transaction.
    ``post`` (subject, conversation key) remembers a sent card, to update it later. ``None``
    when the lease had run out and another worker took the delivery over (its result counts)."""
    async with ctx.bookkeeping() as uow:
        item = await uow.outbox.get(delivery_id)
        if item.claimed_by != worker:
            return None
        now = ctx.clock.now()
        if skipped is not None:
            item.skipped(skipped, at=now)
        elif error is not None:
            item.failed(error, at=now, permanent=permanent, jitter=ctx.jitter())
        else:
            item.delivered(at=now, result=result or {}, activity_id=activity_id)
            if post is not None and activity_id:
                uow.posts.add(Post(post[0], post[1], activity_id, posted_at=now))
        for then in follow_ups(item, board=ctx.mandate.board):
            await enqueue(ctx, uow, then.kind, then.key, then.body_id, then.payload)
        await uow.commit()
    return item


@retry_on_conflict
async def release(ctx: Context, worker: str, delivery_ids: list[int]) -> None:
    """Give back claims this worker will not act on after all (it is stopping)."""
    async with ctx.bookkeeping() as uow:
        for delivery_id in delivery_ids:
            item = await uow.outbox.get(delivery_id)
            if item.claimed_by == worker:
                item.release()
        await uow.commit()


async def listing(
    ctx: Context,
    state: DeliveryState | None = None,
    kinds: Collection[Kind] | None = None,
) -> list[Delivery]:
    async with ctx.reading() as uow:
        return await uow.outbox.listing(state, kinds)


@retry_on_conflict
async def retry(ctx: Context, publication_id: int) -> Delivery:
    """An operator sends a parked publication again (``samstyre outbox retry ID``)."""
    async with ctx.bookkeeping() as uow:
        item = await uow.outbox.get(publication_id)
        item.retry(at=ctx.clock.now())
        await uow.commit()
    return item
