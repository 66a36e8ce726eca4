"""The notice card: a short confirmation, information or refusal (the bot's clear error card),
in a box coloured by its tone.
"""

from __future__ import annotations

from typing import Any

from cards.elements import Tone, adaptive_card, banner


def notice_card(
    text: str, locale: str = "nb", *, title: str | None = None, tone: Tone = "default",
) -> dict[str, Any]:
    """``text`` (already translated) with an optional ``title``; ``tone`` is "good" for a
    confirmation, "attention" for a refusal or error, "warning" for a caution."""
    return adaptive_card([banner(text, tone, title=title)], fallback_text=title or text)
