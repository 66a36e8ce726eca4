"""Building blocks shared by the card families: the card itself, text, facts, banners and
buttons (``Action.Execute`` with its ``Action.Submit`` fallback), and the JSON form of a card.

Cards are built with the typed models of ``microsoft_teams.cards`` and handed out as plain
dicts (camelCase, no nulls, schema 1.5), ready to put into a message attachment.

Every text given to these helpers is shown as written: Teams reads text blocks and facts as
Markdown, so they escape it (``cards.markdown``); a title such as ``[Stem her](https://…)``
cannot become a link, and no card builds Markdown of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

from microsoft_teams.cards import (
    Action,
    ActionSet,
    AdaptiveCard,
    CardElement,
    Column,
    ColumnSet,
    Container,
    ExecuteAction,
    Fact,
    FactSet,
    RefreshDefinition,
    SubmitAction,
    TextBlock,
)
from microsoft_teams.cards.core import (
    ActionStyle,
    ContainerStyle,
    HorizontalAlignment,
    Spacing,
    TextColor,
    TextSize,
)

from cards.markdown import escape_markdown

CARD_VERSION: Final = "1.5"
SCHEMA_URL: Final = "http://adaptivecards.io/schemas/adaptive-card.json"
CONTENT_TYPE: Final = "application/vnd.microsoft.card.adaptive"
MAX_BUTTONS_PER_ROW: Final = 3  # more get squeezed and cut on a narrow card (hosts allow 5-6)

Tone = Literal["good", "attention", "warning", "default"]
TONE_COLOURS: Final[dict[str, TextColor]] = {
    "good": "Good",
    "attention": "Attention",
    "warning": "Warning",
    "default": "Default",
}


def to_dict(card: AdaptiveCard) -> dict[str, Any]:
    """The card as JSON-ready data: camelCase keys, no nulls.

    The models serialise the schema URL as ``schema``; Adaptive Cards name it ``$schema``.
    """
    data = card.model_dump(mode="json", exclude_none=True)
    if "schema" in data:
        data = {"$schema": data.pop("schema"), **data}
    return data


def attachment(card: Mapping[str, Any]) -> dict[str, Any]:
    """The message attachment that carries ``card``."""
    return {"contentType": CONTENT_TYPE, "content": dict(card)}


def adaptive_card(
    body: Sequence[CardElement],
    *,
    fallback_text: str | None = None,
    refresh: RefreshDefinition | None = None,
) -> dict[str, Any]:
    """A schema 1.5 card of ``body`` as a dict; ``fallback_text`` names it in notifications.

    No ``lang``: the texts are already in the reader's language, and the npm renderer (3.0.6)
    checks ``lang`` with a global regular expression that rejects every second card it parses.
    """
    card = AdaptiveCard(
        schema=SCHEMA_URL,
        version=CARD_VERSION,
        fallback_text=fallback_text,
        body=list(body),
        refresh=refresh,
    )
    return to_dict(card)


def stored_id(value: int | None, what: str) -> int:
    """The id of a stored object, which a button needs; a card of an unsaved one is a bug."""
    if value is None:
        raise ValueError(f"a card with buttons needs a stored {what}")
    return value


def execute(
    title: str,
    verb: str,
    data: Mapping[str, Any],
    *,
    style: ActionStyle | None = None,
) -> ExecuteAction:
    """A button: ``Action.Execute`` with ``verb`` and ``data``, and for old clients an
    ``Action.Submit`` fallback whose data also carries the verb."""
    fallback = SubmitAction(title=title, style=style, data={**data, "verb": verb})
    return ExecuteAction(title=title, verb=verb, data=dict(data), style=style, fallback=fallback)


def buttons(actions: Sequence[Action], *, spacing: Spacing = "Medium") -> list[CardElement]:
    """Action sets of at most three buttons each (an empty list when there are none)."""
    size = MAX_BUTTONS_PER_ROW
    rows = [actions[i : i + size] for i in range(0, len(actions), size)]
    return [ActionSet(actions=list(row), spacing=spacing) for row in rows]


def heading(value: str, *, size: TextSize = "Large") -> TextBlock:
    return TextBlock(
        text=escape_markdown(value), wrap=True, size=size, weight="Bolder", style="heading"
    )


def caption(value: str) -> TextBlock:
    """A small grey line above a heading: what the card is about ("Forslag #12")."""
    return TextBlock(text=escape_markdown(value), wrap=True, is_subtle=True, size="Small")


def text(
    value: str,
    *,
    subtle: bool = False,
    bold: bool = False,
    color: TextColor | None = None,
    size: TextSize | None = None,
    spacing: Spacing | None = None,
    separator: bool = False,
    monospace: bool = False,
    align: HorizontalAlignment | None = None,
) -> TextBlock:
    """A wrapping text block of ``value`` as written; the flags are left out of the JSON unless
    set."""
    return TextBlock(
        text=escape_markdown(value),
        wrap=True,
        is_subtle=subtle or None,
        weight="Bolder" if bold else None,
        color=color,
        size=size,
        spacing=spacing,
        separator=separator or None,
        font_type="Monospace" if monospace else None,
        horizontal_alignment=align,
    )


def facts(pairs: Sequence[tuple[str, str]], *, spacing: Spacing | None = None) -> FactSet:
    """A fact set of (label, value) pairs; pairs with an empty value are left out."""
    return FactSet(
        facts=[
            Fact(title=escape_markdown(title), value=escape_markdown(value))
            for title, value in pairs
            if value
        ],
        spacing=spacing,
    )


def banner(value: str, tone: Tone, *, title: str | None = None) -> Container:
    """A coloured box with an optional bold title: errors, confirmations, outcomes."""
    items: list[CardElement] = []
    if title:  # the box carries the tone; only a refusal's title is red as well
        items.append(text(title, bold=True, color="Attention" if tone == "attention" else None))
    items.append(text(value))
    style: ContainerStyle = "emphasis" if tone == "default" else tone
    return Container(style=style, items=items, spacing="Medium")


def section(title: str) -> TextBlock:
    """A sub-heading that opens a part of a card, with a line above it."""
    return TextBlock(
        text=escape_markdown(title),
        wrap=True,
        weight="Bolder",
        size="Medium",
        spacing="Large",
        separator=True,
    )


def columns(*cells: tuple[Sequence[CardElement], str], spacing: Spacing | None = None) -> ColumnSet:
    """A column set; each cell is (items, width) with width "auto", "stretch" or a weight."""
    return ColumnSet(
        spacing=spacing,
        columns=[Column(items=list(items), width=width) for items, width in cells],
    )


def refresh(verb: str, data: Mapping[str, Any], user_ids: Sequence[str]) -> RefreshDefinition:
    """Automatic refresh for up to 60 listed users (Teams' limit); others refresh by hand."""
    return RefreshDefinition(
        action=ExecuteAction(verb=verb, data=dict(data)),
        user_ids=list(user_ids[:60]),
    )
