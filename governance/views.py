"""What a screen shows, for one viewer: the read side's view objects.

The query layer (``governance.services.queries``) builds them, each in one read transaction,
with what the viewer may do already decided by the policies; the cards (``cards.screens``)
render them and decide nothing. A view holds domain objects and plain values, never a word of
Teams or a rendered sentence: messages are msgids with their parameters, translated by the card
for its reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from governance.domain.annual_cycle import TaskOccurrence
from governance.domain.conversations import Conversation, Post
from governance.domain.decisions import Decision, Verdict
from governance.domain.elections import Election
from governance.domain.errors import DomainError
from governance.domain.groups import Group
from governance.domain.investment import BenefitFollowUp
from governance.domain.meetings import Meeting
from governance.domain.projects import Project
from governance.domain.proposals import Action, Proposal, QaItem
from governance.domain.ranking import RankingRound
from governance.domain.reminders import NoticeKind
from governance.domain.reports import ReportKind
from governance.domain.systems import Inventory
from governance.domain.tally import Tally
from governance.domain.votes import Vote

Tone = Literal["default", "good", "attention", "warning"]


@dataclass(frozen=True)
class ToastView:
    """A short message: a msgid and its parameters (``plain``: a text rendered already, such as
    a command hint composed for the reader)."""

    message: str
    params: Mapping[str, object] = field(default_factory=dict)
    tone: Tone = "default"
    plain: bool = False

    @classmethod
    def refusal(cls, error: DomainError) -> ToastView:
        """A rule refused the change: its message, nothing was changed."""
        return cls(error.message, error.params, tone="attention")


@dataclass(frozen=True)
class Discussion:
    """Where a proposal is discussed: replies to its card in ``body_id``'s channel. ``post`` and
    ``conversation``: that card once it is posted; ``linked``: the body has a channel."""

    body_id: str
    linked: bool
    post: Post | None = None
    conversation: Conversation | None = None


@dataclass(frozen=True)
class ProposalView:
    """A proposal for one viewer: the steps, edit and attachment links they may take.

    ``viewer_known`` False: the neutral copy posted in the committee's channel (its replies are
    the discussion), the same for everyone, with a button that shows each reader their own.
    ``discussion`` None: not looked up (the card then names the channel without a link).
    ``error`` and ``typed``: a refused attachment, with the title and link as typed. ``full``:
    the card with every text the submitter wrote in full."""

    proposal: Proposal
    next_steps: tuple[Action, ...] = ()
    can_edit: bool = False
    may_attach: bool = False
    removable: frozenset[int] = frozenset()  # ids of attachments the viewer may remove
    discussion: Discussion | None = None
    viewer_known: bool = True
    error: DomainError | None = None
    typed: Mapping[str, str] | None = None
    full: bool = False  # the card with every text in full, nothing else


@dataclass(frozen=True)
class ProposalFormView:
    """A new proposal, a draft to edit (``proposal``), or a form sent back with the refusal
    (``error``) and everything the user typed (``values``)."""

    values: Mapping[str, str] | None = None
    proposal: Proposal | None = None
    proposal_id: int | None = None
    error: DomainError | None = None


@dataclass(frozen=True)
class ProposalListView:
    proposals: tuple[Proposal, ...]
    title: str  # a msgid


@dataclass(frozen=True)
class QaView:
    """The checklist for the chair. Sent back after a refusal (``error``) it holds the ticks
    (item value → ticked) and the comment as the chair entered them, and ``missing``: each item
    that stops "mark as ready" with the proposal's fields it lacks (none: only not ticked)."""

    proposal: Proposal
    steps: tuple[Action, ...]
    ticks: Mapping[str, bool] | None = None
    comment: str | None = None
    missing: tuple[tuple[QaItem, tuple[str, ...]], ...] = ()
    error: DomainError | None = None


@dataclass(frozen=True)
class VoteView:
    """An open vote for its viewer (their municipality's ballot, the chair's close button).

    ``viewer_known`` False: the neutral copy posted in a channel, the same for everyone, whose
    refresh (and button) gives each member their own view. ``error``: a refused click, shown on
    the card instead of replacing it. ``occasion``: the personal notice this copy was sent as
    (the vote opened, a reminder before it closes, its deadline came). ``reason``: what the
    viewer typed as the ballot's reason (kept when a click is refused); ``ask_reason``: the
    viewer pressed "Against" without a reason, so the card asks for one."""

    vote: Vote
    proposal: Proposal
    tally: Tally
    viewer_municipality: str | None
    viewer_is_chair: bool
    refresh_user_ids: tuple[str, ...]
    viewer_known: bool = True
    error: DomainError | None = None
    occasion: NoticeKind | None = None
    reason: str = ""
    ask_reason: bool = False


@dataclass(frozen=True)
class VoteResultView:
    """A closed vote's outcome; ``board_meeting``: where an escalated matter went."""

    vote: Vote
    proposal: Proposal
    tally: Tally
    board_meeting: date | None = None
    error: DomainError | None = None  # a click refused on a closed vote (a late ballot)


@dataclass(frozen=True)
class AgendaView:
    meeting: Meeting
    proposals: Mapping[int, Proposal]


