"""Meeting dates derived from the mandate (rule 5), on real 2026-2028 Norwegian calendars."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from governance.domain.calendar import is_working_day
from governance.domain.errors import InvalidInput
from governance.domain.meetings import MeetingKind
from governance.domain.meetings_calendar import (
    PlannedMeeting,
    committee_meeting_date,
    committee_meetings,
    group_leader_meetings,
    planned_meetings,
)
from governance.domain.organisation import Mandate

COMMITTEE = MeetingKind.COMMITTEE
LEADERS = MeetingKind.GROUP_LEADERS
BOARD = MeetingKind.BOARD

# A ROR-IKT-like board year: committee dates 27 Jan, 24 Mar (moved from Easter Monday),
# 2 Jun, 8 Sep, 3 Nov.
BOARDS_2027 = (
    date(2027, 2, 10),
    date(2027, 4, 12),
    date(2027, 6, 16),
    date(2027, 9, 22),
    date(2027, 11, 17),
)


@pytest.mark.parametrize(
    ("board", "offset", "expected"),
    [
        pytest.param(date(2027, 6, 16), 14, date(2027, 6, 2), id="ordinary-wednesday"),
        pytest.param(date(2027, 4, 8), 14, date(2027, 3, 24), id="maundy-thursday"),
        pytest.param(date(2027, 4, 9), 14, date(2027, 3, 24), id="good-friday"),
        pytest.param(date(2027, 4, 12), 14, date(2027, 3, 24), id="easter-monday"),
        pytest.param(date(2027, 4, 13), 14, date(2027, 3, 30), id="day-after-easter-monday"),
        pytest.param(date(2027, 5, 20), 14, date(2027, 5, 5), id="ascension-day"),
        pytest.param(date(2027, 5, 31), 14, date(2027, 5, 14), id="17-may-and-whit-monday"),
        pytest.param(date(2027, 5, 10), 14, date(2027, 4, 26), id="monday-after-ascension"),
        pytest.param(date(2027, 1, 8), 14, date(2026, 12, 24), id="christmas-day"),
        pytest.param(date(2027, 1, 15), 14, date(2026, 12, 31), id="new-year-into-last-year"),
        pytest.param(date(2027, 6, 12), 14, date(2027, 5, 28), id="saturday"),
        pytest.param(date(2027, 9, 22), 10, date(2027, 9, 10), id="sunday"),
        pytest.param(date(2027, 5, 13), 7, date(2027, 5, 5), id="one-week-offset"),
        pytest.param(date(2027, 6, 16), 0, date(2027, 6, 16), id="same-day"),
    ],
)
def test_committee_meets_offset_days_before_the_board_on_a_working_day(
    board: date, offset: int, expected: date
) -> None:
    assert committee_meeting_date(board, offset) == expected


def test_committee_meets_two_weeks_before_the_board_by_default() -> None:
    assert committee_meeting_date(date(2027, 11, 17)) == date(2027, 11, 3)


def test_every_committee_date_of_a_year_is_a_working_day_at_most_a_week_earlier() -> None:
    for n in range(365):
        board = date(2027, 1, 1) + timedelta(days=n)
        meeting = committee_meeting_date(board)
        assert is_working_day(meeting)
        assert board - timedelta(days=21) < meeting <= board - timedelta(days=14)


def test_a_negative_offset_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        committee_meeting_date(date(2027, 6, 16), -1)
    assert refused.value.code == "meeting.bad_offset"
    with pytest.raises(InvalidInput):
        committee_meetings([date(2027, 6, 16)], -1)


def test_committee_meetings_are_sorted_and_linked_to_their_board_meeting() -> None:
    meetings = committee_meetings(reversed(BOARDS_2027), 14, body_id="bu")
    assert meetings == [
        PlannedMeeting(COMMITTEE, date(2027, 1, 27), "bu", date(2027, 2, 10)),
        PlannedMeeting(COMMITTEE, date(2027, 3, 24), "bu", date(2027, 4, 12), date(2027, 3, 29)),
        PlannedMeeting(COMMITTEE, date(2027, 6, 2), "bu", date(2027, 6, 16)),
        PlannedMeeting(COMMITTEE, date(2027, 9, 8), "bu", date(2027, 9, 22)),
        PlannedMeeting(COMMITTEE, date(2027, 11, 3), "bu", date(2027, 11, 17)),
    ]


def test_a_board_meeting_listed_twice_gives_one_committee_meeting() -> None:
    assert len(committee_meetings([date(2027, 6, 16), date(2027, 6, 16)])) == 1


def test_moved_from_is_only_set_when_the_meeting_had_to_move() -> None:
    moved, kept = committee_meetings([date(2027, 5, 31), date(2027, 6, 16)])
    assert (moved.on, moved.moved_from) == (date(2027, 5, 14), date(2027, 5, 17))
    assert (kept.on, kept.moved_from) == (date(2027, 6, 2), None)


def test_group_leaders_join_the_first_committee_meeting_of_each_half_year() -> None:
    assert group_leader_meetings(2027, BOARDS_2027, body_id="bu") == [
        PlannedMeeting(LEADERS, date(2027, 1, 27), "bu", date(2027, 2, 10)),
        PlannedMeeting(LEADERS, date(2027, 9, 8), "bu", date(2027, 9, 22)),
    ]


def test_a_joint_group_leader_meeting_keeps_the_committee_meetings_move() -> None:
    first, _ = group_leader_meetings(2027, [date(2027, 4, 12), date(2027, 9, 22)])
    assert (first.on, first.moved_from, first.board_meeting) == (
        date(2027, 3, 24),
        date(2027, 3, 29),
        date(2027, 4, 12),
    )


def test_a_half_year_without_committee_meetings_falls_back_to_the_end_of_its_second_month() -> None:
    # 28 Feb 2027 is a Sunday; 31 Aug 2027 a Tuesday.
    assert group_leader_meetings(2027, [], body_id="bu") == [
        PlannedMeeting(LEADERS, date(2027, 2, 26), "bu", None, date(2027, 2, 28)),
        PlannedMeeting(LEADERS, date(2027, 8, 31), "bu"),
    ]


def test_a_committee_meeting_moved_into_last_year_counts_for_last_year() -> None:
    boards = [date(2027, 1, 15), date(2027, 4, 12)]  # committee 31 Dec 2026, 24 Mar 2027
    assert [m.on for m in group_leader_meetings(2027, boards)] == [
        date(2027, 3, 24),
        date(2027, 8, 31),
    ]
    assert [(m.on, m.moved_from) for m in group_leader_meetings(2026, boards)] == [
        (date(2026, 2, 27), date(2026, 2, 28)),  # 28 Feb 2026 is a Saturday
        (date(2026, 12, 31), date(2027, 1, 1)),
    ]


def test_explicit_group_leader_dates_of_the_year_win_and_move_off_non_working_days() -> None:
    explicit = [date(2027, 10, 20), date(2027, 3, 13), date(2028, 3, 1)]
    assert group_leader_meetings(2027, BOARDS_2027, explicit=explicit, body_id="bu") == [
        PlannedMeeting(LEADERS, date(2027, 3, 12), "bu", None, date(2027, 3, 13)),
        PlannedMeeting(LEADERS, date(2027, 10, 20), "bu"),
    ]


def test_an_explicit_date_on_a_committee_day_is_linked_to_its_board_meeting() -> None:
    (meeting,) = group_leader_meetings(2027, BOARDS_2027, explicit=[date(2027, 6, 2)])
    assert meeting.board_meeting == date(2027, 6, 16)


def test_explicit_dates_of_another_year_leave_this_year_to_the_rule() -> None:
    meetings = group_leader_meetings(2027, BOARDS_2027, explicit=[date(2028, 3, 1)])
    assert [m.on for m in meetings] == [date(2027, 1, 27), date(2027, 9, 8)]


@pytest.mark.parametrize(
    ("per_year", "expected"),
    [
        (0, []),
        (1, [date(2027, 1, 27)]),
        (2, [date(2027, 1, 27), date(2027, 11, 3)]),
        # Quarters: Q3 has no committee meeting, so the end of August (its second month).
        (4, [date(2027, 1, 27), date(2027, 6, 2), date(2027, 8, 31), date(2027, 11, 3)]),
    ],
)
def test_group_leader_meetings_per_year(per_year: int, expected: list[date]) -> None:
    boards = [b for b in BOARDS_2027 if b != date(2027, 9, 22)]
    meetings = group_leader_meetings(2027, boards, per_year=per_year)
    assert [m.on for m in meetings] == expected


@pytest.mark.parametrize("per_year", [5, 7, -1])
def test_meetings_per_year_that_do_not_divide_the_year_are_refused(per_year: int) -> None:
    with pytest.raises(InvalidInput) as refused:
        group_leader_meetings(2027, BOARDS_2027, per_year=per_year)
    assert refused.value.code == "meeting.bad_per_year"


def _mandate(board_meetings: tuple[date, ...], explicit: tuple[date, ...] = ()) -> Mandate:
    return Mandate(
        id="ror-ikt",
        name="ROR-IKT",
        committee="bestillerutvalget",
        board="styret",
        municipalities=(),
        members=(),
        bodies=(),
        board_meetings=board_meetings,
        group_leader_meetings=explicit,
    )


def test_planned_meetings_of_a_year_are_sorted_and_include_all_three_kinds() -> None:
    mandate = _mandate((date(2027, 1, 15), *BOARDS_2027[1:], date(2028, 1, 12)))
    planned = planned_meetings(mandate, 2027)
    assert [(m.kind, m.on) for m in planned] == [
        (BOARD, date(2027, 1, 15)),  # its committee meeting was on 31 Dec 2026
        (COMMITTEE, date(2027, 3, 24)),
        (LEADERS, date(2027, 3, 24)),
        (BOARD, date(2027, 4, 12)),
        (COMMITTEE, date(2027, 6, 2)),
        (BOARD, date(2027, 6, 16)),
        (COMMITTEE, date(2027, 9, 8)),
        (LEADERS, date(2027, 9, 8)),
        (BOARD, date(2027, 9, 22)),
        (COMMITTEE, date(2027, 11, 3)),
        (BOARD, date(2027, 11, 17)),
        (COMMITTEE, date(2027, 12, 29)),  # prepares the board meeting of 12 Jan 2028
    ]


def test_planned_meetings_carry_the_body_ids_of_the_mandate() -> None:
    planned = planned_meetings(_mandate(BOARDS_2027), 2027)
    body_of = {m.kind: m.body_id for m in planned}
    assert body_of == {
        BOARD: "styret",
        COMMITTEE: "bestillerutvalget",
        LEADERS: "bestillerutvalget",
    }
    boards = [m for m in planned if m.kind is BOARD]
    assert all(m.board_meeting == m.on and m.moved_from is None for m in boards)


def test_planned_meetings_use_the_explicit_group_leader_dates_of_the_mandate() -> None:
    mandate = _mandate(BOARDS_2027, explicit=(date(2027, 5, 17), date(2027, 10, 20)))
    leaders = [m for m in planned_meetings(mandate, 2027) if m.kind is LEADERS]
    assert [(m.on, m.moved_from) for m in leaders] == [
        (date(2027, 5, 14), date(2027, 5, 17)),
        (date(2027, 10, 20), None),
    ]


def test_meeting_kinds_have_stable_values() -> None:
    assert [k.value for k in MeetingKind] == ["committee", "group_leaders", "board", "other"]
