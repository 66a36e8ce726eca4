"""Views to cards: one renderer per view type of ``governance.views``, in the reader's language.

The bot answers every click and command with a view; ``render`` picks the card family's
function for it. Nothing is decided here: the view says what the viewer may do.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import singledispatch
from typing import Any, TypeVar

from cards.agenda import agenda_card
from cards.annual_cycle import task_card
from cards.decision import decision_card
from cards.election import election_card
from cards.help import help_card
from cards.lists import meeting_list, proposal_list, task_list
from cards.meeting import meeting_card
from cards.project import project_card
from cards.proposal import proposal_card
from cards.proposal_form import proposal_form, refusal_text, values_of
from cards.proposal_parts import full_card
from cards.quality import qa_card
from cards.ranking import ranking_card
from cards.ranking_open import open_round_card
from cards.report_form import report_form
from cards.systems import systems_card
from cards.toast import toast_card
from cards.vote import result_card, vote_card
from governance.domain.errors import DomainError
from governance.domain.organisation import Mandate
from governance.i18n import translate, translate_error
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
    SystemsView,
    TaskListView,
    TaskView,
    ToastView,
    VoteResultView,
    VoteView,
)

Card = dict[str, Any]
V = TypeVar("V")


@singledispatch
def render(view: object, mandate: Mandate, locale: str) -> Card:
    """The card showing ``view`` to its reader in ``locale``."""
    raise TypeError(f"no card renders a {type(view).__name__}")


def _renders(kind: type[V]) -> Callable[[Callable[[V, Mandate, str], Card]], object]:
    def register(fn: Callable[[V, Mandate, str], Card]) -> object:
        return render.register(kind)(fn)

    return register


def _error(error: DomainError | None, locale: str) -> str | None:
    return translate_error(error, locale) if error is not None else None


@_renders(ToastView)
def _toast(view: ToastView, mandate: Mandate, locale: str) -> Card:
    text = view.message if view.plain else translate(view.message, locale, **view.params)
    return toast_card(text, locale, tone=view.tone)


@_renders(ProposalView)
def _proposal(view: ProposalView, mandate: Mandate, locale: str) -> Card:
    if view.full:
        return full_card(view.proposal, mandate, locale)
    return proposal_card(
        view.proposal,
        mandate,
        locale,
        next_steps=view.next_steps,
        can_edit=view.can_edit,
        can_show=not view.viewer_known,
        may_attach=view.may_attach,
        removable=view.removable,
        discussion=view.discussion,
        channel_copy=not view.viewer_known,
        error=_error(view.error, locale),
        typed=view.typed,
    )


@_renders(ProjectView)
def _project(view: ProjectView, mandate: Mandate, locale: str) -> Card:
    return project_card(view, mandate, locale, error=_error(view.error, locale))


@_renders(ProposalFormView)
def _proposal_form(view: ProposalFormView, mandate: Mandate, locale: str) -> Card:
    values = values_of(view.proposal, locale) if view.proposal is not None else view.values
    return proposal_form(
        mandate,
        locale,
        values=values,
        error=refusal_text(view.error, mandate, locale) if view.error is not None else None,
        proposal_id=view.proposal_id,
    )


@_renders(ProposalListView)
def _proposal_list(view: ProposalListView, mandate: Mandate, locale: str) -> Card:
    return proposal_list(view.proposals, mandate, locale, title=translate(view.title, locale))


@_renders(QaView)
def _qa(view: QaView, mandate: Mandate, locale: str) -> Card:
    return qa_card(
        view.proposal,
        mandate,
        locale,
        steps=view.steps,
        ticks=view.ticks,
        comment=view.comment,
        error=_error(view.error, locale),
        missing=view.missing,
    )


@_renders(VoteView)
def _vote(view: VoteView, mandate: Mandate, locale: str) -> Card:
    return vote_card(
        view.vote,
        view.proposal,
        view.tally,
        mandate,
        locale,
        viewer_municipality=view.viewer_municipality,
        viewer_is_chair=view.viewer_is_chair,
        refresh_user_ids=view.refresh_user_ids,
        viewer_known=view.viewer_known,
        error=_error(view.error, locale),
        occasion=view.occasion,
        reason=view.reason,
        ask_reason=view.ask_reason,
    )


@_renders(VoteResultView)
def _vote_result(view: VoteResultView, mandate: Mandate, locale: str) -> Card:
    return result_card(
        view.vote,
        view.proposal,
        view.tally,
        mandate,
        locale,
        board_meeting_date=view.board_meeting,
        error=_error(view.error, locale),
    )


@_renders(AgendaView)
def _agenda(view: AgendaView, mandate: Mandate, locale: str) -> Card:
    return agenda_card(view.meeting, mandate, locale, proposals=view.proposals)


@_renders(MeetingView)
def _meeting(view: MeetingView, mandate: Mandate, locale: str) -> Card:
    return meeting_card(view, mandate, locale)


@_renders(MeetingListView)
def _meetings(view: MeetingListView, mandate: Mandate, locale: str) -> Card:
    return meeting_list(view.meetings, mandate, locale)


@_renders(TaskView)
def _task(view: TaskView, mandate: Mandate, locale: str) -> Card:
    return task_card(
        view.occurrence, mandate, locale, today=view.today, can_mark_done=view.can_mark_done
    )


@_renders(TaskListView)
def _tasks(view: TaskListView, mandate: Mandate, locale: str) -> Card:
    return task_list(view.tasks, mandate, locale, today=view.today, markable=view.markable)


@_renders(RankingView)
def _ranking(view: RankingView, mandate: Mandate, locale: str) -> Card:
    return ranking_card(
        view.ranking_round,
        view.proposals,
        mandate,
        locale,
        viewer_municipality=view.viewer_municipality,
        viewer_is_chair=view.viewer_is_chair,
        may_override=view.may_override,
        places=view.entered.places if view.entered else None,
        reason=view.entered.reason if view.entered else "",
        error=_error(view.error, locale),
        ranks=view.ranks,
    )


@_renders(OpenRoundView)
def _open_round(view: OpenRoundView, mandate: Mandate, locale: str) -> Card:
    return open_round_card(
        view.proposals, view.title, locale, chosen=view.chosen, error=_error(view.error, locale)
    )


@_renders(ElectionView)
def _election(view: ElectionView, mandate: Mandate, locale: str) -> Card:
    return election_card(
        view.election,
        view.group,
        mandate,
        locale,
        today=view.today,
        viewer=view.viewer,
        viewer_is_chair=view.viewer_is_chair,
    )


@_renders(SystemsView)
def _systems(view: SystemsView, mandate: Mandate, locale: str) -> Card:
    return systems_card(
        view.inventory, mandate, locale, query=view.query, group_names=view.group_names
    )


@_renders(HelpView)
def _help(view: HelpView, mandate: Mandate, locale: str) -> Card:
    return help_card(view.entries, locale)


@_renders(ReportFormView)
def _report_form(view: ReportFormView, mandate: Mandate, locale: str) -> Card:
    return report_form(view.kind, locale, values=view.values, error=_error(view.error, locale))


@_renders(DecisionView)
def _decision(view: DecisionView, mandate: Mandate, locale: str) -> Card:
    return decision_card(
        view.proposal,
        view.votes,
        view.decisions,
        mandate,
        locale,
        decider_name=view.decider_name,
        decider_is_body=view.decider_is_body,
        awaiting=view.awaiting,
        verdicts=view.verdicts,
        meetings=view.meetings,
        default_meeting=view.default_meeting,
        viewer_known=view.viewer_known,
        values=view.values,
        error=_error(view.error, locale),
    )
