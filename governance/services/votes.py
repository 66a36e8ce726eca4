"""Use cases of weighted votes (mandate rule 4): open, cast or change a ballot, close.

Closing applies the outcome to the proposal: recommended, not recommended, or, when the
committee does not agree, escalated to the board automatically (it is put on the board's next
meeting's agenda). A vote closed without quorum leaves the proposal ``ready``.

Deadlines: opening tells every bestiller personally (their own ballot card, through the
scheduler's notices); the scheduler's sweep reminds the members of each municipality that has
not voted a day before the closing time (``enqueue_notices``) and, when it comes, closes the
vote (``close_due``) or tells the chair, as the mandate file's decision rule says.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from governance.domain.errors import InvalidInput, InvalidTransition
from governance.domain.meetings import Meeting, MeetingKind
from governance.domain.organisation import AtDeadline, Mandate
from governance.domain.outbox import Delivery, PublicationKind, decision_key, vote_notice
from governance.domain.proposals import Action, Capacity, Proposal
from governance.domain.reminders import NoticeKind, member_recipient
from governance.domain.subjects import AuditSubject, CardSubject
from governance.domain.tally import Choice, Outcome, Tally
from governance.domain.votes import CLOSED_AT_DEADLINE, Vote, outcome_action_name
from governance.i18n import N_
from governance.ports import UnitOfWork
from governance.services import decisions, outbox, policies
from governance.services.commands import CastBallot, CloseVote, MoveVoteDeadline, OpenVote
from governance.services.context import Context, record, retry_on_conflict
from governance.services.outbox import cards_changed
from governance.services.submitter_notices import tell_submitter

log = logging.getLogger("samstyre.votes")


@dataclass(frozen=True)
class VoteResult:
    vote: Vote
    tally: Tally
    proposal: Proposal
    board_meeting: Meeting | None = None


def parse_choice(value: str) -> Choice:
    try:
        return Choice(value)
    except ValueError:
        raise InvalidInput(
            "vote.invalid_choice",
            N_("A ballot is “for”, “mot” or “avstar”, not “{value}”."),
            value=value,
        ) from None


@retry_on_conflict
async def open_vote(ctx: Context, cmd: OpenVote) -> Vote:
    """The chair opens a vote in the committee; weights and rule are copied from the mandate."""
    actor, proposal_id = cmd.actor, cmd.proposal_id
    member = ctx.mandate.member(actor)
    policies.require_chair(member, ctx.mandate)
    async with ctx.unit() as uow:
        proposal = await uow.proposals.get(proposal_id)
        if await uow.votes.open_for(proposal_id) is not None:
            raise InvalidTransition(
                "vote.already_open",
                N_("Proposal {number} already has an open vote."),
                number=proposal.number,
            )
        now = ctx.clock.now()
        event = proposal.apply(
            Action.OPEN_VOTE,
            by=actor,
            at=now,
            capacities=policies.capacities(member, proposal, ctx.mandate),
        )
        body = ctx.mandate.committee
        vote = Vote.open(
            proposal_id, body, ctx.mandate.weights(), ctx.mandate.rule_of(body), by=actor, at=now
        )
        held_in = await _meeting_in_session(uow, proposal_id)
        vote.meeting_id = held_in.id if held_in is not None else None
        uow.votes.add(vote)
        await uow.flush()
        await record(
            ctx,
            uow,
            actor,
            "vote.opened",
            AuditSubject.vote(vote.id),
            {
                "proposal": proposal_id,
                "weights": vote.weights,
                "rule": vote.rule,
                "meeting": vote.meeting_id,
                "closes_at": vote.closes_at.isoformat() if vote.closes_at else None,
            },
        )
        await tell_submitter(ctx, uow, proposal, event)
        await _add_notices(
            uow, NoticeKind.VOTE_OPENED, vote, _bestillere(ctx.mandate, vote), now=now
        )
        await uow.commit()
    return vote


def _bestillere(
    mandate: Mandate, vote: Vote, municipalities: Iterable[str] | None = None
) -> list[str]:
    """The members of the vote's body who may cast a ballot (deputies included), of
    ``municipalities`` if given, else of every municipality with a vote."""
    wanted = set(vote.weights if municipalities is None else municipalities)
    body = mandate.body(vote.body_id)
    return [m for m in body.members if (mandate.member(m).municipality or "") in wanted]


async def _add_notices(
    uow: UnitOfWork, kind: NoticeKind, vote: Vote, members: Iterable[str], *, now: datetime
) -> list[Delivery]:
    """A personal notice of ``kind`` about ``vote`` to each of ``members``, each once."""
    assert vote.id is not None
    payload = {"proposal_id": vote.proposal_id, "closes_at": _iso(vote)}
    closes = vote.closes_at if kind is not NoticeKind.VOTE_OPENED else None
    items = [
        vote_notice(kind, vote.id, member_recipient(m), payload, at=now, closes_at=closes)
        for m in dict.fromkeys(members)
    ]
    known = await uow.outbox.existing_once_keys(i.key for i in items)
    added = [i for i in items if i.key not in known]
    for item in added:
        uow.outbox.add(item)
    return added


def _iso(vote: Vote) -> str | None:
    return vote.closes_at.isoformat() if vote.closes_at else None


@retry_on_conflict
async def cast_ballot(ctx: Context, cmd: CastBallot) -> Vote:
    """Cast or change the ballot of the actor's own municipality (never taken from the card)."""
    actor, vote_id, choice = cmd.actor, cmd.vote_id, cmd.choice
    member = ctx.mandate.member(actor)
    async with ctx.unit() as uow:
        vote = await uow.votes.get(vote_id)
        municipality = policies.require_can_cast(member, vote, ctx.mandate)
        previous, ballot = vote.cast(
            municipality, choice, by=actor, at=ctx.clock.now(), reason=cmd.reason
        )
        await record(
            ctx,
            uow,
            actor,
            "ballot.cast",
            AuditSubject.vote(vote.id),
            {
                "municipality": municipality,
                "choice": choice.value,
                "previous": previous.value if previous else None,
                "reason": ballot.reason,
            },
        )
        await uow.commit()
    return vote


