"""The schema of a cooperation's mandate YAML file (pydantic v2) and its structural validation.

Each model forbids unknown keys and checks its own values (weights >= 0, quarters 1-4, a due
date inside its quarter, shares between 0 and 1, ISO meeting dates) and converts itself to the
frozen domain dataclass with ``to_domain()``. ``validate_document`` validates every list item on
its own, so one broken item hides no other problem, and reports each problem with its path.
References between items (a member's municipality, a body's chair...) are checked in
``governance.config``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from governance.domain.organisation import (
    AnnualTask,
    AtDeadline,
    Body,
    BodyKind,
    CatalogueService,
    Deciders,
    DecisionRule,
    IntegrationSpec,
    Member,
    Municipality,
    Role,
    RuleKind,
    StrategyGoal,
    SystemSpec,
)

Problem = tuple[str, str]  # (path in the file, what is wrong)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
_CUSTOM = "samstyre_"  # prefix of the error types raised below: their messages are complete


def _fail(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(_CUSTOM + kind, message)  # no context: braces stay as written


def _iso_date(value: object) -> date:
    """Accept a YAML date (``2026-03-12``) or an ISO string; refuse datetimes and other forms."""
    if type(value) is date:  # a datetime is a date too, but not a meeting day
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail("iso_date", f"must be an ISO date (YYYY-MM-DD), got {value!r}")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Id = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def _fields(self, **overrides: Any) -> dict[str, Any]:
        """The model's values with lists as tuples, ready for the domain dataclass."""
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in self}
        return values | overrides


class CooperationModel(_Model):
    id: Id
    name: Id
    locale: Literal["nb", "nn", "en"] = "nb"
    tenant_ids: list[str] = []


class MunicipalityModel(_Model):
    id: Id
    name: Id
    stemmevekt: Decimal

    @field_validator("stemmevekt")
    @classmethod
    def _not_negative(cls, value: Decimal) -> Decimal:
        if not value.is_finite() or value < 0:
            raise _fail("weight", f"stemmevekt (voting weight) must be >= 0, got {value}")
        return value

    def to_domain(self) -> Municipality:
        return Municipality(id=self.id, name=self.name, weight=self.stemmevekt)


class MemberModel(_Model):
    id: Id
    name: Id
    object_id: str | None = None  # Entra ID object id
    upn: str | None = None
    municipality: str | None = None
    roles: list[Role] = []
    deputy: bool = False

    def to_domain(self) -> Member:
        return Member(**self._fields(roles=frozenset(self.roles)))


