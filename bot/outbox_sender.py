"""The bot's outbox worker: what the core put into the outbox for Teams (``TEAMS_KINDS``) is
posted here, after the change was committed and outside the click that made it. Every posted
copy of a changed card is brought up to date (a vote's outcome, a task done or postponed, an
election's ballot), a published document is announced in its body's channel, and the chairs
hear about a publication set aside.

Claims, leases and back-off are the outbox's (``governance.services.outbox``); several
processes may run this worker on one database. A route that changed something wakes the worker
of its own process, so the other copies follow within moments; other processes find the work
on their next poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import Any

from bot import election_posts
from bot.notifier import ChannelAnnouncer, TeamsNotifier
from cards import vote as vote_cards
from cards.annual_cycle import task_card
from governance.domain.outbox import TEAMS_KINDS, Delivery, PublicationKind
from governance.domain.subjects import CardSubject, SubjectKind
from governance.services import annual_cycle, elections, outbox, votes
from governance.services.context import Context, worker_name

log = logging.getLogger("samstyre.outbox")


class Undeliverable(Exception):
    """This item can never be posted (an unknown subject): it is parked at once."""


class OutboxSender:
    def __init__(
        self,
        notifier: TeamsNotifier,
        name: str | None = None,
        *,
        batch: int = 20,
        concurrency: int = 8,
        idle_seconds: float = 1.0,
        lease: timedelta = outbox.DEFAULT_LEASE,
    ) -> None:
        self.notifier, self.name = notifier, name or worker_name()
        self.batch, self.concurrency = batch, concurrency
        self.idle_seconds, self.lease = idle_seconds, lease
        self.announcer = ChannelAnnouncer(notifier)
        self._wake = asyncio.Event()

    @property
    def ctx(self) -> Context:
        return self.notifier.ctx

    def wake(self) -> None:
        """Something was committed to the outbox: look now rather than at the next poll."""
        self._wake.set()

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
        """Until ``stop`` is set: post, and wait for a wake-up or the next poll when idle."""
        while not stop.is_set():
            self._wake.clear()
            try:
                busy = await self.run_once()
            except Exception:
                log.exception("the bot's outbox worker could not claim its work")
                busy = 0
            if not busy:
                waits = [
                    asyncio.ensure_future(stop.wait()),
                    asyncio.ensure_future(self._wake.wait()),
                ]
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait(
                        waits, timeout=self.idle_seconds, return_when=asyncio.FIRST_COMPLETED
                    )
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
        if item.kind is PublicationKind.ANNOUNCEMENT:
            message_id = await self.announcer.announce(
                item.body_id, str(payload["title"]), str(payload["url"])
            )
            return {"activity_id": message_id or "", "posted": message_id is not None}
        if item.kind is PublicationKind.WARNING:
            told = await self.announcer.parked(str(payload["key"]), str(payload["error"]))
            return {"told": told}
        raise Undeliverable(f"{item.kind} is not posted by the bot")

    async def _refresh(self, subject: CardSubject, payload: dict[str, Any]) -> int:
        """Replace every posted copy of the subject's card with its state now."""
        ctx, mandate = self.ctx, self.ctx.mandate
        if subject.kind is SubjectKind.VOTE:
            board = payload.get("board_meeting_id")
            result = await votes.closed_result(ctx, subject.id, int(board) if board else None)
            if result is None:  # an open vote's card shows each viewer their own state
                return 0
            card = vote_cards.result_card(
                result.vote,
                result.proposal,
                result.tally,
                mandate,
                mandate.locale,
                board_meeting_date=result.board_meeting.on if result.board_meeting else None,
            )
            return await self.notifier.update_posts(subject.key, card)
        if subject.kind is SubjectKind.TASK:
            occurrence = await annual_cycle.get(ctx, subject.id)
            card = task_card(occurrence, mandate, mandate.locale, today=ctx.today())
            return await self.notifier.update_posts(subject.key, card)
        if subject.kind is SubjectKind.ELECTION:
            election = await elections.get(ctx, subject.id)
            return await election_posts.refresh(self.notifier, election)
        raise Undeliverable(f"cards about {subject.kind} are not refreshed")
