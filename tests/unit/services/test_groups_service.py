"""Groups on the fake unit of work (mandate rule 6): seeding from the mandate file,
establishing and closing groups, their fields and systems, members replaced with history, and
the yearly leader election of FARTT's utviklingsgrupper."""

from __future__ import annotations

from datetime import date

import pytest

from governance.domain.groups import Group
from governance.domain.organisation import Mandate
from governance.services import groups, systems
from governance.services.commands import (
    AddGroupMember,
    CloseGroup,
    DefineScope,
    EstablishGroup,
    RecordLeader,
    ReplaceGroupMember,
    RetireSystem,
)
from governance.services.context import Context, FixedClock
from tests.fakes.uow import FakeDatabase
from tests.integration.helpers import BESTILLERE, CHAIR
from tests.unit.services.helpers import audit_count, refused

TODAY = date(2027, 1, 11)
HELSE_LEADER, HELSE_MEMBER = "fg-helse-leder", "fg-helse-aukra"


def active(group: Group) -> dict[str, str]:
    return {m.member_id: m.role for m in group.active_members(TODAY)}


@pytest.fixture
async def seeded(ctx: Context) -> Context:
    await systems.seed_inventory(ctx)
    await groups.seed_groups(ctx)
    return ctx


@pytest.fixture
async def fartt(fartt_mandate: Mandate, db: FakeDatabase, clock: FixedClock) -> Context:
    ctx = Context(fartt_mandate, db.unit, clock)
    await groups.seed_groups(ctx)
    return ctx


# --- seeding ------------------------------------------------------------------------------------


async def test_seeding_creates_the_groups_of_the_mandate_once(ctx: Context) -> None:
    start = await audit_count(ctx)
    created = await groups.seed_groups(ctx)
    assert [g.key for g in created] == [
        "faggruppe-helse",
        "faggruppe-oppvekst",
        "faggruppe-okonomi",
        "faggruppe-geodata",
        "faggruppe-arkiv",
        "digitaliseringsgruppe-molde",
    ]
    assert await audit_count(ctx) == start + 1
    assert await groups.seed_groups(ctx) == []
    assert await audit_count(ctx) == start + 1

    helse = await groups.group(ctx, "faggruppe-helse")
    assert (helse.kind, helse.parent, helse.established_by) == (
        "faggruppe",
        "bestillerutvalget",
        "system",
    )
    assert active(helse) == {
        HELSE_LEADER: "group_leader",
        HELSE_MEMBER: "member",
        "ror-fagsystem": "member",
    }
    assert {m.member_id: m.municipality for m in helse.memberships}[HELSE_MEMBER] == "aukra"
    assert helse.systems == ["gerica", "profil"]
    assert "velferdsteknologi" in helse.fields
    assert len(await groups.groups(ctx)) == 6


async def test_seeding_fartt_marks_the_ict_staffer(fartt: Context) -> None:
    helse = await groups.group(fartt, "ug-helse")
    assert active(helse)["ikt-helse"] == "ict_staffer"
    assert active(helse)["ug-helse-tynset"] == "group_leader"
    assert (await groups.group(fartt, "forprosjektgruppa")).parent == "styret"


# --- establishing and closing ------------------------------------------------------------------


async def test_the_chair_establishes_a_faggruppe_and_its_leader_a_project_group(
    seeded: Context,
) -> None:
    start = await audit_count(seeded)
    plan = await groups.establish_group(
        seeded,
        EstablishGroup(
            CHAIR,
            "faggruppe-plan",
            "Faggruppe plan",
            "faggruppe",
            "bestillerutvalget",
            ["plan og byggesak"],
        ),
    )
    project = await groups.establish_group(
        seeded,
        EstablishGroup(
            HELSE_LEADER,
            "pg-velferdsteknologi",
            "Prosjektgruppe velferdsteknologi",
            "prosjektgruppe",
            "faggruppe-helse",
        ),
    )
    assert (plan.established_by, plan.fields) == (CHAIR, ["plan og byggesak"])
    assert (project.parent, project.established_by) == ("faggruppe-helse", HELSE_LEADER)
    assert await audit_count(seeded) == start + 2
    assert [g.key for g in await groups.subgroups(seeded, "faggruppe-helse")] == [
        "pg-velferdsteknologi"
    ]


