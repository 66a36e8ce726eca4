"""Who may do what: every permission of the core in one place (services call these)."""

from __future__ import annotations

from governance.domain.errors import Forbidden
from governance.domain.organisation import Mandate, Member, Role
from governance.domain.proposals import Capacity, Proposal
from governance.domain.votes import Vote
from governance.i18n import N_


def is_chair(member: Member, mandate: Mandate) -> bool:
    """The daglig leder chairs the committee (ROR-IKT vedtekter)."""
    return member.has_role(Role.CHAIR) or mandate.body(mandate.committee).chair == member.id


def is_board(member: Member, mandate: Mandate) -> bool:
    board = mandate.body(mandate.board)
    return (
        member.has_role(Role.BOARD_MEMBER) or member.has_role(Role.BOARD_CHAIR)
        or member.id in board.members or board.chair == member.id
    )


def capacities(member: Member, proposal: Proposal, mandate: Mandate) -> frozenset[Capacity]:
    """The capacities in which ``member`` may act on ``proposal``."""
    held: set[Capacity] = set()
    if proposal.submitter == member.id:
        held.add(Capacity.SUBMITTER)
    if is_chair(member, mandate):
        held.add(Capacity.CHAIR)
    if is_board(member, mandate):
        held.add(Capacity.BOARD)
    return frozenset(held)


def require_chair(member: Member, mandate: Mandate) -> None:
    if not is_chair(member, mandate):
        raise Forbidden(
            "policy.chair_only",
            N_("Only the chair of the committee (daglig leder) may do this."),
        )


def require_can_propose(member: Member, mandate: Mandate) -> None:
    """Bestillere bring proposals from their municipalities; the chair and group leaders too."""
    allowed = {Role.BESTILLER, Role.CHAIR, Role.GROUP_LEADER, Role.MEMBER}
    if not allowed & member.roles and not is_chair(member, mandate):
        raise Forbidden(
            "policy.cannot_propose",
            N_("Only bestillere, group leaders and the chair may submit proposals."),
        )


def require_can_cast(member: Member, vote: Vote, mandate: Mandate) -> str:
    """A ballot is cast for the caller's own municipality by a member appointed to the body
    (deputies included). Returns that municipality."""
    body = mandate.body(vote.body_id)
    if member.id not in body.members and body.chair != member.id:
        raise Forbidden(
            "policy.not_member_of_body",
            N_("You are not a member of {body}, so you cannot vote there."), body=body.name,
        )
    if member.municipality is None:
        raise Forbidden(
            "vote.no_municipality",
            N_("You do not represent a municipality, so you cannot cast a ballot."),
        )
    return member.municipality


def require_can_rank(member: Member, mandate: Mandate) -> str:
    """Rankings are submitted per municipality by its bestiller (deputies included)."""
    if member.municipality is None or not (
        member.has_role(Role.BESTILLER) or member.id in mandate.body(mandate.committee).members
    ):
        raise Forbidden(
            "policy.cannot_rank",
            N_("Only a municipality's bestiller may submit its ranking."),
        )
    return member.municipality


def require_may_mark_task(member: Member, responsible: list[str], mandate: Mandate) -> None:
    """Members of a responsible body, its leader, or the chair may mark a task done."""
    if is_chair(member, mandate) or is_board(member, mandate) and mandate.board in responsible:
        return
    for body_id in responsible:
        body = mandate.body(body_id)
        if member.id in body.members or body.chair == member.id:
            return
    raise Forbidden(
        "policy.not_responsible",
        N_("Only the responsible body or the chair may update this task."),
    )
