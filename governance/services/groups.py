"""Use cases of groups (mandate rule 6): the committee establishes and follows up the faggrupper
and defines "hvilke fagfelter med tilhørende systemer som hører til under de ulike faggruppene";
"Faggruppene kan velge å opprette arbeids- eller prosjektgrupper"; members are replaced by the
rådmann of their municipality "i samråd med styret"; utviklingsgrupper "årlig velge leder", and
their IKT-medarbeider "skal ikke lede gruppa" (FARTT tasks 4 to 6).

A group's systems and ``System.owner_body`` are kept in step: defining a group's scope makes it
the owner of the systems listed, and closing a group leaves its systems without owner.
"""

from __future__ import annotations

from governance.domain.elections import ict_staffer_of
from governance.domain.errors import InvalidInput, InvalidTransition, NotFound
from governance.domain.groups import GROUP_KINDS, Group
from governance.domain.organisation import Body, Role
from governance.domain.subjects import AuditSubject
from governance.domain.systems import System
from governance.i18n import N_
from governance.ports import UnitOfWork
from governance.services import policies
from governance.services.commands import (
    AddGroupMember,
    CloseGroup,
    DefineScope,
    EstablishGroup,
    RecordLeader,
    ReplaceGroupMember,
)
from governance.services.context import Context, record, retry_on_conflict


def _body(ctx: Context, key: str) -> Body | None:
    return next((body for body in ctx.mandate.bodies if body.id == key), None)


def _seed_role(body: Body, member_id: str) -> str:
    if member_id == body.ict_staffer:
        return Role.ICT_STAFFER.value
    return Role.GROUP_LEADER.value if member_id == body.chair else Role.MEMBER.value


def _seeded(ctx: Context, body: Body, actor: str) -> Group:
    """The group of a body of the mandate file, with its members from today and its systems."""
    group = Group.from_body(body, by=actor, at=ctx.local_now())
    group.define_scope(group.fields, [s.id for s in ctx.mandate.systems if s.owner == body.id])
    for member in (ctx.mandate.member(member_id) for member_id in body.members):
        group.add_member(
            member.id, member.municipality, _seed_role(body, member.id), ctx.today(), by=actor
        )
    return group


@retry_on_conflict
async def seed_groups(ctx: Context, actor: str = "system") -> list[Group]:
    """Create a group for every group body of the mandate file; groups that exist already are
    left as they are, so seeding twice changes nothing."""
    async with ctx.unit() as uow:
        existing = {group.key for group in await uow.groups.all()}
        created = [
            _seeded(ctx, body, actor)
            for body in ctx.mandate.bodies
            if body.kind in GROUP_KINDS and body.id not in existing
        ]
        for group in created:
            uow.groups.add(group)
        if created:
            await uow.flush()
            await record(
                ctx,
                uow,
                actor,
                "groups.seeded",
                AuditSubject.cooperation(ctx.mandate.id),
                {"groups": [group.key for group in created]},
            )
            await uow.commit()
    return created


async def parent_group(ctx: Context, uow: UnitOfWork, key: str | None) -> Group | None:
    """The open parent group, or None when the parent is a body such as the committee."""
    if not key:
        return None
    group = await uow.groups.find_key(key)
    if group is not None:
        if group.is_closed:
            raise InvalidTransition(
                "group.parent_closed", N_("The parent group {key} is closed."), key=key
            )
        return group
    body = _body(ctx, key)
    if body is None or body.kind in GROUP_KINDS:
        raise NotFound(
            "group.parent_not_found",
            N_("There is no open group or body {key} to belong to."),
            key=key,
        )
    return None


