"""What a person asks of the core, one command per use case a person starts (from Teams, the
command line or the demo): who asks (``actor``, from the caller's identity, never from a card)
and what. The use cases take them (``cast_ballot(ctx, CastBallot(...))``); names are imperative.
Sweeps and seeding that run as "system" (``plan_year``, ``seed_groups``, ``open_election``…) and
queries keep plain arguments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from governance.domain.decisions import Verdict
from governance.domain.meetings import ItemKind, MeetingKind
from governance.domain.organisation import Role
from governance.domain.proposals import Action, ProposalKind, QaItem
from governance.domain.reports import ReportKind
from governance.domain.tally import Choice


@dataclass
class ProposalInput:
    """What a submitter fills in. Numbers may come as text from a form; they are checked here."""

    title: str = ""
    description: str = ""
    kind: str = ProposalKind.NEW_SERVICE.value
    catalogue_service: str | None = None
    municipalities: list[str] = field(default_factory=list)
    needs: dict[str, str] = field(default_factory=dict)
    cost_one_off: str | Decimal | int = 0
    cost_yearly: str | Decimal | int = 0
    benefit_potential: str = ""
    benefit_measurement: str = ""
    legal_basis: str = ""
    user_perspective: str = ""
    org_change: str = ""
    strategy_goals: list[str] = field(default_factory=list)
    owner_group: str | None = None


@dataclass(frozen=True)
class CreateDraft:
    actor: str
    data: ProposalInput


@dataclass(frozen=True)
class UpdateDraft:
    actor: str
    proposal_id: int
    data: ProposalInput


@dataclass(frozen=True)
class AddAttachment:
    actor: str
    proposal_id: int
    title: str
    url: str


@dataclass(frozen=True)
class RemoveAttachment:
    actor: str
    proposal_id: int
    attachment_id: int


@dataclass(frozen=True)
class TakeStep:
    actor: str
    proposal_id: int
    action: Action
    comment: str = ""


@dataclass(frozen=True)
class Decide:
    """The one who decides a matter after the committee records the decision: the verdict, its
    reason, and (when a body decides) the body's meeting."""

    actor: str
    proposal_id: int
    verdict: Verdict
    reason: str
    meeting_id: int | None = None


@dataclass(frozen=True)
class SubmitProposal:
    actor: str
    proposal_id: int


@dataclass(frozen=True)
class TickChecklist:
    actor: str
    proposal_id: int
    item: QaItem
    done: bool = True


@dataclass(frozen=True)
class AddToNextAgenda:
    actor: str
    proposal_id: int


@dataclass(frozen=True)
class OpenVote:
    actor: str
    proposal_id: int


@dataclass(frozen=True)
class CastBallot:
    actor: str
    vote_id: int
    choice: Choice
    reason: str = ""  # the municipality's reason, if it gives one


@dataclass(frozen=True)
class CloseVote:
    actor: str
    vote_id: int


@dataclass(frozen=True)
class MoveVoteDeadline:
    actor: str
    vote_id: int
    closes_on: date  # Europe/Oslo
    closes_at_time: str  # HH:MM


@dataclass(frozen=True)
class SubmitRanking:
    actor: str
    round_id: int
    order: Sequence[int]


@dataclass(frozen=True)
class CloseRound:
    actor: str
    round_id: int


@dataclass(frozen=True)
class MarkTaskDone:
    actor: str
    occurrence_id: int


@dataclass(frozen=True)
class PostponeTask:
    actor: str
    occurrence_id: int
    to: date


@dataclass(frozen=True)
class CastElectionBallot:
    actor: str
    election_id: int
    candidate: str


@dataclass(frozen=True)
class CloseElection:
    actor: str
    election_id: int


@dataclass(frozen=True)
class RegisterReport:
    actor: str
    kind: ReportKind
    title: str
    text: str
    proposal_id: int | None = None


@dataclass(frozen=True)
class LinkChannel:
    actor: str
    key: str
    body_id: str


@dataclass(frozen=True)
class ChooseLanguage:
    actor: str
    locale: str


