"""The mandate files: the shipped ones match their mandates; every broken variant is refused
with the exact path of the problem and a message that says what is wrong."""

from __future__ import annotations

import copy
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from governance.config import (
    ConfigError,
    ConfigErrors,
    load_mandate,
    parse_mandate,
    summarise,
)
from governance.config_models import path_of
from governance.domain.organisation import BodyKind, Role, RuleKind

ROOT = Path(__file__).resolve().parents[2]
ROR = ROOT / "config" / "ror-ikt.yaml"
FARTT = ROOT / "config" / "fartt.yaml"
UTVIKLINGSGRUPPER = ["ug-helse", "ug-oppvekst", "ug-administrasjon", "ug-teknisk"]


@cache
def _shipped(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def ror() -> dict[str, Any]:
    return copy.deepcopy(_shipped(ROR))


def fartt() -> dict[str, Any]:
    return copy.deepcopy(_shipped(FARTT))


def errors_of(data: object) -> list[ConfigError]:
    with pytest.raises(ConfigErrors) as caught:
        parse_mandate(data, "test.yaml")
    return caught.value.errors


def only_error(data: object) -> ConfigError:
    errors = errors_of(data)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def index_of(items: list[dict[str, Any]], item_id: str) -> int:
    return next(i for i, item in enumerate(items) if item["id"] == item_id)


# --- the shipped files -------------------------------------------------------------------------
def test_ror_ikt_matches_its_mandate() -> None:
    mandate = load_mandate(ROR)
    assert mandate.weights() == {m: Decimal(1) for m in ("aukra", "molde", "rauma", "vestnes")}
    committee = mandate.body(mandate.committee)
    assert committee.kind == BodyKind.BESTILLERUTVALG
    assert committee.chair == "dl-ror" and mandate.member("dl-ror").has_role(Role.CHAIR)
    for municipality in ("aukra", "molde", "rauma", "vestnes"):
        bestiller = mandate.member(f"best-{municipality}")
        assert bestiller.municipality == municipality and bestiller.has_role(Role.BESTILLER)
        assert bestiller.id in committee.members and not bestiller.deputy
    own = mandate.member("best-ror")
    assert own.municipality is None and own.has_role(Role.BESTILLER)
    assert own.id in committee.members
    deputies = [mandate.member(m) for m in committee.members if mandate.member(m).deputy]
    assert deputies and all(d.municipality in mandate.weights() for d in deputies)
    assert mandate.body(mandate.board).kind == BodyKind.STYRET


def test_ror_ikt_decides_by_consensus_and_escalates_to_the_board() -> None:
    mandate = load_mandate(ROR)
    rule = mandate.rule_of(mandate.committee)
    assert rule.kind == RuleKind.CONSENSUS
    assert rule.quorum_share == Decimal("0.5")
    assert rule.escalate_to == mandate.board == "styret"


def test_ror_ikt_groups_meetings_and_identities() -> None:
    mandate = load_mandate(ROR)
    faggrupper = mandate.bodies_of_kind(BodyKind.FAGGRUPPE)
    assert len(faggrupper) >= 4
    for group in faggrupper:
        assert group.parent == "bestillerutvalget" and group.fields
        assert group.chair and mandate.member(group.chair).has_role(Role.GROUP_LEADER)
    (digital,) = mandate.bodies_of_kind(BodyKind.DIGITALISERINGSGRUPPE)
    assert digital.municipality in mandate.weights()
    assert {date(2027, 5, 31), date(2027, 4, 12)} <= set(mandate.board_meetings)
    assert mandate.committee_meeting_offset_days == 14
    assert mandate.group_leader_meetings_per_year == 2
    expected = ["dl-ror", "best-aukra", "best-molde", "best-rauma", "best-vestnes", "best-ror"]
    for number, member_id in enumerate(expected, start=1):
        assert mandate.member(member_id).object_id == f"00000000-0000-4000-8000-{number:012x}"
    assert mandate.tenant_ids == ("00000000-0000-4000-8000-0000000000aa",)
    assert any("example" in note.lower() for note in mandate.notes)
    owners = {system.owner for system in mandate.systems}
    assert owners <= {group.id for group in faggrupper} and mandate.integrations


FARTT_CYCLE = [
    (1, ["ledelse"]),
    (1, ["ledelse"]),
    (1, ["styret"]),
    (1, UTVIKLINGSGRUPPER),
    (1, ["styret"]),
    (2, ["forprosjektgruppa"]),
    (2, ["styret"]),
    (2, ["styret"]),
    (2, ["styret"]),
    (2, ["styret"]),
    (3, ["eierkommunene"]),
    (3, ["styret"]),
    (3, ["styret"]),
    (4, ["ledelse"]),
    (4, ["styret"]),
    (4, ["representantskapet"]),
    (4, ["representantskapet"]),
]


def test_fartt_annual_cycle_has_all_17_rows_of_the_table() -> None:
    mandate = load_mandate(FARTT)
    tasks = mandate.annual_tasks
    assert len(tasks) == 17
    assert [(t.quarter, list(t.responsible)) for t in tasks] == FARTT_CYCLE
    assert tasks[0].title.startswith("Styret ber utviklingsgruppene igangsette forhåndsarbeid")
    assert tasks[16].title.startswith("Representantskapet vedtar budsjett")
    assert not [t.title for t in tasks if any(str(year) in t.title for year in range(2015, 2030))]
    assert mandate.body("ledelse").kind == BodyKind.LEDELSE
    assert mandate.body("eierkommunene").kind == BodyKind.EIERKOMMUNER
    assert mandate.body("representantskapet").kind == BodyKind.REPRESENTANTSKAPET
    assert mandate.body("forprosjektgruppa").kind == BodyKind.PROSJEKTGRUPPE


def test_fartt_utviklingsgrupper_follow_the_mandate() -> None:
    mandate = load_mandate(FARTT)
    assert mandate.weights() == {
        m: Decimal(1) for m in ("folldal", "alvdal", "rendalen", "tolga", "tynset")
    }
    groups = mandate.bodies_of_kind(BodyKind.UTVIKLINGSGRUPPE)
    assert [g.id for g in groups] == UTVIKLINGSGRUPPER
    for group in groups:
        members = [mandate.member(m) for m in group.members]
        assert sorted(m.municipality for m in members if m.municipality) == sorted(
            mandate.weights()
        )
        assert group.ict_staffer and group.ict_staffer != group.chair
        assert mandate.member(group.ict_staffer).has_role(Role.ICT_STAFFER)
        assert group.chair and mandate.member(group.chair).has_role(Role.GROUP_LEADER)
        assert group.decision_rule is not None
        assert group.decision_rule.kind == RuleKind.WEIGHTED_MAJORITY
        assert group.decision_rule.quorum_share == Decimal("0.5")
        assert group.parent == mandate.board and group.fields
    assert mandate.member("styreleder-fartt").has_role(Role.BOARD_CHAIR)
    assert mandate.body(mandate.committee).chair == "dl-fartt"
    assert any("ASSUMPTION" in note for note in mandate.notes)
    assert any("INTERPRETATION" in note for note in mandate.notes)
    assert {d.year for d in mandate.board_meetings} == {2026, 2027}


def test_summarise_names_the_essentials() -> None:
    text = summarise(load_mandate(FARTT), today=date(2026, 3, 1))
    assert "IKT Fjellregionen IKS" in text
    assert "Folldal 1" in text and "total weight 5" in text
    assert "Members: 40" in text
    assert "utviklingsgruppe 4" in text
    assert "next: 2026-03-24, 2026-05-12, 2026-06-16" in text
    assert "Committee: Utviklingsforum" in text
    assert "Annual cycle: 17 tasks (Q1 5, Q2 5, Q3 3, Q4 4)" in text
    assert "Systems: 6; integrations: 5" in text


# --- unknown references ------------------------------------------------------------------------
def test_unknown_municipality_of_a_member() -> None:
    data = ror()
    data["members"][1]["municipality"] = "oslo"
    error = only_error(data)
    assert error.path == "members[1].municipality"
    assert "unknown municipality 'oslo'" in error.problem and "aukra" in error.problem


def test_unknown_municipality_of_a_body() -> None:
    data = ror()
    index = index_of(data["bodies"], "digitaliseringsgruppe-molde")
    data["bodies"][index]["municipality"] = "bergen"
    error = only_error(data)
    assert error.path == f"bodies[{index}].municipality"
    assert "unknown municipality 'bergen'" in error.problem


def test_unknown_municipality_of_a_system() -> None:
    data = ror()
    data["systems"][0]["municipalities"][1] = "Molde"
    error = only_error(data)
    assert error.path == "systems[0].municipalities[1]"
    assert "unknown municipality 'Molde'" in error.problem


def test_unknown_member_in_a_body() -> None:
    data = ror()
    data["bodies"][2]["members"][0] = "nobody"
    error = only_error(data)
    assert error.path == "bodies[2].members[0]"
    assert "unknown member 'nobody'" in error.problem


@pytest.mark.parametrize("key", ["chair", "ict_staffer"])
def test_unknown_chair_or_ict_staffer(key: str) -> None:
    data = fartt()
    index = index_of(data["bodies"], "ug-oppvekst")
    data["bodies"][index][key] = "ghost"
    error = only_error(data)
    assert error.path == f"bodies[{index}].{key}"
    assert "unknown member 'ghost'" in error.problem


def test_unknown_body_responsible_for_a_task() -> None:
    data = fartt()
    data["annual_cycle"][3]["responsible"][2] = "utviklingsgruppene"
    error = only_error(data)
    assert error.path == "annual_cycle[3].responsible[2]"
    assert "unknown body 'utviklingsgruppene'" in error.problem


def test_unknown_parent_owner_and_escalation_target() -> None:
    data = ror()
    data["bodies"][2]["parent"] = "bestillerutvalg"
    data["systems"][1]["owner"] = "faggruppe-pleie"
    data["bodies"][0]["decision_rule"]["escalate_to"] = "board"
    found = {(e.path, e.problem.split(" (")[0]) for e in errors_of(data)}
    assert found == {
        ("bodies[2].parent", "unknown body 'bestillerutvalg'"),
        ("systems[1].owner", "unknown body 'faggruppe-pleie'"),
        ("bodies[0].decision_rule.escalate_to", "unknown body 'board'"),
    }


@pytest.mark.parametrize("key", ["committee", "board"])
def test_unknown_committee_or_board(key: str) -> None:
    data = ror()
    data[key] = "nowhere"
    error = only_error(data)
    assert (error.path, error.problem.split(" (")[0]) == (key, "unknown body 'nowhere'")


def test_board_must_be_of_kind_styret() -> None:
    data = ror()
    data["board"] = "faggruppe-helse"
    data["bodies"][0]["decision_rule"]["escalate_to"] = "faggruppe-helse"
    error = only_error(data)
    assert error.path == "board"
    assert "kind 'styret'" in error.problem and "'faggruppe'" in error.problem


def test_unknown_system_in_an_integration() -> None:
    data = ror()
    data["integrations"][2]["target"] = "sap"
    error = only_error(data)
    assert error.path == "integrations[2].target"
    assert "unknown system 'sap'" in error.problem


def test_ict_staffer_must_not_lead_the_group() -> None:
    data = fartt()
    index = index_of(data["bodies"], "ug-helse")
    data["bodies"][index]["chair"] = data["bodies"][index]["ict_staffer"]
    error = only_error(data)
    assert error.path == f"bodies[{index}].ict_staffer"
    assert "must not lead" in error.problem


# --- duplicates and identities -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("section", "what"),
    [
        ("municipalities", "municipality"),
        ("members", "member"),
        ("bodies", "body"),
        ("systems", "system"),
        ("strategy_goals", "strategy goal"),
        ("service_catalogue", "catalogue service"),
    ],
)
def test_duplicate_ids(section: str, what: str) -> None:
    data = ror()
    data[section][2]["id"] = data[section][0]["id"]
    errors = errors_of(data)
    duplicate = [e for e in errors if e.path == f"{section}[2].id"]
    assert len(duplicate) == 1
    first_id = data[section][0]["id"]
    assert f"duplicate {what} id '{first_id}'" in duplicate[0].problem
    assert f"{section}[0]" in duplicate[0].problem


