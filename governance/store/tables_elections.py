"""Tables of the yearly leader elections of development groups and their ballots."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import registry, relationship

from governance.domain import elections
from governance.store.schema_base import metadata, pk
from governance.store.types import UtcDateTime

elections_t = Table(
    "elections",
    metadata,
    pk(),
    Column("group_key", ForeignKey("groups.key"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("opened_by", String(100), nullable=False),
    Column("closes_on", Date, nullable=False),
    Column("closed_at", UtcDateTime),
    Column("closed_by", String(100)),
    Column("winner", String(100)),
    Column("leader_refusal", String(100)),
    # one election per group and year: opening again finds this one
    UniqueConstraint("group_key", "year", name="uq_elections_group_key_year"),
)

election_ballots_t = Table(
    "election_ballots",
    metadata,
    pk(),
    Column("election_id", ForeignKey("elections.id", ondelete="CASCADE"), nullable=False),
    Column("voter", String(100), nullable=False),
    Column("candidate", String(100), nullable=False),
    Column("cast_at", UtcDateTime, nullable=False),
    UniqueConstraint("election_id", "voter", name="uq_election_ballots_election_id_voter"),
)


def map_elections(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(elections.ElectionBallot, election_ballots_t)
    mapper_registry.map_imperatively(
        elections.Election,
        elections_t,
        properties={
            "ballots": relationship(
                elections.ElectionBallot,
                lazy="selectin",
                order_by=election_ballots_t.c.id,
                cascade="all, delete-orphan",
            ),
        },
    )
