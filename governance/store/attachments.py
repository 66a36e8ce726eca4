"""The links from proposals to files in the Teams area: table and mapping. An attachment is a
child of its proposal (``Proposal.attachments``, loaded with it), so no repository of its own."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import registry

from governance.domain.attachments import MAX_TITLE, Attachment
from governance.store.base import UtcDateTime, metadata, pk

proposal_attachments_t = Table(
    "proposal_attachments",
    metadata,
    pk(),
    Column(
        "proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("title", String(MAX_TITLE), nullable=False),
    Column("url", Text, nullable=False),
    Column("added_by", String(100), nullable=False),
    Column("added_at", UtcDateTime, nullable=False),
)


def map_attachments(mapper_registry: registry) -> None:
    mapper_registry.map_imperatively(Attachment, proposal_attachments_t)
