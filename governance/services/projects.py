"""Use cases of projects: an approved matter is carried out as a project ("oppdragsgiver for
interkommunale digitaliseringsprosjekter"; FARTT: "Styret oppnevner prosjektgrupper og gir disse
mandat").

Whoever approved the matter (daglig leder following the committee, or the board's chair for the
board) starts the project, appointing a project group under the owning group with a mandate:
scope, budget, owner group. The project group posts its status; its leader records the delivery,
which gives every planned benefit its follow-up dates. When a date is due, the owning group is
reminded in personal chat (``enqueue_benefits_due``, from the scheduler's sweep).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from governance.domain.decisions import Decision, Verdict
from governance.domain.errors import InvalidInput, InvalidTransition, NotFound
from governance.domain.groups import Group
from governance.domain.investment import BenefitFollowUp
from governance.domain.organisation import BodyKind, Member, Role
from governance.domain.outbox import Delivery, benefit_due_notice
from governance.domain.projects import Project, benefit_due_dates, parse_status
from governance.domain.proposals import Action, Capacity, Proposal
from governance.domain.reminders import member_recipient
from governance.domain.subjects import AuditSubject
from governance.domain.text import require_clean_text
from governance.i18n import N_, Msg, translate
from governance.ports import UnitOfWork
from governance.services import outbox, policies
from governance.services.commands import DeliverProject, PostProjectStatus, StartProject
from governance.services.context import Context, record, retry_on_conflict
from governance.services.groups import parent_group
from governance.services.proposals import parse_amount
from governance.services.submitter_notices import tell_submitter

MAX_MEMBERS = 30


def project_group_key(proposal_id: int) -> str:
    return f"prosjekt-{proposal_id}"


def approval_of(decisions: Sequence[Decision]) -> Decision | None:
    """The last decision that approved the matter."""
    approved = [d for d in decisions if d.verdict is Verdict.APPROVED]
    return approved[-1] if approved else None


async def commissioner(uow: UnitOfWork, ctx: Context, proposal_id: int) -> str:
    decisions = await uow.decisions.of_proposal(proposal_id)
    return policies.commissioner_of(approval_of(decisions), ctx.mandate)


def _members(ctx: Context, leader: str, members: Sequence[str]) -> list[Member]:
    """The leader first, then the other members once each, every one known to the mandate."""
    wanted = list(dict.fromkeys([leader.strip(), *(m.strip() for m in members if m.strip())]))
    if not wanted[0]:
        raise InvalidInput("project.leader_required", N_("Name the project's leader."))
    if len(wanted) > MAX_MEMBERS:
        raise InvalidInput(
            "project.too_many_members",
            N_("A project group may have at most {limit} members."),
            limit=MAX_MEMBERS,
        )
    return [ctx.mandate.member(m) for m in wanted]


async def _owner(ctx: Context, uow: UnitOfWork, key: str) -> str:
    """The owning group: an open group (a faggruppe, say) or a body of the mandate file."""
    key = key.strip()
    if not key:
        raise InvalidInput("project.owner_required", N_("Name the group that owns the project."))
    try:
        await parent_group(ctx, uow, key)
    except NotFound:
        if not ctx.mandate.is_body(key):
            raise
    return key


@retry_on_conflict
async def start_project(ctx: Context, cmd: StartProject) -> Project:
    """Start the project, appoint its project group and give it its mandate (the approver)."""
    member = ctx.mandate.member(cmd.actor)
    require_clean_text(cmd.scope, Msg(N_("Scope")))
    budget = parse_amount(cmd.budget, "budget")
    people = _members(ctx, cmd.leader, cmd.members)
    async with ctx.unit() as uow:
        proposal = await uow.proposals.get(cmd.proposal_id)
        who = await commissioner(uow, ctx, cmd.proposal_id)
        policies.require_commissions(member, who, ctx.mandate)
        owner = await _owner(ctx, uow, cmd.owner_group)
        assert proposal.id is not None
        key = project_group_key(proposal.id)
        if (
            await uow.projects.of_proposal(proposal.id) is not None
            or await uow.groups.find_key(key) is not None
        ):
            raise InvalidTransition(
                "project.already_started",
                N_("The project of proposal {number} is started already."),
                number=proposal.number,
            )
        event = proposal.apply(
            Action.START_PROJECT,
            by=member.id,
            capacities=frozenset({Capacity.COMMISSIONER}),
            at=ctx.clock.now(),
            comment=cmd.scope.strip(),
        )
        project = Project.start(
            proposal.id,
            group_key=key,
            scope=cmd.scope,
            budget=budget,
            owner_group=owner,
            leader=people[0].id,
            commissioner=who,
            by=member.id,
            at=ctx.clock.now(),
        )
        group = _appoint(ctx, proposal, key, owner, people, member.id)
        uow.groups.add(group)
        uow.projects.add(project)
        await uow.flush()
        await record(
            ctx,
            uow,
            member.id,
            "project.started",
            AuditSubject.proposal(proposal.id),
            {
                "group": key,
                "scope": project.scope,
                "budget": str(budget),
                "owner_group": owner,
                "leader": project.leader,
                "members": [p.id for p in people],
                "commissioner": who,
            },
        )
        await tell_submitter(ctx, uow, proposal, event, note={"group": group.name})
        await outbox.portfolio_changed(ctx, uow, proposal.id)
        await uow.commit()
    return project


def _appoint(
    ctx: Context, proposal: Proposal, key: str, owner: str, people: list[Member], by: str
) -> Group:
    name = translate(
        N_("Project group {number} {title}"),
        ctx.mandate.locale,
        number=proposal.number,
        title=proposal.title,
    )
    group = Group.establish(
        key, name[:200], BodyKind.PROSJEKTGRUPPE.value, owner, [], by=by, at=ctx.local_now()
    )
    for index, person in enumerate(people):
        role = Role.GROUP_LEADER if index == 0 else Role.MEMBER
        group.add_member(person.id, person.municipality, role.value, ctx.today(), by=by)
    return group


async def _running(uow: UnitOfWork, proposal_id: int) -> tuple[Proposal, Project, Group]:
    proposal = await uow.proposals.get(proposal_id)
    project = await uow.projects.for_proposal(proposal_id)
    group = await uow.groups.by_key(project.group_key)
    return proposal, project, group


@retry_on_conflict
async def post_status(ctx: Context, cmd: PostProjectStatus) -> Project:
    """A member of the project group posts the project's status with a comment."""
    member = ctx.mandate.member(cmd.actor)
    status = parse_status(cmd.status)
    require_clean_text(cmd.comment, Msg(N_("Comment")))
    async with ctx.unit() as uow:
        proposal, project, group = await _running(uow, cmd.proposal_id)
        policies.require_in_project_group(member, group, ctx.today())
        update = project.post_status(status, cmd.comment, by=member.id, at=ctx.clock.now())
        await uow.flush()
        await record(
            ctx,
            uow,
            member.id,
            "project.status_posted",
            AuditSubject.proposal(proposal.id),
            {"status": update.status.value, "comment": update.comment},
        )
        await outbox.portfolio_changed(ctx, uow, cmd.proposal_id)
        await uow.commit()
    return project


