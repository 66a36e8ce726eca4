"""Use cases of the annual cycle's and the meeting rhythm's notices (mandate rules 5 and 10):
prepare a year (its task occurrences and meetings on record), put what is due into the notices
table once, let a worker claim it before sending, and record what happened after.

``enqueue_due`` and the claims are bookkeeping, outside the audit chain: a notice changes no
governance fact. Preparing a year (``prepare``) is audited by the use cases it calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError

from governance.domain.calendar import oslo_date
from governance.domain.conversations import Post
from governance.domain.meetings import MeetingKind
from governance.domain.meetings_calendar import PlannedMeeting, planned_meetings
from governance.domain.notices import Notice, NoticeState
from governance.domain.reminders import (
    PlannedNotice,
    YearState,
    due_notices,
    notices_of_year,
)
from governance.services import annual_cycle, meetings
from governance.services.context import Context, retry_on_conflict

DEFAULT_LEASE = timedelta(minutes=5)
_MEETING_KINDS = (MeetingKind.COMMITTEE, MeetingKind.GROUP_LEADERS)


def years_around(now_year: int) -> tuple[int, int, int]:
    """A notice about one year may fall due in the next (an overdue notice for 31 December)
    or the year before (the call for a January committee meeting)."""
    return (now_year - 1, now_year, now_year + 1)


async def prepare(ctx: Context, years: Iterable[int], actor: str = "system") -> None:
    """Put the years' årshjul tasks and mandated meetings on record (both safe to repeat)."""
    for year in years:
        await annual_cycle.materialise_year(ctx, actor, year)
        await meetings.plan_year(ctx, actor, year)


async def state_of(ctx: Context, years: Iterable[int]) -> YearState:
    """What the notice rules need from the core for ``years``."""
    wanted = sorted(set(years))
    async with ctx.reading() as uow:
        tasks = [o for y in wanted for o in await uow.tasks.of_year(y)]
        stored = [m for m in await uow.meetings.open_ones() if m.kind in _MEETING_KINDS]
        groups = await uow.groups.all()
    planned = [m for y in wanted for m in planned_meetings(ctx.mandate, y)]
    planned += [PlannedMeeting(m.kind, m.on, m.body_id) for m in stored]
    leaders: dict[str, str] = {b.id: b.chair for b in ctx.mandate.bodies if b.chair}
    this_year = ctx.today().year
    for group in groups:
        leadership = group.leader_for(this_year)
        if leadership is not None:
            leaders[group.key] = leadership.member_id
    elected = {(g.key, y) for g in groups for y in wanted if g.leader_for(y) is not None}
    return YearState(tasks=tasks, meetings=planned, leaders=leaders, elected=frozenset(elected))


async def due(ctx: Context, now: datetime) -> list[PlannedNotice]:
    """The notices whose moment is ``now``, sent or not."""
    years = years_around(oslo_date(now).year)
    state = await state_of(ctx, years)
    planned = [n for y in years for n in notices_of_year(ctx.mandate, y, state)]
    return due_notices(planned, now)


@retry_on_conflict
async def enqueue_due(ctx: Context) -> list[Notice]:
    """Record every due notice not yet on record; returns the new ones. Two workers doing this
    at once are kept apart by the key's unique constraint (the loser reads again)."""
    now = ctx.clock.now()
    wanted = await due(ctx, now)
    if not wanted:
        return []
    for attempt in range(3):
        try:
            return await _insert_new(ctx, wanted, now)
        except IntegrityError:  # another worker recorded some of them first
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


async def _insert_new(ctx: Context, wanted: list[PlannedNotice], now: datetime) -> list[Notice]:
    async with ctx.bookkeeping() as uow:
        known = await uow.notices.existing_keys(n.key for n in wanted)
        fresh = {n.key: n for n in wanted if n.key not in known}  # a key is one notice
        created = [Notice.of(n, at=now) for n in fresh.values()]
        for notice in created:
            uow.notices.add(notice)
        await uow.commit()
    return created


@retry_on_conflict
async def claim(
    ctx: Context, worker: str, *, limit: int = 100, lease: timedelta = DEFAULT_LEASE
) -> list[Notice]:
    """Due notices for ``worker``, claimed (written) before anything is sent."""
    now = ctx.clock.now()
    async with ctx.bookkeeping() as uow:
        found = await uow.notices.due(now, limit)
        for notice in found:
            notice.claim(worker, at=now, lease=lease)
        await uow.commit()
    return found


@retry_on_conflict
async def settle(
    ctx: Context,
    worker: str,
    notice_id: int,
    *,
    activity_id: str | None = None,
    result: dict[str, Any] | None = None,
    skipped: str | None = None,
    error: str | None = None,
    post: tuple[str, str] | None = None,
) -> Notice | None:
    """Record what became of a claimed notice: sent (``activity_id``), skipped for good
    (``skipped``: the reason) or a failed attempt (``error``). ``None`` when the claim had
    run out and another worker took the notice over. ``post`` (subject, conversation key)
    remembers the sent message in the same transaction, to update it later."""
    async with ctx.bookkeeping() as uow:
        notice = await uow.notices.get(notice_id)
        if notice.claimed_by != worker:
            return None
        now = ctx.clock.now()
        if skipped is not None:
            notice.skipped(skipped, at=now)
        elif error is not None:
            notice.failed(error, at=now, jitter=ctx.jitter())
        else:
            notice.sent(at=now, activity_id=activity_id or "", result=result)
            if post is not None and activity_id:
                uow.posts.add(Post(post[0], post[1], activity_id, posted_at=now))
        await uow.commit()
    return notice


@retry_on_conflict
async def record_once(ctx: Context, planned: PlannedNotice) -> bool:
    """Record ``planned`` as sent now unless its key is on record already: whether it is new.
    For messages the sender writes itself, such as the chair's warnings (once per key)."""
    now = ctx.clock.now()
    try:
        async with ctx.bookkeeping() as uow:
            if await uow.notices.existing_keys([planned.key]):
                return False
            notice = Notice.of(planned, at=now)
            notice.sent(at=now, activity_id="")
            uow.notices.add(notice)
            await uow.commit()
    except IntegrityError:  # another worker recorded it first
        return False
    return True


@retry_on_conflict
async def release(ctx: Context, worker: str, notice_ids: list[int]) -> None:
    """Give back claims on notices this worker will not send after all (it is stopping)."""
    async with ctx.bookkeeping() as uow:
        for notice_id in notice_ids:
            notice = await uow.notices.get(notice_id)
            if notice.claimed_by == worker:
                notice.claimed_by = notice.claimed_until = None
        await uow.commit()


async def listing(ctx: Context, state: NoticeState | None = None) -> list[Notice]:
    async with ctx.reading() as uow:
        return await uow.notices.listing(state)
