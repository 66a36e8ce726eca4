"""Investment plan, budget and benefit realisation (mandate rule 8).

Holds the ``InvestmentPlan`` aggregate (one per body and year, with ``PlanLine`` children carrying
cost/benefit and the justification: law, users, gain), its budget totals, and the
``BenefitFollowUp`` records with the pure ``benefit_report`` that compares planned and realised
benefit after delivery.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from governance.domain.errors import InvalidInput, InvalidTransition
from governance.domain.messages import N_

RATIO_QUANTUM = Decimal("0.0001")


class Justification(StrEnum):
    """Why a line belongs in the plan (FARTT mandate, task 12)."""

    LAW = "law"  # krav i lov
    USERS = "users"  # brukerperspektiv
    GAIN = "gain"  # mulig gevinst


@dataclass(eq=False)
class PlanLine:
    """One proposal in the plan: its year, costs (NOK), benefit and justification."""

    proposal_id: int
    year: int
    title: str
    one_off_cost: Decimal
    yearly_cost: Decimal
    benefit: str
    justification: list[str] = field(default_factory=list)
    rank: int | None = None
    id: int | None = None

    def first_year_cost(self) -> Decimal:
        return self.one_off_cost + self.yearly_cost


def _justifications(values: Iterable[str]) -> list[str]:
    """Validated justification values, deduplicated in the canonical order law, users, gain."""
    given = {values} if isinstance(values, str) else set(values)
    known = {j.value for j in Justification}
    unknown = sorted(given - known)
    if unknown:
        raise InvalidInput(
            "investment.unknown_justification",
            N_("Unknown justification: {value}."),
            value=unknown[0],
        )
    if not given:
        raise InvalidInput(
            "investment.justification_required",
            N_("Justify the line by law, users or gain."),
        )
    return [j.value for j in Justification if j.value in given]


def _check_costs(one_off_cost: Decimal, yearly_cost: Decimal) -> None:
    if one_off_cost < 0 or yearly_cost < 0:
        raise InvalidInput("investment.negative_cost", N_("A cost cannot be negative."))


@dataclass(eq=False)
class InvestmentPlan:
    """A body's investment plan for a year (investeringsplan og budsjett, mandate rule 8).

    Lines may belong to later years of a multi-year plan, never to earlier ones. The plan is
    frozen once adopted.
    """

    body_id: str
    year: int
    lines: list[PlanLine] = field(default_factory=list)
    adopted_at: datetime | None = None
    adopted_by: str | None = None
    id: int | None = None

    def line_of(self, proposal_id: int) -> PlanLine | None:
        return next((line for line in self.lines if line.proposal_id == proposal_id), None)

    def add_line(
        self,
        proposal_id: int,
        year: int,
        title: str,
        one_off_cost: Decimal,
        yearly_cost: Decimal,
        benefit: str,
        justification: Iterable[str],
    ) -> PlanLine:
        """Add a proposal to the plan with its cost/benefit and justification."""
        self._require_not_adopted()
        self._check_new_line(proposal_id, year, title, benefit)
        _check_costs(one_off_cost, yearly_cost)
        reasons = _justifications(justification)
        line = PlanLine(
            proposal_id, year, title.strip(), one_off_cost, yearly_cost, benefit.strip(), reasons
        )
        self.lines.append(line)
        return line

    def apply_ranking(self, final_order: Sequence[int]) -> None:
        """Rank the lines 1..n as in a ranking round's final order (mandate rule 3).

        Proposals of the order that are not in the plan are skipped; lines whose proposal is not
        in the order lose their rank and come after the ranked ones.
        """
        self._require_not_adopted()
        if len(set(final_order)) != len(final_order):
            raise InvalidInput(
                "investment.duplicate_in_order", N_("A proposal appears more than once.")
            )
        positions = {pid: index for index, pid in enumerate(final_order)}
        ranked = sorted(
            (line for line in self.lines if line.proposal_id in positions),
            key=lambda line: positions[line.proposal_id],
        )
        for line in self.lines:
            line.rank = None
        for rank, line in enumerate(ranked, start=1):
            line.rank = rank

    def ordered_lines(self) -> list[PlanLine]:
        """Ranked lines by rank, then unranked lines in the order they were added."""
        return sorted(self.lines, key=lambda line: (line.rank is None, line.rank or 0))

    def budget_total(self, year: int | None = None) -> dict[str, Decimal]:
        """Sums over the lines (of ``year`` if given): one-off, yearly, and first-year total."""
        lines = [line for line in self.lines if year is None or line.year == year]
        one_off = sum((line.one_off_cost for line in lines), Decimal(0))
        yearly = sum((line.yearly_cost for line in lines), Decimal(0))
        return {"one_off": one_off, "yearly": yearly, "total": one_off + yearly}

    def adopt(self, by: str, at: datetime) -> None:
        """Adopt the plan; afterwards it can no longer change."""
        self._require_not_adopted()
        if not self.lines:
            raise InvalidInput("investment.empty_plan", N_("An empty plan cannot be adopted."))
        self.adopted_at, self.adopted_by = at, by

    def _check_new_line(self, proposal_id: int, year: int, title: str, benefit: str) -> None:
        if self.line_of(proposal_id) is not None:
            raise InvalidInput(
                "investment.duplicate_proposal",
                N_("Proposal {id} is already in the plan."),
                id=proposal_id,
            )
        if year < self.year:
            raise InvalidInput(
                "investment.year_before_plan",
                N_("A line cannot belong to a year before the plan's year {year}."),
                year=self.year,
            )
        if not title.strip() or not benefit.strip():
            raise InvalidInput(
                "investment.text_required", N_("A line needs a title and a benefit.")
            )

    def _require_not_adopted(self) -> None:
        if self.adopted_at is not None:
            raise InvalidTransition(
                "investment.adopted", N_("The investment plan is adopted and cannot change.")
            )


@dataclass(eq=False)
class BenefitFollowUp:
    """A planned benefit of a delivered proposal and its latest measurement (gevinstrealisering)."""

    proposal_id: int
    benefit: str
    planned_value: Decimal
    unit: str
    measured_value: Decimal | None = None
    measured_on: date | None = None
    recorded_by: str | None = None
    note: str = ""
    due_dates: list[date] = field(default_factory=list)  # follow-up dates, set at delivery
    reminded_for: date | None = None  # the due date the owning group was last reminded of
    id: int | None = None

    def schedule(self, due_dates: Sequence[date]) -> None:
        """Set the follow-up dates (at delivery); an earlier reminder no longer counts."""
        self.due_dates, self.reminded_for = sorted(set(due_dates)), None

    def next_due(self) -> date | None:
        """The first follow-up date still open: a measurement on or after a due date answers it
        (and every earlier one); one taken before it answers nothing."""
        return next(
            (d for d in self.due_dates if self.measured_on is None or self.measured_on < d), None
        )

    def reminder_due(self, today: date) -> date | None:
        """The open due date to remind the owning group of today, if not reminded already."""
        due = self.next_due()
        if due is None or due > today or self.reminded_for == due:
            return None
        return due

    def record(self, measured_value: Decimal, on: date, by: str, note: str = "") -> None:
        """Record a measurement; it replaces an earlier one but may not predate it."""
        if self.measured_on is not None and on < self.measured_on:
            raise InvalidInput(
                "benefit.measurement_older",
                N_("A measurement from {on} is older than the recorded one."),
                on=on.isoformat(),
            )
        self.measured_value, self.measured_on = measured_value, on
        self.recorded_by, self.note = by, note.strip()


@dataclass(frozen=True)
class BenefitRow:
    """Planned against realised benefit; ``ratio`` = measured / planned, None if unknown."""

    proposal_id: int
    benefit: str
    unit: str
    planned_value: Decimal
    measured_value: Decimal | None
    measured_on: date | None
    ratio: Decimal | None


def _ratio(measured: Decimal | None, planned: Decimal) -> Decimal | None:
    if measured is None or planned == 0:
        return None
    return (measured / planned).quantize(RATIO_QUANTUM, rounding=ROUND_HALF_UP)


def benefit_report(followups: Iterable[BenefitFollowUp]) -> list[BenefitRow]:
    """Benefit realisation report, by proposal then benefit (mandate rule 8).

    The ratio is rounded half up to four decimals; it is None while nothing is measured or
    when the planned value is zero.
    """
    rows = [
        BenefitRow(
            f.proposal_id,
            f.benefit,
            f.unit,
            f.planned_value,
            f.measured_value,
            f.measured_on,
            _ratio(f.measured_value, f.planned_value),
        )
        for f in followups
    ]
    return sorted(rows, key=lambda row: (row.proposal_id, row.benefit))
