"""What a settled publication puts into the outbox next, the back-off with the jitter passed in,
and the typed subjects of posted cards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from governance.domain.outbox import (
    BASE_BACKOFF,
    DOCUMENT_KINDS,
    MAX_ATTEMPTS,
    PUBLISHING_KINDS,
    TEAMS_KINDS,
    DeliveryState,
    PublicationKind,
    follow_ups,
    publication,
)
from governance.domain.subjects import CardSubject, SubjectKind

AT = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
RESULT = {"url": "https://files/Vedtak.docx", "pdf": "https://files/Vedtak.pdf", "title": "Vedtak"}


def test_every_kind_is_delivered_by_exactly_one_side() -> None:
    assert set(PublicationKind) == TEAMS_KINDS | PUBLISHING_KINDS
    assert not TEAMS_KINDS & PUBLISHING_KINDS
    assert PublicationKind.PORTFOLIO not in DOCUMENT_KINDS


@pytest.mark.parametrize("kind", sorted(DOCUMENT_KINDS - {PublicationKind.DECISION}))
def test_a_delivered_document_is_announced_in_its_bodys_channel(kind: PublicationKind) -> None:
    item = publication(f"{kind}:1", kind, "bestillerutvalget", {}, at=AT)
    item.delivered(at=AT, result=RESULT)
    [announcement] = follow_ups(item, board="styret")
    assert announcement.kind is PublicationKind.ANNOUNCEMENT
    assert (
        announcement.body_id == "bestillerutvalget" and announcement.key == f"announcement:{kind}:1"
    )
    assert announcement.payload == {"title": "Vedtak", "url": "https://files/Vedtak.docx"}


def test_a_delivered_decision_is_announced_and_links_the_portfolio_row() -> None:
    item = publication(
        "decision:vote:3",
        PublicationKind.DECISION,
        "bestillerutvalget",
        {"vote_id": 3, "proposal_id": 7},
        at=AT,
    )
    item.delivered(at=AT, result=RESULT)
    announcement, row = follow_ups(item, board="styret")
    assert announcement.kind is PublicationKind.ANNOUNCEMENT
    assert (row.kind, row.key, row.body_id, row.payload) == (
        PublicationKind.PORTFOLIO,
        "portfolio:proposal:7",
        "styret",
        {"proposal_id": 7},
    )


def test_a_document_without_a_link_is_not_announced() -> None:
    item = publication("status:1", PublicationKind.STATUS, "styret", {}, at=AT)
    item.delivered(at=AT, result={"path": "Status/x.docx"})
    assert follow_ups(item, board="styret") == []


@pytest.mark.parametrize("kind", sorted(TEAMS_KINDS | {PublicationKind.PORTFOLIO}))
def test_rows_and_the_bots_own_messages_lead_to_nothing_more(kind: PublicationKind) -> None:
    item = publication("k", kind, "styret", {}, at=AT)
    item.delivered(at=AT, result=RESULT)
    assert follow_ups(item, board="styret") == []


def test_a_parked_publication_warns_the_chairs_once_and_a_parked_warning_does_not() -> None:
    item = publication("status:1", PublicationKind.STATUS, "styret", {}, at=AT)
    item.failed("graph_forbidden: 403", at=AT, permanent=True)
    assert item.state is DeliveryState.FAILED
    [warning] = follow_ups(item, board="styret")
    assert warning.kind is PublicationKind.WARNING
    assert warning.payload == {"key": "status:1", "error": "graph_forbidden: 403"}
    told = publication("warning:status:1", PublicationKind.WARNING, "styret", {}, at=AT)
    told.failed("no chat", at=AT, permanent=True)
    assert follow_ups(told, board="styret") == []


def test_a_pending_failure_leads_to_nothing_yet() -> None:
    item = publication("status:1", PublicationKind.STATUS, "styret", {}, at=AT)
    item.failed("503", at=AT)
    assert item.state is DeliveryState.PENDING and follow_ups(item, board="styret") == []


@pytest.mark.parametrize("jitter", [0.8, 1.0, 1.2])
def test_the_back_off_doubles_and_is_stretched_by_the_jitter_given(jitter: float) -> None:
    item = publication("status:1", PublicationKind.STATUS, "styret", {}, at=AT)
    item.failed("503", at=AT, jitter=jitter)
    assert item.next_attempt_at == AT + BASE_BACKOFF * jitter
    item.failed("503", at=AT, jitter=jitter)
    assert item.next_attempt_at == AT + 2 * BASE_BACKOFF * jitter
    for _ in range(MAX_ATTEMPTS - 2):
        item.failed("503", at=AT, jitter=jitter)
    assert item.state is DeliveryState.FAILED
    assert item.next_attempt_at <= AT + timedelta(hours=1)


@pytest.mark.parametrize(
    ("subject", "key"),
    [
        (CardSubject.vote(12), "vote:12"),
        (CardSubject.task(3), "task:3"),
        (CardSubject.agenda(9), "agenda:9"),
        (CardSubject.election(4), "election:4"),
        (CardSubject.election_chair(4, "dl-ror"), "election-chair:4:dl-ror"),
    ],
)
def test_card_subjects_keep_the_keys_stored_with_posts(subject: CardSubject, key: str) -> None:
    assert subject.key == key and CardSubject.parse(key) == subject


@pytest.mark.parametrize(
    "key",
    [
        "",
        "vote",
        "vote:",
        "vote:x",
        "vote:012",
        "vote:-1",
        "poll:3",
        "vote:3:dl-ror",
        "election-chair:4",
        "task:3:",
        "election:4:dl-ror",
    ],
)
def test_a_key_no_subject_makes_is_refused(key: str) -> None:
    with pytest.raises(ValueError):
        CardSubject.parse(key)


def test_subject_kinds_are_the_stored_prefixes() -> None:
    assert [k.value for k in SubjectKind] == [
        "vote",
        "task",
        "agenda",
        "election",
        "election-chair",
        "decision",
        "proposal",
    ]