@dataclass(frozen=True)
class MeetingView:
    """A meeting's card through its life: before it the agenda with the items members proposed
    (and for participants the form to propose one; for the chair accept/decline and "open");
    during it attendance and the item in hand (for the chair the controls); after it the
    minutes draft (for the chair a note per item; for those present the confirmation) and
    finally the approved minutes. ``viewer_known``: False for the copy posted to a channel,
    whose button opens each reader's own view. ``participants``: (member id, whether a
    deputy) in the meeting's order."""

    meeting: Meeting
    proposals: Mapping[int, Proposal]
    participants: tuple[str, ...]
    today: date
    viewer_known: bool = True
    viewer_id: str | None = None
    chairs: bool = False
    takes_part: bool = False
    open_votes: Mapping[int, int] = field(default_factory=dict)  # proposal id → open vote id
    values: Mapping[str, str] | None = None
    error: DomainError | None = None


@dataclass(frozen=True)
class MeetingListView:
    meetings: tuple[Meeting, ...]


@dataclass(frozen=True)
class TaskView:
    occurrence: TaskOccurrence
    today: date
    can_mark_done: bool


@dataclass(frozen=True)
class TaskListView:
    tasks: tuple[TaskOccurrence, ...]
    today: date
    markable: tuple[int, ...]


@dataclass(frozen=True)
class OverrideEntry:
    """What the chair entered in the override form: a place per proposal id (as typed, "" when
    none was chosen) and the reason; shown again after a refusal."""

    places: Mapping[int, str]
    reason: str


@dataclass(frozen=True)
class RankingView:
    """An open round as the viewer's municipality ranks it, or the standings once closed.

    ``may_override``: the viewer gets the form that overrides the computed order (closed rounds,
    the chair). ``entered`` and ``error``: that form sent back with the refusal.
    """

    ranking_round: RankingRound
    proposals: tuple[Proposal, ...]
    viewer_municipality: str | None
    viewer_is_chair: bool
    may_override: bool = False
    entered: OverrideEntry | None = None
    error: DomainError | None = None
    ranks: Mapping[int, str] | None = None  # a refused ranking: the positions as chosen


@dataclass(frozen=True)
class OpenRoundView:
    """For the chair when no round is open: the proposals a round would take, each to keep or
    leave out, and the button that opens it. ``chosen`` and ``error``: sent back after a
    refusal with the proposals as the chair had them ticked."""

    proposals: tuple[Proposal, ...]
    title: str  # the round's name as it will be stored ("Prioriteringer 04.12.2026")
    chosen: frozenset[int] | None = None
    error: DomainError | None = None


@dataclass(frozen=True)
class ElectionView:
    election: Election
    group: Group
    today: date
    viewer: str | None
    viewer_is_chair: bool


@dataclass(frozen=True)
class SystemsView:
    inventory: Inventory
    query: str
    group_names: Mapping[str, str]


@dataclass(frozen=True)
class HelpEntry:
    """One command: how to write it ("forslag ny"), what it does, and whether only the chair
    may use it."""

    usage: str
    description: str
    chair_only: bool = False


@dataclass(frozen=True)
class HelpView:
    """The commands, composed for the reader by the bot's catalogue."""

    entries: tuple[HelpEntry, ...]


@dataclass(frozen=True)
class DecisionView:
    """A matter after the committee, for its decision: the whole basis (the proposal, the
    committee's votes with each municipality's ballot, the decisions taken on it so far), who
    decides, and, for the one who decides, the verdicts open to them and the body's meetings
    held to record it for (``verdicts`` empty: the viewer only reads). ``viewer_known``: False
    for the copy posted to a channel, whose button opens each reader's own view."""

    proposal: Proposal
    votes: tuple[Vote, ...]
    decisions: tuple[Decision, ...]
    decider: str  # a member's or a body's id
    decider_name: str
    decider_is_body: bool
    awaiting: bool
    verdicts: tuple[Verdict, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    default_meeting: int | None = None
    viewer_known: bool = True
    values: Mapping[str, str] | None = None
    error: DomainError | None = None


@dataclass(frozen=True)
class ReportFormView:
    kind: ReportKind
    values: Mapping[str, str] | None = None
    error: DomainError | None = None


@dataclass(frozen=True)
class ProjectView:
    """An approved matter carried out as a project, for one viewer: the project's mandate, the
    project group, its status updates, the delivery and the benefits planned against measured.

    What the viewer may do is decided: ``may_start`` (the approver, before the project starts;
    ``owners`` and ``people`` are then the choices of the form), ``may_post`` (a member of the
    project group while it runs), ``may_deliver`` (its leader), ``may_plan`` (the chair or the
    submitter, while benefits can be planned), ``measurable`` (the benefits the viewer may
    measure now). ``due``: the follow-up date a reminder is about."""

    proposal: Proposal
    project: Project | None
    group: Group | None
    benefits: tuple[BenefitFollowUp, ...]
    commissioner_name: str
    owner_name: str = ""
    may_start: bool = False
    may_post: bool = False
    may_deliver: bool = False
    may_plan: bool = False
    measurable: tuple[int, ...] = ()
    owners: tuple[tuple[str, str], ...] = ()  # (id, name) of groups and bodies
    people: tuple[tuple[str, str], ...] = ()  # (member id, name)
    today: date | None = None
    due: date | None = None
    values: Mapping[str, str] | None = None
    error: DomainError | None = None


Screen = (
    ToastView
    | ProposalView
    | ProposalFormView
    | ProposalListView
    | QaView
    | VoteView
    | VoteResultView
    | AgendaView
    | MeetingView
    | MeetingListView
    | TaskView
    | TaskListView
    | RankingView
    | OpenRoundView
    | ElectionView
    | SystemsView
    | HelpView
    | ReportFormView
    | DecisionView
    | ProjectView
)
