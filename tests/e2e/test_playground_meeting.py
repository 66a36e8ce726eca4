"""A committee meeting held in the Agents Playground, from the call for items to approved,
published minutes (issue 12). The person at the browser is the chair (daglig leder); the other
members act through card actions on the Playground's API, as in the vote test. The bot runs on
the real clock, so the chair meets today: an extra meeting called for today. Screenshots of every
step are kept in test-artifacts/e2e/."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import docx
import pytest
from playwright.async_api import Locator, Page, expect

from governance.config import load_mandate
from governance.domain.meetings import Meeting, MeetingKind
from governance.domain.outbox import PublicationKind
from governance.services import meetings, queries
from governance.services.commands import CallMeeting
from governance.services.context import Context
from governance.store.database import make_engine
from samstyre.bootstrap import build_context
from tests.e2e.stack import (
    COMMITTEE_CHANNEL,
    GROUP_CHAT,
    MANDATE,
    Stack,
    playground_config_with,
)
from tests.e2e.test_playground import (
    CARD_WAIT_MS,
    FORM,
    _glob,
    _number,
    _published,
    _until_state,
    card_with,
    post_to_bot,
)

MEETING_CARD = "Møte i Bestillerutvalget"
PRESENT = ["Dagny Lie", "Arne Aukan", "Mona Myklebust", "Rune Rødven", "Vera Vik"]
PRESENT_IDS = {"dl-ror", "best-aukra", "vara-molde", "best-rauma", "best-vestnes"}
OTHERS_PRESENT = ("best-aukra", "vara-molde", "best-rauma", "best-vestnes")


@pytest.fixture
def playground_config(tmp_path: Path) -> Path:
    """Molde's deputy sits in for Molde's bestiller, so she must be in the Playground to vote and
    confirm the minutes; ROR-IKT's own bestiller (absent from the meeting) makes room for her."""
    return playground_config_with(tmp_path, "vara-molde", instead_of="best-ror")


@asynccontextmanager
async def core(stack: Stack) -> AsyncIterator[Context]:
    engine = make_engine(stack.database_url)
    try:
        yield build_context(load_mandate(MANDATE), engine)
    finally:
        await engine.dispose()


async def meeting_today(stack: Stack) -> Meeting:
    async with core(stack) as ctx:
        return await meetings.create_meeting(
            ctx, CallMeeting("dl-ror", ctx.mandate.committee, MeetingKind.COMMITTEE, ctx.today())
        )


async def meeting_when(
    stack: Stack, meeting_id: int, condition: Callable[[Meeting], bool], what: str
) -> Meeting:
    """Wait until the bot has stored what a click in the browser asked for."""
    async with core(stack) as ctx:
        for _ in range(200):
            found = await meetings.get(ctx, meeting_id)
            if condition(found):
                return found
            await asyncio.sleep(0.05)
    raise AssertionError(f"the meeting never got {what}: {found}")


async def minutes_in_outbox(stack: Stack) -> int:
    async with core(stack) as ctx, ctx.reading() as uow:
        return len(await uow.outbox.listing(kinds={PublicationKind.MINUTES}))


async def vote_of(stack: Stack, number: int) -> int:
    async with core(stack) as ctx:
        for _ in range(100):
            vote = await queries.open_vote_of(ctx, number)
            if vote is not None and vote.id is not None:
                return vote.id
            await asyncio.sleep(0.05)
    raise AssertionError("no open vote")


async def fresh_meeting_card(page: Page) -> Locator:
    """The chair asks for the meeting card in the channel: the new copy, not an earlier one.
    The Playground shows a channel's posts newest first, so the new copy comes first."""
    cards = page.locator(".ac-adaptiveCard").filter(has_text=MEETING_CARD)
    before = await cards.count()
    await post_to_bot(page, "møtekort")
    await expect(cards).to_have_count(before + 1, timeout=CARD_WAIT_MS)
    return cards.first


async def press(card: Locator, button: str, shows: str | re.Pattern[str]) -> None:
    """A button of the card; the bot's answer replaces the card, which then shows ``shows``."""
    await card.get_by_role("button", name=button, exact=True).first.click()
    await expect(card).to_contain_text(shows, timeout=CARD_WAIT_MS)


