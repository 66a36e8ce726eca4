"""Text people write is shown as written: Teams reads text blocks and facts as Markdown, so a
title such as ``[Klikk her for å stemme](https://evil.example)`` must not become a link, and
``**fet**`` or "- punkt" must not become formatting, in any card. The texts are read here with
markdown-it (the Markdown renderer the Adaptive Cards renderer itself uses)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cards.markdown import escape_markdown
from cards.toast import publication_card
from governance.domain.organisation import Mandate
from governance.i18n import LOCALES
from tests.cards.hostile import EVIL, HOSTILE, LINK, hostile_cards
from tests.cards.walk import (
    markdown_html,
    markdown_texts,
    markup,
    nodes,
    shown,
    shown_texts,
    texts,
)

TRICKS = [
    LINK,
    HOSTILE,
    f"[Stem]\n\n[Stem]: {EVIL}",  # a reference link
    f"![bilde]({EVIL}/x.png)",
    f"&#91;Stem&#93;({EVIL})",  # brackets as entities
    f"\\[Stem]({EVIL})",  # a backslash of its own
    f"<a href='{EVIL}'>Stem</a>",
    "***",
    "___",
    "a\n===",
    "a\n---",
    "- - -",
    "+ pluss",
    "* stjerne",
    "10) ti",
    "1. januar",
    "## Overskrift",
    "    kodeblokk",
    "```\nkode\n```",
    "~~~\nkode\n~~~",
    "a | b\n--- | ---\n1 | 2",
    '=HYPERLINK("x") \\* \\_ \\\\',
]
FAMILIES = [
    "proposal",
    "qa",
    "form-error",
    "report-error",
    "agenda",
    "proposal-step",
    "vote",
    "result",
    "ranking",
    "standings",
    "proposal-list",
    "task",
    "task-list",
    "election",
    "election-result",
    "systems",
    "toast",
    "publication",
]
ORDINARY = [
    "Nytt fagsystem - barnehage (Molde)",
    "Digital søknad om barnehageplass",
    "#12 Felles innbyggerportal",
    "Kostnad 150 000 kr (engangs) og 24 000 kr/år; 2.5 årsverk",
    "Møtet 12. januar: «sak 3» – orientering!",
    "Spørsmål? Send e-post til post@molde.kommune.no.",
    "Vestnes + Rauma = felles løsning",
    "Frist 31.03.2027 (1. kvartal)",
]


def lines(value: str) -> list[str]:
    """The lines of ``value`` as paragraphs show them: stripped, blank ones left out."""
    return [line.strip() for line in re.split(r"\r\n|\r|\n", value) if line.strip()]


@pytest.mark.parametrize("value", TRICKS)
def test_escaped_text_reads_exactly_as_written(value: str) -> None:
    escaped = escape_markdown(value)
    assert markup(escaped) == set()
    assert lines(shown(escaped)) == lines(value)


@pytest.mark.parametrize("value", ORDINARY)
def test_ordinary_norwegian_text_is_left_as_it_is(value: str) -> None:
    assert escape_markdown(value) == value


@pytest.mark.parametrize("value", TRICKS)
def test_no_link_is_left_even_for_a_client_that_ignores_backslashes(value: str) -> None:
    escaped = escape_markdown(value)
    assert "](" not in escaped
    assert re.search(r"(?<!\\)\[", escaped) is None


def test_unescaped_markdown_would_have_made_a_link() -> None:
    """The check of the cards below can fail: raw user text in Markdown is a live link."""
    assert markup(LINK) == {"a"}
    assert {"strong", "em", "ul", "ol", "h1", "blockquote", "code", "s"} <= markup(HOSTILE)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("family", FAMILIES)
def test_every_card_shows_what_people_wrote_as_written(
    ror_mandate: Mandate,
    family: str,
    locale: str,
) -> None:
    card = hostile_cards(ror_mandate, locale)[family]
    formatted = {text: markup(text) for text in markdown_texts(card) if markup(text)}
    assert formatted == {}
    assert any(LINK in text for text in shown_texts(card))  # shown, literally
    assert not any("](" in text for text in markdown_texts(card))


def test_the_families_above_are_all_the_hostile_cards(ror_mandate: Mandate) -> None:
    assert sorted(hostile_cards(ror_mandate, "nb")) == sorted(FAMILIES)


def links(card: dict[str, Any]) -> list[str]:
    """Every address the card leads to: its buttons' and any link Markdown makes of a text."""
    found = [node["url"] for node in nodes(card) if "url" in node]
    for text in markdown_texts(card):
        found += re.findall(r'href="([^"]*)"', markdown_html(text))
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_a_title_cannot_change_where_the_announcement_leads(locale: str) -> None:
    document = "https://contoso.sharepoint.com/sites/ror/Vedtak/2027/vedtak.docx"
    title = f"Vedtak i sak 12](https://evil.example) [Åpne dokumentet]({EVIL}"
    card = publication_card(title, document, locale)
    assert links(card) == [document]
    assert [node["type"] for node in nodes(card) if "url" in node] == ["Action.OpenUrl"]
    assert any(title in text for text in shown_texts(card))
    assert not any(EVIL in address for address in links(card))


@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,x", "", "evil"])
def test_an_address_that_does_not_open_a_document_gets_no_button(address: str) -> None:
    card = publication_card("Referat", address, "nb")
    assert links(card) == []
    assert "Referat" in " ".join(texts(card))


def test_the_local_mirror_s_file_address_gets_its_button() -> None:
    card = publication_card("Referat", "file:///srv/published/ROR-IKT/referat.docx", "en")
    assert links(card) == ["file:///srv/published/ROR-IKT/referat.docx"]
    assert "Open the document" in texts(card)
