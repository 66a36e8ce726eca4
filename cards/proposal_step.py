"""The notice a submitter gets in personal chat at each step of their proposal (Samstyre issue
12): what happened, the chair's comment when it was returned, what happens next, and a button
that opens the proposal's card."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final

from cards.elements import Tone, adaptive_card, banner, buttons, facts, section, text
from cards.proposal import NEXT_STEPS, show_button
from governance.domain.proposals import Action, Proposal, ProposalState
from governance.i18n import N_, translate
from governance.presentation import day, number

STEP_TEXTS: Final = {
    Action.SUBMIT: N_("Proposal {number} “{title}” is submitted to the committee."),
    Action.START_REVIEW: N_(
        "The chair has started the quality assurance of proposal {number} “{title}”."
    ),
    Action.RETURN: N_("Proposal {number} “{title}” has been sent back to you for changes."),
    Action.MARK_READY: N_(
        "Proposal {number} “{title}” is quality-assured and ready for the committee."
    ),
    Action.PUT_ON_AGENDA: N_("Proposal {number} “{title}” is on the committee's agenda."),
    Action.REMOVE_FROM_AGENDA: N_(
        "Proposal {number} “{title}” was taken off the committee's agenda."
    ),
    Action.OPEN_VOTE: N_("The committee has opened the vote on proposal {number} “{title}”."),
    Action.RECOMMEND: N_("The committee recommends proposal {number} “{title}”."),
    Action.NOT_RECOMMEND: N_("The committee does not recommend proposal {number} “{title}”."),
    Action.ESCALATE: N_(
        "The committee did not agree on proposal {number} “{title}”; it goes to the board."
    ),
    Action.NO_QUORUM: N_(
        "The vote on proposal {number} “{title}” had no quorum; it is ready for a new vote."
    ),
    Action.BOARD_APPROVE: N_("The board has approved proposal {number} “{title}”."),
    Action.BOARD_DECLINE: N_("The board has declined proposal {number} “{title}”."),
    Action.START_PROJECT: N_("Proposal {number} “{title}” is now a project under way."),
    Action.DELIVER: N_("Proposal {number} “{title}” is delivered."),
    Action.FOLLOW_UP_BENEFITS: N_(
        "The benefits of proposal {number} “{title}” have been followed up."
    ),
    Action.CLOSE: N_("Proposal {number} “{title}” is closed."),
    Action.WITHDRAW: N_("Proposal {number} “{title}” was withdrawn."),
}
_TONES: Final[dict[Action, Tone]] = {
    Action.RETURN: "warning",
    Action.NOT_RECOMMEND: "attention",
    Action.BOARD_DECLINE: "attention",
    Action.RECOMMEND: "good",
    Action.BOARD_APPROVE: "good",
    Action.DELIVER: "good",
}


def proposal_step_card(
    proposal: Proposal, payload: Mapping[str, Any], locale: str
) -> dict[str, Any]:
    """The card of one step (``payload`` as ``governance.services.submitter_notices`` records
    it: action, from, to, comment, note)."""
    assert proposal.id is not None
    action, target = Action(str(payload["action"])), ProposalState(str(payload["to"]))
    what = translate(STEP_TEXTS[action], locale, number=proposal.number, title=proposal.title)
    body: list[Any] = [
        banner(what, _TONES.get(action, "default"), title=translate(N_("Your proposal"), locale))
    ]
    comment = str(payload.get("comment") or "")
    if comment:
        body.append(section(translate(N_("The chair's comment"), locale)))
        body.append(text(comment))
    pairs = _note(payload.get("note") or {}, locale)
    if pairs:
        body.append(facts(pairs, spacing="Medium"))
    body.append(section(translate(N_("Next step"), locale)))
    body.append(text(translate(NEXT_STEPS[target], locale)))
    body += buttons([show_button(proposal.id, locale)], spacing="Large")
    return adaptive_card(body, fallback_text=what)


def _note(note: Mapping[str, Any], locale: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    if "meeting_on" in note:
        on = date.fromisoformat(str(note["meeting_on"]))
        pairs.append((translate(N_("Meeting"), locale), day(on, locale)))
    for key, label in (
        ("for_weight", N_("For")),
        ("against_weight", N_("Against")),
        ("abstain_weight", N_("Abstain")),
    ):
        if key in note:
            pairs.append((translate(label, locale), number(Decimal(str(note[key])), locale)))
    if "board_meeting_on" in note:
        on = date.fromisoformat(str(note["board_meeting_on"]))
        pairs.append((translate(N_("Board meeting"), locale), day(on, locale)))
    return pairs