@dataclass(frozen=True)
class EstablishGroup:
    actor: str
    key: str
    name: str
    kind: str
    parent: str | None
    fields: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class CloseGroup:
    actor: str
    key: str


@dataclass(frozen=True)
class DefineScope:
    actor: str
    key: str
    fields: Sequence[str]
    systems: Sequence[str]


@dataclass(frozen=True)
class AddGroupMember:
    actor: str
    key: str
    member_id: str
    role: str = Role.MEMBER.value
    from_date: date | None = None
    note: str = ""


@dataclass(frozen=True)
class ReplaceGroupMember:
    actor: str
    key: str
    old: str
    new: str
    on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class RecordLeader:
    actor: str
    group_key: str
    member_id: str
    year: int


@dataclass(frozen=True)
class BuildPlan:
    actor: str
    year: int


@dataclass(frozen=True)
class AdoptPlan:
    actor: str
    year: int


@dataclass(frozen=True)
class PlanBenefit:
    actor: str
    proposal_id: int
    benefit: str
    planned_value: str | Decimal | int
    unit: str


@dataclass(frozen=True)
class RecordBenefit:
    actor: str
    followup_id: int
    measured_value: str | Decimal | int
    on: date
    note: str = ""


@dataclass(frozen=True)
class BuildAgenda:
    actor: str
    meeting_id: int


@dataclass(frozen=True)
class AddAgendaItem:
    actor: str
    meeting_id: int
    title: str = ""
    proposal_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class CloseMeeting:
    actor: str
    meeting_id: int
    attendees: list[str] | None = None


@dataclass(frozen=True)
class ApproveMinutes:
    actor: str
    meeting_id: int


@dataclass(frozen=True)
class ProposeItem:
    """A participant answers the call for agenda items with a free item."""

    actor: str
    meeting_id: int
    kind: ItemKind
    title: str
    note: str = ""


@dataclass(frozen=True)
class AnswerItem:
    """The chair accepts a proposed item onto the agenda, or declines it."""

    actor: str
    meeting_id: int
    item_id: int
    accept: bool


@dataclass(frozen=True)
class OpenMeeting:
    actor: str
    meeting_id: int


@dataclass(frozen=True)
class RecordAttendance:
    """Who of the meeting's participants is present (the others are absent)."""

    actor: str
    meeting_id: int
    present: tuple[str, ...]


@dataclass(frozen=True)
class NextItem:
    actor: str
    meeting_id: int


@dataclass(frozen=True)
class NoteItems:
    """The chair's minutes notes: (agenda item id, note) pairs."""

    actor: str
    meeting_id: int
    notes: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class ConfirmMinutes:
    actor: str
    meeting_id: int


@dataclass(frozen=True)
class CallMeeting:
    actor: str
    body_id: str
    kind: MeetingKind
    on: date
    title: str = ""


@dataclass(frozen=True)
class RequestStatusReport:
    actor: str


@dataclass(frozen=True)
class OpenRound:
    actor: str
    title: str
    proposal_ids: Sequence[int]


@dataclass(frozen=True)
class OverrideRanking:
    actor: str
    round_id: int
    order: Sequence[int]
    reason: str


@dataclass(frozen=True)
class RegisterSystem:
    actor: str
    key: str
    name: str
    vendor: str = ""
    functions: Sequence[str] = field(default_factory=tuple)
    owner_body: str | None = None
    municipalities: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class RegisterIntegration:
    actor: str
    source: str
    target: str
    description: str = ""


@dataclass(frozen=True)
class RetireSystem:
    actor: str
    key: str


@dataclass(frozen=True)
class StartProject:
    """Start the project of an approved matter, appointing its project group with a mandate."""

    actor: str
    proposal_id: int
    scope: str
    budget: str | Decimal | int
    owner_group: str
    leader: str
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class PostProjectStatus:
    actor: str
    proposal_id: int
    status: str
    comment: str


@dataclass(frozen=True)
class DeliverProject:
    actor: str
    proposal_id: int
    note: str = ""
