"""Cards of every family that shows text people wrote, with Markdown in every such text: a link
that would pass for a button, bold, italics, strike-through, code, an autolink, a mention, list
markers, a heading and a quote. ``hostile_cards(mandate, locale)`` names them by family.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Final

from cards import (
    agenda_card,
    election_card,
    proposal_card,
    qa_card,
    ranking_card,
    result_card,
    standings_card,
    systems_card,
    task_card,
    toast_card,
    vote_card,
)
from cards.lists import proposal_list, task_list
from cards.proposal_form import proposal_form
from cards.proposal_step import proposal_step_card
from cards.report_form import report_form
from cards.toast import publication_card
from governance.domain.meetings import ItemKind
from governance.domain.organisation import Mandate
from governance.domain.proposals import Action, ProposalEvent
from governance.domain.reports import ReportKind
from governance.domain.systems import Inventory, System
from governance.domain.tally import Choice
from governance.i18n import N_, translate
from tests.cards.samples import (
    AT,
    TODAY,
    election,
    meeting,
    occurrence,
    proposal,
    ranking_round,
    vote,
)

EVIL: Final = "https://evil.example"
LINK: Final = f"[Klikk her for å stemme]({EVIL})"
HOSTILE: Final = (
    f"{LINK} **fet** _kursiv_ ~~strek~~ `kode` <{EVIL}> <at>Dagny Lie</at>\n"
    "- punkt\r* stjerne\n1. nummer\n2) nummer\n# Overskrift\n> sitat\n---"
)
TITLE: Final = f"{LINK} **fet** _kursiv_ `kode`"  # fits every clipped title (60 characters)


def hostile_cards(mandate: Mandate, locale: str) -> dict[str, dict[str, Any]]:
    """One card of each family, every text people write in it hostile."""
    p = _proposal()
    open_vote = vote(("molde", Choice.FOR))
    closed_vote = vote(("molde", Choice.FOR), ("rauma", Choice.MOT), closed=True)
    round_, proposals = ranking_round()
    round_.title = TITLE
    for item in proposals:
        item.title = TITLE
    closed_round, closed_proposals = ranking_round(closed=True)
    closed_round.title = TITLE
    closed_round.override(list(reversed(closed_round.proposal_ids)), HOSTILE, by="dl-ror", at=AT)
    for item in closed_proposals:
        item.title = TITLE
    task = occurrence()
    task.title = TITLE
    return {
        "proposal": proposal_card(p, mandate, locale, next_steps=[Action.RETURN]),
        "qa": qa_card(p, mandate, locale),
        "form-error": proposal_form(mandate, locale, error=HOSTILE, proposal_id=12),
        "report-error": report_form(ReportKind.STUDY, locale, error=HOSTILE),
        "agenda": agenda_card(_meeting(), mandate, locale, proposals={12: p}),
        "proposal-step": proposal_step_card(
            p,
            {"action": "return", "from": "submitted", "to": "returned", "comment": HOSTILE},
            locale,
        ),
        "vote": vote_card(
            open_vote,
            p,
            open_vote.current_tally(),
            mandate,
            locale,
            viewer_municipality="molde",
            viewer_is_chair=True,
            refresh_user_ids=[],
        ),
        "result": result_card(
            closed_vote, p, closed_vote.current_tally(), mandate, locale, board_meeting_date=None
        ),
        "ranking": ranking_card(round_, proposals, mandate, locale, viewer_municipality="molde"),
        "standings": standings_card(closed_round, closed_proposals, mandate, locale),
        "proposal-list": proposal_list([p], mandate, locale, title=TITLE),
        "task": task_card(task, mandate, locale, today=TODAY),
        "task-list": task_list([task], mandate, locale, today=TODAY),
        "election": _election(mandate, locale),
        "election-result": _election(mandate, locale, closed=True),
        "systems": systems_card(_inventory(), mandate, locale, query=TITLE),
        "toast": toast_card(
            translate(
                N_("Proposal {number} is {state}, so it cannot {action}."),
                locale,
                number=HOSTILE,
                state=HOSTILE,
                action=HOSTILE,
            ),
            locale,
            title=TITLE,
            tone="attention",
        ),
        "publication": publication_card(HOSTILE, "https://example.sharepoint.com/doc.docx", locale),
    }


def _proposal() -> Any:
    p = proposal(
        title=HOSTILE,
        description=HOSTILE,
        benefit_potential=HOSTILE,
        org_change=HOSTILE,
        strategy_goals=[HOSTILE],
    )
    p.history = [
        *p.history,
        ProposalEvent(
            "return", "in_review", "returned", "dl-ror", AT + timedelta(hours=1), comment=HOSTILE
        ),
    ]
    return p


def _meeting() -> Any:
    result = meeting()
    result.title = HOSTILE
    result.add_item(ItemKind.FREE, HOSTILE, note=HOSTILE)
    return result


def _election(mandate: Mandate, locale: str, *, closed: bool = False) -> dict[str, Any]:
    ballot, group = election(mandate, closed=closed)
    group.name = HOSTILE  # a group established in Teams is named by whoever established it
    return election_card(ballot, group, mandate, locale, today=TODAY, viewer="someone-else")


def _inventory() -> Inventory:
    return Inventory(
        [
            System(
                key="ondsinnet",
                name=TITLE,
                vendor=HOSTILE,
                functions=[HOSTILE, TITLE],
                owner_body="faggruppe-helse",
            )
        ],
        [],
    )