def test_duplicate_task_ids() -> None:
    data = fartt()
    data["annual_cycle"][5]["id"] = data["annual_cycle"][1]["id"]
    error = only_error(data)
    assert error.path == "annual_cycle[5].id"
    assert "duplicate task id" in error.problem


@pytest.mark.parametrize("key", ["object_id", "upn"])
def test_a_member_voting_for_two_municipalities(key: str) -> None:
    data = ror()
    twin = copy.deepcopy(data["members"][1])  # best-aukra
    twin.update(id="best-aukra-i-molde", municipality="molde")
    other = "upn" if key == "object_id" else "object_id"
    twin[other] = "someone-else"
    twin[key] = twin[key].upper()  # the comparison ignores case
    data["members"].append(twin)
    error = only_error(data)
    assert error.path == f"members[{len(data['members']) - 1}].{key}"
    assert "a member voting for two municipalities" in error.problem
    assert "members[1]" in error.problem and "'molde'" in error.problem


def test_the_same_person_may_sit_twice_for_the_same_municipality() -> None:
    data = ror()
    twin = copy.deepcopy(data["members"][1])
    twin.update(id="best-aukra-as-group-member", roles=["member"])
    data["members"].append(twin)
    assert parse_mandate(data).member("best-aukra-as-group-member").municipality == "aukra"


