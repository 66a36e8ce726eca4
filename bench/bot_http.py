"""Benchmark: the bot over real HTTP at 32 concurrent clients.

  (a) a bare Agents SDK echo bot (bench/echo_bot.py): the baseline, measured in the same run;
  (b) Samstyre (``samstyre serve --local``) answering ``Action.Execute`` ballot changes on SQLite;
  (c) the same on PostgreSQL (with --pg URL, or SAMSTYRE_TEST_DATABASE_URL set).

Each server runs in its own process; this process is the load generator. Every ballot request is
a real ``adaptiveCard/action`` invoke from one of ROR-IKT's four bestillere, answered with their
refreshed vote card. Prints requests per second, p50/p99 latency and the ratio to (a).

Usage: .venv/bin/python bench/bot_http.py [--requests 4000] [--clients 32] [--pg URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from governance.config import load_mandate  # noqa: E402
from governance.services.context import SystemClock  # noqa: E402
from governance.store.database import make_engine  # noqa: E402
from governance.store.migrate import upgrade  # noqa: E402
from samstyre.bootstrap import build_context  # noqa: E402
from tests.integration.bot.teams import BESTILLERE, COMMITTEE_CHANNEL, activity  # noqa: E402
from tests.integration.helpers import open_vote_on_agenda  # noqa: E402

CHOICES = ["for", "mot", "avstar"]
Body = Callable[[int], dict[str, Any]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def wait_up(url: str, process: asyncio.subprocess.Process) -> None:
    async with aiohttp.ClientSession() as http:
        for _ in range(300):
            if process.returncode is not None:
                raise SystemExit(f"server exited with {process.returncode}")
            try:
                async with http.get(url + "/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("server did not start")


async def load(url: str, body: Body, requests: int, clients: int) -> dict[str, float]:
    latencies: list[float] = []
    counter = iter(range(requests))
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def client() -> None:
            for n in counter:
                start = time.perf_counter()
                async with http.post(url + "/api/messages", json=body(n)) as response:
                    await response.read()
                    if response.status != 200:
                        raise SystemExit(f"request {n}: HTTP {response.status}")
                latencies.append(time.perf_counter() - start)

        start = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        wall = time.perf_counter() - start
    latencies.sort()
    return {
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


def echo_body(n: int) -> dict[str, Any]:
    return {
        "type": "message",
        "text": f"hei {n}",
        "deliveryMode": "expectReplies",
        "channelId": "msteams",
        "serviceUrl": "http://127.0.0.1:9/",
        "conversation": {"id": f"a:{n % 32}"},
        "from": {"id": f"29:{n % 32}"},
        "recipient": {"id": "28:bot"},
    }


def ballot_body(vote_id: int) -> Body:
    def body(n: int) -> dict[str, Any]:
        person = BESTILLERE[n % 4]
        return activity(
            person,
            service_url="http://127.0.0.1:9/",
            conversation=COMMITTEE_CHANNEL,
            type="invoke",
            name="adaptiveCard/action",
            value={
                "action": {
                    "type": "Action.Execute",
                    "verb": "ballot.cast",
                    "data": {"vote_id": vote_id, "choice": CHOICES[(n // 4) % 3]},
                },
                "trigger": "manual",
            },
        )

    return body


async def prepared_vote(url: str) -> int:
    engine = make_engine(url)
    await upgrade(engine)
    ctx = build_context(load_mandate(ROOT / "config" / "ror-ikt.yaml"), engine, SystemClock())
    vote_id = await open_vote_on_agenda(ctx)
    await engine.dispose()
    return vote_id


async def measure(
    command: list[str], env: dict[str, str], port: int, body: Body, args: argparse.Namespace
) -> dict[str, float]:
    process = await asyncio.create_subprocess_exec(
        *command,
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        await wait_up(url, process)
        await load(url, body, args.warmup, args.clients)
        return await load(url, body, args.requests, args.clients)
    finally:
        process.terminate()
        await process.wait()


async def samstyre(url: str, args: argparse.Namespace) -> dict[str, float]:
    vote_id = await prepared_vote(url)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SAMSTYRE_LOCAL": "1"}
    command = [sys.executable, "-m", "samstyre.cli", "serve", "--local", "--port", str(port)]
    return await measure(command, env, port, ballot_body(vote_id), args)


async def scratch_pg(admin_url: str) -> tuple[str, Callable[[], Any]]:
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = make_url(admin_url).set(drivername="postgresql")
    conn = await asyncpg.connect(admin.render_as_string(hide_password=False))
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()

    async def drop() -> None:
        conn = await asyncpg.connect(admin.render_as_string(hide_password=False))
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), drop


def row(name: str, result: dict[str, float], base: dict[str, float]) -> str:
    return (
        f"| {name} | {result['rps']:.0f} | {result['p50']:.1f} | {result['p99']:.1f} | "
        f"{result['rps'] / base['rps']:.2f} |"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--warmup", type=int, default=400)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--pg", default=os.environ.get("SAMSTYRE_TEST_DATABASE_URL"))
    args = parser.parse_args()
    port = free_port()
    echo = await measure(
        [sys.executable, "bench/echo_bot.py", str(port)], dict(os.environ), port, echo_body, args
    )
    rows = [row("(a) Agents SDK echo bot", echo, echo)]
    with tempfile.TemporaryDirectory() as folder:
        sqlite = await samstyre(f"sqlite:///{folder}/bench.db", args)
    rows.append(row("(b) Samstyre ballot change, SQLite", sqlite, echo))
    if args.pg:
        url, drop = await scratch_pg(args.pg)
        try:
            rows.append(
                row("(c) Samstyre ballot change, PostgreSQL", await samstyre(url, args), echo)
            )
        finally:
            await drop()
    print(
        f"{args.requests} requests after {args.warmup} warm-up, {args.clients} concurrent "
        "clients, one server process each"
    )
    print("| server | requests/s | p50 ms | p99 ms | ratio to (a) |\n|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    asyncio.run(main())