@retry_on_conflict
async def move_deadline(ctx: Context, cmd: MoveVoteDeadline) -> Vote:
    """The chair moves an open vote's closing time (the reminder follows the new one)."""
    policies.require_chair(ctx.mandate.member(cmd.actor), ctx.mandate)
    async with ctx.unit() as uow:
        vote = await uow.votes.get(cmd.vote_id)
        before = _iso(vote)
        vote.move_deadline(cmd.closes_on, cmd.closes_at_time, now=ctx.clock.now())
        await record(
            ctx,
            uow,
            cmd.actor,
            "vote.deadline_moved",
            AuditSubject.vote(vote.id),
            {"from": before, "to": _iso(vote)},
        )
        await uow.commit()
    return vote


async def close_vote(ctx: Context, cmd: CloseVote) -> VoteResult:
    """The chair closes the vote; the outcome is applied to the proposal at once."""
    policies.require_chair(ctx.mandate.member(cmd.actor), ctx.mandate)
    return await _close(ctx, cmd.vote_id, cmd.actor)


SYSTEM = CLOSED_AT_DEADLINE  # the actor of a vote closed by its deadline


async def close_due(ctx: Context) -> list[VoteResult]:
    """Close the open votes whose closing time has come and whose rule says they close then
    (the scheduler's sweep); a vote another process closed meanwhile is left alone."""
    now, closed = ctx.clock.now(), []
    async with ctx.reading() as uow:
        due = [
            v.id
            for v in await uow.votes.open_ones()
            if v.deadline_passed(now) and v.at_deadline is AtDeadline.CLOSE
        ]
    for vote_id in due:
        assert vote_id is not None
        try:
            closed.append(await _close(ctx, vote_id, SYSTEM))
        except InvalidTransition as error:
            if error.code != "vote.closed":
                raise
            log.info("vote %s was closed meanwhile", vote_id)
    return closed


async def enqueue_notices(ctx: Context) -> list[Delivery]:
    """What open votes' deadlines call for now (the scheduler's sweep): a day before the closing
    time, each member of a municipality that has not voted; when it has come and the chair
    closes, the chair. Each once per vote, person and closing time."""
    now, mandate, created = ctx.clock.now(), ctx.mandate, []
    async with ctx.bookkeeping() as uow:
        for vote in await uow.votes.open_ones():
            if vote.reminder_due(now):
                missing = vote.current_tally().missing
                created += await _add_notices(
                    uow,
                    NoticeKind.VOTE_REMINDER,
                    vote,
                    _bestillere(mandate, vote, missing),
                    now=now,
                )
            if vote.deadline_passed(now) and vote.at_deadline is AtDeadline.REMIND_CHAIR:
                chairs = [c.id for c in mandate.chairs()]
                created += await _add_notices(uow, NoticeKind.VOTE_DEADLINE, vote, chairs, now=now)
        await uow.commit()
    return created


