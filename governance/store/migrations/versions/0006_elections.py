"""elections

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "elections",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("group_key", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(length=100), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=100), nullable=True),
        sa.Column("winner", sa.String(length=100), nullable=True),
        sa.Column("leader_refusal", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_key"], ["groups.key"], name=op.f("fk_elections_group_key_groups")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_elections")),
        sa.UniqueConstraint("group_key", "year", name="uq_elections_group_key_year"),
    )
    op.create_table(
        "election_ballots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("election_id", sa.Integer(), nullable=False),
        sa.Column("voter", sa.String(length=100), nullable=False),
        sa.Column("candidate", sa.String(length=100), nullable=False),
        sa.Column("cast_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["elections.id"],
            name=op.f("fk_election_ballots_election_id_elections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_election_ballots")),
        sa.UniqueConstraint("election_id", "voter", name="uq_election_ballots_election_id_voter"),
    )


def downgrade() -> None:
    op.drop_table("election_ballots")
    op.drop_table("elections")
