"""Proposals and their history: tables, mapping onto the domain and the repository.

The domain stays plain Python; this module tells SQLAlchemy how those classes are stored
(cosmicpython's "classical mapping"). Collections load eagerly (``selectin``) because lazy loads
are not possible under asyncio. Queries name the table columns (``*_t.c``) rather than the mapped
dataclasses' attributes: mapped imperatively, they are plain dataclass fields to a type checker.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import registry, relationship

from governance.domain.attachments import Attachment
from governance.domain.proposals import Proposal, ProposalEvent, ProposalKind, ProposalState
from governance.i18n import N_
from governance.store.attachments import map_attachments, proposal_attachments_t
from governance.store.base import (
    DecimalText,
    SqlRepository,
    UtcDateTime,
    enum_column,
    json_dict,
    json_list,
    metadata,
    pk,
)

proposals_t = Table(
    "proposals",
    metadata,
    pk(),
    Column("cooperation", String(64), nullable=False),
    Column("title", String(300), nullable=False),
    Column("description", Text, nullable=False),
    Column("kind", enum_column(ProposalKind), nullable=False),
    Column("catalogue_service", String(100)),
    Column("municipalities", json_list(), nullable=False),
    Column("needs", json_dict(), nullable=False),
    Column("cost_one_off", DecimalText, nullable=False),
    Column("cost_yearly", DecimalText, nullable=False),
    Column("benefit_potential", Text, nullable=False),
    Column("benefit_measurement", Text, nullable=False),
    Column("legal_basis", Text, nullable=False),
    Column("user_perspective", Text, nullable=False),
    Column("org_change", Text, nullable=False),
    Column("strategy_goals", json_list(), nullable=False),
    Column("owner_group", String(100)),
    Column("submitter", String(100), nullable=False),
    Column("submitter_municipality", String(100)),
    Column("state", enum_column(ProposalState), nullable=False, index=True),
    Column("qa", json_dict(), nullable=False),
    Column("qa_comment", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime),
)

proposal_events_t = Table(
    "proposal_events",
    metadata,
    pk(),
    Column(
        "proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("action", String(40), nullable=False),
    Column("from_state", String(40), nullable=False),
    Column("to_state", String(40), nullable=False),
    Column("by", String(100), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("comment", Text, nullable=False),
)


def map_proposals(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(ProposalEvent, proposal_events_t)
    map_attachments(mapper_registry)
    mapper_registry.map_imperatively(
        Proposal,
        proposals_t,
        properties={
            "history": relationship(
                ProposalEvent,
                lazy="selectin",
                order_by=proposal_events_t.c.id,
                cascade="all, delete-orphan",
            ),
            "attachments": relationship(
                Attachment,
                lazy="selectin",
                order_by=proposal_attachments_t.c.id,
                cascade="all, delete-orphan",
            ),
        },
    )


class ProposalRepository(SqlRepository[Proposal]):
    model = Proposal
    not_found_code = "proposal.not_found"
    not_found_message = N_("There is no proposal #{id}.")

    async def in_states(self, *states: ProposalState) -> list[Proposal]:
        return await self.where(proposals_t.c.state.in_(states), order_by=[proposals_t.c.id])

    async def all(self) -> list[Proposal]:
        return await self.where(order_by=[proposals_t.c.id])

    async def by_submitter(self, member_id: str) -> list[Proposal]:
        return await self.where(proposals_t.c.submitter == member_id, order_by=[proposals_t.c.id])