@retry_on_conflict
async def _close(ctx: Context, vote_id: int, actor: str) -> VoteResult:
    async with ctx.unit() as uow:
        vote = await uow.votes.get(vote_id)
        now = ctx.clock.now()
        result = vote.close(by=actor, at=now)
        proposal = await uow.proposals.get(vote.proposal_id)
        event = proposal.apply(
            Action(outcome_action_name(result.outcome)),
            by=actor,
            at=now,
            capacities=frozenset({Capacity.VOTE}),
        )
        board_meeting = None
        if result.outcome is Outcome.ESCALATED:
            board_meeting = await decisions.put_on_board_agenda(ctx, uow, proposal)
        await decisions.request_decision(ctx, uow, proposal)  # whoever decides it now
        await _record_in_meeting(ctx, uow, vote, result)
        await record(ctx, uow, actor, "vote.closed", AuditSubject.vote(vote.id), summary(result))
        await _publish_decision(ctx, uow, vote, proposal, board_meeting)
        figures = summary(result)
        note = {k: figures[k] for k in ("for_weight", "against_weight", "abstain_weight")}
        if board_meeting is not None:
            note["board_meeting_on"] = board_meeting.on.isoformat()
        await tell_submitter(ctx, uow, proposal, event, note=note)
        assert vote.id is not None
        facts = {"board_meeting_id": board_meeting.id if board_meeting else None}
        await cards_changed(ctx, uow, CardSubject.vote(vote.id), facts)  # copies show the outcome
        await uow.commit()
    return VoteResult(vote, result, proposal, board_meeting)


async def _publish_decision(
    ctx: Context, uow: UnitOfWork, vote: Vote, proposal: Proposal, board_meeting: Meeting | None
) -> None:
    """The decision goes to the committee's Teams area; an escalation to the board's too."""
    assert vote.id is not None and proposal.id is not None
    payload = {
        "vote_id": vote.id,
        "proposal_id": proposal.id,
        "board_meeting_id": board_meeting.id if board_meeting else None,
    }
    await outbox.enqueue(
        ctx,
        uow,
        PublicationKind.DECISION,
        decision_key(vote.id),
        ctx.mandate.committee,
        payload,
    )
    if board_meeting is not None:
        await outbox.enqueue(
            ctx,
            uow,
            PublicationKind.DECISION,
            decision_key(vote.id, board=True),
            ctx.mandate.board,
            payload,
        )
    await outbox.portfolio_changed(ctx, uow, proposal.id)


def summary(result: Tally) -> dict[str, object]:
    """The figures that go into minutes, cards and the audit log."""
    return {
        "outcome": result.outcome.value,
        "quorum_met": result.quorum_met,
        "for_weight": str(result.for_weight),
        "against_weight": str(result.against_weight),
        "abstain_weight": str(result.abstain_weight),
        "total_weight": str(result.total_weight),
        "for": result.for_count,
        "against": result.against_count,
        "abstain": result.abstain_count,
        "missing": list(result.missing),
    }


async def _meeting_in_session(uow: UnitOfWork, proposal_id: int) -> Meeting | None:
    """The committee meeting in session with the proposal on its agenda: its votes belong to it."""
    for meeting in await uow.meetings.open_ones():
        if (
            meeting.in_session
            and meeting.kind is not MeetingKind.BOARD
            and proposal_id in meeting.proposal_ids()
        ):
            return meeting
    return None


async def _record_in_meeting(ctx: Context, uow: UnitOfWork, vote: Vote, result: Tally) -> None:
    """The outcome goes on the agenda of the meeting the vote belongs to; a vote held outside
    a meeting is recorded on the agenda that holds the proposal only when that meeting's day
    has come (a future meeting's agenda never shows a result decided before it)."""
    if vote.meeting_id is not None:
        meeting = await uow.meetings.get(vote.meeting_id)
        if meeting.is_open:
            meeting.record_decision(vote.proposal_id, result.outcome.value)
        return
    for meeting in await uow.meetings.open_ones():
        if (
            vote.proposal_id in meeting.proposal_ids()
            and meeting.kind is not MeetingKind.BOARD
            and meeting.on <= ctx.today()
        ):
            meeting.record_decision(vote.proposal_id, result.outcome.value)


async def closed_result(
    ctx: Context, vote_id: int, board_meeting_id: int | None = None
) -> VoteResult | None:
    """A closed vote with what its result card shows, read at once; ``None`` while it is open."""
    async with ctx.reading() as uow:
        vote = await uow.votes.get(vote_id)
        if vote.closed_at is None:
            return None
        proposal = await uow.proposals.get(vote.proposal_id)
        meeting = await uow.meetings.get(board_meeting_id) if board_meeting_id else None
    return VoteResult(vote, vote.current_tally(), proposal, meeting)


async def open_ones(ctx: Context) -> list[Vote]:
    async with ctx.reading() as uow:
        return await uow.votes.open_ones()


async def get(ctx: Context, vote_id: int) -> Vote:
    async with ctx.reading() as uow:
        return await uow.votes.get(vote_id)
