"""The read side: what a screen shows, as a view for its viewer, in one read transaction.

Who may do what on the screen (the buttons) is asked of ``policies`` here, never by a route or
a card. Builders that take the objects already loaded (``vote_view``, ``task_view``…) are for
the use cases' answers, which have them in hand: a click then costs no read beyond its write.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from governance.domain.annual_cycle import TaskOccurrence
from governance.domain.decisions import AWAITING, Decision, verdicts
from governance.domain.elections import Election
from governance.domain.errors import DomainError
from governance.domain.groups import Group
from governance.domain.meetings import Meeting, participants
from governance.domain.organisation import BodyKind, Mandate, Member
from governance.domain.proposals import Action, Proposal, ProposalState
from governance.domain.ranking import RankingRound
from governance.domain.reminders import NoticeKind
from governance.domain.systems import Inventory
from governance.domain.votes import Vote
from governance.presentation import body_name, decider_name
from governance.services import investment, policies, projects, proposal_views
from governance.services.context import Context
from governance.services.ranking import rankable
from governance.views import (
    AgendaView,
    DecisionView,
    ElectionView,
    MeetingListView,
    MeetingView,
    OpenRoundView,
    OverrideEntry,
    ProjectView,
    ProposalFormView,
    ProposalListView,
    ProposalView,
    QaView,
    RankingView,
    SystemsView,
    TaskListView,
    TaskView,
    VoteResultView,
    VoteView,
)

# Steps a person takes from the proposal card; the vote outcomes are never buttons.
CARD_STEPS = (
    Action.SUBMIT,
    Action.START_REVIEW,
    Action.MARK_READY,
    Action.RETURN,
    Action.PUT_ON_AGENDA,
    Action.OPEN_VOTE,
    Action.WITHDRAW,
)
QA_STEPS = (Action.MARK_READY, Action.RETURN)
MAX_MEETINGS = 12


def proposal_view(ctx: Context, viewer: Member, proposal: Proposal) -> ProposalView:
    """The viewer's card of a proposal just changed (its discussion is not looked up)."""
    steps = policies.allowed_actions(viewer, proposal, ctx.mandate, CARD_STEPS)
    return proposal_views.proposal_view(ctx, viewer, proposal, steps)


async def proposal(
    ctx: Context,
    viewer: Member,
    proposal_id: int,
    *,
    error: DomainError | None = None,
    typed: Mapping[str, str] | None = None,
    full: bool = False,
) -> ProposalView:
    """The viewer's card of a proposal with the link to its discussion; ``error`` and ``typed``:
    a refused attachment, with what was typed; ``full``: every text of it in full, nothing
    else."""
    async with ctx.reading() as uow:
        found = await uow.proposals.get(proposal_id)
        if full:
            return ProposalView(found, full=True)
        discussion = await proposal_views.discussion_of(ctx, uow, proposal_id)
    steps = policies.allowed_actions(viewer, found, ctx.mandate, CARD_STEPS)
    return proposal_views.proposal_view(
        ctx, viewer, found, steps, discussion=discussion, error=error, typed=typed
    )


async def proposal_form(ctx: Context, viewer: Member, proposal_id: int) -> ProposalFormView:
    """The draft in the form, for its submitter (refused as ``update_draft`` would refuse)."""
    async with ctx.reading() as uow:
        found = await uow.proposals.get(proposal_id)
    policies.require_may_edit(viewer.id, found)
    return ProposalFormView(proposal=found, proposal_id=found.id)


async def proposals(
    ctx: Context, title: str, *, states: Sequence[ProposalState] = (), submitter: str | None = None
) -> ProposalListView:
    """Proposals in ``states`` (all when none), or those of ``submitter``; ``title`` a msgid."""
    async with ctx.reading() as uow:
        if submitter is not None:
            found = await uow.proposals.by_submitter(submitter)
        elif states:
            found = await uow.proposals.in_states(*states)
        else:
            found = await uow.proposals.all()
    return ProposalListView(tuple(found), title)


def qa_view(
    ctx: Context, viewer: Member, proposal: Proposal, *, comment: str | None = None
) -> QaView:
    """The checklist; ``comment``: the chair's comment as typed (a save does not store it)."""
    steps = policies.allowed_actions(viewer, proposal, ctx.mandate, QA_STEPS)
    return QaView(proposal, tuple(steps), comment=comment)


