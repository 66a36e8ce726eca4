"""The outbox worker for the bot's own messages: what the core put into the outbox for Teams
(``TEAMS_KINDS``) is posted here through the ``Notifier`` port, after the change was committed
and outside the click that made it. Every posted copy of a changed card is brought up to date
(a vote's outcome, a task done or postponed, an election's ballot), a published document is
announced in its body's channel, and the chairs hear about a publication set aside.

Claims, leases and back-off are the outbox's (``governance.services.outbox``); several
processes may run this worker on one database. A committed change that put something here wakes
the worker of its own process (``Context.outbox_wakeup``), so the other copies follow within
moments; other processes find the work on their next poll.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from governance.domain.elections import Election
from governance.domain.outbox import TEAMS_KINDS, Delivery, PublicationKind
from governance.domain.reminders import parse_recipient
from governance.domain.subjects import CardSubject, SubjectKind
from governance.ports import Card, Notifier, Renderer
from governance.services import (
    annual_cycle,
    conversations,
    elections,
    groups,
    outbox,
    proposal_views,
    queries,
    votes,
)
from governance.services.context import Context, worker_name

log = logging.getLogger("samstyre.outbox")


class Undeliverable(Exception):
    """This item can never be posted (an unknown subject): it is parked at once."""


class OutboxSender:
    def __init__(
        self,
        ctx: Context,
        notifier: Notifier,
        renderer: Renderer,
        name: str | None = None,
        *,
        batch: int = 20,
        concurrency: int = 8,
        idle_seconds: float = 1.0,
        lease: timedelta = outbox.DEFAULT_LEASE,
    ) -> None:
        self.ctx, self.notifier, self.renderer = ctx, notifier, renderer
        self.name = name or worker_name()
        self.batch, self.concurrency = batch, concurrency
        self.idle_seconds, self.lease = idle_seconds, lease

    async def run_once(self) -> int:
        """Post what is due now, up to ``concurrency`` items at once; how many were claimed."""
        claimed = await outbox.claim(
            self.ctx, self.name, limit=self.batch, lease=self.lease, kinds=TEAMS_KINDS
        )
        gate = asyncio.Semaphore(self.concurrency)

        async def one(item: Delivery) -> None:
            async with gate:
                await self._settle(item)

        await asyncio.gather(*(one(item) for item in claimed))
        return len(claimed)

    async def run(self, stop: asyncio.Event) -> None:
        """Until ``stop`` is set: post, and when idle wait for the core's wake-up (a change of
        this process committed something to post) or the next poll."""
        wakeup = self.ctx.outbox_wakeup
        while not stop.is_set():
            try:
                busy = await self.run_once()
            except Exception:
                log.exception("the bot's outbox worker could not claim its work")
                busy = 0
            if not busy:
                waits = [
                    asyncio.ensure_future(stop.wait()),
                    asyncio.ensure_future(wakeup.wait(self.idle_seconds)),
                ]
                await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
                for waiting in waits:
                    waiting.cancel()

    async def _settle(self, item: Delivery) -> None:
        assert item.id is not None
        outcome: dict[str, Any] = {}
        try:
            outcome["result"] = await self._deliver(item)
        except Undeliverable as error:
            log.error("outbox item %s cannot be posted: %s", item.key, error)
            outcome.update(error=f"undeliverable: {error}", permanent=True)
        except Exception as error:  # tried again later, with back-off
            log.warning("outbox item %s not posted yet: %s", item.key, error)
            outcome["error"] = f"{type(error).__name__}: {error}"[:2000]
        try:
            await outbox.settle(self.ctx, self.name, item.id, **outcome)
        except Exception:  # the lease runs out and the item is taken up again
            log.exception("could not record the outcome of outbox item %s", item.key)

    async def _deliver(self, item: Delivery) -> dict[str, Any]:
        payload = item.payload
        if item.kind is PublicationKind.CARDS:
            try:
                subject = CardSubject.parse(str(payload.get("subject")))
            except ValueError as error:
                raise Undeliverable(str(error)) from None
            return {"updated": await self._refresh(subject, payload)}
        locale = self.ctx.mandate.locale
        if item.kind is PublicationKind.ANNOUNCEMENT:
            card = self.renderer.announcement(str(payload["title"]), str(payload["url"]), locale)
            message_id = await self.notifier.post_to_body(item.body_id, card)
            return {"activity_id": message_id or "", "posted": message_id is not None}
        if item.kind is PublicationKind.DECISION_REQUEST:
            return await self._decision_request(payload)
        if item.kind is PublicationKind.DISCUSSION:
            return await self._discussion(int(payload["proposal_id"]))
        if item.kind is PublicationKind.WARNING:
            card = self.renderer.parked(str(payload["key"]), str(payload["error"]), locale)
            return {"told": await self._to_chairs(card)}
        raise Undeliverable(f"{item.kind} is not posted by the bot")

    async def _refresh(self, subject: CardSubject, payload: dict[str, Any]) -> int:
        """Replace every posted copy of the subject's card with its state now."""
        ctx, mandate = self.ctx, self.ctx.mandate
        if subject.kind is SubjectKind.VOTE:
            board = payload.get("board_meeting_id")
            result = await votes.closed_result(ctx, subject.id, int(board) if board else None)
            if result is None:  # an open vote's card shows each viewer their own state
                return 0
            board_meeting = result.board_meeting.on if result.board_meeting else None
            card = self.renderer.vote_result(
                result.vote,
                result.proposal,
                result.tally,
                mandate,
                mandate.locale,
                board_meeting=board_meeting,
            )
            return await self.notifier.update_posts(subject.key, card)
        if subject.kind is SubjectKind.TASK:
            occurrence = await annual_cycle.get(ctx, subject.id)
            card = self.renderer.task(occurrence, mandate, mandate.locale, today=ctx.today())
            return await self.notifier.update_posts(subject.key, card)
        if subject.kind is SubjectKind.ELECTION:
            election = await elections.get(ctx, subject.id)
            shared, chairs = await election_views(ctx, self.renderer, election)
            updated = await self.notifier.update_posts(shared_subject(election), shared)
            for chair_id, chair_card in chairs.items():
                chair_key = chair_subject(election, chair_id)
                updated += await self.notifier.update_posts(chair_key, chair_card)
            return updated
        if subject.kind is SubjectKind.DECISION:
            view = await queries.decision(ctx, None, subject.id)
            card = self.renderer.screen(view, mandate, mandate.locale)
            return await self.notifier.update_posts(subject.key, card)
        if subject.kind is SubjectKind.AGENDA:  # the meeting's card: the same for every reader
            meeting_view = await queries.meeting(ctx, None, subject.id)
            card = self.renderer.screen(meeting_view, mandate, mandate.locale)
            return await self.notifier.update_posts(subject.key, card)
        if subject.kind is SubjectKind.PROPOSAL:  # the copy in the channel, its discussion
            proposal_view = await proposal_views.channel_view(ctx, subject.id)
            card = self.renderer.screen(proposal_view, mandate, mandate.locale)
            return await self.notifier.update_posts(subject.key, card)
        raise Undeliverable(f"cards about {subject.kind} are not refreshed")

    async def _discussion(self, proposal_id: int) -> dict[str, Any]:
        """A submitted proposal's card, the same for every reader, as a new post in the
        committee's channel: the replies to it are the proposal's discussion. Posted once: a
        delivery tried again after a post that was recorded refreshes that post instead."""
        ctx, mandate = self.ctx, self.ctx.mandate
        subject = CardSubject.proposal(proposal_id)
        view = await proposal_views.channel_view(ctx, proposal_id)
        card = self.renderer.screen(view, mandate, mandate.locale)
        if await conversations.posts_of(ctx, subject.key):
            return {"updated": await self.notifier.update_posts(subject.key, card)}
        message_id = await self.notifier.post_to_body(mandate.committee, card, subject=subject.key)
        return {"activity_id": message_id or "", "posted": message_id is not None}

    async def _decision_request(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A matter's decision card, to whoever decides it: the person in their personal chat
        (with the form), or the body's channel (the same copy for every reader). A person who
        has no personal chat with the bot yet finds it in the committee's channel."""
        ctx, mandate = self.ctx, self.ctx.mandate
        proposal_id = int(payload["proposal_id"])
        kind, ident = parse_recipient(str(payload["recipient"]))
        subject = CardSubject.decision(proposal_id).key
        conversation = await conversations.personal_of(ctx, ident) if kind == "member" else None
        if conversation is None:
            where = ident if kind == "body" else mandate.committee
            view = await queries.decision(ctx, None, proposal_id)
            card = self.renderer.screen(view, mandate, mandate.locale)
            message_id = await self.notifier.post_to_body(where, card, subject=subject)
            return {"activity_id": message_id or "", "posted": message_id is not None}
        member = mandate.member(ident)
        locale = await conversations.locale_of(ctx, ident) or mandate.locale
        view = await queries.decision(ctx, member, proposal_id)
        card = self.renderer.screen(view, mandate, locale)
        message_id = await self.notifier.post_card(conversation, card, subject=subject)
        return {"activity_id": message_id or "", "posted": True}

    async def _to_chairs(self, card: Card) -> int:
        """Post ``card`` to each chair's personal chat; how many chairs were told (one without a
        personal chat with the bot cannot be)."""
        told = 0
        for chair in self.ctx.mandate.chairs():
            conversation = await conversations.personal_of(self.ctx, chair.id)
            if conversation is not None:
                await self.notifier.post_card(conversation, card)
                told += 1
        return told


def shared_subject(election: Election) -> str:
    """The copy for everyone in the group's channel."""
    assert election.id is not None
    return CardSubject.election(election.id).key


def chair_subject(election: Election, chair_id: str) -> str:
    """A chair's own copy in personal chat, with the button that closes the election."""
    assert election.id is not None
    return CardSubject.election_chair(election.id, chair_id).key


async def election_views(
    ctx: Context, renderer: Renderer, election: Election
) -> tuple[Card, dict[str, Card]]:
    """The copy for everyone and each chair's copy, in the cooperation's language."""
    group, today, locale = (
        await groups.group(ctx, election.group_key),
        ctx.today(),
        ctx.mandate.locale,
    )
    shared = renderer.election(election, group, ctx.mandate, locale, today=today)
    chairs = {
        c.id: renderer.election(election, group, ctx.mandate, locale, today=today, chair=c.id)
        for c in ctx.mandate.chairs()
    }
    return shared, chairs
