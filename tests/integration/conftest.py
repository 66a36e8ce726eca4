"""Fixtures of the integration tests beyond the shared ones in ``tests/conftest.py``."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.emulators.graph import GraphEmulator, serving
from tests.integration.helpers import BOARD_CHANNEL, BOARD_TEAM, COMMITTEE_CHANNEL, COMMITTEE_TEAM


@pytest.fixture
async def graph() -> AsyncIterator[GraphEmulator]:
    """The Graph emulator with the example mandate's committee and board channels."""
    async with serving(
        (COMMITTEE_TEAM, COMMITTEE_CHANNEL, "Bestillerutvalget"),
        (BOARD_TEAM, BOARD_CHANNEL, "Styret"),
    ) as emulator:
        yield emulator
