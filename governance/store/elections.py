"""The yearly leader elections of development groups and their ballots: tables, mapping and
the repository (one election per group and year, and those due to be closed)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import registry, relationship

from governance.domain.elections import Election, ElectionBallot
from governance.i18n import N_
from governance.store.base import SqlRepository, UtcDateTime, metadata, pk

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
    mapper_registry.map_imperatively(ElectionBallot, election_ballots_t)
    mapper_registry.map_imperatively(
        Election,
        elections_t,
        properties={
            "ballots": relationship(
                ElectionBallot,
                lazy="selectin",
                order_by=election_ballots_t.c.id,
                cascade="all, delete-orphan",
            ),
        },
    )


class ElectionRepository(SqlRepository[Election]):
    model = Election
    not_found_code = "election.not_found"
    not_found_message = N_("There is no election #{id}.")

    async def of_group(self, group_key: str, year: int) -> Election | None:
        """The election of ``group_key`` for ``year``, open or closed."""
        found = await self.where(elections_t.c.group_key == group_key, elections_t.c.year == year)
        return found[0] if found else None

    async def due(self, today: date) -> list[Election]:
        """Open elections whose last day of voting is before ``today``, oldest first."""
        return await self.where(
            elections_t.c.closed_at.is_(None),
            elections_t.c.closes_on < today,
            order_by=[elections_t.c.closes_on, elections_t.c.id],
        )
