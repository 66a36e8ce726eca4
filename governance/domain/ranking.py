"""Ranking rounds: prioritising ICT proposals across municipalities (mandate rule 3).

Holds the ``RankingRound`` aggregate with its ``RankingSubmission`` children (one ranking per
municipality) and the pure ``weighted_borda`` count that turns the submissions into one order,
weighted by stemmevekt. The weights are copied into the round when it opens, so a later change of
the mandate never alters a round. After closing, the chair may override the computed order with a
reason; the computed order stays stored beside the override.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from governance.domain.errors import Forbidden, InvalidInput, InvalidTransition
from governance.domain.messages import N_


@dataclass(frozen=True)
class RankedItem:
    """One proposal in the result of a ranking; ``position`` is 1-based and unique."""

    proposal_id: int
    points: Decimal
    first_places_weight: Decimal
    position: int


@dataclass(eq=False)
class RankingSubmission:
    """One municipality's ranking: proposal ids, best first; a partial order is allowed."""

    municipality: str
    order: list[int]
    submitted_by: str
    submitted_at: datetime
    id: int | None = None


def _require_unique(ids: Sequence[int], code: str) -> None:
    if len(set(ids)) != len(ids):
        raise InvalidInput(code, N_("A proposal appears more than once."))


def _require_one_per_municipality(submissions: Sequence[RankingSubmission]) -> None:
    municipalities = [submission.municipality for submission in submissions]
    if len(set(municipalities)) != len(municipalities):
        raise InvalidInput(
            "ranking.duplicate_submission", N_("A municipality has submitted more than once.")
        )


def _check_order(order: Sequence[int], proposal_ids: Sequence[int]) -> None:
    known = set(proposal_ids)
    for proposal_id in order:
        if proposal_id not in known:
            raise InvalidInput(
                "ranking.unknown_proposal",
                N_("Proposal {id} is not part of this ranking round."),
                id=proposal_id,
            )
    _require_unique(order, "ranking.duplicate_in_order")


def _require_entitled(municipality: str, weights: Mapping[str, Decimal]) -> Decimal:
    weight = weights.get(municipality, Decimal(0))
    if weight <= 0:
        raise Forbidden(
            "ranking.municipality_not_entitled",
            N_("{municipality} has no voting weight in this ranking round."),
            municipality=municipality,
        )
    return weight


def _ballot_points(order: Sequence[int], proposal_ids: Sequence[int]) -> dict[int, Decimal]:
    """Borda points of one ballot: rank r of n gets n-1-r; unranked items share the rest.

    With k items ranked, each unranked item gets the average of the points for positions
    k..n-1, which is (n-k-1)/2, so every ballot hands out the same total n(n-1)/2.
    """
    n, k = len(proposal_ids), len(order)
    shared = Decimal(n - k - 1) / 2 if k < n else Decimal(0)
    points = dict.fromkeys(proposal_ids, shared)
    for rank, proposal_id in enumerate(order):
        points[proposal_id] = Decimal(n - 1 - rank)
    return points


def weighted_borda(
    proposal_ids: Sequence[int],
    submissions: Sequence[RankingSubmission],
    weights: Mapping[str, Decimal],
) -> list[RankedItem]:
    """Combine the municipalities' rankings into one order (mandate rule 3).

    Borda count with n proposals: rank r (0-based) earns n-1-r points; in a partial ranking of k
    items the unranked ones each earn (n-k-1)/2, the average of the points left. A ballot's
    points are multiplied by its municipality's weight (stemmevekt).

    Ties are broken, in this order, by (1) more weighted points, (2) more weight of first places,
    (3) the lower proposal id (the proposal submitted earlier), so the result is deterministic.
    Without submissions every proposal has 0 points and the order is by proposal id.
    """
    _require_unique(proposal_ids, "ranking.duplicate_proposal")
    _require_one_per_municipality(submissions)
    points = dict.fromkeys(proposal_ids, Decimal(0))
    firsts = dict.fromkeys(proposal_ids, Decimal(0))
    for submission in submissions:
        weight = _require_entitled(submission.municipality, weights)
        _check_order(submission.order, proposal_ids)
        for proposal_id, ballot in _ballot_points(submission.order, proposal_ids).items():
            points[proposal_id] += ballot * weight
        if submission.order:
            firsts[submission.order[0]] += weight
    ranked = sorted(proposal_ids, key=lambda pid: (-points[pid], -firsts[pid], pid))
    return [
        RankedItem(pid, points[pid], firsts[pid], position)
        for position, pid in enumerate(ranked, start=1)
    ]


