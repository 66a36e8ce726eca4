"""What happens to notices on the way: a body without a channel, a bot removed from a channel,
a task done or postponed before its reminder, Teams answering 429 and 5xx."""

from __future__ import annotations

import logging
from datetime import date, datetime

import pytest

from governance.domain.calendar import OSLO
from governance.domain.outbox import DeliveryState
from governance.domain.reminders import NoticeKind
from governance.services import annual_cycle, conversations, reminders
from governance.services.commands import MarkTaskDone, PostponeTask
from governance.services.context import Context, FixedClock
from tests.emulators.connector import Connector
from tests.integration.scheduling.stack import scheduling

CHAIR = "dl-ror"
COMMITTEE = "bestillerutvalget"


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=OSLO)


async def test_a_body_without_channel_warns_the_chair_once_and_the_rest_go_out(
    ctx: Context,
    clock: FixedClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock.advance_to(at(date(2027, 1, 4)))  # two Q1 tasks are posted to the committee today
    async with scheduling(ctx) as stack:
        await stack.know_members(m.id for m in ctx.mandate.members)
        await stack.know_bodies(b.id for b in ctx.mandate.bodies if b.id != COMMITTEE)
        with caplog.at_level(logging.WARNING, logger="samstyre.scheduler"):
            await stack.sender.sweep()
        stored = await reminders.listing(ctx)
        skipped = [n for n in stored if n.state is DeliveryState.SKIPPED]
        assert {n.kind for n in skipped} == {NoticeKind.TASK_POSTED} and len(skipped) == 2
        assert all(
            "no Teams channel is linked to body bestillerutvalget" in n.last_error for n in skipped
        )
        leader_copies = [n for n in stored if n.kind is NoticeKind.TASK_LEADER]
        assert {n.state for n in leader_copies} == {DeliveryState.DELIVERED}
        assert len(leader_copies) == 2
        chat = stack.connector.messages(f"a:personal-{CHAIR}")
        warnings = [
            r
            for r in chat
            if "Bestillerutvalget" in str(r.cards()) and "kanal bestillerutvalget" in str(r.cards())
        ]
        assert len(warnings) == 1  # once, although two notices could not be posted
        assert "no channel is linked to body bestillerutvalget" in caplog.text
        await stack.sender.sweep()
        assert len(stack.connector.messages(f"a:personal-{CHAIR}")) == len(chat)


async def test_a_removed_bot_marks_the_channel_inactive_and_tells_the_chair(
    ctx: Context,
    clock: FixedClock,
) -> None:
    clock.advance_to(at(date(2027, 1, 4)))
    connector = Connector()
    connector.remove_bot(f"19:{COMMITTEE}@thread.tacv2")
    async with scheduling(ctx, connector) as stack:
        await stack.know_members([CHAIR])
        await stack.know_bodies([COMMITTEE])
        await stack.sender.sweep()
        posted = [n for n in await reminders.listing(ctx) if n.kind is NoticeKind.TASK_POSTED]
        assert {n.state for n in posted} == {DeliveryState.SKIPPED}
        assert all("cannot post" in n.last_error for n in posted)
        assert await conversations.of_body(ctx, COMMITTEE) is None
        told = [
            r
            for r in connector.messages(f"a:personal-{CHAIR}")
            if "kan ikke lenger legge ut meldinger" in str(r.cards())
        ]
        assert len(told) == 1


async def test_a_done_task_gets_no_reminder_and_a_postponed_one_is_reminded_later(
    ctx: Context,
    clock: FixedClock,
) -> None:
    clock.advance_to(at(date(2027, 1, 4)))
    async with scheduling(ctx) as stack:
        await stack.know_members(m.id for m in ctx.mandate.members)
        await stack.know_bodies(b.id for b in ctx.mandate.bodies)
        await stack.sender.sweep()
        tasks = {t.task_id: t for t in await annual_cycle.of_year(ctx, 2027)}
        done, moved = tasks["behovskartlegging"], tasks["strategi-oppfolging"]
        assert done.id is not None and moved.id is not None
        await annual_cycle.mark_done(ctx, MarkTaskDone(CHAIR, done.id))
        await annual_cycle.postpone(ctx, PostponeTask(CHAIR, moved.id, date(2027, 4, 30)))
        for day in (
            date(2027, 3, 1),
            date(2027, 3, 17),
            date(2027, 4, 1),
            date(2027, 4, 16),
            date(2027, 5, 3),
        ):
            clock.advance_to(at(day))
            await stack.sender.sweep()
        sent = [n for n in await reminders.listing(ctx) if n.state is DeliveryState.DELIVERED]
        about_done = [n for n in sent if n.subject == "task:behovskartlegging:2027"]
        assert {n.kind for n in about_done} == {NoticeKind.TASK_POSTED, NoticeKind.TASK_LEADER}
        reminders_of_moved = [
            n
            for n in sent
            if n.subject == "task:strategi-oppfolging:2027" and n.kind is NoticeKind.TASK_REMINDER
        ]
        assert [n.send_at.astimezone(OSLO).date() for n in reminders_of_moved] == [
            date(2027, 4, 16)
        ]
        overdue = [
            n
            for n in sent
            if n.kind is NoticeKind.TASK_OVERDUE and n.subject == "task:strategi-oppfolging:2027"
        ]
        assert [n.send_at.astimezone(OSLO).date() for n in overdue] == [date(2027, 5, 3)]


async def test_429_storms_and_5xx_end_with_every_notice_once_within_teams_limits(
    ctx: Context,
    clock: FixedClock,
) -> None:
    clock.advance_to(at(date(2027, 2, 25)))  # calls for the group leaders' meeting: 6 channels
    connector = Connector(enforce_limits=True)
    connector.storm(0.3, 429, retry_after=0.2, seed=7)
    connector.inject(503, 2)
    async with scheduling(ctx, connector) as stack:
        await stack.know_members(m.id for m in ctx.mandate.members)
        await stack.know_bodies(b.id for b in ctx.mandate.bodies)
        await stack.sender.sweep()
        stored = await reminders.listing(ctx)
        assert stored and {n.state for n in stored} == {DeliveryState.DELIVERED}
        ids = [r.message_id for r in connector.messages()]
        assert sorted(ids) == sorted(n.activity_id for n in stored)
        statuses = connector.count_by_status()
        assert statuses.get(429, 0) > 0 and statuses.get(503, 0) == 2
        assert connector.limit_violations() == []
        # every request that reached Teams, refused ones included, kept within the limits
        assert connector.peak(1.0, accepted_only=False) <= 50
        for key in {r.conversation for r in connector.messages()}:
            assert connector.peak(1.0, conversation=key, accepted_only=False) <= 7
