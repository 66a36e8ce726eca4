"""Decisions after the committee (daglig leder's, the board's): table, mapping, repository."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import registry

from governance.domain.decisions import Decision, Verdict
from governance.domain.proposals import ProposalState
from governance.i18n import N_
from governance.store.base import SqlRepository, UtcDateTime, enum_column, metadata, pk

decisions_t = Table(
    "decisions",
    metadata,
    pk(),
    Column("proposal_id", ForeignKey("proposals.id"), nullable=False, index=True),
    Column("decider", String(100), nullable=False),
    Column("decided_by", String(100), nullable=False),
    Column("verdict", enum_column(Verdict), nullable=False),
    Column("reason", Text, nullable=False),
    Column("from_state", enum_column(ProposalState), nullable=False),
    Column("decided_at", UtcDateTime, nullable=False),
    Column("meeting_id", ForeignKey("meetings.id")),
)


def map_decisions(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(Decision, decisions_t)


class DecisionRepository(SqlRepository[Decision]):
    model = Decision
    not_found_code = "decision.not_found"
    not_found_message = N_("There is no decision #{id}.")

    async def of_proposal(self, proposal_id: int) -> list[Decision]:
        return await self.where(
            decisions_t.c.proposal_id == proposal_id, order_by=[decisions_t.c.id]
        )

    async def all(self) -> list[Decision]:
        return await self.where(order_by=[decisions_t.c.id])
