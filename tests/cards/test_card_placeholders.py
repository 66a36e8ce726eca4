"""Placeholders such as ``<nr>`` in usages ("sak <nr>") reach the reader: in the help card and in
the "which case?" answer, read as Markdown (markdown-it, as the Adaptive Cards renderer does),
read as HTML (as Teams reads a text block, which dropped ``<nr>`` as an unknown tag), and
rendered by Microsoft's renderer in headless Chromium.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest

from bot import catalogue
from cards.help import help_card
from cards.toast import toast_card
from governance.i18n import LOCALES
from governance.views import HelpEntry
from tests.cards.renderer import CardRenderer, card_renderer, missing_tools
from tests.cards.walk import markdown_texts, shown_texts

TAG = re.compile(r"<[^<>]*>")
PLACEHOLDER = re.compile(r"<[^<>\s]+>")


def read_as_html(value: str) -> str:
    """What a host that reads a text as HTML shows: tags dropped, entities decoded."""
    return html.unescape(TAG.sub("", value))


def help_of(locale: str) -> tuple[dict[str, Any], list[str]]:
    entries = catalogue.help_entries(locale, is_chair=True)
    card = help_card(
        [HelpEntry(e.usage, e.description, e.chair_only) for e in entries], locale=locale
    )
    return card, [e.usage for e in entries if PLACEHOLDER.search(e.usage)]


def which_case(locale: str) -> tuple[dict[str, Any], str]:
    invalid = catalogue.parse("sak" if locale != "en" else "case")
    assert isinstance(invalid, catalogue.Invalid)
    assert invalid.error == catalogue.MISSING_NUMBER
    message = invalid.render(locale)
    return toast_card(message, locale, tone="attention"), message


@pytest.fixture(scope="module")
def renderer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CardRenderer]:
    problem = missing_tools()
    if problem:
        pytest.fail(f"cannot render cards: {problem}", pytrace=False)
    with card_renderer(tmp_path_factory.mktemp("renderer")) as rendering:
        yield rendering


@pytest.mark.parametrize("locale", LOCALES)
def test_the_help_card_shows_every_placeholder(locale: str) -> None:
    card, usages = help_of(locale)
    assert len(usages) >= 5  # sak <nr>, start avstemning <nr>, …
    as_markdown = shown_texts(card)
    as_html = [read_as_html(text) for text in markdown_texts(card)]
    for usage in usages:
        assert usage in as_markdown
        assert usage in as_html


@pytest.mark.parametrize("locale", LOCALES)
def test_which_case_shows_how_to_write_the_number(locale: str) -> None:
    card, message = which_case(locale)
    assert PLACEHOLDER.search(message)
    assert message in shown_texts(card)
    assert message in [read_as_html(text) for text in markdown_texts(card)]


def test_the_backslash_escape_alone_would_have_lost_the_placeholder() -> None:
    """The HTML reading above can fail: CommonMark's ``\\<nr\\>`` is a tag to an HTML host."""
    assert read_as_html("Skriv sak \\<nr\\>, for eksempel") == "Skriv sak \\, for eksempel"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_official_renderer_shows_the_placeholders(renderer: CardRenderer, locale: str) -> None:
    card, usages = help_of(locale)
    shown = renderer.render(card)
    assert shown.problems == [] and shown.rendered
    for usage in usages:
        assert usage in shown.text
    card, message = which_case(locale)
    shown = renderer.render(card)
    assert shown.problems == [] and shown.rendered
    assert message in shown.text
