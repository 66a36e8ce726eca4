"""Who may do what: every permission of the core in one place (services call these)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from governance.domain.attachments import Attachment
from governance.domain.decisions import AWAITING, Decision
from governance.domain.errors import DomainError, Forbidden, InvalidInput
from governance.domain.groups import SUBGROUP_KINDS, Group
from governance.domain.meetings import Meeting, MeetingKind, participants
from governance.domain.organisation import BodyKind, Mandate, Member, Role
from governance.domain.proposals import (
    EDITABLE_STATES,
    TRANSITIONS,
    Action,
    Capacity,
    Proposal,
)
from governance.domain.ranking import RankingRound
from governance.domain.votes import Vote
from governance.i18n import N_


def is_chair(member: Member, mandate: Mandate) -> bool:
    """The daglig leder chairs the committee (ROR-IKT vedtekter)."""
    return member.has_role(Role.CHAIR) or mandate.body(mandate.committee).chair == member.id


def is_board(member: Member, mandate: Mandate) -> bool:
    board = mandate.body(mandate.board)
    return (
        member.has_role(Role.BOARD_MEMBER)
        or member.has_role(Role.BOARD_CHAIR)
        or member.id in board.members
        or board.chair == member.id
    )


def capacities(member: Member, proposal: Proposal, mandate: Mandate) -> frozenset[Capacity]:
    """The capacities in which ``member`` may act on ``proposal``."""
    held: set[Capacity] = set()
    if proposal.submitter == member.id:
        held.add(Capacity.SUBMITTER)
    if is_chair(member, mandate):
        held.add(Capacity.CHAIR)
    if decides(member, proposal, mandate):
        held.add(Capacity.DECIDER)
    return frozenset(held)


def decider_of(proposal: Proposal, mandate: Mandate) -> str | None:
    """Who decides the matter now (a member's or a body's id), as the mandate file says;
    ``None`` when the proposal awaits no decision."""
    outcome = AWAITING.get(proposal.state)
    return mandate.decider_of(outcome) if outcome is not None else None


def decides(member: Member, proposal: Proposal, mandate: Mandate) -> bool:
    """The named person decides; for a body, its chair records the body's decision."""
    who = decider_of(proposal, mandate)
    if who is None:
        return False
    if mandate.is_body(who):
        return mandate.body(who).chair == member.id
    return who == member.id


def require_decides(member: Member, proposal: Proposal, mandate: Mandate) -> str:
    """The decider's id, or a refusal naming who decides."""
    who = decider_of(proposal, mandate)
    if who is None:
        raise InvalidInput(
            "decision.not_awaiting",
            N_("Proposal {number} is not waiting for a decision."),
            number=proposal.number,
        )
    if not decides(member, proposal, mandate):
        body = mandate.body(who) if mandate.is_body(who) else None
        if body is not None:
            raise Forbidden(
                "decision.body_chair_only",
                N_("{body} decides proposal {number}; its chair records the decision."),
                body=body.name,
                number=proposal.number,
            )
        raise Forbidden(
            "decision.decider_only",
            N_("{name} decides proposal {number}."),
            name=mandate.member(who).name,
            number=proposal.number,
        )
    return who


def require_chair(member: Member, mandate: Mandate) -> None:
    if not is_chair(member, mandate):
        raise Forbidden(
            "policy.chair_only",
            N_("Only the chair of the committee (daglig leder) may do this."),
        )


def chairs_meeting(member: Member, meeting: Meeting, mandate: Mandate) -> bool:
    """The chair of the meeting's body leads it: the board's chair a board meeting, the
    committee's chair (daglig leder) the committee's meetings, those with the group leaders
    included."""
    if meeting.kind is MeetingKind.BOARD or meeting.body_id == mandate.board:
        board = mandate.body(mandate.board)
        return board.chair == member.id or member.has_role(Role.BOARD_CHAIR)
    if meeting.body_id == mandate.committee:
        return is_chair(member, mandate)
    return mandate.body(meeting.body_id).chair == member.id


