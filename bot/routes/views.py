"""The vote card's view, from what this process remembers: a ballot click reads nothing more
than its write transaction returns (the proposal a few seconds old, the committee's chat ids
for the card's ``refresh``). Every other view comes from ``governance.services.queries``."""

from __future__ import annotations

from bot.turns import Turn
from governance.domain.votes import Vote
from governance.services import queries
from governance.views import VoteResultView, VoteView

MAX_REFRESH_IDS = 60  # Teams refreshes the card for at most 60 users


async def refresh_user_ids(turn: Turn) -> list[str]:
    """The Teams user ids of the committee's members seen so far (for ``refresh.userIds``)."""
    committee = turn.ctx.mandate.body(turn.ctx.mandate.committee)
    ids = await turn.memory.chat_user_ids([*committee.members, committee.chair or ""])
    return ids[:MAX_REFRESH_IDS]


async def vote_view(turn: Turn, vote: Vote) -> VoteView | VoteResultView:
    """The vote as this viewer sees it (their municipality's ballot, the live tally)."""
    if not vote.is_open:
        turn.memory.forget_proposal(vote.proposal_id)
        return await queries.vote_result(turn.ctx, vote)
    proposal = await turn.memory.proposal_being_voted(vote.proposal_id)
    ids = await refresh_user_ids(turn)
    return queries.vote_view(turn.ctx, turn.member, vote, proposal, ids)
