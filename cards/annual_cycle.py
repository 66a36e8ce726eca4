"""The annual-cycle task card (årshjul, mandate rule 10): what, who is responsible, the quarter
and deadline, the status (open, done, overdue on the given day), and "mark as done" while open.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Final

from microsoft_teams.cards import AdaptiveCard, CardElement, DateInput, ShowCardAction

from cards.elements import (
    TONE_COLOURS,
    Tone,
    adaptive_card,
    banner,
    buttons,
    caption,
    execute,
    facts,
    heading,
    text,
)
from governance import verbs
from governance.domain.annual_cycle import OccurrenceState, TaskOccurrence
from governance.domain.organisation import Mandate
from governance.i18n import N_, translate
from governance.presentation import body_name, day, member_name, moment, names

STATE_LABELS: Final = {
    OccurrenceState.OPEN: N_("Open"),
    OccurrenceState.DONE: N_("Done"),
    OccurrenceState.OVERDUE: N_("Overdue"),
}
QUARTERS: Final = {  # words, not "1. kvartal": Teams reads a leading "1. " as a numbered list
    1: N_("first quarter of {year}"),
    2: N_("second quarter of {year}"),
    3: N_("third quarter of {year}"),
    4: N_("fourth quarter of {year}"),
}
STATE_TONES: Final[dict[OccurrenceState, Tone]] = {
    OccurrenceState.OPEN: "default",
    OccurrenceState.DONE: "good",
    OccurrenceState.OVERDUE: "attention",
}


def task_card(
    occurrence: TaskOccurrence,
    mandate: Mandate,
    locale: str = "nb",
    *,
    today: date,
    can_mark_done: bool = True,
    lead: str = "",
) -> dict[str, Any]:
    """The task ``occurrence`` as it stands on ``today``. While it is open and
    ``can_mark_done`` is set, "Mark as done" (``task.done``) and "Postpone to…" (a date, then
    ``task.postpone``) are offered. ``lead`` (translated) opens the card: why it was sent."""
    state = occurrence.state(today)
    body: list[CardElement] = []
    if lead:
        body.append(banner(lead, STATE_TONES[state]))
    body += [
        caption(translate(N_("Annual cycle {year}"), locale, year=occurrence.year)),
        heading(occurrence.title, size="Medium"),
        text(
            translate(STATE_LABELS[state], locale),
            bold=True,
            color=TONE_COLOURS[STATE_TONES[state]],
            spacing="Small",
        ),
        facts(_facts(occurrence, mandate, locale), spacing="Medium"),
    ]
    if state is not OccurrenceState.DONE and can_mark_done and occurrence.id is not None:
        data = {"occurrence_id": occurrence.id, "card": "task"}
        done = execute(
            translate(N_("Mark as done"), locale), verbs.TASK_DONE, data, style="positive"
        )
        body += buttons([done, _postpone(occurrence, locale, today, data)], spacing="Large")
    return adaptive_card(body, fallback_text=occurrence.title)


def _postpone(
    occurrence: TaskOccurrence, locale: str, today: date, data: dict[str, Any]
) -> ShowCardAction:
    """ "Postpone to…": a date after the current deadline, then the ``task.postpone`` button."""
    earliest = max(occurrence.effective_due, today) + timedelta(days=1)
    form = AdaptiveCard(
        body=[
            DateInput(
                id="postpone_to",
                label=translate(N_("New deadline"), locale),
                min=earliest.isoformat(),
                value=(occurrence.effective_due + timedelta(days=14)).isoformat(),
                is_required=True,
                error_message=translate(N_("Choose a date after the current deadline."), locale),
            ),
        ],
        actions=[execute(translate(N_("Postpone"), locale), verbs.TASK_POSTPONE, data)],
    )
    return ShowCardAction(title=translate(N_("Postpone to…"), locale), card=form)


def _facts(occurrence: TaskOccurrence, mandate: Mandate, locale: str) -> list[tuple[str, str]]:
    def t(msgid: str) -> str:
        return translate(msgid, locale)

    deadline = day(occurrence.effective_due, locale)
    if occurrence.postponed_to is not None:
        deadline += " " + translate(
            N_("(postponed from {date})"), locale, date=day(occurrence.due, locale)
        )
    done = ""
    if occurrence.done_at is not None:
        done = translate(
            N_("{when} by {name}"),
            locale,
            when=moment(occurrence.done_at, locale),
            name=member_name(mandate, occurrence.done_by or ""),
        )
    return [
        (
            t(N_("Responsible")),
            names((body_name(mandate, b) for b in occurrence.responsible), locale),
        ),
        (t(N_("Quarter")), translate(QUARTERS[occurrence.quarter], locale, year=occurrence.year)),
        (t(N_("Deadline")), deadline),
        (t(N_("Done")), done),
    ]