@retry_on_conflict
async def establish_group(ctx: Context, cmd: EstablishGroup) -> Group:
    """Establish a group (chair; a faggruppe's leader for its project and working groups)."""
    actor, key, name, kind, parent, fields = (
        cmd.actor,
        cmd.key,
        cmd.name,
        cmd.kind,
        cmd.parent,
        cmd.fields,
    )
    member, key = ctx.mandate.member(actor), key.strip()
    async with ctx.unit() as uow:
        parent_of = await parent_group(ctx, uow, parent)
        policies.require_may_establish_group(member, ctx.mandate, kind, parent_of, ctx.today())
        if await uow.groups.find_key(key) is not None or _body(ctx, key) is not None:
            raise InvalidInput("group.key_taken", N_("There is already a group {key}."), key=key)
        group = Group.establish(key, name, kind, parent, fields, by=actor, at=ctx.local_now())
        uow.groups.add(group)
        await uow.flush()
        await record(
            ctx,
            uow,
            actor,
            "group.established",
            AuditSubject.group(group.key),
            {
                "name": group.name,
                "kind": group.kind,
                "parent": group.parent,
                "fields": group.fields,
            },
        )
        await uow.commit()
    return group


async def _managed(ctx: Context, uow: UnitOfWork, actor: str, key: str) -> Group:
    """Load a group the actor may manage (chair, or the leader of the parent faggruppe)."""
    group = await uow.groups.by_key(key)
    parent = await uow.groups.find_key(group.parent) if group.parent else None
    policies.require_may_manage_group(
        ctx.mandate.member(actor), ctx.mandate, group, parent, ctx.today()
    )
    return group


@retry_on_conflict
async def close_group(ctx: Context, cmd: CloseGroup) -> Group:
    """Close a group without open subgroups; its memberships end and its systems lose owner."""
    actor, key = cmd.actor, cmd.key
    async with ctx.unit() as uow:
        group = await _managed(ctx, uow, actor, key)
        open_children = [g.key for g in await uow.groups.children_of(key) if not g.is_closed]
        if open_children:
            raise InvalidTransition(
                "group.has_open_subgroups",
                N_("Close the groups under {key} first: {groups}."),
                key=key,
                groups=", ".join(open_children),
            )
        group.close(by=actor, at=ctx.local_now())
        for system in await uow.systems.owned_by(key):
            system.owner_body = None
        await record(
            ctx, uow, actor, "group.closed", AuditSubject.group(key), {"systems": group.systems}
        )
        await uow.commit()
    return group


@retry_on_conflict
async def define_scope(ctx: Context, cmd: DefineScope) -> Group:
    """The committee (chair) sets a group's fields and systems; the group owns those systems."""
    actor, key, fields, systems = cmd.actor, cmd.key, cmd.fields, cmd.systems
    policies.require_chair(ctx.mandate.member(actor), ctx.mandate)
    async with ctx.unit() as uow:
        group = await uow.groups.by_key(key)
        before = list(group.systems)
        inventory = {system.key: system for system in await uow.systems.all()}
        group.define_scope(fields, systems)
        for system_key in group.systems:
            _check_scope_system(inventory, system_key, group.key, before)
        for system in inventory.values():
            if system.key in group.systems:
                system.owner_body = group.key
            elif system.owner_body == group.key:
                system.owner_body = None
        await record(
            ctx,
            uow,
            actor,
            "group.scope_defined",
            AuditSubject.group(key),
            {"fields": group.fields, "systems": group.systems, "before": before},
        )
        await uow.commit()
    return group


def _check_scope_system(
    inventory: dict[str, System], key: str, owner: str, before: list[str]
) -> None:
    """A system of the scope exists, is owned by no other group, and is in use (a retired one
    may stay in the scope it already had)."""
    system = inventory.get(key)
    if system is None:
        raise NotFound("system.not_found", N_("Unknown system: {key}."), key=key)
    if system.owner_body not in (None, owner):
        raise InvalidInput(
            "group.system_owned_elsewhere",
            N_("System {key} belongs to {owner}."),
            key=key,
            owner=system.owner_body,
        )
    if system.is_retired and key not in before:
        raise InvalidInput("system.retired", N_("System {key} is retired."), key=key)


