"""A publishing worker in its own process, for the crash test: ``python -m
tests.integration.publishing_worker DATABASE_URL GRAPH_BASE_URL NAME`` delivers the outbox to the
Graph emulator until it is killed."""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta

from governance.config import load_mandate
from governance.services.context import SystemClock
from governance.store.database import make_engine
from graph_sync.delivery import Publisher
from graph_sync.graph import GraphSettings, GraphTarget
from graph_sync.worker import OutboxWorker
from samstyre.bootstrap import build_context
from tests.conftest import ROOT
from tests.integration.graph.conftest import emulator_credential
from tests.integration.helpers import BOARD_TEAM


async def main(database_url: str, graph_url: str, name: str) -> None:
    engine = make_engine(database_url)
    ctx = build_context(load_mandate(ROOT / "config" / "ror-ikt.yaml"), engine, SystemClock())
    settings = GraphSettings(
        base_url=graph_url,
        board_team_id=BOARD_TEAM,
        base_delay=0.05,
        max_delay=0.2,
        request_timeout=10,
    )
    target = GraphTarget(settings, emulator_credential())
    worker = OutboxWorker(
        Publisher(ctx, target), name, idle_seconds=0.2, lease=timedelta(seconds=2)
    )
    await worker.run(asyncio.Event())


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