@retry_on_conflict
async def deliver(ctx: Context, cmd: DeliverProject) -> Project:
    """The project leader records the delivery; each planned benefit gets its follow-up dates."""
    member = ctx.mandate.member(cmd.actor)
    require_clean_text(cmd.note, Msg(N_("Comment")))
    async with ctx.unit() as uow:
        proposal, project, group = await _running(uow, cmd.proposal_id)
        policies.require_project_leader(member, project.leader, group, ctx.today())
        project.deliver(by=member.id, at=ctx.clock.now(), note=cmd.note)
        event = proposal.apply(
            Action.DELIVER,
            by=member.id,
            capacities=frozenset({Capacity.PROJECT_LEADER}),
            at=ctx.clock.now(),
            comment=cmd.note.strip(),
        )
        dues = benefit_due_dates(ctx.today())
        for followup in await uow.benefits.of_proposal(cmd.proposal_id):
            followup.schedule(dues)
        await record(
            ctx,
            uow,
            member.id,
            "project.delivered",
            AuditSubject.proposal(proposal.id),
            {"note": project.delivery_note, "follow_up": [d.isoformat() for d in dues]},
        )
        await tell_submitter(ctx, uow, proposal, event)
        await outbox.portfolio_changed(ctx, uow, cmd.proposal_id)
        await uow.commit()
    return project


