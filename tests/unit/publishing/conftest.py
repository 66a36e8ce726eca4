"""Fixtures of the publishing tests: ROR-IKT's mandate, and a folder for the rendered samples
(``test-artifacts/publishing/``, git-ignored) so a person can open them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from governance.config import load_mandate
from governance.domain.organisation import Mandate
from tests.unit.publishing.samples import ARTIFACTS, ROOT


@pytest.fixture(scope="session")
def mandate() -> Mandate:
    return load_mandate(ROOT / "config" / "ror-ikt.yaml")


@pytest.fixture
def save() -> Callable[[str, bytes], None]:
    """Write a rendered sample where a person can open it."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def write(name: str, content: bytes) -> None:
        (ARTIFACTS / name).write_bytes(content)

    return write
