"""Decisions after the committee, played over the local connector as the mandate names the
people: daglig leder decides on a recommendation (or takes it to the board), the board's chair
records the board's decision for a board meeting held. The decision card carries the whole basis;
the wrong person is refused with the card and its notice, and nothing changes; a decision is
audited, published for the committee and the board, announced in both channels and shown as the
proposal's last decision in Saksoversikt."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import docx

from governance.domain.calendar import OSLO
from governance.domain.outbox import DeliveryState, PublicationKind
from governance.domain.proposals import ProposalState
from governance.services import meetings, outbox, proposals
from governance.services.context import Context, FixedClock
from graph_sync.delivery import Publisher
from graph_sync.local_folder import LocalFolderTarget
from graph_sync.worker import OutboxWorker
from tests.integration.bot.teams import (
    AUKRA,
    BOARD_CHAIR,
    BOARD_CHANNEL,
    BOARD_MEMBER,
    CHAIR,
    COMMITTEE_CHANNEL,
    MOLDE,
    RAUMA,
    VESTNES,
    Person,
    TeamsSide,
)
from tests.integration.bot.test_protocol import (
    REFUSAL,
    _actions,
    open_vote,
    ready_on_agenda,
    submitted_by_molde,
    text_of,
)
from tests.integration.helpers import audit_count, ballot_data, snapshot

BASIS = (
    "Mange skjema på papir.",  # Molde's need
    "Ingen digital innsyn i dag.",  # Rauma's need
    "Forvaltningsloven § 11",
    "Søk hele døgnet.",
    "Telefoner per måned.",
    "Færre henvendelser.",
)


def bot_ctx(teams: TeamsSide) -> Context:
    assert teams.ctx is not None
    return teams.ctx


async def voted(teams: TeamsSide, ballots: list[tuple[Person, str]]) -> int:
    """A proposal from Molde through the committee's vote, closed by the chair."""
    ctx = bot_ctx(teams)
    await teams.say(CHAIR, "koble kanal Styret i ROR-IKT", BOARD_CHANNEL)
    number = await submitted_by_molde(teams, ctx)
    await ready_on_agenda(teams, ctx, number)
    vote_id = await open_vote(teams, number)
    for person, choice in ballots:
        await teams.click(person, "ballot.cast", ballot_data(vote_id, choice), COMMITTEE_CHANNEL)
    await teams.click(CHAIR, "vote.close", {"vote_id": vote_id}, COMMITTEE_CHANNEL)
    await teams.settled()
    return number


def posted_decision_cards(teams: TeamsSide, conversation: str) -> list[dict[str, Any]]:
    return [
        card
        for r in teams.connector.messages(conversation)
        for card in r.cards()
        if any(a.get("verb", "").startswith("decision.") for a in _actions(card))
    ]


async def refused_without_change(
    teams: TeamsSide, person: Person, verb: str, data: dict[str, Any], conversation: str
) -> str:
    """The card comes back with the refusal and the basis; no row and no audit entry change."""
    assert teams.engine is not None
    await teams.settled()
    before, entries = await snapshot(teams.engine), await audit_count(bot_ctx(teams))
    card = text_of(await teams.click(person, verb, data, conversation))
    await teams.settled()
    assert await snapshot(teams.engine) == before
    assert await audit_count(bot_ctx(teams)) == entries
    assert REFUSAL in card and "Mange skjema på papir." in card  # the card, not a bare notice
    return card


async def publish(ctx: Context, folder: Path) -> None:
    worker = OutboxWorker(Publisher(ctx, LocalFolderTarget(folder)), "publisher")
    while await worker.run_once():
        pass


def word_text(path: Path) -> str:
    word = docx.Document(io.BytesIO(path.read_bytes()))
    cells = (c.text for t in word.tables for r in t.rows for c in r.cells)
    return "\n".join([*(p.text for p in word.paragraphs), *cells])


