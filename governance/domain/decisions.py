"""Decisions after the committee (mandate rules 4 and 6): the committee advises, someone else
decides. Who decides a matter is data in the mandate file (``Mandate.decider_of``): in ROR-IKT
daglig leder decides on a recommendation ("rådgivende funksjon for daglig leder") and the board
on a matter without agreement ("skal saken løftes til styret"); a body decides through its
chair, who records the decision for one of the body's meetings.

A ``Decision`` is the record of one such step, with its reason: approved, declined, taken to the
board (by a person who decides but would rather the board did), or sent back to the committee
(by the board). The proposal's state machine (``governance.domain.proposals``) takes the step;
this module says which verdicts a decider has and what each requires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Final

from governance.domain.errors import InvalidInput
from governance.domain.messages import N_
from governance.domain.proposals import Action, ProposalState

MAX_REASON: Final = 4000


class Verdict(StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"
    TO_BOARD = "to_board"  # a person who decides hands the matter to the board
    SENT_BACK = "sent_back"  # the board sends the matter back to the committee


VERDICT_ACTIONS: Final = {
    Verdict.APPROVED: Action.BOARD_APPROVE,
    Verdict.DECLINED: Action.BOARD_DECLINE,
    Verdict.TO_BOARD: Action.TAKE_TO_BOARD,
    Verdict.SENT_BACK: Action.SEND_BACK,
}

VERDICT_LABELS: Final = {
    Verdict.APPROVED: N_("Approved"),
    Verdict.DECLINED: N_("Declined"),
    Verdict.TO_BOARD: N_("Taken to the board"),
    Verdict.SENT_BACK: N_("Sent back to the committee"),
}

FOLLOWS_TEXTS: Final = {  # keyed by ``follows_committee``
    True: N_("This follows the committee's recommendation."),
    False: N_("This goes against the committee's recommendation."),
}

# The committee's outcome each awaiting state stands for (``Mandate.decider_of`` takes it).
AWAITING: Final = {
    ProposalState.RECOMMENDED: "recommended",
    ProposalState.NOT_RECOMMENDED: "not_recommended",
    ProposalState.ESCALATED: "escalated",
}


def awaits_decision(state: ProposalState) -> bool:
    return state in AWAITING


def verdicts(state: ProposalState, *, by_body: bool) -> tuple[Verdict, ...]:
    """The verdicts open to the decider of a matter in ``state``: a person may also take it to
    the board; a body (the board) may send it back to the committee instead."""
    if state not in AWAITING:
        return ()
    if by_body:
        return (Verdict.APPROVED, Verdict.DECLINED, Verdict.SENT_BACK)
    return (Verdict.APPROVED, Verdict.DECLINED, Verdict.TO_BOARD)


def follows_committee(state: ProposalState, verdict: Verdict) -> bool | None:
    """Whether the verdict follows the committee's recommendation (``None``: the committee made
    none, or the verdict neither follows nor goes against it)."""
    if verdict is Verdict.APPROVED and state is ProposalState.RECOMMENDED:
        return True
    if verdict is Verdict.DECLINED and state is ProposalState.NOT_RECOMMENDED:
        return True
    if verdict in (Verdict.APPROVED, Verdict.DECLINED) and state in (
        ProposalState.RECOMMENDED,
        ProposalState.NOT_RECOMMENDED,
    ):
        return False
    return None


def parse_verdict(value: str) -> Verdict:
    try:
        return Verdict(value)
    except ValueError:
        raise InvalidInput(
            "decision.verdict", N_("Choose what is decided: approved, declined or sent on.")
        ) from None


def require_reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise InvalidInput(
            "decision.reason_required", N_("Give the reason for the decision (it is published).")
        )
    if len(text) > MAX_REASON:
        raise InvalidInput(
            "decision.reason_too_long",
            N_("The reason is too long: at most {limit} characters."),
            limit=MAX_REASON,
        )
    return text


def require_meeting_held(meeting_on: date, today: date, body: str) -> None:
    """A body decides in a meeting that has been held (today's included)."""
    if meeting_on > today:
        raise InvalidInput(
            "decision.meeting_not_held",
            N_("The meeting of {body} on {date} has not been held yet."),
            body=body,
            date=meeting_on.strftime("%d.%m.%Y"),
        )


@dataclass(eq=False)
class Decision:
    """One decision on a proposal after the committee: who decided (``decider``: a member's or a
    body's id), who recorded it, the verdict, its reason, and the body's meeting."""

    proposal_id: int
    decider: str
    decided_by: str
    verdict: Verdict
    reason: str
    from_state: ProposalState
    decided_at: datetime
    meeting_id: int | None = None
    id: int | None = None

    @property
    def follows_committee(self) -> bool | None:
        return follows_committee(self.from_state, self.verdict)
