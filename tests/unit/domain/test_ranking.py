"""Ranking rounds and the weighted Borda count (mandate rule 3)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from governance.domain.errors import DomainError, Forbidden, InvalidInput, InvalidTransition
from governance.domain.ranking import RankedItem, RankingRound, RankingSubmission, weighted_borda

AT = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
EQUAL = {"aukra": Decimal(1), "molde": Decimal(1), "rauma": Decimal(1), "vestnes": Decimal(1)}
MOLDE_HEAVY = {**EQUAL, "molde": Decimal(3)}


def ballot(municipality: str, *order: int) -> RankingSubmission:
    return RankingSubmission(municipality, list(order), f"{municipality}-bestiller", AT)


def order_of(items: list[RankedItem]) -> list[int]:
    return [item.proposal_id for item in items]


def points_of(items: list[RankedItem]) -> dict[int, Decimal]:
    return {item.proposal_id: item.points for item in items}


def a_round(
    proposals: tuple[int, ...] = (1, 2, 3), weights: dict[str, Decimal] = EQUAL
) -> RankingRound:
    return RankingRound.open(
        "bestillerutvalg", "Prioritering 2026", proposals, weights, "chair", AT
    )


# --- weighted_borda -----------------------------------------------------------------------------


def test_full_rankings_earn_n_minus_one_minus_rank_points() -> None:
    items = weighted_borda([1, 2, 3], [ballot("aukra", 3, 1, 2)], EQUAL)
    assert points_of(items) == {3: Decimal(2), 1: Decimal(1), 2: Decimal(0)}
    assert order_of(items) == [3, 1, 2]
    assert [item.position for item in items] == [1, 2, 3]


def test_weight_three_outvotes_three_municipalities_of_weight_one() -> None:
    ballots = [
        ballot("molde", 30, 20, 10),
        ballot("aukra", 10, 20, 30),
        ballot("rauma", 10, 20, 30),
        ballot("vestnes", 20, 10, 30),
    ]
    assert order_of(weighted_borda([10, 20, 30], ballots, EQUAL)) == [10, 20, 30]
    weighted = weighted_borda([10, 20, 30], ballots, MOLDE_HEAVY)
    assert order_of(weighted) == [20, 30, 10]
    assert points_of(weighted) == {20: Decimal(7), 30: Decimal(6), 10: Decimal(5)}
    assert {i.proposal_id: i.first_places_weight for i in weighted} == {
        30: Decimal(3),
        10: Decimal(2),
        20: Decimal(1),
    }


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        pytest.param([3], {3: "3", 1: "1", 2: "1", 4: "1"}, id="one-ranked-others-share-three"),
        pytest.param([3, 1], {3: "3", 1: "2", 2: "0.5", 4: "0.5"}, id="two-ranked"),
        pytest.param([3, 1, 4], {3: "3", 1: "2", 4: "1", 2: "0"}, id="all-but-one-ranked"),
        pytest.param([4, 3, 2, 1], {4: "3", 3: "2", 2: "1", 1: "0"}, id="full"),
    ],
)
def test_unranked_items_share_the_remaining_points_equally(
    order: list[int], expected: dict[int, str]
) -> None:
    items = weighted_borda([1, 2, 3, 4], [ballot("aukra", *order)], EQUAL)
    assert points_of(items) == {pid: Decimal(p) for pid, p in expected.items()}
    assert sum(points_of(items).values()) == Decimal(6)  # every ballot hands out n(n-1)/2


def test_partial_ballot_points_are_multiplied_by_weight() -> None:
    items = weighted_borda([1, 2, 3, 4], [ballot("molde", 3, 1)], MOLDE_HEAVY)
    assert points_of(items) == {3: Decimal(9), 1: Decimal(6), 2: Decimal("1.5"), 4: Decimal("1.5")}


def test_equal_points_are_broken_by_weight_of_first_places() -> None:
    items = weighted_borda([1, 2, 3], [ballot("aukra", 2, 1, 3), ballot("rauma", 3, 1, 2)], EQUAL)
    assert set(points_of(items).values()) == {Decimal(2)}
    assert order_of(items) == [2, 3, 1]


def test_equal_points_and_first_places_are_broken_by_lower_proposal_id() -> None:
    ballots = [
        ballot("molde", 30, 20, 10),
        *(ballot(m, 10, 20, 30) for m in ("aukra", "rauma", "vestnes")),
    ]
    items = weighted_borda([30, 20, 10], ballots, MOLDE_HEAVY)
    assert set(points_of(items).values()) == {Decimal(6)}
    assert order_of(items) == [10, 30, 20]


def test_without_submissions_every_proposal_has_zero_points_in_id_order() -> None:
    items = weighted_borda([5, 3, 9], [], EQUAL)
    assert items == [
        RankedItem(3, Decimal(0), Decimal(0), 1),
        RankedItem(5, Decimal(0), Decimal(0), 2),
        RankedItem(9, Decimal(0), Decimal(0), 3),
    ]


@pytest.mark.parametrize(
    ("proposals", "ballots", "code"),
    [
        ([1, 2, 2], [], "ranking.duplicate_proposal"),
        ([1, 2], [ballot("aukra", 1), ballot("aukra", 2)], "ranking.duplicate_submission"),
        ([1, 2], [ballot("oslo", 1)], "ranking.municipality_not_entitled"),
        ([1, 2], [ballot("aukra", 7)], "ranking.unknown_proposal"),
        ([1, 2], [ballot("aukra", 1, 1)], "ranking.duplicate_in_order"),
    ],
)
def test_weighted_borda_refuses_inconsistent_input(
    proposals: list[int], ballots: list[RankingSubmission], code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        weighted_borda(proposals, ballots, EQUAL)
    assert refused.value.code == code


# --- RankingRound: opening ----------------------------------------------------------------------


def test_opening_copies_the_weights_as_strings() -> None:
    weights = dict(MOLDE_HEAVY)
    ranking = a_round(weights=weights)
    weights["molde"] = Decimal(1)
    del weights["aukra"]
    assert ranking.weights == {"aukra": "1", "molde": "3", "rauma": "1", "vestnes": "1"}
    assert ranking.weight_map()["molde"] == Decimal(3)
    assert ranking.is_open and ranking.final_order is None


@pytest.mark.parametrize(
    ("title", "proposals", "weights", "code"),
    [
        ("Prioritering", (1,), EQUAL, "ranking.too_few_proposals"),
        ("Prioritering", (), EQUAL, "ranking.too_few_proposals"),
        ("Prioritering", (1, 2, 1), EQUAL, "ranking.duplicate_proposal"),
        ("  ", (1, 2), EQUAL, "ranking.title_required"),
        ("Prioritering", (1, 2), {"aukra": Decimal(-1)}, "ranking.negative_weight"),
        ("Prioritering", (1, 2), {"aukra": Decimal(0)}, "ranking.no_weight"),
        ("Prioritering", (1, 2), {}, "ranking.no_weight"),
    ],
)
def test_opening_refuses_bad_rounds(
    title: str, proposals: tuple[int, ...], weights: dict[str, Decimal], code: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        RankingRound.open("bestillerutvalg", title, proposals, weights, "chair", AT)
    assert refused.value.code == code


# --- RankingRound: submitting -------------------------------------------------------------------


def test_a_later_submission_replaces_the_earlier_one_of_the_same_municipality() -> None:
    ranking = a_round()
    first = ranking.submit("aukra", [1, 2], "kari", AT)
    again = ranking.submit("aukra", [3], "ola", AT + timedelta(hours=1))
    assert again is first
    assert len(ranking.submissions) == 1
    assert (again.order, again.submitted_by, again.submitted_at) == (
        [3],
        "ola",
        AT + timedelta(hours=1),
    )


def test_missing_municipalities_are_those_with_weight_and_no_submission() -> None:
    ranking = a_round(weights={**EQUAL, "rauma": Decimal(0)})
    ranking.submit("molde", [2, 1], "kari", AT)
    assert ranking.missing_municipalities() == ["aukra", "vestnes"]


@pytest.mark.parametrize(
    ("municipality", "order", "error", "code"),
    [
        ("aukra", [1, 4], InvalidInput, "ranking.unknown_proposal"),
        ("aukra", [1, 2, 1], InvalidInput, "ranking.duplicate_in_order"),
        ("aukra", [], InvalidInput, "ranking.empty_order"),
        ("oslo", [1], Forbidden, "ranking.municipality_not_entitled"),
        ("rauma", [1], Forbidden, "ranking.municipality_not_entitled"),
    ],
)
def test_submission_refusals_change_nothing(
    municipality: str, order: list[int], error: type[DomainError], code: str
) -> None:
    ranking = a_round(weights={**EQUAL, "rauma": Decimal(0)})
    ranking.submit("aukra", [2], "kari", AT)
    before = asdict(ranking)
    with pytest.raises(error) as refused:
        ranking.submit(municipality, order, "someone", AT)
    assert refused.value.code == code
    assert asdict(ranking) == before


def test_a_closed_round_refuses_submissions() -> None:
    ranking = a_round()
    ranking.close("chair", AT)
    before = asdict(ranking)
    with pytest.raises(InvalidTransition) as refused:
        ranking.submit("aukra", [1], "kari", AT)
    assert refused.value.code == "ranking.closed"
    assert asdict(ranking) == before


# --- RankingRound: closing and overriding -------------------------------------------------------


def closed_round() -> RankingRound:
    ranking = a_round(weights=MOLDE_HEAVY)
    ranking.submit("molde", [3, 2, 1], "m", AT)
    ranking.submit("aukra", [1, 2, 3], "a", AT)
    ranking.submit("rauma", [1, 2], "r", AT)
    ranking.submit("vestnes", [2], "v", AT)
    ranking.close("chair", AT + timedelta(days=7))
    return ranking


def test_closing_stores_the_weighted_order() -> None:
    ranking = closed_round()
    # molde 3·(3:2, 2:1, 1:0); aukra 1:2, 2:1; rauma 1:2, 2:1; vestnes 2:2, 1 and 3: 0.5
    assert points_of(ranking.standings()) == {2: Decimal(7), 3: Decimal("6.5"), 1: Decimal("4.5")}
    assert ranking.computed_order == [2, 3, 1]
    assert ranking.final_order == [2, 3, 1]
    assert (ranking.closed_by, ranking.closed_at) == ("chair", AT + timedelta(days=7))
    assert not ranking.is_open


def test_closing_twice_is_refused() -> None:
    ranking = closed_round()
    before = asdict(ranking)
    with pytest.raises(InvalidTransition) as refused:
        ranking.close("chair", AT + timedelta(days=8))
    assert refused.value.code == "ranking.closed"
    assert asdict(ranking) == before


def test_override_sets_final_order_and_keeps_the_computed_one() -> None:
    ranking = closed_round()
    ranking.override([1, 2, 3], "  Lovkrav fra 2026  ", "chair", AT + timedelta(days=8))
    assert ranking.final_order == [1, 2, 3]
    assert ranking.computed_order == [2, 3, 1]
    assert ranking.override_reason == "Lovkrav fra 2026"
    assert (ranking.overridden_by, ranking.overridden_at) == ("chair", AT + timedelta(days=8))


def test_final_order_is_a_copy() -> None:
    ranking = closed_round()
    order = ranking.final_order
    assert order is not None
    order.reverse()
    assert ranking.computed_order == [2, 3, 1]


@pytest.mark.parametrize(
    ("order", "reason", "code"),
    [
        ([1, 2], "Lovkrav", "ranking.override_not_permutation"),
        ([1, 2, 3, 4], "Lovkrav", "ranking.override_not_permutation"),
        ([1, 1, 2], "Lovkrav", "ranking.override_not_permutation"),
        ([1, 2, 3], " ", "ranking.reason_required"),
    ],
)
def test_override_refusals_change_nothing(order: list[int], reason: str, code: str) -> None:
    ranking = closed_round()
    before = asdict(ranking)
    with pytest.raises(InvalidInput) as refused:
        ranking.override(order, reason, "chair", AT)
    assert refused.value.code == code
    assert asdict(ranking) == before


def test_override_is_refused_while_the_round_is_open() -> None:
    ranking = a_round()
    before = asdict(ranking)
    with pytest.raises(InvalidTransition) as refused:
        ranking.override([3, 2, 1], "Lovkrav", "chair", AT)
    assert refused.value.code == "ranking.not_closed"
    assert asdict(ranking) == before


def test_a_round_without_submissions_closes_in_proposal_id_order() -> None:
    ranking = a_round(proposals=(9, 4, 6))
    assert ranking.close("chair", AT) == [4, 6, 9]