def follow_up_dates(project: Project | None) -> list[date]:
    """The follow-up dates of a benefit planned for ``project`` (none before delivery)."""
    if project is None or project.delivered_at is None:
        return []
    return benefit_due_dates(project.delivered_at.date())


async def benefit_groups(
    uow: UnitOfWork, project: Project | None, owner: str | None
) -> list[Group | None]:
    """The owning group and the project group, as far as they are on record."""
    keys = [k for k in (owner, project.group_key if project else None) if k]
    return [await uow.groups.find_key(k) for k in keys]


def all_measured(followups: Sequence[BenefitFollowUp]) -> bool:
    return bool(followups) and all(f.measured_value is not None for f in followups)


async def enqueue_benefits_due(ctx: Context) -> list[Delivery]:
    """Remind the owning group of every benefit whose follow-up date has come (once per date):
    each active member of the owning group and the project leader, in personal chat."""
    today, now, created = ctx.today(), ctx.clock.now(), []
    async with ctx.bookkeeping() as uow:
        due = [(f, on) for f in await uow.benefits.all() if (on := f.reminder_due(today))]
        for followup, on in due:
            assert followup.id is not None
            project = await uow.projects.of_proposal(followup.proposal_id)
            proposal = await uow.proposals.get(followup.proposal_id)
            owner = project.owner_group if project else (proposal.owner_group or "")
            payload = {
                "proposal_id": followup.proposal_id,
                "followup_id": followup.id,
                "benefit": followup.benefit,
                "on": on.isoformat(),
                "owner_group": owner,
            }
            items = [
                benefit_due_notice(followup.id, on, member_recipient(m), payload, at=now)
                for m in await _owners(ctx, uow, owner, project, today)
            ]
            known = await uow.outbox.existing_once_keys(i.key for i in items)
            for item in items:
                if item.key not in known:
                    uow.outbox.add(item)
                    created.append(item)
            followup.reminded_for = on
        if due:
            await uow.commit()
    return created


async def _owners(
    ctx: Context, uow: UnitOfWork, owner: str, project: Project | None, today: date
) -> list[str]:
    found: list[str] = []
    group = await uow.groups.find_key(owner) if owner else None
    if group is not None:
        found += [m.member_id for m in group.active_members(today)]
    elif owner and ctx.mandate.is_body(owner):
        found += list(ctx.mandate.body(owner).members)
    if project is not None:
        found.append(project.leader)
    return list(dict.fromkeys(found))


async def of_proposal(ctx: Context, proposal_id: int) -> Project | None:
    async with ctx.reading() as uow:
        return await uow.projects.of_proposal(proposal_id)


async def all_projects(ctx: Context) -> list[Project]:
    async with ctx.reading() as uow:
        return await uow.projects.all()


__all__ = [
    "all_measured",
    "all_projects",
    "approval_of",
    "benefit_groups",
    "commissioner",
    "commissioning_member",
    "deliver",
    "enqueue_benefits_due",
    "follow_up_dates",
    "of_proposal",
    "post_status",
    "project_group_key",
    "start_project",
]


async def commissioning_member(ctx: Context, proposal_id: int) -> str:
    """The member who starts the project of ``proposal_id``: the approver, or the chair of the
    approving body."""
    async with ctx.reading() as uow:
        who = await commissioner(uow, ctx, proposal_id)
    if ctx.mandate.is_body(who):
        chair = ctx.mandate.body(who).chair
        if chair is None:
            raise NotFound(
                "project.no_commissioner",
                N_("{body} has no chair to start the project."),
                body=ctx.mandate.body(who).name,
            )
        return chair
    return who