# --- values --------------------------------------------------------------------------------------
def test_negative_weight() -> None:
    data = ror()
    data["municipalities"][2]["stemmevekt"] = -1
    error = only_error(data)
    assert error.path == "municipalities[2].stemmevekt"
    assert "must be >= 0" in error.problem and "-1" in error.problem


def test_weights_are_decimals() -> None:
    data = ror()
    data["municipalities"][1]["stemmevekt"] = 0.1
    data["municipalities"][2]["stemmevekt"] = 0
    weights = parse_mandate(data).weights()
    assert weights["molde"] == Decimal("0.1") and weights["rauma"] == Decimal(0)


def test_task_without_responsible_body() -> None:
    data = fartt()
    data["annual_cycle"][4]["responsible"] = []
    error = only_error(data)
    assert error.path == "annual_cycle[4].responsible"
    assert "at least one responsible body" in error.problem


@pytest.mark.parametrize("quarter", [0, 5])
def test_quarter_outside_1_to_4(quarter: int) -> None:
    data = fartt()
    data["annual_cycle"][2]["quarter"] = quarter
    error = only_error(data)
    assert error.path == "annual_cycle[2].quarter"
    assert error.problem == f"quarter must be 1, 2, 3 or 4, got {quarter}"


def test_due_date_must_lie_in_its_quarter() -> None:
    data = fartt()
    data["annual_cycle"][0]["due"] = "04-15"  # quarter 1
    error = only_error(data)
    assert error.path == "annual_cycle[0].due"
    assert "not inside quarter 1" in error.problem and "01-03" in error.problem


