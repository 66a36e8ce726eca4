"""The vote card's view, from what this process remembers: a ballot click reads nothing more
than its write transaction returns (the proposal a few seconds old, the committee's chat ids
for the card's ``refresh``). Every other view comes from ``governance.services.queries``."""

from __future__ import annotations

from dataclasses import replace

from bot.turns import Turn
from governance.domain.errors import DomainError
from governance.domain.votes import Vote
from governance.services import queries
from governance.views import VoteResultView, VoteView

MAX_REFRESH_IDS = 60  # Teams refreshes the card for at most 60 users


async def refresh_user_ids(turn: Turn) -> list[str]:
    """The Teams user ids of the committee's members seen so far (for ``refresh.userIds``)."""
    committee = turn.ctx.mandate.body(turn.ctx.mandate.committee)
    wanted = list(dict.fromkeys([*committee.members, committee.chair or ""]))
    ids = await turn.memory.chat_user_ids(wanted)
    return list(dict.fromkeys(ids))[:MAX_REFRESH_IDS]


async def vote_view(
    turn: Turn,
    vote: Vote,
    *,
    neutral: bool = False,
    error: DomainError | None = None,
    reason: str = "",
    ask_reason: bool = False,
) -> VoteView | VoteResultView:
    """The vote as this viewer sees it (their municipality's ballot, the live tally);
    ``neutral``: the copy for a channel, the same for everyone; ``error``: a refused click;
    ``reason``: what the viewer typed; ``ask_reason``: ask for a reason against."""
    if not vote.is_open:
        turn.memory.forget_proposal(vote.proposal_id)
        result = await queries.vote_result(turn.ctx, vote)
        return replace(result, error=error) if error is not None else result
    proposal = await turn.memory.proposal_being_voted(vote.proposal_id)
    ids = await refresh_user_ids(turn)
    viewer = None if neutral else turn.member
    return queries.vote_view(
        turn.ctx, viewer, vote, proposal, ids, error=error, reason=reason, ask_reason=ask_reason
    )