async def test_the_board_appoints_and_staffs_a_project_group(
    fartt: Context, db: FakeDatabase
) -> None:
    group = await groups.establish_group(
        fartt,
        EstablishGroup(
            "styre-fartt-1", "pg-ny-epj", "Prosjektgruppe ny EPJ", "prosjektgruppe", "styret"
        ),
    )
    assert group.parent == "styret"
    staffed = await groups.add_member(
        fartt, AddGroupMember("styreleder-fartt", "pg-ny-epj", "ikt-helse")
    )
    assert active(staffed) == {"ikt-helse": "member"}
    await refused(
        fartt,
        db,
        "policy.cannot_manage_group",
        groups.add_member(fartt, AddGroupMember("styre-fartt-1", "ug-helse", "rep-tynset")),
    )


@pytest.mark.parametrize(
    ("actor", "key", "kind", "parent", "code"),
    [
        pytest.param(
            HELSE_LEADER,
            "pg-x",
            "prosjektgruppe",
            "faggruppe-oppvekst",
            "policy.cannot_establish_group",
            id="leader-of-another-faggruppe",
        ),
        pytest.param(
            HELSE_MEMBER,
            "pg-x",
            "arbeidsgruppe",
            "faggruppe-helse",
            "policy.cannot_establish_group",
            id="member-not-leader",
        ),
        pytest.param(
            HELSE_LEADER,
            "fg-x",
            "faggruppe",
            "faggruppe-helse",
            "policy.cannot_establish_group",
            id="leader-makes-a-faggruppe",
        ),
        pytest.param(
            BESTILLERE["molde"],
            "fg-x",
            "faggruppe",
            "bestillerutvalget",
            "policy.cannot_establish_group",
            id="bestiller",
        ),
        pytest.param(
            "styre-ror-1",
            "ag-x",
            "arbeidsgruppe",
            "styret",
            "policy.cannot_establish_group",
            id="board-makes-a-working-group",
        ),
        pytest.param(
            CHAIR,
            "pg-x",
            "prosjektgruppe",
            "faggruppe-ukjent",
            "group.parent_not_found",
            id="unknown-parent",
        ),
        pytest.param(
            CHAIR, "pg-x", "prosjektgruppe", None, "group.parent_required", id="no-parent"
        ),
        pytest.param(
            CHAIR,
            "faggruppe-helse",
            "faggruppe",
            "bestillerutvalget",
            "group.key_taken",
            id="key-of-a-group",
        ),
        pytest.param(
            CHAIR, "styret", "faggruppe", "bestillerutvalget", "group.key_taken", id="key-of-a-body"
        ),
        pytest.param(
            CHAIR,
            "fg-x",
            "styret",
            "bestillerutvalget",
            "group.invalid_kind",
            id="not-a-group-kind",
        ),
    ],
)
async def test_establishing_is_refused(
    seeded: Context,
    db: FakeDatabase,
    actor: str,
    key: str,
    kind: str,
    parent: str | None,
    code: str,
) -> None:
    await refused(
        seeded,
        db,
        code,
        groups.establish_group(seeded, EstablishGroup(actor, key, "Ny gruppe", kind, parent)),
    )


