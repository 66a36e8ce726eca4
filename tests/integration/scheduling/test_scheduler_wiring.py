"""The scheduler as it runs: two sweeps with stable ids in Europe/Oslo, started by ``samstyre
serve`` (posting what is due at once) or alone by ``samstyre worker``; bad settings refused."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from datetime import date, datetime

import pytest
from aiohttp.test_utils import TestServer

from bot.addresses import same_origin
from bot.throttle import ThrottleSettingsError
from bot.throttle import from_env as throttle_from_env
from governance.domain.calendar import OSLO
from governance.services import annual_cycle, conversations
from governance.services.context import Context, FixedClock
from samstyre.serve import build_web_app
from scheduler.setup import JOB_IDS, SchedulerSettingsError, build_scheduler, sweep_seconds
from tests.conftest import ROOT
from tests.emulators.connector import Connector
from tests.integration.scheduling.stack import channel_of, local_sweeps, personal_of

COMMITTEE_KEY = "19:bestillerutvalget@thread.tacv2"


def test_the_scheduler_has_two_sweeps_with_stable_ids_in_oslo_time(ctx: Context) -> None:
    scheduler = build_scheduler(local_sweeps(ctx), every=30)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == set(JOB_IDS) == {"samstyre.notices", "samstyre.elections"}
    assert str(scheduler.timezone) == "Europe/Oslo"
    for job in jobs.values():
        assert job.coalesce and job.max_instances == 1
    assert jobs["samstyre.notices"].trigger.interval.total_seconds() == 30


@pytest.mark.parametrize("raw", ["51", "0", "2.5", "fort"])
def test_a_bad_tenant_rate_is_refused_with_its_name(raw: str) -> None:
    with pytest.raises(ThrottleSettingsError, match="SAMSTYRE_TENANT_RATE"):
        throttle_from_env({"SAMSTYRE_TENANT_RATE": raw})


async def test_a_tenant_rate_share_paces_the_posts() -> None:
    throttle = throttle_from_env({"SAMSTYRE_TENANT_RATE": "5"})
    started = time.monotonic()
    for n in range(6):  # five fit into the first second, the sixth waits for the window
        async with throttle.slot(f"19:c{n}@thread.tacv2", "tenant"):
            pass
    assert time.monotonic() - started >= 1.0


@pytest.mark.parametrize("raw", ["soon", "0", "7200"])
def test_a_bad_sweep_interval_is_refused_with_its_name(raw: str) -> None:
    with pytest.raises(SchedulerSettingsError, match="SAMSTYRE_SWEEP_SECONDS"):
        sweep_seconds({"SAMSTYRE_SWEEP_SECONDS": raw})
    assert sweep_seconds({}) == 60


async def test_serve_runs_the_scheduler_which_posts_what_is_due(
    ctx: Context,
    clock: FixedClock,
    db_url: str,
) -> None:
    clock.advance_to(datetime(2027, 1, 4, 9, 0, tzinfo=OSLO))  # two Q1 tasks are posted today
    connector = Connector()
    connector_server = TestServer(connector.app(), host="127.0.0.1")
    await connector_server.start_server()
    url = str(connector_server.make_url("")).rstrip("/") + "/"
    await conversations.remember(
        ctx, channel_of("bestillerutvalget", COMMITTEE_KEY, url, at=clock.now()), same_origin
    )
    await conversations.remember(ctx, personal_of("dl-ror", url, at=clock.now()), same_origin)
    app = await build_web_app(
        ROOT / "config" / "ror-ikt.yaml",
        {"SAMSTYRE_LOCAL": "1", "SAMSTYRE_PUBLISHER": "0", "SAMSTYRE_SWEEP_SECONDS": "1"},
        local=True,
        database=db_url,
        clock=clock,
    )
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        for _ in range(200):
            if len(connector.messages(COMMITTEE_KEY)) >= 2:
                break
            await asyncio.sleep(0.05)
        assert len(connector.messages(COMMITTEE_KEY)) == 2
        chair = [str(r.cards()) for r in connector.messages("a:personal-dl-ror")]
        # the leader's copies of both tasks, and 2026's last task is overdue since New Year
        assert len(chair) == 3 and sum("Over fristen:" in card for card in chair) == 1
    finally:
        await server.close()
        await connector_server.close()


async def test_the_worker_runs_the_scheduler_alone_and_stops_on_sigterm(
    ctx: Context,
    db_url: str,
) -> None:
    worker = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "samstyre.cli",
        "worker",
        "--config",
        "config/ror-ikt.yaml",
        "--local",
        cwd=ROOT,
        stderr=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.DEVNULL,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": db_url,
            "SAMSTYRE_SWEEP_SECONDS": "1",
        },
    )
    assert worker.stderr is not None
    line = await asyncio.wait_for(worker.stderr.readline(), 60)
    assert b"Samstyre worker" in line, line
    # keep reading what it logs: a full pipe would block the worker on its next log line
    drained = asyncio.create_task(worker.stderr.read())
    this_year = date.today().year
    for _ in range(300):  # the first sweep puts the year's årshjul tasks on record
        if await annual_cycle.of_year(ctx, this_year):
            break
        await asyncio.sleep(0.05)
    assert await annual_cycle.of_year(ctx, this_year)
    worker.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(worker.wait(), 30) == 0, await drained
