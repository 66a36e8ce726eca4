"""vote deadlines and ballot reasons: a vote's closing time (from the mandate file's decision
rule, movable by the chair) and the reason a municipality gives with its ballot

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.drop_column("reason")
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_column("closes_at")
