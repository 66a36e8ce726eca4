"""Investment plans (with their lines) and the benefit follow-ups of their proposals: tables,
mapping and repositories."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import registry, relationship

from governance.domain.errors import NotFound
from governance.domain.investment import BenefitFollowUp, InvestmentPlan, PlanLine
from governance.i18n import N_
from governance.store.base import (
    DateList,
    DecimalText,
    SqlRepository,
    UtcDateTime,
    json_list,
    metadata,
    pk,
)

plans_t = Table(
    "investment_plans",
    metadata,
    pk(),
    Column("body_id", String(100), nullable=False),
    Column("year", Integer, nullable=False, unique=True),
    Column("adopted_at", UtcDateTime),
    Column("adopted_by", String(100)),
)

plan_lines_t = Table(
    "investment_plan_lines",
    metadata,
    pk(),
    Column("plan_id", ForeignKey("investment_plans.id", ondelete="CASCADE"), nullable=False),
    Column("proposal_id", ForeignKey("proposals.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("title", String(300), nullable=False),
    Column("one_off_cost", DecimalText, nullable=False),
    Column("yearly_cost", DecimalText, nullable=False),
    Column("benefit", Text, nullable=False),
    Column("justification", json_list(), nullable=False),
    Column("rank", Integer),
    UniqueConstraint("plan_id", "proposal_id", name="uq_investment_plan_lines_plan_proposal"),
)

benefits_t = Table(
    "benefit_followups",
    metadata,
    pk(),
    Column("proposal_id", ForeignKey("proposals.id"), nullable=False, index=True),
    Column("benefit", Text, nullable=False),
    Column("planned_value", DecimalText, nullable=False),
    Column("unit", String(40), nullable=False),
    Column("measured_value", DecimalText),
    Column("measured_on", Date),
    Column("recorded_by", String(100)),
    Column("note", Text, nullable=False),
    Column("due_dates", DateList, nullable=False),
    Column("reminded_for", Date),
)


def map_plans(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(PlanLine, plan_lines_t)
    mapper_registry.map_imperatively(
        InvestmentPlan,
        plans_t,
        properties={
            "lines": relationship(
                PlanLine,
                lazy="selectin",
                order_by=plan_lines_t.c.id,
                cascade="all, delete-orphan",
            ),
        },
    )
    mapper_registry.map_imperatively(BenefitFollowUp, benefits_t)


class PlanRepository(SqlRepository[InvestmentPlan]):
    model = InvestmentPlan
    not_found_code = "plan.not_found"
    not_found_message = N_("There is no investment plan #{id}.")

    async def for_year(self, year: int) -> InvestmentPlan | None:
        found = await self.where(plans_t.c.year == year)
        return found[0] if found else None

    async def of_year(self, year: int) -> InvestmentPlan:
        """The plan of ``year``; ``NotFound`` when none has been built."""
        plan = await self.for_year(year)
        if plan is None:
            raise NotFound(
                "plan.not_found", N_("There is no investment plan for {year}."), year=year
            )
        return plan

    async def all(self) -> list[InvestmentPlan]:
        return await self.where(order_by=[plans_t.c.year])

    async def adopted(self) -> list[InvestmentPlan]:
        return await self.where(plans_t.c.adopted_at.is_not(None), order_by=[plans_t.c.year])


class BenefitRepository(SqlRepository[BenefitFollowUp]):
    model = BenefitFollowUp
    not_found_code = "benefit.not_found"
    not_found_message = N_("There is no benefit follow-up #{id}.")

    async def of_proposal(self, proposal_id: int) -> list[BenefitFollowUp]:
        return await self.where(benefits_t.c.proposal_id == proposal_id, order_by=[benefits_t.c.id])

    async def all(self) -> list[BenefitFollowUp]:
        return await self.where(order_by=[benefits_t.c.id])
