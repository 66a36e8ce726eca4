"""The bot answers with views; ``cards.screens.render`` makes each into its family's card, with
every field of the view passed on (compared with the card function called directly)."""

# ruff: noqa: E501  (the table of cases reads best one case a line)

from __future__ import annotations

from typing import Any, get_args

import pytest

from cards import screens
from cards.agenda import agenda_card
from cards.annual_cycle import task_card
from cards.decision import decision_card
from cards.election import election_card
from cards.help import help_card
from cards.lists import meeting_list, proposal_list, task_list
from cards.meeting import meeting_card
from cards.project import project_card
from cards.proposal import proposal_card
from cards.proposal_form import proposal_form, values_of
from cards.quality import qa_card
from cards.ranking import ranking_card
from cards.ranking_open import open_round_card
from cards.report_form import report_form
from cards.systems import systems_card
from cards.toast import toast_card
from cards.vote import result_card, vote_card
from governance.domain.decisions import Verdict
from governance.domain.errors import InvalidInput
from governance.domain.organisation import Mandate
from governance.domain.proposals import Action, ProposalState, QaItem
from governance.domain.reports import ReportKind
from governance.domain.tally import Choice
from governance.i18n import translate
from governance.views import (
    AgendaView,
    DecisionView,
    ElectionView,
    HelpView,
    MeetingListView,
    MeetingView,
    OpenRoundView,
    ProjectView,
    ProposalFormView,
    ProposalListView,
    ProposalView,
    QaView,
    RankingView,
    ReportFormView,
    Screen,
    SystemsView,
    TaskListView,
    TaskView,
    ToastView,
    VoteResultView,
    VoteView,
)
from tests.cards import samples
from tests.cards.samples import TODAY

LOCALE = "nn"
REFUSAL = InvalidInput(
    "proposal.need", "Describe the need in {municipality}.", municipality="Aukra"
)


