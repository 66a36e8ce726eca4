"""The quality-assurance checklist card for the chair (mandate rule 2): one toggle per checklist
item with its current value and, beside it, what the proposal says about that point; a comment;
a save button and the steps given (normally "mark as ready" and "return for revision").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from microsoft_teams.cards import CardElement, TextInput, ToggleInput

from cards.elements import (
    adaptive_card,
    banner,
    buttons,
    caption,
    execute,
    heading,
    section,
    text,
)
from cards.proposal import kind_text, show_button, step_button
from cards.proposal_form import field_label
from governance import verbs
from governance.domain.organisation import Mandate
from governance.domain.proposals import QA_LABELS, Action, Proposal, QaItem, state_label
from governance.i18n import N_, translate
from governance.presentation import body_name, clip, money, names

EVIDENCE_LIMIT = 200


def qa_card(
    proposal: Proposal,
    mandate: Mandate,
    locale: str = "nb",
    *,
    steps: Sequence[Action] = (Action.MARK_READY, Action.RETURN),
    ticks: Mapping[str, bool] | None = None,
    comment: str | None = None,
    error: str | None = None,
    missing: Sequence[tuple[QaItem, Sequence[str]]] = (),
) -> dict[str, Any]:
    """The checklist of ``proposal`` for the chair; ``steps`` become ``proposal.step`` buttons
    (their data carries the checklist inputs too, so "return" takes ``qa_comment``). After a
    refusal (``error``) the toggles show ``ticks`` and the comment ``comment`` as entered, and
    each item of ``missing`` is named with the proposal's fields it lacks."""
    title = translate(N_("Quality assurance of proposal {number}"), locale, number=proposal.number)
    state = translate(state_label(proposal.state), locale)
    body: list[CardElement] = [caption(f"{title} · {state}"), heading(proposal.title)]
    if error:
        body.append(banner(error, "attention", title=translate(N_("Please check"), locale)))
        body += [_missing(item, fields, locale) for item, fields in missing]
    body.append(
        text(
            translate(
                N_(
                    "Tick each point when you have checked it. The proposal can "
                    "be marked as ready when every point is ticked."
                ),
                locale,
            ),
            subtle=True,
            spacing="Medium",
        )
    )
    body.append(section(translate(N_("Checklist"), locale)))
    ticked = proposal.qa if ticks is None else ticks
    for item in QaItem:
        body += _item(proposal, mandate, item, bool(ticked.get(item.value)), locale)
    body.append(
        TextInput(
            id=verbs.QA_COMMENT,
            is_multiline=True,
            max_length=1000,
            spacing="Large",
            value=(proposal.qa_comment if comment is None else comment) or None,
            label=translate(N_("Comment (needed when you return the proposal)"), locale),
        )
    )
    body += buttons(_actions(proposal, steps, locale), spacing="Large")
    return adaptive_card(body, fallback_text=title)


def _missing(item: QaItem, fields: Sequence[str], locale: str) -> CardElement:
    """One item in the way: not ticked, or the fields of the proposal it lacks."""
    label = translate(QA_LABELS[item], locale)
    if fields:
        lacking = names((field_label(f, locale) for f in fields), locale)
        line = translate(
            N_("“{item}”: the proposal lacks {fields}."), locale, item=label, fields=lacking
        )
    else:
        line = translate(N_("“{item}” is not ticked."), locale, item=label)
    return text(f"• {line}", color="Attention", spacing="Small")


def _item(
    proposal: Proposal, mandate: Mandate, item: QaItem, ticked: bool, locale: str
) -> list[CardElement]:
    toggle = ToggleInput(
        id=f"{verbs.QA_PREFIX}{item.value}",
        title=translate(QA_LABELS[item], locale),
        value="true" if ticked else "false",
        value_on="true",
        value_off="false",
        wrap=True,
        spacing="Medium",
    )
    evidence = clip(_evidence(proposal, mandate, item, locale), EVIDENCE_LIMIT)
    return [toggle, text(evidence, subtle=True, size="Small", spacing="None")]


def _evidence(proposal: Proposal, mandate: Mandate, item: QaItem, locale: str) -> str:
    """What the proposal says about the point the item checks ("Missing" when nothing)."""
    missing = translate(N_("Missing"), locale)
    if item is QaItem.CATALOGUE_CHECKED:
        return kind_text(proposal, mandate, locale)
    if item is QaItem.COST_BENEFIT_PRESENT:
        return translate(
            N_("One-off {one_off}, yearly {yearly}; benefit: {benefit}"),
            locale,
            one_off=money(proposal.cost_one_off, locale),
            yearly=money(proposal.cost_yearly, locale),
            benefit=proposal.benefit_potential or missing,
        )
    if item is QaItem.STRATEGY_LINK:
        goals = {g.id: g.title for g in mandate.strategy_goals}
        return names((goals.get(g, g) for g in proposal.strategy_goals), locale) or missing
    if item is QaItem.OWNER_NAMED:
        return body_name(mandate, proposal.owner_group) if proposal.owner_group else missing
    return proposal.org_change or missing


def _actions(proposal: Proposal, steps: Sequence[Action], locale: str) -> list[Any]:
    if proposal.id is None:
        return []
    save = execute(translate(N_("Save"), locale), verbs.QA_SAVE, {"proposal_id": proposal.id})
    steps_ = [step_button(proposal.id, step, locale) for step in steps]
    return [save, *steps_, show_button(proposal.id, locale)]
