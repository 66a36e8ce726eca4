"""Ranking rounds and the municipalities' submissions: tables, mapping, repository."""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import registry, relationship

from governance.domain.ranking import RankingRound, RankingSubmission
from governance.i18n import N_
from governance.store.base import SqlRepository, UtcDateTime, json_list, metadata, pk

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


def map_rankings(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(RankingSubmission, ranking_submissions_t)
    mapper_registry.map_imperatively(
        RankingRound,
        ranking_rounds_t,
        properties={
            "submissions": relationship(
                RankingSubmission,
                lazy="selectin",
                order_by=ranking_submissions_t.c.id,
                cascade="all, delete-orphan",
            ),
        },
    )


class RankingRepository(SqlRepository[RankingRound]):
    model = RankingRound
    not_found_code = "ranking.not_found"
    not_found_message = N_("There is no ranking round #{id}.")

    async def all(self) -> list[RankingRound]:
        return await self.where(order_by=[ranking_rounds_t.c.id])

    async def latest_closed(self) -> RankingRound | None:
        """The round closed last (the one whose final order counts for the investment plan)."""
        found = await self.where(
            ranking_rounds_t.c.closed_at.is_not(None),
            order_by=[ranking_rounds_t.c.closed_at.desc(), ranking_rounds_t.c.id.desc()],
        )
        return found[0] if found else None
