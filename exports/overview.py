"""A plain-text overview for a newcomer: coming meetings, the annual cycle, the proposals.

All wording comes from the message catalogue (bokmål by default).
"""

from __future__ import annotations

from collections import Counter

from governance.domain.annual_cycle import OccurrenceState, occurrences_for_year
from governance.domain.meetings import MeetingKind
from governance.domain.proposals import ProposalState, state_label
from governance.i18n import N_, Msg, translate
from governance.services import annual_cycle, meetings, proposals
from governance.services.context import Context

MEETING_KIND_LABELS = {
    MeetingKind.COMMITTEE: N_("Meeting of {body}"),
    MeetingKind.GROUP_LEADERS: N_("Meeting with the group leaders"),
    MeetingKind.BOARD: N_("Board meeting"),
    MeetingKind.OTHER: N_("Meeting"),
}
TASK_STATE_LABELS = {
    OccurrenceState.OPEN: N_("open"),
    OccurrenceState.DONE: N_("done"),
    OccurrenceState.OVERDUE: N_("overdue"),
}
SHOWN_MEETINGS = 6


async def render(ctx: Context, locale: str) -> str:
    """The overview of ``ctx.mandate``'s cooperation as of today (Europe/Oslo)."""
    lines = [
        translate(
            N_("{name}: overview as of {today}"),
            locale,
            name=ctx.mandate.name,
            today=ctx.today().isoformat(),
        ),
        "",
    ]
    lines += _meetings(ctx, locale)
    lines += await _tasks(ctx, locale)
    lines += await _proposals(ctx, locale)
    return "\n".join(lines)


def _meetings(ctx: Context, locale: str) -> list[str]:
    today = ctx.today()
    planned = [
        m
        for year in (today.year, today.year + 1)
        for m in meetings.calendar(ctx, year)
        if m.on >= today
    ][:SHOWN_MEETINGS]
    lines = [translate(N_("Coming meetings:"), locale)]
    for meeting in planned:
        label = translate(
            MEETING_KIND_LABELS[meeting.kind],
            locale,
            body=ctx.mandate.body(meeting.body_id or ctx.mandate.committee).name,
        )
        line = f"  {meeting.on.isoformat()}  {label}"
        if meeting.kind is not MeetingKind.BOARD and meeting.board_meeting:
            line += " " + translate(
                N_("(before the board meeting on {date})"),
                locale,
                date=meeting.board_meeting.isoformat(),
            )
        if meeting.moved_from:
            line += " " + translate(
                N_("(moved from {date}, not a working day)"),
                locale,
                date=meeting.moved_from.isoformat(),
            )
        lines.append(line)
    if not planned:
        lines.append("  " + translate(N_("No board meeting dates are known."), locale))
    return [*lines, ""]


async def _tasks(ctx: Context, locale: str) -> list[str]:
    today = ctx.today()
    # Stored occurrences carry who marked what done; before any are stored, show the mandate's.
    occurrences = await annual_cycle.of_year(ctx, today.year) or occurrences_for_year(
        ctx.mandate.annual_tasks, today.year
    )
    left_over = [
        t
        for t in await annual_cycle.of_year(ctx, today.year - 1)
        if t.state(today) is OccurrenceState.OVERDUE
    ]
    occurrences = left_over + occurrences
    lines = [translate(N_("Annual cycle {year}:"), locale, year=today.year)]
    for task in occurrences:
        state = translate(TASK_STATE_LABELS[task.state(today)], locale)
        lines.append(f"  {task.effective_due.isoformat()}  [{state}]  {task.title}")
    if not occurrences:
        lines.append("  " + translate(N_("No annual-cycle tasks for this year."), locale))
    return [*lines, ""]


async def _proposals(ctx: Context, locale: str) -> list[str]:
    counts = Counter(p.state for p in await proposals.listing(ctx))
    lines = [translate(N_("Proposals by state:"), locale)]
    for state in ProposalState:
        if not counts[state]:
            continue
        count = counts[state]
        lines.append(f"  {translate(Msg(state_label(state)), locale):<32} {count}")
    if not counts:
        lines.append("  " + translate(N_("No proposals yet."), locale))
    return lines
