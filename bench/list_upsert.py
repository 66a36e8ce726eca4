"""Benchmark: upserting list items on the board's site, ``$batch`` versus one request per item,
in the same run against the local Graph emulator (real HTTP on loopback, real GraphServiceClient).

Usage: .venv/bin/python bench/list_upsert.py [--items 500]

For each mode: a first run (creates every row) and a second run (updates every row), with the
number of HTTP requests that crossed the wire and the wall time; then the ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

from aiohttp.test_utils import TestServer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from governance.ports.publishing import Column, ListItem  # noqa: E402
from graph_sync.graph import GraphSettings, GraphTarget  # noqa: E402
from tests.emulators.graph import GraphEmulator  # noqa: E402
from tests.integration.graph.conftest import BOARD, BOARD_CHANNEL, emulator_credential  # noqa: E402

COLUMNS = [Column("Saksnummer"), Column("Tilstand"), Column("Kostnad", "number")]


def rows(n: int, state: str) -> list[ListItem]:
    return [
        ListItem(f"2027/{i:04d}", {"Tilstand": state, "Kostnad": i * 1000}) for i in range(1, n + 1)
    ]


async def measure(
    emulator: GraphEmulator, base: str, n: int, use_batch: bool
) -> list[tuple[str, int, float]]:
    settings = GraphSettings(base_url=f"{base}/v1.0", board_team_id=BOARD, use_batch=use_batch)
    name = "Saksoversikt batch" if use_batch else "Saksoversikt single"
    results = []
    async with GraphTarget(settings, emulator_credential()) as target:
        for run, state in (("create", "innsendt"), ("update", "vedtatt")):
            emulator.log.clear()
            started = time.perf_counter()
            written = await target.upsert_list_items(name, "Saksnummer", COLUMNS, rows(n, state))
            elapsed = time.perf_counter() - started
            assert written == n
            results.append((run, emulator.http_requests(), elapsed))
    board = emulator.list_named(BOARD, name)
    assert len(board.items) == n and board.created == n and board.updated == n
    return results


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=500)
    n = parser.parse_args().items
    emulator = GraphEmulator()
    emulator.add_channel(BOARD, BOARD_CHANNEL, "General")
    server = TestServer(emulator.app(), host="127.0.0.1")
    await server.start_server()
    emulator.base = base = f"http://127.0.0.1:{server.port}"
    try:
        batch = await measure(emulator, base, n, use_batch=True)
        single = await measure(emulator, base, n, use_batch=False)
    finally:
        await server.close()
    print(f"{n} list items against the Graph emulator (loopback)")
    print(f"{'run':8} {'mode':10} {'requests':>9} {'wall s':>8}")
    for mode, results in (("$batch", batch), ("per item", single)):
        for run, requests, elapsed in results:
            print(f"{run:8} {mode:10} {requests:9d} {elapsed:8.2f}")
    for (run, b_req, b_s), (_, s_req, s_s) in zip(batch, single, strict=True):
        print(
            f"{run}: $batch uses 1/{s_req / b_req:.1f} of the requests "
            f"({b_req} vs {s_req}) and {b_s / s_s:.2f}x the wall time"
        )


if __name__ == "__main__":
    asyncio.run(main())
