"""The announcement of a published document in a body's channel (the ``Renderer`` port's
``announcement``, posted by the outbox): the document's title is text, and the only place the
card leads to is the published document, whatever the title says."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cards.renderer import CardRenderer
from tests.cards.walk import markdown_html, markdown_texts, nodes, shown_texts

DOCUMENT = "https://contoso.sharepoint.com/sites/ror/Vedtak/2027/2027-01-11%20Sak%2012.docx"
TITLES = [
    "Vedtak i sak 12](https://evil.example)",
    "[Åpne dokumentet](https://evil.example)",
    "Sak 12 ](https://evil.example) [x",
    "<https://evil.example>",
]


def targets(card: dict[str, Any]) -> list[str]:
    """Every address the card leads to: its buttons', and the links its Markdown makes."""
    found = [node["url"] for node in nodes(card) if "url" in node]
    for text in markdown_texts(card):
        found += re.findall(r'href="([^"]*)"', markdown_html(text))
    return found


@pytest.mark.parametrize("locale", ["nb", "nn", "en"])
@pytest.mark.parametrize("title", TITLES)
def test_a_title_cannot_change_the_documents_link(title: str, locale: str) -> None:
    card = CardRenderer().announcement(title, DOCUMENT, locale)
    assert targets(card) == [DOCUMENT]
    assert any(title in text for text in shown_texts(card))  # the title, shown as written