@retry_on_conflict
async def add_member(ctx: Context, cmd: AddGroupMember) -> Group:
    """Add a member of the cooperation to a group (chair; parent faggruppe's leader)."""
    actor, key, member_id, role, from_date, note = (
        cmd.actor,
        cmd.key,
        cmd.member_id,
        cmd.role,
        cmd.from_date,
        cmd.note,
    )
    newcomer = ctx.mandate.member(member_id)
    async with ctx.unit() as uow:
        group = await _managed(ctx, uow, actor, key)
        start = from_date or ctx.today()
        group.add_member(newcomer.id, newcomer.municipality, role, start, by=actor, note=note)
        await record(
            ctx,
            uow,
            actor,
            "group.member_added",
            AuditSubject.group(key),
            {
                "member": newcomer.id,
                "municipality": newcomer.municipality,
                "role": role,
                "from": start.isoformat(),
            },
        )
        await uow.commit()
    return group


@retry_on_conflict
async def replace_member(ctx: Context, cmd: ReplaceGroupMember) -> Group:
    """Replace ``old`` by ``new`` from ``on`` (default today), keeping role and municipality:
    the chief executive of that municipality does it (with the board), or the chair records it.
    The successor must sit for the same municipality; the old membership is kept as history."""
    actor, key, old, new, on, note = cmd.actor, cmd.key, cmd.old, cmd.new, cmd.on, cmd.note
    member, successor = ctx.mandate.member(actor), ctx.mandate.member(new)
    day = on or ctx.today()
    async with ctx.unit() as uow:
        group = await uow.groups.by_key(key)
        current = group.membership_of(old, day)
        municipality = current.municipality if current is not None else None
        policies.require_may_replace_member(member, ctx.mandate, municipality)
        if current is not None and successor.municipality != municipality:
            raise InvalidInput(
                "group.successor_other_municipality",
                N_("{member} does not sit for the same municipality as {old}."),
                member=successor.name,
                old=old,
            )
        group.replace_member(old, successor.id, day, by=actor, note=note)
        await record(
            ctx,
            uow,
            actor,
            "group.member_replaced",
            AuditSubject.group(key),
            {
                "old": old,
                "new": successor.id,
                "on": day.isoformat(),
                "note": note.strip(),
            },
        )
        await uow.commit()
    return group


def require_election_year(ctx: Context, year: int) -> None:
    """A development group elects its leader for this year or the next (FARTT task 5)."""
    today = ctx.today()
    if year not in (today.year, today.year + 1):
        raise InvalidInput(
            "group.election_year",
            N_("A leader is elected for {this} or {next}, not {year}."),
            this=today.year,
            next=today.year + 1,
            year=year,
        )


@retry_on_conflict
async def elect_leader(ctx: Context, cmd: RecordLeader) -> Group:
    """Record the leader a development group elected for this year or the next (the chair or the
    group's own members record it); the group's ICT staffer may not lead."""
    actor, group_key, member_id, year = cmd.actor, cmd.group_key, cmd.member_id, cmd.year
    member = ctx.mandate.member(actor)
    require_election_year(ctx, year)
    async with ctx.unit() as uow:
        group = await uow.groups.by_key(group_key)
        policies.require_may_record_election(member, ctx.mandate, group, ctx.today())
        group.elect_leader(
            member_id,
            year,
            by=actor,
            at=ctx.local_now(),
            ict_staffer=ict_staffer_of(ctx.mandate, group_key),
        )
        await record(
            ctx,
            uow,
            actor,
            "group.leader_elected",
            AuditSubject.group(group_key),
            {"leader": member_id, "year": year},
        )
        await uow.commit()
    return group


async def group(ctx: Context, key: str) -> Group:
    async with ctx.reading() as uow:
        return await uow.groups.by_key(key)


async def groups(ctx: Context) -> list[Group]:
    async with ctx.reading() as uow:
        return await uow.groups.all()


async def subgroups(ctx: Context, key: str) -> list[Group]:
    """The project and working groups (and any other groups) that belong to ``key``."""
    async with ctx.reading() as uow:
        return await uow.groups.children_of(key)