async def test_closing_waits_for_open_subgroups_and_releases_the_systems(
    seeded: Context, db: FakeDatabase
) -> None:
    await groups.establish_group(
        seeded,
        EstablishGroup(
            HELSE_LEADER, "pg-epj", "Prosjektgruppe EPJ", "prosjektgruppe", "faggruppe-helse"
        ),
    )
    await refused(
        seeded,
        db,
        "group.has_open_subgroups",
        groups.close_group(seeded, CloseGroup(CHAIR, "faggruppe-helse")),
    )
    await refused(
        seeded,
        db,
        "policy.cannot_manage_group",
        groups.close_group(seeded, CloseGroup(HELSE_MEMBER, "pg-epj")),
    )
    await refused(
        seeded,
        db,
        "policy.cannot_manage_group",
        groups.close_group(seeded, CloseGroup(HELSE_LEADER, "faggruppe-helse")),
    )
    start = await audit_count(seeded)
    await groups.close_group(seeded, CloseGroup(HELSE_LEADER, "pg-epj"))
    closed = await groups.close_group(seeded, CloseGroup(CHAIR, "faggruppe-helse"))
    assert await audit_count(seeded) == start + 2
    assert closed.is_closed and active(closed) == {}
    assert all(m.to_date == TODAY for m in closed.memberships)
    assert [s.key for s in await systems.owned_by(seeded, "faggruppe-helse")] == []
    assert (await systems.system(seeded, "gerica")).owner_body is None
    await refused(
        seeded, db, "group.closed", groups.close_group(seeded, CloseGroup(CHAIR, "faggruppe-helse"))
    )
    await refused(
        seeded,
        db,
        "group.parent_closed",
        groups.establish_group(
            seeded, EstablishGroup(CHAIR, "pg-y", "Ny", "prosjektgruppe", "faggruppe-helse")
        ),
    )


# --- fields and systems -------------------------------------------------------------------------


async def test_the_committee_moves_a_system_between_faggrupper(seeded: Context) -> None:
    start = await audit_count(seeded)
    helse = await groups.define_scope(
        seeded,
        DefineScope(CHAIR, "faggruppe-helse", ["helse og omsorg", "legetjenester"], ["gerica"]),
    )
    assert (helse.fields, helse.systems) == (["helse og omsorg", "legetjenester"], ["gerica"])
    assert (await systems.system(seeded, "profil")).owner_body is None
    okonomi = await groups.define_scope(
        seeded,
        DefineScope(CHAIR, "faggruppe-okonomi", ["regnskap"], ["visma-enterprise", "profil"]),
    )
    assert okonomi.systems == ["visma-enterprise", "profil"]
    assert [s.key for s in await systems.owned_by(seeded, "faggruppe-okonomi")] == [
        "profil",
        "visma-enterprise",
    ]
    assert await audit_count(seeded) == start + 2
    assert (await groups.group(seeded, "faggruppe-helse")).systems == ["gerica"]


@pytest.mark.parametrize(
    ("actor", "system_keys", "code"),
    [
        pytest.param(HELSE_LEADER, ["gerica"], "policy.chair_only", id="group-leader"),
        pytest.param(CHAIR, ["gerica", "ukjent"], "system.not_found", id="unknown-system"),
        pytest.param(
            CHAIR,
            ["gerica", "visma-enterprise"],
            "group.system_owned_elsewhere",
            id="owned-by-another-group",
        ),
    ],
)
async def test_defining_the_scope_is_refused(
    seeded: Context, db: FakeDatabase, actor: str, system_keys: list[str], code: str
) -> None:
    await refused(
        seeded,
        db,
        code,
        groups.define_scope(seeded, DefineScope(actor, "faggruppe-helse", ["helse"], system_keys)),
    )


async def test_a_retired_system_stays_in_its_scope_but_cannot_join_another(
    seeded: Context, db: FakeDatabase
) -> None:
    await groups.define_scope(seeded, DefineScope(CHAIR, "faggruppe-helse", ["helse"], ["gerica"]))
    await systems.retire_system(seeded, RetireSystem(CHAIR, "profil"))
    await refused(
        seeded,
        db,
        "system.retired",
        groups.define_scope(
            seeded, DefineScope(CHAIR, "faggruppe-helse", ["helse"], ["gerica", "profil"])
        ),
    )
    await systems.retire_system(seeded, RetireSystem(CHAIR, "gerica"))
    kept = await groups.define_scope(
        seeded, DefineScope(CHAIR, "faggruppe-helse", ["helse", "omsorg"], ["gerica"])
    )
    assert kept.systems == ["gerica"]


# --- members ------------------------------------------------------------------------------------


