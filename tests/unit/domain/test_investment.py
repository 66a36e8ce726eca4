"""Investment plan, budget and benefit realisation (mandate rule 8)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from governance.domain.errors import InvalidInput, InvalidTransition
from governance.domain.investment import (
    BenefitFollowUp,
    BenefitRow,
    InvestmentPlan,
    Justification,
    benefit_report,
)

AT = datetime(2025, 9, 15, 12, 0, tzinfo=UTC)


def plan_with_lines() -> InvestmentPlan:
    plan = InvestmentPlan("utviklingsgruppe-helse", 2026)
    plan.add_line(
        11, 2026, "Velferdsteknologi", Decimal(500_000), Decimal(80_000), "Færre besøk", ["gain"]
    )
    plan.add_line(
        12, 2026, "Journal", Decimal(200_000), Decimal(20_000), "Lovkrav", ["law", "users"]
    )
    plan.add_line(
        13, 2027, "Digital post", Decimal(0), Decimal(10_000), "Portotap", [Justification.GAIN]
    )
    return plan


def test_a_line_carries_cost_benefit_and_justification_in_canonical_order() -> None:
    plan = InvestmentPlan("utviklingsgruppe-helse", 2026)
    line = plan.add_line(
        7,
        2027,
        " Skoleplattform ",
        Decimal("1.50"),
        Decimal(3),
        " Bedre læring ",
        ["gain", "law", "gain"],
    )
    assert plan.lines == [line]
    assert (line.title, line.benefit) == ("Skoleplattform", "Bedre læring")
    assert line.justification == ["law", "gain"]
    assert line.first_year_cost() == Decimal("4.50")
    assert line.rank is None


@pytest.mark.parametrize(
    ("proposal_id", "year", "title", "one_off", "yearly", "benefit", "justification", "code"),
    [
        (
            11,
            2026,
            "Igjen",
            Decimal(1),
            Decimal(1),
            "Nytte",
            ["law"],
            "investment.duplicate_proposal",
        ),
        (20, 2025, "Før", Decimal(1), Decimal(1), "Nytte", ["law"], "investment.year_before_plan"),
        (20, 2026, "Neg", Decimal(-1), Decimal(1), "Nytte", ["law"], "investment.negative_cost"),
        (
            20,
            2026,
            "Neg",
            Decimal(1),
            Decimal("-0.01"),
            "Nytte",
            ["law"],
            "investment.negative_cost",
        ),
        (20, 2026, " ", Decimal(1), Decimal(1), "Nytte", ["law"], "investment.text_required"),
        (20, 2026, "Tom", Decimal(1), Decimal(1), "  ", ["law"], "investment.text_required"),
        (20, 2026, "Tom", Decimal(1), Decimal(1), "Nytte", [], "investment.justification_required"),
        (
            20,
            2026,
            "Tom",
            Decimal(1),
            Decimal(1),
            "Nytte",
            ["fun"],
            "investment.unknown_justification",
        ),
    ],
)
def test_add_line_refusals_change_nothing(
    proposal_id: int,
    year: int,
    title: str,
    one_off: Decimal,
    yearly: Decimal,
    benefit: str,
    justification: list[str],
    code: str,
) -> None:
    plan = plan_with_lines()
    before = asdict(plan)
    with pytest.raises(InvalidInput) as refused:
        plan.add_line(proposal_id, year, title, one_off, yearly, benefit, justification)
    assert refused.value.code == code
    assert asdict(plan) == before


def test_a_single_justification_may_be_given_as_a_string() -> None:
    plan = InvestmentPlan("utviklingsgruppe-helse", 2026)
    line = plan.add_line(1, 2026, "Arkiv", Decimal(1), Decimal(0), "Lovkrav", Justification.LAW)
    assert line.justification == ["law"]


def test_ranking_numbers_lines_in_final_order_and_puts_unranked_last() -> None:
    plan = plan_with_lines()
    plan.apply_ranking([99, 13, 11])
    assert [(line.proposal_id, line.rank) for line in plan.ordered_lines()] == [
        (13, 1),
        (11, 2),
        (12, None),
    ]


def test_a_new_ranking_replaces_the_previous_ranks() -> None:
    plan = plan_with_lines()
    plan.apply_ranking([12, 11, 13])
    plan.apply_ranking([11])
    assert {line.proposal_id: line.rank for line in plan.lines} == {11: 1, 12: None, 13: None}


def test_unranked_lines_keep_the_order_they_were_added_in() -> None:
    assert [line.proposal_id for line in plan_with_lines().ordered_lines()] == [11, 12, 13]


def test_ranking_with_a_duplicate_is_refused() -> None:
    plan = plan_with_lines()
    before = asdict(plan)
    with pytest.raises(InvalidInput) as refused:
        plan.apply_ranking([11, 12, 11])
    assert refused.value.code == "investment.duplicate_in_order"
    assert asdict(plan) == before


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            None,
            {"one_off": Decimal(700_000), "yearly": Decimal(110_000), "total": Decimal(810_000)},
        ),
        (
            2026,
            {"one_off": Decimal(700_000), "yearly": Decimal(100_000), "total": Decimal(800_000)},
        ),
        (2027, {"one_off": Decimal(0), "yearly": Decimal(10_000), "total": Decimal(10_000)}),
        (2030, {"one_off": Decimal(0), "yearly": Decimal(0), "total": Decimal(0)}),
    ],
)
def test_budget_totals_sum_one_off_and_yearly_costs(
    year: int | None, expected: dict[str, Decimal]
) -> None:
    assert plan_with_lines().budget_total(year) == expected


def test_adopting_records_who_and_when() -> None:
    plan = plan_with_lines()
    plan.adopt("styret", AT)
    assert (plan.adopted_by, plan.adopted_at) == ("styret", AT)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda p: p.add_line(20, 2026, "Ny", Decimal(1), Decimal(1), "Nytte", ["law"]), id="add"
        ),
        pytest.param(lambda p: p.apply_ranking([12, 11]), id="rank"),
        pytest.param(lambda p: p.adopt("styret", AT), id="adopt-again"),
    ],
)
def test_an_adopted_plan_refuses_every_change(change: Callable[[InvestmentPlan], object]) -> None:
    plan = plan_with_lines()
    plan.adopt("styret", AT)
    before = asdict(plan)
    with pytest.raises(InvalidTransition) as refused:
        change(plan)
    assert refused.value.code == "investment.adopted"
    assert asdict(plan) == before


def test_an_empty_plan_cannot_be_adopted() -> None:
    plan = InvestmentPlan("utviklingsgruppe-helse", 2026)
    with pytest.raises(InvalidInput) as refused:
        plan.adopt("styret", AT)
    assert refused.value.code == "investment.empty_plan"
    assert plan.adopted_at is None


# --- benefit realisation ------------------------------------------------------------------------


def test_recording_a_measurement_keeps_who_when_and_note() -> None:
    followup = BenefitFollowUp(11, "Sparte timer", Decimal(1200), "timer/år")
    followup.record(Decimal(900), date(2026, 12, 31), "leder-helse", " Første år ")
    assert (followup.measured_value, followup.measured_on) == (Decimal(900), date(2026, 12, 31))
    assert (followup.recorded_by, followup.note) == ("leder-helse", "Første år")


def test_a_later_measurement_replaces_the_earlier_one() -> None:
    followup = BenefitFollowUp(11, "Sparte timer", Decimal(1200), "timer/år")
    followup.record(Decimal(900), date(2026, 12, 31), "a")
    followup.record(Decimal(1300), date(2027, 12, 31), "b")
    assert (followup.measured_value, followup.recorded_by) == (Decimal(1300), "b")


def test_a_measurement_older_than_the_recorded_one_is_refused() -> None:
    followup = BenefitFollowUp(11, "Sparte timer", Decimal(1200), "timer/år")
    followup.record(Decimal(900), date(2026, 12, 31), "a")
    before = asdict(followup)
    with pytest.raises(InvalidInput) as refused:
        followup.record(Decimal(100), date(2026, 6, 30), "b")
    assert refused.value.code == "benefit.measurement_older"
    assert asdict(followup) == before


@pytest.mark.parametrize(
    ("planned", "measured", "ratio"),
    [
        (Decimal(1200), Decimal(900), Decimal("0.7500")),
        (Decimal(3), Decimal(1), Decimal("0.3333")),
        (Decimal(3), Decimal(2), Decimal("0.6667")),
        (Decimal(100), Decimal(150), Decimal("1.5000")),
        (Decimal(100), Decimal(0), Decimal("0.0000")),
        (Decimal(0), Decimal(5), None),
        (Decimal(100), None, None),
    ],
)
def test_benefit_report_ratio_is_realised_over_planned(
    planned: Decimal, measured: Decimal | None, ratio: Decimal | None
) -> None:
    followup = BenefitFollowUp(1, "Gevinst", planned, "kr")
    if measured is not None:
        followup.record(measured, date(2026, 1, 1), "a")
    [row] = benefit_report([followup])
    assert row.ratio == ratio
    assert (row.planned_value, row.measured_value) == (planned, measured)


def test_benefit_report_is_sorted_by_proposal_then_benefit() -> None:
    rows = benefit_report(
        [
            BenefitFollowUp(12, "Porto", Decimal(10), "kr"),
            BenefitFollowUp(11, "Timer", Decimal(10), "t"),
            BenefitFollowUp(11, "Kvalitet", Decimal(10), "poeng"),
        ]
    )
    assert [(r.proposal_id, r.benefit) for r in rows] == [
        (11, "Kvalitet"),
        (11, "Timer"),
        (12, "Porto"),
    ]
    assert rows[0] == BenefitRow(11, "Kvalitet", "poeng", Decimal(10), None, None, None)


def test_benefit_report_of_nothing_is_empty() -> None:
    assert benefit_report([]) == []
