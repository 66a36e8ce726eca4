"""The annual cycle (årshjul, mandate rule 10) on FARTT's 17-row table, for 2027."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest

from governance.domain.annual_cycle import (
    OccurrenceState,
    TaskOccurrence,
    due_date,
    occurrences_for_year,
    starts_on,
)
from governance.domain.calendar import OSLO, oslo_datetime
from governance.domain.errors import InvalidInput, InvalidTransition
from governance.domain.organisation import AnnualTask
from governance.i18n import translate_error

LEDELSE = ("styreleder", "daglig-leder")

# FARTT "Årshjul utviklingsgrupper": (task, responsible, quarter), in the table's order.
FARTT_TABLE: list[tuple[str, tuple[str, ...], int]] = [
    ("Styret ber utviklingsgruppene igangsette forhåndsarbeid investeringsplan", LEDELSE, 1),
    ("Styret ber faggruppene gi innspill til utviklingsgruppene", LEDELSE, 1),
    ("Gjennomføringsplan for investeringsprosjekter vedtas av styret", ("styret",), 1),
    ("Svarfrist utviklingsgruppene innspill til investeringsplan", ("utviklingsgrupper",), 1),
    ("Styret drøfter utviklingsgruppene første innspill", ("styret",), 1),
    ("Forprosjektgruppa leverer kostnadsestimat for hovedprosjekt", ("forprosjektgruppa",), 2),
    ("Workshop/samling utviklingsgrupper, rådmenn og styret", ("styret",), 2),
    ("Kvalitetssikring innspill og kostnadsoverslag", ("styret",), 2),
    ("Styret vedtar forslag til investeringsplan til høring", ("styret",), 2),
    ("Styret vedtar forslag til budsjett til høring", ("styret",), 2),
    ("Svarfrist eierkommunenes innspill til investeringsplan", ("eierkommuner",), 3),
    ("Styret vedtar investeringsplan", ("styret",), 3),
    ("Styret vedtar budsjett", ("styret",), 3),
    ("FARTT sender investeringsplan og budsjett til rådmenn og grupper", LEDELSE, 4),
    ("Styret utarbeider mandat for prosjektgruppe", ("styret",), 4),
    ("Representantskapet vedtar investeringsplan", ("representantskapet",), 4),
    ("Representantskapet vedtar budsjett", ("representantskapet",), 4),
]
FARTT_TASKS = [
    AnnualTask(id=f"fartt-{n:02d}", title=title, responsible=responsible, quarter=quarter)
    for n, (title, responsible, quarter) in enumerate(FARTT_TABLE, start=1)
]

AT = oslo_datetime(date(2027, 3, 10), 14, 5)


def _occurrence(quarter: int = 1, due: tuple[int, int] | None = None) -> TaskOccurrence:
    task = AnnualTask("t-1", "Svarfrist innspill", ("utviklingsgrupper",), quarter, due)
    return TaskOccurrence.of(task, 2027)


def test_the_fartt_table_gives_seventeen_occurrences_at_the_ends_of_the_quarters() -> None:
    occurrences = occurrences_for_year(FARTT_TASKS, 2027)
    assert len(occurrences) == 17
    assert Counter(o.due for o in occurrences) == {
        date(2027, 3, 31): 5,
        date(2027, 6, 30): 5,
        date(2027, 9, 30): 3,
        date(2027, 12, 31): 4,
    }


def test_occurrences_are_sorted_by_due_date_then_task_id() -> None:
    occurrences = occurrences_for_year(reversed(FARTT_TASKS), 2027)
    keys = [(o.due, o.task_id) for o in occurrences]
    assert keys == sorted(keys)
    assert occurrences[0].key == "fartt-01:2027"
    assert occurrences[-1].key == "fartt-17:2027"


def test_an_occurrence_copies_the_task_into_plain_types() -> None:
    (first, *_) = occurrences_for_year(FARTT_TASKS, 2027)
    assert first.task_id == "fartt-01"
    assert first.year == 2027
    assert first.title == FARTT_TABLE[0][0]
    assert first.responsible == ["styreleder", "daglig-leder"]
    assert isinstance(first.responsible, list)
    assert (first.quarter, first.due, first.starts_on) == (1, date(2027, 3, 31), date(2027, 1, 1))
    assert (first.postponed_to, first.done_at, first.done_by, first.id) == (None, None, None, None)


@pytest.mark.parametrize(
    ("quarter", "due", "expected_start", "expected_due"),
    [
        (1, None, date(2027, 1, 1), date(2027, 3, 31)),
        (2, None, date(2027, 4, 1), date(2027, 6, 30)),
        (3, None, date(2027, 7, 1), date(2027, 9, 30)),
        (4, None, date(2027, 10, 1), date(2027, 12, 31)),
        (2, (5, 15), date(2027, 4, 1), date(2027, 5, 15)),  # a Saturday, kept as stated
        (2, (5, 17), date(2027, 4, 1), date(2027, 5, 17)),  # 17 May, kept as stated
        (1, (3, 26), date(2027, 1, 1), date(2027, 3, 26)),  # Good Friday, kept as stated
        (1, (2, 29), date(2027, 1, 1), date(2027, 2, 28)),  # no 29 February in 2027
    ],
)
def test_a_task_starts_at_its_quarter_and_is_due_at_its_end_or_its_stated_date(
    quarter: int, due: tuple[int, int] | None, expected_start: date, expected_due: date
) -> None:
    task = AnnualTask("t", "Oppgave", ("styret",), quarter, due)
    assert starts_on(task, 2027) == expected_start
    assert due_date(task, 2027) == expected_due


def test_a_stated_29_february_is_kept_in_a_leap_year() -> None:
    assert due_date(AnnualTask("t", "Oppgave", (), 1, (2, 29)), 2028) == date(2028, 2, 29)


@pytest.mark.parametrize("due", [(2, 30), (4, 31), (13, 1), (0, 10), (6, 0)])
def test_a_stated_deadline_that_is_no_date_is_refused(due: tuple[int, int]) -> None:
    with pytest.raises(InvalidInput) as refused:
        due_date(AnnualTask("t", "Oppgave", (), 2, due), 2027)
    assert refused.value.code == "task.bad_due"


def test_a_task_in_a_quarter_outside_one_to_four_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        occurrences_for_year([AnnualTask("t", "Oppgave", (), 5)], 2027)
    assert refused.value.code == "calendar.bad_quarter"


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 1, 1), OccurrenceState.OPEN),
        (date(2027, 3, 31), OccurrenceState.OPEN),  # still open on the due date itself
        (date(2027, 4, 1), OccurrenceState.OVERDUE),
        (date(2028, 1, 1), OccurrenceState.OVERDUE),
    ],
)
def test_an_open_task_is_overdue_only_after_its_due_date(
    today: date, expected: OccurrenceState
) -> None:
    assert _occurrence().state(today) is expected


def test_a_done_task_is_done_whatever_the_date() -> None:
    occurrence = _occurrence()
    occurrence.mark_done(by="anne", at=AT)
    assert occurrence.state(date(2027, 1, 1)) is OccurrenceState.DONE
    assert occurrence.state(date(2027, 12, 31)) is OccurrenceState.DONE
    assert (occurrence.done_at, occurrence.done_by) == (AT, "anne")


def test_a_task_done_late_is_done_not_overdue() -> None:
    occurrence = _occurrence()
    assert occurrence.state(date(2027, 4, 15)) is OccurrenceState.OVERDUE
    occurrence.mark_done(by="anne", at=oslo_datetime(date(2027, 4, 15), 9))
    assert occurrence.state(date(2027, 4, 15)) is OccurrenceState.DONE


def test_marking_a_done_task_done_again_is_refused_and_changes_nothing() -> None:
    occurrence = _occurrence()
    occurrence.mark_done(by="anne", at=AT)
    with pytest.raises(InvalidTransition) as refused:
        occurrence.mark_done(by="bjørn", at=oslo_datetime(date(2027, 3, 11), 9))
    assert refused.value.code == "task.already_done"
    assert (occurrence.done_at, occurrence.done_by) == (AT, "anne")


def test_a_naive_time_is_refused_when_marking_done() -> None:
    occurrence = _occurrence()
    with pytest.raises(InvalidInput) as refused:
        occurrence.mark_done(by="anne", at=datetime(2027, 3, 10, 14, 5))
    assert refused.value.code == "time.not_aware"
    assert occurrence.done_at is None


def test_done_at_in_utc_is_accepted() -> None:
    occurrence = _occurrence()
    occurrence.mark_done(by="anne", at=datetime(2027, 3, 10, 13, 5, tzinfo=UTC))
    assert occurrence.done_at == AT


def test_a_reopened_task_is_open_again_and_can_be_done_again() -> None:
    occurrence = _occurrence()
    occurrence.mark_done(by="anne", at=AT)
    occurrence.reopen(by="daglig-leder", at=oslo_datetime(date(2027, 3, 12), 9))
    assert occurrence.state(date(2027, 3, 12)) is OccurrenceState.OPEN
    assert (occurrence.done_at, occurrence.done_by) == (None, None)
    occurrence.mark_done(by="bjørn", at=oslo_datetime(date(2027, 3, 15), 9))
    assert occurrence.done_by == "bjørn"


def test_reopening_a_task_that_is_not_done_is_refused() -> None:
    with pytest.raises(InvalidTransition) as refused:
        _occurrence().reopen(by="daglig-leder", at=AT)
    assert refused.value.code == "task.not_done"


def test_a_postponed_task_is_due_at_its_new_date() -> None:
    occurrence = _occurrence()
    occurrence.postpone(date(2027, 4, 30), by="daglig-leder", at=AT)
    assert occurrence.due == date(2027, 3, 31)
    assert occurrence.effective_due == date(2027, 4, 30)
    assert occurrence.postponed_by == "daglig-leder"
    assert occurrence.state(date(2027, 4, 30)) is OccurrenceState.OPEN
    assert occurrence.state(date(2027, 5, 1)) is OccurrenceState.OVERDUE


def test_an_overdue_task_can_be_postponed_and_is_open_again() -> None:
    occurrence = _occurrence()
    occurrence.postpone(date(2027, 5, 31), by="daglig-leder", at=oslo_datetime(date(2027, 4, 5), 9))
    assert occurrence.state(date(2027, 4, 5)) is OccurrenceState.OPEN


@pytest.mark.parametrize(
    "to",
    [date(2027, 3, 31), date(2027, 3, 1)],
    ids=["same-date", "earlier-date"],
)
def test_postponing_to_a_date_not_after_the_due_date_is_refused(to: date) -> None:
    occurrence = _occurrence()
    with pytest.raises(InvalidInput) as refused:
        occurrence.postpone(to, by="daglig-leder", at=AT)
    assert refused.value.code == "task.postpone_not_later"
    assert occurrence.postponed_to is None


def test_a_second_postponement_must_be_after_the_first() -> None:
    occurrence = _occurrence()
    occurrence.postpone(date(2027, 4, 30), by="daglig-leder", at=AT)
    with pytest.raises(InvalidInput) as refused:
        occurrence.postpone(date(2027, 4, 15), by="daglig-leder", at=AT)
    assert refused.value.code == "task.postpone_not_later"
    occurrence.postpone(date(2027, 5, 15), by="styreleder", at=AT)
    assert (occurrence.effective_due, occurrence.postponed_by) == (date(2027, 5, 15), "styreleder")


def test_postponing_a_done_task_is_refused() -> None:
    occurrence = _occurrence()
    occurrence.mark_done(by="anne", at=AT)
    with pytest.raises(InvalidTransition) as refused:
        occurrence.postpone(date(2027, 4, 30), by="daglig-leder", at=AT)
    assert refused.value.code == "task.already_done"


def test_refusals_render_their_parameters_in_the_message() -> None:
    occurrence = _occurrence()
    with pytest.raises(InvalidInput) as refused:
        occurrence.postpone(date(2027, 3, 1), by="daglig-leder", at=AT)
    assert refused.value.params == {"due": "2027-03-31", "to": "2027-03-01"}
    assert "2027-03-31" in translate_error(refused.value, "en")


def test_occurrences_compare_by_identity_not_by_value() -> None:
    assert _occurrence() != _occurrence()


def test_occurrence_states_have_stable_values() -> None:
    assert [s.value for s in OccurrenceState] == ["open", "done", "overdue"]
    assert AT.tzinfo is OSLO
