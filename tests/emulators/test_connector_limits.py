"""The local connector answering like Teams: its rate limits (sliding windows, 429 with
``Retry-After``), injected faults, storms, a removed bot, and the measurements of the arrival log.

Most tests run on a clock they move by hand, so no test waits for a window to pass."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from tests.emulators.connector import Connector
from tests.emulators.connector_limits import Arrival

TENANT = "00000000-0000-4000-8000-0000000000aa"
OTHER_TENANT = "00000000-0000-4000-8000-0000000000ee"


class HandClock:
    """A monotonic clock that stands still until the test moves it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class Answer:
    status: int
    retry_after: str | None
    body: dict[str, Any]

    @property
    def code(self) -> str:
        return str(self.body["error"]["code"])


@dataclass
class Bot:
    """The bot's side of the wire: plain HTTP to the connector."""

    http: ClientSession
    base: str

    async def _call(self, method: str, path: str, body: dict[str, Any]) -> Answer:
        async with self.http.request(method, self.base + path, json=body) as response:
            return Answer(
                response.status, response.headers.get("Retry-After"), await response.json()
            )

    async def post(self, conversation: str, tenant: str = TENANT) -> Answer:
        activity = {
            "type": "message",
            "text": "hei",
            "conversation": {"id": conversation, "tenantId": tenant},
        }
        return await self._call("POST", f"/v3/conversations/{conversation}/activities", activity)

    async def update(self, conversation: str, activity_id: str) -> Answer:
        activity = {"type": "message", "text": "endra", "channelData": {"tenant": {"id": TENANT}}}
        return await self._call(
            "PUT", f"/v3/conversations/{conversation}/activities/{activity_id}", activity
        )

    async def create(self, channel: str, tenant: str = TENANT) -> Answer:
        body = {
            "isGroup": True,
            "tenantId": tenant,
            "channelData": {"channel": {"id": channel}},
            "activity": {"type": "message", "text": "ny tråd"},
        }
        return await self._call("POST", "/v3/conversations", body)


@asynccontextmanager
async def serving(connector: Connector) -> AsyncIterator[Bot]:
    server = TestServer(connector.app(), host="127.0.0.1")
    await server.start_server()
    try:
        async with ClientSession() as http:
            yield Bot(http, str(server.make_url("")).rstrip("/"))
    finally:
        await server.close()


async def test_eighth_quick_post_to_one_conversation_is_refused_with_retry_after() -> None:
    connector = Connector(enforce_limits=True)  # the real monotonic clock
    async with serving(connector) as bot:
        answers = [await bot.post("a:chat") for _ in range(8)]

    assert [a.status for a in answers] == [200] * 7 + [429]
    refused = answers[-1]
    assert refused.code == "TooManyRequests"
    assert refused.retry_after is not None and int(refused.retry_after) >= 1
    assert len(connector.messages("a:chat")) == 7  # the refused post is not kept
    assert connector.count_by_status() == {200: 7, 429: 1}
    assert connector.limit_violations() == []


async def test_a_burst_to_sixty_conversations_of_one_tenant_gets_fifty_through() -> None:
    connector = Connector(enforce_limits=True, clock=HandClock())
    async with serving(connector) as bot:
        answers = await asyncio.gather(*(bot.post(f"a:chat-{n}") for n in range(60)))
        elsewhere = await bot.post("a:chat-0", tenant=OTHER_TENANT)

    assert sorted(a.status for a in answers) == [200] * 50 + [429] * 10
    assert {a.retry_after for a in answers if a.status == 429} == {"1"}
    assert elsewhere.status == 200  # the limit is per tenant
    assert connector.peak(1, tenant=TENANT) == 50
    assert connector.peak(1, tenant=TENANT, accepted_only=False) == 60


async def test_tenant_comes_from_channel_data_and_from_the_create_body() -> None:
    connector = Connector(enforce_limits=True, clock=HandClock())
    async with serving(connector) as bot:
        await bot.update("a:chat", "m1")
        await bot.create("19:general@thread.tacv2", tenant=OTHER_TENANT)

    assert [(a.tenant, a.status) for a in connector.arrivals] == [
        (TENANT, 200),
        (OTHER_TENANT, 201),
    ]


