"""Benchmark: ballot casts through the use-case layer, sequential vs 200 concurrent.

Usage: .venv/bin/python bench/ballots.py [--casts 200] [--pg postgresql://user@host:port/postgres]

Prints casts per second and p50/p99 latency for each engine, and the ratio of concurrent to
sequential throughput measured in the same run (the baseline). With --pg (or
SAMSTYRE_TEST_DATABASE_URL set) PostgreSQL is measured too, in a scratch database.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from governance.config import load_mandate  # noqa: E402
from governance.domain.tally import Choice  # noqa: E402
from governance.services import votes  # noqa: E402
from governance.services.commands import CastBallot  # noqa: E402
from governance.services.context import SystemClock  # noqa: E402
from governance.store.database import database_url, make_engine  # noqa: E402
from governance.store.migrate import upgrade  # noqa: E402
from samstyre.bootstrap import build_context  # noqa: E402
from tests.integration.helpers import CASTERS, open_vote_on_agenda  # noqa: E402

CHOICES = list(Choice)


async def _timed(call: Awaitable[object]) -> float:
    start = time.perf_counter()
    await call
    return time.perf_counter() - start


async def _measure(url: str, casts: int) -> dict[str, float]:
    engine = make_engine(url)
    await upgrade(engine)
    ctx = build_context(load_mandate(ROOT / "config" / "ror-ikt.yaml"), engine, SystemClock())
    vote_id = await open_vote_on_agenda(ctx)
    plan = [(CASTERS[i % 5], CHOICES[i % 3]) for i in range(casts)]

    start = time.perf_counter()
    sequential = [await _timed(votes.cast_ballot(ctx, CastBallot(m, vote_id, c))) for m, c in plan]
    seq_wall = time.perf_counter() - start

    start = time.perf_counter()
    concurrent = await asyncio.gather(
        *(_timed(votes.cast_ballot(ctx, CastBallot(m, vote_id, c))) for m, c in plan)
    )
    conc_wall = time.perf_counter() - start
    await engine.dispose()
    return {
        "seq_rate": casts / seq_wall,
        "conc_rate": casts / conc_wall,
        "seq_p50": _pct(sequential, 50),
        "seq_p99": _pct(sequential, 99),
        "conc_p50": _pct(list(concurrent), 50),
        "conc_p99": _pct(list(concurrent), 99),
    }


def _pct(samples: list[float], pct: int) -> float:
    return statistics.quantiles(samples, n=100)[pct - 1] * 1000 if pct < 100 else max(samples)


async def _pg_scratch(admin_url: str) -> tuple[str, str]:
    url = make_url(database_url(admin_url))
    name = f"bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(
        host=url.host, port=url.port, user=url.username, password=url.password, database="postgres"
    )
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return url.set(database=name).render_as_string(False), name


def _report(engine: str, figures: dict[str, float]) -> None:
    print(
        f"{engine:<10} sequential {figures['seq_rate']:8.1f} casts/s "
        f"(p50 {figures['seq_p50']:.1f} ms, p99 {figures['seq_p99']:.1f} ms)"
    )
    print(
        f"{'':<10} concurrent {figures['conc_rate']:8.1f} casts/s "
        f"(p50 {figures['conc_p50']:.1f} ms, p99 {figures['conc_p99']:.1f} ms)"
    )
    print(
        f"{'':<10} ratio concurrent/sequential throughput: "
        f"{figures['conc_rate'] / figures['seq_rate']:.2f}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--casts", type=int, default=200)
    parser.add_argument("--pg", default=os.environ.get("SAMSTYRE_TEST_DATABASE_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = await _measure(f"sqlite:///{tmp}/bench.db", args.casts)
    _report("SQLite", sqlite)
    if args.pg:
        url, _name = await _pg_scratch(args.pg)
        pg = await _measure(url, args.casts)
        _report("PostgreSQL", pg)
        ratio = pg["conc_rate"] / sqlite["conc_rate"]
        print(f"PostgreSQL/SQLite concurrent throughput: {ratio:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
