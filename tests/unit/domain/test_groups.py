"""Groups, memberships over time and yearly leaders (mandate rule 6)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, date, datetime

import pytest

from governance.domain.errors import DomainError, Forbidden, InvalidInput, InvalidTransition
from governance.domain.groups import Group, Membership
from governance.domain.organisation import Body, BodyKind

AT = datetime(2025, 1, 15, 10, 0, tzinfo=UTC)
JAN = date(2025, 1, 1)
JUN = date(2025, 6, 1)


def development_group() -> Group:
    group = Group.establish(
        "utv-helse", "Utviklingsgruppe helse", "utviklingsgruppe", None, ["helse"], "styret", AT
    )
    group.add_member("kari", "tynset", "member", JAN, "radmann-tynset")
    group.add_member("ola", "alvdal", "member", JAN, "radmann-alvdal")
    group.add_member("ikt-per", None, "ict_staffer", JAN, "daglig-leder")
    return group


def member_ids(memberships: list[Membership]) -> list[str]:
    return [m.member_id for m in memberships]


# --- establishing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "parent"),
    [
        ("faggruppe", "bestillerutvalg"),
        ("faggruppe", None),
        ("utviklingsgruppe", None),
        ("digitaliseringsgruppe", None),
        ("prosjektgruppe", "fag-helse"),
        ("arbeidsgruppe", "fag-helse"),
        (BodyKind.PROSJEKTGRUPPE, "styret"),
    ],
)
def test_groups_of_every_kind_can_be_established(kind: str, parent: str | None) -> None:
    group = Group.establish("g", " Gruppe ", kind, parent, [" a ", "b", "a", ""], "chair", AT)
    assert (group.key, group.name, group.kind, group.parent) == ("g", "Gruppe", str(kind), parent)
    assert group.fields == ["a", "b"]
    assert (group.established_by, group.established_at) == ("chair", AT)
    assert not group.is_closed and group.memberships == [] and group.leaderships == []


@pytest.mark.parametrize(
    ("key", "name", "kind", "parent", "code"),
    [
        ("p", "Prosjekt", "prosjektgruppe", None, "group.parent_required"),
        ("a", "Arbeid", "arbeidsgruppe", "", "group.parent_required"),
        ("g", "Gruppe", "styret", None, "group.invalid_kind"),
        ("g", "Gruppe", "bestillerutvalg", None, "group.invalid_kind"),
        ("g", "Gruppe", "klubb", None, "group.invalid_kind"),
        ("g", "Gruppe", "faggruppe", "g", "group.own_parent"),
        ("", "Gruppe", "faggruppe", None, "group.key_and_name_required"),
        ("to ord", "Gruppe", "faggruppe", None, "group.key_and_name_required"),
        ("g", " ", "faggruppe", None, "group.key_and_name_required"),
    ],
)
def test_establishing_refuses_bad_groups(
    key: str, name: str, kind: str, parent: str | None, code: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        Group.establish(key, name, kind, parent, [], "chair", AT)
    assert refused.value.code == code


def test_a_group_from_the_mandate_keeps_the_body_id_as_key() -> None:
    body = Body(
        "fag-helse", "Faggruppe helse", BodyKind.FAGGRUPPE, parent="bu", fields=("helse", "pleie")
    )
    group = Group.from_body(body, "seed", AT)
    assert (group.key, group.kind, group.parent, group.fields) == (
        "fag-helse",
        "faggruppe",
        "bu",
        ["helse", "pleie"],
    )


def test_define_scope_replaces_fields_and_systems() -> None:
    group = development_group()
    group.define_scope(["helse", "omsorg", "helse"], ["gerica", " "])
    assert (group.fields, group.systems) == (["helse", "omsorg"], ["gerica"])


# --- members --------------------------------------------------------------------------------


def test_replacing_a_member_keeps_the_history() -> None:
    group = development_group()
    successor = group.replace_member("kari", "liv", JUN, "radmann-tynset", "Ny enhetsleder")
    old = group.memberships[0]
    assert (old.member_id, old.to_date, old.replaced_by) == ("kari", JUN, "liv")
    assert (successor.member_id, successor.municipality, successor.role) == (
        "liv",
        "tynset",
        "member",
    )
    assert (successor.from_date, successor.to_date, successor.appointed_by) == (
        JUN,
        None,
        "radmann-tynset",
    )
    assert successor.note == "Ny enhetsleder"
    assert len(group.memberships) == 4


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2024, 12, 31), []),
        (JAN, ["kari", "ola", "ikt-per"]),
        (date(2025, 5, 31), ["kari", "ola", "ikt-per"]),
        (JUN, ["ola", "ikt-per", "liv"]),
        (date(2030, 1, 1), ["ola", "ikt-per", "liv"]),
    ],
)
def test_active_members_on_a_day(on: date, expected: list[str]) -> None:
    group = development_group()
    group.replace_member("kari", "liv", JUN, "radmann-tynset")
    assert member_ids(group.active_members(on)) == expected


@pytest.mark.parametrize(
    ("change", "code"),
    [
        pytest.param(
            lambda g: g.add_member("ola", "alvdal", "member", JUN, "x"),
            "group.already_member",
            id="add-active",
        ),
        pytest.param(
            lambda g: g.add_member("ny", "alvdal", "king", JUN, "x"),
            "group.unknown_role",
            id="add-bad-role",
        ),
        pytest.param(
            lambda g: g.replace_member("nils", "liv", JUN, "x"),
            "group.not_active_member",
            id="replace-stranger",
        ),
        pytest.param(
            lambda g: g.replace_member("kari", "liv", date(2024, 12, 1), "x"),
            "group.not_active_member",
            id="replace-before-start",
        ),
        pytest.param(
            lambda g: g.replace_member("kari", "ola", JUN, "x"),
            "group.already_member",
            id="replace-by-member",
        ),
    ],
)
def test_membership_refusals_change_nothing(change: Callable[[Group], object], code: str) -> None:
    group = development_group()
    before = asdict(group)
    with pytest.raises(InvalidInput) as refused:
        change(group)
    assert refused.value.code == code
    assert asdict(group) == before


def test_a_replaced_member_cannot_be_replaced_again() -> None:
    group = development_group()
    group.replace_member("kari", "liv", JUN, "x")
    with pytest.raises(InvalidInput) as refused:
        group.replace_member("kari", "siri", date(2025, 7, 1), "x")
    assert refused.value.code == "group.not_active_member"


def test_a_former_member_may_join_again_after_leaving() -> None:
    group = development_group()
    group.replace_member("kari", "liv", JUN, "x")
    group.add_member("kari", "tynset", "member", JUN, "x")
    assert "kari" in member_ids(group.active_members(JUN))


def test_a_member_cannot_be_added_before_a_running_membership_ends() -> None:
    group = development_group()
    group.replace_member("kari", "liv", JUN, "x")
    with pytest.raises(InvalidInput) as refused:
        group.add_member("kari", "tynset", "member", date(2025, 3, 1), "x")
    assert refused.value.code == "group.already_member"


# --- leaders --------------------------------------------------------------------------------


def test_a_development_group_elects_a_leader_for_the_year() -> None:
    group = development_group()
    leadership = group.elect_leader("kari", 2025, "daglig-leder", AT, ict_staffer="ikt-per")
    assert group.leader_for(2025) is leadership
    assert (leadership.member_id, leadership.year, leadership.elected_at) == ("kari", 2025, AT)
    assert group.leader_for(2026) is None


def test_each_year_has_its_own_leader_and_history_is_kept() -> None:
    group = development_group()
    group.elect_leader("kari", 2025, "dl", AT)
    group.elect_leader("ola", 2026, "dl", datetime(2026, 1, 10, tzinfo=UTC))
    assert [(lead.member_id, lead.year) for lead in group.leaderships] == [
        ("kari", 2025),
        ("ola", 2026),
    ]


def test_a_new_leader_may_be_elected_when_the_leader_has_left_the_group() -> None:
    group = development_group()
    group.elect_leader("kari", 2025, "dl", AT)
    group.replace_member("kari", "liv", JUN, "radmann-tynset")
    later = datetime(2025, 6, 10, tzinfo=UTC)
    group.elect_leader("ola", 2025, "dl", later)
    leader = group.leader_for(2025)
    assert leader is not None and leader.member_id == "ola"
    assert len(group.leaderships) == 2


@pytest.mark.parametrize("member_id", ["ola", "kari"])
def test_a_second_election_in_the_same_year_is_refused_while_the_leader_sits(
    member_id: str,
) -> None:
    group = development_group()
    group.elect_leader("kari", 2025, "dl", AT)
    before = asdict(group)
    with pytest.raises(InvalidTransition) as refused:
        group.elect_leader(member_id, 2025, "dl", AT)
    assert refused.value.code == "group.leader_already_elected"
    assert asdict(group) == before


@pytest.mark.parametrize(
    ("member_id", "ict_staffer", "error", "code"),
    [
        ("ikt-per", None, Forbidden, "group.ict_staffer_cannot_lead"),
        ("ola", "ola", Forbidden, "group.ict_staffer_cannot_lead"),
        ("nils", None, InvalidInput, "group.leader_not_member"),
    ],
)
def test_leader_election_refusals_change_nothing(
    member_id: str, ict_staffer: str | None, error: type[DomainError], code: str
) -> None:
    group = development_group()
    before = asdict(group)
    with pytest.raises(error) as refused:
        group.elect_leader(member_id, 2025, "dl", AT, ict_staffer)
    assert refused.value.code == code
    assert asdict(group) == before


def test_a_member_not_yet_started_cannot_be_elected() -> None:
    group = development_group()
    group.add_member("siri", "os", "member", JUN, "x")
    with pytest.raises(InvalidInput) as refused:
        group.elect_leader("siri", 2025, "dl", AT)
    assert refused.value.code == "group.leader_not_member"


@pytest.mark.parametrize("kind", ["faggruppe", "prosjektgruppe", "digitaliseringsgruppe"])
def test_only_development_groups_elect_leaders(kind: str) -> None:
    group = Group.establish("g", "Gruppe", kind, "parent", [], "chair", AT)
    group.add_member("kari", "tynset", "member", JAN, "x")
    with pytest.raises(InvalidTransition) as refused:
        group.elect_leader("kari", 2025, "dl", AT)
    assert refused.value.code == "group.election_not_applicable"
    assert group.leaderships == []


# --- closing --------------------------------------------------------------------------------


def test_closing_ends_running_memberships_on_the_closing_day() -> None:
    group = development_group()
    group.add_member("siri", "os", "member", date(2025, 3, 1), "x")
    group.close("styret", AT)
    assert group.is_closed and (group.closed_by, group.closed_at) == ("styret", AT)
    assert [m.to_date for m in group.memberships] == [AT.date()] * 3 + [date(2025, 3, 1)]
    assert group.active_members(AT.date()) == []


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda g: g.close("styret", AT), id="close"),
        pytest.param(lambda g: g.define_scope(["x"], ["y"]), id="scope"),
        pytest.param(lambda g: g.add_member("ny", None, "member", JUN, "x"), id="add"),
        pytest.param(lambda g: g.replace_member("kari", "liv", JAN, "x"), id="replace"),
        pytest.param(lambda g: g.elect_leader("kari", 2025, "dl", AT), id="elect"),
    ],
)
def test_a_closed_group_refuses_every_change(change: Callable[[Group], object]) -> None:
    group = development_group()
    group.close("styret", datetime(2025, 12, 31, tzinfo=UTC))
    before = asdict(group)
    with pytest.raises(InvalidTransition) as refused:
        change(group)
    assert refused.value.code == "group.closed"
    assert asdict(group) == before