@pytest.mark.parametrize("due", ["31-03", "02-30", "3-31", "March"])
def test_due_date_must_be_month_and_day(due: str) -> None:
    data = fartt()
    data["annual_cycle"][0]["due"] = due
    error = only_error(data)
    assert error.path == "annual_cycle[0].due"
    assert "'MM-DD'" in error.problem and repr(due) in error.problem


def test_due_date_is_converted() -> None:
    data = fartt()
    data["annual_cycle"][0]["due"] = "03-31"
    data["annual_cycle"][6]["due"] = "06-01"
    tasks = parse_mandate(data).annual_tasks
    assert (tasks[0].due, tasks[6].due, tasks[1].due) == ((3, 31), (6, 1), None)


@pytest.mark.parametrize(("key", "value"), [("quorum_share", 1.5), ("majority_share", -0.1)])
def test_shares_between_0_and_1(key: str, value: float) -> None:
    data = ror()
    data["bodies"][0]["decision_rule"][key] = value
    error = only_error(data)
    assert error.path == f"bodies[0].decision_rule.{key}"
    assert error.problem == f"{key} must be between 0 and 1, got {value}"


@pytest.mark.parametrize("value", ["12.02.2026", "2026-2-12", "2026-02-30", 20260212])
def test_board_meeting_dates_must_be_iso_dates(value: object) -> None:
    data = ror()
    data["meetings"]["board"][3] = value
    error = only_error(data)
    assert error.path == "meetings.board[3]"
    assert "must be an ISO date (YYYY-MM-DD)" in error.problem and repr(value) in error.problem


