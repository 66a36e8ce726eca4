"""The toast card: a short confirmation, information or refusal (the bot's clear error card),
in a box coloured by its tone; and the announcement of a published document, whose button
opens the document. (A "notice" is something else: a message the scheduler sends on a day.)
"""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import urlsplit

from microsoft_teams.cards import ActionSet, CardElement, OpenUrlAction

from cards.elements import Tone, adaptive_card, banner
from governance.i18n import N_, translate

OPENABLE: Final = ("https", "http", "file")  # Graph's webUrl; the local mirror's file


def toast_card(
    text: str,
    locale: str = "nb",
    *,
    title: str | None = None,
    tone: Tone = "default",
) -> dict[str, Any]:
    """``text`` (already translated) with an optional ``title``; ``tone`` is "good" for a
    confirmation, "attention" for a refusal or error, "warning" for a caution."""
    return adaptive_card([banner(text, tone, title=title)], fallback_text=title or text)


def publication_card(title: str, url: str, locale: str = "nb") -> dict[str, Any]:
    """ "New in the Teams area: <title>" and an "Open the document" button to ``url``.

    The title is text only; the link is the button's, and its target is ``url`` alone (the
    address the publishing target answered), so no title can change where it leads. An address
    that is not https, http or file gets no button."""
    text = translate(N_("New in the Teams area: {title}"), locale, title=title)
    body: list[CardElement] = [banner(text, "good")]
    if urlsplit(url).scheme.lower() in OPENABLE:
        body.append(
            ActionSet(
                actions=[
                    OpenUrlAction(title=translate(N_("Open the document"), locale), url=url),
                ]
            )
        )
    return adaptive_card(body, fallback_text=text)