def word_text(path: Path) -> str:
    word = docx.Document(io.BytesIO(path.read_bytes()))
    cells = (c.text for t in word.tables for r in t.rows for c in r.cells)
    return "\n".join([*(p.text for p in word.paragraphs), *cells])


async def test_a_meeting_from_the_call_for_items_to_published_minutes(
    stack: Stack, page: Page, shots: Path
) -> None:
    meeting = await meeting_today(stack)
    assert meeting.id is not None
    meeting_id = meeting.id
    data = {"meeting_id": meeting_id}
    stack.say("nytt forslag", GROUP_CHAT, member="best-molde")
    number = _number(stack.click("best-molde", "proposal.save", FORM, GROUP_CHAT))
    stack.say(f"kvalitetssikre {number}", COMMITTEE_CHANNEL)
    await _until_state(stack, number, "in_review")
    ticks = {
        f"qa_{item}": "true"
        for item in (
            "catalogue_checked",
            "cost_benefit_present",
            "strategy_link",
            "owner_named",
            "org_change_assessed",
        )
    }
    stack.click("dl-ror", "qa.save", {"proposal_id": number, **ticks})
    stack.click("dl-ror", "proposal.step", {"proposal_id": number, "step": "mark_ready"})
    stack.say(f"sett på saksliste {number}", COMMITTEE_CHANNEL)
    await _until_state(stack, number, "on_agenda")

    # Members answer the call for items from their own meeting card (a member cannot open it).
    own = str(stack.click("best-molde", "meeting.show", data))
    assert "meeting.propose" in own and "meeting.open" not in own
    stack.click(
        "best-molde",
        "meeting.propose",
        data
        | {
            "item_kind": "discussion",
            "item_title": "Felles innkjøp av nettbrett",
            "item_note": "Molde vil drøfte et felles innkjøp.",
        },
    )
    stack.click(
        "best-rauma",
        "meeting.propose",
        data | {"item_kind": "any_other_business", "item_title": "Fiber til skolene"},
    )

    # The chair (in the browser) sees the draft agenda with the proposed items and accepts them;
    # eventuelt comes last.
    await page.get_by_role("treeitem", name=re.compile("Bestillerutvalget")).click()
    card = await fresh_meeting_card(page)
    await expect(card).to_contain_text("Foreslåtte saker")
    await expect(card).to_contain_text("foreslått av Mari Moen, venter på møteleder")
    await expect(card).to_contain_text("foreslått av Rune Rødven, venter på møteleder")
    await page.screenshot(path=shots / "1-draft-agenda-with-proposed-items.png")
    await press(card, "Sett på sakslisten", re.compile(r"Sak 2\s*Felles innkjøp av nettbrett"))
    await press(card, "Sett på sakslisten", re.compile(r"Sak 3\s*Fiber til skolene"))
    await expect(card).not_to_contain_text("Foreslåtte saker")
    await expect(card).to_contain_text(re.compile(r"Sak 1\s*Felles innbyggerportal"))
    await page.screenshot(path=shots / "2-agenda-in-order.png")

    # The chair opens the meeting today and records who is present (Molde's deputy).
    await press(card, "Åpne møtet", "Møtet pågår")
    await expect(card).to_contain_text(re.compile(r"Sak 1\s*Til behandling nå"))
    for name in PRESENT:
        await card.get_by_label(re.compile(f"^{name}")).check()
    await card.get_by_role("button", name="Lagre oppmøte", exact=True).click()
    await meeting_when(
        stack, meeting_id, lambda m: set(m.present) == PRESENT_IDS, "the attendance recorded"
    )
    await expect(card.get_by_label(re.compile("^Mona Myklebust"))).to_be_checked()
    await expect(card.get_by_label(re.compile("^Mari Moen"))).not_to_be_checked()
    await page.screenshot(path=shots / "3-in-session-with-attendance.png")

    # The vote of the item in hand: posted in the channel, the bestillere vote (Molde's deputy
    # for Molde), the chair closes it on the vote card.
    await press(card, "Åpne avstemning", f"#{number} · til avstemning")
    # the channel's copy is the same for everyone; the chair opens their own view from it
    # (the Playground shows no refreshed, user-specific views)
    neutral = await card_with(page, "Åpne min stemmeseddel")
    await expect(neutral).not_to_contain_text("Avslutt avstemningen")
    await neutral.get_by_role("button", name="Åpne min stemmeseddel", exact=True).click()
    vote = await card_with(page, "Avslutt avstemningen")
    vote_id = await vote_of(stack, number)
    for member in OTHERS_PRESENT:
        stack.click(member, "ballot.cast", {"vote_id": vote_id, "choice": "for"})
    await vote.get_by_role("button", name="Avslutt avstemningen", exact=True).click()
    outcome = await card_with(page, f"Resultat av avstemningen om forslag #{number}")
    await expect(outcome).to_contain_text("Bestillerutvalget anbefaler forslaget")
    await expect(outcome).not_to_contain_text("Avslutt avstemningen")
    await expect(outcome).to_contain_text("Molde: for")
    await page.screenshot(path=shots / "4-vote-of-the-meeting.png")

    # The chair takes the items in order and closes the meeting: a minutes draft.
    card = await fresh_meeting_card(page)
    await expect(card).to_contain_text(f"#{number} · anbefalt")
    await press(card, "Neste sak", re.compile(r"Sak 2\s*Til behandling nå"))
    await press(card, "Neste sak", re.compile(r"Sak 3\s*Til behandling nå"))
    await expect(card.get_by_role("button", name="Neste sak")).to_have_count(0)  # eventuelt last
    await press(card, "Avslutt møtet", "Utkast til referat")
    await expect(card).to_contain_text(re.compile(r"Molde\s*Mona Myklebust \(vara\)"))
    await expect(card).to_contain_text(re.compile(r"Fravær\s*Mari Moen og Rolf Rise"))
    await expect(card).to_contain_text("Resultat: Anbefalt")
    await page.screenshot(path=shots / "5-minutes-draft.png")

    # Notes per item, saved; then those present confirm, the chair last.
    notes = card.get_by_label("Merknad i referatet")
    await expect(notes).to_have_count(3)
    for n in range(3):
        await notes.nth(n).fill(f"Merknad til sak {n + 1}.")
    for n in range(3):  # the card holds every note before the button sends them
        await expect(notes.nth(n)).to_have_value(f"Merknad til sak {n + 1}.")
    await card.get_by_role("button", name="Lagre merknadene", exact=True).click()
    await meeting_when(
        stack,
        meeting_id,
        lambda m: [i.minutes_note for i in m.items] == [f"Merknad til sak {n}." for n in (1, 2, 3)],
        "the chair's notes",
    )
    for member in OTHERS_PRESENT:
        stack.click(member, "meeting.confirm", data)
    # Not approved until the chair has confirmed too: nothing to publish, nothing published.
    assert await minutes_in_outbox(stack) == 0
    assert not _glob(stack.folder / "published", "*/Bestillerutvalget/Referater/*/*")
    card = await fresh_meeting_card(page)  # the chair looks again: the notes are kept
    await expect(card).to_contain_text(
        re.compile(
            r"Godkjent av\s*Arne Aukan, Mona Myklebust, Rune Rødven og Vera Vik\s*"
            r"Venter på\s*Dagny Lie\s*Lagre"
        )
    )
    await expect(card.get_by_label("Merknad i referatet").nth(2)).to_have_value(
        "Merknad til sak 3."
    )
    await card.get_by_role("button", name="Godkjenn referatet").scroll_into_view_if_needed()
    await page.screenshot(path=shots / "6-waiting-for-the-chair.png")
    await press(card, "Godkjenn referatet", "Referatet ble godkjent")
    await expect(card.get_by_role("button", name="Godkjenn referatet")).to_have_count(0)
    assert await minutes_in_outbox(stack) == 1  # what the check before approval looked for

    # Published under Referater/<year>/ with a PDF twin, and announced in the channel.
    minutes = await _published(stack.folder / "published", "Referater/*/*.docx")
    assert len(minutes) == 1, "the approved minutes were not published"
    assert minutes[0].with_suffix(".pdf").exists()
    words = word_text(minutes[0])
    assert "Mona Myklebust (vara)" in words and "Mari Moen" in words, words
    for n in (1, 2, 3):
        assert f"Merknad til sak {n}." in words, words
    assert "Felles innkjøp av nettbrett" in words and "Fiber til skolene" in words, words
    assert "Vera Vik" in words and "godkjent" in words.lower(), words
    announcement = await card_with(page, "Nytt i Teams-området: Referat")
    await announcement.scroll_into_view_if_needed()
    await page.screenshot(path=shots / "7-minutes-published.png")
