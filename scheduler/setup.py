"""The annual cycle's clock: APScheduler 3 (``AsyncIOScheduler``, Europe/Oslo) with a few
periodic sweeps under stable ids, not one job per reminder. Each sweep asks the core what is
due and not yet sent; what a sweep misses (the process was down) the next one finds.

* ``samstyre.notices``: at start and every ``SAMSTYRE_SWEEP_SECONDS`` (default 60): record,
  claim and post the due notices (the first sweep of a day first puts last, this and next
  year's årshjul tasks and mandated meetings on record).
* ``samstyre.elections``: at start and daily at 06:00: close the leader elections whose time is
  up and publish their result.

It runs inside ``samstyre serve`` (unless ``SAMSTYRE_SCHEDULER=0``) or alone in ``samstyre
worker``. Several processes may run it against one PostgreSQL database: notices are claimed
row by row, so each is posted once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from governance.domain.calendar import OSLO
from scheduler.sweeps import NoticeSender

log = logging.getLogger("samstyre.scheduler")
JOB_IDS = ("samstyre.notices", "samstyre.elections")
DEFAULT_SWEEP_SECONDS = 60.0


class SchedulerSettingsError(ValueError):
    """A scheduler setting that cannot be used (the message names it)."""


def sweep_seconds(environ: Mapping[str, str]) -> float:
    """``SAMSTYRE_SWEEP_SECONDS``: how often the notices sweep runs (1 s to 1 h)."""
    raw = environ.get("SAMSTYRE_SWEEP_SECONDS", "").strip()
    if not raw:
        return DEFAULT_SWEEP_SECONDS
    try:
        value = float(raw)
    except ValueError:
        raise SchedulerSettingsError(
            f"SAMSTYRE_SWEEP_SECONDS must be a number of seconds, not {raw!r}"
        ) from None
    if not 1 <= value <= 3600:
        raise SchedulerSettingsError(
            f"SAMSTYRE_SWEEP_SECONDS must be between 1 and 3600, not {raw}"
        )
    return value


def scheduler_enabled(environ: Mapping[str, str]) -> bool:
    return environ.get("SAMSTYRE_SCHEDULER", "1").strip().lower() not in ("0", "off", "false")


def build_scheduler(
    sender: NoticeSender, *, every: float = DEFAULT_SWEEP_SECONDS
) -> AsyncIOScheduler:
    """The scheduler with its two sweeps, each run first at start; ``start()`` it inside a
    running event loop."""
    scheduler = AsyncIOScheduler(timezone=OSLO)
    first = datetime.now(OSLO)
    common = {
        "replace_existing": True,
        "coalesce": True,
        "max_instances": 1,
        "misfire_grace_time": 3600,
    }

    async def elections() -> None:
        try:
            await sender.close_elections()
        except Exception:
            log.exception("could not close the leader elections that are due")

    scheduler.add_job(
        sender.sweep,
        IntervalTrigger(seconds=every, timezone=OSLO),
        id=JOB_IDS[0],
        name="post due notices",
        next_run_time=first,
        **common,
    )
    scheduler.add_job(
        elections,
        CronTrigger(hour=6, minute=0, timezone=OSLO),
        id=JOB_IDS[1],
        name="close leader elections",
        next_run_time=first,
        **common,
    )
    return scheduler