@dataclass(eq=False)
class RankingRound:
    """A ranking round of one body (mandate rule 3).

    ``weights`` maps municipality id to its stemmevekt as a decimal string, copied at opening.
    ``computed_order`` is stored when the round closes; ``override_order`` (with reason, who and
    when) is the chair's decision when it departs from it. ``final_order`` is what counts.
    """

    body_id: str
    title: str
    proposal_ids: list[int]
    weights: dict[str, str]
    opened_at: datetime
    opened_by: str
    closed_at: datetime | None = None
    closed_by: str | None = None
    submissions: list[RankingSubmission] = field(default_factory=list)
    computed_order: list[int] | None = None
    override_order: list[int] | None = None
    override_reason: str | None = None
    overridden_by: str | None = None
    overridden_at: datetime | None = None
    id: int | None = None

    @classmethod
    def open(
        cls,
        body_id: str,
        title: str,
        proposal_ids: Sequence[int],
        weights: Mapping[str, Decimal],
        by: str,
        at: datetime,
    ) -> RankingRound:
        """Open a round over at least two distinct proposals, copying today's weights."""
        if not title.strip():
            raise InvalidInput("ranking.title_required", N_("A ranking round needs a title."))
        if len(proposal_ids) < 2:
            raise InvalidInput(
                "ranking.too_few_proposals", N_("A ranking round needs at least two proposals.")
            )
        _require_unique(proposal_ids, "ranking.duplicate_proposal")
        if any(weight < 0 for weight in weights.values()):
            raise InvalidInput("ranking.negative_weight", N_("A voting weight cannot be negative."))
        if not any(weight > 0 for weight in weights.values()):
            raise InvalidInput("ranking.no_weight", N_("No municipality has a voting weight."))
        return cls(
            body_id=body_id,
            title=title.strip(),
            proposal_ids=list(proposal_ids),
            weights={municipality: str(weight) for municipality, weight in weights.items()},
            opened_at=at,
            opened_by=by,
        )

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def final_order(self) -> list[int] | None:
        """The override if the chair made one, else the computed order; None while open."""
        order = self.override_order if self.override_order is not None else self.computed_order
        return list(order) if order is not None else None

    def weight_map(self) -> dict[str, Decimal]:
        """The weights copied at opening, as decimals."""
        return {municipality: Decimal(weight) for municipality, weight in self.weights.items()}

    def submission_of(self, municipality: str) -> RankingSubmission | None:
        return next((s for s in self.submissions if s.municipality == municipality), None)

    def missing_municipalities(self) -> list[str]:
        """Municipalities with weight that have not submitted yet (for reminders)."""
        return [
            municipality
            for municipality, weight in self.weight_map().items()
            if weight > 0 and self.submission_of(municipality) is None
        ]

    def submit(
        self, municipality: str, order: Sequence[int], by: str, at: datetime
    ) -> RankingSubmission:
        """Record a municipality's ranking, replacing its earlier one while the round is open."""
        self._require_open()
        _require_entitled(municipality, self.weight_map())
        if not order:
            raise InvalidInput("ranking.empty_order", N_("Rank at least one proposal."))
        _check_order(order, self.proposal_ids)
        existing = self.submission_of(municipality)
        if existing is None:
            existing = RankingSubmission(municipality, list(order), by, at)
            self.submissions.append(existing)
        else:
            existing.order, existing.submitted_by, existing.submitted_at = list(order), by, at
        return existing

    def standings(self) -> list[RankedItem]:
        """The weighted Borda result of the submissions so far (points shown beside the order)."""
        return weighted_borda(self.proposal_ids, self.submissions, self.weight_map())

    def close(self, by: str, at: datetime) -> list[int]:
        """Close the round and store the computed order."""
        self._require_open()
        self.computed_order = [item.proposal_id for item in self.standings()]
        self.closed_at, self.closed_by = at, by
        return list(self.computed_order)

    def override(self, order: Sequence[int], reason: str, by: str, at: datetime) -> None:
        """Set the final order by hand after closing; the computed order stays stored.

        A later override replaces an earlier one (the audit log keeps the history).
        """
        if self.is_open:
            raise InvalidTransition(
                "ranking.not_closed", N_("The ranking round must be closed before an override.")
            )
        if not reason.strip():
            raise InvalidInput("ranking.reason_required", N_("Give a reason for the override."))
        if sorted(order) != sorted(self.proposal_ids):
            raise InvalidInput(
                "ranking.override_not_permutation",
                N_("The override must order every proposal of the round exactly once."),
            )
        self.override_order, self.override_reason = list(order), reason.strip()
        self.overridden_by, self.overridden_at = by, at

    def _require_open(self) -> None:
        if not self.is_open:
            raise InvalidTransition("ranking.closed", N_("The ranking round is closed."))
