"""Labels several card families share: the words for ballot choices inside sentences and for
life-cycle step buttons, and the colour or style each outcome, step and proposal state is shown
in. Names by id and the words shared with published documents are in
``governance.presentation``.
"""

from __future__ import annotations

from typing import Final

from microsoft_teams.cards.core import ActionStyle, ContainerStyle

from cards.elements import Tone
from governance.domain.decisions import VERDICT_LABELS, Verdict
from governance.domain.proposals import Action, ProposalState
from governance.domain.tally import Choice, Outcome
from governance.i18n import N_, translate
from governance.presentation import OUTCOME_LABELS

CHOICE_WORDS: Final = {  # inside sentences: "Molde har stemt: mot"
    Choice.FOR: N_("for"),
    Choice.MOT: N_("against"),
    Choice.AVSTAR: N_("abstain"),
}

OUTCOME_TONES: Final[dict[Outcome, Tone]] = {
    Outcome.RECOMMENDED: "good",
    Outcome.NOT_RECOMMENDED: "attention",
    Outcome.ESCALATED: "warning",
    Outcome.NO_QUORUM: "warning",
}

STEP_BUTTONS: Final = {
    Action.SUBMIT: N_("Submit"),
    Action.START_REVIEW: N_("Start quality assurance"),
    Action.RETURN: N_("Return for revision"),
    Action.MARK_READY: N_("Mark as ready"),
    Action.PUT_ON_AGENDA: N_("Put on the agenda"),
    Action.REMOVE_FROM_AGENDA: N_("Remove from the agenda"),
    Action.OPEN_VOTE: N_("Open the vote"),
    Action.RECOMMEND: N_("Recommend"),
    Action.NOT_RECOMMEND: N_("Do not recommend"),
    Action.ESCALATE: N_("Escalate to the board"),
    Action.NO_QUORUM: N_("Close without quorum"),
    Action.BOARD_APPROVE: N_("Approve"),
    Action.BOARD_DECLINE: N_("Decline"),
    Action.TAKE_TO_BOARD: N_("Take to the board"),
    Action.SEND_BACK: N_("Send back to the committee"),
    Action.START_PROJECT: N_("Start the project"),
    Action.DELIVER: N_("Mark as delivered"),
    Action.FOLLOW_UP_BENEFITS: N_("Record the benefit follow-up"),
    Action.CLOSE: N_("Close the case"),
    Action.WITHDRAW: N_("Withdraw"),
}

STEP_STYLES: Final[dict[Action, ActionStyle]] = {
    Action.SUBMIT: "positive",
    Action.MARK_READY: "positive",
    Action.OPEN_VOTE: "positive",
    Action.RECOMMEND: "positive",
    Action.BOARD_APPROVE: "positive",
    Action.RETURN: "destructive",
    Action.NOT_RECOMMEND: "destructive",
    Action.BOARD_DECLINE: "destructive",
    Action.WITHDRAW: "destructive",
}

S = ProposalState
STATE_TONES: Final[dict[ProposalState, ContainerStyle]] = {
    S.DRAFT: "emphasis",
    S.SUBMITTED: "accent",
    S.IN_REVIEW: "accent",
    S.RETURNED: "warning",
    S.READY: "accent",
    S.ON_AGENDA: "accent",
    S.VOTING: "warning",
    S.RECOMMENDED: "good",
    S.NOT_RECOMMENDED: "attention",
    S.ESCALATED: "warning",
    S.BOARD_APPROVED: "good",
    S.BOARD_DECLINED: "attention",
    S.IN_PROGRESS: "good",
    S.DELIVERED: "good",
    S.BENEFITS_FOLLOWED_UP: "good",
    S.CLOSED: "emphasis",
    S.WITHDRAWN: "emphasis",
}


def outcome_label(value: str, locale: str | None) -> str:
    """The label of an outcome value ("recommended" → "Anbefalt") or of a decision after the
    committee ("approved" → "Godkjent"); other text translated as is."""
    if value in {o.value for o in Outcome}:
        return translate(OUTCOME_LABELS[Outcome(value)], locale)
    if value in {v.value for v in Verdict}:
        return translate(VERDICT_LABELS[Verdict(value)], locale)
    return translate(value, locale)
