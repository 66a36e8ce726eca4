"""The status report the board reads before every meeting (mandate rule 9): the portfolio by
state and by municipality, cost per year, recent votes with their outcomes, overdue
annual-cycle tasks, the investment plan per year and planned against realised benefit, with a
chart each for the portfolio and the cost, and one per unit of benefit.

Drafts are the submitter's own and stay out of the report; withdrawn proposals are counted by
state but not per municipality.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Final

from governance.domain.annual_cycle import OccurrenceState, TaskOccurrence
from governance.domain.calendar import OSLO
from governance.domain.investment import (
    BenefitFollowUp,
    BenefitRow,
    InvestmentPlan,
    Justification,
    benefit_report,
)
from governance.domain.organisation import Mandate
from governance.domain.proposals import Proposal, ProposalState, state_label
from governance.domain.votes import Vote
from governance.i18n import N_, translate
from governance.presentation import (
    OUTCOME_LABELS,
    body_name,
    day,
    money,
    municipality_name,
    names,
    number,
    share,
    short_day,
)
from graph_sync.documents import Chart, Document, Section, Table

JUSTIFICATION_LABELS: Final = {
    Justification.LAW: N_("required by law"),
    Justification.USERS: N_("user perspective"),
    Justification.GAIN: N_("possible gain"),
}
RECENT_VOTES: Final = 10
_NOT_IN_PORTFOLIO = frozenset({ProposalState.DRAFT, ProposalState.WITHDRAWN})


def footer(mandate: Mandate, locale: str) -> str:
    return translate(
        N_("Published by Samstyre for {cooperation}"), locale, cooperation=mandate.name
    )


def status_document(
    proposals: Sequence[Proposal],
    votes: Sequence[Vote],
    tasks: Sequence[TaskOccurrence],
    plans: Sequence[InvestmentPlan],
    mandate: Mandate,
    locale: str = "nb",
    *,
    today: date,
    benefits: Sequence[BenefitFollowUp] = (),
) -> Document:
    """The status report of ``today``; ``tasks`` are annual-cycle occurrences of any state,
    ``benefits`` the planned benefits with their latest measurement."""
    visible = [p for p in proposals if p.state is not ProposalState.DRAFT]
    sections = [
        _by_state(visible, locale),
        _by_municipality(visible, mandate, locale),
        _cost_per_year(visible, plans, locale),
        _recent_votes(votes, visible, locale),
        _overdue_tasks(tasks, mandate, locale, today),
        _investment_plans(plans, mandate, locale),
        _benefits(benefits, visible, locale),
    ]
    return Document(
        translate(N_("Status report"), locale),
        translate(N_("{body}, {date}"), locale, body=mandate.name, date=day(today, locale)),
        mandate.name,
        sections,
        footer(mandate, locale),
        locale=locale,
        issued=datetime.combine(today, time(0), OSLO),
    )


def _count_label(locale: str) -> str:
    return translate(N_("Number of proposals"), locale)


def _by_state(proposals: Sequence[Proposal], locale: str) -> Section:
    counts = Counter(p.state for p in proposals)
    states = [s for s in ProposalState if counts[s]]
    labels = [translate(state_label(s), locale) for s in states]
    table = Table(
        [translate(N_("State"), locale), _count_label(locale)],
        [[label, str(counts[s])] for label, s in zip(labels, states, strict=True)],
    )
    chart = Chart(
        translate(N_("Proposals by state"), locale),
        labels,
        [float(counts[s]) for s in states],
        _count_label(locale),
        locale,
    )
    total = translate(N_("{count} proposals in the portfolio."), locale, count=len(proposals))
    return Section(translate(N_("Portfolio by state"), locale), [total], [table], [chart])


def _by_municipality(proposals: Sequence[Proposal], mandate: Mandate, locale: str) -> Section:
    active = [p for p in proposals if p.state not in _NOT_IN_PORTFOLIO]
    ids = [m.id for m in mandate.municipalities]
    ids += sorted({m for p in active for m in p.municipalities} - set(ids))
    rows, values = [], []
    for municipality in ids:
        theirs = [p for p in active if municipality in p.municipalities]
        values.append(float(len(theirs)))
        rows.append(
            [
                municipality_name(mandate, municipality),
                str(len(theirs)),
                money(sum((p.cost_one_off for p in theirs), Decimal(0)), locale),
                money(sum((p.cost_yearly for p in theirs), Decimal(0)), locale),
            ]
        )
    headers = [
        translate(h, locale)
        for h in (
            N_("Municipality"),
            N_("Number of proposals"),
            N_("One-off cost"),
            N_("Yearly cost"),
        )
    ]
    labels = [row[0] for row in rows]
    chart = Chart(
        translate(N_("Proposals by municipality"), locale),
        labels,
        values,
        _count_label(locale),
        locale,
    )
    note = translate(
        N_(
            "A proposal that concerns several municipalities counts for each; "
            "costs are the proposal's whole cost."
        ),
        locale,
    )
    return Section(
        translate(N_("Portfolio by municipality"), locale), [note], [Table(headers, rows)], [chart]
    )


def _cost_per_year(
    proposals: Sequence[Proposal], plans: Sequence[InvestmentPlan], locale: str
) -> Section:
    sums: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    lines = [line for plan in plans for line in plan.lines]
    if lines:
        source = N_("From the investment plans, by the year of each line.")
        for line in lines:
            sums[line.year][0] += line.one_off_cost
            sums[line.year][1] += line.yearly_cost
    else:
        source = N_(
            "No investment plan yet: from the proposals' costs, by the year each proposal was made."
        )
        for p in proposals:
            if p.state not in _NOT_IN_PORTFOLIO:
                sums[p.created_at.year][0] += p.cost_one_off
                sums[p.created_at.year][1] += p.cost_yearly
    years = sorted(sums)
    headers = [
        translate(h, locale)
        for h in (N_("Year"), N_("One-off cost"), N_("Yearly cost"), N_("Total"))
    ]
    rows = [
        [str(y), money(sums[y][0], locale), money(sums[y][1], locale), money(sum(sums[y]), locale)]
        for y in years
    ]
    chart = Chart(
        translate(N_("Cost per year"), locale),
        [str(y) for y in years],
        [float(sum(sums[y])) for y in years],
        translate(N_("NOK"), locale),
        locale,
    )
    return Section(
        translate(N_("Cost per year"), locale),
        [translate(source, locale)],
        [Table(headers, rows)],
        [chart],
    )


def _recent_votes(votes: Sequence[Vote], proposals: Sequence[Proposal], locale: str) -> Section:
    titles = {p.id: p.title for p in proposals}
    latest = sorted(votes, key=lambda v: v.closed_at or v.opened_at, reverse=True)[:RECENT_VOTES]
    rows = []
    for vote in latest:
        result = vote.current_tally()
        outcome = (
            translate(OUTCOME_LABELS[vote.outcome], locale)
            if vote.outcome
            else translate(N_("open"), locale)
        )
        when = vote.closed_at or vote.opened_at
        rows.append(
            [
                f"#{vote.proposal_id} {titles.get(vote.proposal_id, '')}".strip(),
                short_day(when.astimezone(OSLO).date(), locale),
                outcome,
                number(result.for_weight, locale),
                number(result.against_weight, locale),
                number(result.abstain_weight, locale),
            ]
        )
    headers = [
        translate(h, locale)
        for h in (
            N_("Proposal"),
            N_("Date"),
            N_("Outcome"),
            N_("For"),
            N_("Against"),
            N_("Abstain"),
        )
    ]
    paragraphs = (
        [translate(N_("Voting weight per choice."), locale)]
        if rows
        else [translate(N_("No votes yet."), locale)]
    )
    return Section(
        translate(N_("Recent votes"), locale), paragraphs, [Table(headers, rows)] if rows else []
    )


def _overdue_tasks(
    tasks: Sequence[TaskOccurrence], mandate: Mandate, locale: str, today: date
) -> Section:
    overdue = sorted(
        (t for t in tasks if t.state(today) is OccurrenceState.OVERDUE),
        key=lambda t: (t.effective_due, t.task_id),
    )
    heading = translate(N_("Overdue annual-cycle tasks"), locale)
    if not overdue:
        return Section(heading, [translate(N_("No task is overdue."), locale)])
    headers = [
        translate(h, locale) for h in (N_("Task"), N_("Responsible"), N_("Due"), N_("Days overdue"))
    ]
    rows = [
        [
            t.title,
            names((body_name(mandate, b) for b in t.responsible), locale),
            short_day(t.effective_due, locale),
            str((today - t.effective_due).days),
        ]
        for t in overdue
    ]
    return Section(heading, tables=[Table(headers, rows)])


def _investment_plans(plans: Sequence[InvestmentPlan], mandate: Mandate, locale: str) -> Section:
    heading = translate(N_("Investment plan per year"), locale)
    if not plans:
        return Section(heading, [translate(N_("No investment plan yet."), locale)])
    paragraphs, rows = [], []
    for plan in sorted(plans, key=lambda p: (p.year, p.body_id)):
        adopted = (
            translate(
                N_("adopted {date}"),
                locale,
                date=short_day(plan.adopted_at.astimezone(OSLO).date(), locale),
            )
            if plan.adopted_at
            else translate(N_("not adopted yet"), locale)
        )
        total = plan.budget_total()
        paragraphs.append(
            translate(
                N_("Plan {year} of {body}: {adopted}; one-off {one_off}, yearly {yearly}."),
                locale,
                year=plan.year,
                body=body_name(mandate, plan.body_id),
                adopted=adopted,
                one_off=money(total["one_off"], locale),
                yearly=money(total["yearly"], locale),
            )
        )
        for line in plan.ordered_lines():
            reasons = names(
                (
                    translate(JUSTIFICATION_LABELS[Justification(j)], locale)
                    for j in line.justification
                ),
                locale,
            )
            rows.append(
                [
                    str(line.year),
                    str(line.rank) if line.rank else "",
                    f"#{line.proposal_id} {line.title}",
                    money(line.one_off_cost, locale),
                    money(line.yearly_cost, locale),
                    reasons,
                ]
            )
    headers = [
        translate(h, locale)
        for h in (
            N_("Year"),
            N_("Rank"),
            N_("Proposal"),
            N_("One-off cost"),
            N_("Yearly cost"),
            N_("Justification"),
        )
    ]
    return Section(heading, paragraphs, [Table(headers, rows)])


def _benefits(
    followups: Sequence[BenefitFollowUp], proposals: Sequence[Proposal], locale: str
) -> Section:
    """Each planned benefit against its latest measurement, with one chart per unit (planned and
    measured values in different units share no axis). A benefit not measured yet has no
    measured bar; a draft's benefits stay out like the draft."""
    heading = translate(N_("Planned against realised benefit"), locale)
    titles = {p.id: p.title for p in proposals}
    rows = [r for r in benefit_report(followups) if r.proposal_id in titles]
    if not rows:
        return Section(heading, [translate(N_("No benefit is planned yet."), locale)])
    headers = [
        translate(h, locale)
        for h in (
            N_("Proposal"),
            N_("Benefit"),
            N_("Unit"),
            N_("Planned"),
            N_("Measured"),
            N_("Measured on"),
            N_("Share realised"),
        )
    ]
    cells = [
        [
            f"#{r.proposal_id} {titles[r.proposal_id]}",
            r.benefit,
            r.unit,
            number(r.planned_value, locale),
            number(r.measured_value, locale) if r.measured_value is not None else "",
            short_day(r.measured_on, locale) if r.measured_on else "",
            share(r.ratio, locale) if r.ratio is not None else "",
        ]
        for r in rows
    ]
    note = translate(
        N_("The share realised is the measured value divided by the planned value."), locale
    )
    by_unit: dict[str, list[BenefitRow]] = {}
    for r in rows:
        by_unit.setdefault(r.unit, []).append(r)
    charts = [_benefit_chart(unit, theirs, locale) for unit, theirs in by_unit.items()]
    return Section(heading, [note], [Table(headers, cells)], charts)


def _benefit_chart(unit: str, rows: Sequence[BenefitRow], locale: str) -> Chart:
    """Planned and measured value of each benefit in ``unit``, side by side (the label starts
    with which of the two it is, so a shortened label still says so)."""
    labels, values = [], []
    for r in rows:
        benefit = f"#{r.proposal_id} {r.benefit}"
        labels.append(translate(N_("Planned: {benefit}"), locale, benefit=benefit))
        values.append(float(r.planned_value))
        if r.measured_value is not None:
            labels.append(translate(N_("Measured: {benefit}"), locale, benefit=benefit))
            values.append(float(r.measured_value))
    return Chart(
        translate(N_("Planned against realised benefit ({unit})"), locale, unit=unit),
        labels,
        values,
        unit,
        locale,
    )
