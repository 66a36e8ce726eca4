"""The weighted tally of a vote (mandate rule 4): a pure function of ballots, weights and rule.

Rules, as read from the mandates:
- Quorum: the weight of the municipalities that cast a ballot (abstentions count as present)
  must reach ``quorum_share`` of the total weight; otherwise the outcome is ``no_quorum`` and the
  proposal stays ``ready`` for the next meeting.
- ``consensus`` (ROR-IKT): with quorum, if every ballot that is not an abstention goes the same way
  the outcome is ``recommended`` or ``not_recommended``; otherwise there is no agreement and the
  matter is ``escalated`` to the board. If every ballot is an abstention there is no agreement
  either, so that is escalated too.
- ``weighted_majority``: with quorum, ``for`` weight above ``majority_share`` of the for+against
  weight recommends, ``against`` above it rejects; anything else (a tie) is escalated when the
  rule names a body to escalate to, and not recommended otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from governance.domain.organisation import DecisionRule, RuleKind


class Choice(StrEnum):
    FOR = "for"
    MOT = "mot"
    AVSTAR = "avstar"


class Outcome(StrEnum):
    RECOMMENDED = "recommended"
    NOT_RECOMMENDED = "not_recommended"
    ESCALATED = "escalated"
    NO_QUORUM = "no_quorum"


@dataclass(frozen=True)
class Tally:
    """Weighted and unweighted totals of a vote and its outcome."""

    for_weight: Decimal
    against_weight: Decimal
    abstain_weight: Decimal
    total_weight: Decimal
    for_count: int
    against_count: int
    abstain_count: int
    missing: tuple[str, ...]
    quorum_met: bool
    outcome: Outcome

    @property
    def cast_weight(self) -> Decimal:
        return self.for_weight + self.against_weight + self.abstain_weight


def tally(
    ballots: Mapping[str, Choice], weights: Mapping[str, Decimal], rule: DecisionRule
) -> Tally:
    """Count ``ballots`` (municipality → choice) with ``weights`` under ``rule``."""
    sums = {choice: Decimal(0) for choice in Choice}
    counts = dict.fromkeys(Choice, 0)
    for municipality, choice in ballots.items():
        sums[choice] += weights.get(municipality, Decimal(0))
        counts[choice] += 1
    total = sum(weights.values(), Decimal(0))
    cast = sums[Choice.FOR] + sums[Choice.MOT] + sums[Choice.AVSTAR]
    quorum_met = total > 0 and cast >= rule.quorum_share * total
    outcome = _outcome(sums, counts, rule) if quorum_met else Outcome.NO_QUORUM
    return Tally(
        for_weight=sums[Choice.FOR],
        against_weight=sums[Choice.MOT],
        abstain_weight=sums[Choice.AVSTAR],
        total_weight=total,
        for_count=counts[Choice.FOR],
        against_count=counts[Choice.MOT],
        abstain_count=counts[Choice.AVSTAR],
        missing=tuple(sorted(m for m in weights if m not in ballots)),
        quorum_met=quorum_met,
        outcome=outcome,
    )


def _outcome(sums: dict[Choice, Decimal], counts: dict[Choice, int], rule: DecisionRule) -> Outcome:
    if rule.kind is RuleKind.CONSENSUS:
        if counts[Choice.FOR] and not counts[Choice.MOT]:
            return Outcome.RECOMMENDED
        if counts[Choice.MOT] and not counts[Choice.FOR]:
            return Outcome.NOT_RECOMMENDED
        return Outcome.ESCALATED
    decisive = sums[Choice.FOR] + sums[Choice.MOT]
    if decisive > 0 and sums[Choice.FOR] > rule.majority_share * decisive:
        return Outcome.RECOMMENDED
    if decisive > 0 and sums[Choice.MOT] > rule.majority_share * decisive:
        return Outcome.NOT_RECOMMENDED
    return Outcome.ESCALATED if rule.escalate_to else Outcome.NOT_RECOMMENDED
