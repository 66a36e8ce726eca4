"""The cooperation as its mandate describes it: municipalities, members, bodies, decision rules.

A ``Mandate`` is built from the cooperation's YAML file (``governance.config``) and is immutable
at run time; what changes (votes, groups established later, memberships) lives in the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from governance.domain.errors import NotFound
from governance.domain.messages import N_


class BodyKind(StrEnum):
    """Kinds of bodies named by the mandates (glossary in DESIGN.md)."""

    BESTILLERUTVALG = "bestillerutvalg"
    STYRET = "styret"
    REPRESENTANTSKAPET = "representantskapet"
    FAGGRUPPE = "faggruppe"
    UTVIKLINGSGRUPPE = "utviklingsgruppe"
    DIGITALISERINGSGRUPPE = "digitaliseringsgruppe"
    PROSJEKTGRUPPE = "prosjektgruppe"
    ARBEIDSGRUPPE = "arbeidsgruppe"
    LEDELSE = "ledelse"  # e.g. "Styreleder, daglig leder" in the FARTT annual cycle
    EIERKOMMUNER = "eierkommuner"  # the owner municipalities acting together (hearings)


class Role(StrEnum):
    """What a member may do; permissions are decided in ``governance.services.policies``."""

    BESTILLER = "bestiller"
    CHAIR = "chair"  # daglig leder: chairs the committee
    BOARD_MEMBER = "board_member"
    BOARD_CHAIR = "board_chair"  # styreleder
    GROUP_LEADER = "group_leader"
    ICT_STAFFER = "ict_staffer"
    CHIEF_EXECUTIVE = "chief_executive"  # rådmann / kommunedirektør
    MEMBER = "member"


class RuleKind(StrEnum):
    CONSENSUS = "consensus"
    WEIGHTED_MAJORITY = "weighted_majority"


class AtDeadline(StrEnum):
    """What happens when a vote's closing time comes (the mandate file's choice)."""

    CLOSE = "close"  # the vote closes by itself and its outcome applies
    REMIND_CHAIR = "remind_chair"  # the chair is told to close it (or move the deadline)


@dataclass(frozen=True)
class DecisionRule:
    """How a body decides (mandate rule 4), copied into a vote when it opens.

    ``quorum_share``: share of the total voting weight whose ballots (abstentions included) must
    be cast. ``majority_share``: for ``weighted_majority``, the share of the for+against weight
    that ``for`` must exceed. ``escalate_to``: the body that receives a matter without agreement.
    ``quorum_in_mandate``: False when the quorum is the file's assumption, not the mandate's
    (cards then say so). ``voting_days``: working days a vote stays open (None: until the chair
    closes it); it closes at ``closing_time`` (HH:MM, Europe/Oslo) on the last of them, and then
    ``at_deadline`` happens.
    """

    kind: RuleKind = RuleKind.CONSENSUS
    quorum_share: Decimal = Decimal("0.5")
    majority_share: Decimal = Decimal("0.5")
    escalate_to: str | None = None
    quorum_in_mandate: bool = False
    voting_days: int | None = None
    closing_time: str = "16:00"
    at_deadline: AtDeadline = AtDeadline.REMIND_CHAIR

    def as_dict(self) -> dict[str, str | None]:
        return {
            "kind": self.kind.value,
            "quorum_share": str(self.quorum_share),
            "majority_share": str(self.majority_share),
            "escalate_to": self.escalate_to,
            "quorum_in_mandate": "true" if self.quorum_in_mandate else "false",
            "voting_days": None if self.voting_days is None else str(self.voting_days),
            "closing_time": self.closing_time,
            "at_deadline": self.at_deadline.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, str | None]) -> DecisionRule:
        """The rule a vote copied; a vote opened before a key existed gets its default."""
        days = data.get("voting_days")
        return cls(
            kind=RuleKind(data.get("kind") or RuleKind.CONSENSUS.value),
            quorum_share=Decimal(data.get("quorum_share") or "0"),
            majority_share=Decimal(data.get("majority_share") or "0.5"),
            escalate_to=data.get("escalate_to"),
            quorum_in_mandate=data.get("quorum_in_mandate") == "true",
            voting_days=int(days) if days else None,
            closing_time=data.get("closing_time") or "16:00",
            at_deadline=AtDeadline(data.get("at_deadline") or AtDeadline.REMIND_CHAIR.value),
        )


@dataclass(frozen=True)
class Municipality:
    id: str
    name: str
    weight: Decimal  # stemmevekt


@dataclass(frozen=True)
class Member:
    """A person appointed under the mandate. ``municipality`` is None for members who represent
    the cooperation itself (e.g. ROR-IKT's own bestiller): they take part but carry no weight."""

    id: str
    name: str
    object_id: str | None = None  # Entra ID object id
    upn: str | None = None
    municipality: str | None = None
    roles: frozenset[Role] = frozenset()
    deputy: bool = False

    def has_role(self, role: Role) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class Body:
    """A body of the cooperation: committee, board, group. ``parent`` is the body it reports to."""

    id: str
    name: str
    kind: BodyKind
    chair: str | None = None
    members: tuple[str, ...] = ()
    parent: str | None = None
    municipality: str | None = None  # for a municipality's own digitaliseringsgruppe
    ict_staffer: str | None = None  # utviklingsgruppe: the dedicated ICT staffer (never leads)
    fields: tuple[str, ...] = ()  # fagfelter the group covers
    decision_rule: DecisionRule | None = None
    team_id: str | None = None
    channel_id: str | None = None


@dataclass(frozen=True)
class AnnualTask:
    """One row of the årshjul: what, who is responsible, by which quarter (or a fixed date)."""

    id: str
    title: str
    responsible: tuple[str, ...]
    quarter: int
    due: tuple[int, int] | None = None  # (month, day) inside the quarter, else end of quarter


@dataclass(frozen=True)
class StrategyGoal:
    id: str
    title: str


@dataclass(frozen=True)
class CatalogueService:
    """A service of the service catalogue (tjenestekatalog)."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class SystemSpec:
    """A line-of-business system (fagsystem) as declared in the mandate file."""

    id: str
    name: str
    functions: tuple[str, ...] = ()
    owner: str | None = None
    municipalities: tuple[str, ...] = ()
    vendor: str = ""


@dataclass(frozen=True)
class IntegrationSpec:
    source: str
    target: str
    description: str = ""


@dataclass(frozen=True)
class Deciders:
    """Who decides a matter after the committee's vote (the committee advises; ROR-IKT:
    "Bestillerutvalget er en rådgivende funksjon for daglig leder", "Dersom Bestillerutvalget
    ikke kommer til enighet, skal saken løftes til styret"). Each is a member's id (a person
    decides) or a body's id (the body decides; its chair records it); ``None``: the board."""

    recommended: str | None = None
    not_recommended: str | None = None
    escalated: str | None = None


