"""The proposal form, the proposal card and the chair's quality-assurance card."""

from __future__ import annotations

import dataclasses

import pytest

from cards import proposal_card, proposal_form, qa_card, values_of
from governance import verbs
from governance.domain.organisation import Mandate
from governance.domain.proposals import Action, ProposalState, QaItem
from governance.i18n import LOCALES
from governance.services.commands import ProposalInput
from tests.cards.samples import proposal, worst_proposal
from tests.cards.walk import all_text, buttons, buttons_with_verb, inputs, nodes

NBSP = "\u00a0"


def form_ids(mandate: Mandate) -> set[str]:
    """The input ids the contract names: ProposalInput's fields, needs one per municipality."""
    names = {field.name for field in dataclasses.fields(ProposalInput)} - {"needs"}
    return names | {f"need_{m.id}" for m in mandate.municipalities}


# --- the form --------------------------------------------------------------------------------
def test_the_form_has_every_input_of_the_contract(ror_mandate: Mandate) -> None:
    assert set(inputs(proposal_form(ror_mandate))) == form_ids(ror_mandate)


def test_the_form_offers_the_mandates_choices(fartt_mandate: Mandate) -> None:
    found = inputs(proposal_form(fartt_mandate))
    values = {name: [c["value"] for c in found[name].get("choices", [])] for name in found}
    assert values["kind"] == ["new_service", "change_service"]
    assert values["municipalities"] == [m.id for m in fartt_mandate.municipalities]
    assert found["municipalities"]["isMultiSelect"] is True
    assert values["strategy_goals"] == [g.id for g in fartt_mandate.strategy_goals]
    assert found["strategy_goals"]["isMultiSelect"] is True
    assert values["catalogue_service"] == [s.id for s in fartt_mandate.service_catalogue]
    assert "ug-helse" in values["owner_group"]
    assert "styret" not in values["owner_group"]  # the owner is a group, not the board


def test_without_strategy_goals_the_form_has_no_goal_input(ror_mandate: Mandate) -> None:
    mandate = dataclasses.replace(ror_mandate, strategy_goals=())
    assert set(inputs(proposal_form(mandate))) == form_ids(ror_mandate) - {"strategy_goals"}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_input_has_a_label_and_never_its_internal_name(
    ror_mandate: Mandate, locale: str
) -> None:
    for input_id, node in inputs(proposal_form(ror_mandate, locale)).items():
        label = node.get("label", "")
        assert label.strip(), input_id
        assert "_" not in label, (input_id, label)
        assert label != input_id
        if locale != "en":  # in English "Title" may well be the label of "title"
            assert label.rstrip(" *").lower() != input_id.replace("_", " "), label


def test_labels_are_words_for_people(ror_mandate: Mandate) -> None:
    labels = {k: v["label"] for k, v in inputs(proposal_form(ror_mandate)).items()}
    assert labels["cost_one_off"] == "Engangskostnad (kr) *"
    assert labels["need_aukra"] == "Behov i Aukra"
    assert labels["municipalities"] == "Kommuner som berøres *"
    assert labels["owner_group"] == "Ansvarlig gruppe *"
    assert labels["org_change"] == "Organisasjonsendring *"  # quality assurance checks it
    en = {k: v["label"] for k, v in inputs(proposal_form(ror_mandate, "en")).items()}
    assert en["org_change"] == "Organisational change *"


def test_required_inputs_say_so_and_explain(ror_mandate: Mandate) -> None:
    found = inputs(proposal_form(ror_mandate))
    assert found["title"]["isRequired"] is True
    assert found["title"]["errorMessage"] == "Gi forslaget en tittel."
    for node in found.values():
        if node.get("isRequired"):
            assert node.get("errorMessage"), node["id"]
    submit_only = {"description", "municipalities", "benefit_potential", "user_perspective"}
    assert all(found[name]["label"].endswith(" *") for name in submit_only)
    assert not any(found[name].get("isRequired") for name in submit_only)  # drafts save


def test_a_new_form_saves_a_draft_or_submits(ror_mandate: Mandate) -> None:
    saves = buttons_with_verb(proposal_form(ror_mandate), verbs.PROPOSAL_SAVE)
    assert [b["data"] for b in saves] == [{}, {"submit": True}]
    assert [b["title"] for b in saves] == ["Lagre utkast", "Lagre og send inn"]


def test_an_edit_form_names_its_draft(ror_mandate: Mandate) -> None:
    card = proposal_form(ror_mandate, proposal_id=12)
    saves = buttons_with_verb(card, verbs.PROPOSAL_SAVE)
    assert [b["data"] for b in saves] == [{"proposal_id": 12}, {"proposal_id": 12, "submit": True}]
    assert card["body"][0]["text"] == "Endre forslag #12"


