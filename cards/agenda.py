"""The agenda card (saksliste) of a meeting (mandate rule 5): date, body, and the items in order
with their kind, linked proposal and any decision, each with a button to show its proposal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from microsoft_teams.cards import CardElement, Container

from cards.elements import (
    adaptive_card,
    banner,
    buttons,
    caption,
    columns,
    execute,
    facts,
    heading,
    text,
)
from cards.labels import outcome_label
from cards.proposal import show_button
from governance import verbs
from governance.domain.meetings import AgendaItem, ItemKind, Meeting
from governance.domain.organisation import Mandate
from governance.domain.proposals import Proposal, state_label
from governance.i18n import N_, translate
from governance.presentation import MEETING_KINDS, body_name, clip, day, moment

ITEM_KINDS: Final = {
    ItemKind.PROPOSAL: N_("ICT proposal"),
    ItemKind.ESCALATED: N_("Escalated matter"),
    ItemKind.FREE: N_("Other matter"),
    ItemKind.ORIENTATION: N_("Orientation"),
    ItemKind.DISCUSSION: N_("Discussion"),
    ItemKind.ANY_OTHER_BUSINESS: N_("Any other business"),
}
MAX_ITEMS: Final = 20  # keeps the card well below Teams' message size
TITLE_LIMIT: Final = 200
NOTE_LIMIT: Final = 300


def agenda_card(
    meeting: Meeting,
    mandate: Mandate,
    locale: str = "nb",
    *,
    proposals: Mapping[int, Proposal] | None = None,
    lead: str = "",
) -> dict[str, Any]:
    """The agenda of ``meeting``; ``proposals`` (by id) add number and state to linked items;
    ``lead`` (translated) opens the card, e.g. "Draft agenda for Tuesday's meeting"."""
    found = proposals or {}
    body: list[CardElement] = [banner(lead, "default")] if lead else []
    body += [
        caption(translate(MEETING_KINDS[meeting.kind], locale)),
        heading(meeting.title),
        facts(
            [
                (translate(N_("Date"), locale), day(meeting.on, locale)),
                (translate(N_("Body"), locale), body_name(mandate, meeting.body_id)),
            ]
        ),
    ]
    if meeting.closed_at is not None:
        body.append(banner(_closed_text(meeting, locale), "default"))
    items = meeting.items
    if not items:
        body.append(text(translate(N_("The agenda is empty."), locale), subtle=True))
    for item in items[:MAX_ITEMS]:
        body.append(_item(item, found, locale))
    if len(items) > MAX_ITEMS:
        body.append(
            text(
                translate(N_("… and {count} more items."), locale, count=len(items) - MAX_ITEMS),
                subtle=True,
            )
        )
    if meeting.waiting:
        body.append(
            text(
                translate(
                    N_("Proposed items waiting for the chair: {count}."),
                    locale,
                    count=len(meeting.waiting),
                ),
                subtle=True,
            )
        )
    if meeting.id is not None:
        body += buttons(
            [
                execute(
                    translate(N_("Open the meeting card"), locale),
                    verbs.MEETING_SHOW,
                    {"meeting_id": meeting.id},
                )
            ],
            spacing="Large",
        )
    return adaptive_card(body, fallback_text=meeting.title)


def _closed_text(meeting: Meeting, locale: str) -> str:
    if meeting.minutes_approved_at is not None:
        return translate(
            N_("The meeting is closed and its minutes were approved {when}."),
            locale,
            when=moment(meeting.minutes_approved_at, locale),
        )
    return translate(N_("The meeting is closed; the minutes await approval."), locale)


def _item(item: AgendaItem, proposals: Mapping[int, Proposal], locale: str) -> Container:
    kind = translate(ITEM_KINDS[item.kind], locale)
    proposal = proposals.get(item.proposal_id) if item.proposal_id is not None else None
    if proposal is not None:
        kind += f" · {proposal.number} · {translate(state_label(proposal.state), locale)}"
    elif item.proposal_id is not None:
        kind += f" · #{item.proposal_id}"
    details: list[CardElement] = [
        text(clip(item.title, TITLE_LIMIT), bold=True),
        text(kind, subtle=True, size="Small", spacing="None"),
    ]
    if item.note:
        details.append(text(clip(translate(item.note, locale), NOTE_LIMIT), spacing="Small"))
    if item.decision:
        decision = translate(
            N_("Decision: {decision}"), locale, decision=outcome_label(item.decision, locale)
        )
        details.append(text(decision, color="Accent", spacing="Small"))
    if item.proposal_id is not None:
        details += buttons([show_button(item.proposal_id, locale)], spacing="Small")
    number = text(translate(N_("Item {position}"), locale, position=item.position), bold=True)
    return Container(
        separator=True,
        spacing="Medium",
        items=[
            columns(([number], "auto"), (details, "stretch")),
        ],
    )
