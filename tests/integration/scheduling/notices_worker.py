"""A notices worker in its own process, for the crash and two-worker tests: ``python -m
tests.integration.scheduling.notices_worker DATABASE_URL MANDATE NAME NOW LEASE_SECONDS`` sweeps
on a clock standing at NOW (ISO) until nothing is left to claim, or until it is killed."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime, timedelta

from governance.config import load_mandate
from governance.services.context import FixedClock
from governance.store.database import make_engine
from samstyre.bootstrap import build_context
from tests.integration.scheduling.stack import local_sweeps


async def main(database_url: str, mandate: str, name: str, now: str, lease: str) -> None:
    engine = make_engine(database_url)
    ctx = build_context(load_mandate(mandate), engine, FixedClock(datetime.fromisoformat(now)))
    sender = local_sweeps(ctx, name, lease=timedelta(seconds=float(lease)), batch=50)
    try:
        while await sender.sweep():
            pass
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:6]))
