"""A whole year of the annual cycle on a fake clock, over real HTTP to the local connector:
every notice is posted once, on its day, and a second sweep the same day posts nothing."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from governance.domain.calendar import OSLO
from governance.domain.outbox import DeliveryState
from governance.domain.reminders import NoticeKind, notices_of_year
from governance.services import outbox, reminders
from governance.services.context import Context, FixedClock
from tests.integration.scheduling.stack import scheduling


async def test_a_year_posts_every_notice_once_on_its_day(ctx: Context, clock: FixedClock) -> None:
    clock.advance_to(datetime(2027, 1, 1, 0, 30, tzinfo=OSLO))
    async with scheduling(ctx) as stack:
        await stack.know_bodies(b.id for b in ctx.mandate.bodies)
        await stack.know_members(m.id for m in ctx.mandate.members)
        posted_on: dict[str, date] = {}
        day = date(2027, 1, 1)
        while day.year == 2027:
            for hour in (7, 9, 15):  # before 08:00 nothing of the day is due yet
                clock.advance_to(datetime(day.year, day.month, day.day, hour, tzinfo=OSLO))
                before = len(stack.connector.received)
                await stack.sender.sweep()
                if hour == 7:
                    fresh = [
                        n
                        for n in await reminders.listing(ctx)
                        if n.delivered_at is not None
                        and n.delivered_at.astimezone(OSLO).date() == day
                    ]
                    assert not fresh, [n.key for n in fresh]
                if hour == 15:
                    assert len(stack.connector.received) == before, "a second sweep posted"
            day += timedelta(days=1)
        stored = await reminders.listing(ctx)
        state = await reminders.state_of(ctx, (2026, 2027, 2028))
        expected = {
            n.key: n
            for y in (2026, 2027, 2028)
            for n in notices_of_year(ctx.mandate, y, state)
            if n.send_on.year == 2027
        }
        sent = {n.key: n for n in stored if n.state is DeliveryState.DELIVERED}
        assert set(sent) == set(expected)
        for key, notice in sent.items():
            assert notice.delivered_at is not None
            posted_on[key] = notice.delivered_at.astimezone(OSLO).date()
            assert posted_on[key] == expected[key].send_on, key
        teams_posts = [n for n in sent.values() if n.kind is not NoticeKind.STATUS_REPORT]
        message_ids = Counter(r.message_id for r in stack.connector.messages())
        assert all(message_ids[n.activity_id] == 1 for n in teams_posts)
        assert len(stack.connector.messages()) == len(teams_posts)
        reports = [p for p in await outbox.listing(ctx) if p.kind.value == "status"]
        boards_2027 = [d for d in ctx.mandate.board_meetings if d.year == 2027]
        assert len(reports) == len(boards_2027) > 0
        kinds = Counter(n.kind for n in sent.values())
        assert kinds[NoticeKind.TASK_POSTED] and kinds[NoticeKind.TASK_REMINDER]
        assert kinds[NoticeKind.TASK_OVERDUE] and kinds[NoticeKind.MEETING_CALL]
        assert kinds[NoticeKind.MEETING_AGENDA] and kinds[NoticeKind.TASK_LEADER]
