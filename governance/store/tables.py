"""Tables of proposals, votes, meetings and the audit log, and their mapping onto the domain.

The domain stays plain Python; this module tells SQLAlchemy how those classes are stored
(cosmicpython's "classical mapping"). Collections load eagerly (``selectin``) because lazy loads
are not possible under asyncio.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import registry, relationship

from governance.domain import meetings, proposals
from governance.domain import votes as votes_domain
from governance.domain.tally import Choice, Outcome
from governance.store.schema_base import enum_column as _enum
from governance.store.schema_base import json_dict as _json_dict
from governance.store.schema_base import json_list as _json_list
from governance.store.schema_base import metadata
from governance.store.schema_base import pk as _pk
from governance.store.types import DecimalText, UtcDateTime

proposals_t = Table(
    "proposals",
    metadata,
    _pk(),
    Column("cooperation", String(64), nullable=False),
    Column("title", String(300), nullable=False),
    Column("description", Text, nullable=False),
    Column("kind", _enum(proposals.ProposalKind), nullable=False),
    Column("catalogue_service", String(100)),
    Column("municipalities", _json_list(), nullable=False),
    Column("needs", _json_dict(), nullable=False),
    Column("cost_one_off", DecimalText, nullable=False),
    Column("cost_yearly", DecimalText, nullable=False),
    Column("benefit_potential", Text, nullable=False),
    Column("benefit_measurement", Text, nullable=False),
    Column("legal_basis", Text, nullable=False),
    Column("user_perspective", Text, nullable=False),
    Column("org_change", Text, nullable=False),
    Column("strategy_goals", _json_list(), nullable=False),
    Column("owner_group", String(100)),
    Column("submitter", String(100), nullable=False),
    Column("submitter_municipality", String(100)),
    Column("state", _enum(proposals.ProposalState), nullable=False, index=True),
    Column("qa", _json_dict(), nullable=False),
    Column("qa_comment", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime),
)

proposal_events_t = Table(
    "proposal_events",
    metadata,
    _pk(),
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

votes_t = Table(
    "votes",
    metadata,
    _pk(),
    Column("proposal_id", ForeignKey("proposals.id"), nullable=False, index=True),
    Column("body_id", String(100), nullable=False),
    Column("weights", JSON, nullable=False),
    Column("rule", JSON, nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("opened_by", String(100), nullable=False),
    Column("closed_at", UtcDateTime),
    Column("closed_by", String(100)),
    Column("outcome", _enum(Outcome)),
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
    _pk(),
    Column("vote_id", ForeignKey("votes.id", ondelete="CASCADE"), nullable=False),
    Column("municipality", String(100), nullable=False),
    Column("choice", _enum(Choice), nullable=False),
    Column("cast_by", String(100), nullable=False),
    Column("cast_at", UtcDateTime, nullable=False),
    UniqueConstraint("vote_id", "municipality", name="uq_ballots_vote_municipality"),
)

meetings_t = Table(
    "meetings",
    metadata,
    _pk(),
    Column("body_id", String(100), nullable=False),
    Column("kind", _enum(meetings.MeetingKind), nullable=False),
    Column("on", Date, nullable=False),
    Column("title", String(300), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("closed_at", UtcDateTime),
    Column("closed_by", String(100)),
    Column("minutes", JSON),
    Column("minutes_approved_at", UtcDateTime),
    Column("minutes_approved_by", String(100)),
    UniqueConstraint("body_id", "kind", "on", name="uq_meetings_body_kind_on"),
)

agenda_items_t = Table(
    "agenda_items",
    metadata,
    _pk(),
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("kind", _enum(meetings.ItemKind), nullable=False),
    Column("title", String(300), nullable=False),
    Column("proposal_id", ForeignKey("proposals.id")),
    Column("note", Text, nullable=False),
    Column("decision", Text, nullable=False),
)

audit_log_t = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(80), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("data", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# One row: the last entry of the chain. Every writing transaction locks it first, which
# serialises writers on PostgreSQL (SQLite serialises them with BEGIN IMMEDIATE).
audit_head_t = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)


def map_core(mapper_registry: registry) -> None:
    """Map proposals, votes and meetings onto their tables."""
    mapper_registry.map_imperatively(proposals.ProposalEvent, proposal_events_t)
    mapper_registry.map_imperatively(
        proposals.Proposal,
        proposals_t,
        properties={
            "history": relationship(
                proposals.ProposalEvent,
                lazy="selectin",
                order_by=proposal_events_t.c.id,
                cascade="all, delete-orphan",
            )
        },
    )
    mapper_registry.map_imperatively(votes_domain.Ballot, ballots_t)
    mapper_registry.map_imperatively(
        votes_domain.Vote,
        votes_t,
        properties={
            "ballots": relationship(
                votes_domain.Ballot,
                lazy="selectin",
                order_by=ballots_t.c.id,
                cascade="all, delete-orphan",
            )
        },
    )
    mapper_registry.map_imperatively(meetings.AgendaItem, agenda_items_t)
    mapper_registry.map_imperatively(
        meetings.Meeting,
        meetings_t,
        properties={
            "agenda": relationship(
                meetings.AgendaItem,
                lazy="selectin",
                order_by=agenda_items_t.c.position,
                cascade="all, delete-orphan",
            )
        },
    )
