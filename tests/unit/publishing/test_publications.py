"""The builders: governance objects in, documents out, in every locale. Each document kind is
also rendered to Word and PDF and saved under ``test-artifacts/publishing/``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest

from governance.domain.meetings import ItemKind
from governance.domain.organisation import DecisionRule, Mandate, RuleKind
from governance.domain.proposals import ProposalState
from governance.domain.tally import Choice, Outcome
from governance.i18n import LOCALES
from graph_sync.documents import Document, render_docx, render_pdf
from graph_sync.publications import (
    decision_document,
    minutes_document,
    status_document,
)
from tests.unit.publishing.samples import (
    AT,
    BOARD_DAY,
    TITLE,
    TODAY,
    docx_text,
    make_meeting,
    make_plan,
    make_portfolio,
    make_proposal,
    make_tasks,
    make_vote,
    pdf_text,
)

Save = Callable[[str, bytes], None]
ALL_FOR = [("aukra", Choice.FOR), ("molde", Choice.FOR), ("rauma", Choice.FOR)]


def all_text(doc: Document) -> str:
    parts = [doc.title, doc.subtitle, doc.footer]
    for section in doc.sections:
        parts += [section.heading, *section.paragraphs]
        for table in section.tables:
            parts += table.headers + [cell for row in table.rows for cell in row]
        parts += [chart.title for chart in section.charts]
    return "\n".join(parts)


def decision(
    mandate: Mandate, ballots: list[tuple[str, Choice]], locale: str = "nb", **kwargs: object
) -> Document:
    vote = make_vote(ballots, **kwargs)  # type: ignore[arg-type]
    return decision_document(
        vote, vote.current_tally(), make_proposal(), mandate, locale, board_meeting_date=BOARD_DAY
    )


def every_document(mandate: Mandate, locale: str) -> dict[str, Document]:
    proposals, votes = make_portfolio()
    return {
        "decision": decision(mandate, ALL_FOR, locale),
        "minutes": minutes_document(
            make_meeting(), {p.id or 0: p for p in proposals}, mandate, locale
        ),
        "status": status_document(
            proposals, votes, make_tasks(), [make_plan()], mandate, locale, today=TODAY
        ),
    }


# --- decisions --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("ballots", "outcome", "sentence"),
    [
        (ALL_FOR, "Anbefalt", "Bestillerutvalget anbefaler forslaget."),
        (
            [("aukra", Choice.MOT), ("molde", Choice.MOT)],
            "Ikke anbefalt",
            "Bestillerutvalget anbefaler ikke forslaget.",
        ),
        (
            [("aukra", Choice.FOR)],
            "Ikke beslutningsdyktig",
            "Forslaget står som klart til neste møte.",
        ),
    ],
)
def test_decision_states_the_outcome(
    mandate: Mandate,
    ballots: list[tuple[str, Choice]],
    outcome: str,
    sentence: str,
) -> None:
    text = all_text(decision(mandate, ballots))
    assert f"Resultat: {outcome}" in text
    assert sentence in text
    assert "styremøtet" not in text  # only an escalation names the board meeting


def test_escalation_without_a_known_board_meeting_names_no_date(mandate: Mandate) -> None:
    vote = make_vote([("aukra", Choice.FOR), ("molde", Choice.MOT)])
    doc = decision_document(
        vote, vote.current_tally(), make_proposal(), mandate, "nb", board_meeting_date=None
    )
    text = all_text(doc)
    assert "Resultat: Løftet til styret" in text
    assert "styremøtet" not in text
    assert doc.subtitle.startswith("Sak løftet fra Bestillerutvalget til styret")


def test_decision_under_weighted_majority_states_its_rule(mandate: Mandate) -> None:
    rule = DecisionRule(RuleKind.WEIGHTED_MAJORITY, Decimal("0.5"), Decimal("0.5"))
    doc = decision(mandate, [("molde", Choice.FOR), ("aukra", Choice.MOT)], rule=rule)
    text = all_text(doc)
    assert "Resultat: Anbefalt" in text  # Molde's 2,5 outweighs Aukra's 1
    assert "50\u00a0%" in text


def test_an_open_vote_says_so(mandate: Mandate) -> None:
    text = all_text(decision(mandate, ALL_FOR, closed=False))
    assert "Avstemningen er fortsatt åpen." in text
    assert "Avsluttet" not in text


def test_decision_lists_the_proposals_facts(mandate: Mandate) -> None:
    text = all_text(decision(mandate, ALL_FOR))
    assert "Molde og Rauma" in text
    assert "450 000 kr" in text.replace("\u00a0", " ").replace("\u202f", " ")
    assert "60 000,50 kr" in text.replace("\u00a0", " ").replace("\u202f", " ")


# --- minutes ----------------------------------------------------------------------------------
def test_minutes_have_body_date_items_decisions_and_approval(mandate: Mandate, save: Save) -> None:
    proposals, _ = make_portfolio()
    doc = minutes_document(make_meeting(), {p.id or 0: p for p in proposals}, mandate)
    text = all_text(doc)
    assert doc.title == "Referat: Møte i Bestillerutvalget"
    assert doc.subtitle == "Bestillerutvalget, tirsdag 9. mars 2027"
    assert "Til stede: Dagny Lie, Mari Moen og Arne Aukan" in text
    assert f"Sak 1: {TITLE}" in text
    assert "Sak 2: Felles velferdsteknologi" in text
    assert "Sak 3: Eventuelt" in text
    assert "Resultat: Anbefalt" in text and "Resultat: Løftet til styret" in text
    assert "Stemmevekt for 5,75, mot 0, avstår 0 av 5,75; stemmer: 4 for, 0 mot, 0 avstår." in text
    assert "Orientering om budsjettet for 2028." in text
    approved = AT + timedelta(hours=3, days=2)
    assert f"Referatet ble godkjent 11.03.2027 kl. {approved:%H:%M} av Dagny Lie." in text
    save("minutes-nb.docx", render_docx(doc))
    save("minutes-nb.pdf", render_pdf(doc))


def test_minutes_not_yet_approved_say_so(mandate: Mandate) -> None:
    text = all_text(minutes_document(make_meeting(approved=False), {}, mandate))
    assert "Referatet er et utkast og er ikke godkjent ennå." in text


# --- status -----------------------------------------------------------------------------------
def test_status_counts_the_portfolio_by_state_and_municipality(mandate: Mandate) -> None:
    proposals, votes = make_portfolio()
    doc = status_document(proposals, votes, make_tasks(), [make_plan()], mandate, today=TODAY)
    by_state, by_municipality, cost = doc.sections[0], doc.sections[1], doc.sections[2]
    assert by_state.tables[0].rows == [
        ["klar til saksliste", "1"],
        ["anbefalt", "1"],
        ["løftet til styret", "1"],
        ["trukket tilbake", "1"],
    ]
    counts = {row[0]: row[1] for row in by_municipality.tables[0].rows}
    assert counts == {"Aukra": "1", "Molde": "2", "Rauma": "2", "Vestnes": "2"}
    assert by_municipality.charts[0].values == [1.0, 2.0, 2.0, 2.0]
    assert cost.charts[0].labels == ["2027", "2028"]
    assert cost.charts[0].values == [510000.5, 1350000.0]
    assert "Kladd som ingen skal se" not in all_text(doc)


def test_status_without_plans_takes_cost_from_the_proposals(mandate: Mandate) -> None:
    proposals, votes = make_portfolio()
    doc = status_document(proposals, votes, [], [], mandate, today=TODAY)
    cost = doc.sections[2]
    assert cost.charts[0].labels == ["2027"]
    assert cost.charts[0].values == [3 * 510000.5]
    assert "Ingen investeringsplan ennå." in all_text(doc)


def test_status_lists_recent_votes_and_overdue_tasks(mandate: Mandate) -> None:
    proposals, votes = make_portfolio()
    doc = status_document(proposals, votes, make_tasks(), [make_plan()], mandate, today=TODAY)
    vote_rows = doc.sections[3].tables[0].rows
    assert {row[2] for row in vote_rows} == {"Anbefalt", "Løftet til styret"}
    assert vote_rows[0][0].startswith("#") and "09.03.2027" in vote_rows[0][1]
    overdue = doc.sections[4].tables[0].rows
    assert overdue == [["Kartlegge behov i hver kommune", "Bestillerutvalget", "15.02.2027", "22"]]
    plan = doc.sections[5]
    assert [row[1] for row in plan.tables[0].rows] == ["1", "2"]
    assert plan.tables[0].rows[0][5] == "krav i lov"


def test_status_with_nothing_overdue_says_so(mandate: Mandate) -> None:
    proposals, votes = make_portfolio()
    doc = status_document(
        proposals, votes, make_tasks(), [], mandate, today=TODAY - timedelta(days=30)
    )
    assert "Ingen oppgaver er over fristen." in all_text(doc)


# --- every locale -----------------------------------------------------------------------------
ENGLISH_HEADINGS = [
    "Decision",
    "Ballots",
    "Rule and quorum",
    "Approval",
    "Portfolio by state",
    "Recent votes",
    "Investment plan per year",
]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_document_renders_in_every_locale(mandate: Mandate, locale: str, save: Save) -> None:
    for kind, doc in every_document(mandate, locale).items():
        content, pdf = render_docx(doc), render_pdf(doc)
        save(f"{kind}-{locale}.docx", content)
        save(f"{kind}-{locale}.pdf", pdf)
        text, _ = docx_text(content)
        assert doc.title in text
        assert " ".join(doc.title.split()) in pdf_text(pdf)
        headings = {section.heading for section in doc.sections}
        if locale == "en":
            assert headings & set(ENGLISH_HEADINGS)
        else:
            assert not headings & set(ENGLISH_HEADINGS), f"{kind} in {locale} has English"


def test_bokmal_and_nynorsk_differ(mandate: Mandate) -> None:
    nb, nn = (every_document(mandate, locale) for locale in ("nb", "nn"))
    assert all_text(nb["decision"]) != all_text(nn["decision"])
    assert "Røyster" in all_text(nn["decision"])
    assert "Tal på forslag" in all_text(nn["status"])


def test_outcome_labels_cover_every_outcome(mandate: Mandate) -> None:
    proposal = make_proposal(state=ProposalState.VOTING)
    vote = make_vote(ALL_FOR)
    for outcome in Outcome:
        result = vote.current_tally()
        forced = type(result)(**{**result.__dict__, "outcome": outcome})
        doc = decision_document(vote, forced, proposal, mandate, board_meeting_date=None)
        assert doc.sections[0].paragraphs[0].startswith("Resultat: ")


# --- worst cases ------------------------------------------------------------------------------
LONG = (
    "Innbyggerne i kommunene våre skal få en enklere hverdag når søknader om plass i "
    "barnehage kan sendes digitalt, følges opp i én løsning og arkiveres automatisk. "
)


def test_long_texts_many_items_and_unbreakable_words_still_render(
    mandate: Mandate, save: Save
) -> None:
    title = (LONG * 4)[:300]
    proposal = make_proposal(
        title=title, description=LONG * 40, benefit_potential="https://example.org/" + "x" * 400
    )
    vote = make_vote(ALL_FOR)
    meeting = make_meeting(approved=False)
    meeting.minutes = None
    meeting.closed_at = None
    for n in range(60):
        meeting.add_item(ItemKind.PROPOSAL, (LONG * 3)[:250], proposal_id=100 + n, note=LONG * 5)
    docs = {
        "worst-decision": decision_document(
            vote, vote.current_tally(), proposal, mandate, board_meeting_date=None
        ),
        "worst-minutes": minutes_document(meeting, {12: proposal}, mandate),
    }
    for name, doc in docs.items():
        content, pdf = render_docx(doc), render_pdf(doc)
        save(f"{name}.docx", content)
        save(f"{name}.pdf", pdf)
        assert doc.title.split()[0] in pdf_text(pdf)
        assert len(docx_text(content)[0]) > 5_000
    assert " ".join(title.split()[:12]) in pdf_text(render_pdf(docs["worst-decision"]))
