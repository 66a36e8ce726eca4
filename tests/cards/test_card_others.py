"""The agenda, ranking, annual-cycle task, systems, help and toast cards."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cards import (
    HelpEntry,
    agenda_card,
    help_card,
    ranking_card,
    standings_card,
    systems_card,
    task_card,
    toast_card,
)
from cards.elements import Tone
from governance import verbs
from governance.domain.organisation import Mandate
from tests.cards.samples import (
    AT,
    HELP,
    TODAY,
    inventory,
    meeting,
    occurrence,
    proposal,
    ranking_round,
)
from tests.cards.walk import (
    all_text,
    buttons,
    buttons_with_verb,
    inputs,
    nodes,
    rows,
    shown_texts,
    texts,
)


# --- agenda ----------------------------------------------------------------------------------
def test_the_agenda_lists_the_items_in_order(ror_mandate: Mandate) -> None:
    card = agenda_card(meeting(), ror_mandate, proposals={12: proposal()})
    text = texts(card)
    assert "torsdag 28. januar 2027" in text
    assert "Bestillerutvalget" in text
    order = [
        text.index(t)
        for t in (
            "Sak 1",
            "Digital søknad om barnehageplass",
            "Sak 2",
            "Felles velferdsteknologi",
            "Sak 3",
            "Eventuelt",
        )
    ]
    assert order == sorted(order)
    assert "IKT-forslag · #12 · under kvalitetssikring" in text
    assert "Sak løftet fra utvalget · #9" in text
    assert "Bestillerutvalget kom ikke til enighet." in text  # the note is a msgid
    assert "Resultat: Anbefalt" in text
    assert [b["data"] for b in buttons(card)] == [
        {"proposal_id": 12},
        {"proposal_id": 9},
        {"meeting_id": 3},
    ]
    assert {b["verb"] for b in buttons(card)} == {verbs.PROPOSAL_SHOW, verbs.MEETING_SHOW}


def test_an_empty_or_closed_agenda_says_so(ror_mandate: Mandate) -> None:
    empty = meeting()
    empty.agenda = []
    assert "Sakslisten er tom." in texts(agenda_card(empty, ror_mandate))
    closed = meeting()
    closed.close({}, by="dl-ror", at=AT)
    closed.approve_minutes(by="dl-ror", at=AT + timedelta(days=1))
    assert "Møtet er avsluttet, og referatet ble godkjent 12.01.2027 kl. 10:00." in texts(
        agenda_card(closed, ror_mandate, "nb")
    )


def test_a_long_agenda_is_capped(ror_mandate: Mandate) -> None:
    text = texts(agenda_card(meeting(30), ror_mandate))
    assert "Sak 20" in text and "Sak 21" not in text
    assert "… og 10 til." in text


# --- ranking ---------------------------------------------------------------------------------
def test_the_ranking_card_asks_a_position_for_each_proposal(ror_mandate: Mandate) -> None:
    round_, proposals = ranking_round()
    card = ranking_card(round_, proposals, ror_mandate, viewer_municipality="molde")
    found = inputs(card)
    assert list(found) == ["rank_20", "rank_21", "rank_22", "rank_23"]
    assert all(
        [c["value"] for c in node["choices"]] == ["1", "2", "3", "4"] for node in found.values()
    )
    # Molde ranked them in reverse order; its ranking is filled in
    assert {k: v.get("value") for k, v in found.items()} == {
        "rank_20": "4",
        "rank_21": "3",
        "rank_22": "2",
        "rank_23": "1",
    }
    assert found["rank_20"]["label"] == "#20 Forslag om tiltak 20"
    assert [(b["verb"], b["data"]) for b in buttons(card)] == [
        (verbs.RANKING_SUBMIT, {"round_id": 5})
    ]
    text = all_text(card)
    assert "Molde sendte inn rangeringen sin 11.01.2027 kl. 10:00." in text
    assert "Levert: Aukra og Molde. Mangler: Rauma og Vestnes." in text


def test_a_municipality_that_has_not_ranked_gets_an_empty_form(ror_mandate: Mandate) -> None:
    round_, proposals = ranking_round()
    card = ranking_card(round_, proposals, ror_mandate, viewer_municipality="rauma")
    assert not any("value" in node for node in inputs(card).values())
    partial = ranking_card(round_, proposals, ror_mandate, viewer_municipality="aukra")
    assert {k: v.get("value") for k, v in inputs(partial).items()} == {
        "rank_20": "1",
        "rank_21": "2",
        "rank_22": None,
        "rank_23": None,
    }


def test_a_closed_round_shows_the_standings(ror_mandate: Mandate) -> None:
    round_, proposals = ranking_round(closed=True)
    card = ranking_card(round_, proposals, ror_mandate, viewer_municipality="molde")
    assert card == standings_card(round_, proposals, ror_mandate)
    assert inputs(card) == {} and buttons(card) == []
    text = texts(card)
    assert "Resultat" in text
    # Molde: 23 > 22 > 21 > 20 (3, 2, 1, 0 points); Aukra: 20, 21 (3, 2; the rest 0.5 each).
    # 20 and 21 tie on 3 points; 20 has Aukra's first place, so it comes first.
    assert rows(card) == [
        ["Plass", "Forslag", "Poeng"],
        ["1", "#23 Forslag om tiltak 23", "3,5"],
        ["2", "#20 Forslag om tiltak 20", "3"],
        ["3", "#21 Forslag om tiltak 21", "3"],
        ["4", "#22 Forslag om tiltak 22", "2,5"],
    ]


def test_an_override_shows_its_reason_and_the_computed_place(ror_mandate: Mandate) -> None:
    round_, proposals = ranking_round(closed=True)
    round_.override([20, 21, 22, 23], "Lovkrav fra 2028.", by="dl-ror", at=AT)
    card = standings_card(round_, proposals, ror_mandate)
    text = texts(card)
    assert "Dagny Lie har endret rekkefølgen 11.01.2027 kl. 10:00" in text
    assert "Lovkrav fra 2028." in text
    assert "#20 Forslag om tiltak 20 (beregnet plass 2)" in text
    assert "#23 Forslag om tiltak 23 (beregnet plass 1)" in text
    # the computed (weighted) order stays beside the chair's, with its points
    assert "Daglig leders rekkefølge" in text and "Beregnet rekkefølge (vektet)" in text
    [computed] = [n for n in nodes(card) if n.get("type") == "FactSet"]
    assert [(f["title"], f["value"]) for f in computed["facts"]] == [
        ("1", "#23 Forslag om tiltak 23"),
        ("2", "#20 Forslag om tiltak 20"),
        ("3", "#21 Forslag om tiltak 21"),
        ("4", "#22 Forslag om tiltak 22"),
    ]
    assert inputs(card) == {} and buttons(card) == []  # a member sees no form


def test_the_chair_gets_the_override_form_filled_with_the_final_order(
    ror_mandate: Mandate,
) -> None:
    round_, proposals = ranking_round(closed=True)
    card = ranking_card(round_, proposals, ror_mandate, viewer_is_chair=True, may_override=True)
    found = inputs(card)
    assert {k: v.get("value") for k, v in found.items()} == {
        "place_20": 2,
        "place_21": 3,
        "place_22": 4,
        "place_23": 1,
        "override_reason": None,
    }
    assert all((n["min"], n["max"]) == (1, 4) for k, n in found.items() if k != "override_reason")
    assert all(node["isRequired"] is True for node in found.values())
    assert [(b["verb"], b["data"]) for b in buttons(card)] == [
        (verbs.RANKING_OVERRIDE, {"round_id": 5})
    ]
    round_.override([20, 21, 22, 23], "Lovkrav fra 2028.", by="dl-ror", at=AT)
    again = standings_card(round_, proposals, ror_mandate, may_override=True)
    assert [v.get("value") for k, v in inputs(again).items() if k.startswith("place_")] == [
        1,
        2,
        3,
        4,
    ]


def test_a_refused_override_comes_back_as_entered(ror_mandate: Mandate) -> None:
    round_, proposals = ranking_round(closed=True)
    card = standings_card(
        round_,
        proposals,
        ror_mandate,
        may_override=True,
        places={20: "1", 21: "1", 22: "", 23: "9"},
        reason="Lovkrav.",
        error="Gi hvert forslag sin egen plass i rekkefølgen.",
    )
    assert {k: v.get("value") for k, v in inputs(card).items()} == {
        "place_20": 1,
        "place_21": 1,
        "place_22": None,
        "place_23": None,  # not a place of this round
        "override_reason": "Lovkrav.",
    }
    assert "Gi hvert forslag sin egen plass i rekkefølgen." in texts(card)


def test_an_open_round_can_show_preliminary_standings(ror_mandate: Mandate) -> None:
    round_, proposals = ranking_round()
    assert "Foreløpig resultat" in texts(standings_card(round_, proposals, ror_mandate))


# --- annual cycle ----------------------------------------------------------------------------
def test_an_open_task_can_be_marked_done(ror_mandate: Mandate) -> None:
    card = task_card(occurrence(), ror_mandate, today=TODAY)
    text = texts(card)
    assert "Årshjul 2027" in text and "Åpen" in text
    assert "Bestillerutvalget og Faggruppe oppvekst" in text
    assert "første kvartal 2027" in text
    assert "mandag 15. mars 2027" in text
    assert [(b["title"], b["data"]) for b in buttons_with_verb(card, verbs.TASK_DONE)] == [
        ("Merk som utført", {"occurrence_id": 31, "card": "task"})
    ]
    [postpone] = [n for n in nodes(card) if n.get("type") == "Action.ShowCard"]
    assert postpone["title"] == "Utsett til…"
    [moved] = buttons_with_verb(postpone["card"], verbs.TASK_POSTPONE)
    assert moved["data"] == {"occurrence_id": 31, "card": "task"}
    [date_input] = [n for n in postpone["card"]["body"] if n["type"] == "Input.Date"]
    assert (date_input["id"], date_input["min"]) == ("postpone_to", "2027-03-16")
    assert buttons(task_card(occurrence(), ror_mandate, today=TODAY, can_mark_done=False)) == []


def test_a_task_past_its_deadline_is_overdue(ror_mandate: Mandate) -> None:
    card = task_card(occurrence(), ror_mandate, "nn", today=date(2027, 3, 16))
    overdue = next(n for n in card["body"] if n.get("text") == "Over fristen")
    assert overdue["color"] == "Attention"
    assert buttons_with_verb(card, verbs.TASK_DONE)


def test_a_done_task_has_no_button_and_says_who(ror_mandate: Mandate) -> None:
    card = task_card(occurrence(done=True), ror_mandate, today=TODAY)
    assert buttons(card) == []
    assert "11.01.2027 kl. 10:00 av Dagny Lie" in texts(card)


def test_a_postponed_task_shows_both_deadlines(ror_mandate: Mandate) -> None:
    text = texts(task_card(occurrence(postponed=True), ror_mandate, "en", today=TODAY))
    assert "Thursday, 15 April 2027 (postponed from Monday, 15 March 2027)" in text


# --- systems ---------------------------------------------------------------------------------
def test_the_systems_card_shows_functions_owner_and_integrations(ror_mandate: Mandate) -> None:
    text = texts(systems_card(inventory(ror_mandate), ror_mandate, query="visma"))
    assert "Søk: «visma» (2 treff)" in text
    assert "Visma Enterprise · Visma" in text
    assert "Visma Flyt Skole · Visma" in text
    assert "Faggruppe oppvekst" in text
    assert "→ Acos WebSak, → Visma Enterprise" in text
    assert "← Visma Flyt Skole, ← Gerica, ← Profil, → Acos WebSak" in text
    assert "Gerica" not in [t for t in text if t.startswith("Gerica")]


def test_the_systems_card_is_capped_and_says_how_many_more(ror_mandate: Mandate) -> None:
    card = systems_card(inventory(ror_mandate, extra=30), ror_mandate, limit=10)
    assert len([n for n in card["body"] if n.get("type") == "Container"]) == 10
    assert "Viser 10 av 36. Søk mer presist for å se resten." in texts(card)


def test_a_search_without_hits_says_so(ror_mandate: Mandate) -> None:
    assert "Ingen fagsystemer passer." in texts(
        systems_card(inventory(ror_mandate), ror_mandate, query="blokkjede")
    )


def test_owners_established_later_are_named(ror_mandate: Mandate) -> None:
    found = inventory(ror_mandate)
    found.get("gerica").owner_body = "velferd-prosjekt"
    card = systems_card(
        found,
        ror_mandate,
        query="gerica",
        group_names={"velferd-prosjekt": "Prosjektgruppe velferd"},
    )
    assert "Prosjektgruppe velferd" in texts(card)


# --- help and toast --------------------------------------------------------------------------
def test_help_lists_everyones_commands_then_the_chairs() -> None:
    text = shown_texts(help_card(HELP))
    assert text.index("forslag ny") < text.index("Bare for daglig leder")
    assert text.index("Bare for daglig leder") < text.index("avstemning åpne <nr>")
    no_chair = texts(help_card([HelpEntry("hjelp", "Vis denne lista.")], "nn"))
    assert "Berre for dagleg leiar" not in no_chair


@pytest.mark.parametrize(
    ("tone", "style"),
    [
        ("good", "good"),
        ("attention", "attention"),
        ("warning", "warning"),
        ("default", "emphasis"),
    ],
)
def test_a_toast_is_a_box_in_its_tone(tone: Tone, style: str) -> None:
    card = toast_card("Forslaget er sendt inn.", "nb", title="Takk!", tone=tone)
    assert card["body"][0]["style"] == style
    assert [t["text"] for t in card["body"][0]["items"]] == ["Takk!", "Forslaget er sendt inn."]
    assert card["fallbackText"] == "Takk!"
    assert toast_card("Ferdig.")["body"][0]["items"] == [
        {"type": "TextBlock", "text": "Ferdig.", "wrap": True}
    ]
