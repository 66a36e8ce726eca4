"""The systems inventory on the fake unit of work (mandate rule 7): seeded from the mandate
file, kept by the chair and the owning groups, queried for owners, integrations and functions."""

from __future__ import annotations

from typing import Any

import pytest

from governance.services import groups, systems
from governance.services.commands import (
    CloseGroup,
    RegisterIntegration,
    RegisterSystem,
    RetireSystem,
)
from governance.services.context import Context
from tests.fakes.uow import FakeDatabase
from tests.integration.helpers import BESTILLERE, CHAIR
from tests.unit.services.helpers import audit_count, refused

HELSE_MEMBER, OPPVEKST_MEMBER = "fg-helse-aukra", "fg-oppvekst-rauma"


def keys(found: list[Any]) -> list[str]:
    return [system.key for system in found]


@pytest.fixture
async def seeded(ctx: Context) -> Context:
    await systems.seed_inventory(ctx)
    await groups.seed_groups(ctx)
    return ctx


# --- seeding and queries -----------------------------------------------------------------------


async def test_the_inventory_is_seeded_once_from_the_mandate(ctx: Context) -> None:
    start = await audit_count(ctx)
    seeded = await systems.seed_inventory(ctx)
    assert len(seeded.systems) == 6 and len(seeded.integrations) == 6
    assert await audit_count(ctx) == start + 1
    again = await systems.seed_inventory(ctx)
    assert (again.systems, again.integrations) == ([], [])
    assert await audit_count(ctx) == start + 1
    inventory = await systems.inventory(ctx)
    assert [s.name for s in inventory.systems()] == [
        "Acos WebSak",
        "Gerica",
        "ISY WinMap og ISY Eiendom",
        "Profil",
        "Visma Enterprise",
        "Visma Flyt Skole",
    ]
    gerica = inventory.get("gerica")
    assert (gerica.vendor, gerica.owner_body, gerica.municipalities) == (
        "Tietoevry",
        "faggruppe-helse",
        ["aukra", "molde"],
    )
    assert len(inventory.integrations()) == 6


async def test_owners_integrations_and_search(seeded: Context) -> None:
    assert keys(await systems.owned_by(seeded, "faggruppe-helse")) == ["gerica", "profil"]
    assert keys(await systems.integrates_with(seeded, "visma-enterprise")) == [
        "acos-websak",
        "gerica",
        "profil",
        "visma-flyt-skole",
    ]
    assert keys(await systems.search(seeded, "pasientjournal")) == ["gerica", "profil"]
    assert keys(await systems.search(seeded, "MOTEBEHANDLING")) == ["acos-websak"]
    assert keys(await systems.search(seeded, "visma lønn")) == ["visma-enterprise"]
    assert await systems.search(seeded, "  ") == []
    inventory = await systems.inventory(seeded)
    assert keys(inventory.used_by("rauma")) == [
        "acos-websak",
        "isy",
        "profil",
        "visma-enterprise",
        "visma-flyt-skole",
    ]
    assert keys(inventory.covering("eiendomsskatt")) == ["isy"]


# --- registering systems --------------------------------------------------------------------


async def test_the_chair_registers_a_system_that_joins_its_group(seeded: Context) -> None:
    start = await audit_count(seeded)
    system = await systems.register_system(
        seeded,
        RegisterSystem(
            CHAIR,
            "digitalt-tilsyn",
            "Digitalt tilsyn",
            "Vendor AS",
            [" trygghetsalarm ", "sensorer", "trygghetsalarm"],
            "faggruppe-helse",
            ["rauma", "aukra", "rauma"],
        ),
    )
    assert (system.functions, system.municipalities) == (
        ["trygghetsalarm", "sensorer"],
        ["aukra", "rauma"],
    )
    assert await audit_count(seeded) == start + 1
    assert (await groups.group(seeded, "faggruppe-helse")).systems == [
        "gerica",
        "profil",
        "digitalt-tilsyn",
    ]
    assert keys(await systems.search(seeded, "trygghetsalarm")) == ["digitalt-tilsyn"]


async def test_a_member_of_the_owning_group_registers_its_system(seeded: Context) -> None:
    system = await systems.register_system(
        seeded,
        RegisterSystem(
            HELSE_MEMBER, "medikamentrobot", "Medisinrobot", owner_body="faggruppe-helse"
        ),
    )
    assert system.owner_body == "faggruppe-helse"


async def test_a_system_without_owner_is_registered_by_the_chair(seeded: Context) -> None:
    system = await systems.register_system(seeded, RegisterSystem(CHAIR, "m365", "Microsoft 365"))
    assert (system.owner_body, system.functions, system.municipalities) == (None, [], [])


