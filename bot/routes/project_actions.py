"""The project card's buttons (``governance.verbs`` ``project.*`` and ``benefit.*``): start the
project, post its status, record the delivery, plan and measure a benefit. Each answers with the
clicker's project card; a refusal brings the card back with the message and everything entered
on it, and changes nothing. The actor always comes from the identity."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from bot import card_data as cd
from bot.turns import Turn
from governance import verbs
from governance.domain.errors import DomainError, InvalidInput
from governance.i18n import N_
from governance.services import investment, projects, queries
from governance.services.commands import (
    DeliverProject,
    PlanBenefit,
    PostProjectStatus,
    RecordBenefit,
    StartProject,
)
from governance.views import Screen

Data = dict[str, Any]
Step = Callable[[Turn, int, Data], Awaitable[None]]


def _project_step(step: Step | None) -> Callable[[Turn, Data], Awaitable[Screen]]:
    async def handler(turn: Turn, data: Data) -> Screen:
        proposal_id = cd.id_of(data, "proposal_id")
        if step is not None:
            try:
                await step(turn, proposal_id, data)
            except DomainError as refusal:
                if refusal.code.startswith("card."):
                    raise
                return await queries.project(
                    turn.ctx,
                    turn.member,
                    proposal_id,
                    values=cd.project_values(data),
                    error=refusal,
                )
        return await queries.project(turn.ctx, turn.member, proposal_id)

    return handler


def _ids(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


async def _start(turn: Turn, proposal_id: int, data: Data) -> None:
    await projects.start_project(
        turn.ctx,
        StartProject(
            turn.actor,
            proposal_id,
            cd.text_of(data, verbs.PROJECT_SCOPE),
            cd.text_of(data, verbs.PROJECT_BUDGET),
            cd.text_of(data, verbs.PROJECT_OWNER),
            cd.text_of(data, verbs.PROJECT_LEADER),
            _ids(cd.text_of(data, verbs.PROJECT_MEMBERS)),
        ),
    )


async def _status(turn: Turn, proposal_id: int, data: Data) -> None:
    await projects.post_status(
        turn.ctx,
        PostProjectStatus(
            turn.actor,
            proposal_id,
            cd.text_of(data, verbs.PROJECT_STATUS_INPUT),
            cd.text_of(data, verbs.PROJECT_COMMENT),
        ),
    )


async def _deliver(turn: Turn, proposal_id: int, data: Data) -> None:
    await projects.deliver(
        turn.ctx,
        DeliverProject(turn.actor, proposal_id, cd.text_of(data, verbs.PROJECT_COMMENT)),
    )


async def _plan(turn: Turn, proposal_id: int, data: Data) -> None:
    await investment.plan_benefit(
        turn.ctx,
        PlanBenefit(
            turn.actor,
            proposal_id,
            cd.text_of(data, verbs.BENEFIT_TEXT),
            cd.text_of(data, verbs.BENEFIT_VALUE),
            cd.text_of(data, verbs.BENEFIT_UNIT),
        ),
    )


def _measured_on(turn: Turn, data: Data) -> date:
    chosen = cd.text_of(data, verbs.MEASURE_ON)
    if not chosen:
        return turn.ctx.today()
    try:
        return date.fromisoformat(chosen)
    except ValueError:
        raise InvalidInput(
            "benefit.invalid_date", N_("“{value}” is not a date."), value=chosen[:40]
        ) from None


async def _measure(turn: Turn, proposal_id: int, data: Data) -> None:
    followup_id = cd.id_of(data, "followup_id")
    known = {f.id for f in await investment.benefits_of(turn.ctx, proposal_id)}
    if followup_id not in known:
        raise cd.tampered("the benefit is not one of the proposal's")
    await investment.record_benefit(
        turn.ctx,
        RecordBenefit(
            turn.actor,
            followup_id,
            cd.text_of(data, f"{verbs.MEASURE_PREFIX}{followup_id}"),
            _measured_on(turn, data),
            cd.text_of(data, verbs.MEASURE_NOTE),
        ),
    )


ACTIONS: dict[str, Callable[[Turn, Data], Awaitable[Screen]]] = {
    verbs.PROJECT_SHOW: _project_step(None),
    verbs.PROJECT_START: _project_step(_start),
    verbs.PROJECT_STATUS: _project_step(_status),
    verbs.PROJECT_DELIVER: _project_step(_deliver),
    verbs.BENEFIT_PLAN: _project_step(_plan),
    verbs.BENEFIT_MEASURE: _project_step(_measure),
}
