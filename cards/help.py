"""The help card: what the bot can do, as the caller lists it (usage and description already
translated), with the chair's commands in a section of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from microsoft_teams.cards import CardElement

from cards.elements import adaptive_card, columns, heading, section, text
from governance.i18n import N_, translate
from governance.views import HelpEntry


def help_card(entries: Sequence[HelpEntry], locale: str = "nb") -> dict[str, Any]:
    """The list of ``entries``: everyone's first, then the chair's."""
    title = translate(N_("What I can help with"), locale)
    body: list[CardElement] = [heading(title, size="Medium")]
    body.append(
        text(
            translate(N_("Write a command to me, or use the buttons on the cards."), locale),
            subtle=True,
        )
    )
    body += [_entry(entry) for entry in entries if not entry.chair_only]
    chair = [entry for entry in entries if entry.chair_only]
    if chair:
        body.append(section(translate(N_("For the chair (daglig leder)"), locale)))
        body += [_entry(entry) for entry in chair]
    return adaptive_card(body, fallback_text=title)


def _entry(entry: HelpEntry) -> CardElement:
    return columns(
        ([text(entry.usage, bold=True, monospace=True)], "2"),
        ([text(entry.description)], "3"),
        spacing="Small",
    )
