"""The leader election card of a FARTT development group: the ballot (never the ICT staffer as a
candidate, never who voted what), the chair's close button, and the result once closed.

The texts are checked in English: the msgids are English, so these hold before and after the
bokmål and nynorsk catalogues have the new messages."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from bot import card_data as cd
from cards import election_card
from governance import verbs
from governance.domain.elections import Election
from governance.domain.errors import InvalidInput
from governance.domain.groups import Group
from governance.domain.organisation import Mandate
from governance.services import policies
from tests.cards.samples import AT, TODAY
from tests.cards.walk import all_text, buttons, buttons_with_verb, inputs

CHAIR = "dl-fartt"
FOLLDAL, ALVDAL, TOLGA = "ug-helse-folldal", "ug-helse-alvdal", "ug-helse-tolga"
ICT = "ikt-helse"


def helse(mandate: Mandate) -> Group:
    """ug-helse as seeded from the mandate file: five members and its ICT staffer."""
    body = mandate.body("ug-helse")
    group = Group.from_body(body, by="system", at=AT)
    for member in body.members:
        role = "ict_staffer" if member == body.ict_staffer else "member"
        group.add_member(
            member, mandate.member(member).municipality, role, date(2027, 1, 1), "system"
        )
    return group


def election(group: Group, *ballots: tuple[str, str]) -> Election:
    result = Election.open(group, 2027, closes_on=date(2027, 1, 25), by="system", at=AT)
    result.id = 9
    for voter, candidate in ballots:
        result.cast(voter, candidate, group=group, ict_staffer=ICT, at=AT)
    return result


def card(
    mandate: Mandate, e: Election, group: Group, viewer: str | None = None, today: date = TODAY
) -> dict[str, Any]:
    chair = viewer is not None and policies.is_chair(mandate.member(viewer), mandate)
    return election_card(e, group, mandate, "en", today=today, viewer=viewer, viewer_is_chair=chair)


def test_the_ballot_offers_every_member_but_the_ict_staffer(fartt_mandate: Mandate) -> None:
    group = helse(fartt_mandate)
    shown = card(fartt_mandate, election(group, (FOLLDAL, ALVDAL), (ICT, TOLGA)), group)
    text = all_text(shown)
    assert "Leader election 2027" in text and "Utviklingsgruppe helse og omsorg" in text
    assert "Choose your leader for 2027" in text and "25 January 2027" in text
    choice = inputs(shown)[verbs.ELECTION_CANDIDATE]
    assert choice["type"] == "Input.ChoiceSet" and "value" not in choice
    assert [c["value"] for c in choice["choices"]] == [
        "ug-helse-folldal",
        "ug-helse-alvdal",
        "ug-helse-rendalen",
        "ug-helse-tolga",
        "ug-helse-tynset",
    ]
    assert [c["title"] for c in choice["choices"]][:2] == ["Hilde Haugen", "Anders Aasen"]
    assert "Ivar Ingstad" not in [c["title"] for c in choice["choices"]]
    assert "Ivar Ingstad" in text  # named: votes too, cannot be elected
    [vote] = buttons(shown)
    assert (vote["verb"], vote["data"], vote["title"]) == (
        verbs.ELECTION_VOTE,
        {"election_id": 9},
        "Vote",
    )
    assert "2 of 6 members have voted." in text


def test_the_shared_card_never_shows_who_voted_what(fartt_mandate: Mandate) -> None:
    group = helse(fartt_mandate)
    one = card(fartt_mandate, election(group, (FOLLDAL, ALVDAL), (TOLGA, FOLLDAL)), group)
    other = card(fartt_mandate, election(group, (ALVDAL, TOLGA), (ICT, ALVDAL)), group)
    assert json.dumps(one) == json.dumps(other)
    assert "You voted" not in all_text(one)


def test_a_voter_sees_only_their_own_choice(fartt_mandate: Mandate) -> None:
    group = helse(fartt_mandate)
    e = election(group, (FOLLDAL, ALVDAL), (TOLGA, FOLLDAL))
    mine = card(fartt_mandate, e, group, viewer=FOLLDAL)
    assert "You voted for Anders Aasen." in all_text(mine)
    assert inputs(mine)[verbs.ELECTION_CANDIDATE]["value"] == ALVDAL
    assert all_text(mine).count("Hilde Haugen") == 1  # a choice, never as Tolga's vote
    not_yet = card(fartt_mandate, e, group, viewer=ALVDAL)
    assert "You voted" not in all_text(not_yet)
    assert "value" not in inputs(not_yet)[verbs.ELECTION_CANDIDATE]


def test_only_the_chair_gets_the_close_button(fartt_mandate: Mandate) -> None:
    group = helse(fartt_mandate)
    e = election(group, (FOLLDAL, ALVDAL))
    for viewer in (None, FOLLDAL, ICT, "ug-helse-tynset"):
        assert not buttons_with_verb(card(fartt_mandate, e, group, viewer), verbs.ELECTION_CLOSE)
    chair = card(fartt_mandate, e, group, viewer=CHAIR)
    [close] = buttons_with_verb(chair, verbs.ELECTION_CLOSE)
    assert (close["title"], close["data"]) == ("Close the election", {"election_id": 9})
    assert not inputs(chair) and not buttons_with_verb(chair, verbs.ELECTION_VOTE)
    assert "Only the members of Utviklingsgruppe helse og omsorg vote" in all_text(chair)


def test_the_chair_test_of_the_card_is_the_core_policy(
    fartt_mandate: Mandate,
    ror_mandate: Mandate,
) -> None:
    for mandate in (fartt_mandate, ror_mandate):
        group = helse(fartt_mandate)
        e = election(group)
        for member in mandate.members:
            shown = card(mandate, e, group, viewer=member.id)
            assert bool(buttons_with_verb(shown, verbs.ELECTION_CLOSE)) == policies.is_chair(
                member, mandate
            ), member.id


def test_after_the_last_day_nobody_votes_but_the_chair_can_close(fartt_mandate: Mandate) -> None:
    group = helse(fartt_mandate)
    e = election(group, (FOLLDAL, ALVDAL))
    late = date(2027, 1, 26)
    assert not inputs(card(fartt_mandate, e, group, today=late))
    assert not buttons(card(fartt_mandate, e, group, viewer=FOLLDAL, today=late))
    assert "Voting ended on Monday, 25 January 2027" in all_text(
        card(fartt_mandate, e, group, today=late)
    )
    assert buttons_with_verb(card(fartt_mandate, e, group, CHAIR, late), verbs.ELECTION_CLOSE)


def test_the_result_names_the_leader_and_has_no_buttons(fartt_mandate: Mandate) -> None:
    group = helse(fartt_mandate)
    e = election(group, (FOLLDAL, ALVDAL), (TOLGA, ALVDAL), (ALVDAL, TOLGA))
    e.close(by="system", at=AT + timedelta(days=1))
    for viewer in (None, CHAIR, FOLLDAL):
        shown = card(fartt_mandate, e, group, viewer)
        assert not buttons(shown) and not inputs(shown)
        text = all_text(shown)
        assert "Anders Aasen is the group's leader for 2027." in text
        assert "3 of 6 members voted." in text and "Closed automatically" in text
        assert "Hilde Haugen" not in text  # the votes are counts per candidate, not per voter


@pytest.mark.parametrize(
    ("ballots", "expected"),
    [
        ([(FOLLDAL, ALVDAL), (ALVDAL, TOLGA)], "The vote was tied, so the chair decides"),
        ([], "Nobody voted, so the chair decides"),
    ],
)
def test_no_winner_leaves_it_to_the_chair(
    fartt_mandate: Mandate,
    ballots: list[tuple[str, str]],
    expected: str,
) -> None:
    group = helse(fartt_mandate)
    e = election(group, *ballots)
    e.close(by=CHAIR, at=AT)
    text = all_text(card(fartt_mandate, e, group))
    assert "No winner" in text and expected in text and "by Dag Dalen" in text


def test_a_winner_the_group_refused_as_leader_is_explained(fartt_mandate: Mandate) -> None:
    group = helse(fartt_mandate)
    e = election(group, (FOLLDAL, ALVDAL))
    e.close(by=CHAIR, at=AT)
    e.leader_not_recorded("group.leader_already_elected")
    text = all_text(card(fartt_mandate, e, group))
    assert "Anders Aasen got the most votes, but is not recorded as the group's leader." in text
    assert "The group already has a leader for 2027." in text and "The chair decides." in text


def test_the_bot_accepts_exactly_what_the_card_sends(fartt_mandate: Mandate) -> None:
    group = helse(fartt_mandate)
    shown = card(fartt_mandate, election(group), group, viewer=CHAIR)
    sent = {"election_id": 9, verbs.ELECTION_CANDIDATE: ALVDAL}
    for verb in (verbs.ELECTION_VOTE, verbs.ELECTION_CLOSE):
        assert cd.checked(verb, sent) == sent
        with pytest.raises(InvalidInput) as refused:
            cd.checked(verb, {**sent, "voter": FOLLDAL})
        assert refused.value.code == "card.tampered"
    assert buttons_with_verb(shown, verbs.ELECTION_CLOSE)[0]["fallback"]["data"] == {
        "election_id": 9,
        "verb": verbs.ELECTION_CLOSE,
    }