class DecisionRuleModel(_Model):
    kind: RuleKind = RuleKind.CONSENSUS
    quorum_share: Decimal = Decimal("0.5")
    majority_share: Decimal = Decimal("0.5")
    escalate_to: str | None = None
    quorum_in_mandate: bool = False
    voting_days: int | None = Field(default=None, ge=1, le=60)
    closing_time: str = "16:00"
    at_deadline: AtDeadline = AtDeadline.REMIND_CHAIR

    @field_validator("quorum_share", "majority_share")
    @classmethod
    def _share(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        if not (value.is_finite() and Decimal(0) <= value <= Decimal(1)):
            raise _fail("share", f"{info.field_name} must be between 0 and 1, got {value}")
        return value

    @field_validator("closing_time")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", value):
            raise _fail("closing_time", f"closing_time is a time of day HH:MM, got {value!r}")
        return value

    def to_domain(self) -> DecisionRule:
        return DecisionRule(**self._fields())


class TeamsModel(_Model):
    team_id: str | None = None
    channel_id: str | None = None


class BodyModel(_Model):
    id: Id
    name: Id
    kind: BodyKind
    chair: str | None = None
    members: list[str] = []
    parent: str | None = None
    municipality: str | None = None
    ict_staffer: str | None = None
    fields: list[str] = []
    decision_rule: DecisionRuleModel | None = None
    teams: TeamsModel = TeamsModel()

    def to_domain(self) -> Body:
        rule = self.decision_rule.to_domain() if self.decision_rule else None
        values = self._fields(decision_rule=rule, **self.teams.model_dump())
        del values["teams"]
        return Body(**values)


class MeetingsModel(_Model):
    board: list[IsoDate] = []
    committee_offset_days: int = Field(default=14, ge=0)
    group_leader_meetings_per_year: int = Field(default=2, ge=0)
    group_leader_meetings: list[IsoDate] = []

    @field_validator("group_leader_meetings_per_year")
    @classmethod
    def _divides_year(cls, value: int) -> int:
        if value and 12 % value:
            raise _fail(
                "per_year", f"must divide the year evenly (0, 1, 2, 3, 4, 6 or 12), got {value}"
            )
        return value

    @field_validator("board", "group_leader_meetings")
    @classmethod
    def _no_repeats(cls, value: list[date]) -> list[date]:
        repeated = sorted({day.isoformat() for day in value if value.count(day) > 1})
        if repeated:
            raise _fail("repeated_date", f"a meeting date is listed twice: {', '.join(repeated)}")
        return value


class DecidersModel(_Model):
    """``decisions:`` who decides a matter after the committee's vote: a member id or a body id
    for each outcome (the board when left out)."""

    recommended: Id | None = None
    not_recommended: Id | None = None
    escalated: Id | None = None

    def to_domain(self) -> Deciders:
        return Deciders(**self._fields())


class TaskModel(_Model):
    id: Id
    title: Id
    responsible: list[str]
    quarter: int
    due: str | None = None  # "MM-DD", inside the quarter

    @field_validator("responsible")
    @classmethod
    def _someone(cls, value: list[str]) -> list[str]:
        if not value:
            raise _fail("no_responsible", "a task needs at least one responsible body (empty list)")
        return value

    @field_validator("quarter")
    @classmethod
    def _quarter(cls, value: int) -> int:
        if not 1 <= value <= 4:
            raise _fail("quarter", f"quarter must be 1, 2, 3 or 4, got {value}")
        return value

    @field_validator("due")
    @classmethod
    def _due_in_quarter(cls, value: str | None, info: ValidationInfo) -> str | None:
        quarter = info.data.get("quarter")
        if value is not None and quarter is not None:
            month = _month_day(value)[0]
            if (month - 1) // 3 + 1 != quarter:
                first, last = 3 * quarter - 2, 3 * quarter
                raise _fail(
                    "due_outside_quarter",
                    f"due date {value} is not inside quarter {quarter} "
                    f"(months {first:02d}-{last:02d})",
                )
        return value

    def to_domain(self) -> AnnualTask:
        return AnnualTask(**self._fields(due=_month_day(self.due) if self.due else None))


def _month_day(value: str) -> tuple[int, int]:
    """``"MM-DD"`` as ``(month, day)``; the day must exist (29 February is allowed)."""
    match = _MONTH_DAY.match(value)
    if match:
        month, day = int(match[1]), int(match[2])
        try:
            date(2024, month, day)
        except ValueError:
            pass
        else:
            return month, day
    raise _fail("month_day", f"due must be a day of the year as 'MM-DD', got {value!r}")


class GoalModel(_Model):
    id: Id
    title: Id

    def to_domain(self) -> StrategyGoal:
        return StrategyGoal(**self._fields())


class ServiceModel(_Model):
    id: Id
    name: Id
    description: str = ""

    def to_domain(self) -> CatalogueService:
        return CatalogueService(**self._fields())


class SystemModel(_Model):
    id: Id
    name: Id
    vendor: str = ""
    functions: list[str] = []
    owner: str | None = None  # the body that owns the system
    municipalities: list[str] = []

    def to_domain(self) -> SystemSpec:
        return SystemSpec(**self._fields())


class IntegrationModel(_Model):
    source: Id
    target: Id
    description: str = ""

    def to_domain(self) -> IntegrationSpec:
        return IntegrationSpec(**self._fields())


class HeadModel(_Model):
    """The top level; list sections stay raw here and are validated item by item."""

    cooperation: CooperationModel
    committee: Id
    board: Id
    meetings: MeetingsModel = MeetingsModel()
    decisions: DecidersModel = DecidersModel()
    notes: list[str] = []
    municipalities: list[Any] = []
    members: list[Any] = []
    bodies: list[Any] = []
    annual_cycle: list[Any] = []
    strategy_goals: list[Any] = []
    service_catalogue: list[Any] = []
    systems: list[Any] = []
    integrations: list[Any] = []


M = TypeVar("M", bound=_Model)
_REFERABLE = ("municipalities", "members", "bodies", "systems")


@dataclass
class Document:
    """The valid parts of a file; each item keeps its index in the file for error paths."""

    head: HeadModel | None = None
    municipalities: list[tuple[int, MunicipalityModel]] = field(default_factory=list)
    members: list[tuple[int, MemberModel]] = field(default_factory=list)
    bodies: list[tuple[int, BodyModel]] = field(default_factory=list)
    tasks: list[tuple[int, TaskModel]] = field(default_factory=list)
    goals: list[tuple[int, GoalModel]] = field(default_factory=list)
    services: list[tuple[int, ServiceModel]] = field(default_factory=list)
    systems: list[tuple[int, SystemModel]] = field(default_factory=list)
    integrations: list[tuple[int, IntegrationModel]] = field(default_factory=list)
    # every id written in a section, invalid items included, so that a reference to an item
    # broken for another reason is not reported as unknown as well; None: the section itself
    # is not a list, so references into it cannot be checked
    known: dict[str, set[str] | None] = field(default_factory=dict)


def validate_document(data: dict[Any, Any]) -> tuple[Document, list[Problem]]:
    """The valid parts of ``data`` and the structural problems of the rest."""
    problems: list[Problem] = []
    doc = Document()
    try:
        doc.head = HeadModel.model_validate(data)
    except ValidationError as exc:
        problems += _problems(exc, ())
    doc.municipalities = _section(data, "municipalities", MunicipalityModel, problems)
    doc.members = _section(data, "members", MemberModel, problems)
    doc.bodies = _section(data, "bodies", BodyModel, problems)
    doc.tasks = _section(data, "annual_cycle", TaskModel, problems)
    doc.goals = _section(data, "strategy_goals", GoalModel, problems)
    doc.services = _section(data, "service_catalogue", ServiceModel, problems)
    doc.systems = _section(data, "systems", SystemModel, problems)
    doc.integrations = _section(data, "integrations", IntegrationModel, problems)
    for name in _REFERABLE:
        doc.known[name] = _ids_written(data, name)
    return doc, problems


def _ids_written(data: dict[Any, Any], name: str) -> set[str] | None:
    if name in data and not isinstance(data[name], list):
        return None  # reported by HeadModel already
    items = _raw_items(data, name)
    return {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}


def _raw_items(data: dict[Any, Any], name: str) -> list[Any]:
    items = data.get(name)
    return items if isinstance(items, list) else []


def _section(
    data: dict[Any, Any], name: str, model: type[M], problems: list[Problem]
) -> list[tuple[int, M]]:
    valid: list[tuple[int, M]] = []
    for index, item in enumerate(_raw_items(data, name)):
        try:
            valid.append((index, model.model_validate(item)))
        except ValidationError as exc:
            problems += _problems(exc, (name, index))
    return valid


def _problems(exc: ValidationError, prefix: tuple[str | int, ...]) -> list[Problem]:
    return [(path_of(prefix + tuple(e["loc"])), describe(e)) for e in exc.errors()]


def path_of(loc: Iterable[str | int]) -> str:
    """A pydantic ``loc`` as a path: ``("bodies", 2, "members", 0)`` → ``bodies[2].members[0]``."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def describe(error: ErrorDetails) -> str:
    """An operator's message for one pydantic error, with the offending value."""
    kind, value = error["type"], error["input"]
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        return "unknown key (not part of the schema; check the spelling)"
    if kind.startswith(_CUSTOM):
        return error["msg"]
    scalar = value is None or isinstance(value, str | int | float | date | Decimal)
    return (
        f"{error['msg']} (got {value!r})"
        if scalar
        else f"{error['msg']} (got a {type(value).__name__})"
    )
