"""Use cases of the systems inventory (mandate rule 7): every fagsystem, the functions it covers,
its integrations and the group that owns it ("Utviklingsgruppene skal ha oversikt over alle
fagsystemer og integrasjoner med andre fagsystemer ... og hvilke funksjoner disse dekker", FARTT
task 7; "hvilke fagfelter med tilhørende systemer", ROR-IKT).

The chair keeps the inventory, and so do the members of the group that owns a system. A system
registered with an owner joins that group's scope (``Group.systems``) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from governance.domain.errors import InvalidInput
from governance.domain.groups import Group
from governance.domain.subjects import AuditSubject
from governance.domain.systems import Integration, Inventory, System, check_integration
from governance.i18n import N_
from governance.ports import UnitOfWork
from governance.services import policies
from governance.services.commands import RegisterIntegration, RegisterSystem, RetireSystem
from governance.services.context import Context, record, retry_on_conflict


@dataclass(frozen=True)
class Seeded:
    """What ``seed_inventory`` added (nothing when run a second time)."""

    systems: list[System] = field(default_factory=list)
    integrations: list[Integration] = field(default_factory=list)


def _clean(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(value.strip() for value in values if value.strip()))


@retry_on_conflict
async def seed_inventory(ctx: Context, actor: str = "system") -> Seeded:
    """Store the systems and integrations of the mandate file that are not stored yet."""
    async with ctx.unit() as uow:
        keys = {system.key for system in await uow.systems.all()}
        links = {(i.source, i.target) for i in await uow.systems.integrations()}
        seeded = Seeded(
            [System.from_spec(spec) for spec in ctx.mandate.systems if spec.id not in keys],
            [
                Integration.from_spec(spec)
                for spec in ctx.mandate.integrations
                if (spec.source, spec.target) not in links
            ],
        )
        for system in seeded.systems:
            uow.systems.add(system)
        for integration in seeded.integrations:
            uow.systems.add_integration(integration)
        if seeded.systems or seeded.integrations:
            await uow.flush()
            await record(
                ctx,
                uow,
                actor,
                "inventory.seeded",
                AuditSubject.cooperation(ctx.mandate.id),
                {
                    "systems": [s.key for s in seeded.systems],
                    "integrations": [[i.source, i.target] for i in seeded.integrations],
                },
            )
            await uow.commit()
    return seeded


async def _owners(uow: UnitOfWork, *systems: System) -> list[Group]:
    found = [await uow.groups.find_key(s.owner_body) for s in systems if s.owner_body]
    return [group for group in found if group is not None]


def _require_key_and_name(key: str, name: str) -> None:
    """A key is a slug without spaces (it names the system in integrations and scopes)."""
    if not key or any(char.isspace() for char in key) or not name:
        raise InvalidInput("system.key_and_name_required", N_("A system needs a key and a name."))


@retry_on_conflict
async def register_system(ctx: Context, cmd: RegisterSystem) -> System:
    """Add a system to the inventory; with an owner it joins that (open) group's scope."""
    actor, key, name, vendor, functions, owner_body, municipalities = (
        cmd.actor,
        cmd.key,
        cmd.name,
        cmd.vendor,
        cmd.functions,
        cmd.owner_body,
        cmd.municipalities,
    )
    member, key, name = ctx.mandate.member(actor), key.strip(), name.strip()
    _require_key_and_name(key, name)
    used_by = sorted({ctx.mandate.municipality(m).id for m in municipalities})
    async with ctx.unit() as uow:
        owner = await uow.groups.by_key(owner_body) if owner_body else None
        policies.require_may_maintain_system(
            member, ctx.mandate, [owner] if owner else [], ctx.today()
        )
        if await uow.systems.find_key(key) is not None:
            raise InvalidInput("system.key_taken", N_("There is already a system {key}."), key=key)
        system = System(
            key, name, vendor.strip(), _clean(functions), owner.key if owner else None, used_by
        )
        if owner is not None:
            owner.define_scope(owner.fields, [*owner.systems, key])
        uow.systems.add(system)
        await uow.flush()
        await record(
            ctx,
            uow,
            actor,
            "system.registered",
            AuditSubject.system(key),
            {
                "name": name,
                "owner": system.owner_body,
                "functions": system.functions,
                "municipalities": used_by,
            },
        )
        await uow.commit()
    return system


@retry_on_conflict
async def register_integration(ctx: Context, cmd: RegisterIntegration) -> Integration:
    """Record that ``source`` sends data to ``target``; both must be known and in use, the
    integration new (``check_integration``)."""
    actor, source, target, description = cmd.actor, cmd.source, cmd.target, cmd.description
    member = ctx.mandate.member(actor)
    async with ctx.unit() as uow:
        inventory = await _load(uow)
        ends = (inventory.get(source), inventory.get(target))
        policies.require_may_maintain_system(
            member, ctx.mandate, await _owners(uow, *ends), ctx.today()
        )
        check_integration(inventory, source, target)
        integration = Integration(source, target, description.strip())
        uow.systems.add_integration(integration)
        await uow.flush()
        await record(
            ctx,
            uow,
            actor,
            "integration.registered",
            AuditSubject.system(source),
            {
                "source": source,
                "target": target,
                "description": integration.description,
            },
        )
        await uow.commit()
    return integration


@retry_on_conflict
async def retire_system(ctx: Context, cmd: RetireSystem) -> System:
    """Mark a system as no longer in use; it stays in the inventory (and its scope) as history."""
    actor, key = cmd.actor, cmd.key
    member = ctx.mandate.member(actor)
    async with ctx.unit() as uow:
        system = await uow.systems.by_key(key)
        policies.require_may_maintain_system(
            member, ctx.mandate, await _owners(uow, system), ctx.today()
        )
        system.retire(ctx.clock.now())
        await record(
            ctx,
            uow,
            actor,
            "system.retired",
            AuditSubject.system(key),
            {"owner": system.owner_body},
        )
        await uow.commit()
    return system


async def _load(uow: UnitOfWork) -> Inventory:
    return Inventory(await uow.systems.all(), await uow.systems.integrations())


async def inventory(ctx: Context) -> Inventory:
    """Every stored system and integration, for the pure queries of ``Inventory``."""
    async with ctx.reading() as uow:
        return await _load(uow)


async def system(ctx: Context, key: str) -> System:
    async with ctx.reading() as uow:
        return await uow.systems.by_key(key)


async def owned_by(ctx: Context, body_id: str) -> list[System]:
    """The systems in use that the group owns, in Norwegian alphabetical order."""
    return (await inventory(ctx)).owned_by(body_id)


async def integrates_with(ctx: Context, key: str) -> list[System]:
    """The systems in use at the other end of the system's integrations."""
    return (await inventory(ctx)).integrates_with(key)


async def search(ctx: Context, text: str) -> list[System]:
    """Systems in use whose name, vendor or functions contain every word of ``text``."""
    return (await inventory(ctx)).search(text)
