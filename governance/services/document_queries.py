"""The read side of publishing: what a document or a portfolio row is made of, each read in one
transaction (the publisher renders it; nothing here is rendered or sent)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from governance.domain.annual_cycle import TaskOccurrence
from governance.domain.decisions import Decision
from governance.domain.investment import BenefitFollowUp, InvestmentPlan
from governance.domain.meetings import Meeting
from governance.domain.outbox import decision_key, decision_record_key
from governance.domain.proposals import Proposal
from governance.domain.ranking import RankingRound
from governance.domain.reports import Report
from governance.domain.votes import Vote
from governance.services.context import Context


@dataclass(frozen=True)
class DecisionFacts:
    """A closed vote, its proposal and, for an escalated matter, the board meeting's date."""

    vote: Vote
    proposal: Proposal
    board_meeting: date | None


@dataclass(frozen=True)
class DecisionRecordFacts:
    """A decision after the committee, its proposal, the committee's closed votes on it, the
    decisions before it, and the meeting that decided (when a body decided)."""

    decision: Decision
    proposal: Proposal
    votes: Sequence[Vote]
    earlier: Sequence[Decision]
    meeting: Meeting | None


@dataclass(frozen=True)
class MinutesFacts:
    meeting: Meeting
    proposals: Mapping[int, Proposal]


@dataclass(frozen=True)
class ReportFacts:
    report: Report
    proposal: Proposal | None


@dataclass(frozen=True)
class StatusFacts:
    proposals: Sequence[Proposal]
    votes: Sequence[Vote]
    tasks: Sequence[TaskOccurrence]
    plans: Sequence[InvestmentPlan]
    benefits: Sequence[BenefitFollowUp] = ()


@dataclass(frozen=True)
class PortfolioSource:
    """Everything the portfolio rows of ``proposals`` say: the last closed ranking round, every
    vote and every decision after the committee (for each proposal's last decision), the
    published decision documents by key and the proposals' planned benefits."""

    proposals: Mapping[int, Proposal]
    latest_round: RankingRound | None
    votes: Sequence[Vote]
    published: Mapping[str, Mapping[str, Any]]
    decisions: Sequence[Decision] = ()
    benefits: Sequence[BenefitFollowUp] = ()


async def decision(ctx: Context, vote_id: int, board_meeting_id: int | None) -> DecisionFacts:
    async with ctx.reading() as uow:
        vote = await uow.votes.get(vote_id)
        proposal = await uow.proposals.get(vote.proposal_id)
        board = await uow.meetings.get(board_meeting_id) if board_meeting_id else None
    return DecisionFacts(vote, proposal, board.on if board is not None else None)


async def decision_record(ctx: Context, decision_id: int) -> DecisionRecordFacts:
    async with ctx.reading() as uow:
        found = await uow.decisions.get(decision_id)
        proposal = await uow.proposals.get(found.proposal_id)
        votes = [v for v in await uow.votes.for_proposal(found.proposal_id) if v.closed_at]
        taken = await uow.decisions.of_proposal(found.proposal_id)
        meeting = await uow.meetings.get(found.meeting_id) if found.meeting_id else None
    earlier = [d for d in taken if d.id is not None and found.id is not None and d.id < found.id]
    return DecisionRecordFacts(found, proposal, votes, earlier, meeting)


async def minutes(ctx: Context, meeting_id: int) -> MinutesFacts:
    async with ctx.reading() as uow:
        meeting = await uow.meetings.get(meeting_id)
        linked = await uow.proposals.many(meeting.proposal_ids())
    return MinutesFacts(meeting, linked)


async def report(ctx: Context, report_id: int) -> ReportFacts:
    async with ctx.reading() as uow:
        found = await uow.reports.get(report_id)
        about = (
            await uow.proposals.get(found.proposal_id) if found.proposal_id is not None else None
        )
    return ReportFacts(found, about)


async def status(ctx: Context, year: int) -> StatusFacts:
    async with ctx.reading() as uow:
        return StatusFacts(
            await uow.proposals.all(),
            await uow.votes.all(),
            await uow.tasks.of_year(year),
            await uow.plans.all(),
            await uow.benefits.all(),
        )


async def portfolio(ctx: Context, proposal_ids: Sequence[int]) -> PortfolioSource:
    async with ctx.reading() as uow:
        found = await uow.proposals.many(proposal_ids)
        latest = await uow.rankings.latest_closed()
        every_vote = await uow.votes.all()
        taken = [d for d in await uow.decisions.all() if d.proposal_id in found]
        benefits = [b for b in await uow.benefits.all() if b.proposal_id in found]
        keys = [decision_key(v.id) for v in every_vote if v.id is not None and v.closed_at]
        keys += [decision_record_key(d.id) for d in taken if d.id is not None]
        published = {d.key: dict(d.result) for d in await uow.outbox.delivered_with_keys(keys)}
    return PortfolioSource(found, latest, every_vote, published, taken, benefits)
