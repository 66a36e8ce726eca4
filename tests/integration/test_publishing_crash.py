"""A publishing worker killed with SIGKILL in the middle of its work and started again: every
file and list row still exists exactly once (counted in the Graph emulator)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from governance.domain.outbox import PUBLISHING_KINDS, DeliveryState
from governance.domain.tally import Choice
from governance.services import outbox, votes
from governance.services.commands import CastBallot, CloseVote
from governance.services.context import Context, SystemClock
from samstyre.bootstrap import build_context
from tests.conftest import ROOT
from tests.emulators.graph import GraphEmulator, delay
from tests.integration.helpers import (
    BESTILLERE,
    BOARD_CHANNEL,
    BOARD_TEAM,
    CHAIR,
    COMMITTEE_CHANNEL,
    COMMITTEE_TEAM,
    open_vote_on_agenda,
)


@pytest.fixture
async def live_ctx(ctx: Context, engine: AsyncEngine) -> Context:
    """The test's database on the real clock (the worker processes run on it too)."""
    return build_context(ctx.mandate, engine, SystemClock())


async def start_worker(db_url: str, graph: GraphEmulator, name: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.integration.publishing_worker",
        db_url,
        f"{graph.base}/v1.0",
        name,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def test_a_worker_killed_mid_upload_leaves_each_file_and_row_once(
    live_ctx: Context,
    db_url: str,
    graph: GraphEmulator,
) -> None:
    vote_id = await open_vote_on_agenda(live_ctx)
    for member, choice in zip(
        BESTILLERE.values(), [Choice.FOR, Choice.MOT, Choice.FOR, Choice.FOR], strict=True
    ):
        await votes.cast_ballot(live_ctx, CastBallot(member, vote_id, choice))
    await votes.close_vote(live_ctx, CloseVote(CHAIR, vote_id))
    expected = len(await outbox.listing(live_ctx, kinds=PUBLISHING_KINDS))
    graph.arm("content", delay(0.2), delay(0.2), delay(0.2), delay(3))  # the 4th upload hangs
    first = await start_worker(db_url, graph, "doomed")
    deadline = time.monotonic() + 90  # two worker processes start: slow on a busy machine
    for _ in range(600):
        if graph.count("content") >= 4:
            break
        await asyncio.sleep(0.05)
    first.send_signal(signal.SIGKILL)  # mid-upload, with publications claimed and unsettled
    await first.wait()
    unsettled = [
        p
        for p in await outbox.listing(live_ctx, kinds=PUBLISHING_KINDS)
        if p.state is DeliveryState.PENDING
    ]
    assert unsettled and all(p.claimed_by == "doomed" for p in unsettled if p.claimed_by)
    second = await start_worker(db_url, graph, "survivor")
    try:
        while time.monotonic() < deadline:
            states = [p.state for p in await outbox.listing(live_ctx, kinds=PUBLISHING_KINDS)]
            if len(states) > expected and set(states) == {DeliveryState.DELIVERED}:
                break  # a delivered decision queues its portfolio row once more (its link)
            await asyncio.sleep(0.2)
    finally:
        second.terminate()
        await second.wait()
    final = [p.state for p in await outbox.listing(live_ctx, kinds=PUBLISHING_KINDS)]
    assert len(final) > expected and set(final) == {DeliveryState.DELIVERED}
    assert len(graph.files(COMMITTEE_TEAM, COMMITTEE_CHANNEL)) == 2  # Word and PDF, once each
    assert len(graph.files(BOARD_TEAM, BOARD_CHANNEL)) == 2
    portfolio = graph.list_named(BOARD_TEAM, "Saksoversikt")
    assert len(portfolio.items) == 1 and portfolio.created == 1
