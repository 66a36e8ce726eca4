"""The vote card while a vote is open, and the result card of a closed one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cards import result_card, vote_card
from governance import verbs
from governance.domain.organisation import DecisionRule, Mandate, RuleKind
from governance.domain.tally import Choice, Outcome
from governance.domain.votes import Vote
from tests.cards.samples import AT, proposal, vote
from tests.cards.walk import all_text, buttons, buttons_with_verb, rows


def card_of(
    v: Vote,
    mandate: Mandate,
    locale: str = "nb",
    *,
    municipality: str | None = "molde",
    chair: bool = False,
    users: list[str] | None = None,
) -> dict[str, Any]:
    return vote_card(
        v,
        proposal(),
        v.current_tally(),
        mandate,
        locale,
        viewer_municipality=municipality,
        viewer_is_chair=chair,
        refresh_user_ids=users or [],
    )


def test_three_ballot_buttons_send_the_vote_and_the_choice(ror_mandate: Mandate) -> None:
    ballots = buttons_with_verb(card_of(vote(), ror_mandate), verbs.BALLOT_CAST)
    assert [b["data"] for b in ballots] == [
        {"vote_id": 7, "choice": "for"},
        {"vote_id": 7, "choice": "mot"},
        {"vote_id": 7, "choice": "avstar"},
    ]
    assert [b["title"] for b in ballots] == ["For", "Mot", "Avstår"]


def test_the_viewers_municipality_sees_its_ballot_highlighted(ror_mandate: Mandate) -> None:
    card = card_of(vote(("molde", Choice.MOT)), ror_mandate)
    assert "Din kommune (Molde) har stemt: mot" in all_text(card)
    assert "Avgitt av Mari Moen 11.01.2027 kl. 11:00." in all_text(card)
    ballots = buttons_with_verb(card, verbs.BALLOT_CAST)
    assert [b["title"] for b in ballots] == ["For", "✓ Mot", "Avstår"]
    assert [b.get("style") for b in ballots] == [None, "positive", None]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("nb", "Din kommune (Molde) har ikke stemt ennå."),
        ("nn", "Kommunen din (Molde) har ikkje røysta enno."),
        ("en", "Your municipality (Molde) has not voted yet."),
    ],
)
def test_a_municipality_that_has_not_voted_is_told(
    ror_mandate: Mandate, locale: str, expected: str
) -> None:
    assert expected in all_text(card_of(vote(("rauma", Choice.FOR)), ror_mandate, locale))


def test_a_viewer_without_municipality_sees_no_own_ballot(ror_mandate: Mandate) -> None:
    text = all_text(card_of(vote(), ror_mandate, municipality=None))
    assert "Din kommune" not in text
    outside = all_text(card_of(vote(), ror_mandate, municipality="tynset"))
    assert "Din kommune (tynset) har ikke stemmerett i denne saken." in outside


def test_the_live_tally_is_weighted_and_counted(ror_mandate: Mandate) -> None:
    weights = {
        "aukra": Decimal("2.5"),
        "molde": Decimal(1),
        "rauma": Decimal(1),
        "vestnes": Decimal("0.5"),
    }
    v = Vote.open(
        12,
        "bestillerutvalget",
        weights,
        DecisionRule(RuleKind.WEIGHTED_MAJORITY, Decimal("0.5"), escalate_to="styret"),
        by="dl-ror",
        at=AT,
    )
    v.id = 7
    v.cast("aukra", Choice.FOR, by="best-aukra", at=AT)
    v.cast("molde", Choice.MOT, by="best-molde", at=AT)
    card = card_of(v, ror_mandate)
    assert rows(card) == [
        ["Stemme", "Stemmevekt", "Kommuner"],
        ["For", "2,5", "1"],
        ["Mot", "1", "1"],
        ["Avstår", "0", "0"],
    ]
    text = all_text(card)
    assert "2 av 4 kommuner har stemt (stemmevekt 3,5 av 5)." in text
    assert "Har ikke stemt ennå: Rauma og Vestnes" in text
    assert "Regel: vektet flertall; mer enn 50\u00a0% av stemmevekten" in text
    assert "Uten enighet løftes saken til Styret i ROR-IKT." in text
    assert "minst 50\u00a0% av stemmevekten (2,5 av 5) har stemt. Det kravet er oppfylt." in text
    assert "Hvis avstemningen ble avsluttet nå: Anbefalt" in text


def test_the_consensus_rule_and_a_missing_quorum_are_explained(ror_mandate: Mandate) -> None:
    text = all_text(card_of(vote(("molde", Choice.FOR)), ror_mandate))
    assert "Regel: enighet (konsensus)." in text
    assert "(2 av 4) har stemt. Det kravet er ikke oppfylt." in text
    assert "Hvis avstemningen ble avsluttet nå: Ikke beslutningsdyktig" in text


def test_only_the_chair_gets_the_close_button(ror_mandate: Mandate) -> None:
    assert buttons_with_verb(card_of(vote(), ror_mandate), verbs.VOTE_CLOSE) == []
    close = buttons_with_verb(card_of(vote(), ror_mandate, chair=True), verbs.VOTE_CLOSE)
    assert [(b["title"], b["data"]) for b in close] == [("Avslutt avstemningen", {"vote_id": 7})]


def test_the_card_refreshes_itself_for_at_most_60_users(ror_mandate: Mandate) -> None:
    users = [f"29:user-{n}" for n in range(75)]
    card = card_of(vote(), ror_mandate, users=users)
    assert card["refresh"] == {
        "action": {"type": "Action.Execute", "verb": "vote.refresh", "data": {"vote_id": 7}},
        "userIds": users[:60],
    }
    assert card_of(vote(), ror_mandate, users=["a"])["refresh"]["userIds"] == ["a"]


def test_a_closed_vote_shows_its_result_and_no_ballot_buttons(ror_mandate: Mandate) -> None:
    v = vote(("aukra", Choice.FOR), ("molde", Choice.FOR), closed=True)
    card = card_of(v, ror_mandate, chair=True, users=["a"])
    assert buttons(card) == []
    assert "refresh" not in card
    text = all_text(card)
    assert "Resultat av avstemningen om forslag #12" in text
    assert "Bestillerutvalget anbefaler forslaget." in text
    assert "Aukra: for · Molde: for · Rauma: — · Vestnes: —" in text
    assert "Avsluttet 11.01.2027 kl. 12:00 av Dagny Lie" in text


@pytest.mark.parametrize(
    ("ballots", "outcome", "label", "style", "says"),
    [
        (
            [("aukra", Choice.FOR), ("molde", Choice.FOR), ("rauma", Choice.AVSTAR)],
            Outcome.RECOMMENDED,
            "Anbefalt",
            "good",
            "Bestillerutvalget anbefaler forslaget.",
        ),
        (
            [("aukra", Choice.MOT), ("molde", Choice.MOT)],
            Outcome.NOT_RECOMMENDED,
            "Ikke anbefalt",
            "attention",
            "Bestillerutvalget anbefaler ikke forslaget.",
        ),
        (
            [("aukra", Choice.FOR), ("molde", Choice.MOT)],
            Outcome.ESCALATED,
            "Løftet til styret",
            "warning",
            "Bestillerutvalget kom ikke til enighet, så saken løftes til Styret i ROR-IKT. "
            "Saken står på sakslisten til styremøtet torsdag 11. februar 2027.",
        ),
        (
            [("aukra", Choice.FOR)],
            Outcome.NO_QUORUM,
            "Ikke beslutningsdyktig",
            "warning",
            "For lite av stemmevekten deltok.",
        ),
    ],
)
def test_the_result_card_names_the_outcome(
    ror_mandate: Mandate,
    ballots: list[tuple[str, Choice]],
    outcome: Outcome,
    label: str,
    style: str,
    says: str,
) -> None:
    v = vote(*ballots, closed=True)
    assert v.outcome is outcome
    card = result_card(
        v, proposal(), v.current_tally(), ror_mandate, board_meeting_date=date(2027, 2, 11)
    )
    box = next(n for n in card["body"] if n.get("type") == "Container")
    assert box["style"] == style
    assert box["items"][0]["text"] == label
    assert box["items"][1]["text"].startswith(says)


def test_the_result_card_gives_weighted_and_unweighted_counts(ror_mandate: Mandate) -> None:
    v = vote(("aukra", Choice.FOR), ("molde", Choice.MOT), ("rauma", Choice.AVSTAR), closed=True)
    text = all_text(
        result_card(v, proposal(), v.current_tally(), ror_mandate, "en", board_meeting_date=None)
    )
    assert "3 of 4 municipalities have voted (voting weight 3 of 4)." in text
    assert "Voting weight" in text and "Municipalities" in text
    assert "It is on the agenda" not in text
    assert "Not voted yet: Vestnes" in text


def test_a_vote_that_was_never_stored_has_no_card(ror_mandate: Mandate) -> None:
    unsaved = vote()
    unsaved.id = None
    with pytest.raises(ValueError, match="stored vote"):
        card_of(unsaved, ror_mandate)
