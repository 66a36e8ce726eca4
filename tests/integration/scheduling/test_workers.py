"""Notices across processes: a worker killed with SIGKILL in the middle of a fan-out and started
again loses nothing and repeats only what was in flight; two workers on one database post each
notice once."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from governance.config import load_mandate
from governance.domain.outbox import Delivery, DeliveryState
from governance.services import reminders
from governance.services.context import FixedClock
from governance.store.database import make_engine
from samstyre.bootstrap import build_context
from tests.conftest import ROOT
from tests.emulators.connector import Connector
from tests.integration.scheduling.many_channels import REMINDER_DAY, mandate_file
from tests.integration.scheduling.stack import SchedulingStack, scheduling

CHANNELS = 120
PER_CHANNEL = 2  # the task itself (not posted on 4 January: nobody ran) and its reminder
LEASE = 30.0


@pytest.fixture
async def fan_out(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The many-channel cooperation on the test's database, its channels known to the bot,
    its tasks on record; the connector serves the worker processes."""
    mandate = load_mandate(mandate_file(tmp_path, CHANNELS))
    engine = make_engine(db_url)
    ctx = build_context(mandate, engine, FixedClock(REMINDER_DAY))
    async with scheduling(ctx) as stack:
        await stack.know_bodies(b.id for b in mandate.bodies if b.id.startswith("fg-"))
        await reminders.prepare(ctx, reminders.years_around(2027))
        yield stack, tmp_path / "mange.yaml"
    await engine.dispose()


async def start(
    db_url: str, mandate: Path, name: str, now_offset: float = 0.0
) -> asyncio.subprocess.Process:
    now = REMINDER_DAY + timedelta(seconds=now_offset)
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.integration.scheduling.notices_worker",
        db_url,
        str(mandate),
        name,
        now.isoformat(),
        str(LEASE),
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


def in_flight_keys(notices: list[Delivery]) -> list[Delivery]:
    return [n for n in notices if n.in_flight]


def per_channel(connector: Connector) -> Counter[str]:
    return Counter(r.conversation for r in connector.messages())


async def test_a_worker_killed_mid_fan_out_loses_nothing_and_repeats_only_in_flight_sends(
    fan_out: tuple[SchedulingStack, Path],
    db_url: str,
) -> None:
    stack, mandate = fan_out
    doomed = await start(db_url, mandate, "doomed")
    deadline = time.monotonic() + 60
    while len(stack.connector.received) < CHANNELS // 2:  # the tenant's 50/s paces the fan-out
        assert time.monotonic() < deadline and doomed.returncode is None
        await asyncio.sleep(0.005)
    doomed.kill()
    await doomed.wait()
    at_kill = await reminders.listing(stack.ctx)
    in_flight = {n.recipient.removeprefix("body:") for n in in_flight_keys(at_kill)}
    sent_at_kill = per_channel(stack.connector)
    assert in_flight and sum(sent_at_kill.values()) < CHANNELS * PER_CHANNEL
    # the next worker runs after the dead one's claims ran out
    second = await start(db_url, mandate, "second", now_offset=LEASE + 1)
    assert await asyncio.wait_for(second.wait(), 60) == 0
    final = await reminders.listing(stack.ctx)
    assert len(final) == CHANNELS * PER_CHANNEL
    assert {n.state for n in final} == {DeliveryState.DELIVERED}
    counts = per_channel(stack.connector)
    assert set(counts) == {f"19:fg-{n:04d}@thread.tacv2" for n in range(CHANNELS)}
    assert all(count >= PER_CHANNEL for count in counts.values())  # nothing lost
    repeated = {channel for channel, count in counts.items() if count > PER_CHANNEL}
    assert {c.removeprefix("19:").removesuffix("@thread.tacv2") for c in repeated} <= in_flight
    assert sum(counts.values()) - CHANNELS * PER_CHANNEL <= len(in_flight_keys(at_kill))


async def test_two_workers_on_one_database_post_each_notice_once(
    fan_out: tuple[SchedulingStack, Path],
    db_url: str,
) -> None:
    stack, mandate = fan_out
    workers = [await start(db_url, mandate, name) for name in ("one", "two")]
    codes = await asyncio.wait_for(asyncio.gather(*(w.wait() for w in workers)), 90)
    assert codes == [0, 0]
    counts = per_channel(stack.connector)
    assert len(counts) == CHANNELS and set(counts.values()) == {PER_CHANNEL}
    final = await reminders.listing(stack.ctx)
    assert {n.state for n in final} == {DeliveryState.DELIVERED}
    assert len({n.claimed_by for n in final}) == 1  # settled rows keep no claim


async def test_stopping_mid_fan_out_records_every_post_and_releases_the_rest(
    fan_out: tuple[SchedulingStack, Path],
) -> None:
    stack, _ = fan_out
    sweep = asyncio.create_task(stack.sender.sweep())
    deadline = time.monotonic() + 30
    while len(stack.connector.received) < 20:  # the tenant's 50/s paces the fan-out
        assert time.monotonic() < deadline and not sweep.done()
        await asyncio.sleep(0.005)
    await stack.sender.stop()
    assert sweep.done() and await sweep > 0
    notices = await reminders.listing(stack.ctx)
    sent = [n for n in notices if n.state is DeliveryState.DELIVERED]
    waiting = [n for n in notices if n.state is DeliveryState.PENDING]
    assert sent and waiting and len(sent) + len(waiting) == CHANNELS * PER_CHANNEL
    assert len(stack.connector.messages()) == len(sent)  # nothing posted and not recorded
    assert all(n.claimed_by is None for n in waiting)  # the next sweep may take them at once
    assert await stack.sender.sweep() == 0  # a stopped sender starts nothing
