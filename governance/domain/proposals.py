"""IKT-forslag and their life cycle (mandate rules 1 and 2).

A proposal is a new service not in the service catalogue, or a change to a named catalogue
service. Its life cycle is an explicit state machine (``TRANSITIONS``); every step names who may
take it (submitter, chair, board, or the vote itself). Quality assurance is a checklist that the
chair completes before the proposal is ``ready`` for an agenda.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from governance.domain.attachments import MAX_ATTACHMENTS, Attachment, new_attachment
from governance.domain.errors import InvalidInput, InvalidTransition, NotFound
from governance.domain.messages import N_, Msg
from governance.domain.organisation import Mandate


class ProposalKind(StrEnum):
    NEW_SERVICE = "new_service"  # not defined in the service catalogue
    CHANGE_SERVICE = "change_service"  # change to an existing catalogue service


class ProposalState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    RETURNED = "returned"
    READY = "ready"
    ON_AGENDA = "on_agenda"
    VOTING = "voting"
    RECOMMENDED = "recommended"
    NOT_RECOMMENDED = "not_recommended"
    ESCALATED = "escalated"
    BOARD_APPROVED = "board_approved"
    BOARD_DECLINED = "board_declined"
    IN_PROGRESS = "in_progress"
    DELIVERED = "delivered"
    BENEFITS_FOLLOWED_UP = "benefits_followed_up"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


STATE_LABELS: dict[ProposalState, str] = {
    ProposalState.DRAFT: N_("draft"),
    ProposalState.SUBMITTED: N_("submitted"),
    ProposalState.IN_REVIEW: N_("in quality assurance"),
    ProposalState.RETURNED: N_("returned for revision"),
    ProposalState.READY: N_("ready for the agenda"),
    ProposalState.ON_AGENDA: N_("on the agenda"),
    ProposalState.VOTING: N_("being voted on"),
    ProposalState.RECOMMENDED: N_("recommended"),
    ProposalState.NOT_RECOMMENDED: N_("not recommended"),
    ProposalState.ESCALATED: N_("escalated to the board"),
    ProposalState.BOARD_APPROVED: N_("approved"),
    ProposalState.BOARD_DECLINED: N_("declined"),
    ProposalState.IN_PROGRESS: N_("in progress"),
    ProposalState.DELIVERED: N_("delivered"),
    ProposalState.BENEFITS_FOLLOWED_UP: N_("benefits followed up"),
    ProposalState.CLOSED: N_("closed"),
    ProposalState.WITHDRAWN: N_("withdrawn"),
}


def state_label(state: ProposalState) -> Msg:
    return Msg(STATE_LABELS[state])


class Capacity(StrEnum):
    """In which capacity an actor takes a step; ``governance.services.policies`` decides which
    capacities a member holds for a given proposal."""

    SUBMITTER = "submitter"
    CHAIR = "chair"
    DECIDER = "decider"  # decides the matter after the committee (the mandate file names who)
    VOTE = "vote"  # the outcome of a closed vote, recorded by the chair's close
    COMMISSIONER = "commissioner"  # who approved the matter commissions its project
    PROJECT_LEADER = "project_leader"  # leads the project group, records the delivery
    BENEFIT_OWNER = "benefit_owner"  # measures the benefits (owning group, project group)


class Action(StrEnum):
    SUBMIT = "submit"
    START_REVIEW = "start_review"
    RETURN = "return"
    MARK_READY = "mark_ready"
    PUT_ON_AGENDA = "put_on_agenda"
    REMOVE_FROM_AGENDA = "remove_from_agenda"
    OPEN_VOTE = "open_vote"
    RECOMMEND = "recommend"
    NOT_RECOMMEND = "not_recommend"
    ESCALATE = "escalate"
    NO_QUORUM = "no_quorum"
    BOARD_APPROVE = "board_approve"
    BOARD_DECLINE = "board_decline"
    TAKE_TO_BOARD = "take_to_board"
    SEND_BACK = "send_back"
    START_PROJECT = "start_project"
    DELIVER = "deliver"
    FOLLOW_UP_BENEFITS = "follow_up_benefits"
    CLOSE = "close"
    WITHDRAW = "withdraw"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[ProposalState]
    target: ProposalState
    capacity: Capacity
    label: str


S = ProposalState
_BEFORE_DECISION = frozenset({S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.RETURNED, S.READY, S.ON_AGENDA})
_AWAITING_DECISION = frozenset({S.RECOMMENDED, S.NOT_RECOMMENDED, S.ESCALATED})

TRANSITIONS: dict[Action, Transition] = {
    Action.SUBMIT: Transition(frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, Capacity.SUBMITTER, N_("submit")),
    Action.START_REVIEW: Transition(frozenset({S.SUBMITTED}), S.IN_REVIEW, Capacity.CHAIR, N_("start quality assurance")),
    Action.RETURN: Transition(frozenset({S.SUBMITTED, S.IN_REVIEW, S.READY}), S.RETURNED, Capacity.CHAIR, N_("return for revision")),
    Action.MARK_READY: Transition(frozenset({S.IN_REVIEW}), S.READY, Capacity.CHAIR, N_("mark as ready")),
    Action.PUT_ON_AGENDA: Transition(frozenset({S.READY}), S.ON_AGENDA, Capacity.CHAIR, N_("put on the agenda")),
    Action.REMOVE_FROM_AGENDA: Transition(frozenset({S.ON_AGENDA}), S.READY, Capacity.CHAIR, N_("remove from the agenda")),
    Action.OPEN_VOTE: Transition(frozenset({S.ON_AGENDA}), S.VOTING, Capacity.CHAIR, N_("open a vote")),
    Action.RECOMMEND: Transition(frozenset({S.VOTING}), S.RECOMMENDED, Capacity.VOTE, N_("recommend")),
    Action.NOT_RECOMMEND: Transition(frozenset({S.VOTING}), S.NOT_RECOMMENDED, Capacity.VOTE, N_("not recommend")),
    Action.ESCALATE: Transition(frozenset({S.VOTING}), S.ESCALATED, Capacity.VOTE, N_("escalate to the board")),
    Action.NO_QUORUM: Transition(frozenset({S.VOTING}), S.READY, Capacity.VOTE, N_("close a vote without quorum")),
    Action.BOARD_APPROVE: Transition(_AWAITING_DECISION, S.BOARD_APPROVED, Capacity.DECIDER, N_("approve")),
    Action.BOARD_DECLINE: Transition(_AWAITING_DECISION, S.BOARD_DECLINED, Capacity.DECIDER, N_("decline")),
    Action.TAKE_TO_BOARD: Transition(frozenset({S.RECOMMENDED, S.NOT_RECOMMENDED}), S.ESCALATED, Capacity.DECIDER, N_("take to the board")),
    Action.SEND_BACK: Transition(_AWAITING_DECISION, S.READY, Capacity.DECIDER, N_("send back to the committee")),
    Action.START_PROJECT: Transition(frozenset({S.BOARD_APPROVED}), S.IN_PROGRESS, Capacity.COMMISSIONER, N_("start the project")),
    Action.DELIVER: Transition(frozenset({S.IN_PROGRESS}), S.DELIVERED, Capacity.PROJECT_LEADER, N_("mark as delivered")),
    Action.FOLLOW_UP_BENEFITS: Transition(frozenset({S.DELIVERED}), S.BENEFITS_FOLLOWED_UP, Capacity.BENEFIT_OWNER, N_("record the benefit follow-up")),
    Action.CLOSE: Transition(frozenset({S.BENEFITS_FOLLOWED_UP, S.BOARD_DECLINED, S.NOT_RECOMMENDED}), S.CLOSED, Capacity.CHAIR, N_("close")),
    Action.WITHDRAW: Transition(_BEFORE_DECISION, S.WITHDRAWN, Capacity.SUBMITTER, N_("withdraw")),
}  # fmt: skip


class QaItem(StrEnum):
    """The quality-assurance checklist (mandate: the committee quality-assures proposals)."""

    CATALOGUE_CHECKED = "catalogue_checked"
    COST_BENEFIT_PRESENT = "cost_benefit_present"
    STRATEGY_LINK = "strategy_link"
    OWNER_NAMED = "owner_named"
    ORG_CHANGE_ASSESSED = "org_change_assessed"


QA_LABELS: dict[QaItem, str] = {
    QaItem.CATALOGUE_CHECKED: N_("Checked against the service catalogue"),
    QaItem.COST_BENEFIT_PRESENT: N_("Cost and benefit are described"),
    QaItem.STRATEGY_LINK: N_("Linked to the digitalisation strategy"),
    QaItem.OWNER_NAMED: N_("Owning group is named"),
    QaItem.ORG_CHANGE_ASSESSED: N_("Organisational change is assessed"),
}

QA_EVIDENCE: dict[QaItem, tuple[str, ...]] = {
    QaItem.CATALOGUE_CHECKED: (),
    QaItem.COST_BENEFIT_PRESENT: ("cost", "benefit_potential"),
    QaItem.STRATEGY_LINK: ("strategy_goals",),
    QaItem.OWNER_NAMED: ("owner_group",),
    QaItem.ORG_CHANGE_ASSESSED: ("org_change",),
}
"""The fields of the proposal each checklist item checks ("cost": one-off or yearly, above 0);
an item cannot be ticked while one of them is empty, and the same fields are required to submit
(``Proposal.missing_fields``), so the form marks them."""


@dataclass(eq=False)
class ProposalEvent:
    """One step in a proposal's history."""

    action: str
    from_state: str
    to_state: str
    by: str
    at: datetime
    comment: str = ""
    id: int | None = None


