"""The audit log's SHA-256 hash chain: an intact chain verifies clean, every tampering shows."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from governance.domain.audit import GENESIS, AuditEntry, entry_hash, verify_chain

OSLO = ZoneInfo("Europe/Oslo")
START = datetime(2025, 3, 3, 9, 0, 0, 123456, tzinfo=OSLO)
RECORDS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("molde-bestiller", "proposal.submitted", "proposal:7", {"title": "E-signering"}),
    ("daglig-leder", "proposal.review_started", "proposal:7", {}),
    ("daglig-leder", "vote.opened", "vote:3", {"weights": {"aukra": "1", "molde": "1"}}),
    ("aukra-bestiller", "vote.cast", "vote:3", {"municipality": "aukra", "choice": "for"}),
    ("molde-bestiller", "vote.cast", "vote:3", {"municipality": "molde", "choice": "mot"}),
    ("daglig-leder", "vote.closed", "vote:3", {"outcome": "escalated", "for": 1, "ø": "æå"}),
]


def build_chain(records: list[tuple[str, str, str, dict[str, Any]]] = RECORDS) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    prev = GENESIS
    for seq, (actor, action, subject, data) in enumerate(records, start=1):
        at = START + timedelta(minutes=seq)
        digest = entry_hash(seq, at, actor, action, subject, data, prev)
        entries.append(AuditEntry(seq, at, actor, action, subject, data, prev, digest))
        prev = digest
    return entries


def head_of(entries: list[AuditEntry]) -> tuple[int, str]:
    return entries[-1].seq, entries[-1].hash


# --- intact chains ------------------------------------------------------------------------------


def test_an_intact_chain_verifies_clean() -> None:
    entries = build_chain()
    assert verify_chain(entries, head_of(entries)) == []


def test_the_first_entry_links_to_genesis_and_each_next_to_the_one_before() -> None:
    entries = build_chain()

    assert entries[0].prev_hash == GENESIS == "0" * 64
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    assert len({e.hash for e in entries}) == len(entries)


def test_an_empty_log_without_head_verifies_clean() -> None:
    assert verify_chain([], None) == []


def test_an_empty_log_with_a_genesis_head_verifies_clean() -> None:
    assert verify_chain([], (0, GENESIS)) == []


def test_entry_hash_is_sha256_hex_and_deterministic() -> None:
    first = entry_hash(1, START, "a", "b", "c", {"x": 1, "y": [1, 2]}, GENESIS)
    again = entry_hash(1, START, "a", "b", "c", {"y": [1, 2], "x": 1}, GENESIS)

    assert first == again  # key order of data does not matter
    assert len(first) == 64 and int(first, 16) >= 0


def test_entry_hash_covers_the_previous_hash() -> None:
    assert entry_hash(1, START, "a", "b", "c", {}, GENESIS) != entry_hash(
        1, START, "a", "b", "c", {}, "1" * 64
    )


def test_entry_hash_accepts_values_json_does_not_know() -> None:
    digest = entry_hash(1, START, "a", "b", "c", {"weight": Decimal("1.5")}, GENESIS)
    assert digest == entry_hash(1, START, "a", "b", "c", {"weight": "1.5"}, GENESIS)


def test_entry_hash_depends_on_the_instant_not_only_the_wall_clock() -> None:
    wall_clock = START.replace(tzinfo=None)
    assert entry_hash(1, START, "a", "b", "c", {}, GENESIS) != entry_hash(
        1, wall_clock.replace(tzinfo=UTC), "a", "b", "c", {}, GENESIS
    )


def test_entry_hash_does_not_depend_on_the_zone_the_time_is_given_in() -> None:
    assert entry_hash(1, START, "a", "b", "c", {}, GENESIS) == entry_hash(
        1, START.astimezone(UTC), "a", "b", "c", {}, GENESIS
    )


def test_a_chain_read_back_in_utc_still_verifies() -> None:
    entries = [replace(e, at=e.at.astimezone(UTC)) for e in build_chain()]
    assert verify_chain(entries, head_of(entries)) == []


def test_as_json_carries_every_field() -> None:
    entry = build_chain()[0]

    assert entry.as_json() == {
        "seq": 1,
        "at": entry.at.isoformat(),
        "actor": "molde-bestiller",
        "action": "proposal.submitted",
        "subject": "proposal:7",
        "data": {"title": "E-signering"},
        "prev_hash": GENESIS,
        "hash": entry.hash,
    }


# --- tampering ----------------------------------------------------------------------------------

EDITS: list[tuple[str, Any]] = [
    ("at", START + timedelta(days=1)),
    ("actor", "someone-else"),
    ("action", "proposal.withdrawn"),
    ("subject", "proposal:8"),
    ("data", {"choice": "for", "forged": True}),
]


@pytest.mark.parametrize("index", range(len(RECORDS)), ids=lambda i: f"entry-{i + 1}")
@pytest.mark.parametrize(("field", "value"), EDITS, ids=[f for f, _ in EDITS])
def test_editing_a_field_of_any_entry_is_detected_and_named(
    field: str, value: Any, index: int
) -> None:
    entries = build_chain()
    head = head_of(entries)
    changes: dict[str, Any] = {field: value}
    entries[index] = replace(entries[index], **changes)

    problems = verify_chain(entries, head)

    assert problems == [f"entry {index + 1}: content does not match its hash (edited)"]


@pytest.mark.parametrize("index", range(len(RECORDS)), ids=lambda i: f"entry-{i + 1}")
def test_an_edit_with_a_recomputed_hash_breaks_the_link_to_the_next_entry(index: int) -> None:
    entries = build_chain()
    head = head_of(entries)
    forged = replace(entries[index], actor="someone-else")
    forged = replace(
        forged,
        hash=entry_hash(
            forged.seq,
            forged.at,
            forged.actor,
            forged.action,
            forged.subject,
            forged.data,
            forged.prev_hash,
        ),
    )
    entries[index] = forged

    problems = verify_chain(entries, head)

    assert problems
    if index + 1 < len(entries):
        assert f"entry {index + 2}: previous hash does not match entry before it" in problems
    else:
        assert any(p.startswith("head says entry 6 is last") for p in problems)


@pytest.mark.parametrize("index", range(len(RECORDS)), ids=lambda i: f"entry-{i + 1}")
def test_editing_a_stored_hash_is_detected(index: int) -> None:
    entries = build_chain()
    head = head_of(entries)
    entries[index] = replace(entries[index], hash="f" * 64)

    problems = verify_chain(entries, head)

    assert f"entry {index + 1}: content does not match its hash (edited)" in problems


@pytest.mark.parametrize("index", range(len(RECORDS)), ids=lambda i: f"entry-{i + 1}")
def test_editing_a_stored_previous_hash_is_detected(index: int) -> None:
    entries = build_chain()
    head = head_of(entries)
    entries[index] = replace(entries[index], prev_hash="f" * 64)

    problems = verify_chain(entries, head)

    assert f"entry {index + 1}: previous hash does not match entry before it" in problems


def test_renumbering_an_entry_is_detected() -> None:
    entries = build_chain()
    head = head_of(entries)
    entries[2] = replace(entries[2], seq=30)

    problems = verify_chain(entries, head)

    assert "entry 3: missing or out of order (entry 30 found there)" in problems
    assert "entry 30: content does not match its hash (edited)" in problems


@pytest.mark.parametrize("index", range(1, len(RECORDS) - 1), ids=lambda i: f"entry-{i + 1}")
def test_deleting_a_middle_entry_is_detected_and_named(index: int) -> None:
    entries = build_chain()
    head = head_of(entries)
    del entries[index]

    problems = verify_chain(entries, head)

    assert problems == [
        f"entry {index + 1}: missing or out of order (entry {index + 2} found there)",
        f"entry {index + 2}: previous hash does not match entry before it",
    ]


def test_deleting_the_first_entry_is_detected() -> None:
    entries = build_chain()
    head = head_of(entries)
    del entries[0]

    problems = verify_chain(entries, head)

    assert problems == [
        "entry 1: missing or out of order (entry 2 found there)",
        "entry 2: previous hash does not match entry before it",
    ]


def test_deleting_the_last_entry_is_detected_by_the_head() -> None:
    entries = build_chain()
    head = head_of(entries)
    del entries[-1]

    assert verify_chain(entries, head) == ["head says entry 6 is last, the log ends at 5"]


def test_deleting_every_entry_is_detected_by_the_head() -> None:
    entries = build_chain()

    assert verify_chain([], head_of(entries)) == ["head says entry 6 is last, the log ends at 0"]


def test_a_head_with_the_right_number_but_a_wrong_hash_is_detected() -> None:
    entries = build_chain()

    assert verify_chain(entries, (6, "f" * 64)) == ["head says entry 6 is last, the log ends at 6"]


@pytest.mark.parametrize("index", range(len(RECORDS) - 1), ids=lambda i: f"entries-{i + 1}-{i + 2}")
def test_swapping_two_entries_is_detected_and_names_them(index: int) -> None:
    entries = build_chain()
    head = head_of(entries)
    entries[index], entries[index + 1] = entries[index + 1], entries[index]

    problems = verify_chain(entries, head)

    assert f"entry {index + 2}: previous hash does not match entry before it" in problems
    assert f"entry {index + 1}: previous hash does not match entry before it" in problems


def test_a_missing_head_is_detected() -> None:
    assert verify_chain(build_chain(), None) == ["audit head is missing"]


def test_an_entry_appended_after_the_head_is_detected() -> None:
    entries = build_chain()
    head = head_of(entries[:-1])

    assert verify_chain(entries, head) == ["head says entry 5 is last, the log ends at 6"]


def test_verify_accepts_any_iterable() -> None:
    entries = build_chain()
    assert verify_chain(iter(entries), head_of(entries)) == []
