"""Use cases of proposals: draft, edit, submit, quality-assure, and the chair's and board's steps
(mandate rules 1 and 2). The actor is always a member id taken from the caller's identity."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Final

from governance.domain.decisions import VERDICT_ACTIONS
from governance.domain.errors import InvalidInput
from governance.domain.outbox import PublicationKind, discussion_key
from governance.domain.proposals import (
    PROJECT_ACTIONS,
    Action,
    Proposal,
    ProposalKind,
    ProposalState,
)
from governance.domain.subjects import AuditSubject
from governance.domain.text import require_clean_text
from governance.i18n import N_, Msg
from governance.ports import UnitOfWork
from governance.services import outbox, policies
from governance.services.commands import (
    CreateDraft,
    ProposalInput,
    SubmitProposal,
    TakeStep,
    TickChecklist,
    UpdateDraft,
)
from governance.services.context import Context, record, retry_on_conflict
from governance.services.submitter_notices import tell_submitter

MAX_AMOUNT: Final = Decimal(10**12)  # a trillion NOK: far above any ICT measure
_MAX_AMOUNT_TEXT: Final = 40

DECISION_ACTIONS = frozenset(VERDICT_ACTIONS.values())  # taken by ``decisions.decide``


def parse_amount(value: str | Decimal | int, field_name: str) -> Decimal:
    """NOK amounts: digits with optional spaces, '.' or ',' as decimal mark; never negative,
    never more than ``MAX_AMOUNT``."""
    text = str(value).replace("\u00a0", "").replace(" ", "").replace(",", ".") or "0"
    shown = str(value)[:_MAX_AMOUNT_TEXT]
    try:
        long_number = (
            len(text) > _MAX_AMOUNT_TEXT
            and text.replace(".", "").isascii()
            and text.replace(".", "").isdigit()
        )
        amount = (
            MAX_AMOUNT + 1
            if long_number
            else Decimal(text)
            if len(text) <= _MAX_AMOUNT_TEXT
            else Decimal("NaN")
        )
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount < 0:
        raise InvalidInput(
            "proposal.invalid_amount",
            N_("{field} must be an amount in NOK, not “{value}”."),
            field=field_name,
            value=shown,
        )
    if amount > MAX_AMOUNT:
        raise InvalidInput(
            "proposal.amount_too_large",
            N_("{field} is more than {limit} NOK, which no ICT proposal costs. Check the amount."),
            field=field_name,
            limit="1 000 000 000 000",
        )
    return amount.quantize(Decimal("0.01"))


_TEXT_LABELS: Final = {
    "title": Msg(N_("Title")),
    "description": Msg(N_("Description of the proposal")),
    "benefit_potential": Msg(N_("Benefit potential")),
    "benefit_measurement": Msg(N_("How the benefit will be measured")),
    "legal_basis": Msg(N_("Legal basis")),
    "user_perspective": Msg(N_("User perspective")),
    "org_change": Msg(N_("Organisational change")),
}


def _require_clean_input(data: ProposalInput) -> None:
    """Every free text of the form is printable (``governance.domain.text``)."""
    for name, label in _TEXT_LABELS.items():
        require_clean_text(str(getattr(data, name)), label)
    for municipality, need in data.needs.items():
        require_clean_text(need, municipality)


def _apply_input(proposal: Proposal, data: ProposalInput) -> None:
    _require_clean_input(data)
    try:
        kind = ProposalKind(data.kind)
    except ValueError:
        raise InvalidInput(
            "proposal.invalid_kind", N_("Unknown proposal kind: {kind}."), kind=data.kind
        ) from None
    proposal.title, proposal.description = data.title.strip(), data.description.strip()
    proposal.kind = kind
    proposal.catalogue_service = data.catalogue_service or None
    proposal.municipalities = sorted(set(data.municipalities))
    proposal.needs = {m: t.strip() for m, t in data.needs.items() if t.strip()}
    proposal.cost_one_off = parse_amount(data.cost_one_off, "cost_one_off")
    proposal.cost_yearly = parse_amount(data.cost_yearly, "cost_yearly")
    for name in (
        "benefit_potential",
        "benefit_measurement",
        "legal_basis",
        "user_perspective",
        "org_change",
    ):
        setattr(proposal, name, str(getattr(data, name)).strip())
    proposal.strategy_goals = sorted(set(data.strategy_goals))
    proposal.owner_group = data.owner_group or None
    if len(proposal.title) > 300:
        raise InvalidInput(
            "proposal.title_too_long", N_("The title is longer than 300 characters.")
        )


@retry_on_conflict
async def create_draft(ctx: Context, cmd: CreateDraft) -> Proposal:
    """A new draft owned by the actor (its municipality comes from the actor's identity)."""
    actor, data = cmd.actor, cmd.data
    member = ctx.mandate.member(actor)
    policies.require_can_propose(member, ctx.mandate)
    now = ctx.clock.now()
    proposal = Proposal(
        title="",
        submitter=member.id,
        created_at=now,
        cooperation=ctx.mandate.id,
        submitter_municipality=member.municipality,
        updated_at=now,
    )
    _apply_input(proposal, data)
    if not proposal.title:
        raise InvalidInput("proposal.title_required", N_("A proposal needs a title."))
    proposal.check_references(ctx.mandate)
    async with ctx.unit() as uow:
        uow.proposals.add(proposal)
        await uow.flush()
        await record(
            ctx, uow, actor, "proposal.drafted", _subject(proposal), {"title": proposal.title}
        )
        await _portfolio_changed(ctx, uow, proposal)
        await uow.commit()
    return proposal


@retry_on_conflict
async def update_draft(ctx: Context, cmd: UpdateDraft) -> Proposal:
    actor, proposal_id, data = cmd.actor, cmd.proposal_id, cmd.data
    async with ctx.unit() as uow:
        proposal = await uow.proposals.get(proposal_id)
        policies.require_may_edit(actor, proposal)
        _apply_input(proposal, data)
        proposal.check_references(ctx.mandate)
        proposal.updated_at = ctx.clock.now()
        await record(
            ctx, uow, actor, "proposal.edited", _subject(proposal), {"title": proposal.title}
        )
        await _portfolio_changed(ctx, uow, proposal)
        await uow.commit()
    return proposal


@retry_on_conflict
async def take_step(ctx: Context, cmd: TakeStep) -> Proposal:
    """Any life-cycle step taken by a person (the vote's own steps go through ``votes``)."""
    actor, proposal_id, action, comment = cmd.actor, cmd.proposal_id, cmd.action, cmd.comment
    member = ctx.mandate.member(actor)
    if action in DECISION_ACTIONS:
        raise InvalidInput(
            "proposal.decided_with_reason",
            N_("A decision after the committee is recorded with its reason on the decision card."),
        )
    if action in PROJECT_ACTIONS:
        raise InvalidInput(
            "proposal.project_step",
            N_("A project is started, delivered and followed up on its project card."),
        )
    require_clean_text(comment, Msg(N_("Comment (needed when you return the proposal)")))
    async with ctx.unit() as uow:
        proposal = await uow.proposals.get(proposal_id)
        event = proposal.apply(
            action,
            by=member.id,
            at=ctx.clock.now(),
            comment=comment,
            capacities=policies.capacities(member, proposal, ctx.mandate),
        )
        await record(
            ctx,
            uow,
            actor,
            f"proposal.{action.value}",
            _subject(proposal),
            {"from": event.from_state, "to": event.to_state, "comment": comment},
        )
        await tell_submitter(ctx, uow, proposal, event)
        await _portfolio_changed(ctx, uow, proposal)
        if action is Action.SUBMIT:
            await _open_discussion(ctx, uow, proposal)
        await uow.commit()
    return proposal


async def submit(ctx: Context, cmd: SubmitProposal) -> Proposal:
    actor, proposal_id = cmd.actor, cmd.proposal_id
    return await take_step(ctx, TakeStep(actor, proposal_id, Action.SUBMIT))


@retry_on_conflict
async def tick_checklist(ctx: Context, cmd: TickChecklist) -> Proposal:
    """The chair ticks an item of the quality-assurance checklist."""
    actor, proposal_id, item, done = cmd.actor, cmd.proposal_id, cmd.item, cmd.done
    policies.require_chair(ctx.mandate.member(actor), ctx.mandate)
    async with ctx.unit() as uow:
        proposal = await uow.proposals.get(proposal_id)
        proposal.tick(item, done)
        proposal.updated_at = ctx.clock.now()
        await record(
            ctx,
            uow,
            actor,
            "proposal.qa_ticked",
            _subject(proposal),
            {"item": item.value, "done": done},
        )
        await _portfolio_changed(ctx, uow, proposal)
        await uow.commit()
    return proposal


async def get(ctx: Context, proposal_id: int) -> Proposal:
    async with ctx.reading() as uow:
        return await uow.proposals.get(proposal_id)


async def many(ctx: Context, ids: Iterable[int]) -> dict[int, Proposal]:
    """These proposals by id, read at once (a card or a document naming several)."""
    async with ctx.reading() as uow:
        return await uow.proposals.many(ids)


async def listing(ctx: Context, *states: ProposalState) -> list[Proposal]:
    async with ctx.reading() as uow:
        return await (uow.proposals.in_states(*states) if states else uow.proposals.all())


async def mine(ctx: Context, actor: str) -> list[Proposal]:
    async with ctx.reading() as uow:
        return await uow.proposals.by_submitter(actor)


def _subject(proposal: Proposal) -> AuditSubject:
    return AuditSubject.proposal(proposal.id)


async def _open_discussion(ctx: Context, uow: UnitOfWork, proposal: Proposal) -> None:
    """On its first submission the proposal's card goes to the committee's channel, outside the
    click (the outbox): the replies to that post are its discussion. A proposal submitted again
    after its return keeps its thread (the post follows the change)."""
    assert proposal.id is not None
    if sum(1 for e in proposal.history if e.action == Action.SUBMIT.value) > 1:
        return
    await outbox.enqueue(
        ctx,
        uow,
        PublicationKind.DISCUSSION,
        discussion_key(proposal.id),
        ctx.mandate.committee,
        {"proposal_id": proposal.id},
    )


async def _portfolio_changed(ctx: Context, uow: UnitOfWork, proposal: Proposal) -> None:
    """Every change of a proposal shows in its row of the board's portfolio list (rule 9)."""
    assert proposal.id is not None
    await outbox.portfolio_changed(ctx, uow, proposal.id)
