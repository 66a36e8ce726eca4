"""Reading card data strictly: only the keys each verb's card sends, ids that are ids."""

from __future__ import annotations

from typing import Any

import pytest

from bot import card_data as cd
from bot.routes.actions import ACTIONS
from governance import verbs
from governance.domain.errors import InvalidInput


def test_every_verb_of_the_cards_has_a_handler_and_a_data_contract() -> None:
    assert set(verbs.ALL_VERBS) == set(ACTIONS) == set(cd.ALLOWED)


@pytest.mark.parametrize(
    ("verb", "data"),
    [
        ("ballot.cast", {"vote_id": 3, "choice": "for"}),
        ("ballot.cast", {"vote_id": "3", "choice": "mot", "verb": "ballot.cast"}),
        ("proposal.save", {"title": "x", "need_molde": "y", "submit": True}),
        ("qa.save", {"proposal_id": 1, "qa_owner_named": "true", "qa_comment": ""}),
        ("ranking.submit", {"round_id": 1, "rank_12": "1", "rank_7": "2"}),
        ("vote.refresh", None),
    ],
)
def test_what_a_card_sends_is_accepted(verb: str, data: Any) -> None:
    assert isinstance(cd.checked(verb, data), dict)


@pytest.mark.parametrize(
    ("verb", "data", "code"),
    [
        ("ballot.cast", {"vote_id": 3, "choice": "for", "municipality": "molde"}, "card.tampered"),
        ("ballot.cast", {"vote_id": 3, "verb": "vote.close"}, "card.tampered"),
        ("ballot.cast", ["vote_id", 3], "card.tampered"),
        ("proposal.save", {"submitter": "best-aukra"}, "card.tampered"),
        ("proposal.save", {"need_../../etc": "x"}, "card.tampered"),
        ("vote.delete", {"vote_id": 3}, "card.unknown_action"),
        ("", {}, "card.unknown_action"),
        ("proposal.save", {"title": "x" * 9000}, "card.too_long"),
    ],
)
def test_tampered_data_is_refused(verb: str, data: Any, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        cd.checked(verb, data)
    assert refused.value.code == code


@pytest.mark.parametrize("value", [True, None, 0, -4, 2.0, "1 OR 1=1", "", "99999999999"])
def test_an_id_is_a_positive_integer(value: Any) -> None:
    with pytest.raises(InvalidInput):
        cd.id_of({"vote_id": value}, "vote_id")


@pytest.mark.parametrize(("value", "expected"), [(7, 7), ("7", 7)])
def test_ids_come_as_numbers_or_digits(value: Any, expected: int) -> None:
    assert cd.id_of({"vote_id": value}, "vote_id") == expected
