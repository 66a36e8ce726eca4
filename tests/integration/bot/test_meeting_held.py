"""A committee meeting held in Teams over the local connector (issue 12), every step by the
person the mandate names: the call for agenda items posted by the sweep; members propose free
items from their own meeting card; the chair accepts them onto the agenda (eventuelt last); on
the day the chair opens the meeting, records who is present (Molde's deputy instead of Molde's
bestiller), opens the vote of the proposal in hand, takes the items in order and closes; the
minutes draft is never published; the chair notes each item; everyone present confirms; then the
minutes are published under Referater/<year>/ with a PDF twin and announced. Each step is refused
for the wrong person with the card back and nothing changed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from bot.app import Bot
from cards.renderer import CardRenderer
from governance import verbs
from governance.domain.calendar import OSLO
from governance.domain.meetings import Meeting, MeetingKind
from governance.services import meetings
from governance.services.context import FixedClock
from scheduler.sweeps import NoticeSender
from tests.integration.bot.teams import (
    AUKRA,
    BOARD_MEMBER,
    CHAIR,
    COMMITTEE_CHANNEL,
    MOLDE,
    RAUMA,
    VESTNES,
    Person,
    TeamsSide,
)
from tests.integration.bot.test_decisions import publish, word_text
from tests.integration.bot.test_protocol import (
    REFUSAL,
    _actions,
    ready_on_agenda,
    submitted_by_molde,
    text_of,
)
from tests.integration.helpers import audit_count, snapshot

DEPUTY = Person("vara-molde", "00000000-0000-4000-8000-000000000007", "Mona Myklebust")


def verbs_of(card: dict[str, Any]) -> list[str]:
    return [a["verb"] for a in _actions(card)]


async def refused(
    side: TeamsSide, person: Person, verb: str, data: dict[str, Any], words: str
) -> dict[str, Any]:
    """The meeting card comes back with the refusal; no row and no audit entry change."""
    assert side.engine is not None and side.ctx is not None
    await side.settled()
    before, entries = await snapshot(side.engine), await audit_count(side.ctx)
    card = await side.click(person, verb, data, COMMITTEE_CHANNEL)
    await side.settled()
    assert await snapshot(side.engine) == before
    assert await audit_count(side.ctx) == entries
    shown = text_of(card)
    assert REFUSAL in shown and "Møte i Bestillerutvalget" in shown, shown[:400]
    assert words.lower() in shown.lower(), shown[:2000]
    return card


async def the_meeting(bot: Bot) -> Meeting:
    found = await meetings.current(bot.ctx, bot.ctx.mandate.committee)
    assert found is not None and found.kind is MeetingKind.COMMITTEE
    return found


async def test_a_meeting_from_the_call_for_items_to_approved_published_minutes(
    ror: tuple[TeamsSide, Bot], clock: FixedClock, tmp_path: Path
) -> None:
    side, bot = ror
    ctx = bot.ctx
    await side.say(CHAIR, "hjelp", COMMITTEE_CHANNEL)  # the bot learns the committee's channel
    for person in (AUKRA, MOLDE, DEPUTY, RAUMA, VESTNES, BOARD_MEMBER):
        await side.say(person, "hjelp")  # and everyone's personal chat, before any refusal
    number = await submitted_by_molde(side, ctx)
    await ready_on_agenda(side, ctx, number)
    meeting = await the_meeting(bot)
    assert meeting.on.isoformat() == "2027-01-28" and meeting.proposal_ids() == [number]
    data = {"meeting_id": meeting.id}

    # A week before, the sweep posts the call for agenda items; its button opens one's own card.
    clock.advance_to(datetime(2027, 1, 21, 9, 0, tzinfo=OSLO))
    side.connector.clear()
    await NoticeSender(ctx, bot.notifier, CardRenderer(), "test").sweep()
    [call] = [
        c
        for r in side.connector.messages(COMMITTEE_CHANNEL)
        for c in r.cards()
        if verbs.MEETING_SHOW in verbs_of(c)
    ]
    assert "Innmelding av saker" in text_of(call) or "saker" in text_of(call)
    [button] = [a for a in _actions(call) if a["verb"] == verbs.MEETING_SHOW]
    assert button["data"] == data
    own = await side.click(MOLDE, verbs.MEETING_SHOW, data, COMMITTEE_CHANNEL)
    assert verbs.MEETING_PROPOSE in verbs_of(own) and verbs.MEETING_OPEN not in verbs_of(own)

    # Members propose free items; the wrong person and an empty title are refused.
    propose = data | {"item_kind": "discussion", "item_title": "Felles innkjøp av nettbrett"}
    await refused(side, BOARD_MEMBER, verbs.MEETING_PROPOSE, propose, "deltar på møtet")
    kept = await refused(
        side,
        MOLDE,
        verbs.MEETING_PROPOSE,
        propose | {"item_title": " ", "item_note": "Vi vil drøfte et felles innkjøp."},
        "må ha en tittel",
    )
    assert "Vi vil drøfte et felles innkjøp." in text_of(kept)  # what was typed is kept
    card = await side.click(
        MOLDE,
        verbs.MEETING_PROPOSE,
        propose | {"item_note": "Vi vil drøfte et felles innkjøp."},
        COMMITTEE_CHANNEL,
    )
    assert "Felles innkjøp av nettbrett" in text_of(card) and "venter på møteleder" in text_of(card)
    await side.click(
        RAUMA,
        verbs.MEETING_PROPOSE,
        data | {"item_kind": "any_other_business", "item_title": "Fiber til skolene"},
        COMMITTEE_CHANNEL,
    )
    await side.click(
        AUKRA,
        verbs.MEETING_PROPOSE,
        data | {"item_kind": "orientation", "item_title": "Kantinedrift"},
        COMMITTEE_CHANNEL,
    )

    # The chair answers each from the meeting card; a member may not.
    [chair_card] = await side.say(CHAIR, "møtekort", COMMITTEE_CHANNEL)
    answers = {
        a["data"]["item_id"]: a
        for a in _actions(chair_card)
        if a["verb"] == verbs.MEETING_ANSWER and a["data"]["accept"]
    }
    assert len(answers) == 3
    waiting = {i.title: i.id for i in (await meetings.get(ctx, meeting.id or 0)).waiting}
    accept = data | {"item_id": waiting["Felles innkjøp av nettbrett"], "accept": True}
    await refused(side, MOLDE, verbs.MEETING_ANSWER, accept, "møteleder")
    await side.click(CHAIR, verbs.MEETING_ANSWER, accept, COMMITTEE_CHANNEL)
    await side.click(
        CHAIR,
        verbs.MEETING_ANSWER,
        data | {"item_id": waiting["Fiber til skolene"], "accept": True},
        COMMITTEE_CHANNEL,
    )
    answered = await side.click(
        CHAIR,
        verbs.MEETING_ANSWER,
        data | {"item_id": waiting["Kantinedrift"], "accept": False},
        COMMITTEE_CHANNEL,
    )
    shown = text_of(answered)
    assert shown.index("Felles innbyggerportal") < shown.index("Felles innkjøp av nettbrett")
    assert shown.index("Felles innkjøp av nettbrett") < shown.index("Fiber til skolene")
    assert "Avslått av møteleder: Kantinedrift" in shown
    assert verbs.MEETING_OPEN not in verbs_of(answered)  # not before the day
    await refused(side, CHAIR, verbs.MEETING_OPEN, data, "kan åpnes den dagen")

    # On the day: the chair opens the meeting and records who is present.
    clock.advance_to(datetime(2027, 1, 28, 9, 0, tzinfo=OSLO))
    await refused(side, MOLDE, verbs.MEETING_OPEN, data, "møteleder")
    opened = await side.click(CHAIR, verbs.MEETING_OPEN, data, COMMITTEE_CHANNEL)
    assert "Møtet pågår" in text_of(opened) and "present_vara-molde" in text_of(opened)
    assert "Til behandling nå" in text_of(opened)
    present = {
        f"present_{p}": "true"
        for p in ("dl-ror", "best-aukra", "vara-molde", "best-rauma", "best-vestnes")
    } | {"present_best-molde": "false", "present_best-ror": "false"}
    await refused(side, MOLDE, verbs.MEETING_ATTENDANCE, data | present, "møteleder")
    await refused(
        side,
        CHAIR,
        verbs.MEETING_CLOSE,
        data,
        "Registrer hvem som er til stede",
    )
    recorded = await side.click(CHAIR, verbs.MEETING_ATTENDANCE, data | present, COMMITTEE_CHANNEL)
    assert '"value": "true"' in text_of(recorded)

    # The vote of the item in hand belongs to the meeting; its card goes to the channel.
    vote_button = next(a for a in _actions(recorded) if a["verb"] == verbs.MEETING_VOTE)
    assert vote_button["data"] == data | {"proposal_id": number}
    side.connector.clear()
    after_vote = await side.click(CHAIR, verbs.MEETING_VOTE, vote_button["data"], COMMITTEE_CHANNEL)
    assert "Møte i Bestillerutvalget" in text_of(after_vote)  # the chair keeps the meeting card
    [vote_card] = [
        c
        for r in side.connector.messages(COMMITTEE_CHANNEL)
        for c in r.cards()
        if "refresh" in c and c["refresh"]["action"]["verb"] == "vote.refresh"
    ]
    vote_id = vote_card["refresh"]["action"]["data"]["vote_id"]
    for person in (AUKRA, DEPUTY, RAUMA, VESTNES):
        await side.click(
            person, "ballot.cast", {"vote_id": vote_id, "choice": "for"}, COMMITTEE_CHANNEL
        )
    await side.click(CHAIR, "vote.close", {"vote_id": vote_id}, COMMITTEE_CHANNEL)
    async with ctx.reading() as uow:
        assert (await uow.votes.get(vote_id)).meeting_id == meeting.id

    await refused(side, MOLDE, verbs.MEETING_NEXT, data, "møteleder")
    await side.click(CHAIR, verbs.MEETING_NEXT, data, COMMITTEE_CHANNEL)
    last = await side.click(CHAIR, verbs.MEETING_NEXT, data, COMMITTEE_CHANNEL)
    assert verbs.MEETING_NEXT not in verbs_of(last)  # eventuelt was the last item
    await refused(side, MOLDE, verbs.MEETING_CLOSE, data, "møteleder")
    closed = await side.click(CHAIR, verbs.MEETING_CLOSE, data, COMMITTEE_CHANNEL)
    assert "Utkast til referat" in text_of(closed) and "Anbefalt" in text_of(closed)

    # The draft is never published.
    await publish(ctx, tmp_path)
    minutes_dir = tmp_path / "ROR-IKT" / "Bestillerutvalget" / "Referater" / "2027"
    assert not minutes_dir.exists() or not list(minutes_dir.iterdir())

    # The chair's notes per item; then everyone present confirms (the absent may not).
    held = await meetings.get(ctx, meeting.id or 0)
    notes = {f"note_{i.id}": f"Merknad til sak {i.position}." for i in held.items}
    await refused(side, MOLDE, verbs.MEETING_NOTES, data | notes, "møteleder")
    noted = await side.click(CHAIR, verbs.MEETING_NOTES, data | notes, COMMITTEE_CHANNEL)
    assert "Merknad til sak 2." in text_of(noted)
    await refused(side, MOLDE, verbs.MEETING_CONFIRM, data, "til stede")
    member_card = await side.click(DEPUTY, verbs.MEETING_SHOW, data, COMMITTEE_CHANNEL)
    assert verbs.MEETING_CONFIRM in verbs_of(member_card)
    assert verbs.MEETING_NOTES not in verbs_of(member_card)
    for person in (CHAIR, AUKRA, DEPUTY, RAUMA):
        confirmed = await side.click(person, verbs.MEETING_CONFIRM, data, COMMITTEE_CHANNEL)
        assert "Venter på" in text_of(confirmed)
    await refused(side, AUKRA, verbs.MEETING_CONFIRM, data, "allerede godkjent")
    await publish(ctx, tmp_path)
    assert not minutes_dir.exists() or not list(minutes_dir.iterdir())
    approved = await side.click(VESTNES, verbs.MEETING_CONFIRM, data, COMMITTEE_CHANNEL)
    assert "Referatet ble godkjent" in text_of(approved)

    # Published under Referater/2027 (Word and PDF), announced in the committee's channel.
    side.connector.clear()
    await publish(ctx, tmp_path)
    files = sorted(minutes_dir.iterdir())
    assert {p.suffix for p in files} == {".docx", ".pdf"}, files
    words = word_text(next(p for p in files if p.suffix == ".docx"))
    assert "Til stede for Molde: Mona Myklebust (vara)" in words
    assert "Fravær:" in words and "Mari Moen" in words
    assert "Merknad til sak 1." in words and "Felles innkjøp av nettbrett" in words
    assert "Fiber til skolene" in words and "Kantinedrift" not in words
    assert "godkjent" in words.lower() and "Vera Vik" in words
    await side.settled()
    assert any(
        "Referat" in text_of(c)
        for r in side.connector.messages(COMMITTEE_CHANNEL)
        for c in r.cards()
    )
