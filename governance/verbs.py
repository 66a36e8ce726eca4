"""The verbs of Samstyre's card buttons and the data each one sends: the contract between the
cards (which build the buttons) and the bot's routes (which parse what comes back).

Every button is an ``Action.Execute`` with a ``verb`` and a ``data`` object. Its ``fallback`` is
an ``Action.Submit`` whose ``data`` is ``{**data, "verb": verb}``: old clients send that as a
message whose ``value`` holds ``"verb"``, and the bot routes it like the invoke. Ids in data are
ints. The values of the card's inputs arrive merged into data, keyed by the input's id (all
inputs of the card, as Adaptive Cards do by default); an input left empty may come as ``""`` or
be absent. Multi-select choice sets send their values comma-separated ("aukra,molde"); toggles
send ``"true"`` or ``"false"``. The municipality of a ballot or a ranking is never in the data:
the bot takes it from the caller's identity.
"""

from __future__ import annotations

from typing import Final

PROPOSAL_SAVE: Final = "proposal.save"
"""Proposal form submit (``cards.proposal_form``).

data: ``{"proposal_id": int}`` only when editing an existing draft (absent for a new one), and
``"submit": true`` on the "save and submit" button (absent on "save draft").
inputs (ids as ``governance.services.proposals.ProposalInput``): ``title``, ``description``,
``kind`` (``new_service`` | ``change_service``), ``catalogue_service`` (catalogue service id or
empty), ``municipalities`` (comma-separated municipality ids), ``need_<municipality id>`` (one
text per municipality of the mandate), ``cost_one_off`` and ``cost_yearly`` (text in NOK, the
server parses and validates), ``benefit_potential``, ``benefit_measurement``, ``legal_basis``,
``user_perspective``, ``org_change``, ``strategy_goals`` (comma-separated goal ids; only when the
mandate has strategy goals), ``owner_group`` (body id or empty).
"""

PROPOSAL_SHOW: Final = "proposal.show"
"""Show a proposal card. data: ``{"proposal_id": int}``, and ``"full": true`` for the card with
every text of the proposal in full."""

PROPOSAL_EDIT: Final = "proposal.edit"
"""Open the proposal form filled with the draft. data: ``{"proposal_id": int}``."""

PROPOSAL_STEP: Final = "proposal.step"
"""Take a life-cycle step. data: ``{"proposal_id": int, "step": str}`` where ``step`` is a
``governance.domain.proposals.Action`` value ("submit", "withdraw", "mark_ready", "return",
"put_on_agenda", "open_vote", ...).
inputs: on the proposal card, ``comment`` (text; shown when "return" is offered, which needs
it); on the quality-assurance card, the ``qa_*`` toggles and ``qa_comment`` (the comment of a
"return" from there). A "mark_ready" pressed on that card carries the toggles as they stand on
screen: they are saved (as ``qa.save`` does) when the step can be taken with them; otherwise the
checklist comes back with them as entered and nothing is saved. A "return" does not save them
(the checklist starts again).
"""

PROPOSAL_ATTACH: Final = "proposal.attach"
"""Link a file of the Teams area to a proposal (the submitter, the committee's members, the
chair). data: ``{"proposal_id": int}``. inputs: ``attachment_title`` (text) and
``attachment_url`` (an https address on ``*.sharepoint.com`` or ``teams.microsoft.com``), and
``comment`` when the card offers "return".
"""

PROPOSAL_DETACH: Final = "proposal.detach"
"""Remove an attachment (whoever added it, or the chair).
data: ``{"proposal_id": int, "attachment_id": int}``; ``comment`` may come along.
"""

QA_SAVE: Final = "qa.save"
"""Save the quality-assurance checklist. data: ``{"proposal_id": int}``.
inputs: ``qa_<QaItem value>`` for every checklist item (``"true"`` | ``"false"``) and
``qa_comment`` (text).
"""

BALLOT_CAST: Final = "ballot.cast"
"""Cast or change the caller's municipality's ballot.
data: ``{"vote_id": int, "choice": "for" | "mot" | "avstar"}`` (one button per choice), and
``"without_reason": true`` on the button that votes against after the card asked for a reason.
inputs: ``ballot_reason`` (text, optional; asked for when voting against).
"""

VOTE_REFRESH: Final = "vote.refresh"
"""The vote card's ``refresh.action``: answer with the caller's own up-to-date vote card.
data: ``{"vote_id": int}``.
"""

VOTE_CLOSE: Final = "vote.close"
"""Close a vote (shown to the chair only). data: ``{"vote_id": int}``."""

VOTE_DEADLINE: Final = "vote.deadline"
"""Move an open vote's closing time (the chair). data: ``{"vote_id": int}``.
inputs: ``closes_on`` (an ISO date) and ``closes_at_time`` (HH:MM, Europe/Oslo).
"""

RANKING_SUBMIT: Final = "ranking.submit"
"""Submit the caller's municipality's ranking. data: ``{"round_id": int}``.
inputs: ``rank_<proposal id>`` = the position chosen ("1".."n") or empty when left unranked.
"""

