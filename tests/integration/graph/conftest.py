"""Fixtures for Graph publishing: the Graph emulator on loopback, a fake credential, and
``GraphTarget``s built with the real ``GraphServiceClient`` pointed at the emulator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from governance.ports.publishing import Place
from graph_sync.graph import GraphSettings, GraphTarget
from tests.emulators.entra import StandInCredential
from tests.emulators.graph import GraphEmulator, serving

TEAM = "6f1b5e2a-0c59-4a7e-9d3e-1f0a2b3c4d5e"
CHANNEL = "19:a1b2c3d4e5f6@thread.tacv2"
BOARD = "0d7c9b8a-1234-4cde-8f00-aabbccddeeff"
BOARD_CHANNEL = "19:board0001@thread.tacv2"
PLACE = Place("bestillerutvalg", TEAM, CHANNEL, "ROR-IKT", "Bestillerutvalget")


def emulator_credential() -> StandInCredential:
    """The credential the Graph emulator's tests use: the emulator's token."""
    return StandInCredential("emulator-token")


@dataclass
class Sleeps:
    """Records the delays the target asks for and waits only a moment (tests stay fast)."""

    asked: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        await asyncio.sleep(min(seconds, 0.01))


@pytest.fixture
async def emulator() -> AsyncIterator[GraphEmulator]:
    async with serving(
        (TEAM, CHANNEL, "Bestillerutvalget"), (BOARD, BOARD_CHANNEL, "General")
    ) as emu:
        yield emu


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


MakeTarget = Callable[..., GraphTarget]


@pytest.fixture
async def make_target(emulator: GraphEmulator, sleeps: Sleeps) -> AsyncIterator[MakeTarget]:
    targets: list[GraphTarget] = []

    def make(**overrides: Any) -> GraphTarget:
        real_sleep = overrides.pop("real_sleep", False)
        settings = GraphSettings(
            base_url=f"{emulator.base}/v1.0",
            board_team_id=BOARD,
            base_delay=0.05,
            max_delay=0.2,
            request_timeout=5,
        )
        target = GraphTarget(
            replace(settings, **overrides),
            emulator_credential(),
            sleep=asyncio.sleep if real_sleep else sleeps,
        )
        targets.append(target)
        return target

    yield make
    for target in targets:
        await target.aclose()