def test_meeting_dates_may_be_quoted_but_not_datetimes() -> None:
    data = ror()
    data["meetings"]["board"][0] = "2026-02-12"
    assert date(2026, 2, 12) in parse_mandate(data).board_meetings
    data["meetings"]["group_leader_meetings"][1] = datetime(2026, 10, 1, 9, 0)
    assert only_error(data).path == "meetings.group_leader_meetings[1]"


def test_a_meeting_date_listed_twice() -> None:
    data = ror()
    data["meetings"]["board"].append(data["meetings"]["board"][0])
    error = only_error(data)
    assert error.path == "meetings.board"
    assert "listed twice: 2026-02-12" in error.problem


def test_group_leader_meetings_per_year_must_divide_the_year() -> None:
    data = ror()
    data["meetings"]["group_leader_meetings_per_year"] = 5
    error = only_error(data)
    assert error.path == "meetings.group_leader_meetings_per_year"
    assert "divide the year" in error.problem


def test_any_tenant_id_string_is_accepted() -> None:
    data = ror()
    data["cooperation"]["tenant_ids"] = ["contoso.onmicrosoft.com", "not-a-guid"]
    assert parse_mandate(data).tenant_ids == ("contoso.onmicrosoft.com", "not-a-guid")


# --- structure -----------------------------------------------------------------------------------
def test_unknown_key_missing_key_and_bad_enum_values() -> None:
    data = ror()
    data["members"][0]["nmae"] = data["members"][0].pop("name")
    data["members"][2]["roles"] = ["bestiller", "king"]
    data["bodies"][1]["kind"] = "board"
    data["cooperation"]["locale"] = "de"
    found = {e.path: e.problem for e in errors_of(data)}
    assert found["members[0].nmae"].startswith("unknown key")
    assert found["members[0].name"] == "required key is missing"
    assert "'king'" in found["members[2].roles[1]"]
    assert "'styret'" in found["bodies[1].kind"] and "'board'" in found["bodies[1].kind"]
    assert "'de'" in found["cooperation.locale"]


def test_all_problems_are_reported_structure_first() -> None:
    data = ror()
    data["municipalities"][0]["stemmevekt"] = -2
    data["members"][3]["roles"] = "bestiller"  # not a list: this member is invalid
    data["bodies"][2]["members"][0] = "nobody"
    data["members"][4]["municipality"] = "oslo"
    paths = [e.path for e in errors_of(data)]
    assert paths == [
        "municipalities[0].stemmevekt",
        "members[3].roles",
        "members[4].municipality",
        "bodies[2].members[0]",
    ]
    # members[3] (best-rauma) is broken, yet the bodies that name it are not reported for it


def test_a_section_that_is_not_a_list_hides_no_problem_and_adds_none() -> None:
    data = ror()
    data["systems"] = "visma"
    data["members"][1]["municipality"] = "oslo"
    found = [(e.path, e.problem) for e in errors_of(data)]
    assert found[0] == ("systems", "Input should be a valid list (got 'visma')")
    assert [path for path, _ in found] == ["systems", "members[1].municipality"]


def test_unknown_top_level_key() -> None:
    data = ror()
    data["comittee"] = data.pop("committee")
    found = {e.path: e.problem for e in errors_of(data)}
    assert found == {
        "committee": "required key is missing",
        "comittee": "unknown key (not part of the schema; check the spelling)",
    }


def test_top_level_must_be_a_mapping() -> None:
    error = only_error(["not", "a", "mapping"])
    assert (error.path, error.file) == ("", "test.yaml")
    assert "must be a mapping" in error.problem and "list" in error.problem
    assert "empty file" in only_error(None).problem


def test_path_format() -> None:
    assert path_of(("bodies", 2, "members", 0)) == "bodies[2].members[0]"
    assert path_of(("meetings", "board", 3)) == "meetings.board[3]"
    assert path_of(()) == ""


def test_error_strings() -> None:
    first = ConfigError("f.yaml", "members[1].municipality", "unknown municipality 'oslo'")
    whole = ConfigError("f.yaml", "", "file not found")
    assert str(first) == "f.yaml: members[1].municipality: unknown municipality 'oslo'"
    assert str(whole) == "f.yaml: file not found"
    assert str(ConfigErrors([first, whole])) == f"{first}\n{whole}"