async def test_an_escalated_matter_is_decided_by_the_board_chair_in_a_board_meeting(
    teams: TeamsSide, clock: FixedClock, tmp_path: Path
) -> None:
    ctx = bot_ctx(teams)
    number = await voted(teams, [(AUKRA, "for"), (MOLDE, "for"), (RAUMA, "mot"), (VESTNES, "for")])
    assert (await proposals.get(ctx, number)).state is ProposalState.ESCALATED
    board_meeting = await meetings.next_meeting(ctx, "styret")
    assert board_meeting is not None and board_meeting.id is not None
    assert number in board_meeting.proposal_ids() and board_meeting.on.isoformat() == "2027-02-11"

    # The board has its own agenda (saksliste styret), from the mandate's board dates.
    [agenda] = await teams.say(BOARD_MEMBER, "saksliste styret", BOARD_CHANNEL)
    assert "Felles innbyggerportal" in text_of(agenda) and "11. februar 2027" in text_of(agenda)

    # The board's channel gets the decision card with the whole basis, the same for everyone.
    [posted] = posted_decision_cards(teams, BOARD_CHANNEL)
    shown = text_of(posted)
    assert all(part in shown for part in BASIS)
    assert "Rauma" in shown and "Mot" in shown and "Styret i ROR-IKT" in shown
    assert next(a["verb"] for a in _actions(posted)) == "decision.open"

    # Only the board's chair gets the form; others read the basis and who decides.
    member_view = text_of(
        await teams.click(BOARD_MEMBER, "decision.open", {"proposal_id": number}, BOARD_CHANNEL)
    )
    assert "decision.save" not in member_view and "styreleder" not in member_view.lower()
    chair_view = await teams.click(
        BOARD_CHAIR, "decision.open", {"proposal_id": number}, BOARD_CHANNEL
    )
    assert "decision_verdict" in text_of(chair_view)
    assert "sent_back" in text_of(chair_view) and "to_board" not in text_of(chair_view)

    decide = {
        "proposal_id": number,
        "decision_verdict": "approved",
        "decision_reason": "Styret prioriterer portalen i 2027.",
        "decision_meeting": str(board_meeting.id),
    }
    # Before the meeting is held, and by anyone but the board's chair: refused, nothing changes.
    early = await refused_without_change(teams, BOARD_CHAIR, "decision.save", decide, BOARD_CHANNEL)
    assert "er ikke holdt ennå" in early
    clock.advance_to(datetime(2027, 2, 11, 14, 0, tzinfo=OSLO))
    for person in (BOARD_MEMBER, CHAIR, MOLDE):
        said = await refused_without_change(teams, person, "decision.save", decide, BOARD_CHANNEL)
        assert "styreleder" in said.lower() or "leder" in said.lower()
    no_reason = await refused_without_change(
        teams, BOARD_CHAIR, "decision.save", decide | {"decision_reason": "  "}, BOARD_CHANNEL
    )
    assert "begrunnelse" in no_reason.lower()
    tampered = await refused_without_change(
        teams,
        BOARD_CHAIR,
        "decision.save",
        decide | {"decision_verdict": "to_board"},
        BOARD_CHANNEL,
    )
    assert "kan ikke" in tampered.lower()

    decided = text_of(await teams.click(BOARD_CHAIR, "decision.save", decide, BOARD_CHANNEL))
    assert "Styret prioriterer portalen i 2027." in decided and "Godkjent" in decided
    proposal = await proposals.get(ctx, number)
    assert proposal.state is ProposalState.BOARD_APPROVED
    async with ctx.reading() as uow:
        [entry] = [e for e in await uow.audit.entries() if e.action == "decision.recorded"]
    assert entry.actor == "styreleder-ror" and entry.data["meeting_id"] == board_meeting.id
    await teams.settled()  # every posted copy of the card now shows the decision
    updates = [r for r in teams.connector.received if r.method == "PUT"]
    assert any("Styret prioriterer portalen" in text_of(c) for r in updates for c in r.cards())

    # Published for the committee and the board (Word and PDF), announced in both channels.
    teams.connector.clear()
    await publish(ctx, tmp_path)
    for body in ("Bestillerutvalget", "Styret i ROR-IKT"):
        files = sorted((tmp_path / "ROR-IKT" / body / "Vedtak" / "2027").glob("*Vedtak*"))
        assert {p.suffix for p in files} == {".docx", ".pdf"}, (body, files)
        words = word_text(next(p for p in files if p.suffix == ".docx"))
        assert "Styret prioriterer portalen i 2027." in words and "11.02.2027" in words
        assert "Mange skjema på papir." in words and "Rauma" in words
    await teams.settled()
    for channel in (BOARD_CHANNEL, COMMITTEE_CHANNEL):
        assert any(
            "Vedtak" in text_of(c) for r in teams.connector.messages(channel) for c in r.cards()
        ), channel
    rows = json.loads((tmp_path / "lists" / "Saksoversikt.json").read_text("utf-8"))
    [row] = [r for r in rows if r["Saksnummer"] == str(number)]
    assert row["SisteVedtak"].startswith("Godkjent: Styret i ROR-IKT (11.02")
    assert row["Lenke"] and row["Status"] == "godkjent"


