"""Loading one cooperation's mandate YAML file into the frozen domain ``Mandate``.

``load_mandate`` reads and parses the file, ``parse_mandate`` validates already-parsed data:
first the structure and values of every item (``governance.config_models``, pydantic), then the
references between items (unknown or duplicate ids, one person voting for two municipalities),
here. All problems found are raised together as ``ConfigErrors``, each with the file, the exact path
in the file (``bodies[2].members[0]``) and an English message for operators. ``summarise``
renders a short overview for ``samstyre config check``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import yaml

from governance.config_models import BodyModel, Document, HeadModel, Problem, validate_document
from governance.domain.organisation import BodyKind, Mandate


class ConfigError(Exception):
    """One problem in a mandate file, at ``path`` (``""`` for the whole file)."""

    def __init__(self, file: str, path: str, problem: str) -> None:
        self.file = file
        self.path = path
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}: {where}{self.problem}"


class ConfigErrors(Exception):
    """Every problem found in a mandate file; ``str()`` lists them one per line."""

    def __init__(self, errors: Sequence[ConfigError]) -> None:
        self.errors = list(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


# --- reading ------------------------------------------------------------------------------------
class _UniqueKeyLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a key written twice in one mapping (it would be lost)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[Hashable] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # "<<: *anchor" merges may be overridden, as YAML intends
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                continue  # SafeLoader reports unhashable keys itself
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)

    def construct_checked_timestamp(self, node: yaml.ScalarNode) -> Any:
        """An unquoted date that does not exist (``2026-02-30``) is refused at its line, where
        PyYAML would raise a bare ``ValueError``."""
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError as exc:
            raise _ImpossibleDate(
                None, None, f"{node.value} is not a date that exists ({exc})", node.start_mark
            ) from None


_UniqueKeyLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _UniqueKeyLoader.construct_checked_timestamp
)


class _ImpossibleDate(yaml.constructor.ConstructorError):
    """A well-formed YAML date that is not in the calendar: valid YAML, wrong content."""


def load_mandate(path: str | Path) -> Mandate:
    """Read, validate and convert the mandate file at ``path``; raise ``ConfigErrors``."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigErrors([ConfigError(file, "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigErrors([ConfigError(file, "", f"cannot read the file: {exc}")]) from None
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader: no arbitrary objects
    except yaml.YAMLError as exc:
        raise ConfigErrors([ConfigError(file, "", _yaml_problem(exc))]) from None
    return parse_mandate(data, file)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is None:
        return f"invalid YAML: {problem}"
    what = "" if isinstance(exc, _ImpossibleDate) else "invalid YAML at "
    return f"{what}line {mark.line + 1}, column {mark.column + 1}: {problem}"


def parse_mandate(data: object, file: str = "<memory>") -> Mandate:
    """Validate already-parsed YAML data and convert it; raise ``ConfigErrors``."""
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        problem = f"the top level must be a mapping (cooperation, committee, ...), got {found}"
        raise ConfigErrors([ConfigError(file, "", problem)])
    doc, problems = validate_document(data)
    problems += _cross_checks(doc)
    if problems or doc.head is None:
        raise ConfigErrors([ConfigError(file, path, problem) for path, problem in problems])
    return _to_domain(doc, doc.head)


# --- references ---------------------------------------------------------------------------------
def _cross_checks(doc: Document) -> list[Problem]:
    problems = _duplicates(doc)
    problems += _member_checks(doc)
    problems += _body_checks(doc)
    problems += _other_references(doc)
    problems += _head_checks(doc)
    problems += _weight_checks(doc)
    return problems


def _duplicates(doc: Document) -> list[Problem]:
    sections: list[tuple[str, str, Sequence[tuple[int, _HasId]]]] = [
        ("municipalities", "municipality", doc.municipalities),
        ("members", "member", doc.members),
        ("bodies", "body", doc.bodies),
        ("annual_cycle", "task", doc.tasks),
        ("strategy_goals", "strategy goal", doc.goals),
        ("service_catalogue", "catalogue service", doc.services),
        ("systems", "system", doc.systems),
    ]
    problems: list[Problem] = []
    for section, what, items in sections:
        seen: dict[str, int] = {}
        for index, item in items:
            if item.id in seen:
                first = f"{section}[{seen[item.id]}]"
                problem = f"duplicate {what} id {item.id!r} (already used by {first})"
                problems.append((f"{section}[{index}].id", problem))
            seen.setdefault(item.id, index)
    return problems


def _unknown(path: str, value: str | None, known: set[str] | None, what: str) -> list[Problem]:
    if value is None or known is None or value in known:
        return []
    hint = ", ".join(sorted(known)[:12]) + (", ..." if len(known) > 12 else "")
    return [(path, f"unknown {what} {value!r} (known: {hint or 'none'})")]


