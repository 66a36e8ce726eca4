"""Benchmark: does ``/healthz`` stay fast while huge unknown commands are in flight?

Starts ``samstyre serve --local`` (SQLite, its own process, as ``bench/bot_http.py`` does) and a
minimal sink for its replies (the ``serviceUrl``: it only reads and counts what the bot posts).
Measures ``/healthz`` latency

  (a) idle: the baseline, measured in the same run;
  (b) while 4 clients keep sending a member's chat message whose text is letters filling the
      request up to just under the 256 KB body limit (an unknown command), one after another,
      for ``--seconds``.

Prints p50/p99/max of each and the ratio to (a), the messages answered and the largest reply the
bot posted. The aim: ``/healthz`` answers in under 100 ms while the messages are in flight.

Usage: .venv/bin/python bench/healthz_under_load.py [--seconds 10] [--clients 4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bot_http import free_port, wait_up  # noqa: E402
from tests.integration.bot.teams import MOLDE, activity  # noqa: E402

BODY_LIMIT = 256 * 1024  # bot.server.MAX_BODY
PROBE_EVERY = 0.02  # seconds between two /healthz probes


class Sink:
    """The ``serviceUrl`` the bot replies to: reads each reply, keeps its size, answers 200."""

    def __init__(self) -> None:
        self.replies = 0
        self.largest = 0

    def app(self) -> web.Application:
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_post("/v3/conversations/{cid}/activities", self.receive)
        app.router.add_post("/v3/conversations/{cid}/activities/{aid}", self.receive)
        return app

    async def receive(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.replies += 1
        self.largest = max(self.largest, len(body))
        return web.json_response({"id": f"m{self.replies}"})


def huge_message(service_url: str) -> bytes:
    """A member's message of letters (no command), as large as the body limit lets it be."""
    envelope = activity(MOLDE, service_url=service_url, text="")
    size = len(json.dumps(envelope).encode())
    text = ("abcdefghijklmnopqrstuvwxyz" * (BODY_LIMIT // 26 + 1))[: BODY_LIMIT - size - 16]
    body = json.dumps(activity(MOLDE, service_url=service_url, text=text)).encode()
    assert len(body) < BODY_LIMIT, len(body)
    return body


async def probe(http: aiohttp.ClientSession, url: str, seconds: float) -> list[float]:
    """``/healthz`` latencies (ms), one probe every PROBE_EVERY seconds for ``seconds``."""
    latencies: list[float] = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        start = time.perf_counter()
        async with http.get(url + "/healthz") as response:
            await response.read()
            if response.status != 200:
                raise SystemExit(f"/healthz: HTTP {response.status}")
        latencies.append((time.perf_counter() - start) * 1000)
        await asyncio.sleep(PROBE_EVERY)
    return latencies


async def sender(http: aiohttp.ClientSession, url: str, body: bytes, done: list[float]) -> None:
    while True:
        start = time.perf_counter()
        async with http.post(
            url + "/api/messages", data=body, headers={"Content-Type": "application/json"}
        ) as response:
            await response.read()
            if response.status not in (200, 201, 202):
                raise SystemExit(f"/api/messages: HTTP {response.status}")
        done.append(time.perf_counter() - start)


async def under_load(
    url: str, body: bytes, args: argparse.Namespace
) -> tuple[list[float], list[float]]:
    done: list[float] = []
    # One connection per sender, and the probe on a connection of its own.
    async with aiohttp.ClientSession() as probes, aiohttp.ClientSession() as senders:
        tasks = [asyncio.create_task(sender(senders, url, body, done)) for _ in range(args.clients)]
        await asyncio.sleep(0.2)  # the bodies are on their way
        try:
            latencies = await probe(probes, url, args.seconds)
        finally:
            for task in tasks:
                task.cancel()
            results = await asyncio.gather(*tasks, return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
                raise result
    return latencies, done


def stats(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "p50": statistics.median(ordered),
        "p99": ordered[max(int(len(ordered) * 0.99) - 1, 0)],
        "max": ordered[-1],
    }


def row(name: str, result: dict[str, float], base: dict[str, float], count: int) -> str:
    return (
        f"| {name} | {count} | {result['p50']:.1f} | {result['p99']:.1f} | "
        f"{result['max']:.1f} | {result['p50'] / base['p50']:.1f} | "
        f"{result['max'] / base['max']:.1f} |"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    sink = Sink()
    sink_server = TestServer(sink.app(), host="127.0.0.1")
    await sink_server.start_server()
    service_url = str(sink_server.make_url("")).rstrip("/") + "/"
    body = huge_message(service_url)
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        env: dict[str, Any] = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/bench.db",
            "SAMSTYRE_LOCAL": "1",
            "SAMSTYRE_PUBLISHER": "0",
            "SAMSTYRE_SCHEDULER": "0",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "samstyre.cli",
            "serve",
            "--local",
            "--port",
            str(port),
            env=env,
            cwd=ROOT,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            await wait_up(url, process)
            async with aiohttp.ClientSession() as http:
                await probe(http, url, 1.0)  # warm-up
                idle = await probe(http, url, min(args.seconds, 5.0))
            loaded, done = await under_load(url, body, args)
        finally:
            process.terminate()
            await process.wait()
    await sink_server.close()
    base = stats(idle)
    print(
        f"/healthz every {PROBE_EVERY * 1000:.0f} ms; {args.clients} clients sending "
        f"{len(body) // 1024} KB unknown commands for {args.seconds:.0f} s; one server process"
    )
    print("| /healthz | probes | p50 ms | p99 ms | max ms | p50 ratio to (a) | max ratio to (a) |")
    print("|---|---|---|---|---|---|---|")
    print(row("(a) idle", base, base, len(idle)))
    print(row("(b) huge messages in flight", stats(loaded), base, len(loaded)))
    answered = f"{statistics.median(done):.2f} s median" if done else "none finished"
    print(
        f"messages answered: {len(done)} ({answered}); replies posted: {sink.replies}, "
        f"largest {sink.largest / 1024:.1f} KB"
    )


if __name__ == "__main__":
    asyncio.run(main())