def cases(mandate: Mandate) -> list[tuple[Screen, dict[str, Any]]]:
    """Each view with the card its family's function makes of the same facts."""
    p = samples.proposal()
    draft = samples.proposal(state=ProposalState.DRAFT, history=[])
    steps = (Action.MARK_READY, Action.RETURN)
    open_vote = samples.vote(("molde", Choice.FOR))
    closed_vote = samples.vote(("molde", Choice.FOR), closed=True)
    meeting = samples.meeting()
    task = samples.occurrence()
    round_, ranked = samples.ranking_round()
    election, group = samples.election(mandate)
    inventory = samples.inventory(mandate)
    error = translate(REFUSAL.message, LOCALE, **REFUSAL.params)
    m, loc = mandate, LOCALE
    taken = samples.decision(Verdict.TO_BOARD, decider="dl-ror")
    verdicts = (Verdict.APPROVED, Verdict.DECLINED, Verdict.SENT_BACK)
    return [
        (ToastView("No ranking round is open."), toast_card(translate("No ranking round is open.", loc), loc)),
        (ToastView("Skrive rett inn", tone="good", plain=True), toast_card("Skrive rett inn", loc, tone="good")),
        (ProposalView(p, steps, can_edit=True), proposal_card(p, m, loc, next_steps=steps, can_edit=True)),
        (ProposalFormView(), proposal_form(m, loc)),
        (ProposalFormView(proposal=draft, proposal_id=12), proposal_form(m, loc, values=values_of(draft, loc), proposal_id=12)),
        (ProposalFormView({"title": "T"}, proposal_id=3, error=REFUSAL), proposal_form(m, loc, values={"title": "T"}, error=error, proposal_id=3)),
        (ProposalListView((p,), "Proposals"), proposal_list([p], m, loc, title=translate("Proposals", loc))),
        (QaView(p, steps), qa_card(p, m, loc, steps=steps)),
        (QaView(p, steps, {"owner_named": False}, "K", ((QaItem.OWNER_NAMED, ("owner_group",)),), REFUSAL), qa_card(p, m, loc, steps=steps, ticks={"owner_named": False}, comment="K", error=error, missing=((QaItem.OWNER_NAMED, ("owner_group",)),))),
        (RankingView(round_, tuple(ranked), "rauma", False, error=REFUSAL, ranks={20: "2"}), ranking_card(round_, ranked, m, loc, viewer_municipality="rauma", viewer_is_chair=False, error=error, ranks={20: "2"})),
        (OpenRoundView(tuple(ranked), "Prioriteringer 04.12.2026", frozenset({20}), REFUSAL), open_round_card(ranked, "Prioriteringer 04.12.2026", loc, chosen=frozenset({20}), error=error)),
        (VoteView(open_vote, p, open_vote.current_tally(), "molde", True, ("29:a",)), vote_card(open_vote, p, open_vote.current_tally(), m, loc, viewer_municipality="molde", viewer_is_chair=True, refresh_user_ids=["29:a"])),
        (VoteResultView(closed_vote, p, closed_vote.current_tally(), TODAY), result_card(closed_vote, p, closed_vote.current_tally(), m, loc, board_meeting_date=TODAY)),
        (AgendaView(meeting, {12: p}), agenda_card(meeting, m, loc, proposals={12: p})),
        (MeetingListView((meeting,)), meeting_list([meeting], m, loc)),
        (TaskView(task, TODAY, can_mark_done=False), task_card(task, m, loc, today=TODAY, can_mark_done=False)),
        (TaskListView((task,), TODAY, (1,)), task_list([task], m, loc, today=TODAY, markable=[1])),
        (RankingView(round_, tuple(ranked), "molde", False), ranking_card(round_, ranked, m, loc, viewer_municipality="molde", viewer_is_chair=False)),
        (ElectionView(election, group, TODAY, "x", True), election_card(election, group, m, loc, today=TODAY, viewer="x", viewer_is_chair=True)),
        (SystemsView(inventory, "sak", {"ug": "UG"}), systems_card(inventory, m, loc, query="sak", group_names={"ug": "UG"})),
        (HelpView(tuple(samples.HELP)), help_card(samples.HELP, loc)),
        (ReportFormView(ReportKind.STUDY, {"report_title": "T"}, REFUSAL), report_form(ReportKind.STUDY, loc, values={"report_title": "T"}, error=error)),
        (DecisionView(p, (closed_vote,), (taken,), "styret", "Styret", True, awaiting=True, verdicts=verdicts, meetings=(meeting,), default_meeting=meeting.id, values={"decision_reason": "R"}, error=REFUSAL), decision_card(p, [closed_vote], [taken], m, loc, decider_name="Styret", decider_is_body=True, awaiting=True, verdicts=verdicts, meetings=[meeting], default_meeting=meeting.id, values={"decision_reason": "R"}, error=error)),
        (MeetingView(meeting, {12: p}, ("dl-ror", "best-molde"), meeting.on, viewer_id="dl-ror", chairs=True, takes_part=True, values={"item_title": "T"}, error=REFUSAL), meeting_card(MeetingView(meeting, {12: p}, ("dl-ror", "best-molde"), meeting.on, viewer_id="dl-ror", chairs=True, takes_part=True, values={"item_title": "T"}, error=REFUSAL), m, loc)),
        (ProjectView(samples.proposal(state=ProposalState.BOARD_APPROVED), None, None, (), "Styret", may_start=True, owners=(("faggruppe-arkiv", "Arkiv"),), people=(("dl-ror", "Dagny"),), today=TODAY, values={"project_scope": "S"}, error=REFUSAL), project_card(ProjectView(samples.proposal(state=ProposalState.BOARD_APPROVED), None, None, (), "Styret", may_start=True, owners=(("faggruppe-arkiv", "Arkiv"),), people=(("dl-ror", "Dagny"),), today=TODAY, values={"project_scope": "S"}, error=REFUSAL), m, loc, error=error)),
    ]  # fmt: skip


def test_every_view_has_a_card_of_its_own() -> None:
    fallback = screens.render.dispatch(object)
    missing = [
        kind.__name__ for kind in get_args(Screen) if screens.render.dispatch(kind) is fallback
    ]
    assert missing == []


def test_a_view_is_rendered_with_everything_it_holds(ror_mandate: Mandate) -> None:
    shown = {type(view) for view, _ in cases(ror_mandate)}
    assert shown == set(get_args(Screen))
    for view, expected in cases(ror_mandate):
        assert screens.render(view, ror_mandate, LOCALE) == expected, type(view).__name__


def test_something_that_is_not_a_view_is_refused(ror_mandate: Mandate) -> None:
    with pytest.raises(TypeError, match="no card renders a dict"):
        screens.render({}, ror_mandate, LOCALE)