async def test_daglig_leder_follows_the_committees_recommendation(
    teams: TeamsSide, tmp_path: Path
) -> None:
    ctx = bot_ctx(teams)
    await teams.say(CHAIR, "hjelp")  # daglig leder has a personal chat with the bot
    number = await voted(teams, [(p, "for") for p in (AUKRA, MOLDE, RAUMA, VESTNES)])
    assert (await proposals.get(ctx, number)).state is ProposalState.RECOMMENDED
    [card] = posted_decision_cards(teams, CHAIR.personal_chat)  # the form, in person
    assert "decision_verdict" in text_of(card) and "to_board" in text_of(card)
    assert not posted_decision_cards(teams, BOARD_CHANNEL)
    decide = {
        "proposal_id": number,
        "decision_verdict": "approved",
        "decision_reason": "Følger bestillerutvalgets innstilling.",
    }
    for person in (BOARD_CHAIR, MOLDE):
        await teams.say(person, "hjelp")  # the bot learns their chat first (bookkeeping)
        said = await refused_without_change(
            teams, person, "decision.save", decide, person.personal_chat
        )
        assert "Dagny Lie" in said
    answer = text_of(await teams.click(CHAIR, "decision.save", decide))
    assert "Følger bestillerutvalgets innstilling." in answer
    assert "i tråd med bestillerutvalgets innstilling" in answer.lower()
    assert (await proposals.get(ctx, number)).state is ProposalState.BOARD_APPROVED
    await publish(ctx, tmp_path)
    assert list((tmp_path / "ROR-IKT" / "Styret i ROR-IKT" / "Vedtak").rglob("*.pdf"))
    rows = json.loads((tmp_path / "lists" / "Saksoversikt.json").read_text("utf-8"))
    assert rows[0]["SisteVedtak"].startswith("Godkjent: Dagny Lie")


async def test_daglig_leder_takes_a_matter_to_the_board_which_sends_it_back(
    teams: TeamsSide, clock: FixedClock
) -> None:
    ctx = bot_ctx(teams)
    number = await voted(teams, [(p, "for") for p in (AUKRA, MOLDE, RAUMA, VESTNES)])
    # Without a personal chat, daglig leder finds the card in the committee's channel.
    [in_channel] = posted_decision_cards(teams, COMMITTEE_CHANNEL)
    assert "decision.open" in text_of(in_channel)
    take = {
        "proposal_id": number,
        "decision_verdict": "to_board",
        "decision_reason": "Saken har betydning for alle eierkommunene.",
    }
    await teams.click(CHAIR, "decision.save", take, COMMITTEE_CHANNEL)
    assert (await proposals.get(ctx, number)).state is ProposalState.ESCALATED
    board_meeting = await meetings.next_meeting(ctx, "styret")
    assert board_meeting is not None and number in board_meeting.proposal_ids()
    await teams.settled()
    [for_board] = posted_decision_cards(teams, BOARD_CHANNEL)
    assert "Saken har betydning for alle eierkommunene." in text_of(for_board)  # earlier step
    clock.advance_to(datetime(2027, 2, 12, 9, 0, tzinfo=OSLO))
    back = {
        "proposal_id": number,
        "decision_verdict": "sent_back",
        "decision_reason": "Bestillerutvalget må utrede kostnadene bedre.",
        "decision_meeting": str(board_meeting.id),
    }
    await teams.click(BOARD_CHAIR, "decision.save", back, BOARD_CHANNEL)
    assert (await proposals.get(ctx, number)).state is ProposalState.READY
    pending = await outbox.listing(ctx, DeliveryState.PENDING, {PublicationKind.DECISION})
    records = [d.key for d in pending if d.key.startswith("decision:record:")]
    assert len(records) == 4  # two decisions, each for the committee and the board