async def test_members_are_added_and_replaced_with_history(seeded: Context) -> None:
    start = await audit_count(seeded)
    await groups.add_member(seeded, AddGroupMember(CHAIR, "faggruppe-helse", "best-rauma"))
    replaced = await groups.replace_member(
        seeded,
        ReplaceGroupMember(
            CHAIR,
            "faggruppe-helse",
            HELSE_MEMBER,
            BESTILLERE["aukra"],
            note="Ny representant fra Aukra",
        ),
    )
    assert await audit_count(seeded) == start + 2
    assert active(replaced) == {
        HELSE_LEADER: "group_leader",
        "ror-fagsystem": "member",
        "best-rauma": "member",
        BESTILLERE["aukra"]: "member",
    }
    old = next(m for m in replaced.memberships if m.member_id == HELSE_MEMBER)
    assert (old.to_date, old.replaced_by) == (TODAY, BESTILLERE["aukra"])
    new = next(m for m in replaced.memberships if m.member_id == BESTILLERE["aukra"])
    assert (new.municipality, new.from_date, new.appointed_by) == ("aukra", TODAY, CHAIR)


async def test_a_faggruppe_leader_staffs_its_project_group(seeded: Context) -> None:
    await groups.establish_group(
        seeded,
        EstablishGroup(
            HELSE_LEADER, "pg-epj", "Prosjektgruppe EPJ", "prosjektgruppe", "faggruppe-helse"
        ),
    )
    group = await groups.add_member(
        seeded, AddGroupMember(HELSE_LEADER, "pg-epj", HELSE_MEMBER, from_date=date(2027, 2, 1))
    )
    assert [(m.member_id, m.from_date) for m in group.memberships] == [
        (HELSE_MEMBER, date(2027, 2, 1))
    ]


@pytest.mark.parametrize(
    ("actor", "member_id", "role", "code"),
    [
        pytest.param(CHAIR, HELSE_MEMBER, "member", "group.already_member", id="already"),
        pytest.param(CHAIR, "ukjent", "member", "member.not_found", id="unknown-member"),
        pytest.param(CHAIR, "best-rauma", "sjef", "group.unknown_role", id="unknown-role"),
        pytest.param(
            HELSE_LEADER,
            "best-rauma",
            "member",
            "policy.cannot_manage_group",
            id="leader-of-the-faggruppe-itself",
        ),
    ],
)
async def test_adding_a_member_is_refused(
    seeded: Context, db: FakeDatabase, actor: str, member_id: str, role: str, code: str
) -> None:
    await refused(
        seeded,
        db,
        code,
        groups.add_member(seeded, AddGroupMember(actor, "faggruppe-helse", member_id, role)),
    )


async def test_the_chief_executive_replaces_a_member_of_the_own_municipality(
    fartt: Context, db: FakeDatabase
) -> None:
    await refused(
        fartt,
        db,
        "policy.cannot_replace_member",
        groups.replace_member(
            fartt, ReplaceGroupMember("radmann-alvdal", "ug-helse", "ug-helse-tynset", "rep-tynset")
        ),
    )
    await refused(
        fartt,
        db,
        "policy.cannot_replace_member",
        groups.replace_member(
            fartt,
            ReplaceGroupMember("ug-helse-folldal", "ug-helse", "ug-helse-tynset", "rep-tynset"),
        ),
    )
    await refused(
        fartt,
        db,
        "group.successor_other_municipality",
        groups.replace_member(
            fartt, ReplaceGroupMember("dl-fartt", "ug-helse", "ug-helse-tynset", "rep-alvdal")
        ),
    )
    await refused(
        fartt,
        db,
        "group.not_active_member",
        groups.replace_member(
            fartt, ReplaceGroupMember("dl-fartt", "ug-helse", "rep-folldal", "radmann-folldal")
        ),
    )
    start = await audit_count(fartt)
    group = await groups.replace_member(
        fartt,
        ReplaceGroupMember(
            "radmann-tynset",
            "ug-helse",
            "ug-helse-tynset",
            "rep-tynset",
            note="Utpekt i samråd med styret",
        ),
    )
    assert await audit_count(fartt) == start + 1
    assert active(group)["rep-tynset"] == "group_leader"  # role and municipality are kept
    assert "ug-helse-tynset" not in active(group)
    old = next(m for m in group.memberships if m.member_id == "ug-helse-tynset")
    assert (old.replaced_by, old.to_date) == ("rep-tynset", TODAY)


# --- yearly leader of an utviklingsgruppe ------------------------------------------------------