RANKING_OPEN: Final = "ranking.open"
"""The chair opens a ranking round over the proposals kept on the card that lists what a round
would take (shown to the chair only, when no round is open). data: ``{}``.
inputs: ``include_<proposal id>`` = ``"true"`` to rank the proposal in the round, ``"false"``
to leave it out.
"""

RANKING_CLOSE: Final = "ranking.close"
"""Close a ranking round and show its standings (shown to the chair only).
data: ``{"round_id": int}``; the card's ``rank_<proposal id>`` inputs come along and are ignored.
"""

RANKING_OVERRIDE: Final = "ranking.override"
"""The chair overrides the computed order of a closed round, with a reason (shown to the chair
only). data: ``{"round_id": int}``.
inputs: ``place_<proposal id>`` = the place chosen ("1".."n") for every proposal of the round,
and ``override_reason`` (text, required).
"""

REPORT_SAVE: Final = "report.save"
"""Register a study or measure (chair). data: ``{"kind": "study"|"measure"}``; inputs
``report_title``, ``report_text``, ``proposal_number`` (optional).
"""

TASK_DONE: Final = "task.done"
"""Mark an annual-cycle task occurrence done. data: ``{"occurrence_id": int}``, plus
``"card": "task"`` from the task card (answer with that card, not the list)."""
TASK_POSTPONE: Final = "task.postpone"
"""Move a task's deadline. data: ``{"occurrence_id": int, "card": "task"}``; input
``postpone_to`` (ISO date)."""

ELECTION_VOTE: Final = "election.vote"
"""Cast or change the caller's ballot in a development group's leader election.
data: ``{"election_id": int}``. inputs: ``election_candidate`` = the member id chosen (empty
when nothing was chosen). The voter is the caller, never a value of the card.
"""

ELECTION_CLOSE: Final = "election.close"
"""Close a leader election before its last day (shown to the chair only).
data: ``{"election_id": int}``; the card's ``election_candidate`` input comes along and is ignored.
"""

DECISION_OPEN: Final = "decision.open"
"""Open the reader's own view of a matter's decision card (the copy in a channel is the same
for everyone; the one who decides gets the form). data: ``{"proposal_id": int}``; the form's
inputs may come along and are ignored.
"""

DECISION_SAVE: Final = "decision.save"
"""Record the decision on a matter after the committee (the one the mandate file names).
data: ``{"proposal_id": int}``. inputs: ``decision_verdict`` (a
``governance.domain.decisions.Verdict`` value), ``decision_reason`` (text, required) and, when a
body decides, ``decision_meeting`` (the id of the body's meeting that decided).
"""

MEETING_SHOW: Final = "meeting.show"
"""Open the reader's own view of a meeting's card (the copy in a channel is the same for
everyone). data: ``{"meeting_id": int}``. Every meeting verb's card may send the meeting card's
inputs along: ``item_kind``, ``item_title``, ``item_note`` (the form to propose an item),
``present_<member id>`` toggles (attendance) and ``note_<agenda item id>`` (minutes notes);
a verb ignores those it does not use.
"""

MEETING_PROPOSE: Final = "meeting.propose"
"""A participant proposes a free item for the agenda. data: ``{"meeting_id": int}``. inputs:
``item_kind`` (``orientation`` | ``discussion`` | ``any_other_business``), ``item_title``
(required), ``item_note``.
"""

MEETING_ANSWER: Final = "meeting.answer"
"""The chair accepts or declines a proposed item.
data: ``{"meeting_id": int, "item_id": int, "accept": bool}``.
"""

MEETING_OPEN: Final = "meeting.open"
"""The chair opens the meeting (on its day). data: ``{"meeting_id": int}``."""

MEETING_ATTENDANCE: Final = "meeting.attendance"
"""The chair saves who is present. data: ``{"meeting_id": int}``. inputs: ``present_<member id>``
toggles (``"true"`` | ``"false"``), one per participant.
"""

MEETING_NEXT: Final = "meeting.next"
"""The chair takes up the next item of the agenda. data: ``{"meeting_id": int}``."""

MEETING_VOTE: Final = "meeting.vote"
"""The chair opens the committee's vote on the proposal in hand; the vote card is posted in the
committee's channel. data: ``{"meeting_id": int, "proposal_id": int}``.
"""

MEETING_CLOSE: Final = "meeting.close"
"""The chair closes the meeting; the minutes draft is made. data: ``{"meeting_id": int}``."""

MEETING_NOTES: Final = "meeting.notes"
"""The chair saves the minutes notes. data: ``{"meeting_id": int}``. inputs:
``note_<agenda item id>`` (text), one per item.
"""

MEETING_CONFIRM: Final = "meeting.confirm"
"""One of those present confirms the minutes ("godkjent"). data: ``{"meeting_id": int}``."""

PROJECT_SHOW: Final = "project.show"
"""Show the reader's own view of a project card (the matter after its approval: the project's
mandate, its status, the delivery and the benefits). data: ``{"proposal_id": int}``; the card's
inputs may come along and are ignored.
"""