async def qa(
    ctx: Context, viewer: Member, proposal_id: int, *, comment: str | None = None
) -> QaView:
    async with ctx.reading() as uow:
        found = await uow.proposals.get(proposal_id)
    return qa_view(ctx, viewer, found, comment=comment)


async def qa_refusal(
    ctx: Context,
    viewer: Member,
    proposal_id: int,
    ticks: Mapping[str, bool],
    comment: str,
    *,
    ready: bool,
) -> QaView | None:
    """The checklist sent back with the chair's ``ticks`` and ``comment`` as entered, before
    anything is saved, when they cannot be saved (an item ticked whose fields are empty) or,
    with ``ready``, would not let the proposal be marked ready: the refusal and every item in
    the way, with the fields it lacks. ``None`` when nothing stands in the way, or when the
    viewer may not take the step here (the use case then refuses that itself)."""
    async with ctx.reading() as uow:
        found = await uow.proposals.get(proposal_id)
    view = qa_view(ctx, viewer, found, comment=comment)
    if Action.MARK_READY not in view.steps:  # not the chair, or not in quality assurance
        return None
    entered = {**found.qa, **ticks}
    try:
        if ready:  # every item in the way, those whose fields are empty included
            found.require_qa_complete(entered)
        else:
            found.require_evidence(entered)
    except DomainError as refusal:
        missing = [
            (item, tuple(fields))
            for item, fields in found.qa_missing(entered)
            if ready or (entered.get(item.value) and fields)
        ]
        return replace(view, ticks=entered, missing=tuple(missing), error=refusal)
    return None


def vote_view(
    ctx: Context,
    viewer: Member | None,
    vote: Vote,
    proposal: Proposal,
    refresh_user_ids: Sequence[str],
    *,
    error: DomainError | None = None,
    occasion: NoticeKind | None = None,
    reason: str = "",
    ask_reason: bool = False,
) -> VoteView | VoteResultView:
    """The vote card's view: the viewer's ballot while open, the outcome once closed;
    ``viewer`` None: the neutral copy for a channel; ``occasion``: the personal notice it is
    sent as; ``reason``/``ask_reason``: see ``VoteView``."""
    if not vote.is_open:
        return VoteResultView(vote, proposal, vote.current_tally())
    return VoteView(
        vote,
        proposal,
        vote.current_tally(),
        viewer_municipality=viewer.municipality if viewer is not None else None,
        viewer_is_chair=viewer is not None and policies.is_chair(viewer, ctx.mandate),
        refresh_user_ids=tuple(dict.fromkeys(refresh_user_ids))[:60],
        viewer_known=viewer is not None,
        error=error,
        occasion=occasion,
        reason=reason,
        ask_reason=ask_reason,
    )


async def vote_result(ctx: Context, vote: Vote) -> VoteResultView:
    """A closed vote's outcome card (the matter's board meeting is told when it closes)."""
    async with ctx.reading() as uow:
        about = await uow.proposals.get(vote.proposal_id)
    return VoteResultView(vote, about, vote.current_tally())


async def open_vote_of(ctx: Context, proposal_id: int) -> Vote | None:
    """The proposal's open vote, if any (a command names the proposal, a button the vote)."""
    async with ctx.reading() as uow:
        return await uow.votes.open_for(proposal_id)


async def agenda(ctx: Context, meeting: Meeting) -> AgendaView:
    ids = [i.proposal_id for i in meeting.agenda if i.proposal_id is not None]
    async with ctx.reading() as uow:
        found = await uow.proposals.many(ids)
    return AgendaView(meeting, found)


async def meeting(
    ctx: Context,
    viewer: Member | None,
    meeting_id: int,
    *,
    values: Mapping[str, str] | None = None,
    error: DomainError | None = None,
) -> MeetingView:
    """A meeting's card for ``viewer`` (``None``: the copy posted to a channel), read at once:
    the meeting, the proposals on its agenda and their open votes."""
    mandate = ctx.mandate
    async with ctx.reading() as uow:
        found = await uow.meetings.get(meeting_id)
        ids = [i.proposal_id for i in found.agenda if i.proposal_id is not None]
        linked = await uow.proposals.many(ids)
        open_votes = {}
        for proposal_id in ids:
            vote = await uow.votes.open_for(proposal_id)
            if vote is not None and vote.id is not None:
                open_votes[proposal_id] = vote.id
    return MeetingView(
        found,
        linked,
        participants(found, mandate),
        ctx.today(),
        viewer_known=viewer is not None,
        viewer_id=viewer.id if viewer is not None else None,
        chairs=viewer is not None and policies.chairs_meeting(viewer, found, mandate),
        takes_part=viewer is not None and policies.takes_part(viewer, found, mandate),
        open_votes=open_votes,
        values=values,
        error=error,
    )


