"""Reading card JSON in tests: every element, the buttons, the inputs by id, the visible text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

INPUT_TYPES = {"Input.Text", "Input.ChoiceSet", "Input.Toggle", "Input.Number", "Input.Date",
               "Input.Time"}
BUTTON_TYPES = {"Action.Execute", "Action.Submit"}


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
    button, the buttons of the card it shows are not (yet)."""
    found: list[str] = []
    if isinstance(card, dict):
        if card.get("type") in BUTTON_TYPES | {"Action.ShowCard"}:
            found.append(card["title"])
        for key, value in card.items():
            if key not in ("data", "fallback", "refresh") and not (
                    key == "card" and card.get("type") == "Action.ShowCard"):
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
        if len(cells) == width and all(
            len(c) == 1 and c[0]["type"] == "TextBlock" for c in cells
        ):
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
