"""Repositories of ranking rounds, investment plans, benefits, annual-cycle tasks, groups and
systems (the proposal/vote/meeting ones are in ``repositories``)."""

from __future__ import annotations

from governance.domain.annual_cycle import TaskOccurrence
from governance.domain.errors import NotFound
from governance.domain.groups import Group
from governance.domain.investment import BenefitFollowUp, InvestmentPlan
from governance.domain.ranking import RankingRound
from governance.domain.systems import Integration, System
from governance.i18n import N_
from governance.store.repositories import SqlRepository


class RankingRepository(SqlRepository[RankingRound]):
    model = RankingRound
    not_found_code = "ranking.not_found"
    not_found_message = N_("There is no ranking round #{id}.")

    async def all(self) -> list[RankingRound]:
        return await self.where(order_by=[RankingRound.id])  # type: ignore[attr-defined]


class PlanRepository(SqlRepository[InvestmentPlan]):
    model = InvestmentPlan
    not_found_code = "plan.not_found"
    not_found_message = N_("There is no investment plan #{id}.")

    async def for_year(self, year: int) -> InvestmentPlan | None:
        found = await self.where(InvestmentPlan.year == year)  # type: ignore[arg-type]
        return found[0] if found else None


class BenefitRepository(SqlRepository[BenefitFollowUp]):
    model = BenefitFollowUp
    not_found_code = "benefit.not_found"
    not_found_message = N_("There is no benefit follow-up #{id}.")

    async def of_proposal(self, proposal_id: int) -> list[BenefitFollowUp]:
        return await self.where(
            BenefitFollowUp.proposal_id == proposal_id,  # type: ignore[arg-type]
            order_by=[BenefitFollowUp.id],  # type: ignore[attr-defined]
        )

    async def all(self) -> list[BenefitFollowUp]:
        return await self.where(order_by=[BenefitFollowUp.id])  # type: ignore[attr-defined]


class TaskRepository(SqlRepository[TaskOccurrence]):
    model = TaskOccurrence
    not_found_code = "task.not_found"
    not_found_message = N_("There is no annual-cycle task #{id}.")

    async def of_year(self, year: int) -> list[TaskOccurrence]:
        return await self.where(
            TaskOccurrence.year == year,  # type: ignore[arg-type]
            order_by=[TaskOccurrence.due, TaskOccurrence.task_id],  # type: ignore[list-item]
        )


class GroupRepository(SqlRepository[Group]):
    model = Group
    not_found_code = "group.not_found"
    not_found_message = N_("There is no group {id}.")

    async def by_key(self, key: str) -> Group:
        found = await self.where(Group.key == key)  # type: ignore[arg-type]
        if not found:
            raise NotFound(self.not_found_code, self.not_found_message, id=key)
        return found[0]

    async def all(self) -> list[Group]:
        return await self.where(order_by=[Group.key])  # type: ignore[list-item]


class SystemRepository(SqlRepository[System]):
    model = System
    not_found_code = "system.not_found"
    not_found_message = N_("There is no system {id}.")

    async def all(self) -> list[System]:
        return await self.where(order_by=[System.key])  # type: ignore[list-item]

    async def integrations(self) -> list[Integration]:
        from sqlalchemy import select

        stmt = select(Integration).order_by(Integration.id)  # type: ignore[attr-defined]
        return list((await self.session.scalars(stmt)).all())

    def add_integration(self, integration: Integration) -> None:
        self.session.add(integration)
