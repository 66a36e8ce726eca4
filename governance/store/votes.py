"""Votes and their ballots: tables (at most one open vote per proposal), mapping, repository."""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import registry, relationship

from governance.domain.tally import Choice, Outcome
from governance.domain.votes import Ballot, Vote
from governance.i18n import N_
from governance.store.base import SqlRepository, UtcDateTime, enum_column, metadata, pk

votes_t = Table(
    "votes",
    metadata,
    pk(),
    Column("proposal_id", ForeignKey("proposals.id"), nullable=False, index=True),
    Column("body_id", String(100), nullable=False),
    Column("weights", JSON, nullable=False),
    Column("rule", JSON, nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("opened_by", String(100), nullable=False),
    Column("closed_at", UtcDateTime),
    Column("closed_by", String(100)),
    Column("outcome", enum_column(Outcome)),
    Column("meeting_id", ForeignKey("meetings.id")),
    Column("closes_at", UtcDateTime),
)
# At most one open vote per proposal, enforced by the database on both engines.
Index(
    "uq_votes_one_open_per_proposal",
    votes_t.c.proposal_id,
    unique=True,
    sqlite_where=votes_t.c.closed_at.is_(None),
    postgresql_where=votes_t.c.closed_at.is_(None),
)

ballots_t = Table(
    "ballots",
    metadata,
    pk(),
    Column("vote_id", ForeignKey("votes.id", ondelete="CASCADE"), nullable=False),
    Column("municipality", String(100), nullable=False),
    Column("choice", enum_column(Choice), nullable=False),
    Column("cast_by", String(100), nullable=False),
    Column("cast_at", UtcDateTime, nullable=False),
    Column("reason", Text, nullable=False, server_default=""),
    UniqueConstraint("vote_id", "municipality", name="uq_ballots_vote_municipality"),
)


def map_votes(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(Ballot, ballots_t)
    mapper_registry.map_imperatively(
        Vote,
        votes_t,
        properties={
            "ballots": relationship(
                Ballot,
                lazy="selectin",
                order_by=ballots_t.c.id,
                cascade="all, delete-orphan",
            )
        },
    )


class VoteRepository(SqlRepository[Vote]):
    model = Vote
    not_found_code = "vote.not_found"
    not_found_message = N_("There is no vote #{id}.")

    async def open_for(self, proposal_id: int) -> Vote | None:
        found = await self.where(
            votes_t.c.proposal_id == proposal_id, votes_t.c.closed_at.is_(None)
        )
        return found[0] if found else None

    async def for_proposal(self, proposal_id: int) -> list[Vote]:
        return await self.where(votes_t.c.proposal_id == proposal_id, order_by=[votes_t.c.id])

    async def open_ones(self) -> list[Vote]:
        return await self.where(votes_t.c.closed_at.is_(None), order_by=[votes_t.c.id])

    async def all(self) -> list[Vote]:
        return await self.where(order_by=[votes_t.c.id])
