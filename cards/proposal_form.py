"""The proposal form (IKT-forslag): every field of mandate rule 1, for a new proposal or a draft.

A failed validation comes back as ``proposal_form(..., values=..., error=...)``: the message at
the top in the attention colour and every value the user typed put back. Only the title is
required by the client (a draft needs no more); the fields needed to submit (``missing_fields``:
mandate rule 1 and all that quality assurance checks) are marked with an asterisk and checked by
the server, so a half-written draft can always be saved.
Input ids and the data sent are described in ``governance.verbs.PROPOSAL_SAVE``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from microsoft_teams.cards import CardElement, Choice, ChoiceSetInput, TextInput

from cards.elements import adaptive_card, banner, buttons, execute, heading, section, text
from governance import verbs
from governance.domain.errors import DomainError
from governance.domain.groups import GROUP_KINDS
from governance.domain.organisation import Mandate
from governance.domain.proposals import Proposal, ProposalKind
from governance.i18n import N_, translate, translate_error
from governance.presentation import body_name, names, plain_amount


@dataclass(frozen=True)
class TextField:
    id: str
    label: str
    max_length: int
    multiline: bool = True
    for_submit: bool = False  # needed to submit: marked with an asterisk
    placeholder: str | None = None


TITLE = TextField("title", N_("Title"), 300, multiline=False)
DESCRIPTION = TextField(
    "description",
    N_("Description of the proposal"),
    4000,
    for_submit=True,
    placeholder=N_("What should be made or changed, and why?"),
)
COSTS = (  # one of the two is needed to submit ("cost" in ``Proposal.missing_fields``)
    TextField(
        "cost_one_off",
        N_("One-off cost (NOK)"),
        20,
        multiline=False,
        for_submit=True,
        placeholder="0",
    ),
    TextField(
        "cost_yearly",
        N_("Yearly cost (NOK)"),
        20,
        multiline=False,
        for_submit=True,
        placeholder="0",
    ),
)
BENEFITS = (
    TextField(
        "benefit_potential",
        N_("Benefit potential"),
        2000,
        for_submit=True,
        placeholder=N_("What do the municipalities gain: time, money, quality?"),
    ),
    TextField("benefit_measurement", N_("How the benefit will be measured"), 1000),
)
ASSESSMENTS = (
    TextField(
        "legal_basis", N_("Legal basis"), 1000, placeholder=N_("Laws or requirements that apply")
    ),
    TextField(
        "user_perspective",
        N_("User perspective"),
        2000,
        for_submit=True,
        placeholder=N_("What changes for residents and staff?"),
    ),
    TextField(
        "org_change",
        N_("Organisational change"),
        1500,
        for_submit=True,
        placeholder=N_("New routines, roles or training"),
    ),
)
NEED_MAX_LENGTH: Final = 1500
MUNICIPALITIES_LABEL: Final = N_("Municipalities concerned")
SERVICE_LABEL: Final = N_("Service in the catalogue (for a change)")
GOALS_LABEL: Final = N_("Goals of the digitalisation strategy")
OWNER_LABEL: Final = N_("Owning group")
COST_LABEL: Final = N_("One-off or yearly cost")
# The form's label of each field that ``Proposal.missing_fields`` and ``QA_EVIDENCE`` name.
FIELD_LABELS: Final = {
    **{f.id: f.label for f in (TITLE, DESCRIPTION, *COSTS, *BENEFITS, *ASSESSMENTS)},
    "municipalities": MUNICIPALITIES_LABEL,
    "catalogue_service": SERVICE_LABEL,
    "strategy_goals": GOALS_LABEL,
    "owner_group": OWNER_LABEL,
    "cost": COST_LABEL,
}


def field_label(name: str, locale: str, mandate: Mandate | None = None) -> str:
    """The label a field has on the form (``needs.<municipality>``: "Need in Molde")."""
    if name.startswith("needs."):
        municipality = name.removeprefix("needs.")
        known = {m.id: m.name for m in mandate.municipalities} if mandate else {}
        return translate(
            N_("Need in {municipality}"), locale, municipality=known.get(municipality, municipality)
        )
    return translate(FIELD_LABELS[name], locale) if name in FIELD_LABELS else name


def refusal_text(error: DomainError, mandate: Mandate, locale: str) -> str:
    """The message of a refused save or submit; the missing fields by their labels here."""
    missing = error.params.get("missing")
    if error.code == "proposal.incomplete" and isinstance(missing, tuple):
        labels = [field_label(str(name), locale, mandate) for name in missing]
        return translate(error.message, locale, fields=names(labels, locale))
    return translate_error(error, locale)


def proposal_form(
    mandate: Mandate,
    locale: str = "nb",
    *,
    values: Mapping[str, str] | None = None,
    error: str | None = None,
    proposal_id: int | None = None,
) -> dict[str, Any]:
    """The form to write a new proposal, or to edit draft ``proposal_id``.

    ``values`` fill the inputs (input id → text, as ``values_of`` or as the user sent them);
    ``error`` is shown at the top, for a form that comes back after a failed validation.
    """
    v = dict(values or {})
    title = (
        translate(N_("Edit proposal {number}"), locale, number=f"#{proposal_id}")
        if proposal_id is not None
        else translate(N_("New ICT proposal"), locale)
    )
    body: list[CardElement] = [heading(title)]
    body.append(text(f"{body_name(mandate, mandate.committee)} · {mandate.name}", subtle=True))
    if error:
        body.append(banner(error, "attention", title=translate(N_("Please check"), locale)))
    body.append(
        text(
            translate(
                N_(
                    "Fields marked * must be filled in before you submit. "
                    "A draft needs only a title."
                ),
                locale,
            ),
            subtle=True,
        )
    )
    body += _about(mandate, locale, v)
    body += _municipalities(mandate, locale, v)
    body.append(section(translate(N_("Cost and benefit"), locale)))
    body += [_text_input(f, locale, v) for f in COSTS]
    cost_hint = translate(N_("Give the one-off or the yearly cost, or both."), locale)
    body.append(text(cost_hint, subtle=True))
    body += [_text_input(f, locale, v) for f in BENEFITS]
    body.append(section(translate(N_("Assessments"), locale)))
    body += [_text_input(f, locale, v) for f in ASSESSMENTS]
    body += _strategy_and_owner(mandate, locale, v)
    body += buttons(_save_buttons(locale, proposal_id), spacing="Large")
    return adaptive_card(body, fallback_text=title)


def values_of(proposal: Proposal, locale: str = "nb") -> dict[str, str]:
    """The form values of an existing draft (input id → text), for ``proposal_form``."""
    values = {
        "title": proposal.title,
        "description": proposal.description,
        "kind": proposal.kind.value,
        "catalogue_service": proposal.catalogue_service or "",
        "municipalities": ",".join(proposal.municipalities),
        "cost_one_off": plain_amount(proposal.cost_one_off, locale),
        "cost_yearly": plain_amount(proposal.cost_yearly, locale),
        "benefit_potential": proposal.benefit_potential,
        "benefit_measurement": proposal.benefit_measurement,
        "legal_basis": proposal.legal_basis,
        "user_perspective": proposal.user_perspective,
        "org_change": proposal.org_change,
        "strategy_goals": ",".join(proposal.strategy_goals),
        "owner_group": proposal.owner_group or "",
    }
    values.update({f"{verbs.NEED_PREFIX}{m}": t for m, t in proposal.needs.items()})
    return values


def _label(field: TextField, locale: str) -> str:
    label = translate(field.label, locale)
    return f"{label} *" if field.for_submit else label


def _text_input(field: TextField, locale: str, values: Mapping[str, str]) -> TextInput:
    return TextInput(
        id=field.id,
        label=_label(field, locale),
        value=values.get(field.id) or None,
        is_multiline=field.multiline or None,
        max_length=field.max_length,
        placeholder=translate(field.placeholder, locale) if field.placeholder else None,
    )


def _choices(
    id_: str,
    label: str,
    options: list[tuple[str, str]],
    values: Mapping[str, str],
    *,
    multi: bool = False,
    expanded: bool = False,
    placeholder: str | None = None,
) -> ChoiceSetInput:
    return ChoiceSetInput(
        id=id_,
        label=label,
        value=values.get(id_) or None,
        is_multi_select=multi or None,
        style="expanded" if multi or expanded else "compact",
        placeholder=placeholder,
        wrap=True,
        choices=[Choice(title=title, value=value) for value, title in options],
    )


def _about(mandate: Mandate, locale: str, v: Mapping[str, str]) -> list[CardElement]:
    title = TextInput(
        id=TITLE.id,
        label=translate(TITLE.label, locale),
        value=v.get(TITLE.id) or None,
        max_length=TITLE.max_length,
        is_required=True,
        error_message=translate(N_("Give the proposal a title."), locale),
    )
    kinds = [
        (
            ProposalKind.NEW_SERVICE.value,
            translate(N_("New service (not in the service catalogue)"), locale),
        ),
        (
            ProposalKind.CHANGE_SERVICE.value,
            translate(N_("Change to a service in the catalogue"), locale),
        ),
    ]
    kind = _choices(
        "kind",
        translate(N_("Kind of proposal"), locale),
        kinds,
        {"kind": ProposalKind.NEW_SERVICE.value, **v},
        expanded=True,
    )
    services = [(s.id, s.name) for s in mandate.service_catalogue]
    service = _choices(
        "catalogue_service",
        translate(SERVICE_LABEL, locale),
        services,
        v,
        placeholder=translate(N_("Choose a service"), locale),
    )
    return [
        section(translate(N_("The proposal"), locale)),
        title,
        _text_input(DESCRIPTION, locale, v),
        kind,
        service,
    ]


def _municipalities(mandate: Mandate, locale: str, v: Mapping[str, str]) -> list[CardElement]:
    label = translate(MUNICIPALITIES_LABEL, locale) + " *"
    options = [(m.id, m.name) for m in mandate.municipalities]
    needs: list[CardElement] = [
        TextInput(
            id=f"{verbs.NEED_PREFIX}{m.id}",
            is_multiline=True,
            max_length=NEED_MAX_LENGTH,
            label=translate(N_("Need in {municipality}"), locale, municipality=m.name),
            value=v.get(f"{verbs.NEED_PREFIX}{m.id}") or None,
        )
        for m in mandate.municipalities
    ]
    hint = translate(N_("Describe the need of every municipality you tick above."), locale)
    return [
        section(translate(N_("Municipalities and needs"), locale)),
        _choices("municipalities", label, options, v, multi=True),
        text(hint, subtle=True),
        *needs,
    ]


def _strategy_and_owner(mandate: Mandate, locale: str, v: Mapping[str, str]) -> list[CardElement]:
    items: list[CardElement] = [section(translate(N_("Strategy and ownership"), locale))]
    if mandate.strategy_goals:
        goals = [(g.id, g.title) for g in mandate.strategy_goals]
        label = translate(GOALS_LABEL, locale) + " *"
        items.append(_choices("strategy_goals", label, goals, v, multi=True))
    groups = [b for b in mandate.bodies if b.kind in GROUP_KINDS] or list(mandate.bodies)
    items.append(
        _choices(
            "owner_group",
            translate(OWNER_LABEL, locale) + " *",
            [(b.id, b.name) for b in groups],
            v,
            placeholder=translate(N_("Choose a group"), locale),
        )
    )
    return items


def _save_buttons(locale: str, proposal_id: int | None) -> list[Any]:
    data: dict[str, Any] = {} if proposal_id is None else {"proposal_id": proposal_id}
    return [
        execute(translate(N_("Save draft"), locale), verbs.PROPOSAL_SAVE, data),
        execute(
            translate(N_("Save and submit"), locale),
            verbs.PROPOSAL_SAVE,
            {**data, "submit": True},
            style="positive",
        ),
    ]