def require_chairs_meeting(member: Member, meeting: Meeting, mandate: Mandate) -> None:
    if not chairs_meeting(member, meeting, mandate):
        raise Forbidden(
            "policy.meeting_chair_only",
            N_("Only the chair of the meeting ({body}) may do this."),
            body=mandate.body(meeting.body_id).name,
        )


def takes_part(member: Member, meeting: Meeting, mandate: Mandate) -> bool:
    return member.id in participants(meeting, mandate)


def require_participant(member: Member, meeting: Meeting, mandate: Mandate) -> None:
    if not takes_part(member, meeting, mandate):
        raise Forbidden(
            "policy.meeting_participant_only",
            N_("Only those who take part in the meeting may propose items for it."),
        )


def require_can_propose(member: Member, mandate: Mandate) -> None:
    """Bestillere bring proposals from their municipalities; the chair, group leaders and every
    member of the committee (e.g. FARTT's rådmenn in its development forum) too."""
    allowed = {Role.BESTILLER, Role.CHAIR, Role.GROUP_LEADER, Role.MEMBER}
    in_committee = member.id in mandate.body(mandate.committee).members
    if not allowed & member.roles and not in_committee and not is_chair(member, mandate):
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
            N_("You are not a member of {body}, so you cannot vote there."),
            body=body.name,
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
    if is_chair(member, mandate) or (is_board(member, mandate) and mandate.board in responsible):
        return
    for body_id in responsible:
        body = mandate.body(body_id)
        if member.id in body.members or body.chair == member.id:
            return
    raise Forbidden(
        "policy.not_responsible",
        N_("Only the responsible body or the chair may update this task."),
    )


# --- groups, rankings, plans ---


def may_override_ranking(member: Member, ranking_round: RankingRound, mandate: Mandate) -> bool:
    """The chair may override the computed order of a closed round (mandate rule 3), with a
    reason; ``override_ranking`` requires the chair and the domain the closed round."""
    return is_chair(member, mandate) and not ranking_round.is_open


def require_may_adopt_plan(member: Member, mandate: Mandate) -> None:
    """The board adopts the investment plan (mandate rule 8; FARTT årshjul "Styret vedtar
    investeringsplan"): a board member records it, or the chair on the board's behalf."""
    if not (is_board(member, mandate) or is_chair(member, mandate)):
        raise Forbidden(
            "policy.cannot_adopt_plan",
            N_("Only the board (or the chair on its behalf) may adopt the investment plan."),
        )


def may_plan_benefit(member: Member, proposal: Proposal, mandate: Mandate) -> bool:
    return proposal.submitter == member.id or is_chair(member, mandate)


def require_may_plan_benefit(member: Member, proposal: Proposal, mandate: Mandate) -> None:
    """The chair or the proposal's submitter states the benefits to follow up (rule 8)."""
    if proposal.submitter != member.id and not is_chair(member, mandate):
        raise Forbidden(
            "policy.cannot_plan_benefit",
            N_("Only the chair or the submitter may plan the benefits of proposal {number}."),
            number=proposal.number,
        )


def leads_group(member: Member, group: Group, on: date) -> bool:
    """The leader elected for the year while still a member, else an active member of the
    group with the group_leader role (a faggruppe's leader from the mandate file)."""
    elected = group.leader_for(on.year)
    if elected is not None and group.membership_of(elected.member_id, on) is not None:
        return elected.member_id == member.id
    membership = group.membership_of(member.id, on)
    return membership is not None and membership.role == Role.GROUP_LEADER


def require_may_establish_group(
    member: Member, mandate: Mandate, kind: str, parent: Group | None, on: date
) -> None:
    """The committee (its chair) establishes groups; a faggruppe's leader may create project and
    working groups under that faggruppe ("Faggruppene kan velge å opprette arbeids- eller
    prosjektgrupper"); a board member may create project groups ("Styret oppnevner
    prosjektgrupper", FARTT task 8)."""
    if is_chair(member, mandate):
        return
    if kind == BodyKind.PROSJEKTGRUPPE and is_board(member, mandate):
        return
    if (
        kind in SUBGROUP_KINDS
        and parent is not None
        and parent.kind == BodyKind.FAGGRUPPE
        and leads_group(member, parent, on)
    ):
        return
    raise Forbidden(
        "policy.cannot_establish_group",
        N_(
            "Only the chair, or a faggruppe's leader for its own project and working groups, "
            "may establish this group."
        ),
    )


