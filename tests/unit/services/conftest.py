"""The use cases on ``FakeUnitOfWork``: the shipped ROR-IKT mandate (``tests/conftest.py``), a
fixed clock and an in-memory database per test."""

from __future__ import annotations

import pytest

from governance.domain.organisation import Mandate
from governance.services.context import Context, FixedClock
from tests.fakes.uow import FakeDatabase


@pytest.fixture
def db() -> FakeDatabase:
    return FakeDatabase()


@pytest.fixture
def ctx(ror_mandate: Mandate, db: FakeDatabase, clock: FixedClock) -> Context:
    return Context(mandate=ror_mandate, units=db.unit, clock=clock)
