"""IKT-forslag: the life-cycle state machine, submission, quality assurance, references
(mandate rules 1 and 2)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from governance.domain.errors import DomainError, InvalidInput, InvalidTransition
from governance.domain.organisation import (
    Body,
    BodyKind,
    CatalogueService,
    Mandate,
    Member,
    Municipality,
    StrategyGoal,
)
from governance.domain.proposals import (
    EDITABLE_STATES,
    TRANSITIONS,
    Action,
    Capacity,
    Proposal,
    ProposalKind,
    ProposalState,
    QaItem,
)
from governance.i18n import translate_error

S = ProposalState
EARLIER = datetime(2025, 2, 3, 8, 0, tzinfo=UTC)
AT = datetime(2025, 2, 10, 9, 30, tzinfo=UTC)
CHAIR = "daglig-leder"
SUBMITTER = "molde-bestiller"
COMMENT = "Kost/nytte for Rauma mangler."
ALL_CAPACITIES = frozenset(Capacity)
ALL_QA_TICKED = {item.value: True for item in QaItem}


def a_proposal(state: ProposalState = S.DRAFT, /, **changes: object) -> Proposal:
    """A complete change proposal for Molde and Rauma with a ticked QA checklist, id 7."""
    proposal = Proposal(
        title="Felles løsning for e-signering",
        submitter=SUBMITTER,
        created_at=EARLIER,
        cooperation="ror-ikt",
        description="Erstatte dagens manuelle signering av kontrakter.",
        kind=ProposalKind.CHANGE_SERVICE,
        catalogue_service="sak-arkiv",
        municipalities=["molde", "rauma"],
        needs={"molde": "Mange kontrakter i året.", "rauma": "Lang behandlingstid."},
        cost_one_off=Decimal("250000"),
        cost_yearly=Decimal("40000"),
        benefit_potential="Sparer 200 timer i året per kommune.",
        benefit_measurement="Timer registrert før og etter.",
        legal_basis="Forvaltningsloven § 15 a",
        user_perspective="Innbyggere signerer fra mobilen.",
        org_change="Arkivtjenesten endrer rutine for mottak.",
        strategy_goals=["digitale-innbyggertjenester"],
        owner_group="fag-arkiv",
        submitter_municipality="molde",
        state=state,
        qa=dict(ALL_QA_TICKED),
        updated_at=EARLIER,
        id=7,
    )
    for name, value in changes.items():
        setattr(proposal, name, value)
    return proposal


@dataclass(frozen=True)
class Snapshot:
    state: ProposalState
    history_length: int
    updated_at: datetime | None
    qa: dict[str, bool]
    qa_comment: str


def snapshot(proposal: Proposal) -> Snapshot:
    return Snapshot(
        proposal.state,
        len(proposal.history),
        proposal.updated_at,
        dict(proposal.qa),
        proposal.qa_comment,
    )


ALLOWED = [(action, source) for action, step in TRANSITIONS.items() for source in step.sources]
NOT_ALLOWED = [
    (action, state)
    for action in Action
    for state in ProposalState
    if state not in TRANSITIONS[action].sources
]
WRONG_CAPACITY = [
    (action, source, capacity)
    for action, source in ALLOWED
    for capacity in Capacity
    if capacity is not TRANSITIONS[action].capacity
]


def step_id(value: object) -> str:
    return str(value)


# --- the table itself ---------------------------------------------------------------------------


def test_every_action_has_a_transition() -> None:
    assert set(TRANSITIONS) == set(Action)


def test_the_generated_tables_cover_every_action_state_pair() -> None:
    assert len(ALLOWED) + len(NOT_ALLOWED) == len(Action) * len(ProposalState)
    assert set(ALLOWED).isdisjoint(NOT_ALLOWED)


def test_only_closed_and_withdrawn_are_terminal() -> None:
    with_exit = {source for step in TRANSITIONS.values() for source in step.sources}
    assert set(ProposalState) - with_exit == {S.CLOSED, S.WITHDRAWN}


def test_every_state_but_draft_can_be_reached() -> None:
    targets = {step.target for step in TRANSITIONS.values()}
    assert set(ProposalState) - targets == {S.DRAFT}


# --- allowed steps ------------------------------------------------------------------------------


@pytest.mark.parametrize(("action", "source"), ALLOWED, ids=step_id)
def test_allowed_step_succeeds_for_its_capacity(action: Action, source: ProposalState) -> None:
    step = TRANSITIONS[action]
    proposal = a_proposal(source)

    event = proposal.apply(
        action, by=CHAIR, capacities=frozenset({step.capacity}), at=AT, comment=COMMENT
    )

    assert proposal.state is step.target
    assert proposal.updated_at == AT
    assert proposal.history == [event]
    assert (event.action, event.from_state, event.to_state) == (
        action.value,
        source.value,
        step.target.value,
    )
    assert (event.by, event.at, event.comment) == (CHAIR, AT, COMMENT)


@pytest.mark.parametrize(("action", "source", "capacity"), WRONG_CAPACITY, ids=step_id)
def test_allowed_step_is_refused_for_other_capacities(
    action: Action, source: ProposalState, capacity: Capacity
) -> None:
    proposal = a_proposal(source)
    before = snapshot(proposal)

    with pytest.raises(InvalidTransition) as refused:
        proposal.apply(
            action, by=SUBMITTER, capacities=frozenset({capacity}), at=AT, comment=COMMENT
        )

    assert refused.value.code == "proposal.actor_not_allowed"
    assert snapshot(proposal) == before


@pytest.mark.parametrize(("action", "source"), ALLOWED, ids=step_id)
def test_allowed_step_is_refused_without_any_capacity(
    action: Action, source: ProposalState
) -> None:
    proposal = a_proposal(source)
    before = snapshot(proposal)

    with pytest.raises(InvalidTransition) as refused:
        proposal.apply(action, by=SUBMITTER, capacities=frozenset(), at=AT, comment=COMMENT)

    assert refused.value.code == "proposal.actor_not_allowed"
    assert snapshot(proposal) == before


# --- steps the machine does not have ------------------------------------------------------------


@pytest.mark.parametrize(("action", "state"), NOT_ALLOWED, ids=step_id)
def test_step_not_in_the_table_is_refused_and_changes_nothing(
    action: Action, state: ProposalState
) -> None:
    proposal = a_proposal(state)
    before = snapshot(proposal)

    with pytest.raises(InvalidTransition) as refused:
        proposal.apply(action, by=CHAIR, capacities=ALL_CAPACITIES, at=AT, comment=COMMENT)

    assert refused.value.code == "proposal.transition_not_allowed"
    assert refused.value.params["number"] == "#7"
    assert snapshot(proposal) == before


# --- a whole life ------------------------------------------------------------------------------


def test_a_proposal_lives_from_draft_to_closed_and_history_records_each_step() -> None:
    proposal = a_proposal(S.DRAFT, qa={}, updated_at=None)
    steps: list[tuple[Action, Capacity, str]] = [
        (Action.SUBMIT, Capacity.SUBMITTER, SUBMITTER),
        (Action.START_REVIEW, Capacity.CHAIR, CHAIR),
        (Action.RETURN, Capacity.CHAIR, CHAIR),
        (Action.SUBMIT, Capacity.SUBMITTER, SUBMITTER),
        (Action.START_REVIEW, Capacity.CHAIR, CHAIR),
        (Action.MARK_READY, Capacity.CHAIR, CHAIR),
        (Action.PUT_ON_AGENDA, Capacity.CHAIR, CHAIR),
        (Action.OPEN_VOTE, Capacity.CHAIR, CHAIR),
        (Action.ESCALATE, Capacity.VOTE, CHAIR),
        (Action.BOARD_APPROVE, Capacity.DECIDER, "styreleder"),
        (Action.START_PROJECT, Capacity.COMMISSIONER, "styreleder"),
        (Action.DELIVER, Capacity.PROJECT_LEADER, "prosjektleder"),
        (Action.FOLLOW_UP_BENEFITS, Capacity.BENEFIT_OWNER, "faggruppe"),
        (Action.CLOSE, Capacity.CHAIR, CHAIR),
    ]
    for minute, (action, capacity, actor) in enumerate(steps):
        if action is Action.MARK_READY:
            for item in QaItem:
                proposal.tick(item)
        comment = COMMENT if action is Action.RETURN else ""
        proposal.apply(
            action,
            by=actor,
            capacities=frozenset({capacity}),
            at=AT + timedelta(minutes=minute),
            comment=comment,
        )

    assert proposal.state is S.CLOSED
    assert proposal.updated_at == AT + timedelta(minutes=len(steps) - 1)
    assert [e.action for e in proposal.history] == [a.value for a, _, _ in steps]
    assert [e.by for e in proposal.history] == [actor for _, _, actor in steps]
    assert [e.at for e in proposal.history] == [
        AT + timedelta(minutes=m) for m in range(len(steps))
    ]
    chained = itertools.pairwise(proposal.history)
    assert all(before.to_state == after.from_state for before, after in chained)
    assert proposal.history[0].from_state == "draft"
    assert proposal.history[2].comment == COMMENT
    assert proposal.qa_comment == COMMENT


def test_history_records_who_when_from_to_and_comment() -> None:
    proposal = a_proposal(S.IN_REVIEW)

    proposal.apply(
        Action.RETURN, by=CHAIR, capacities=frozenset({Capacity.CHAIR}), at=AT, comment=COMMENT
    )

    (event,) = proposal.history
    assert (event.action, event.from_state, event.to_state, event.by, event.at, event.comment) == (
        "return",
        "in_review",
        "returned",
        CHAIR,
        AT,
        COMMENT,
    )


def test_a_holder_of_several_capacities_may_take_the_step() -> None:
    proposal = a_proposal(S.SUBMITTED)

    proposal.apply(
        Action.START_REVIEW,
        by=CHAIR,
        capacities=frozenset({Capacity.SUBMITTER, Capacity.CHAIR}),
        at=AT,
    )

    assert proposal.state is S.IN_REVIEW


def test_only_draft_and_returned_are_editable() -> None:
    assert frozenset({S.DRAFT, S.RETURNED}) == EDITABLE_STATES


# --- submit -------------------------------------------------------------------------------------


def test_complete_proposal_has_no_missing_fields() -> None:
    assert a_proposal().missing_fields() == []


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"title": ""}, ["title"]),
        ({"description": ""}, ["description"]),
        ({"benefit_potential": ""}, ["benefit_potential"]),
        ({"user_perspective": ""}, ["user_perspective"]),
        ({"municipalities": [], "needs": {}}, ["municipalities"]),
        ({"needs": {"molde": "Mange kontrakter i året."}}, ["needs.rauma"]),
        ({"needs": {"molde": "  ", "rauma": "Lang behandlingstid."}}, ["needs.molde"]),
        ({"needs": {}}, ["needs.molde", "needs.rauma"]),
        ({"catalogue_service": None}, ["catalogue_service"]),
        ({"catalogue_service": ""}, ["catalogue_service"]),
        ({"org_change": "  "}, ["org_change"]),
        ({"strategy_goals": []}, ["strategy_goals"]),
        ({"owner_group": None}, ["owner_group"]),
        ({"cost_one_off": Decimal(0), "cost_yearly": Decimal(0)}, ["cost"]),
        ({"cost_one_off": Decimal(0)}, []),
        (
            {"title": "", "user_perspective": "", "catalogue_service": None, "needs": {}},
            ["title", "user_perspective", "catalogue_service", "needs.molde", "needs.rauma"],
        ),
    ],
    ids=[
        "title",
        "description",
        "benefit",
        "user-perspective",
        "municipalities",
        "need-of-one-municipality",
        "blank-need",
        "all-needs",
        "catalogue-none",
        "catalogue-blank",
        "org-change",
        "strategy-goals",
        "owner-group",
        "no-cost",
        "one-cost-is-enough",
        "several",
    ],
)
def test_missing_fields_names_each_empty_required_field(
    changes: dict[str, object], missing: list[str]
) -> None:
    assert a_proposal(**changes).missing_fields() == missing


def test_a_new_service_needs_no_catalogue_service() -> None:
    proposal = a_proposal(kind=ProposalKind.NEW_SERVICE, catalogue_service=None)
    assert proposal.missing_fields() == []


@pytest.mark.parametrize("source", [S.DRAFT, S.RETURNED])
def test_submit_refuses_an_incomplete_proposal_and_lists_what_is_missing(
    source: ProposalState,
) -> None:
    proposal = a_proposal(source, catalogue_service=None, needs={"molde": "Mange kontrakter."})
    before = snapshot(proposal)

    with pytest.raises(InvalidInput) as refused:
        proposal.apply(
            Action.SUBMIT, by=SUBMITTER, capacities=frozenset({Capacity.SUBMITTER}), at=AT
        )

    assert refused.value.code == "proposal.incomplete"
    assert refused.value.params["fields"] == "catalogue_service, needs.rauma"
    assert "catalogue_service, needs.rauma" in translate_error(refused.value, "en")
    assert snapshot(proposal) == before


def test_submit_by_someone_else_is_refused_before_completeness_is_checked() -> None:
    proposal = a_proposal(S.DRAFT, title="")

    with pytest.raises(InvalidTransition) as refused:
        proposal.apply(Action.SUBMIT, by=CHAIR, capacities=frozenset({Capacity.CHAIR}), at=AT)

    assert refused.value.code == "proposal.actor_not_allowed"


# --- return and mark ready ----------------------------------------------------------------------


@pytest.mark.parametrize("comment", ["", "   ", "\n\t"], ids=["empty", "spaces", "whitespace"])
@pytest.mark.parametrize("source", sorted(TRANSITIONS[Action.RETURN].sources))
def test_return_requires_a_comment(source: ProposalState, comment: str) -> None:
    proposal = a_proposal(source)
    before = snapshot(proposal)

    with pytest.raises(InvalidInput) as refused:
        proposal.apply(
            Action.RETURN,
            by=CHAIR,
            capacities=frozenset({Capacity.CHAIR}),
            at=AT,
            comment=comment,
        )

    assert refused.value.code == "proposal.comment_required"
    assert snapshot(proposal) == before


def test_return_keeps_the_comment_as_qa_comment() -> None:
    proposal = a_proposal(S.READY)

    proposal.apply(
        Action.RETURN, by=CHAIR, capacities=frozenset({Capacity.CHAIR}), at=AT, comment=COMMENT
    )

    assert proposal.state is S.RETURNED
    assert proposal.qa_comment == COMMENT


@pytest.mark.parametrize("unticked", list(QaItem), ids=step_id)
def test_mark_ready_requires_every_checklist_item(unticked: QaItem) -> None:
    proposal = a_proposal(S.IN_REVIEW, qa={**ALL_QA_TICKED, unticked.value: False})
    before = snapshot(proposal)

    with pytest.raises(InvalidTransition) as refused:
        proposal.apply(Action.MARK_READY, by=CHAIR, capacities=frozenset({Capacity.CHAIR}), at=AT)

    assert refused.value.code == "proposal.qa_incomplete"
    assert snapshot(proposal) == before


def test_mark_ready_refuses_an_empty_checklist() -> None:
    proposal = a_proposal(S.IN_REVIEW, qa={})

    with pytest.raises(InvalidTransition) as refused:
        proposal.apply(Action.MARK_READY, by=CHAIR, capacities=frozenset({Capacity.CHAIR}), at=AT)

    assert refused.value.code == "proposal.qa_incomplete"
    assert not proposal.qa_complete()


def test_ticks_do_not_make_a_proposal_ready_once_the_content_they_checked_is_gone() -> None:
    # A tick must not vouch for content that has since been removed (a stored proposal read
    # back without it): the refusal names each item in the way.
    proposal = a_proposal(S.IN_REVIEW, qa={})
    for item in QaItem:
        proposal.tick(item)
    proposal.cost_one_off = proposal.cost_yearly = Decimal(0)
    proposal.owner_group = None
    chair = frozenset({Capacity.CHAIR})

    with pytest.raises(InvalidTransition) as refused:
        proposal.apply(Action.MARK_READY, by=CHAIR, capacities=chair, at=AT)

    assert refused.value.code == "proposal.qa_incomplete"
    assert refused.value.params["missing"] == ("cost_benefit_present", "owner_named")
    assert proposal.qa_missing() == [
        (QaItem.COST_BENEFIT_PRESENT, ["cost"]),
        (QaItem.OWNER_NAMED, ["owner_group"]),
    ]
    assert proposal.state is S.IN_REVIEW


def test_what_is_missing_for_ready_counts_the_ticks_on_screen_over_the_saved_ones() -> None:
    proposal = a_proposal(S.IN_REVIEW, qa={}, org_change=" ")
    on_screen = {item.value: True for item in QaItem} | {"strategy_link": False}
    assert proposal.qa_missing(on_screen) == [
        (QaItem.STRATEGY_LINK, []),
        (QaItem.ORG_CHANGE_ASSESSED, ["org_change"]),
    ]
    assert len(proposal.qa_missing()) == len(QaItem)  # nothing saved yet


# --- the QA checklist ---------------------------------------------------------------------------


def test_ticking_every_item_completes_the_checklist() -> None:
    proposal = a_proposal(S.IN_REVIEW, qa={})

    for item in QaItem:
        assert not proposal.qa_complete()
        proposal.tick(item)

    assert proposal.qa == ALL_QA_TICKED
    assert proposal.qa_complete()


@pytest.mark.parametrize(
    ("item", "changes"),
    [
        (QaItem.COST_BENEFIT_PRESENT, {"cost_one_off": Decimal(0), "cost_yearly": Decimal(0)}),
        (QaItem.COST_BENEFIT_PRESENT, {"benefit_potential": ""}),
        (QaItem.STRATEGY_LINK, {"strategy_goals": []}),
        (QaItem.OWNER_NAMED, {"owner_group": None}),
        (QaItem.OWNER_NAMED, {"owner_group": ""}),
        (QaItem.ORG_CHANGE_ASSESSED, {"org_change": ""}),
        (QaItem.ORG_CHANGE_ASSESSED, {"org_change": "  \n "}),
    ],
    ids=[
        "no-cost",
        "no-benefit",
        "no-strategy-goal",
        "no-owner",
        "blank-owner",
        "no-org-change",
        "blank-org-change",
    ],
)
def test_tick_refuses_when_the_evidence_is_missing(
    item: QaItem, changes: dict[str, object]
) -> None:
    proposal = a_proposal(S.IN_REVIEW, qa={}, **changes)

    with pytest.raises(InvalidInput) as refused:
        proposal.tick(item)

    assert refused.value.code == "proposal.qa_evidence_missing"
    assert proposal.qa == {}


@pytest.mark.parametrize(
    "costs",
    [(Decimal("1"), Decimal(0)), (Decimal(0), Decimal("12000"))],
    ids=["one-off-only", "yearly-only"],
)
def test_cost_benefit_may_be_ticked_with_either_cost(costs: tuple[Decimal, Decimal]) -> None:
    one_off, yearly = costs
    proposal = a_proposal(S.IN_REVIEW, qa={}, cost_one_off=one_off, cost_yearly=yearly)

    proposal.tick(QaItem.COST_BENEFIT_PRESENT)

    assert proposal.qa == {"cost_benefit_present": True}


def test_catalogue_check_needs_no_evidence() -> None:
    proposal = a_proposal(S.IN_REVIEW, qa={}, catalogue_service=None)

    proposal.tick(QaItem.CATALOGUE_CHECKED)

    assert proposal.qa == {"catalogue_checked": True}


def test_an_item_can_be_unticked_even_without_evidence() -> None:
    proposal = a_proposal(S.IN_REVIEW, owner_group=None)

    proposal.tick(QaItem.OWNER_NAMED, done=False)

    assert proposal.qa["owner_named"] is False
    assert not proposal.qa_complete()


def test_tick_replaces_the_checklist_dict_instead_of_mutating_it() -> None:
    proposal = a_proposal(S.IN_REVIEW, qa={})
    original = proposal.qa

    proposal.tick(QaItem.CATALOGUE_CHECKED)

    assert original == {}
    assert proposal.qa is not original


@pytest.mark.parametrize("state", [s for s in ProposalState if s is not S.IN_REVIEW], ids=step_id)
def test_tick_is_refused_outside_quality_assurance(state: ProposalState) -> None:
    proposal = a_proposal(state, qa={})

    with pytest.raises(InvalidTransition) as refused:
        proposal.tick(QaItem.CATALOGUE_CHECKED)

    assert refused.value.code == "proposal.not_in_review"
    assert proposal.qa == {}


# --- withdraw and decided -----------------------------------------------------------------------

BEFORE_DECISION = [S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.RETURNED, S.READY, S.ON_AGENDA]
VOTING_OR_LATER = [s for s in ProposalState if s not in BEFORE_DECISION and s is not S.WITHDRAWN]


@pytest.mark.parametrize("state", BEFORE_DECISION, ids=step_id)
def test_submitter_may_withdraw_before_a_decision(state: ProposalState) -> None:
    proposal = a_proposal(state)

    proposal.apply(Action.WITHDRAW, by=SUBMITTER, capacities=frozenset({Capacity.SUBMITTER}), at=AT)

    assert proposal.state is S.WITHDRAWN
    assert not proposal.decided()


@pytest.mark.parametrize("state", VOTING_OR_LATER, ids=step_id)
def test_withdraw_is_refused_once_voting_or_decided(state: ProposalState) -> None:
    proposal = a_proposal(state)
    before = snapshot(proposal)

    with pytest.raises(InvalidTransition) as refused:
        proposal.apply(
            Action.WITHDRAW, by=SUBMITTER, capacities=frozenset({Capacity.SUBMITTER}), at=AT
        )

    assert refused.value.code == "proposal.transition_not_allowed"
    assert snapshot(proposal) == before


def test_chair_may_not_withdraw_for_the_submitter() -> None:
    proposal = a_proposal(S.READY)

    with pytest.raises(InvalidTransition) as refused:
        proposal.apply(Action.WITHDRAW, by=CHAIR, capacities=frozenset({Capacity.CHAIR}), at=AT)

    assert refused.value.code == "proposal.actor_not_allowed"
    assert proposal.state is S.READY


@pytest.mark.parametrize("state", list(ProposalState), ids=step_id)
def test_decided_is_true_only_after_the_vote(state: ProposalState) -> None:
    expected = state not in [*BEFORE_DECISION, S.VOTING, S.WITHDRAWN]
    assert a_proposal(state).decided() is expected


# --- references against the mandate -------------------------------------------------------------


def a_mandate() -> Mandate:
    return Mandate(
        id="ror-ikt",
        name="ROR-IKT",
        committee="bestillerutvalg",
        board="styret",
        municipalities=tuple(
            Municipality(m, m.title(), Decimal(1)) for m in ("aukra", "molde", "rauma", "vestnes")
        ),
        members=(
            Member(CHAIR, "Daglig leder"),
            Member(SUBMITTER, "Bestiller", municipality="molde"),
        ),
        bodies=(
            Body("bestillerutvalg", "Bestillerutvalget", BodyKind.BESTILLERUTVALG, chair=CHAIR),
            Body("styret", "Styret", BodyKind.STYRET),
            Body("fag-arkiv", "Faggruppe arkiv", BodyKind.FAGGRUPPE, parent="bestillerutvalg"),
        ),
        strategy_goals=(StrategyGoal("digitale-innbyggertjenester", "Digitale tjenester"),),
        service_catalogue=(CatalogueService("sak-arkiv", "Sak/arkiv"),),
    )


def test_known_references_pass() -> None:
    a_proposal().check_references(a_mandate())


def test_empty_optional_references_pass() -> None:
    proposal = a_proposal(
        kind=ProposalKind.NEW_SERVICE, catalogue_service=None, owner_group=None, strategy_goals=[]
    )
    proposal.check_references(a_mandate())


@pytest.mark.parametrize(
    ("changes", "field", "values"),
    [
        ({"municipalities": ["molde", "oslo", "bergen"]}, "municipalities", "bergen, oslo"),
        (
            {"needs": {"molde": "x", "rauma": "y", "hustadvika": "z"}},
            "municipalities",
            "hustadvika",
        ),
        (
            {"strategy_goals": ["digitale-innbyggertjenester", "ukjent-mål"]},
            "strategy_goals",
            "ukjent-mål",
        ),
        ({"catalogue_service": "lønn"}, "catalogue_service", "lønn"),
        ({"owner_group": "fag-helse"}, "owner_group", "fag-helse"),
    ],
    ids=["municipality", "municipality-in-needs", "strategy-goal", "catalogue-service", "owner"],
)
def test_unknown_references_are_refused(
    changes: dict[str, object], field: str, values: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        a_proposal(**changes).check_references(a_mandate())

    assert refused.value.code == "proposal.unknown_reference"
    assert refused.value.params == {"field": field, "values": values}


@pytest.mark.parametrize(
    "changes",
    [{"cost_one_off": Decimal("-1")}, {"cost_yearly": Decimal("-0.01")}],
    ids=["one-off", "yearly"],
)
def test_negative_cost_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises(InvalidInput) as refused:
        a_proposal(**changes).check_references(a_mandate())

    assert refused.value.code == "proposal.negative_cost"


def test_zero_cost_is_not_negative() -> None:
    a_proposal(cost_one_off=Decimal(0), cost_yearly=Decimal(0)).check_references(a_mandate())


# --- numbering and messages ---------------------------------------------------------------------


def test_an_unsaved_proposal_has_no_number_yet() -> None:
    assert a_proposal(id=None).number == "#?"
    assert a_proposal().number == "#7"


def test_refusal_renders_in_english_with_state_and_action_filled_in() -> None:
    proposal = a_proposal(S.VOTING)

    with pytest.raises(DomainError) as refused:
        proposal.apply(
            Action.WITHDRAW, by=SUBMITTER, capacities=frozenset({Capacity.SUBMITTER}), at=AT
        )

    text = translate_error(refused.value, "en")
    assert "#7" in text
    assert "{" not in text and "}" not in text