def require_may_manage_group(
    member: Member, mandate: Mandate, group: Group, parent: Group | None, on: date
) -> None:
    """The chair follows up every group; the leader of a faggruppe also manages the project and
    working groups under it, and the board the project groups it appointed (FARTT task 8)."""
    if is_chair(member, mandate):
        return
    if (
        group.kind in SUBGROUP_KINDS
        and parent is not None
        and parent.kind == BodyKind.FAGGRUPPE
        and leads_group(member, parent, on)
    ):
        return
    if (
        group.kind == BodyKind.PROSJEKTGRUPPE
        and group.parent == mandate.board
        and is_board(member, mandate)
    ):
        return
    raise Forbidden(
        "policy.cannot_manage_group",
        N_("Only the chair may change group {group}."),
        group=group.name,
    )


def require_may_replace_member(member: Member, mandate: Mandate, municipality: str | None) -> None:
    """A member is replaced by the chief executive (rådmann) of the member's municipality, with
    the board (FARTT task 4); the chair records replacements the board has agreed to."""
    if is_chair(member, mandate):
        return
    if (
        member.has_role(Role.CHIEF_EXECUTIVE)
        and municipality is not None
        and member.municipality == municipality
    ):
        return
    raise Forbidden(
        "policy.cannot_replace_member",
        N_(
            "Only the chief executive of the member's municipality or the chair may replace "
            "a member."
        ),
    )


def require_may_record_election(member: Member, mandate: Mandate, group: Group, on: date) -> None:
    """A group's election is recorded by its own active members or by the chair."""
    if is_chair(member, mandate) or group.membership_of(member.id, on) is not None:
        return
    raise Forbidden(
        "policy.cannot_record_election",
        N_("Only the members of {group} or the chair may record its election."),
        group=group.name,
    )


def require_may_maintain_system(
    member: Member, mandate: Mandate, owners: Sequence[Group], on: date
) -> None:
    """The chair keeps the inventory; the active members of a group that owns the system (or an
    end of the integration) keep it too ("Utviklingsgruppene skal ha oversikt over alle
    fagsystemer og integrasjoner", FARTT task 7)."""
    if is_chair(member, mandate):
        return
    if any(group.membership_of(member.id, on) is not None for group in owners):
        return
    raise Forbidden(
        "policy.cannot_maintain_system",
        N_("Only the chair or a member of the owning group may change the systems inventory."),
    )


def allowed_actions(
    member: Member, proposal: Proposal, mandate: Mandate, among: Iterable[Action]
) -> list[Action]:
    """The steps of ``among`` this member may take on the proposal now (for offering buttons;
    the use case checks again when the step is taken)."""
    held = capacities(member, proposal, mandate)
    return [
        a
        for a in among
        if proposal.state in TRANSITIONS[a].sources and TRANSITIONS[a].capacity in held
    ]


def may_mark_task(member: Member, responsible: list[str], mandate: Mandate) -> bool:
    """Whether ``require_may_mark_task`` lets this member mark the task done."""
    try:
        require_may_mark_task(member, responsible, mandate)
    except Forbidden:
        return False
    return True


def require_may_edit(actor: str, proposal: Proposal) -> None:
    """Rule 1: only the submitter changes a proposal, and only as a draft or when returned."""
    if proposal.submitter != actor:
        raise Forbidden(
            "proposal.not_submitter",
            N_("Only the submitter may change proposal {number}."),
            number=proposal.number,
        )
    if proposal.state not in EDITABLE_STATES:
        raise InvalidInput(
            "proposal.not_editable",
            N_("Proposal {number} can only be changed as a draft or when returned."),
            number=proposal.number,
        )


def may_edit(member: Member, proposal: Proposal) -> bool:
    """Whether ``require_may_edit`` lets ``member`` change the proposal (a card's button)."""
    try:
        require_may_edit(member.id, proposal)
    except DomainError:
        return False
    return True


