"""The audit log: every change and every ballot, chained with SHA-256 so edits show.

Each entry's hash covers its own content and the previous entry's hash; a separate head records
the last sequence number and hash, so a deleted tail is detected too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    subject: str
    data: Mapping[str, Any]
    prev_hash: str
    hash: str

    def as_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "subject": self.subject,
            "data": dict(self.data),
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


def entry_hash(
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    subject: str,
    data: Mapping[str, Any],
    prev_hash: str,
) -> str:
    """SHA-256 over a canonical JSON form of the entry and the previous hash (time in UTC, so
    the hash does not depend on the zone the time was given in or read back in)."""
    moment = at.astimezone(UTC).isoformat(timespec="microseconds")
    canonical = json.dumps(
        [seq, moment, actor, action, subject, data, prev_hash],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def verify_chain(entries: Iterable[AuditEntry], head: tuple[int, str] | None) -> list[str]:
    """Problems found in the chain (empty when intact). ``head`` is (last seq, last hash)."""
    problems: list[str] = []
    expected_prev, expected_seq = GENESIS, 1
    for entry in entries:
        if entry.seq != expected_seq:
            problems.append(
                f"entry {expected_seq}: missing or out of order (entry {entry.seq} found there)"
            )
        if entry.prev_hash != expected_prev:
            problems.append(f"entry {entry.seq}: previous hash does not match entry before it")
        recomputed = entry_hash(
            entry.seq,
            entry.at,
            entry.actor,
            entry.action,
            entry.subject,
            entry.data,
            entry.prev_hash,
        )
        if recomputed != entry.hash:
            problems.append(f"entry {entry.seq}: content does not match its hash (edited)")
        expected_prev, expected_seq = entry.hash, entry.seq + 1
    last_seq = expected_seq - 1
    if head is not None and (head[0] != last_seq or head[1] != expected_prev):
        problems.append(f"head says entry {head[0]} is last, the log ends at {last_seq}")
    if head is None and last_seq:
        problems.append("audit head is missing")
    return problems