PROJECT_START: Final = "project.start"
"""Start the project (the one who approved the matter). data: ``{"proposal_id": int}``. inputs:
``project_scope`` (text), ``project_budget`` (NOK), ``project_owner`` (a group's or body's id),
``project_leader`` (a member id) and ``project_members`` (member ids, comma-separated).
"""

PROJECT_STATUS: Final = "project.status"
"""Post the project's status (a member of the project group). data: ``{"proposal_id": int}``.
inputs: ``project_status`` (a ``governance.domain.projects.ProjectStatus`` value) and
``project_comment`` (text, required).
"""

PROJECT_DELIVER: Final = "project.deliver"
"""Record the delivery (the project leader). data: ``{"proposal_id": int}``. inputs:
``project_comment`` (text, optional).
"""

BENEFIT_PLAN: Final = "benefit.plan"
"""Plan a benefit to follow up (the chair or the submitter). data: ``{"proposal_id": int}``.
inputs: ``benefit_text``, ``benefit_value`` (a number) and ``benefit_unit``.
"""

BENEFIT_MEASURE: Final = "benefit.measure"
"""Record the measured value of a benefit (the owning group, the project group or the chair).
data: ``{"proposal_id": int, "followup_id": int}``. inputs: ``measure_<followup id>`` (a number),
``measure_on`` (an ISO date, not after today) and ``measure_note`` (text, optional).
"""

ALL_VERBS: Final = (
    PROPOSAL_SAVE,
    PROPOSAL_SHOW,
    PROPOSAL_EDIT,
    PROPOSAL_STEP,
    PROPOSAL_ATTACH,
    PROPOSAL_DETACH,
    QA_SAVE,
    BALLOT_CAST,
    VOTE_REFRESH,
    VOTE_CLOSE,
    VOTE_DEADLINE,
    RANKING_SUBMIT,
    RANKING_OPEN,
    RANKING_CLOSE,
    RANKING_OVERRIDE,
    REPORT_SAVE,
    TASK_DONE,
    TASK_POSTPONE,
    ELECTION_VOTE,
    ELECTION_CLOSE,
    DECISION_OPEN,
    DECISION_SAVE,
    MEETING_SHOW,
    MEETING_PROPOSE,
    MEETING_ANSWER,
    MEETING_OPEN,
    MEETING_ATTENDANCE,
    MEETING_NEXT,
    MEETING_VOTE,
    MEETING_CLOSE,
    MEETING_NOTES,
    MEETING_CONFIRM,
    PROJECT_SHOW,
    PROJECT_START,
    PROJECT_STATUS,
    PROJECT_DELIVER,
    BENEFIT_PLAN,
    BENEFIT_MEASURE,
)

# Ids of inputs whose name is built from another id.
NEED_PREFIX: Final = "need_"  # need_<municipality id>
QA_PREFIX: Final = "qa_"  # qa_<QaItem value>
RANK_PREFIX: Final = "rank_"  # rank_<proposal id>
INCLUDE_PREFIX: Final = "include_"  # include_<proposal id>, kept in the round being opened
PLACE_PREFIX: Final = "place_"  # place_<proposal id>, the chair's place for it (override)
OVERRIDE_REASON: Final = "override_reason"  # why the chair departs from the computed order
QA_COMMENT: Final = "qa_comment"
FULL_TEXT: Final = "full"  # proposal.show: every text in full
ATTACHMENT_TITLE: Final = "attachment_title"
ATTACHMENT_URL: Final = "attachment_url"
BALLOT_REASON: Final = "ballot_reason"
WITHOUT_REASON: Final = "without_reason"
CLOSES_ON: Final = "closes_on"
CLOSES_AT_TIME: Final = "closes_at_time"
STEP_COMMENT: Final = "comment"
DECISION_VERDICT: Final = "decision_verdict"
DECISION_REASON: Final = "decision_reason"
DECISION_MEETING: Final = "decision_meeting"
ITEM_KIND: Final = "item_kind"
ITEM_TITLE: Final = "item_title"
ITEM_NOTE: Final = "item_note"
PRESENT_PREFIX: Final = "present_"  # present_<member id>, attendance toggles
NOTE_PREFIX: Final = "note_"  # note_<agenda item id>, the chair's minutes note
ELECTION_CANDIDATE: Final = "election_candidate"  # the candidate chosen on the election card
PROJECT_SCOPE: Final = "project_scope"
PROJECT_BUDGET: Final = "project_budget"
PROJECT_OWNER: Final = "project_owner"
PROJECT_LEADER: Final = "project_leader"
PROJECT_MEMBERS: Final = "project_members"
PROJECT_STATUS_INPUT: Final = "project_status"
PROJECT_COMMENT: Final = "project_comment"
BENEFIT_TEXT: Final = "benefit_text"
BENEFIT_VALUE: Final = "benefit_value"
BENEFIT_UNIT: Final = "benefit_unit"
MEASURE_PREFIX: Final = "measure_"  # measure_<followup id>, the measured value
MEASURE_ON: Final = "measure_on"
MEASURE_NOTE: Final = "measure_note"
