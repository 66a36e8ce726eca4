"""Reading card JSON in tests: every element, the buttons, the inputs by id, the visible text,
and the texts Teams reads as Markdown (text blocks and facts) as a Markdown renderer shows them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any, Final

from markdown_it import MarkdownIt

# markdown-it's default preset, as the Adaptive Cards renderer uses it (``window.markdownit``):
# CommonMark with tables and strike-through, no raw HTML.
MARKDOWN: Final = MarkdownIt("js-default")
TAG: Final = re.compile(r"<(/?)([a-zA-Z0-9]+)[^>]*>")

INPUT_TYPES = {
    "Input.Text",
    "Input.ChoiceSet",
    "Input.Toggle",
    "Input.Number",
    "Input.Date",
    "Input.Time",
}
BUTTON_TYPES = {"Action.Execute", "Action.Submit"}
# Buttons that send nothing to the bot but show as buttons all the same.
SHOWN_BUTTON_TYPES = {"Action.ShowCard", "Action.OpenUrl", "Action.ToggleVisibility"}


def nodes(card: Any) -> Iterator[dict[str, Any]]:
    """Every object of the card's body (the refresh definition is not part of it), depth
    first; action ``data`` and ``fallback`` objects are not entered."""
    if isinstance(card, dict):
        yield card
        for key, value in card.items():
            if key not in ("data", "fallback", "refresh"):
                yield from nodes(value)
    elif isinstance(card, list):
        for value in card:
            yield from nodes(value)


def buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    """The card's buttons, in order (fallbacks excluded)."""
    return [node for node in nodes(card) if node.get("type") in BUTTON_TYPES]


def visible_buttons(card: Any) -> list[str]:
    """The titles of the buttons shown before anything is opened: an ``Action.ShowCard`` is a
    button, the buttons of the card it shows are not (yet); nor are those of an element hidden
    until a toggle shows it (``isVisible`` false)."""
    found: list[str] = []
    if isinstance(card, dict):
        if card.get("isVisible") is False:
            return found
        if card.get("type") in BUTTON_TYPES | SHOWN_BUTTON_TYPES:
            found.append(card["title"])
        for key, value in card.items():
            if key not in ("data", "fallback", "refresh") and not (
                key == "card" and card.get("type") == "Action.ShowCard"
            ):
                found += visible_buttons(value)
    elif isinstance(card, list):
        for value in card:
            found += visible_buttons(value)
    return found


def buttons_with_verb(card: dict[str, Any], verb: str) -> list[dict[str, Any]]:
    return [button for button in buttons(card) if button.get("verb") == verb]


def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The card's inputs by id."""
    return {node["id"]: node for node in nodes(card) if node.get("type") in INPUT_TYPES}


def texts(card: dict[str, Any]) -> list[str]:
    """Every text shown: text blocks, facts (title and value), labels and button titles."""
    found: list[str] = []
    for node in nodes(card):
        for key in ("text", "label", "title", "value", "placeholder"):
            if isinstance(node.get(key), str):
                found.append(node[key])
    return found


def all_text(card: dict[str, Any]) -> str:
    return "\n".join(texts(card))


def rows(card: dict[str, Any], width: int = 3) -> list[list[str]]:
    """The texts of table-like rows: column sets of ``width`` columns of one text each."""
    found = []
    for node in nodes(card):
        columns = node.get("columns", []) if node.get("type") == "ColumnSet" else []
        cells = [column["items"] for column in columns]
        if len(cells) == width and all(len(c) == 1 and c[0]["type"] == "TextBlock" for c in cells):
            found.append([c[0]["text"] for c in cells])
    return found


def keys(card: Any) -> Iterator[str]:
    """Every property name of the card's own objects (action data left out)."""
    if isinstance(card, dict):
        for key, value in card.items():
            yield key
            if key != "data":
                yield from keys(value)
    elif isinstance(card, list):
        for value in card:
            yield from keys(value)


def has_null(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, dict):
        return any(has_null(v) for v in value.values())
    if isinstance(value, list):
        return any(has_null(v) for v in value)
    return False


def markdown_texts(card: Any) -> list[str]:
    """The texts Teams reads as Markdown: every text block's, and every fact's title and value."""
    found: list[str] = []
    for node in nodes(card):
        if node.get("type") == "TextBlock":
            found.append(node["text"])
        elif node.get("type") == "FactSet":
            found += [part for fact in node["facts"] for part in (fact["title"], fact["value"])]
    return found


def markdown_html(value: str) -> str:
    rendered: str = MARKDOWN.render(value)  # Any: the renderer is pluggable; the HTML one gives str
    return rendered


def markup(value: str) -> set[str]:
    """The HTML elements Markdown makes of ``value`` besides its paragraphs and line breaks."""
    return {name.lower() for _, name in TAG.findall(markdown_html(value))} - {"p", "br"}


def shown(value: str) -> str:
    """What a reader sees of a text block or fact: ``value`` read as Markdown, tags removed."""
    return html.unescape(TAG.sub("", markdown_html(value))).strip()


def shown_texts(card: Any) -> list[str]:
    return [shown(value) for value in markdown_texts(card)]
