"""Domain objects for the publishing tests, built directly (no database), and readers that
open rendered Word and PDF files again."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import docx
from pypdf import PdfReader

from governance.domain.annual_cycle import TaskOccurrence
from governance.domain.calendar import OSLO
from governance.domain.investment import InvestmentPlan
from governance.domain.meetings import ItemKind, Meeting, MeetingKind, minutes_draft
from governance.domain.organisation import DecisionRule, RuleKind
from governance.domain.proposals import Proposal, ProposalKind, ProposalState
from governance.domain.tally import Choice
from governance.domain.votes import Vote

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "test-artifacts" / "publishing"
AT = datetime(2027, 3, 9, 10, 0, tzinfo=OSLO)
TODAY = date(2027, 3, 9)
BOARD_DAY = date(2027, 3, 23)
TITLE = "Felles innbyggerportal – særskilte søknader, møtebooking og årshjul"
# Distinct weights, so a test sees that each municipality's own stemmevekt is printed.
WEIGHTS = {
    "aukra": Decimal("1"),
    "molde": Decimal("2.5"),
    "rauma": Decimal("1.5"),
    "vestnes": Decimal("0.75"),
}

Ballots = Iterable[tuple[str, Choice]]


def make_proposal(pid: int = 12, title: str = TITLE, **changes: object) -> Proposal:
    result = Proposal(
        id=pid,
        title=title,
        submitter="best-molde",
        created_at=AT - timedelta(days=40),
        cooperation="ror-ikt",
        description="Én portal for søknader og innsyn for alle fire kommuner, med “én dør inn”.",
        kind=ProposalKind.NEW_SERVICE,
        municipalities=["molde", "rauma"],
        needs={"molde": "Mange skjema på papir.", "rauma": "Ingen digital innsyn i dag."},
        cost_one_off=Decimal("450000"),
        cost_yearly=Decimal("60000.50"),
        benefit_potential="Færre henvendelser til servicetorget.",
        user_perspective="Innbyggere kan søke hele døgnet.",
        submitter_municipality="molde",
        state=ProposalState.VOTING,
    )
    for key, value in changes.items():
        setattr(result, key, value)
    return result


def make_vote(
    ballots: Ballots,
    *,
    closed: bool = True,
    proposal_id: int = 12,
    rule: DecisionRule | None = None,
) -> Vote:
    rule = rule or DecisionRule(RuleKind.CONSENSUS, Decimal("0.5"), escalate_to="styret")
    vote = Vote.open(proposal_id, "bestillerutvalget", WEIGHTS, rule, by="dl-ror", at=AT)
    vote.id = 7
    for municipality, choice in ballots:
        vote.cast(municipality, choice, by=f"best-{municipality}", at=AT + timedelta(hours=1))
    if closed:
        vote.close(by="dl-ror", at=AT + timedelta(hours=2))
    return vote


def make_meeting(*, approved: bool = True) -> Meeting:
    meeting = Meeting(
        "bestillerutvalget",
        MeetingKind.COMMITTEE,
        TODAY,
        "Møte i Bestillerutvalget",
        created_by="dl-ror",
        created_at=AT,
        id=3,
    )
    meeting.add_item(ItemKind.PROPOSAL, TITLE, proposal_id=12)
    meeting.add_item(ItemKind.PROPOSAL, "Felles velferdsteknologi", proposal_id=9)
    meeting.add_item(ItemKind.FREE, "Eventuelt", note="Orientering om budsjettet for 2028.")
    meeting.record_decision(12, "recommended")
    meeting.record_decision(9, "escalated")
    results = {
        12: {
            "outcome": "recommended",
            "quorum_met": True,
            "for_weight": "5.75",
            "against_weight": "0",
            "abstain_weight": "0",
            "total_weight": "5.75",
            "for": 4,
            "against": 0,
            "abstain": 0,
            "missing": [],
        },
    }
    closing = AT + timedelta(hours=3)
    meeting.close(
        minutes_draft(meeting, results, ["Dagny Lie", "Mari Moen", "Arne Aukan"]),
        by="dl-ror",
        at=closing,
    )
    if approved:
        meeting.approve_minutes(by="dl-ror", at=closing + timedelta(days=2))
    return meeting


def make_tasks() -> list[TaskOccurrence]:
    overdue = TaskOccurrence(
        "behovskartlegging",
        2027,
        "Kartlegge behov i hver kommune",
        ["bestillerutvalget"],
        1,
        date(2027, 2, 15),
        id=1,
    )
    done = TaskOccurrence(
        "strategi-oppfolging",
        2027,
        "Rullere digitaliseringsstrategien",
        ["bestillerutvalget"],
        1,
        date(2027, 1, 31),
        id=2,
    )
    done.mark_done(by="dl-ror", at=AT - timedelta(days=40))
    coming = TaskOccurrence(
        "budsjett", 2027, "Forberede budsjett", ["bestillerutvalget"], 2, date(2027, 6, 30), id=3
    )
    return [overdue, done, coming]


def make_plan() -> InvestmentPlan:
    plan = InvestmentPlan("bestillerutvalget", 2027, id=1)
    plan.add_line(
        12,
        2027,
        TITLE,
        Decimal("450000"),
        Decimal("60000.50"),
        "Færre henvendelser.",
        ["users", "gain"],
    )
    plan.add_line(
        9,
        2028,
        "Felles velferdsteknologi",
        Decimal("1200000"),
        Decimal("150000"),
        "Tryggere hjemmetjeneste.",
        ["law"],
    )
    plan.apply_ranking([9, 12])
    return plan


def make_portfolio() -> tuple[list[Proposal], list[Vote]]:
    proposals = [
        make_proposal(12, state=ProposalState.RECOMMENDED),
        make_proposal(
            9,
            "Felles velferdsteknologi",
            state=ProposalState.ESCALATED,
            municipalities=["aukra", "molde", "rauma", "vestnes"],
        ),
        make_proposal(
            14, "Digital byggesøknad", state=ProposalState.READY, municipalities=["vestnes"]
        ),
        make_proposal(
            15, "Kladd som ingen skal se", state=ProposalState.DRAFT, municipalities=["aukra"]
        ),
        make_proposal(
            16, "Trukket forslag", state=ProposalState.WITHDRAWN, municipalities=["aukra"]
        ),
    ]
    votes = [
        make_vote([("aukra", Choice.FOR), ("molde", Choice.FOR)], proposal_id=12),
        make_vote(
            [("aukra", Choice.FOR), ("molde", Choice.MOT), ("rauma", Choice.FOR)], proposal_id=9
        ),
    ]
    return proposals, votes


# --- reading rendered files back ------------------------------------------------------------
def docx_text(content: bytes) -> tuple[str, list[list[list[str]]]]:
    """All paragraph text of a Word file (header and footer included), and its tables."""
    word = docx.Document(io.BytesIO(content))
    section = word.sections[0]
    paragraphs = [p.text for p in word.paragraphs]
    paragraphs += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in word.tables]
    return "\n".join(paragraphs), tables


def pdf_text(content: bytes) -> str:
    """The PDF's text with runs of white space made single spaces."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
