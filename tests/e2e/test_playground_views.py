"""One vote seen in the browser by a bestiller and by the chair, each in their own Playground
(issue 13). The Agents Playground shows no user-specific views (it ignores a card's
``refresh``) and has one person at its browser, so two Playgrounds stand in front of the same
bot: one as Molde's bestiller, Mari Moen (the mock data ``scripts/run --as best-molde``
writes), one as the chair. Mari opens the committee's channel first, so the bot learns it from
her Playground and posts the vote card there; the chair opens the vote from her personal chat
and gets her own view of the card there. Screenshots are kept in test-artifacts/e2e/."""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from playwright.async_api import Page, async_playwright, expect

from governance.config import load_mandate
from governance.services import conversations
from governance.store.database import make_engine
from samstyre.bootstrap import build_context
from samstyre.playground import write_config
from tests.e2e.conftest import CHROMIUM_ARGS, _local_only
from tests.e2e.stack import GROUP_CHAT, MANDATE, Stack, another_playground
from tests.e2e.test_playground import FORM, _number, card_with, send

QA_TICKS = {
    f"qa_{item}": "true"
    for item in (
        "catalogue_checked",
        "cost_benefit_present",
        "strategy_link",
        "owner_named",
        "org_change_assessed",
    )
}


@pytest.fixture
def molde_playground(stack: Stack) -> Iterator[str]:
    folder = stack.folder / "as-best-molde"
    folder.mkdir()
    config = write_config("best-molde", folder / "playground.yml")
    with another_playground(folder, stack.bot_url, config) as url:
        yield url


@asynccontextmanager
async def two_pages(chair_url: str, member_url: str) -> AsyncIterator[tuple[Page, Page]]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        pages = []
        for url in (chair_url, member_url):
            context = await browser.new_context(
                viewport={"width": 1400, "height": 1000}, locale="nb-NO"
            )
            await context.route("**/*", _local_only)
            page = await context.new_page()
            await page.goto(url)
            pages.append(page)
        try:
            yield pages[0], pages[1]
        finally:
            await browser.close()


async def _channel_learned(stack: Stack) -> None:
    engine = make_engine(stack.database_url)
    try:
        ctx = build_context(load_mandate(MANDATE), engine)
        for _ in range(200):
            if await conversations.of_body(ctx, ctx.mandate.committee) is not None:
                return
            await asyncio.sleep(0.05)
    finally:
        await engine.dispose()
    raise AssertionError("opening the channel in the Playground did not reach the bot")


def _on_the_agenda(stack: Stack) -> int:
    """Molde's proposal, quality-assured and put on the agenda by the chair's card actions in
    the group chat (the committee's channel stays Mari's Playground's)."""
    stack.say("nytt forslag", GROUP_CHAT, member="best-molde")
    number = _number(stack.click("best-molde", "proposal.save", FORM, GROUP_CHAT))
    step = {"proposal_id": number}
    stack.click("dl-ror", "proposal.step", {**step, "step": "start_review"}, GROUP_CHAT)
    stack.click("dl-ror", "qa.save", {**step, **QA_TICKS}, GROUP_CHAT)
    stack.click("dl-ror", "proposal.step", {**step, "step": "mark_ready"}, GROUP_CHAT)
    stack.click("dl-ror", "proposal.step", {**step, "step": "put_on_agenda"}, GROUP_CHAT)
    return number


async def test_one_vote_seen_by_molde_s_bestiller_and_by_the_chair(
    stack: Stack, molde_playground: str, shots: Path
) -> None:
    async with two_pages(stack.playground_url, molde_playground) as (chair, mari):
        await mari.get_by_role("treeitem", name=re.compile("Bestillerutvalget")).click()
        await _channel_learned(stack)
        number = _on_the_agenda(stack)

        await chair.get_by_role("treeitem", name="Personal Chat").click()
        await send(chair, f"start avstemning {number}")
        chairs = await card_with(chair, "Avslutt avstemningen")
        await expect(chairs).not_to_contain_text("Din kommune")
        # the channel's copy is neutral (no user-specific views here): Mari opens her ballot
        posted = await card_with(mari, f"Avstemning om forslag #{number}")
        await expect(posted).not_to_contain_text("Avslutt avstemningen")
        await posted.get_by_role("button", name="Åpne min stemmeseddel", exact=True).click()
        ballot = await card_with(mari, "Din kommune (Molde) har ikke stemt ennå")
        await ballot.get_by_role("button", name="For", exact=True).click()
        hers = await card_with(mari, "Din kommune (Molde) har stemt: For")
        await expect(hers).to_contain_text("1 av 4 kommuner har stemt")
        await expect(hers).not_to_contain_text("Avslutt avstemningen")
        await mari.screenshot(path=shots / "1-bestiller-molde-has-voted.png")
        # the chair's card is as it was when she opened the vote: the Playground ignores the
        # card's refresh, which in Teams brings each member's view up to date
        await chair.screenshot(path=shots / "2-chair-sees-the-vote-as-opened.png")

        await chairs.get_by_role("button", name="Avslutt avstemningen", exact=True).click()
        result = f"Resultat av avstemningen om forslag #{number}"
        await expect(await card_with(chair, result)).to_contain_text("Molde")
        await chair.screenshot(path=shots / "3-chair-closed-the-vote.png")
        # the copy in Mari's channel follows (the bot's outbox updates every posted copy)
        await card_with(mari, result)
        await mari.screenshot(path=shots / "4-bestiller-sees-the-result.png")
