"""Meetings, their agenda and the minutes draft (mandate rule 5)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from governance.domain.errors import InvalidInput, InvalidTransition
from governance.domain.meetings import ItemKind, Meeting, MeetingKind, minutes_draft

CREATED = datetime(2025, 5, 2, 8, 0, tzinfo=UTC)
CLOSED = datetime(2025, 5, 20, 15, 0, tzinfo=UTC)
APPROVED = CLOSED + timedelta(days=3)
ON = date(2025, 5, 20)
CHAIR = "daglig-leder"


def a_meeting() -> Meeting:
    return Meeting(
        "bestillerutvalg",
        MeetingKind.COMMITTEE,
        ON,
        "Bestillerutvalget mai",
        CHAIR,
        CREATED,
        id=5,
    )


def a_meeting_with_three_items() -> Meeting:
    meeting = a_meeting()
    meeting.add_item(ItemKind.PROPOSAL, "E-signering", proposal_id=7)
    meeting.add_item(ItemKind.FREE, "Orientering om faggruppene", note="Muntlig")
    meeting.add_item(ItemKind.PROPOSAL, "Ny skoleplattform", proposal_id=9)
    return meeting


def positions(meeting: Meeting) -> list[tuple[int, str]]:
    return [(item.position, item.title) for item in meeting.agenda]


def close(meeting: Meeting) -> None:
    meeting.close(minutes_draft(meeting, {}, []), by=CHAIR, at=CLOSED)


# --- the agenda ---------------------------------------------------------------------------------


def test_items_are_numbered_in_the_order_they_are_added() -> None:
    meeting = a_meeting_with_three_items()

    assert positions(meeting) == [
        (1, "E-signering"),
        (2, "Orientering om faggruppene"),
        (3, "Ny skoleplattform"),
    ]
    assert meeting.proposal_ids() == [7, 9]


def test_add_item_returns_the_item_with_its_fields() -> None:
    meeting = a_meeting()

    item = meeting.add_item(
        ItemKind.ESCALATED,
        "  Felles lønnssystem  ",
        proposal_id=11,
        note="Ikke enighet i bestillerutvalget.",
    )

    assert meeting.agenda == [item]
    assert (item.position, item.kind, item.title, item.proposal_id, item.note, item.decision) == (
        1,
        ItemKind.ESCALATED,
        "Felles lønnssystem",
        11,
        "Ikke enighet i bestillerutvalget.",
        "",
    )


def test_the_same_proposal_cannot_be_added_twice() -> None:
    meeting = a_meeting_with_three_items()

    with pytest.raises(InvalidInput) as refused:
        meeting.add_item(ItemKind.PROPOSAL, "E-signering igjen", proposal_id=7)

    assert refused.value.code == "meeting.item_duplicate"
    assert refused.value.params == {"id": 7}
    assert len(meeting.agenda) == 3


def test_free_items_may_share_a_title() -> None:
    meeting = a_meeting()
    meeting.add_item(ItemKind.FREE, "Eventuelt")
    meeting.add_item(ItemKind.FREE, "Eventuelt")

    assert positions(meeting) == [(1, "Eventuelt"), (2, "Eventuelt")]


@pytest.mark.parametrize("title", ["", "   ", "\t\n"], ids=["empty", "spaces", "whitespace"])
def test_an_item_without_a_title_is_refused(title: str) -> None:
    meeting = a_meeting()

    with pytest.raises(InvalidInput) as refused:
        meeting.add_item(ItemKind.FREE, title)

    assert refused.value.code == "meeting.item_title_required"
    assert meeting.agenda == []


@pytest.mark.parametrize(
    ("removed", "left"),
    [
        (7, [(1, "Orientering om faggruppene"), (2, "Ny skoleplattform")]),
        (9, [(1, "E-signering"), (2, "Orientering om faggruppene")]),
        (99, [(1, "E-signering"), (2, "Orientering om faggruppene"), (3, "Ny skoleplattform")]),
    ],
    ids=["first", "last", "not-on-agenda"],
)
def test_removing_a_proposal_renumbers_the_rest(removed: int, left: list[tuple[int, str]]) -> None:
    meeting = a_meeting_with_three_items()

    meeting.remove_proposal(removed)

    assert positions(meeting) == left


def test_an_item_added_after_a_removal_takes_the_next_number() -> None:
    meeting = a_meeting_with_three_items()
    meeting.remove_proposal(7)

    item = meeting.add_item(ItemKind.PROPOSAL, "E-signering", proposal_id=7)

    assert item.position == 3
    assert [p for p, _ in positions(meeting)] == [1, 2, 3]


def test_record_decision_marks_the_items_of_the_proposal() -> None:
    meeting = a_meeting_with_three_items()

    meeting.record_decision(9, "recommended")

    assert [item.decision for item in meeting.agenda] == ["", "", "recommended"]


# --- a closed meeting ---------------------------------------------------------------------------


def test_close_keeps_who_when_and_a_copy_of_the_minutes() -> None:
    meeting = a_meeting_with_three_items()
    minutes = minutes_draft(meeting, {}, ["Kari"])

    meeting.close(minutes, by=CHAIR, at=CLOSED)
    minutes["title"] = "changed afterwards"

    assert (meeting.closed_at, meeting.closed_by) == (CLOSED, CHAIR)
    assert not meeting.is_open
    assert meeting.minutes is not None
    assert meeting.minutes["title"] == "Bestillerutvalget mai"


def test_a_closed_meeting_refuses_new_items() -> None:
    meeting = a_meeting_with_three_items()
    close(meeting)

    with pytest.raises(InvalidTransition) as refused:
        meeting.add_item(ItemKind.FREE, "Eventuelt")

    assert refused.value.code == "meeting.closed"
    assert refused.value.params == {"on": "2025-05-20"}
    assert len(meeting.agenda) == 3


def test_a_closed_meeting_refuses_removals() -> None:
    meeting = a_meeting_with_three_items()
    close(meeting)

    with pytest.raises(InvalidTransition) as refused:
        meeting.remove_proposal(7)

    assert refused.value.code == "meeting.closed"
    assert meeting.proposal_ids() == [7, 9]


def test_a_closed_meeting_cannot_be_closed_again() -> None:
    meeting = a_meeting_with_three_items()
    close(meeting)
    minutes = meeting.minutes

    with pytest.raises(InvalidTransition) as refused:
        meeting.close({"items": []}, by="someone-else", at=APPROVED)

    assert refused.value.code == "meeting.closed"
    assert (meeting.closed_by, meeting.closed_at, meeting.minutes) == (CHAIR, CLOSED, minutes)


def test_a_closed_meeting_refuses_recording_a_decision() -> None:
    # The minutes draft is fixed when the meeting closes; a decision recorded afterwards would
    # appear on the agenda item but never in the minutes.
    meeting = a_meeting_with_three_items()
    close(meeting)

    with pytest.raises(InvalidTransition) as refused:
        meeting.record_decision(7, "recommended")

    assert refused.value.code == "meeting.closed"
    assert [item.decision for item in meeting.agenda] == ["", "", ""]


# --- the minutes --------------------------------------------------------------------------------


def test_minutes_draft_has_each_item_with_its_vote_summary() -> None:
    meeting = a_meeting_with_three_items()
    meeting.record_decision(7, "escalated")
    summary: dict[str, Any] = {
        "outcome": "escalated",
        "quorum_met": True,
        "for_weight": "3",
        "against_weight": "1",
        "abstain_weight": "0",
        "total_weight": "4",
        "for": 3,
        "against": 1,
        "abstain": 0,
        "missing": [],
    }

    draft = minutes_draft(meeting, {7: summary}, ["Kari Nordmann", "Ola Nordmann"])

    assert draft == {
        "body_id": "bestillerutvalg",
        "on": "2025-05-20",
        "title": "Bestillerutvalget mai",
        "attendees": ["Kari Nordmann", "Ola Nordmann"],
        "attendance": [],
        "items": [
            {
                "position": 1,
                "kind": "proposal",
                "title": "E-signering",
                "proposal_id": 7,
                "note": "",
                "decision": "escalated",
                "minutes_note": "",
                "vote": summary,
            },
            {
                "position": 2,
                "kind": "free",
                "title": "Orientering om faggruppene",
                "proposal_id": None,
                "note": "Muntlig",
                "decision": "",
                "minutes_note": "",
            },
            {
                "position": 3,
                "kind": "proposal",
                "title": "Ny skoleplattform",
                "proposal_id": 9,
                "note": "",
                "decision": "",
                "minutes_note": "",
            },
        ],
    }
    assert draft["items"][0]["vote"] is not summary


def test_minutes_draft_ignores_results_for_proposals_not_on_the_agenda() -> None:
    meeting = a_meeting()
    meeting.add_item(ItemKind.FREE, "Eventuelt")

    draft = minutes_draft(meeting, {7: {"outcome": "recommended"}}, [])

    assert [set(item) for item in draft["items"]] == [
        {"position", "kind", "title", "proposal_id", "note", "decision", "minutes_note"}
    ]


def test_minutes_draft_lists_items_by_position() -> None:
    meeting = a_meeting_with_three_items()
    meeting.agenda.reverse()

    draft = minutes_draft(meeting, {}, [])

    assert [item["position"] for item in draft["items"]] == [1, 2, 3]


def test_minutes_draft_of_an_empty_agenda_has_no_items() -> None:
    assert minutes_draft(a_meeting(), {}, [])["items"] == []


# --- approving the minutes ----------------------------------------------------------------------


def test_minutes_can_be_approved_after_the_meeting_closes() -> None:
    meeting = a_meeting_with_three_items()
    close(meeting)

    meeting.approve_minutes(by=CHAIR, at=APPROVED)

    assert (meeting.minutes_approved_by, meeting.minutes_approved_at) == (CHAIR, APPROVED)


def test_minutes_cannot_be_approved_before_the_meeting_closes() -> None:
    meeting = a_meeting_with_three_items()

    with pytest.raises(InvalidTransition) as refused:
        meeting.approve_minutes(by=CHAIR, at=APPROVED)

    assert refused.value.code == "meeting.not_closed"
    assert meeting.minutes_approved_at is None


def test_minutes_are_approved_only_once() -> None:
    meeting = a_meeting_with_three_items()
    close(meeting)
    meeting.approve_minutes(by=CHAIR, at=APPROVED)

    with pytest.raises(InvalidTransition) as refused:
        meeting.approve_minutes(by="someone-else", at=APPROVED + timedelta(days=1))

    assert refused.value.code == "meeting.minutes_already_approved"
    assert (meeting.minutes_approved_by, meeting.minutes_approved_at) == (CHAIR, APPROVED)
