"""The scheduler's sweeps: each records the notices that are due (``governance.services.
reminders``), claims them, and posts them into Teams through the ``Notifier`` port, many at
once but within Teams' limits; the cards come from the ``Renderer`` port, and what is still to
be sent is the core's rule (``governance.domain.reminders.stale_reason``). The sweep also closes
the votes whose deadline has come and records what votes' deadlines call for
(``governance.services.votes``); a vote's personal notice is its own vote card, posted under
the vote's card subject so that its outcome replaces it when the vote closes.

A claimed notice is settled after its send: sent (with the message id), skipped for good (no
channel linked, no personal chat yet, the task done or postponed meanwhile, the bot removed from
the channel, the vote closed or its deadline moved meanwhile), or failed for now (tried again
later with back-off). The chair hears about a body
without a channel and about a channel the bot was removed from, once per body and day.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from governance.domain.annual_cycle import TaskOccurrence
from governance.domain.conversations import Conversation
from governance.domain.meetings import MeetingKind
from governance.domain.outbox import NOTICE_KINDS, VOTE_NOTICE_KINDS, Delivery
from governance.domain.proposals import Proposal
from governance.domain.reminders import (
    TASK_KINDS,
    NoticeKind,
    PlannedNotice,
    member_recipient,
    named_bodies,
    parse_recipient,
    stale_reason,
)
from governance.domain.subjects import CardSubject
from governance.domain.votes import Vote
from governance.ports import Card, ConversationGone, Notifier, Renderer
from governance.presentation import body_name, names
from governance.services import (
    annual_cycle,
    conversations,
    elections,
    meetings,
    outbox,
    projects,
    queries,
    reminders,
    votes,
)
from governance.services import proposals as proposal_service
from governance.services.context import Context, worker_name
from scheduler.fanout import chair_subject, election_views, shared_subject

log = logging.getLogger("samstyre.scheduler")


class Skip(Exception):
    """This notice will not be sent, for the reason given (English, for operators)."""


@dataclass(frozen=True)
class Lookups:
    directory: conversations.Directory
    tasks: dict[int, TaskOccurrence]
    proposals: dict[int, Proposal] = field(default_factory=dict)


class NoticeSender:
    def __init__(
        self,
        ctx: Context,
        notifier: Notifier,
        renderer: Renderer,
        name: str | None = None,
        *,
        concurrency: int = 16,
        batch: int = 500,
        lease: timedelta = outbox.DEFAULT_LEASE,
    ) -> None:
        self.ctx, self.notifier, self.renderer = ctx, notifier, renderer
        self.name = name or worker_name()
        self.concurrency, self.batch, self.lease = concurrency, batch, lease
        self._prepared_on: date | None = None
        self._stopping = False
        self._active = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def prepare(self) -> None:
        """Put last, this and next year's tasks and meetings on record (safe to repeat); done
        by the first sweep of each day."""
        today = self.ctx.today()
        await reminders.prepare(self.ctx, reminders.years_around(today.year))
        self._prepared_on = today

    @contextlib.asynccontextmanager
    async def _working(self) -> AsyncIterator[None]:
        self._active += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._active -= 1
            if not self._active:
                self._idle.set()

    async def stop(self, grace: float = 30.0) -> None:
        """Start nothing new and wait (up to ``grace`` seconds) for the sends under way, so that a
        shutdown never leaves a message posted but not recorded. Notices claimed and not yet
        started are released for the next sweep."""
        self._stopping = True
        try:
            await asyncio.wait_for(self._idle.wait(), grace)
        except TimeoutError:
            log.warning(
                "stopping with sends still under way; their claims run out by "
                "themselves and the next sweep takes them up"
            )

    async def sweep(self) -> int:
        """Record what is due, then send every claimable notice; returns how many were
        claimed. Never raises: a failing sweep is logged and the next one tries again."""
        if self._stopping:
            return 0
        async with self._working():
            return await self._sweep()

    async def _sweep(self) -> int:
        try:
            if self._prepared_on != self.ctx.today():
                await self.prepare()
            await reminders.enqueue_due(self.ctx)
            await projects.enqueue_benefits_due(self.ctx)
        except Exception:
            log.exception("could not record the due notices")
        try:
            await votes.close_due(self.ctx)
        except Exception:
            log.exception("could not close the votes whose deadline has come")
        try:
            await votes.enqueue_notices(self.ctx)
        except Exception:
            log.exception("could not record the notices of the votes' deadlines")
        total = 0
        gate = asyncio.Semaphore(self.concurrency)

        unstarted: list[int] = []

        async def one(notice: Delivery, lookups: Lookups) -> None:
            async with gate:
                if self._stopping:
                    assert notice.id is not None
                    unstarted.append(notice.id)
                    return
                await self._deliver(notice, lookups)

        while True:
            try:
                claimed = await outbox.claim(
                    self.ctx, self.name, limit=self.batch, lease=self.lease, kinds=NOTICE_KINDS
                )
                lookups = await self._look_up(claimed)
            except Exception:
                log.exception("could not claim notices")
                return total
            await asyncio.gather(*(one(n, lookups) for n in claimed))
            total += len(claimed)
            if unstarted:
                with contextlib.suppress(Exception):  # else the claims run out by themselves
                    await outbox.release(self.ctx, self.name, unstarted)
                return total
            if len(claimed) < self.batch or self._stopping:
                return total

    async def _look_up(self, claimed: list[Delivery]) -> Lookups:
        """Read once per batch what every notice of it needs (a fan-out to hundreds of
        channels must not read the same rows hundreds of times)."""
        ids = {
            int(n.payload["occurrence_id"])
            for n in claimed
            if n.kind in TASK_KINDS and "occurrence_id" in n.payload
        }
        tasks = await annual_cycle.many(self.ctx, ids)
        proposal_ids = {
            int(n.payload["proposal_id"])
            for n in claimed
            if (n.kind is NoticeKind.PROPOSAL_STEP or n.kind in VOTE_NOTICE_KINDS)
            and "proposal_id" in n.payload
        }
        proposals = await proposal_service.many(self.ctx, proposal_ids) if proposal_ids else {}
        return Lookups(await conversations.directory(self.ctx), tasks, proposals)

    async def _deliver(self, notice: Delivery, lookups: Lookups) -> None:
        assert notice.id is not None
        outcome: dict[str, Any] = {}
        try:
            outcome["activity_id"], post = await self._send(notice, lookups)
            if post is not None:
                outcome["post"] = post
        except Skip as skip:
            log.warning("notice %s not sent: %s", notice.key, skip)
            outcome["skipped"] = str(skip)
        except ConversationGone as gone:
            log.warning("notice %s: the bot was removed from %s", notice.key, gone.conversation)
            outcome["skipped"] = f"the bot cannot post in {gone.conversation}: {gone.detail}"
            with contextlib.suppress(Exception):
                await self._conversation_gone(notice, gone.conversation)
        except Exception as error:
            log.exception("notice %s failed", notice.key)
            outcome["error"] = f"{type(error).__name__}: {error}"
        try:
            await outbox.settle(self.ctx, self.name, notice.id, **outcome)
        except Exception:  # the claim runs out and the notice is taken up again
            log.exception("could not record the outcome of notice %s", notice.key)

    async def _send(self, notice: Delivery, lookups: Lookups) -> tuple[str, tuple[str, str] | None]:
        """Post the notice; its message id and, for a card to update later, (subject, where)."""
        if notice.kind is NoticeKind.STATUS_REPORT:
            publication = await outbox.status_report(self.ctx, "system")
            return publication.key, None
        if notice.kind is NoticeKind.LEADER_ELECTION:
            return await self._election(notice, lookups)
        conversation, locale = await self._where(notice, lookups)
        card, subject = await self._card(notice, locale, lookups)
        message_id = await self.notifier.post_card(conversation, card) or ""
        return message_id, (subject, conversation.key) if subject else None

    async def _where(self, notice: Delivery, lookups: Lookups) -> tuple[Conversation, str]:
        kind, ident = parse_recipient(notice.recipient)
        found = (
            lookups.directory.personal if kind == "member" else lookups.directory.channels
        ).get(ident)
        if found is None and kind == "member":
            raise Skip(f"{ident} has no personal chat with Samstyre yet")
        if found is None:
            await self._channel_missing(ident, notice)
            raise Skip(f"no Teams channel is linked to body {ident}")
        locale = lookups.directory.locales.get(ident) if kind == "member" else None
        return found, locale or self.ctx.mandate.locale

    async def _card(
        self, notice: Delivery, locale: str, lookups: Lookups
    ) -> tuple[Card, str | None]:
        mandate, payload, kind = self.ctx.mandate, notice.payload, NoticeKind(notice.kind)
        if kind in TASK_KINDS:
            occurrence = lookups.tasks[int(payload["occurrence_id"])]
            reason = stale_reason(kind, str(payload["about"]), occurrence)
            if reason is not None:
                raise Skip(reason)
            bodies = named_bodies(kind, notice.recipient, payload, occurrence)
            who = names((body_name(mandate, b) for b in bodies), locale)
            card = self.renderer.task(
                occurrence, mandate, locale, today=self.ctx.today(), notice=kind, who=who
            )
            assert occurrence.id is not None
            return card, CardSubject.task(occurrence.id).key
        if kind is NoticeKind.BENEFIT_DUE:
            _, member_id = parse_recipient(notice.recipient)
            view = await queries.project(
                self.ctx,
                mandate.member(member_id),
                int(payload["proposal_id"]),
                due=date.fromisoformat(str(payload["on"])),
            )
            return self.renderer.screen(view, mandate, locale), None
        if kind in VOTE_NOTICE_KINDS:
            return await self._vote_card(notice, kind, locale, lookups)
        if kind is NoticeKind.PROPOSAL_STEP:
            proposal = lookups.proposals.get(int(payload["proposal_id"]))
            if proposal is None:
                raise Skip(f"proposal {payload['proposal_id']} is not on record")
            return self.renderer.proposal_step(proposal, payload, locale), None
        meeting_kind = MeetingKind(str(payload["meeting_kind"]))
        on = date.fromisoformat(str(payload["on"]))
        meeting = await meetings.on_date(self.ctx, mandate.committee, meeting_kind, on)
        if kind is NoticeKind.MEETING_CALL:
            board = payload.get("board_meeting")
            return self.renderer.meeting_call(
                meeting_kind,
                body_name(mandate, mandate.committee),
                on,
                locale,
                board_meeting=date.fromisoformat(str(board)) if board else None,
                meeting_id=meeting.id if meeting is not None else None,
            ), None
        if meeting is None:
            raise Skip(f"no {meeting_kind.value} meeting on {on} is on record")
        linked = await proposal_service.many(self.ctx, meeting.proposal_ids())
        assert meeting.id is not None
        card = self.renderer.draft_agenda(meeting, mandate, locale, proposals=linked)
        return card, CardSubject.agenda(meeting.id).key

    async def _vote_card(
        self, notice: Delivery, kind: NoticeKind, locale: str, lookups: Lookups
    ) -> tuple[Card, str]:
        """The recipient's own vote card, the vote read now (a ballot or a moved deadline since
        the notice was recorded counts); posted under the vote's card subject, so the outcome
        replaces it when the vote closes."""
        mandate, payload = self.ctx.mandate, notice.payload
        vote = await votes.get(self.ctx, int(payload["vote_id"]))
        proposal = lookups.proposals.get(vote.proposal_id)
        if proposal is None:
            raise Skip(f"proposal {vote.proposal_id} of vote {vote.id} is not on record")
        _, member_id = parse_recipient(notice.recipient)
        reason = _stale_vote_notice(kind, vote, payload, member_id, self.ctx)
        if reason is not None:
            raise Skip(reason)
        member = mandate.member(member_id)
        view = queries.vote_view(self.ctx, member, vote, proposal, [], occasion=kind)
        assert vote.id is not None
        return self.renderer.screen(view, mandate, locale), CardSubject.vote(vote.id).key

    async def _election(
        self, notice: Delivery, lookups: Lookups
    ) -> tuple[str, tuple[str, str] | None]:
        """Open the group's election of the year (once) and post its ballot in the group's
        channel; each chair gets a copy with the button that closes it early."""
        group_key, year = str(notice.payload["group"]), int(notice.payload["year"])
        conversation, _ = await self._where(notice, lookups)
        election = await elections.open_election(self.ctx, group_key, year)
        if not election.is_open:
            raise Skip(f"the election of {group_key} for {year} is already closed")
        shared, chairs = await election_views(self.ctx, self.renderer, election)
        message_id = await self.notifier.post_card(conversation, shared) or ""
        for chair_id, card in chairs.items():
            chat = lookups.directory.personal.get(chair_id)
            if chat is None:
                continue
            try:
                await self.notifier.post_card(chat, card, subject=chair_subject(election, chair_id))
            except Exception:
                log.exception("could not give the chair %s the election card", chair_id)
        return message_id, (shared_subject(election), conversation.key)

    async def close_elections(self) -> int:
        """Close the leader elections whose last day has passed (their cards follow, through
        the outbox)."""
        if self._stopping:
            return 0
        async with self._working():
            return len(await elections.close_due(self.ctx))

    async def _tell_chair(self, key: str, card: Card) -> None:
        """A warning card to each chair (daglig leder) in personal chat, once per ``key``."""
        today = self.ctx.today()
        for chair in self.ctx.mandate.chairs():
            warning = PlannedNotice(
                NoticeKind.CHAIR_WARNING, key, member_recipient(chair.id), today, today, today
            )
            if not await reminders.record_once(self.ctx, warning):
                continue
            conversation = await conversations.personal_of(self.ctx, chair.id)
            if conversation is None:
                log.warning("the chair %s has no personal chat to be warned (%s)", chair.id, key)
                continue
            try:
                await self.notifier.post_card(conversation, card)
            except Exception:
                log.exception("could not warn the chair %s", chair.id)

    async def _channel_missing(self, body_id: str, notice: Delivery) -> None:
        mandate, locale = self.ctx.mandate, self.ctx.mandate.locale
        what = str(notice.payload.get("title") or notice.subject)
        log.warning("no channel is linked to body %s; notice %s not posted", body_id, notice.key)
        await self._tell_chair(
            f"channel_missing:{body_id}",
            self.renderer.channel_missing(body_name(mandate, body_id), body_id, what, locale),
        )

    async def _conversation_gone(self, notice: Delivery, key: str) -> None:
        await conversations.deactivate(self.ctx, key=key)
        kind, ident = parse_recipient(notice.recipient)
        if kind == "body":
            mandate = self.ctx.mandate
            await self._tell_chair(
                f"bot_removed:{ident}",
                self.renderer.bot_removed(body_name(mandate, ident), ident, mandate.locale),
            )


def _stale_vote_notice(
    kind: NoticeKind, vote: Vote, payload: dict[str, Any], member_id: str, ctx: Context
) -> str | None:
    """Why a vote's notice is no longer to be sent (English, for operators), or None."""
    mandate = ctx.mandate
    if not vote.is_open:
        return f"vote {vote.id} is closed"
    member = next((m for m in mandate.members if m.id == member_id), None)
    if kind is NoticeKind.VOTE_DEADLINE:
        if member is None or member not in mandate.chairs():
            return f"{member_id} is no longer a chair of the cooperation"
    elif (
        member is None
        or member_id not in mandate.body(vote.body_id).members
        or (member.municipality or "") not in vote.weights
    ):
        return f"{member_id} is no longer a member of {vote.body_id} with a vote"
    if kind is NoticeKind.VOTE_OPENED:
        return None
    closes_at = vote.closes_at.isoformat() if vote.closes_at else None
    if payload.get("closes_at") != closes_at:
        return f"the closing time of vote {vote.id} was moved (now {closes_at})"
    if kind is NoticeKind.VOTE_REMINDER and vote.ballot_of(member.municipality or "") is not None:
        return f"{member.municipality} has voted in vote {vote.id} meanwhile"
    return None
