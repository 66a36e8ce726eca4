"""Tables of ranking rounds, investment plans, benefit follow-up and annual-cycle occurrences."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import registry, relationship

from governance.domain import annual_cycle, investment, ranking
from governance.store.schema_base import json_list, metadata, pk
from governance.store.types import DecimalText, UtcDateTime

ranking_rounds_t = Table(
    "ranking_rounds",
    metadata,
    pk(),
    Column("body_id", String(100), nullable=False),
    Column("title", String(300), nullable=False),
    Column("proposal_ids", JSON, nullable=False),
    Column("weights", JSON, nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("opened_by", String(100), nullable=False),
    Column("closed_at", UtcDateTime),
    Column("closed_by", String(100)),
    Column("computed_order", JSON(none_as_null=True)),
    Column("override_order", JSON(none_as_null=True)),
    Column("override_reason", Text),
    Column("overridden_by", String(100)),
    Column("overridden_at", UtcDateTime),
)

ranking_submissions_t = Table(
    "ranking_submissions",
    metadata,
    pk(),
    Column("round_id", ForeignKey("ranking_rounds.id", ondelete="CASCADE"), nullable=False),
    Column("municipality", String(100), nullable=False),
    Column("order", json_list(), nullable=False),
    Column("submitted_by", String(100), nullable=False),
    Column("submitted_at", UtcDateTime, nullable=False),
    UniqueConstraint("round_id", "municipality", name="uq_ranking_submissions_round_mun"),
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
)

task_occurrences_t = Table(
    "task_occurrences",
    metadata,
    pk(),
    Column("task_id", String(100), nullable=False),
    Column("year", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("responsible", json_list(), nullable=False),
    Column("quarter", Integer, nullable=False),
    Column("due", Date, nullable=False),
    Column("postponed_to", Date),
    Column("postponed_by", String(100)),
    Column("done_at", UtcDateTime),
    Column("done_by", String(100)),
    UniqueConstraint("task_id", "year", name="uq_task_occurrences_task_year"),
)


def map_plans(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(ranking.RankingSubmission, ranking_submissions_t)
    mapper_registry.map_imperatively(
        ranking.RankingRound,
        ranking_rounds_t,
        properties={
            "submissions": relationship(
                ranking.RankingSubmission,
                lazy="selectin",
                order_by=ranking_submissions_t.c.id,
                cascade="all, delete-orphan",
            ),
        },
    )
    mapper_registry.map_imperatively(investment.PlanLine, plan_lines_t)
    mapper_registry.map_imperatively(
        investment.InvestmentPlan,
        plans_t,
        properties={
            "lines": relationship(
                investment.PlanLine,
                lazy="selectin",
                order_by=plan_lines_t.c.id,
                cascade="all, delete-orphan",
            ),
        },
    )
    mapper_registry.map_imperatively(investment.BenefitFollowUp, benefits_t)
    mapper_registry.map_imperatively(annual_cycle.TaskOccurrence, task_occurrences_t)
