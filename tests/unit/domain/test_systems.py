"""Systems inventory (mandate rule 7)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

import pytest

from governance.domain.errors import InvalidInput, InvalidTransition, NotFound
from governance.domain.organisation import IntegrationSpec, SystemSpec
from governance.domain.systems import (
    Integration,
    Inventory,
    System,
    check_integration,
    fold_text,
    sort_key,
)

AT = datetime(2025, 5, 2, 8, 0, tzinfo=UTC)


def systems() -> list[System]:
    return [
        System(
            "gerica",
            "Gerica",
            "Tieto",
            ["Pasientjournal", "Omsorgsplan"],
            "fag-helse",
            ["aukra", "molde"],
        ),
        System(
            "visma-flyt-skole",
            "Visma Flyt Skole",
            "Visma",
            ["Elevadministrasjon"],
            "fag-oppvekst",
            ["molde"],
        ),
        System(
            "elements",
            "Elements",
            "Sikri",
            ["Sak/arkiv", "Postjournal"],
            "fag-arkiv",
            ["aukra", "rauma"],
        ),
        System(
            "ks-fiks",
            "KS Fiks Digital post",
            "KS",
            ["Digital post", "Svar inn"],
            None,
            ["aukra", "molde", "rauma"],
        ),
        System(
            "ephorte", "ePhorte", "Sikri", ["Sak/arkiv"], "fag-arkiv", ["vestnes"], retired_at=AT
        ),
        System(
            "okonomi", "Økonomisystem Årsoppgjør", "Visma", ["Regnskap", "Lønn"], "fag-okonomi", []
        ),
    ]


def integrations() -> list[Integration]:
    return [
        Integration("gerica", "elements", "Journalføring"),
        Integration("ks-fiks", "elements", "Innkommende post"),
        Integration("elements", "ks-fiks", "Utgående post"),
        Integration("ephorte", "gerica", "Historisk"),
    ]


@pytest.fixture
def inventory() -> Inventory:
    return Inventory(systems(), integrations())


def keys(found: list[System]) -> list[str]:
    return [system.key for system in found]


def test_system_from_spec_copies_the_mandate_declaration() -> None:
    spec = SystemSpec("gerica", "Gerica", ("Journal",), "fag-helse", ("aukra",), "Tieto")
    system = System.from_spec(spec)
    assert (system.key, system.name, system.vendor) == ("gerica", "Gerica", "Tieto")
    assert (system.functions, system.owner_body, system.municipalities) == (
        ["Journal"],
        "fag-helse",
        ["aukra"],
    )
    assert system.retired_at is None and system.id is None


def test_integration_from_spec() -> None:
    integration = Integration.from_spec(IntegrationSpec("a", "b", "Post"))
    assert (integration.source, integration.target, integration.description) == ("a", "b", "Post")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Økonomi", "okonomi"),
        ("Årsoppgjør", "arsoppgjor"),
        ("Bærum", "baerum"),
        ("Café", "cafe"),
        ("GERICA", "gerica"),
    ],
)
def test_fold_text_ignores_case_and_diacritics(text: str, folded: str) -> None:
    assert fold_text(text) == folded


def test_owned_by_lists_a_body_s_active_systems_by_name(inventory: Inventory) -> None:
    assert keys(inventory.owned_by("fag-arkiv")) == ["elements"]
    assert keys(inventory.owned_by("fag-arkiv", include_retired=True)) == ["elements", "ephorte"]
    assert inventory.owned_by("nobody") == []


def test_integrations_of_include_both_directions(inventory: Inventory) -> None:
    assert [(i.source, i.target) for i in inventory.integrations_of("elements")] == [
        ("gerica", "elements"),
        ("ks-fiks", "elements"),
        ("elements", "ks-fiks"),
    ]


def test_integrates_with_lists_each_other_system_once(inventory: Inventory) -> None:
    assert keys(inventory.integrates_with("elements")) == ["gerica", "ks-fiks"]
    assert keys(inventory.integrates_with("gerica")) == ["elements"]
    assert keys(inventory.integrates_with("gerica", include_retired=True)) == [
        "elements",
        "ephorte",
    ]
    assert inventory.integrates_with("okonomi") == []


def test_integration_queries_refuse_unknown_systems(inventory: Inventory) -> None:
    with pytest.raises(NotFound) as refused:
        inventory.integrations_of("nope")
    assert refused.value.code == "system.not_found"


@pytest.mark.parametrize(
    ("function", "expected"),
    [
        ("sak/arkiv", ["elements"]),
        ("POST", ["elements", "ks-fiks"]),
        ("lonn", ["okonomi"]),
        ("journal", ["elements", "gerica"]),
        ("  ", []),
        ("romfart", []),
    ],
)
def test_covering_matches_function_names_loosely(
    inventory: Inventory, function: str, expected: list[str]
) -> None:
    assert keys(inventory.covering(function)) == expected


@pytest.mark.parametrize(
    ("municipality", "expected"),
    [
        ("aukra", ["elements", "gerica", "ks-fiks"]),
        ("vestnes", []),
        ("oslo", []),
    ],
)
def test_used_by_lists_a_municipality_s_active_systems(
    inventory: Inventory, municipality: str, expected: list[str]
) -> None:
    assert keys(inventory.used_by(municipality)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("visma", ["visma-flyt-skole", "okonomi"]),
        ("økonomi", ["okonomi"]),
        ("OKONOMI arsoppgjor", ["okonomi"]),
        ("sikri", ["elements"]),
        ("sikri post", ["elements"]),
        ("visma elev", ["visma-flyt-skole"]),
        ("digital", ["ks-fiks"]),
        ("", []),
        ("tieto visma", []),
    ],
)
def test_search_needs_every_word_in_name_vendor_or_functions(
    inventory: Inventory, text: str, expected: list[str]
) -> None:
    assert keys(inventory.search(text)) == expected


def test_search_can_include_retired_systems(inventory: Inventory) -> None:
    assert keys(inventory.search("sikri", include_retired=True)) == ["elements", "ephorte"]


def test_systems_are_sorted_by_name_in_norwegian_alphabetical_order(inventory: Inventory) -> None:
    assert keys(inventory.systems()) == [
        "elements",
        "gerica",
        "ks-fiks",
        "visma-flyt-skole",
        "okonomi",
    ]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Øvre", "Zeta", "Åpen", "Ære", "Alfa"], ["Alfa", "Zeta", "Ære", "Øvre", "Åpen"]),
        (["beta", "Alfa", "Émile"], ["Alfa", "beta", "Émile"]),
    ],
)
def test_sort_key_orders_norwegian_letters_after_z(names: list[str], expected: list[str]) -> None:
    assert sorted(names, key=sort_key) == expected


def test_an_inventory_refuses_two_systems_with_the_same_key() -> None:
    with pytest.raises(InvalidInput) as refused:
        Inventory([System("a", "A"), System("a", "B")])
    assert refused.value.code == "system.duplicate_key"


def test_get_refuses_an_unknown_key(inventory: Inventory) -> None:
    with pytest.raises(NotFound) as refused:
        inventory.get("nope")
    assert refused.value.code == "system.not_found"


def test_a_new_integration_between_known_active_systems_passes(inventory: Inventory) -> None:
    check_integration(inventory, "gerica", "ks-fiks")
    check_integration(inventory, "elements", "gerica")  # the reverse direction is a new one


@pytest.mark.parametrize(
    ("source", "target", "error", "code"),
    [
        ("nope", "gerica", NotFound, "system.not_found"),
        ("gerica", "nope", NotFound, "system.not_found"),
        ("gerica", "gerica", InvalidInput, "system.self_integration"),
        ("gerica", "ephorte", InvalidInput, "system.retired"),
        ("gerica", "elements", InvalidInput, "system.integration_exists"),
    ],
)
def test_check_integration_refusals(
    inventory: Inventory, source: str, target: str, error: type[Exception], code: str
) -> None:
    with pytest.raises(error) as refused:
        check_integration(inventory, source, target)
    assert getattr(refused.value, "code", None) == code


def test_retiring_keeps_the_system_as_history() -> None:
    system = System("a", "A")
    system.retire(AT)
    assert system.is_retired and system.retired_at == AT
    before = asdict(system)
    with pytest.raises(InvalidTransition) as refused:
        system.retire(AT)
    assert refused.value.code == "system.already_retired"
    assert asdict(system) == before
