"""The vote card's deadline, the personal notices it is sent as, the reason asked for when
voting against, the chair's new deadline, the quorum assumption, and the reasons on the result
and on the board's decision card."""

from __future__ import annotations

from datetime import timedelta

from cards import result_card, vote_card
from governance import verbs
from governance.domain.organisation import AtDeadline, Mandate
from governance.domain.reminders import NoticeKind
from governance.domain.tally import Choice
from governance.domain.votes import CLOSED_AT_DEADLINE, Vote
from tests.cards.samples import AT, decision_cards, proposal, vote
from tests.cards.walk import all_text, buttons_with_verb, inputs


def with_deadline(v: Vote, at_deadline: AtDeadline = AtDeadline.REMIND_CHAIR) -> Vote:
    v.closes_at = AT + timedelta(days=7)
    v.rule = {**v.rule, "at_deadline": at_deadline.value}
    return v


def card(v: Vote, mandate: Mandate, **options: object) -> dict[str, object]:
    chair = bool(options.pop("chair", False))
    municipality = options.pop("municipality", None if chair else "molde")
    return vote_card(
        v,
        proposal(),
        v.current_tally(),
        mandate,
        "nb",
        viewer_municipality=municipality,  # type: ignore[arg-type]
        viewer_is_chair=chair,
        refresh_user_ids=[],
        **options,  # type: ignore[arg-type]
    )


def test_the_card_says_when_the_vote_closes_and_what_happens_then(ror_mandate: Mandate) -> None:
    assert "Ingen frist: lederen avslutter avstemningen." in all_text(card(vote(), ror_mandate))
    reminded = all_text(card(with_deadline(vote()), ror_mandate))
    assert "Frist 18.01.2027 kl. 10:00; da blir lederen minnet på å avslutte" in reminded
    closes = all_text(card(with_deadline(vote(), AtDeadline.CLOSE), ror_mandate))
    assert "Avsluttes av seg selv 18.01.2027 kl. 10:00." in closes


def test_each_notice_says_why_it_came(ror_mandate: Mandate) -> None:
    v = with_deadline(vote())
    opened = all_text(card(v, ror_mandate, occasion=NoticeKind.VOTE_OPENED))
    assert "En avstemning er åpnet" in opened and "Stem for Molde her" in opened
    reminder = all_text(card(v, ror_mandate, occasion=NoticeKind.VOTE_REMINDER))
    assert "Påminnelse" in reminder and "Molde har ikke stemt ennå" in reminder
    late = all_text(card(v, ror_mandate, chair=True, occasion=NoticeKind.VOTE_DEADLINE))
    assert "Fristen er ute" in late and "gi den en ny frist" in late


def test_against_without_a_reason_is_asked_for_one_and_may_go_without(
    ror_mandate: Mandate,
) -> None:
    asked = card(vote(), ror_mandate, ask_reason=True, reason="")
    assert "Hvorfor stemmer Molde mot?" in all_text(asked)
    assert verbs.BALLOT_REASON in inputs(asked)
    [without] = [
        b for b in buttons_with_verb(asked, verbs.BALLOT_CAST) if verbs.WITHOUT_REASON in b["data"]
    ]
    assert without["data"] == {"vote_id": 7, "choice": "mot", verbs.WITHOUT_REASON: True}
    typed = card(vote(), ror_mandate, error="For lang", reason="Vi har alt en portal")
    assert inputs(typed)[verbs.BALLOT_REASON]["value"] == "Vi har alt en portal"


def test_the_chair_may_give_a_new_deadline_and_a_bestiller_may_not(ror_mandate: Mandate) -> None:
    chair = card(with_deadline(vote()), ror_mandate, chair=True)
    assert buttons_with_verb(chair, verbs.VOTE_DEADLINE)
    assert {verbs.CLOSES_ON, verbs.CLOSES_AT_TIME} <= set(inputs(chair))
    assert not buttons_with_verb(card(with_deadline(vote()), ror_mandate), verbs.VOTE_DEADLINE)


def test_the_quorum_is_shown_as_the_files_assumption(ror_mandate: Mandate) -> None:
    text = all_text(card(vote(), ror_mandate))
    assert "beslutningsdyktig når minst 50" in text
    assert "Mandatet sier ikke når utvalget er beslutningsdyktig" in text
    v = vote()
    v.rule = {**v.rule, "quorum_in_mandate": "true"}
    assert "Mandatet sier ikke" not in all_text(card(v, ror_mandate))


def test_the_result_lists_the_reasons_and_who_closed_it(ror_mandate: Mandate) -> None:
    v = vote(("molde", Choice.MOT), ("aukra", Choice.FOR), reasons={"molde": "Egen portal."})
    v.close(by=CLOSED_AT_DEADLINE, at=AT + timedelta(days=7))
    text = all_text(
        result_card(v, proposal(), v.current_tally(), ror_mandate, "nb", board_meeting_date=None)
    )
    assert "Begrunnelser" in text and "Molde (mot): «Egen portal.»" in text
    assert "Avsluttet av Samstyre ved fristen, 18.01.2027 kl. 10:00" in text


def test_the_boards_basis_carries_the_reasons(ror_mandate: Mandate) -> None:
    text = all_text(decision_cards(ror_mandate, "nb")["decision-board"])
    assert "Molde (mot): «Molde har allerede en egen portal.»" in text