@pytest.mark.parametrize(
    ("actor", "key", "name", "owner", "municipalities", "code"),
    [
        pytest.param(
            OPPVEKST_MEMBER,
            "ny",
            "Ny",
            "faggruppe-helse",
            [],
            "policy.cannot_maintain_system",
            id="member-of-another-group",
        ),
        pytest.param(
            BESTILLERE["molde"],
            "ny",
            "Ny",
            None,
            [],
            "policy.cannot_maintain_system",
            id="bestiller-without-owner",
        ),
        pytest.param(
            CHAIR, "gerica", "Gerica 2", "faggruppe-helse", [], "system.key_taken", id="key-taken"
        ),
        pytest.param(
            CHAIR, "ny system", "Ny", None, [], "system.key_and_name_required", id="space-in-key"
        ),
        pytest.param(CHAIR, "ny", " ", None, [], "system.key_and_name_required", id="no-name"),
        pytest.param(
            CHAIR, "ny", "Ny", "faggruppe-ukjent", [], "group.not_found", id="unknown-owner"
        ),
        pytest.param(
            CHAIR, "ny", "Ny", None, ["oslo"], "municipality.not_found", id="unknown-municipality"
        ),
    ],
)
async def test_registering_a_system_is_refused(
    seeded: Context,
    db: FakeDatabase,
    actor: str,
    key: str,
    name: str,
    owner: str | None,
    municipalities: list[str],
    code: str,
) -> None:
    await refused(
        seeded,
        db,
        code,
        systems.register_system(
            seeded,
            RegisterSystem(actor, key, name, owner_body=owner, municipalities=municipalities),
        ),
    )


async def test_a_closed_group_owns_no_new_system(seeded: Context, db: FakeDatabase) -> None:
    await groups.close_group(seeded, CloseGroup(CHAIR, "faggruppe-geodata"))
    await refused(
        seeded,
        db,
        "group.closed",
        systems.register_system(
            seeded, RegisterSystem(CHAIR, "ny", "Ny", owner_body="faggruppe-geodata")
        ),
    )


# --- integrations and retirement --------------------------------------------------------------


async def test_an_integration_is_registered_once(seeded: Context, db: FakeDatabase) -> None:
    start = await audit_count(seeded)
    integration = await systems.register_integration(
        seeded,
        RegisterIntegration(HELSE_MEMBER, "gerica", "acos-websak", " Journalnotat til arkiv "),
    )
    assert integration.description == "Journalnotat til arkiv"
    assert await audit_count(seeded) == start + 1
    assert "acos-websak" in keys(await systems.integrates_with(seeded, "gerica"))
    await refused(
        seeded,
        db,
        "system.integration_exists",
        systems.register_integration(seeded, RegisterIntegration(CHAIR, "gerica", "acos-websak")),
    )


@pytest.mark.parametrize(
    ("actor", "source", "target", "code"),
    [
        pytest.param(CHAIR, "gerica", "gerica", "system.self_integration", id="itself"),
        pytest.param(CHAIR, "gerica", "ukjent", "system.not_found", id="unknown-target"),
        pytest.param(CHAIR, "profil", "acos-websak", "system.retired", id="retired-source"),
        pytest.param(
            OPPVEKST_MEMBER,
            "gerica",
            "isy",
            "policy.cannot_maintain_system",
            id="member-of-neither-owner",
        ),
    ],
)
async def test_registering_an_integration_is_refused(
    seeded: Context, db: FakeDatabase, actor: str, source: str, target: str, code: str
) -> None:
    await systems.retire_system(seeded, RetireSystem(CHAIR, "profil"))
    await refused(
        seeded,
        db,
        code,
        systems.register_integration(seeded, RegisterIntegration(actor, source, target)),
    )


async def test_a_retired_system_stays_as_history_but_leaves_the_queries(
    seeded: Context, db: FakeDatabase
) -> None:
    start = await audit_count(seeded)
    retired = await systems.retire_system(seeded, RetireSystem(HELSE_MEMBER, "profil"))
    assert retired.retired_at == seeded.clock.now()
    assert await audit_count(seeded) == start + 1
    assert keys(await systems.owned_by(seeded, "faggruppe-helse")) == ["gerica"]
    assert "profil" not in keys(await systems.search(seeded, "pasientjournal"))
    inventory = await systems.inventory(seeded)
    assert "profil" in keys(inventory.systems(include_retired=True))
    await refused(
        seeded,
        db,
        "system.already_retired",
        systems.retire_system(seeded, RetireSystem(CHAIR, "profil")),
    )
    await refused(
        seeded,
        db,
        "policy.cannot_maintain_system",
        systems.retire_system(seeded, RetireSystem(OPPVEKST_MEMBER, "gerica")),
    )
    await refused(
        seeded, db, "system.not_found", systems.retire_system(seeded, RetireSystem(CHAIR, "ukjent"))
    )
