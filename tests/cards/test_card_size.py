"""Every card family stays well below Teams' message size (about 100 KB) in its worst case:
long texts, a long history, every step, every municipality, many items, systems and entries."""

from __future__ import annotations

import json

import pytest

from governance.domain.organisation import Mandate
from governance.i18n import LOCALES
from tests.cards.samples import every_card, worst_cards

LIMIT = 40_000  # bytes of JSON


def size(card: dict[str, object]) -> int:
    return len(json.dumps(card).encode())


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("mandate_name", ["ror_mandate", "fartt_mandate"])
def test_every_family_in_its_worst_case_is_below_40_kb(
    mandate_name: str, locale: str, request: pytest.FixtureRequest
) -> None:
    mandate: Mandate = request.getfixturevalue(mandate_name)
    cards = worst_cards(mandate, locale)
    families = {name.split("-")[0] for name in every_card(mandate, locale)}
    assert families <= set(cards), "every family needs a worst case"
    too_big = {name: size(card) for name, card in cards.items() if size(card) >= LIMIT}
    assert not too_big, f"cards of {LIMIT} bytes or more: {too_big}"


def test_the_worst_cases_are_really_large(ror_mandate: Mandate) -> None:
    """Guard against worst cases that quietly shrink: each is at least a few kilobytes."""
    sizes = {name: size(card) for name, card in worst_cards(ror_mandate, "nb").items()}
    assert sizes["form"] > 25_000
    assert sizes["agenda"] > 20_000
    assert sizes["ranking"] > 20_000
    assert all(value > 1_500 for value in sizes.values()), sizes
