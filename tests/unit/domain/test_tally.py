"""The weighted tally (mandate rule 4): quorum, consensus, weighted majority, escalation."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from governance.domain.organisation import DecisionRule, RuleKind
from governance.domain.tally import Choice, Outcome, tally

FOR, MOT, AVSTAR = Choice.FOR, Choice.MOT, Choice.AVSTAR
EQUAL = {"aukra": Decimal(1), "molde": Decimal(1), "rauma": Decimal(1), "vestnes": Decimal(1)}
MOLDE_HEAVY = {**EQUAL, "molde": Decimal(3)}
CONSENSUS = DecisionRule(RuleKind.CONSENSUS, escalate_to="styret")
MAJORITY = DecisionRule(RuleKind.WEIGHTED_MAJORITY, escalate_to="styret")
MAJORITY_NO_BOARD = DecisionRule(RuleKind.WEIGHTED_MAJORITY)


@dataclass(frozen=True)
class Case:
    name: str
    rule: DecisionRule
    weights: dict[str, Decimal]
    ballots: dict[str, Choice]
    outcome: Outcome


def everyone(choice: Choice, weights: dict[str, Decimal] = EQUAL) -> dict[str, Choice]:
    return dict.fromkeys(weights, choice)


CASES = [
    # consensus (ROR-IKT: enighet, otherwise the board decides)
    Case("consensus-all-for", CONSENSUS, EQUAL, everyone(FOR), Outcome.RECOMMENDED),
    Case("consensus-all-mot", CONSENSUS, EQUAL, everyone(MOT), Outcome.NOT_RECOMMENDED),
    Case(
        "consensus-one-mot-among-fors",
        CONSENSUS,
        EQUAL,
        {**everyone(FOR), "vestnes": MOT},
        Outcome.ESCALATED,
    ),
    Case(
        "consensus-one-for-among-mots",
        CONSENSUS,
        EQUAL,
        {**everyone(MOT), "aukra": FOR},
        Outcome.ESCALATED,
    ),
    Case(
        "consensus-abstentions-aside-for",
        CONSENSUS,
        EQUAL,
        {"aukra": FOR, "molde": AVSTAR, "rauma": AVSTAR, "vestnes": FOR},
        Outcome.RECOMMENDED,
    ),
    Case(
        "consensus-abstentions-aside-mot",
        CONSENSUS,
        EQUAL,
        {"aukra": MOT, "molde": AVSTAR, "rauma": MOT},
        Outcome.NOT_RECOMMENDED,
    ),
    Case("consensus-all-abstain", CONSENSUS, EQUAL, everyone(AVSTAR), Outcome.ESCALATED),
    Case(
        "consensus-two-for-two-missing",
        CONSENSUS,
        EQUAL,
        {"aukra": FOR, "molde": FOR},
        Outcome.RECOMMENDED,
    ),
    Case("consensus-one-of-four-no-quorum", CONSENSUS, EQUAL, {"aukra": FOR}, Outcome.NO_QUORUM),
    Case("consensus-no-ballots", CONSENSUS, EQUAL, {}, Outcome.NO_QUORUM),
    Case(
        "consensus-heavy-mot-still-blocks",
        CONSENSUS,
        MOLDE_HEAVY,
        {**everyone(FOR), "aukra": MOT},
        Outcome.ESCALATED,
    ),
    # weighted majority
    Case("majority-all-for", MAJORITY, EQUAL, everyone(FOR), Outcome.RECOMMENDED),
    Case("majority-all-mot", MAJORITY, EQUAL, everyone(MOT), Outcome.NOT_RECOMMENDED),
    Case(
        "majority-three-for-one-mot",
        MAJORITY,
        EQUAL,
        {**everyone(FOR), "vestnes": MOT},
        Outcome.RECOMMENDED,
    ),
    Case(
        "majority-one-for-three-mot",
        MAJORITY,
        EQUAL,
        {**everyone(MOT), "vestnes": FOR},
        Outcome.NOT_RECOMMENDED,
    ),
    Case(
        "majority-for-and-abstain",
        MAJORITY,
        EQUAL,
        {"aukra": FOR, "molde": AVSTAR, "rauma": AVSTAR},
        Outcome.RECOMMENDED,
    ),
    Case(
        "majority-two-two-tie-escalates",
        MAJORITY,
        EQUAL,
        {"aukra": FOR, "molde": FOR, "rauma": MOT, "vestnes": MOT},
        Outcome.ESCALATED,
    ),
    Case(
        "majority-two-two-tie-without-board",
        MAJORITY_NO_BOARD,
        EQUAL,
        {"aukra": FOR, "molde": FOR, "rauma": MOT, "vestnes": MOT},
        Outcome.NOT_RECOMMENDED,
    ),
    Case("majority-all-abstain-escalates", MAJORITY, EQUAL, everyone(AVSTAR), Outcome.ESCALATED),
    Case(
        "majority-all-abstain-without-board",
        MAJORITY_NO_BOARD,
        EQUAL,
        everyone(AVSTAR),
        Outcome.NOT_RECOMMENDED,
    ),
    Case("majority-one-of-four-no-quorum", MAJORITY, EQUAL, {"aukra": FOR}, Outcome.NO_QUORUM),
    # unequal weights 3/1/1/1
    Case(
        "weighted-heavy-alone-for-ties-three-against",
        MAJORITY,
        MOLDE_HEAVY,
        {**everyone(MOT), "molde": FOR},
        Outcome.ESCALATED,
    ),
    Case(
        "weighted-heavy-tie-without-board",
        MAJORITY_NO_BOARD,
        MOLDE_HEAVY,
        {**everyone(MOT), "molde": FOR},
        Outcome.NOT_RECOMMENDED,
    ),
    Case(
        "weighted-heavy-for-one-mot",
        MAJORITY,
        MOLDE_HEAVY,
        {"molde": FOR, "aukra": MOT},
        Outcome.RECOMMENDED,
    ),
    Case(
        "weighted-heavy-mot-outweighs-two-for",
        MAJORITY,
        MOLDE_HEAVY,
        {"molde": MOT, "aukra": FOR, "rauma": FOR},
        Outcome.NOT_RECOMMENDED,
    ),
    Case(
        "weighted-heavy-alone-meets-quorum",
        MAJORITY,
        MOLDE_HEAVY,
        {"molde": FOR},
        Outcome.RECOMMENDED,
    ),
    Case(
        "weighted-two-light-miss-quorum",
        MAJORITY,
        MOLDE_HEAVY,
        {"aukra": FOR, "rauma": FOR},
        Outcome.NO_QUORUM,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_outcome_table(case: Case) -> None:
    assert tally(case.ballots, case.weights, case.rule).outcome is case.outcome


def test_weighted_and_unweighted_totals_are_both_counted() -> None:
    ballots = {"molde": FOR, "aukra": MOT, "rauma": AVSTAR}

    result = tally(ballots, MOLDE_HEAVY, MAJORITY)

    assert (result.for_weight, result.against_weight, result.abstain_weight) == (
        Decimal(3),
        Decimal(1),
        Decimal(1),
    )
    assert (result.for_count, result.against_count, result.abstain_count) == (1, 1, 1)
    assert result.total_weight == Decimal(6)
    assert result.cast_weight == Decimal(5)
    assert result.missing == ("vestnes",)
    assert result.quorum_met
    assert result.outcome is Outcome.RECOMMENDED


def test_three_light_municipalities_outnumber_but_do_not_outweigh_the_heavy_one() -> None:
    result = tally({**everyone(MOT), "molde": FOR}, MOLDE_HEAVY, MAJORITY)

    assert (result.for_count, result.against_count) == (1, 3)
    assert result.for_weight == result.against_weight == Decimal(3)
    assert result.outcome is Outcome.ESCALATED


def test_missing_ballots_are_listed_sorted() -> None:
    result = tally({"molde": FOR, "aukra": FOR}, EQUAL, CONSENSUS)

    assert result.missing == ("rauma", "vestnes")


def test_nobody_is_missing_when_all_have_voted() -> None:
    assert tally(everyone(AVSTAR), EQUAL, CONSENSUS).missing == ()


@pytest.mark.parametrize(
    ("ballots", "quorum_met"),
    [
        ({"aukra": FOR}, False),
        ({"aukra": FOR, "molde": MOT}, True),
        ({"aukra": AVSTAR, "molde": AVSTAR}, True),
        ({"aukra": FOR, "molde": FOR, "rauma": FOR}, True),
    ],
    ids=["one-of-four", "exactly-half", "abstentions-count-as-present", "three-of-four"],
)
def test_quorum_is_half_of_the_total_weight_inclusive(
    ballots: dict[str, Choice], quorum_met: bool
) -> None:
    result = tally(ballots, EQUAL, CONSENSUS)

    assert result.quorum_met is quorum_met
    assert (result.outcome is Outcome.NO_QUORUM) is not quorum_met


@pytest.mark.parametrize(
    ("quorum_share", "ballots", "quorum_met"),
    [
        (Decimal("0.75"), {"aukra": FOR, "molde": FOR}, False),
        (Decimal("0.75"), {"aukra": FOR, "molde": FOR, "rauma": FOR}, True),
        (Decimal(1), {"aukra": FOR, "molde": FOR, "rauma": FOR}, False),
        (Decimal(1), everyone(FOR), True),
        (Decimal(0), {}, True),
    ],
    ids=["below-three-quarters", "at-three-quarters", "below-all", "all", "no-quorum-rule"],
)
def test_quorum_share_comes_from_the_rule(
    quorum_share: Decimal, ballots: dict[str, Choice], quorum_met: bool
) -> None:
    rule = DecisionRule(RuleKind.CONSENSUS, quorum_share=quorum_share, escalate_to="styret")
    assert tally(ballots, EQUAL, rule).quorum_met is quorum_met


def test_no_ballots_under_a_zero_quorum_is_no_agreement() -> None:
    rule = DecisionRule(RuleKind.CONSENSUS, quorum_share=Decimal(0), escalate_to="styret")
    assert tally({}, EQUAL, rule).outcome is Outcome.ESCALATED


def test_quorum_boundary_with_unequal_weights() -> None:
    # total 6, half is 3: Molde alone reaches it, the three others together reach it too
    assert tally({"molde": AVSTAR}, MOLDE_HEAVY, CONSENSUS).quorum_met
    light = {"aukra": FOR, "rauma": FOR, "vestnes": FOR}
    assert tally(light, MOLDE_HEAVY, CONSENSUS).quorum_met
    assert not tally({"aukra": FOR, "rauma": FOR}, MOLDE_HEAVY, CONSENSUS).quorum_met


@pytest.mark.parametrize(
    ("majority_share", "outcome"),
    [
        (Decimal("0.5"), Outcome.RECOMMENDED),
        (Decimal("0.6"), Outcome.RECOMMENDED),
        (Decimal("0.75"), Outcome.ESCALATED),
    ],
    ids=["simple", "qualified-met", "exactly-three-quarters-is-not-above"],
)
def test_for_must_exceed_the_majority_share(majority_share: Decimal, outcome: Outcome) -> None:
    rule = DecisionRule(
        RuleKind.WEIGHTED_MAJORITY, majority_share=majority_share, escalate_to="styret"
    )
    ballots = {**everyone(FOR), "vestnes": MOT}  # 3 of 4 = 0.75 of the decisive weight

    assert tally(ballots, EQUAL, rule).outcome is outcome


def test_a_ballot_of_a_municipality_without_weight_counts_zero_weight() -> None:
    ballots = {"aukra": FOR, "hustadvika": FOR}

    result = tally(ballots, EQUAL, MAJORITY)

    assert result.for_weight == Decimal(1)
    assert result.cast_weight == Decimal(1)
    assert result.missing == ("molde", "rauma", "vestnes")
    assert not result.quorum_met
    assert result.outcome is Outcome.NO_QUORUM


def test_a_municipality_with_weight_zero_adds_no_weight() -> None:
    weights = {**EQUAL, "ror-ikt": Decimal(0)}

    result = tally({"ror-ikt": MOT, "aukra": FOR, "molde": FOR}, weights, MAJORITY)

    assert (result.for_weight, result.against_weight) == (Decimal(2), Decimal(0))
    assert result.total_weight == Decimal(4)
    assert result.outcome is Outcome.RECOMMENDED


@pytest.mark.parametrize(
    "weights",
    [{}, dict.fromkeys(EQUAL, Decimal(0))],
    ids=["no-municipalities", "all-weights-zero"],
)
def test_total_weight_zero_has_no_quorum(weights: dict[str, Decimal]) -> None:
    rule = DecisionRule(RuleKind.CONSENSUS, quorum_share=Decimal(0), escalate_to="styret")

    result = tally(dict.fromkeys(weights, FOR), weights, rule)

    assert result.total_weight == Decimal(0)
    assert result.quorum_met is False
    assert result.outcome is Outcome.NO_QUORUM


def test_fractional_weights_are_exact() -> None:
    weights = {"a": Decimal("0.1"), "b": Decimal("0.2"), "c": Decimal("0.3")}

    result = tally({"a": FOR, "b": FOR, "c": MOT}, weights, MAJORITY)

    assert result.for_weight == Decimal("0.3")
    assert result.total_weight == Decimal("0.6")
    # 0.3 for against 0.3 mot is an exact tie, which binary floats would not give
    assert result.outcome is Outcome.ESCALATED


def test_the_tally_does_not_change_its_inputs() -> None:
    ballots = {"aukra": FOR, "molde": MOT}
    weights = dict(MOLDE_HEAVY)

    tally(ballots, weights, MAJORITY)

    assert ballots == {"aukra": FOR, "molde": MOT}
    assert weights == MOLDE_HEAVY