# --- files ---------------------------------------------------------------------------------------
def test_invalid_yaml_syntax_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("cooperation:\n  id: x\n  name: [unclosed\ncommittee: c\n", encoding="utf-8")
    error = only_error_of_file(path)
    assert error.file == str(path) and error.path == ""
    assert "invalid YAML at line 4" in error.problem


def test_duplicate_yaml_key_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "twice.yaml"
    path.write_text("committee: a\nboard: b\ncommittee: c\n", encoding="utf-8")
    error = only_error_of_file(path)
    assert "line 3" in error.problem and "duplicate key 'committee'" in error.problem


def test_yaml_merge_keys_still_work(tmp_path: Path) -> None:
    text = ROR.read_text(encoding="utf-8").replace(
        "  - id: best-aukra\n", "  - id: best-aukra\n    <<: {deputy: false, name: Overridden}\n"
    )
    path = tmp_path / "merge.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_mandate(path).member("best-aukra").name == "Arne Aukan"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    error = only_error_of_file(path)
    assert (error.file, error.path, error.problem) == (str(path), "", "file not found")
    assert str(error) == f"{path}: file not found"


def test_shipped_file_round_trip_through_a_file(tmp_path: Path) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text(ROR.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_mandate(str(path)) == load_mandate(ROR)


def only_error_of_file(path: Path) -> ConfigError:
    with pytest.raises(ConfigErrors) as caught:
        load_mandate(path)
    assert len(caught.value.errors) == 1, str(caught.value)
    return caught.value.errors[0]


# --- weights (mandate rule 4) ------------------------------------------------------------------
def test_a_total_stemmevekt_of_zero_is_refused() -> None:
    data = ror()
    for municipality in data["municipalities"]:
        municipality["stemmevekt"] = 0
    error = only_error(data)
    assert error.path == "municipalities"
    assert "total stemmevekt (voting weight) is 0" in error.problem


def test_no_municipality_at_all_is_a_total_stemmevekt_of_zero() -> None:
    data = ror()
    data["municipalities"] = []
    for member in data["members"]:
        member.pop("municipality", None)
    for body in data["bodies"]:
        body.pop("municipality", None)
    for system in data.get("systems", []):
        system["municipalities"] = []
    assert only_error(data).path == "municipalities"


def test_a_committee_without_a_weighted_municipality_is_refused() -> None:
    data = ror()
    committee = index_of(data["bodies"], data["committee"])
    weighted = {m["id"] for m in data["municipalities"] if m["stemmevekt"]}
    data["bodies"][committee]["members"] = [
        m["id"] for m in data["members"] if m.get("municipality") not in weighted
    ][:3]
    error = only_error(data)
    assert error.path == f"bodies[{committee}].members"
    assert f"committee {data['committee']!r} has no member" in error.problem


def test_a_committee_needs_only_one_weighted_municipality() -> None:
    data = ror()
    for municipality in data["municipalities"][1:]:
        municipality["stemmevekt"] = 0
    assert parse_mandate(data).weights()[data["municipalities"][0]["id"]] == 1


def test_a_broken_municipality_is_not_reported_again_as_zero_weight() -> None:
    data = ror()
    for municipality in data["municipalities"][1:]:
        municipality["stemmevekt"] = 0
    del data["municipalities"][0]["name"]
    assert only_error(data).path == "municipalities[0].name"


# --- dates that do not exist -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    - 2026-02-12\n", "    - 2026-02-30\n"),  # meetings.board
        ("    - 2026-10-01\n", "    - 2026-13-01\n"),  # meetings.group_leader_meetings
        ('    due: "03-15"\n', "    due: 2026-02-29\n"),  # annual_cycle[].due, unquoted
    ],
)
def test_an_unquoted_date_that_does_not_exist_names_its_line(
    tmp_path: Path, old: str, new: str
) -> None:
    text = ROR.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path = tmp_path / "impossible.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    error = only_error_of_file(path)
    assert (error.file, error.path) == (str(path), "")
    day = new.split()[-1]
    assert error.problem.startswith(f"line {line}, column ")
    assert f"{day} is not a date that exists (" in error.problem