def may_add_attachment(member: Member, proposal: Proposal, mandate: Mandate) -> bool:
    """The submitter, the committee's members and its chair link files to a proposal."""
    committee = mandate.body(mandate.committee)
    return (
        member.id == proposal.submitter
        or member.id in committee.members
        or is_chair(member, mandate)
    )


def require_may_add_attachment(member: Member, proposal: Proposal, mandate: Mandate) -> None:
    if not may_add_attachment(member, proposal, mandate):
        raise Forbidden(
            "policy.attachment_add",
            N_(
                "Only the submitter, the members of the committee and its chair may add "
                "attachments to proposal {number}."
            ),
            number=proposal.number,
        )


def may_remove_attachment(member: Member, attachment: Attachment, mandate: Mandate) -> bool:
    """Whoever added an attachment removes it, and the chair any of them."""
    return member.id == attachment.added_by or is_chair(member, mandate)


def require_may_remove_attachment(member: Member, attachment: Attachment, mandate: Mandate) -> None:
    if not may_remove_attachment(member, attachment, mandate):
        raise Forbidden(
            "policy.attachment_remove",
            N_("Only the one who added “{title}” or the chair may remove it."),
            title=attachment.title,
        )


def commissioner_of(decision: Decision | None, mandate: Mandate) -> str:
    """Who commissions the project of an approved matter: whoever approved it (daglig leder
    following the committee, or the board: "Styret oppnevner prosjektgrupper og gir disse
    mandat"); a matter approved before decisions were recorded, the committee's decider."""
    if decision is not None:
        return decision.decider
    return mandate.decider_of("recommended")


def speaks_for(member: Member, who: str, mandate: Mandate) -> bool:
    """``member`` is ``who`` (a member's id), or the chair of the body ``who``."""
    if mandate.is_body(who):
        body = mandate.body(who)
        return body.chair == member.id or (
            body.id == mandate.board and member.has_role(Role.BOARD_CHAIR)
        )
    return who == member.id


def require_commissions(member: Member, commissioner: str, mandate: Mandate) -> None:
    if speaks_for(member, commissioner, mandate):
        return
    if mandate.is_body(commissioner):
        raise Forbidden(
            "policy.commissioner_body_chair_only",
            N_("{body} approved the matter; its chair starts the project."),
            body=mandate.body(commissioner).name,
        )
    raise Forbidden(
        "policy.commissioner_only",
        N_("{name} approved the matter and starts the project."),
        name=mandate.member(commissioner).name,
    )


def in_group(member: Member, group: Group | None, on: date) -> bool:
    return group is not None and group.membership_of(member.id, on) is not None


def require_in_project_group(member: Member, group: Group, on: date) -> None:
    """The project group posts the project's status."""
    if not in_group(member, group, on):
        raise Forbidden(
            "policy.project_group_only",
            N_("Only the members of {group} post the project's status."),
            group=group.name,
        )


def require_project_leader(member: Member, leader: str, group: Group, on: date) -> None:
    """The project leader records the delivery."""
    if member.id == leader or leads_group(member, group, on):
        return
    raise Forbidden(
        "policy.project_leader_only",
        N_("Only the leader of {group} records the delivery."),
        group=group.name,
    )


def may_measure_benefit(
    member: Member,
    mandate: Mandate,
    groups: Sequence[Group | None],
    on: date,
    owner: str | None = None,
) -> bool:
    """The chair, or an active member of the owning group or of the project group (an owning
    body of the mandate file not yet on record as a group: its members in the file)."""
    if is_chair(member, mandate) or any(in_group(member, g, on) for g in groups):
        return True
    on_record = {g.key for g in groups if g is not None}
    return (
        owner is not None
        and owner not in on_record
        and mandate.is_body(owner)
        and member.id in mandate.body(owner).members
    )


def require_may_measure_benefit(
    member: Member,
    mandate: Mandate,
    groups: Sequence[Group | None],
    on: date,
    owner: str | None,
    owner_name: str,
) -> None:
    if not may_measure_benefit(member, mandate, groups, on, owner):
        raise Forbidden(
            "policy.benefit_owner_only",
            N_("Only the members of {group}, the project group or the chair measure the benefit."),
            group=owner_name,
        )
