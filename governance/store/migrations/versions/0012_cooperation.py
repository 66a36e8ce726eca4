"""cooperation: the one cooperation a database belongs to, recorded by the first process that
writes with a mandate file

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cooperation",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cooperation_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cooperation")),
    )


def downgrade() -> None:
    op.drop_table("cooperation")