def test_a_failed_form_comes_back_with_the_message_and_every_value(ror_mandate: Mandate) -> None:
    values = {name: f"verdi {n}" for n, name in enumerate(sorted(form_ids(ror_mandate)))}
    values |= {
        "kind": "change_service",
        "municipalities": "aukra,rauma",
        "owner_group": "faggruppe-helse",
        "strategy_goals": "sikker-ikt",
    }
    card = proposal_form(ror_mandate, values=values, error="Beskriv behovet i Rauma.")
    assert {name: node.get("value") for name, node in inputs(card).items()} == values
    banner = next(n for n in card["body"] if n.get("type") == "Container")
    assert card["body"].index(banner) <= 2  # at the top, under the heading
    assert banner["style"] == "attention"
    assert [t["text"] for t in banner["items"]] == ["Noe må rettes", "Beskriv behovet i Rauma."]
    assert banner["items"][0]["color"] == "Attention"


def test_a_form_without_error_shows_no_error_box(ror_mandate: Mandate) -> None:
    card = proposal_form(ror_mandate)
    assert not [n for n in nodes(card) if n.get("style") == "attention"]
    assert inputs(card)["kind"]["value"] == "new_service"
    assert "value" not in inputs(card)["title"]


def test_a_draft_fills_the_form(ror_mandate: Mandate) -> None:
    draft = proposal(state=ProposalState.DRAFT)
    values = values_of(draft)
    assert values["municipalities"] == "aukra,molde"
    assert values["cost_one_off"] == "150000"
    assert values["cost_yearly"] == "24000,50"
    assert values_of(draft, "en")["cost_yearly"] == "24000.50"
    assert values["need_molde"] == "Søknadene må arkiveres."
    found = inputs(proposal_form(ror_mandate, values=values, proposal_id=12))
    assert found["need_aukra"]["value"] == "Mange papirsøknader hvert år."
    assert found["catalogue_service"]["value"] == "fagsystemdrift"
    assert "value" not in found["need_rauma"]


# --- the proposal card ------------------------------------------------------------------------
def test_the_card_shows_state_number_title_and_key_facts(ror_mandate: Mandate) -> None:
    text = all_text(proposal_card(proposal(), ror_mandate))
    for expected in (
        "Forslag #12",
        "Digital søknad om barnehageplass",
        "under kvalitetssikring",
        "Endring av en tjeneste i tjenestekatalogen: Drift av fagsystemer",
        "Aukra og Molde",
        f"150{NBSP}000{NBSP}kr",
        f"24{NBSP}000,50{NBSP}kr",
        "Sparer om lag 200 timer",
        "Mari Moen (Molde)",
        "Faggruppe oppvekst",
        "Digitalt førstevalg",
        "Neste steg",
        "Daglig leder går gjennom sjekklisten for kvalitetssikring.",
        "Kvalitetssikring: 1 av 5 punkter er kontrollert.",
    ):
        assert expected in text


def test_the_card_has_a_button_for_each_step_given(ror_mandate: Mandate) -> None:
    card = proposal_card(
        proposal(), ror_mandate, next_steps=[Action.MARK_READY, Action.RETURN], can_show=True
    )
    steps = buttons_with_verb(card, verbs.PROPOSAL_STEP)
    assert [b["data"] for b in steps] == [
        {"proposal_id": 12, "step": "mark_ready"},
        {"proposal_id": 12, "step": "return"},
    ]
    assert [b["title"] for b in steps] == ["Marker som klar", "Send tilbake"]
    assert [b["data"] for b in buttons_with_verb(card, verbs.PROPOSAL_SHOW)] == [
        {"proposal_id": 12}
    ]
    assert not buttons_with_verb(card, verbs.PROPOSAL_EDIT)
    assert inputs(card)[verbs.STEP_COMMENT]["isMultiline"] is True


def test_without_steps_the_card_only_informs(ror_mandate: Mandate) -> None:
    card = proposal_card(proposal(), ror_mandate)
    assert buttons(card) == []
    assert inputs(card) == {}


def test_a_draft_card_offers_edit_and_no_comment(ror_mandate: Mandate) -> None:
    card = proposal_card(
        proposal(state=ProposalState.DRAFT),
        ror_mandate,
        next_steps=[Action.SUBMIT, Action.WITHDRAW],
        can_edit=True,
    )
    assert [(b["verb"], b["data"].get("step")) for b in buttons(card)] == [
        ("proposal.step", "submit"),
        ("proposal.step", "withdraw"),
        ("proposal.edit", None),
    ]
    assert inputs(card) == {}


