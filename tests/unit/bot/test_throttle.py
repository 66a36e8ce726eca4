"""The throttle's windows: a slot counts while its request is in flight and is logged when the
answer comes, so Teams can never see more than the limit in any window."""

from __future__ import annotations

import asyncio
import time

from bot.throttle import Throttle


def small() -> Throttle:
    return Throttle(conversation_limits=((2, 0.3),), tenant_limits=((3, 0.3),), margin=0)


async def test_a_conversation_gets_its_limit_then_waits_for_the_window() -> None:
    throttle, started = small(), time.monotonic()
    for _ in range(2):
        async with throttle.slot("19:a@thread.tacv2", "t"):
            pass
    assert time.monotonic() - started < 0.1
    async with throttle.slot("19:a@thread.tacv2", "t"):
        assert time.monotonic() - started >= 0.3


async def test_requests_in_flight_hold_their_slots_until_answered() -> None:
    throttle = small()
    held = asyncio.Event()
    answered_at: list[float] = []

    async def slow(conversation: str) -> None:
        async with throttle.slot(conversation, "t"):
            await held.wait()
        answered_at.append(time.monotonic())

    slow_ones = [asyncio.create_task(slow(f"19:{n}@thread.tacv2")) for n in range(3)]
    await asyncio.sleep(0.4)  # longer than the window: the three are still in flight
    waiting = asyncio.create_task(slow("19:x@thread.tacv2"))
    await asyncio.sleep(0.1)
    assert not waiting.done() and len(answered_at) == 0
    held.set()
    await asyncio.gather(*slow_ones)
    freed = time.monotonic()
    async with throttle.slot("19:y@thread.tacv2", "t"):
        # the answered three are logged at their answer: the tenant's window is full again
        # until they age out, 0.3 s after they were answered
        assert time.monotonic() - freed >= 0.25
    await waiting


async def test_a_failed_request_also_counts() -> None:
    throttle, started = small(), time.monotonic()
    for _ in range(2):
        try:
            async with throttle.slot("19:a@thread.tacv2", "t"):
                raise OSError("reset")
        except OSError:
            pass
    async with throttle.slot("19:a@thread.tacv2", "t"):
        assert time.monotonic() - started >= 0.3
