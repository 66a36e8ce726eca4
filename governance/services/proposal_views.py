"""The proposal card's views: for one viewer (their steps, edit and attachment links) and the
neutral copy posted in the committee's channel, with where the proposal is discussed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from governance.domain.conversations import ConversationKind
from governance.domain.errors import DomainError
from governance.domain.organisation import Member
from governance.domain.proposals import Action, Proposal
from governance.domain.subjects import CardSubject
from governance.ports import UnitOfWork
from governance.services import policies
from governance.services.context import Context
from governance.views import Discussion, ProposalView


def proposal_view(
    ctx: Context,
    viewer: Member,
    proposal: Proposal,
    steps: Sequence[Action],
    *,
    discussion: Discussion | None = None,
    error: DomainError | None = None,
    typed: Mapping[str, str] | None = None,
) -> ProposalView:
    """``viewer``'s card of ``proposal``, with the life-cycle ``steps`` they may take."""
    mandate = ctx.mandate
    removable = frozenset(
        a.id
        for a in proposal.attachments
        if a.id is not None and policies.may_remove_attachment(viewer, a, mandate)
    )
    return ProposalView(
        proposal,
        tuple(steps),
        can_edit=policies.may_edit(viewer, proposal),
        may_attach=policies.may_add_attachment(viewer, proposal, mandate),
        removable=removable,
        discussion=discussion,
        error=error,
        typed=typed,
    )


async def discussion_of(ctx: Context, uow: UnitOfWork, proposal_id: int) -> Discussion:
    """The committee's channel and the proposal's card posted there, if it is."""
    committee = ctx.mandate.committee
    linked = bool(await uow.conversations.of_body(committee))
    for post in reversed(await uow.posts.of_subject(CardSubject.proposal(proposal_id).key)):
        conversation = await uow.conversations.by_key(post.conversation_key)
        if conversation is not None and conversation.kind is ConversationKind.CHANNEL:
            return Discussion(committee, linked, post, conversation)
    return Discussion(committee, linked)


async def channel_view(ctx: Context, proposal_id: int) -> ProposalView:
    """The copy in the committee's channel: the same for every reader, no viewer's buttons."""
    async with ctx.reading() as uow:
        found = await uow.proposals.get(proposal_id)
    return ProposalView(found, viewer_known=False)
