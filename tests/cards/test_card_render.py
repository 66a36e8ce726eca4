"""Every card, in every locale, parses without a single warning in Microsoft's Adaptive Cards
renderer (npm ``adaptivecards``) and renders in headless Chromium, its texts read as Markdown
as Teams reads them; the screenshots go to ``test-artifacts/cards/<family>-<locale>.png`` for
people to look at. What people wrote (a title with a link in Markdown, bold, lists) renders as
written, never as a link or formatting (``hostile-<family>-<locale>.png``).

Chromium (Debian's ``chromium``) and ``node_modules`` (``npm ci``) must be installed: without
them these tests fail, they are never skipped.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from governance.config import load_mandate
from governance.i18n import LOCALES
from tests.cards.hostile import EVIL, LINK, hostile_cards
from tests.cards.renderer import CardRenderer, card_renderer, missing_tools
from tests.cards.samples import every_card, worst_cards
from tests.cards.walk import visible_buttons

ROOT = Path(__file__).resolve().parents[2]
MANDATE = load_mandate(ROOT / "config" / "ror-ikt.yaml")
CARDS = {
    (name, locale): card for locale in LOCALES for name, card in every_card(MANDATE, locale).items()
}
WORST = worst_cards(MANDATE, "nb")
HOSTILE = {
    (name, locale): card
    for locale in ("nb", "en")
    for name, card in hostile_cards(MANDATE, locale).items()
}
# What Markdown makes of text; the renderer's own markup has none of these (facts are a table).
FORMATTING = (
    "a",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "code",
    "pre",
    "h1",
    "h2",
    "h3",
    "blockquote",
    "s",
    "del",
    "hr",
    "img",
)


# Module scope: sync Playwright keeps an event loop running on this thread while it is open,
# which the asyncio tests that follow must not inherit.
@pytest.fixture(scope="module")
def renderer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CardRenderer]:
    problem = missing_tools()
    if problem:
        pytest.fail(f"cannot render cards: {problem}", pytrace=False)
    with card_renderer(tmp_path_factory.mktemp("renderer")) as rendering:
        yield rendering


@pytest.fixture(scope="session")
def shots() -> Path:
    return ROOT / "test-artifacts" / "cards"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def check(renderer: CardRenderer, card: dict[str, Any]) -> None:
    result = renderer.render(card)
    assert result.problems == []
    assert result.rendered
    assert result.text.strip()
    assert result.buttons == visible_buttons(card)
    assert result.links == []  # no card links anywhere; buttons open documents
    assert renderer.errors == []
    assert renderer.blocked == []


@pytest.mark.parametrize(("name", "locale"), list(CARDS))
def test_the_card_renders_without_warnings(
    renderer: CardRenderer, shots: Path, name: str, locale: str
) -> None:
    card = CARDS[name, locale]
    check(renderer, card)
    width, height = png_size(renderer.screenshot(shots / f"{name}-{locale}.png"))
    assert width > 400 and height > 60


@pytest.mark.parametrize("name", list(WORST))
def test_the_worst_case_renders_without_warnings(renderer: CardRenderer, name: str) -> None:
    check(renderer, WORST[name])


@pytest.mark.parametrize(("name", "locale"), list(HOSTILE))
def test_what_people_wrote_renders_as_written(
    renderer: CardRenderer, shots: Path, name: str, locale: str
) -> None:
    result = renderer.render(HOSTILE[name, locale])
    assert result.problems == [] and result.rendered
    assert f'<a href="{EVIL}"' not in result.html
    assert not any(EVIL in link for link in result.links)
    assert [
        tag for tag in FORMATTING if f"<{tag}>" in result.html or f"<{tag} " in result.html
    ] == []
    assert LINK in result.text
    renderer.screenshot(shots / f"hostile-{name}-{locale}.png")


def test_the_renderer_reads_texts_as_markdown(renderer: CardRenderer) -> None:
    """The check above can fail: Markdown in a text block becomes a link and bold text."""
    card = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [{"type": "TextBlock", "text": f"{LINK} **fet**"}],
    }
    result = renderer.render(card)
    assert result.links == [EVIL]
    assert "<strong>fet</strong>" in result.html


def test_the_renderer_reports_what_it_does_not_accept(renderer: CardRenderer) -> None:
    """The check above can fail: a card the renderer dislikes shows up as problems."""
    bad = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "lang": "nb-NO",
        "body": [
            {"type": "Input.Text", "id": "x", "isRequired": True},
            {"type": "Input.Text", "id": "x", "label": "Igjen"},
            {"type": "NoSuchElement"},
        ],
    }
    problems = " ".join(renderer.render(bad).problems)
    for expected in (
        "InvalidPropertyValue",
        "UnknownElementType",
        "DuplicateId",
        "RequiredInputsShouldHaveLabel",
    ):
        assert expected in problems