async def meetings(ctx: Context, from_date: date) -> MeetingListView:
    """The committee's and the board's coming meetings, soonest first."""
    mandate = ctx.mandate
    async with ctx.reading() as uow:
        committee = await uow.meetings.of_body(mandate.committee, from_date=from_date)
        board = await uow.meetings.of_body(mandate.board, from_date=from_date)
    listed = sorted([*committee, *board], key=lambda m: m.on)[:MAX_MEETINGS]
    return MeetingListView(tuple(listed))


def task_view(ctx: Context, viewer: Member, occurrence: TaskOccurrence) -> TaskView:
    """One task; its buttons only for those who may mark it."""
    may = policies.may_mark_task(viewer, occurrence.responsible, ctx.mandate)
    return TaskView(occurrence, ctx.today(), can_mark_done=may)


def task_list_view(ctx: Context, viewer: Member, tasks: Sequence[TaskOccurrence]) -> TaskListView:
    markable = tuple(
        t.id
        for t in tasks
        if t.id is not None and policies.may_mark_task(viewer, t.responsible, ctx.mandate)
    )
    return TaskListView(tuple(tasks), ctx.today(), markable)


async def tasks(ctx: Context, viewer: Member, year: int) -> TaskListView:
    async with ctx.reading() as uow:
        found = await uow.tasks.of_year(year)
    return task_list_view(ctx, viewer, found)


async def ranking(
    ctx: Context,
    viewer: Member,
    ranking_round: RankingRound,
    *,
    entered: OverrideEntry | None = None,
    ranks: Mapping[int, str] | None = None,
    error: DomainError | None = None,
) -> RankingView:
    """The round for ``viewer``; ``error`` with ``entered`` brings a refused override back, with
    ``ranks`` a refused ranking (the positions as chosen)."""
    async with ctx.reading() as uow:
        found = await uow.proposals.many(ranking_round.proposal_ids)
    listed = tuple(found[pid] for pid in ranking_round.proposal_ids if pid in found)
    may_override = policies.may_override_ranking(viewer, ranking_round, ctx.mandate)
    return RankingView(
        ranking_round,
        listed,
        viewer_municipality=viewer.municipality,
        viewer_is_chair=policies.is_chair(viewer, ctx.mandate),
        may_override=may_override,
        entered=entered if may_override else None,
        error=error,
        ranks=ranks,
    )


async def round_to_open(
    ctx: Context,
    viewer: Member,
    title: str,
    *,
    chosen: Sequence[int] | None = None,
    error: DomainError | None = None,
) -> OpenRoundView:
    """For the chair: the proposals a new round would take (``rankable``); ``chosen``
    and ``error`` bring a refused opening back as the chair ticked it."""
    policies.require_chair(viewer, ctx.mandate)
    candidates = await rankable(ctx)
    return OpenRoundView(
        tuple(candidates),
        title,
        chosen=frozenset(chosen) if chosen is not None else None,
        error=error,
    )


async def election(ctx: Context, viewer: Member, election: Election) -> ElectionView:
    """The election as the viewer sees it: their own choice, and the chair's close button."""
    async with ctx.reading() as uow:
        group = await uow.groups.by_key(election.group_key)
    return ElectionView(
        election,
        group,
        ctx.today(),
        viewer=viewer.id,
        viewer_is_chair=policies.is_chair(viewer, ctx.mandate),
    )


async def systems(ctx: Context, query: str) -> SystemsView:
    """The systems inventory searched for ``query``, with the names of the owning groups."""
    async with ctx.reading() as uow:
        inventory = Inventory(await uow.systems.all(), await uow.systems.integrations())
        names = {g.key: g.name for g in await uow.groups.all()}
    return SystemsView(inventory, query, names)


MEETINGS_TO_CHOOSE = 6  # the body's latest meetings held, offered on the decision card