async def test_retry_after_is_the_time_until_the_window_frees_rounded_up() -> None:
    clock = HandClock()
    connector = Connector(enforce_limits=True, clock=clock)
    async with serving(connector) as bot:
        for _ in range(7):
            assert (await bot.post("a:chat")).status == 200
        assert (await bot.post("a:chat")).retry_after == "1"  # 7 per 1 s
        clock.now += 1
        assert (await bot.post("a:chat")).status == 200  # the eighth in 2 s
        clock.now += 0.5
        assert (await bot.post("a:chat")).retry_after == "1"  # 8 per 2 s: free in 0.5 s

        clock.now += 10  # then 4 a second: under 7/1 s and 8/2 s, but 60 per 30 s
        answers = []
        for _ in range(61):
            answers.append(await bot.post("a:thread"))
            clock.now += 0.25

    assert [a.status for a in answers] == [200] * 60 + [429]
    assert answers[-1].retry_after == "15"  # the first of the 60 leaves 30 s after it came
    assert connector.limit_violations() == []


async def test_without_enforcement_everything_passes_and_the_violations_are_named() -> None:
    connector = Connector(clock=HandClock())
    async with serving(connector) as bot:
        answers = [await bot.post("a:chat") for _ in range(9)]

    assert {a.status for a in answers} == {200}
    assert connector.limit_violations() == [
        "conversation a:chat: 9 in 1 s (limit 7)",
        "conversation a:chat: 9 in 2 s (limit 8)",
    ]


async def test_injected_503_is_answered_once_then_the_post_succeeds() -> None:
    connector = Connector()
    connector.inject(503, 1)
    async with serving(connector) as bot:
        first, second = await bot.post("a:chat"), await bot.post("a:chat")

    assert (first.status, first.code, first.retry_after) == (503, "ServiceUnavailable", None)
    assert second.status == 200
    assert len(connector.messages()) == 1


async def test_injected_faults_match_their_conversation_and_queue_in_order() -> None:
    connector = Connector()
    connector.inject(429, 2, retry_after=3, conversation="a:busy")
    connector.inject(412, 1)
    async with serving(connector) as bot:
        calm = await bot.post("a:calm")  # takes the 412: the 429s wait for a:busy
        busy = [await bot.post("a:busy") for _ in range(3)]
        update = await bot.update("a:busy", "m1")

    assert calm.status == 412 and calm.code == "PreconditionFailed"
    assert [(a.status, a.retry_after) for a in busy] == [(429, "3"), (429, "3"), (200, None)]
    assert update.status == 200


async def test_a_storm_is_reproducible_with_its_seed() -> None:
    async def statuses(seed: int) -> list[int]:
        connector = Connector()
        connector.storm(0.3, status=503, retry_after=2, seed=seed)
        async with serving(connector) as bot:
            answers = [await bot.post("a:chat") for _ in range(40)]
        assert {a.retry_after for a in answers if a.status == 503} == {"2"}
        return [a.status for a in answers]

    first, again, other = await statuses(7), await statuses(7), await statuses(8)
    assert first == again
    assert first != other
    assert 0 < first.count(503) < 40


async def test_a_removed_bot_gets_403_in_that_conversation_only() -> None:
    connector = Connector()
    connector.remove_bot("19:gone@thread.tacv2")
    connector.remove_bot("a:blocked", code="MessageWritesBlocked")
    async with serving(connector) as bot:
        thread = await bot.create("19:gone@thread.tacv2")
        blocked = await bot.post("a:blocked")
        fine = await bot.post("a:chat")

    assert (thread.status, thread.code) == (403, "BotNotInConversationRoster")
    assert (blocked.status, blocked.code) == (403, "MessageWritesBlocked")
    assert fine.status == 200
    assert connector.count_by_status() == {403: 2, 200: 1}


def test_peak_counts_the_fullest_sliding_window_of_a_synthetic_log() -> None:
    connector = Connector()
    times = [0.0, 0.1, 0.2, 0.95, 1.0, 1.1, 1.5, 3.0]
    connector.arrivals = [Arrival(t, "a:chat", TENANT, 200) for t in times]
    connector.arrivals += [
        Arrival(1.05, "a:chat", TENANT, 429),
        Arrival(1.06, "a:other", OTHER_TENANT, 200),
    ]

    assert connector.peak(1) == 5  # (0.1, 1.1] holds 0.2 0.95 1.0 1.06 1.1
    assert connector.peak(1, conversation="a:chat") == 4
    assert connector.peak(1, conversation="a:chat", accepted_only=False) == 5  # and 1.05
    assert connector.peak(1, tenant=OTHER_TENANT) == 1
    assert connector.peak(0.5) == 4  # (0.6, 1.1]: 0.95 1.0 1.06 1.1
    assert connector.peak(10) == 9
    assert Connector().peak(1) == 0


def test_a_window_leaves_out_what_came_exactly_its_length_earlier() -> None:
    connector = Connector()
    connector.arrivals = [Arrival(t, "a:chat", TENANT, 200) for t in (0.0, 1.0, 2.0, 2.0)]

    assert connector.peak(1) == 2  # the two at 2.0; 1.0 is outside (1.0, 2.0]
    assert connector.peak(1.5) == 3
