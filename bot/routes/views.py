"""Card views that several routes send: they load what a card shows, for this viewer.

Which buttons a viewer gets is asked of the core's policies (``allowed_steps``), never decided
here; the cards only render it."""

from __future__ import annotations

from typing import Any

from bot.turns import Turn
from cards import agenda, lists, quality, ranking
from cards import annual_cycle as annual_cycle_cards
from cards import proposal as proposal_cards
from cards import vote as vote_cards
from cards.election import election_card
from governance.domain.annual_cycle import TaskOccurrence
from governance.domain.elections import Election
from governance.domain.meetings import Meeting
from governance.domain.proposals import Action, Proposal
from governance.domain.ranking import RankingRound
from governance.domain.votes import Vote
from governance.services import groups, policies
from governance.services import proposals as proposal_service
from governance.services import votes as vote_service

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


def allowed_steps(turn: Turn, proposal: Proposal) -> list[Action]:
    return policies.allowed_actions(turn.member, proposal, turn.ctx.mandate, CARD_STEPS)


async def proposal_view(turn: Turn, proposal_id: int) -> dict[str, Any]:
    proposal = await proposal_service.get(turn.ctx, proposal_id)
    return proposal_cards.proposal_card(
        proposal,
        turn.ctx.mandate,
        turn.locale,
        next_steps=allowed_steps(turn, proposal),
        can_edit=policies.may_edit(turn.member, proposal),
    )


async def refresh_user_ids(turn: Turn) -> list[str]:
    """The Teams user ids of the committee's members seen so far (for ``refresh.userIds``)."""
    committee = turn.ctx.mandate.body(turn.ctx.mandate.committee)
    ids = await turn.memory.chat_user_ids([*committee.members, committee.chair or ""])
    return ids[:60]


async def vote_view(turn: Turn, vote: Vote, proposal: Proposal | None = None) -> dict[str, Any]:
    """The vote card as this viewer sees it (their municipality's ballot, the live tally)."""
    mandate = turn.ctx.mandate
    if not vote.is_open:
        turn.memory.forget_proposal(vote.proposal_id)
        proposal = proposal or await proposal_service.get(turn.ctx, vote.proposal_id)
        return vote_cards.result_card(
            vote, proposal, vote.current_tally(), mandate, turn.locale, board_meeting_date=None
        )
    proposal = proposal or await turn.memory.proposal_being_voted(vote.proposal_id)
    return vote_cards.vote_card(
        vote,
        proposal,
        vote.current_tally(),
        mandate,
        turn.locale,
        viewer_municipality=turn.member.municipality,
        viewer_is_chair=policies.is_chair(turn.member, mandate),
        refresh_user_ids=await refresh_user_ids(turn),
    )


async def vote_of(turn: Turn, vote_id: int) -> Vote:
    return await vote_service.get(turn.ctx, vote_id)


def qa_view(turn: Turn, proposal: Proposal) -> dict[str, Any]:
    steps = [s for s in allowed_steps(turn, proposal) if s in (Action.MARK_READY, Action.RETURN)]
    return quality.qa_card(proposal, turn.ctx.mandate, turn.locale, steps=steps)


async def agenda_view(turn: Turn, meeting: Meeting) -> dict[str, Any]:
    ids = [i.proposal_id for i in meeting.agenda if i.proposal_id is not None]
    found = {pid: await proposal_service.get(turn.ctx, pid) for pid in ids}
    return agenda.agenda_card(meeting, turn.ctx.mandate, turn.locale, proposals=found)


def task_view(turn: Turn, occurrence: TaskOccurrence) -> dict[str, Any]:
    """One task's card; its buttons only for those who may mark it."""
    mandate = turn.ctx.mandate
    return annual_cycle_cards.task_card(
        occurrence,
        mandate,
        turn.locale,
        today=turn.ctx.today(),
        can_mark_done=policies.may_mark_task(turn.member, occurrence.responsible, mandate),
    )


def task_list_view(turn: Turn, tasks: list[TaskOccurrence]) -> dict[str, Any]:
    mandate = turn.ctx.mandate
    markable = [
        t.id
        for t in tasks
        if t.id is not None and policies.may_mark_task(turn.member, t.responsible, mandate)
    ]
    return lists.task_list(tasks, mandate, turn.locale, today=turn.ctx.today(), markable=markable)


async def ranking_view(turn: Turn, ranking_round: RankingRound) -> dict[str, Any]:
    """The round as this viewer sees it: their municipality's form (the chair may close it), or
    the standings once it is closed."""
    found = [await proposal_service.get(turn.ctx, pid) for pid in ranking_round.proposal_ids]
    return ranking.ranking_card(
        ranking_round,
        found,
        turn.ctx.mandate,
        turn.locale,
        viewer_municipality=turn.member.municipality,
        viewer_is_chair=policies.is_chair(turn.member, turn.ctx.mandate),
    )


async def election_view(turn: Turn, election: Election) -> dict[str, Any]:
    """The election as the caller sees it: their own choice, and the chair's close button."""
    ctx = turn.ctx
    group = await groups.group(ctx, election.group_key)
    return election_card(
        election,
        group,
        ctx.mandate,
        turn.locale,
        today=ctx.today(),
        viewer=turn.actor,
        viewer_is_chair=policies.is_chair(turn.member, ctx.mandate),
    )
