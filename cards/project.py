"""The project card (prosjektkort) of an approved matter: the project's mandate (scope, budget,
owner group), the project group, its status updates, the delivery and the benefits planned
against measured. For the one who approved the matter, the form that starts the project; for the
project group, the status form; for its leader, the delivery; for the owning group, the
measurement of each benefit; for the chair and the submitter, the planning of a benefit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from microsoft_teams.cards import CardElement, Choice, ChoiceSetInput, DateInput, TextInput

from cards.elements import (
    adaptive_card,
    banner,
    buttons,
    caption,
    execute,
    facts,
    heading,
    section,
    text,
)
from cards.proposal import show_button, state_badge
from governance import verbs
from governance.domain.investment import BenefitFollowUp
from governance.domain.organisation import Mandate
from governance.domain.projects import STATUS_LABELS, Project, ProjectStatus, StatusUpdate
from governance.domain.proposals import Proposal, ProposalState
from governance.i18n import N_, translate
from governance.presentation import day, member_name, moment, money, names, number
from governance.views import ProjectView, Tone

HISTORY_LIMIT: Final = 5
STATUS_TONES: Final[dict[ProjectStatus, Tone]] = {
    ProjectStatus.ON_TRACK: "good",
    ProjectStatus.AT_RISK: "warning",
    ProjectStatus.LATE: "attention",
}
_STARTABLE = frozenset({ProposalState.BOARD_APPROVED})


def project_card(
    view: ProjectView, mandate: Mandate, locale: str = "nb", *, error: str | None = None
) -> dict[str, Any]:
    """The card (see the module's docstring) of ``view`` in ``locale``."""
    proposal, project = view.proposal, view.project
    assert proposal.id is not None
    body: list[CardElement] = [
        caption(translate(N_("Project of proposal {number}"), locale, number=proposal.number)),
        heading(proposal.title),
        state_badge(proposal.state, locale),
    ]
    if error:
        body.append(banner(error, "attention"))
    if view.due is not None:
        body.append(
            banner(
                translate(
                    N_("A benefit is due to be measured (follow-up date {date})."),
                    locale,
                    date=day(view.due, locale),
                ),
                "warning",
            )
        )
    values = view.values or {}
    actions = []
    if project is None:
        body += _not_started(view, locale)
        if view.may_start:
            body += _start_form(view, values, locale)
            actions.append(
                execute(
                    translate(N_("Start the project"), locale),
                    verbs.PROJECT_START,
                    {"proposal_id": proposal.id},
                    style="positive",
                )
            )
    else:
        body += _mandate(project, view, mandate, locale)
        body += _updates(project.updates, mandate, locale)
        if view.may_post or view.may_deliver:
            body += _status_form(view, values, locale)
        if view.may_post:
            actions.append(
                execute(
                    translate(N_("Post the status"), locale),
                    verbs.PROJECT_STATUS,
                    {"proposal_id": proposal.id},
                )
            )
        if view.may_deliver:
            actions.append(
                execute(
                    translate(N_("Record the delivery"), locale),
                    verbs.PROJECT_DELIVER,
                    {"proposal_id": proposal.id},
                    style="positive",
                )
            )
    body += buttons(actions, spacing="Medium")
    body += _benefits(view, values, locale)
    if view.may_plan:
        body += _plan_form(proposal, values, locale)
    body += buttons([show_button(proposal.id, locale)], spacing="Large")
    return adaptive_card(body, fallback_text=f"{proposal.number} {proposal.title}")


def _not_started(view: ProjectView, locale: str) -> list[CardElement]:
    if view.proposal.state not in _STARTABLE:
        return [text(translate(N_("No project was started for this matter."), locale), subtle=True)]
    return [
        text(
            translate(
                N_("Approved by {name}, who starts the project and appoints its project group."),
                locale,
                name=view.commissioner_name,
            )
        )
    ]


def _start_form(view: ProjectView, values: Mapping[str, str], locale: str) -> list[CardElement]:
    proposal = view.proposal
    owner = values.get(verbs.PROJECT_OWNER) or proposal.owner_group or None
    budget = values.get(verbs.PROJECT_BUDGET) or str(proposal.cost_one_off.normalize())
    people = [Choice(title=name, value=ident) for ident, name in view.people]
    return [
        section(translate(N_("The project's mandate"), locale)),
        TextInput(
            id=verbs.PROJECT_SCOPE,
            label=translate(N_("Scope: what the project delivers"), locale),
            is_multiline=True,
            is_required=True,
            error_message=translate(N_("Describe the project's scope."), locale),
            max_length=2000,
            value=values.get(verbs.PROJECT_SCOPE) or None,
        ),
        TextInput(
            id=verbs.PROJECT_BUDGET,
            label=translate(N_("Budget (NOK)"), locale),
            is_required=True,
            error_message=translate(N_("Give the budget in NOK."), locale),
            max_length=40,
            value=budget,
        ),
        ChoiceSetInput(
            id=verbs.PROJECT_OWNER,
            label=translate(N_("Owner group"), locale),
            is_required=True,
            error_message=translate(N_("Choose the group that owns the project."), locale),
            value=owner,
            wrap=True,
            choices=[Choice(title=name, value=ident) for ident, name in view.owners],
        ),
        ChoiceSetInput(
            id=verbs.PROJECT_LEADER,
            label=translate(N_("Project leader"), locale),
            is_required=True,
            error_message=translate(N_("Choose the project leader."), locale),
            value=values.get(verbs.PROJECT_LEADER) or None,
            wrap=True,
            choices=people,
        ),
        ChoiceSetInput(
            id=verbs.PROJECT_MEMBERS,
            label=translate(N_("Members of the project group"), locale),
            is_multi_select=True,
            value=values.get(verbs.PROJECT_MEMBERS) or None,
            wrap=True,
            choices=people,
        ),
    ]


def _mandate(
    project: Project, view: ProjectView, mandate: Mandate, locale: str
) -> list[CardElement]:
    def t(msgid: str) -> str:
        return translate(msgid, locale)

    group, owner, commissioner = view.group, view.owner_name, view.commissioner_name
    on = max(project.started_at.date(), view.today or project.started_at.date())
    members = [m.member_id for m in group.active_members(on)] if group else []
    latest = project.latest
    items: list[CardElement] = [section(t(N_("The project's mandate")))]
    items.append(text(project.scope))
    items.append(
        facts(
            [
                (t(N_("Commissioned by")), commissioner),
                (t(N_("Owner group")), owner),
                (t(N_("Project group")), group.name if group else project.group_key),
                (t(N_("Project leader")), member_name(mandate, project.leader)),
                (
                    t(N_("Members")),
                    names(
                        (member_name(mandate, m) for m in members if m != project.leader), locale
                    ),
                ),
                (t(N_("Budget")), money(project.budget, locale)),
                (t(N_("Started")), moment(project.started_at, locale)),
                (
                    t(N_("Delivered")),
                    moment(project.delivered_at, locale) if project.delivered_at else "",
                ),
            ]
        )
    )
    if latest is not None and not project.is_delivered:
        items.append(
            banner(
                latest.comment,
                STATUS_TONES[latest.status],
                title=translate(
                    N_("Status: {status}"), locale, status=t(STATUS_LABELS[latest.status])
                ),
            )
        )
    if project.delivery_note:
        items.append(text(project.delivery_note, subtle=True))
    return items


def _updates(updates: Sequence[StatusUpdate], mandate: Mandate, locale: str) -> list[CardElement]:
    if not updates:
        return [text(translate(N_("No status has been posted yet."), locale), subtle=True)]
    items: list[CardElement] = [section(translate(N_("Status updates"), locale))]
    shown = sorted(updates, key=lambda u: (u.at, u.id or 0), reverse=True)[:HISTORY_LIMIT]
    for update in shown:
        items.append(
            text(
                translate(
                    N_("{status}, {when}, {name}"),
                    locale,
                    status=translate(STATUS_LABELS[update.status], locale),
                    when=moment(update.at, locale),
                    name=member_name(mandate, update.by),
                ),
                bold=True,
                spacing="Small",
            )
        )
        items.append(text(update.comment, subtle=True, spacing="None"))
    return items


def _status_form(view: ProjectView, values: Mapping[str, str], locale: str) -> list[CardElement]:
    items: list[CardElement] = [section(translate(N_("Report from the project group"), locale))]
    if view.may_post:
        items.append(
            ChoiceSetInput(
                id=verbs.PROJECT_STATUS_INPUT,
                label=translate(N_("How the project stands"), locale),
                style="expanded",
                wrap=True,
                value=values.get(verbs.PROJECT_STATUS_INPUT) or ProjectStatus.ON_TRACK.value,
                choices=[
                    Choice(title=translate(label, locale), value=status.value)
                    for status, label in STATUS_LABELS.items()
                ],
            )
        )
    items.append(
        TextInput(
            id=verbs.PROJECT_COMMENT,
            label=translate(
                N_("Comment (what was done, what is at risk; or the delivery)"), locale
            ),
            is_multiline=True,
            max_length=2000,
            value=values.get(verbs.PROJECT_COMMENT) or None,
        )
    )
    return items


def _benefits(view: ProjectView, values: Mapping[str, str], locale: str) -> list[CardElement]:
    proposal = view.proposal
    assert proposal.id is not None
    items: list[CardElement] = [section(translate(N_("Planned against realised benefit"), locale))]
    if not view.benefits:
        items.append(text(translate(N_("No benefit is planned yet."), locale), subtle=True))
        return items
    for benefit in view.benefits:
        items += _benefit(benefit, view, values, locale)
    if view.measurable:
        today = view.today or view.proposal.created_at.date()
        items.append(
            DateInput(
                id=verbs.MEASURE_ON,
                label=translate(N_("Measured on"), locale),
                max=today.isoformat(),
                value=values.get(verbs.MEASURE_ON) or today.isoformat(),
            )
        )
        items.append(
            TextInput(
                id=verbs.MEASURE_NOTE,
                label=translate(N_("How it was measured (optional)"), locale),
                max_length=1000,
                value=values.get(verbs.MEASURE_NOTE) or None,
            )
        )
    return items


def _benefit(
    benefit: BenefitFollowUp, view: ProjectView, values: Mapping[str, str], locale: str
) -> list[CardElement]:
    assert benefit.id is not None and view.proposal.id is not None
    planned = f"{number(benefit.planned_value, locale)} {benefit.unit}"
    measured = (
        translate(
            N_("{value} {unit} on {date}"),
            locale,
            value=number(benefit.measured_value, locale),
            unit=benefit.unit,
            date=day(benefit.measured_on, locale),
        )
        if benefit.measured_value is not None and benefit.measured_on is not None
        else translate(N_("not measured"), locale)
    )
    due = benefit.next_due()
    items: list[CardElement] = [
        text(benefit.benefit, bold=True, spacing="Medium"),
        facts(
            [
                (translate(N_("Planned"), locale), planned),
                (translate(N_("Measured"), locale), measured),
                (translate(N_("Next follow-up"), locale), day(due, locale) if due else ""),
            ]
        ),
    ]
    if benefit.id in view.measurable:
        key = f"{verbs.MEASURE_PREFIX}{benefit.id}"
        items.append(
            TextInput(
                id=key,
                label=translate(N_("Measured value ({unit})"), locale, unit=benefit.unit),
                max_length=40,
                value=values.get(key) or None,
            )
        )
        items += buttons(
            [
                execute(
                    translate(N_("Record the measurement"), locale),
                    verbs.BENEFIT_MEASURE,
                    {"proposal_id": view.proposal.id, "followup_id": benefit.id},
                )
            ],
            spacing="Small",
        )
    return items


def _plan_form(proposal: Proposal, values: Mapping[str, str], locale: str) -> list[CardElement]:
    assert proposal.id is not None
    return [
        text(translate(N_("Plan a benefit to follow up"), locale), bold=True, spacing="Large"),
        TextInput(
            id=verbs.BENEFIT_TEXT,
            label=translate(N_("Benefit"), locale),
            max_length=300,
            value=values.get(verbs.BENEFIT_TEXT) or None,
        ),
        TextInput(
            id=verbs.BENEFIT_VALUE,
            label=translate(N_("Planned value"), locale),
            max_length=40,
            value=values.get(verbs.BENEFIT_VALUE) or None,
        ),
        TextInput(
            id=verbs.BENEFIT_UNIT,
            label=translate(N_("Unit"), locale),
            max_length=40,
            value=values.get(verbs.BENEFIT_UNIT) or None,
        ),
        *buttons(
            [
                execute(
                    translate(N_("Plan the benefit"), locale),
                    verbs.BENEFIT_PLAN,
                    {"proposal_id": proposal.id},
                )
            ],
            spacing="Small",
        ),
    ]
