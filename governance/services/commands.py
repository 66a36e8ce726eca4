"""What a person asks of the core from Teams, one command per use case a route calls: who asks
(``actor``, always from the caller's identity, never from a card) and what. The use cases take
them (``cast_ballot(ctx, CastBallot(...))``); names are imperative, fields in the order people
say them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from governance.domain.proposals import Action, ProposalKind, QaItem
from governance.domain.reports import ReportKind
from governance.domain.tally import Choice


@dataclass
class ProposalInput:
    """What a submitter fills in. Numbers may come as text from a form; they are checked here."""

    title: str = ""
    description: str = ""
    kind: str = ProposalKind.NEW_SERVICE.value
    catalogue_service: str | None = None
    municipalities: list[str] = field(default_factory=list)
    needs: dict[str, str] = field(default_factory=dict)
    cost_one_off: str | Decimal | int = 0
    cost_yearly: str | Decimal | int = 0
    benefit_potential: str = ""
    benefit_measurement: str = ""
    legal_basis: str = ""
    user_perspective: str = ""
    org_change: str = ""
    strategy_goals: list[str] = field(default_factory=list)
    owner_group: str | None = None


@dataclass(frozen=True)
class CreateDraft:
    actor: str
    data: ProposalInput


@dataclass(frozen=True)
class UpdateDraft:
    actor: str
    proposal_id: int
    data: ProposalInput


@dataclass(frozen=True)
class TakeStep:
    actor: str
    proposal_id: int
    action: Action
    comment: str = ""


@dataclass(frozen=True)
class SubmitProposal:
    actor: str
    proposal_id: int


@dataclass(frozen=True)
class TickChecklist:
    actor: str
    proposal_id: int
    item: QaItem
    done: bool = True


@dataclass(frozen=True)
class AddToNextAgenda:
    actor: str
    proposal_id: int


@dataclass(frozen=True)
class OpenVote:
    actor: str
    proposal_id: int


@dataclass(frozen=True)
class CastBallot:
    actor: str
    vote_id: int
    choice: Choice


@dataclass(frozen=True)
class CloseVote:
    actor: str
    vote_id: int


@dataclass(frozen=True)
class SubmitRanking:
    actor: str
    round_id: int
    order: Sequence[int]


@dataclass(frozen=True)
class CloseRound:
    actor: str
    round_id: int


@dataclass(frozen=True)
class MarkTaskDone:
    actor: str
    occurrence_id: int


@dataclass(frozen=True)
class PostponeTask:
    actor: str
    occurrence_id: int
    to: date


@dataclass(frozen=True)
class CastElectionBallot:
    actor: str
    election_id: int
    candidate: str


@dataclass(frozen=True)
class CloseElection:
    actor: str
    election_id: int


@dataclass(frozen=True)
class RegisterReport:
    actor: str
    kind: ReportKind
    title: str
    text: str
    proposal_id: int | None = None
