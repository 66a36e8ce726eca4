"""one outbox: the notices move into the outbox table, which now holds every delivery

Every notice row is kept: its key becomes the delivery's ``once_key`` (a notice exists once),
``sent`` becomes ``delivered`` and ``sent_at`` ``delivered_at``. Publications get ``send_at``
from their ``created_at``. The downgrade moves the notices back.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

NOTICE_KINDS = (
    "task_posted",
    "task_leader",
    "task_reminder",
    "task_overdue",
    "meeting_call",
    "meeting_agenda",
    "leader_election",
    "status_report",
    "chair_warning",
)
_KINDS = ", ".join(f"'{k}'" for k in NOTICE_KINDS)


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column(
            "key", existing_type=sa.String(length=300), type_=sa.String(length=400)
        )
        batch_op.add_column(
            sa.Column("subject", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("recipient", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("send_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("expires_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("once_key", sa.String(length=400), nullable=True))
        batch_op.add_column(
            sa.Column("activity_id", sa.String(length=300), nullable=False, server_default="")
        )
        batch_op.create_unique_constraint("uq_outbox_once_key", ["once_key"])
    op.execute("UPDATE outbox SET send_at = created_at")
    op.execute(
        "INSERT INTO outbox (key, kind, body_id, payload, created_at, next_attempt_at, subject, "
        "recipient, send_at, expires_on, once_key, state, attempts, claimed_by, claimed_until, "
        "delivered_at, activity_id, last_error, result) "
        "SELECT key, kind, '', payload, created_at, next_attempt_at, subject, recipient, "
        "send_at, expires_on, key, CASE state WHEN 'sent' THEN 'delivered' ELSE state END, "
        "attempts, claimed_by, claimed_until, sent_at, activity_id, last_error, result "
        "FROM notices ORDER BY id"
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column("send_at", existing_type=sa.DateTime(timezone=True), nullable=False)
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_index("ix_notices_due")
    op.drop_table("notices")


def downgrade() -> None:
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*NOTICE_KINDS, name="noticekind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("send_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "state",
            sa.Enum("pending", "sent", "skipped", name="noticestate", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("activity_id", sa.String(length=300), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        sa.UniqueConstraint("key", name="uq_notices_key"),
    )
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.create_index("ix_notices_due", ["state", "next_attempt_at"], unique=False)
    op.execute(
        "INSERT INTO notices (key, kind, subject, recipient, send_at, expires_on, payload, "
        "created_at, next_attempt_at, state, attempts, claimed_by, claimed_until, sent_at, "
        "activity_id, last_error, result) "
        "SELECT key, kind, subject, recipient, send_at, expires_on, "
        "payload, created_at, next_attempt_at, "
        "CASE state WHEN 'delivered' THEN 'sent' WHEN 'failed' THEN 'skipped' ELSE state END, "
        "attempts, claimed_by, claimed_until, delivered_at, activity_id, last_error, result "
        f"FROM outbox WHERE kind IN ({_KINDS}) ORDER BY id"
    )
    op.execute(f"DELETE FROM outbox WHERE kind IN ({_KINDS})")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint("uq_outbox_once_key", type_="unique")
        batch_op.drop_column("activity_id")
        batch_op.drop_column("once_key")
        batch_op.drop_column("expires_on")
        batch_op.drop_column("send_at")
        batch_op.drop_column("recipient")
        batch_op.drop_column("subject")
        batch_op.alter_column(
            "key", existing_type=sa.String(length=400), type_=sa.String(length=300)
        )
