"""meetings held in Teams: opening, attendance, the item in hand, free items proposed by members,
the chair's minutes note per item, each vote's meeting and the members' confirmations of the
minutes

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("opened_by", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("attendance", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("current_position", sa.Integer(), nullable=True))
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "status",
                sa.Enum(
                    "proposed",
                    "accepted",
                    "declined",
                    name="itemstatus",
                    native_enum=False,
                    length=40,
                ),
                server_default="accepted",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("proposed_by", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("minutes_note", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("meeting_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_votes_meeting_id_meetings"), "meetings", ["meeting_id"], ["id"]
        )
    op.create_table(
        "minutes_confirmations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(length=100), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_minutes_confirmations_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_confirmations")),
        sa.UniqueConstraint(
            "meeting_id", "member_id", name="uq_minutes_confirmations_meeting_member"
        ),
    )
    with op.batch_alter_table("minutes_confirmations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minutes_confirmations_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("minutes_confirmations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_confirmations_meeting_id"))
    op.drop_table("minutes_confirmations")
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_votes_meeting_id_meetings"), type_="foreignkey")
        batch_op.drop_column("meeting_id")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_column("minutes_note")
        batch_op.drop_column("proposed_by")
        batch_op.drop_column("status")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("current_position")
        batch_op.drop_column("attendance")
        batch_op.drop_column("opened_by")
        batch_op.drop_column("opened_at")