async def decision(
    ctx: Context,
    viewer: Member | None,
    proposal_id: int,
    *,
    values: Mapping[str, str] | None = None,
    error: DomainError | None = None,
) -> DecisionView:
    """The decision card of a matter for ``viewer`` (``None``: the copy posted to a channel),
    read at once: the proposal, its votes, its decisions and the deciding body's meetings."""
    mandate, today = ctx.mandate, ctx.today()
    async with ctx.reading() as uow:
        proposal = await uow.proposals.get(proposal_id)
        votes = tuple(v for v in await uow.votes.for_proposal(proposal_id) if v.closed_at)
        taken = tuple(await uow.decisions.of_proposal(proposal_id))
        who = policies.decider_of(proposal, mandate) or _last_decider(taken, mandate.board)
        by_body = mandate.is_body(who)
        held = await uow.meetings.of_body(who) if by_body else []
    may = viewer is not None and policies.decides(viewer, proposal, mandate)
    held = [m for m in held if m.on <= today][-MEETINGS_TO_CHOOSE:]
    on_agenda = [m.id for m in held if proposal_id in m.proposal_ids()]
    default = on_agenda[-1] if on_agenda else (held[-1].id if held else None)
    return DecisionView(
        proposal,
        votes,
        taken,
        who,
        mandate.body(who).name if by_body else mandate.member(who).name,
        by_body,
        awaiting=proposal.state in AWAITING,
        verdicts=verdicts(proposal.state, by_body=by_body) if may else (),
        meetings=tuple(reversed(held)) if may else (),
        default_meeting=default if may else None,
        viewer_known=viewer is not None,
        values=values,
        error=error,
    )


def _last_decider(taken: Sequence[Decision], board: str) -> str:
    """Who decided last (a matter no longer awaiting its decision), else the board."""
    return taken[-1].decider if taken else board


OWNING_KINDS = frozenset(
    {BodyKind.FAGGRUPPE, BodyKind.UTVIKLINGSGRUPPE, BodyKind.DIGITALISERINGSGRUPPE}
)


async def project(
    ctx: Context,
    viewer: Member,
    proposal_id: int,
    *,
    values: Mapping[str, str] | None = None,
    error: DomainError | None = None,
    due: date | None = None,
) -> ProjectView:
    """The project card of an approved matter for ``viewer``, read at once."""
    mandate, today = ctx.mandate, ctx.today()
    async with ctx.reading() as uow:
        found = await uow.proposals.get(proposal_id)
        started = await uow.projects.of_proposal(proposal_id)
        who = await projects.commissioner(uow, ctx, proposal_id)
        group = await uow.groups.find_key(started.group_key) if started else None
        benefits = tuple(await uow.benefits.of_proposal(proposal_id))
        owner = started.owner_group if started else found.owner_group
        measuring = await projects.benefit_groups(uow, started, owner)
        known = await uow.groups.all()
    may_start = (
        started is None
        and found.state is ProposalState.BOARD_APPROVED
        and policies.speaks_for(viewer, who, mandate)
    )
    running = started is not None and not started.is_delivered
    may_measure = found.state in investment.MEASURING_STATES and policies.may_measure_benefit(
        viewer, mandate, measuring, today, owner
    )
    return ProjectView(
        found,
        started,
        group,
        benefits,
        decider_name(mandate, who),
        owner_name=_group_name(mandate, known, owner),
        may_start=may_start,
        may_post=running and policies.in_group(viewer, group, today),
        may_deliver=running
        and group is not None
        and started is not None
        and (viewer.id == started.leader or policies.leads_group(viewer, group, today)),
        may_plan=found.state in investment.BENEFIT_PLANNING_STATES
        and policies.may_plan_benefit(viewer, found, mandate),
        measurable=tuple(b.id for b in benefits if b.id is not None) if may_measure else (),
        owners=_owners(mandate, known) if may_start else (),
        people=tuple((m.id, m.name) for m in sorted(mandate.members, key=lambda m: m.name))
        if may_start
        else (),
        today=today,
        due=due,
        values=values,
        error=error,
    )


def _group_name(mandate: Mandate, known: Sequence[Group], key: str | None) -> str:
    if not key:
        return ""
    group = next((g for g in known if g.key == key), None)
    return group.name if group is not None else body_name(mandate, key)


def _owners(mandate: Mandate, known: Sequence[Group]) -> tuple[tuple[str, str], ...]:
    """The groups that may own a project: the open faggrupper, development and
    digitalisation groups (on record or in the mandate file), then the committee."""
    found = {g.key: g.name for g in known if g.kind in OWNING_KINDS and not g.is_closed}
    for body in mandate.bodies:
        if body.kind in OWNING_KINDS and body.id not in found:
            found[body.id] = body.name
    ordered = sorted(found.items(), key=lambda pair: pair[1])
    return (*ordered, (mandate.committee, body_name(mandate, mandate.committee)))
