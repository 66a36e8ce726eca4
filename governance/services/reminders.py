"""Use cases of the annual cycle's and the meeting rhythm's notices (mandate rules 5 and 10):
prepare a year (its task occurrences and meetings on record) and put what is due into the
outbox once; the bot claims and settles notices there like any other delivery
(``governance.services.outbox``).

``enqueue_due`` is bookkeeping, outside the audit chain: a notice changes no governance fact.
Preparing a year (``prepare``) is audited by the use cases it calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from governance.domain.calendar import oslo_date
from governance.domain.meetings import MeetingKind
from governance.domain.meetings_calendar import PlannedMeeting, planned_meetings
from governance.domain.outbox import NOTICE_KINDS, Delivery, DeliveryState, notice
from governance.domain.reminders import (
    PlannedNotice,
    YearState,
    due_notices,
    notices_of_year,
)
from governance.ports import DuplicateKey
from governance.services import annual_cycle, meetings
from governance.services.context import Context, retry_on_conflict

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
async def enqueue_due(ctx: Context) -> list[Delivery]:
    """Record every due notice not yet on record; returns the new ones. Two workers doing this
    at once are kept apart by the once-key's unique constraint (the loser reads again)."""
    now = ctx.clock.now()
    wanted = await due(ctx, now)
    if not wanted:
        return []
    for attempt in range(3):
        try:
            return await _insert_new(ctx, wanted, now)
        except DuplicateKey:  # another worker recorded some of them first
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


async def _insert_new(ctx: Context, wanted: list[PlannedNotice], now: datetime) -> list[Delivery]:
    async with ctx.bookkeeping() as uow:
        known = await uow.outbox.existing_once_keys(n.key for n in wanted)
        fresh = {n.key: n for n in wanted if n.key not in known}  # a key is one notice
        created = [notice(n, at=now) for n in fresh.values()]
        for item in created:
            uow.outbox.add(item)
        await uow.commit()
    return created


@retry_on_conflict
async def record_once(ctx: Context, planned: PlannedNotice) -> bool:
    """Record ``planned`` as sent now unless its key is on record already: whether it is new.
    For messages the sender writes itself, such as the chair's warnings (once per key)."""
    now = ctx.clock.now()
    try:
        async with ctx.bookkeeping() as uow:
            if await uow.outbox.existing_once_keys([planned.key]):
                return False
            item = notice(planned, at=now)
            item.delivered(at=now, result={})
            uow.outbox.add(item)
            await uow.commit()
    except DuplicateKey:  # another worker recorded it first
        return False
    return True


async def listing(ctx: Context, state: DeliveryState | None = None) -> list[Delivery]:
    """The notices on record (``state``: only those)."""
    async with ctx.reading() as uow:
        return await uow.outbox.listing(state, NOTICE_KINDS)