@dataclass(frozen=True)
class Mandate:
    """Everything one cooperation's YAML file says, validated."""

    id: str
    name: str
    committee: str  # id of the body that runs proposals and votes (bestillerutvalg)
    board: str  # id of the board (styret)
    municipalities: tuple[Municipality, ...]
    members: tuple[Member, ...]
    bodies: tuple[Body, ...]
    tenant_ids: tuple[str, ...] = ()
    board_meetings: tuple[date, ...] = ()
    committee_meeting_offset_days: int = 14
    group_leader_meetings: tuple[date, ...] = ()  # meetings with the faggruppeledere
    group_leader_meetings_per_year: int = 2
    annual_tasks: tuple[AnnualTask, ...] = ()
    strategy_goals: tuple[StrategyGoal, ...] = ()
    service_catalogue: tuple[CatalogueService, ...] = ()
    systems: tuple[SystemSpec, ...] = ()
    integrations: tuple[IntegrationSpec, ...] = ()
    locale: str = "nb"
    notes: tuple[str, ...] = field(default=())
    deciders: Deciders = Deciders()

    # --- look-ups -----------------------------------------------------------------------------
    def municipality(self, municipality_id: str) -> Municipality:
        for m in self.municipalities:
            if m.id == municipality_id:
                return m
        raise NotFound(
            "municipality.not_found", N_("Unknown municipality: {id}."), id=municipality_id
        )

    def member(self, member_id: str) -> Member:
        for m in self.members:
            if m.id == member_id:
                return m
        raise NotFound("member.not_found", N_("Unknown member: {id}."), id=member_id)

    def member_by_identity(self, object_id: str | None = None, upn: str | None = None) -> Member:
        """The member whose Entra object id (preferred) or UPN matches."""
        for m in self.members:
            if object_id and m.object_id and m.object_id.lower() == object_id.lower():
                return m
        for m in self.members:
            if upn and m.upn and m.upn.lower() == upn.lower():
                return m
        raise NotFound(
            "member.unknown_identity",
            N_("You are not registered as a member of this cooperation."),
        )

    def body(self, body_id: str) -> Body:
        for b in self.bodies:
            if b.id == body_id:
                return b
        raise NotFound("body.not_found", N_("Unknown body: {id}."), id=body_id)

    def bodies_of_kind(self, kind: BodyKind) -> tuple[Body, ...]:
        return tuple(b for b in self.bodies if b.kind == kind)

    def weights(self) -> dict[str, Decimal]:
        """Stemmevekt per municipality, as the mandate says today."""
        return {m.id: m.weight for m in self.municipalities}

    def rule_of(self, body_id: str) -> DecisionRule:
        rule = self.body(body_id).decision_rule
        return rule if rule is not None else DecisionRule(escalate_to=self.board)

    def chair_of(self, body_id: str) -> Member | None:
        chair = self.body(body_id).chair
        return self.member(chair) if chair else None

    def decider_of(self, outcome: str) -> str:
        """Who decides a matter the committee's vote left as ``outcome`` (``recommended``,
        ``not_recommended`` or ``escalated``): a member's or a body's id (the board if the
        file names no one)."""
        named: str | None = getattr(self.deciders, outcome, None)
        return named or self.board

    def is_body(self, ident: str) -> bool:
        return any(b.id == ident for b in self.bodies)

    def chairs(self) -> tuple[Member, ...]:
        """Members who hold the chair role of the cooperation (daglig leder)."""
        return tuple(m for m in self.members if m.has_role(Role.CHAIR))