def _member_checks(doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    voters: dict[tuple[str, str], tuple[int, str]] = {}  # (key, identity) -> (index, municipality)
    for index, member in doc.members:
        where = f"members[{index}]"
        known = doc.known["municipalities"]
        problems += _unknown(f"{where}.municipality", member.municipality, known, "municipality")
        for key in ("object_id", "upn"):
            identity: str | None = getattr(member, key)
            if not identity or member.municipality is None:
                continue
            first, other = voters.setdefault((key, identity.lower()), (index, member.municipality))
            if other != member.municipality:
                problem = (
                    f"a member voting for two municipalities: same {key} {identity!r} as "
                    f"members[{first}], but for {member.municipality!r} as well as {other!r}"
                )
                problems.append((f"{where}.{key}", problem))
    return problems


def _body_checks(doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    for index, body in doc.bodies:
        where = f"bodies[{index}]"
        problems += _body_references(doc, where, body)
        if body.ict_staffer is not None and body.ict_staffer == body.chair:
            problem = f"the ICT staffer {body.ict_staffer!r} must not lead the group (chair)"
            problems.append((f"{where}.ict_staffer", problem))
        if body.parent == body.id:
            problems.append((f"{where}.parent", "a body cannot report to itself"))
    return problems


def _body_references(doc: Document, where: str, body: BodyModel) -> list[Problem]:
    members, bodies = doc.known["members"], doc.known["bodies"]
    problems = _unknown(f"{where}.chair", body.chair, members, "member")
    for position, member in enumerate(body.members):
        problems += _unknown(f"{where}.members[{position}]", member, members, "member")
    problems += _unknown(f"{where}.ict_staffer", body.ict_staffer, members, "member")
    problems += _unknown(f"{where}.parent", body.parent, bodies, "body")
    known = doc.known["municipalities"]
    problems += _unknown(f"{where}.municipality", body.municipality, known, "municipality")
    if body.decision_rule is not None:
        target = body.decision_rule.escalate_to
        problems += _unknown(f"{where}.decision_rule.escalate_to", target, bodies, "body")
    return problems


def _other_references(doc: Document) -> list[Problem]:
    bodies, municipalities = doc.known["bodies"], doc.known["municipalities"]
    systems = doc.known["systems"]
    problems: list[Problem] = []
    for index, task in doc.tasks:
        for position, body in enumerate(task.responsible):
            path = f"annual_cycle[{index}].responsible[{position}]"
            problems += _unknown(path, body, bodies, "body")
    for index, system in doc.systems:
        problems += _unknown(f"systems[{index}].owner", system.owner, bodies, "body")
        for position, municipality in enumerate(system.municipalities):
            path = f"systems[{index}].municipalities[{position}]"
            problems += _unknown(path, municipality, municipalities, "municipality")
    for index, link in doc.integrations:
        problems += _unknown(f"integrations[{index}].source", link.source, systems, "system")
        problems += _unknown(f"integrations[{index}].target", link.target, systems, "system")
    return problems


def _head_checks(doc: Document) -> list[Problem]:
    if doc.head is None:
        return []
    bodies = {body.id: body for _, body in doc.bodies}
    problems = _unknown("committee", doc.head.committee, doc.known["bodies"], "body")
    problems += _unknown("board", doc.head.board, doc.known["bodies"], "body")
    board = bodies.get(doc.head.board)
    if board is not None and board.kind != BodyKind.STYRET:
        problem = (
            f"the board {board.id!r} must be a body of kind 'styret', not {board.kind.value!r}"
        )
        problems.append(("board", problem))
    return problems + _decider_checks(doc, doc.head)


def _decider_checks(doc: Document, head: HeadModel) -> list[Problem]:
    """Each decider is a member or a body with a chair (who records the body's decision)."""
    members, known_bodies = doc.known["members"], doc.known["bodies"]
    bodies = {body.id: body for _, body in doc.bodies}
    problems: list[Problem] = []
    for outcome in ("recommended", "not_recommended", "escalated"):
        named: str | None = getattr(head.decisions, outcome)
        path = f"decisions.{outcome}"
        if named is None or members is None or known_bodies is None:
            continue
        if named not in members and named not in known_bodies:
            problems += _unknown(path, named, members | known_bodies, "member or body")
        elif named in bodies and bodies[named].chair is None:
            problem = f"the body {named!r} decides here, so it needs a chair to record it"
            problems.append((path, problem))
    return problems


def _weight_checks(doc: Document) -> list[Problem]:
    """A weighted vote needs weight to count (mandate rule 4): some stemmevekt above 0 in all,
    and in the committee at least one member voting for a municipality that has it."""
    weights = {item.id: item.stemmevekt for _, item in doc.municipalities}
    if doc.head is None or doc.known["municipalities"] != set(weights):
        return []  # a broken municipality or head is reported already and may hold the weight
    if not any(weights.values()):
        problem = "the total stemmevekt (voting weight) is 0: no vote could ever be carried"
        return [("municipalities", problem)]
    committee = next((b for _, b in doc.bodies if b.id == doc.head.committee), None)
    if committee is None:
        return []  # reported as an unknown body
    members = {member.id: member for _, member in doc.members}
    voting = {members[m].municipality for m in committee.members if m in members}
    if any(weights.get(municipality or "", 0) for municipality in voting):
        return []
    index = next(i for i, b in doc.bodies if b is committee)
    problem = (
        f"the committee {committee.id!r} has no member for a municipality with stemmevekt "
        "above 0, so its votes could never be carried"
    )
    return [(f"bodies[{index}].members", problem)]


# --- conversion and summary ---------------------------------------------------------------------
def _to_domain(doc: Document, head: HeadModel) -> Mandate:
    return Mandate(
        id=head.cooperation.id,
        name=head.cooperation.name,
        committee=head.committee,
        board=head.board,
        municipalities=tuple(item.to_domain() for _, item in doc.municipalities),
        members=tuple(item.to_domain() for _, item in doc.members),
        bodies=tuple(item.to_domain() for _, item in doc.bodies),
        tenant_ids=tuple(head.cooperation.tenant_ids),
        board_meetings=tuple(sorted(head.meetings.board)),
        committee_meeting_offset_days=head.meetings.committee_offset_days,
        group_leader_meetings=tuple(sorted(head.meetings.group_leader_meetings)),
        group_leader_meetings_per_year=head.meetings.group_leader_meetings_per_year,
        annual_tasks=tuple(item.to_domain() for _, item in doc.tasks),
        strategy_goals=tuple(item.to_domain() for _, item in doc.goals),
        service_catalogue=tuple(item.to_domain() for _, item in doc.services),
        systems=tuple(item.to_domain() for _, item in doc.systems),
        integrations=tuple(item.to_domain() for _, item in doc.integrations),
        locale=head.cooperation.locale,
        notes=tuple(head.notes),
        deciders=head.decisions.to_domain(),
    )


def summarise(mandate: Mandate, *, today: date | None = None) -> str:
    """A short English overview of a loaded mandate, one fact per line."""
    return "\n".join(_organisation_lines(mandate) + _calendar_lines(mandate, today or date.today()))


def _organisation_lines(mandate: Mandate) -> list[str]:
    weights = ", ".join(f"{m.name} {m.weight}" for m in mandate.municipalities)
    total = sum((m.weight for m in mandate.municipalities), Decimal(0))
    voting = sum(1 for m in mandate.members if m.municipality is not None)
    kinds = Counter(body.kind.value for body in mandate.bodies)
    per_kind = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    return [
        f"Cooperation: {mandate.name} ({mandate.id}), locale {mandate.locale}",
        f"Municipalities ({len(mandate.municipalities)}): {weights}; total weight {total}",
        f"Members: {len(mandate.members)} ({voting} with a municipality)",
        f"Bodies ({len(mandate.bodies)}): {per_kind}",
        f"Committee: {mandate.body(mandate.committee).name}; "
        f"board: {mandate.body(mandate.board).name}",
        _committee_votes_line(mandate),
        f"Strategy goals: {len(mandate.strategy_goals)}; "
        f"catalogue services: {len(mandate.service_catalogue)}",
        f"Systems: {len(mandate.systems)}; integrations: {len(mandate.integrations)}",
        f"Notes: {len(mandate.notes)}",
    ]


def _committee_votes_line(mandate: Mandate) -> str:
    rule = mandate.rule_of(mandate.committee)
    quorum = "from the mandate" if rule.quorum_in_mandate else "an assumption of this file"
    line = f"Committee votes: {rule.kind.value}, quorum {rule.quorum_share:%} ({quorum}); "
    if rule.voting_days is None:
        return line + "no deadline (the chair closes each vote)"
    then = "closes by itself" if rule.at_deadline.value == "close" else "the chair is reminded"
    return line + (
        f"open {rule.voting_days} working days, to {rule.closing_time} Norwegian time; then {then}"
    )


def _calendar_lines(mandate: Mandate, today: date) -> list[str]:
    upcoming = [day.isoformat() for day in mandate.board_meetings if day >= today][:3]
    quarters = Counter(task.quarter for task in mandate.annual_tasks)
    per_quarter = ", ".join(f"Q{q} {quarters[q]}" for q in range(1, 5))
    return [
        f"Board meetings: {len(mandate.board_meetings)}; next: "
        + (", ".join(upcoming) or f"none after {today.isoformat()}"),
        f"Committee meetings: {mandate.committee_meeting_offset_days} days before each "
        "board meeting",
        f"Group-leader meetings: {mandate.group_leader_meetings_per_year} a year, "
        f"{len(mandate.group_leader_meetings)} dated",
        f"Annual cycle: {len(mandate.annual_tasks)} tasks ({per_quarter})",
    ]