async def test_a_development_group_records_its_elected_leader(fartt: Context) -> None:
    start = await audit_count(fartt)
    group = await groups.elect_leader(
        fartt, RecordLeader("ug-helse-folldal", "ug-helse", "ug-helse-alvdal", 2027)
    )
    nxt = await groups.elect_leader(
        fartt, RecordLeader("dl-fartt", "ug-helse", "ug-helse-tynset", 2028)
    )
    assert await audit_count(fartt) == start + 2
    leader = group.leader_for(2027)
    assert leader is not None and (leader.member_id, leader.elected_by) == (
        "ug-helse-alvdal",
        "ug-helse-folldal",
    )
    assert [(lead.member_id, lead.year) for lead in nxt.leaderships] == [
        ("ug-helse-alvdal", 2027),
        ("ug-helse-tynset", 2028),
    ]


@pytest.mark.parametrize(
    ("actor", "group_key", "member_id", "year", "code"),
    [
        pytest.param(
            "ug-helse-folldal",
            "ug-helse",
            "ikt-helse",
            2027,
            "group.ict_staffer_cannot_lead",
            id="ict-staffer",
        ),
        pytest.param(
            "ug-oppvekst-alvdal",
            "ug-helse",
            "ug-helse-alvdal",
            2027,
            "policy.cannot_record_election",
            id="member-of-another-group",
        ),
        pytest.param(
            "dl-fartt",
            "ug-helse",
            "ug-oppvekst-alvdal",
            2027,
            "group.leader_not_member",
            id="leader-not-a-member",
        ),
        pytest.param(
            "dl-fartt", "ug-helse", "ug-helse-alvdal", 2026, "group.election_year", id="past-year"
        ),
        pytest.param(
            "dl-fartt", "ug-helse", "ug-helse-alvdal", 2029, "group.election_year", id="far-future"
        ),
        pytest.param(
            "dl-fartt",
            "forprosjektgruppa",
            "ug-helse-tynset",
            2027,
            "group.election_not_applicable",
            id="project-group",
        ),
        pytest.param(
            "dl-fartt", "ug-ukjent", "ug-helse-tynset", 2027, "group.not_found", id="unknown-group"
        ),
    ],
)
async def test_recording_an_election_is_refused(
    fartt: Context,
    db: FakeDatabase,
    actor: str,
    group_key: str,
    member_id: str,
    year: int,
    code: str,
) -> None:
    await refused(
        fartt, db, code, groups.elect_leader(fartt, RecordLeader(actor, group_key, member_id, year))
    )


async def test_a_sitting_leader_is_not_replaced_by_a_second_election(
    fartt: Context, db: FakeDatabase
) -> None:
    await groups.elect_leader(
        fartt, RecordLeader("dl-fartt", "ug-teknisk", "ug-teknisk-tolga", 2027)
    )
    await refused(
        fartt,
        db,
        "group.leader_already_elected",
        groups.elect_leader(
            fartt, RecordLeader("dl-fartt", "ug-teknisk", "ug-teknisk-alvdal", 2027)
        ),
    )
    leader = (await groups.group(fartt, "ug-teknisk")).leader_for(2027)
    assert leader is not None and leader.member_id == "ug-teknisk-tolga"


async def test_a_group_elects_a_new_leader_when_the_leader_leaves_during_the_year(
    fartt: Context,
) -> None:
    await groups.elect_leader(
        fartt, RecordLeader("dl-fartt", "ug-teknisk", "ug-teknisk-tolga", 2027)
    )
    await groups.replace_member(
        fartt, ReplaceGroupMember("radmann-tolga", "ug-teknisk", "ug-teknisk-tolga", "rep-tolga")
    )
    group = await groups.elect_leader(
        fartt, RecordLeader("dl-fartt", "ug-teknisk", "ug-teknisk-alvdal", 2027)
    )
    leader = group.leader_for(2027)
    assert leader is not None and leader.member_id == "ug-teknisk-alvdal"


async def test_a_faggruppe_does_not_elect(seeded: Context, db: FakeDatabase) -> None:
    await refused(
        seeded,
        db,
        "group.election_not_applicable",
        groups.elect_leader(
            seeded, RecordLeader(HELSE_MEMBER, "faggruppe-helse", HELSE_MEMBER, 2027)
        ),
    )
