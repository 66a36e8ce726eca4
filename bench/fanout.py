"""Benchmark: one annual-cycle reminder fanned out to 400 channels of one tenant, through the
real sender (database claims, the Agents SDK, our rate limiter and retries) against the local
Bot Connector enforcing Teams' documented limits (50 per second per tenant; 7/1 s, 8/2 s,
60/30 s, 1800/h per conversation).

Usage: .venv/bin/python bench/fanout.py [--channels 400] [--database URL]

Baselines in the same run: the minimum the limits allow ((ceil(n/50) - 1) seconds: 50 at once,
then 50 more each second), and an ideal raw client measured against the same connector that
fires exactly 50 posts at each second boundary, with no database, SDK or limiter. Reported: wall
time and ratios, 429s answered and left unretried, and the peak rate the connector saw.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from governance.config import load_mandate  # noqa: E402
from governance.domain.calendar import OSLO  # noqa: E402
from governance.domain.outbox import DeliveryState  # noqa: E402
from governance.services import reminders  # noqa: E402
from governance.services.context import FixedClock  # noqa: E402
from governance.store.database import make_engine  # noqa: E402
from governance.store.migrate import upgrade  # noqa: E402
from samstyre.bootstrap import build_context  # noqa: E402
from tests.emulators.connector import Connector  # noqa: E402
from tests.integration.scheduling.many_channels import (  # noqa: E402
    REMINDER_DAY,
    TENANT,
    mandate_file,
)
from tests.integration.scheduling.stack import scheduling  # noqa: E402

TENANT_RATE = 50


async def ideal(n: int) -> tuple[float, dict[int, int]]:
    """About the best any client can do: 50 posts at t, 50 at t+1 s, and so on; a post that
    arrives a few milliseconds early for its window is refused and sent again 5 ms later."""
    connector = Connector(enforce_limits=True)
    server = TestServer(connector.app(), host="127.0.0.1")
    await server.start_server()
    url = str(server.make_url("")).rstrip("/")
    body = {"type": "message", "text": "x", "conversation": {"tenantId": TENANT}}
    async with ClientSession() as http:

        async def post(i: int) -> None:
            while True:
                async with http.post(
                    f"{url}/v3/conversations/19:c{i}@thread.tacv2/activities", json=body
                ) as response:
                    if response.status == 200:
                        return
                    assert response.status == 429, response.status
                await asyncio.sleep(0.005)

        started = time.perf_counter()
        for wave in range(math.ceil(n / TENANT_RATE)):
            await asyncio.sleep(max(0.0, started + wave * 1.0 - time.perf_counter()))
            await asyncio.gather(
                *(post(i) for i in range(wave * TENANT_RATE, min(n, (wave + 1) * TENANT_RATE)))
            )
        elapsed = time.perf_counter() - started
    await server.close()
    return elapsed, connector.count_by_status()


async def ours(n: int, database: str | None, folder: Path) -> dict[str, object]:
    mandate = load_mandate(mandate_file(folder, n))
    engine = make_engine(database or f"sqlite:///{folder / 'bench.db'}")
    await upgrade(engine)
    clock = FixedClock(datetime(2027, 1, 4, 9, 0, tzinfo=OSLO))
    ctx = build_context(mandate, engine, clock)
    connector = Connector(enforce_limits=True)
    try:
        async with scheduling(ctx, connector) as stack:
            await stack.know_bodies(b.id for b in mandate.bodies if b.id.startswith("fg-"))
            await stack.sender.sweep()  # 4 January: the task itself, to every channel
            # in life the scheduler sweeps every minute: the day's first sweep, after midnight,
            # put the year on record; months passed, so no rate window is still full
            clock.advance_to(REMINDER_DAY.replace(hour=0, minute=15))
            await stack.sender.sweep()
            await asyncio.sleep(1.5)
            clock.advance_to(REMINDER_DAY)
            connector.arrivals.clear()
            before = len(connector.messages())
            started = time.perf_counter()
            claimed = await stack.sender.sweep()  # 17 March: the reminder, measured
            elapsed = time.perf_counter() - started
            reminded = [x for x in await reminders.listing(ctx) if x.kind.value == "task_reminder"]
            return {
                "elapsed": elapsed,
                "claimed": claimed,
                "posted": len(connector.messages()) - before,
                "unsent": sum(x.state is not DeliveryState.DELIVERED for x in reminded),
                "statuses": connector.count_by_status(),
                "peak_accepted": connector.peak(1.0),
                "peak_all": connector.peak(1.0, accepted_only=False),
                "violations": connector.limit_violations(),
                "waited": stack.notifier.throttle.waited,
            }
    finally:
        await engine.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--channels", type=int, default=400)
    parser.add_argument("--database", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    n = args.channels
    minimum = (math.ceil(n / TENANT_RATE) - 1) * 1.0
    ideal_time, ideal_statuses = await ideal(n)
    with tempfile.TemporaryDirectory() as folder:
        result = await ours(n, args.database, Path(folder))
    elapsed = float(str(result["elapsed"]))
    print(f"fan-out of one reminder to {n} channels of one tenant")
    print(f"  minimum the limits allow      {minimum:7.2f} s")
    print(f"  ideal raw client (measured)   {ideal_time:7.2f} s   statuses {ideal_statuses}")
    print(
        f"  Samstyre sender               {elapsed:7.2f} s   posted {result['posted']}, "
        f"unsent {result['unsent']}, statuses {result['statuses']}"
    )
    print(f"  ratio to the minimum          {elapsed / minimum:7.2f}x  (aim: at most 1.2x)")
    print(f"  ratio to the ideal client     {elapsed / ideal_time:7.2f}x")
    print(
        f"  peak per 1 s at the connector {result['peak_accepted']} accepted, "
        f"{result['peak_all']} arrived (limit {TENANT_RATE})"
    )
    print(f"  limit violations              {result['violations'] or 'none'}")
    print(f"  time spent waiting for a slot {result['waited']:.2f} s (summed over tasks)")


if __name__ == "__main__":
    asyncio.run(main())