def test_the_history_shows_the_latest_events_newest_first(ror_mandate: Mandate) -> None:
    text = all_text(proposal_card(worst_proposal(ror_mandate), ror_mandate))
    assert text.count("Dagny Lie: sendt tilbake til bearbeiding") == 5
    assert "De siste 5 av 40 hendelser." in text
    first = all_text(proposal_card(proposal(), ror_mandate))
    assert first.index("Dagny Lie: under kvalitetssikring") < first.index("Mari Moen: sendt inn")
    assert "01.01.2027 kl. 10:00 · Mari Moen: sendt inn" in first


def test_long_texts_are_clipped_on_the_card(ror_mandate: Mandate) -> None:
    card = proposal_card(worst_proposal(ror_mandate), ror_mandate)
    longest = max(len(t) for t in all_text(card).split("\n"))
    assert longest <= 700


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("nn", "Kvalitetssikring: 1 av 5 punkt er kontrollerte."),
        ("en", "Quality assurance: 1 of 5 points checked."),
    ],
)
def test_the_card_speaks_the_readers_language(
    ror_mandate: Mandate, locale: str, expected: str
) -> None:
    assert expected in all_text(proposal_card(proposal(), ror_mandate, locale))


# --- quality assurance -----------------------------------------------------------------------
def test_the_checklist_has_a_toggle_per_item_with_its_value(ror_mandate: Mandate) -> None:
    card = qa_card(proposal(qa={"catalogue_checked": True, "owner_named": False}), ror_mandate)
    found = inputs(card)
    toggles = {k: v for k, v in found.items() if v["type"] == "Input.Toggle"}
    assert set(toggles) == {f"qa_{item.value}" for item in QaItem}
    assert {k: v["value"] for k, v in toggles.items()} == {
        "qa_catalogue_checked": "true",
        "qa_cost_benefit_present": "false",
        "qa_strategy_link": "false",
        "qa_owner_named": "false",
        "qa_org_change_assessed": "false",
    }
    assert all((v["valueOn"], v["valueOff"]) == ("true", "false") for v in toggles.values())
    assert toggles["qa_strategy_link"]["title"] == "Knyttet til digitaliseringsstrategien"
    assert found["qa_comment"]["type"] == "Input.Text"


def test_the_checklist_saves_and_offers_the_chairs_steps(ror_mandate: Mandate) -> None:
    card = qa_card(proposal(qa_comment="Mangler kostnader."), ror_mandate)
    assert inputs(card)["qa_comment"]["value"] == "Mangler kostnader."
    assert [(b["verb"], b["data"]) for b in buttons(card)] == [
        ("qa.save", {"proposal_id": 12}),
        ("proposal.step", {"proposal_id": 12, "step": "mark_ready"}),
        ("proposal.step", {"proposal_id": 12, "step": "return"}),
        ("proposal.show", {"proposal_id": 12}),
    ]
    only_save = qa_card(proposal(), ror_mandate, steps=())
    assert [b["verb"] for b in buttons(only_save)] == ["qa.save", "proposal.show"]


def test_the_checklist_shows_what_each_point_checks(ror_mandate: Mandate) -> None:
    text = all_text(qa_card(proposal(owner_group=None, strategy_goals=[]), ror_mandate))
    assert f"Engangs 150{NBSP}000{NBSP}kr, årlig 24{NBSP}000,50{NBSP}kr" in text
    assert text.count("Mangler") == 2  # no goals, no owner


def test_an_unsaved_proposal_gets_no_buttons(ror_mandate: Mandate) -> None:
    card = proposal_card(
        proposal(id=None), ror_mandate, next_steps=[Action.SUBMIT], can_edit=True, can_show=True
    )
    assert buttons(card) == []
    assert "Forslag #?" in all_text(card)


def test_a_votes_outcome_in_the_history_is_the_committees_not_the_chairs(
    ror_mandate: Mandate,
) -> None:
    escalated = proposal(state=ProposalState.ESCALATED)
    closed_by_chair = dataclasses.replace(
        escalated.history[-1], action="escalate", to_state="escalated", by="dl-ror"
    )
    escalated.history = [*escalated.history, closed_by_chair]
    text = all_text(proposal_card(escalated, ror_mandate))
    assert "avstemningen i Bestillerutvalget: løftet til styret" in text
    assert "Dagny Lie: løftet til styret" not in text
