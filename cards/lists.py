"""List cards: proposals (mine, or in a state), coming meetings, and the annual cycle's open
tasks. Each list is compact (a table of facts) with one choice and one button, so a long list
stays far below the size limit: pick a proposal to show, or a task to mark as done."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Final

from microsoft_teams.cards import CardElement, Choice, ChoiceSetInput
from microsoft_teams.cards.core import TextColor

from cards.elements import adaptive_card, buttons, execute, facts, heading, text
from governance import verbs
from governance.domain.annual_cycle import OccurrenceState, TaskOccurrence
from governance.domain.meetings import Meeting
from governance.domain.organisation import Mandate
from governance.domain.proposals import Proposal, state_label
from governance.i18n import N_, translate
from governance.presentation import MEETING_KINDS, body_name, clip, day, short_day

MAX_ROWS: Final = 25


def proposal_list(
    proposals: Sequence[Proposal],
    mandate: Mandate,
    locale: str = "nb",
    *,
    title: str,
) -> dict[str, Any]:
    """Proposals newest first with their state; a choice and "show" to open one."""
    shown = sorted(proposals, key=lambda p: p.id or 0, reverse=True)[:MAX_ROWS]
    body: list[CardElement] = [heading(title, size="Medium")]
    if not shown:
        body.append(text(translate(N_("No proposals."), locale)))
        return adaptive_card(body, fallback_text=title)
    rows = [
        (p.number, f"{clip(p.title, 80)} · {translate(state_label(p.state), locale)}")
        for p in shown
    ]
    body.append(facts(rows, spacing="Medium"))
    if len(proposals) > len(shown):
        body.append(
            text(
                translate(
                    N_("Showing {shown} of {count}."),
                    locale,
                    shown=len(shown),
                    count=len(proposals),
                ),
                subtle=True,
            )
        )
    body.append(
        ChoiceSetInput(
            id="proposal_id",
            label=translate(N_("Open a proposal"), locale),
            is_required=True,
            error_message=translate(N_("Choose a proposal."), locale),
            choices=[
                Choice(title=f"{p.number} {clip(p.title, 60)}", value=str(p.id)) for p in shown
            ],
        )
    )
    body += buttons([execute(translate(N_("Show"), locale), verbs.PROPOSAL_SHOW, {})])
    return adaptive_card(body, fallback_text=title)


def meeting_list(
    meetings: Sequence[Meeting],
    mandate: Mandate,
    locale: str = "nb",
) -> dict[str, Any]:
    """Coming meetings: date, body and kind, and how many items the agenda has."""
    title = translate(N_("Coming meetings"), locale)
    body: list[CardElement] = [heading(title, size="Medium")]
    if not meetings:
        body.append(text(translate(N_("No meetings are planned."), locale)))
    rows = [
        (
            day(m.on, locale),
            translate(
                N_("{body} ({kind}), {count} items on the agenda"),
                locale,
                body=body_name(mandate, m.body_id),
                kind=translate(MEETING_KINDS[m.kind], locale),
                count=len(m.agenda),
            ),
        )
        for m in meetings[:MAX_ROWS]
    ]
    body.append(facts(rows, spacing="Medium"))
    return adaptive_card(body, fallback_text=title)


def task_list(
    tasks: Sequence[TaskOccurrence],
    mandate: Mandate,
    locale: str = "nb",
    *,
    today: date,
    markable: Sequence[int] = (),
) -> dict[str, Any]:
    """The year's tasks not yet done, overdue first; ``markable`` are the ids of those the reader
    may mark as done (offered in a choice with one button)."""
    title = translate(N_("Annual cycle {year}"), locale, year=today.year)
    body: list[CardElement] = [heading(title, size="Medium")]
    open_ones = sorted(
        (t for t in tasks if t.state(today) is not OccurrenceState.DONE),
        key=lambda t: (t.state(today) is not OccurrenceState.OVERDUE, t.effective_due),
    )[:MAX_ROWS]
    done = sum(1 for t in tasks if t.state(today) is OccurrenceState.DONE)
    body.append(
        text(
            translate(
                N_("1 open, {done} done.")
                if len(open_ones) == 1
                else N_("{open} open, {done} done."),
                locale,
                open=len(open_ones),
                done=done,
            ),
            subtle=True,
        )
    )
    for task in open_ones:
        overdue = task.state(today) is OccurrenceState.OVERDUE
        label = translate(
            N_("overdue since {date}") if overdue else N_("due {date}"),
            locale,
            date=short_day(task.effective_due, locale),
        )
        responsible = ", ".join(body_name(mandate, b) for b in task.responsible)
        colour: TextColor | None = "Attention" if overdue else None
        body += [
            text(clip(task.title, 120), bold=True, color=colour, spacing="Small"),
            text(f"{responsible} · {label}", color=colour, spacing="None"),
        ]
    choices = [
        Choice(title=clip(t.title, 60), value=str(t.id)) for t in open_ones if t.id in set(markable)
    ]
    if choices:
        body.append(
            ChoiceSetInput(
                id="occurrence_id",
                label=translate(N_("Task"), locale),
                choices=choices,
                is_required=True,
                error_message=translate(N_("Choose a task."), locale),
            )
        )
        body += buttons(
            [execute(translate(N_("Mark as done"), locale), verbs.TASK_DONE, {}, style="positive")]
        )
    return adaptive_card(body, fallback_text=title)