@dataclass(eq=False)
class Proposal:
    """An IKT-forslag. Fields follow mandate rule 1; money is NOK."""

    title: str
    submitter: str  # member id, taken from the caller's identity
    created_at: datetime
    cooperation: str = ""
    description: str = ""
    kind: ProposalKind = ProposalKind.NEW_SERVICE
    catalogue_service: str | None = None
    municipalities: list[str] = field(default_factory=list)
    needs: dict[str, str] = field(default_factory=dict)  # need per municipality
    cost_one_off: Decimal = Decimal(0)
    cost_yearly: Decimal = Decimal(0)
    benefit_potential: str = ""
    benefit_measurement: str = ""
    legal_basis: str = ""
    user_perspective: str = ""
    org_change: str = ""
    strategy_goals: list[str] = field(default_factory=list)
    owner_group: str | None = None
    submitter_municipality: str | None = None
    state: ProposalState = ProposalState.DRAFT
    qa: dict[str, bool] = field(default_factory=dict)
    qa_comment: str = ""
    updated_at: datetime | None = None
    history: list[ProposalEvent] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)  # links to the Teams area
    id: int | None = None

    # --- the state machine ------------------------------------------------------------------
    def apply(
        self,
        action: Action,
        *,
        by: str,
        capacities: frozenset[Capacity],
        at: datetime,
        comment: str = "",
    ) -> ProposalEvent:
        """Take one step of the life cycle, or raise and change nothing."""
        step = TRANSITIONS[action]
        if self.state not in step.sources:
            raise InvalidTransition(
                "proposal.transition_not_allowed",
                N_("Proposal {number} is {state}, so it cannot {action}."),
                number=self.number,
                state=state_label(self.state),
                action=Msg(step.label),
            )
        if step.capacity not in capacities:
            raise InvalidTransition(
                "proposal.actor_not_allowed",
                N_("Only the {capacity} may {action} proposal {number}."),
                capacity=Msg(CAPACITY_LABELS[step.capacity]),
                action=Msg(step.label),
                number=self.number,
            )
        self._guard(action, comment)
        event = ProposalEvent(action.value, self.state.value, step.target.value, by, at, comment)
        self.state = step.target
        self.updated_at = at
        if action is Action.RETURN:
            # A returned proposal will change: its quality assurance starts again.
            self.qa_comment, self.qa = comment, {}
        self.history.append(event)
        return event

    def _guard(self, action: Action, comment: str) -> None:
        if action is Action.SUBMIT:
            missing = self.missing_fields()
            if missing:
                raise InvalidInput(
                    "proposal.incomplete",
                    N_("The proposal cannot be submitted; missing: {fields}."),
                    fields=", ".join(missing),
                    missing=tuple(missing),  # field names, for the form to show its labels
                )
        elif action is Action.RETURN and not comment.strip():
            raise InvalidInput(
                "proposal.comment_required",
                N_("Give a comment when you return a proposal for revision."),
            )
        elif action is Action.MARK_READY:
            self.require_qa_complete()

    # --- content ----------------------------------------------------------------------------
    @property
    def number(self) -> str:
        return f"#{self.id}" if self.id is not None else "#?"

    def missing_fields(self) -> list[str]:
        """Names of required fields that are empty (checked on submit): those of mandate rule 1
        and every field quality assurance checks (``QA_EVIDENCE``), so that a submitted
        proposal can pass it; "cost" is the one-off or the yearly cost."""
        required = {
            "title": self.title,
            "description": self.description,
            "municipalities": self.municipalities,
            "benefit_potential": self.benefit_potential,
            "user_perspective": self.user_perspective,
            "cost": self.cost_one_off > 0 or self.cost_yearly > 0,
            "org_change": self.org_change.strip(),
            "strategy_goals": self.strategy_goals,
            "owner_group": self.owner_group,
        }
        missing = [name for name, value in required.items() if not value]
        if self.kind is ProposalKind.CHANGE_SERVICE and not self.catalogue_service:
            missing.append("catalogue_service")
        missing += [f"needs.{m}" for m in self.municipalities if not self.needs.get(m, "").strip()]
        return missing

    def check_references(self, mandate: Mandate) -> None:
        """Refuse ids that the mandate does not know (municipalities, goals, catalogue, group)."""
        known_m = {m.id for m in mandate.municipalities}
        checks: list[tuple[str, list[str], set[str]]] = [
            ("municipalities", self.municipalities + list(self.needs), known_m),
            ("strategy_goals", self.strategy_goals, {g.id for g in mandate.strategy_goals}),
            (
                "catalogue_service",
                [self.catalogue_service] if self.catalogue_service else [],
                {s.id for s in mandate.service_catalogue},
            ),
            (
                "owner_group",
                [self.owner_group] if self.owner_group else [],
                {b.id for b in mandate.bodies},
            ),
        ]
        for field_name, values, known in checks:
            unknown = sorted(set(values) - known)
            if unknown:
                raise InvalidInput(
                    "proposal.unknown_reference",
                    N_("Unknown value in {field}: {values}."),
                    field=field_name,
                    values=", ".join(unknown),
                )
        if self.cost_one_off < 0 or self.cost_yearly < 0:
            raise InvalidInput("proposal.negative_cost", N_("Costs cannot be negative."))

    # --- attachments ------------------------------------------------------------------------
    def attach(self, title: str, url: str, *, by: str, at: datetime) -> Attachment:
        """Link a file of the Teams area (``governance.domain.attachments``), or refuse."""
        if len(self.attachments) >= MAX_ATTACHMENTS:
            raise InvalidInput(
                "attachment.too_many",
                N_("Proposal {number} already has {limit} attachments; remove one first."),
                number=self.number,
                limit=MAX_ATTACHMENTS,
            )
        attachment = new_attachment(title, url, by=by, at=at)
        self.attachments.append(attachment)
        return attachment

    def attachment(self, attachment_id: int) -> Attachment:
        for attachment in self.attachments:
            if attachment.id == attachment_id:
                return attachment
        raise NotFound(
            "attachment.not_found",
            N_("Proposal {number} has no such attachment (it may have been removed)."),
            number=self.number,
        )

    def detach(self, attachment_id: int) -> Attachment:
        found = self.attachment(attachment_id)
        self.attachments.remove(found)
        return found

    # --- quality assurance ------------------------------------------------------------------
    def tick(self, item: QaItem, done: bool = True) -> None:
        """Tick a checklist item; items that depend on content refuse an empty field."""
        if self.state is not ProposalState.IN_REVIEW:
            raise InvalidTransition(
                "proposal.not_in_review",
                N_("Proposal {number} is not in quality assurance."),
                number=self.number,
            )
        if done:
            self.require_evidence({item.value: True})
        self.qa = {**self.qa, item.value: done}

    def require_evidence(self, ticks: Mapping[str, bool]) -> None:
        """Refuse ticks of items whose fields are empty, naming the first such item."""
        for item in QaItem:
            if ticks.get(item.value) and self.lacking(item):
                raise InvalidInput(
                    "proposal.qa_evidence_missing",
                    N_("Cannot tick “{item}”: the proposal lacks what it checks."),
                    item=Msg(QA_LABELS[item]),
                )

    def require_qa_complete(self, ticks: Mapping[str, bool] | None = None) -> None:
        """Refuse "mark as ready" unless ``qa_missing(ticks)`` is empty."""
        missing = self.qa_missing(ticks)
        if missing:
            raise InvalidTransition(
                "proposal.qa_incomplete",
                N_("Quality assurance is not complete for proposal {number}."),
                number=self.number,
                missing=tuple(item.value for item, _ in missing),
            )

    def lacking(self, item: QaItem) -> list[str]:
        """The fields (``QA_EVIDENCE``) the item checks that the proposal leaves empty."""
        present = {
            "benefit_potential": bool(self.benefit_potential),
            "cost": self.cost_one_off > 0 or self.cost_yearly > 0,
            "strategy_goals": bool(self.strategy_goals),
            "owner_group": bool(self.owner_group),
            "org_change": bool(self.org_change.strip()),
        }
        return [name for name in QA_EVIDENCE[item] if not present[name]]

    def qa_missing(self, ticks: Mapping[str, bool] | None = None) -> list[tuple[QaItem, list[str]]]:
        """What stops "mark as ready", item by item: an item not ticked (in ``ticks`` when
        given, as the chair has them on screen, else as saved) or whose fields are empty, with
        those fields (empty when the item is only not ticked)."""
        ticked = self.qa if ticks is None else ticks
        return [
            (item, self.lacking(item))
            for item in QaItem
            if not ticked.get(item.value) or self.lacking(item)
        ]

    def qa_complete(self) -> bool:
        """Every item ticked, and the content each item checks is still there."""
        return not self.qa_missing()

    def decided(self) -> bool:
        return self.state not in _BEFORE_DECISION | {S.VOTING, S.WITHDRAWN}


CAPACITY_LABELS: dict[Capacity, str] = {
    Capacity.SUBMITTER: N_("submitter"),
    Capacity.CHAIR: N_("chair"),
    Capacity.DECIDER: N_("one who decides the matter"),
    Capacity.VOTE: N_("committee's vote"),
    Capacity.COMMISSIONER: N_("one who approved the matter"),
    Capacity.PROJECT_LEADER: N_("project leader"),
    Capacity.BENEFIT_OWNER: N_("group that owns the benefit"),
}

PROJECT_ACTIONS = frozenset({Action.START_PROJECT, Action.DELIVER, Action.FOLLOW_UP_BENEFITS})
"""Steps taken on the project card (``governance.services.projects``), never as a bare step."""

EDITABLE_STATES = frozenset({ProposalState.DRAFT, ProposalState.RETURNED})
