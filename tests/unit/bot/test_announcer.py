"""The publisher's announcement in a body's channel: the document's title is text, and the only
place the card leads to is the published document, whatever the title says."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any, cast

import pytest

from bot.notifier import ChannelAnnouncer, TeamsNotifier
from tests.cards.walk import markdown_html, markdown_texts, nodes, shown_texts

DOCUMENT = "https://contoso.sharepoint.com/sites/ror/Vedtak/2027/2027-01-11%20Sak%2012.docx"
TITLES = [
    "Vedtak i sak 12](https://evil.example)",
    "[Åpne dokumentet](https://evil.example)",
    "Sak 12 ](https://evil.example) [x",
    "<https://evil.example>",
]


class Posts:
    """A notifier that keeps what would be posted in a body's channel."""

    def __init__(self, locale: str) -> None:
        self.ctx = SimpleNamespace(mandate=SimpleNamespace(locale=locale))
        self.posted: list[tuple[str, dict[str, Any]]] = []

    async def post_to_body(
        self, body_id: str, card: dict[str, Any], *, subject: str | None = None
    ) -> str | None:
        self.posted.append((body_id, card))
        return "m1"


def targets(card: dict[str, Any]) -> list[str]:
    """Every address the card leads to: its buttons', and the links its Markdown makes."""
    found = [node["url"] for node in nodes(card) if "url" in node]
    for text in markdown_texts(card):
        found += re.findall(r'href="([^"]*)"', markdown_html(text))
    return found


@pytest.mark.parametrize("locale", ["nb", "nn", "en"])
@pytest.mark.parametrize("title", TITLES)
async def test_a_title_cannot_change_the_documents_link(title: str, locale: str) -> None:
    posts = Posts(locale)
    await ChannelAnnouncer(cast(TeamsNotifier, posts)).announce("styret", title, DOCUMENT)
    [(body, card)] = posts.posted
    assert body == "styret"
    assert targets(card) == [DOCUMENT]
    assert any(title in text for text in shown_texts(card))  # the title, shown as written
