"""projects of approved proposals with their status updates, and the follow-up dates of each
planned benefit with the due date its owning group was last reminded of

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("group_key", sa.String(length=100), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("budget", sa.String(length=40), nullable=False),
        sa.Column("owner_group", sa.String(length=100), nullable=False),
        sa.Column("leader", sa.String(length=100), nullable=False),
        sa.Column("commissioner", sa.String(length=100), nullable=False),
        sa.Column("started_by", sa.String(length=100), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_by", sa.String(length=100), nullable=True),
        sa.Column("delivery_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name=op.f("fk_projects_proposal_id_proposals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
        sa.UniqueConstraint("proposal_id", name=op.f("uq_projects_proposal_id")),
    )
    op.create_table(
        "project_status_updates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "on_track", "at_risk", "late", name="projectstatus", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_status_updates_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_status_updates")),
    )
    with op.batch_alter_table("project_status_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_status_updates_project_id"), ["project_id"], unique=False
        )
    with op.batch_alter_table("benefit_followups", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("due_dates", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )
        batch_op.add_column(sa.Column("reminded_for", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("benefit_followups", schema=None) as batch_op:
        batch_op.drop_column("reminded_for")
        batch_op.drop_column("due_dates")
    with op.batch_alter_table("project_status_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_status_updates_project_id"))
    op.drop_table("project_status_updates")
    op.drop_table("projects")
