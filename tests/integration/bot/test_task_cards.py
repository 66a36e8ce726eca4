"""Task cards from the annual cycle, clicked in Teams: "Merk som utført" and "Utsett til…" change
the core, and every posted copy of the card (the body's channel, the leader's chat) follows."""

from __future__ import annotations

from datetime import datetime

from bot.app import Bot
from cards.renderer import CardRenderer
from governance import verbs
from governance.domain.calendar import OSLO
from governance.services import annual_cycle
from governance.services.context import FixedClock
from scheduler.sweeps import NoticeSender
from tests.cards.walk import buttons_with_verb
from tests.integration.bot.teams import CHAIR, COMMITTEE_CHANNEL, STRANGER, TeamsSide
from tests.integration.bot.test_election import REFUSAL, text_of


async def posted_tasks(side: TeamsSide, bot: Bot, clock: FixedClock) -> None:
    await side.say(CHAIR, "hjelp", COMMITTEE_CHANNEL)  # the bot learns the committee's channel
    await side.say(CHAIR, "hjelp")  # and the chair's personal chat
    clock.advance_to(datetime(2027, 1, 4, 9, 0, tzinfo=OSLO))
    side.connector.clear()
    await NoticeSender(bot.ctx, bot.notifier, CardRenderer(), "test").sweep()


async def test_marking_done_updates_every_copy_of_the_task_card(
    ror: tuple[TeamsSide, Bot],
    clock: FixedClock,
) -> None:
    side, bot = ror
    await posted_tasks(side, bot, clock)
    channel_cards = [r for r in side.connector.messages(COMMITTEE_CHANNEL)]
    chat_cards = [r for r in side.connector.messages(CHAIR.personal_chat)]
    # two Q1 tasks in the channel and to their leader; 2026's last task is overdue for the chair
    assert len(channel_cards) == 2 and len(chat_cards) == 3
    tasks = {t.task_id: t for t in await annual_cycle.of_year(bot.ctx, 2027)}
    task = tasks["behovskartlegging"]
    [button] = [
        b
        for r in channel_cards
        for b in buttons_with_verb(r.cards()[0], verbs.TASK_DONE)
        if b["data"]["occurrence_id"] == task.id
    ]
    refused = await side.click(STRANGER, verbs.TASK_DONE, button["data"], COMMITTEE_CHANNEL)
    assert REFUSAL in text_of(refused)  # not a member of the cooperation
    await side.settled()
    assert side.connector.updates() == []
    answer = await side.click(CHAIR, verbs.TASK_DONE, button["data"], COMMITTEE_CHANNEL)
    assert "Utført" in text_of(answer) and not buttons_with_verb(answer, verbs.TASK_DONE)
    await side.settled()
    updated = {(u.conversation, u.message_id) for u in side.connector.updates()}
    ours = {
        (r.conversation, r.message_id)
        for r in channel_cards + chat_cards
        if str(task.id) in str(buttons_with_verb(r.cards()[0], verbs.TASK_DONE))
    }
    assert updated == ours and len(ours) == 2
    assert all(
        not buttons_with_verb(u.cards()[0], verbs.TASK_DONE) for u in side.connector.updates()
    )
    assert (await annual_cycle.get(bot.ctx, task.id or 0)).is_done


async def test_postponing_moves_the_deadline_everywhere_and_refuses_an_earlier_date(
    ror: tuple[TeamsSide, Bot],
    clock: FixedClock,
) -> None:
    side, bot = ror
    await posted_tasks(side, bot, clock)
    task = {t.task_id: t for t in await annual_cycle.of_year(bot.ctx, 2027)}["strategi-oppfolging"]
    data = {"occurrence_id": task.id, "card": "task"}
    earlier = await side.click(CHAIR, verbs.TASK_POSTPONE, data | {"postpone_to": "2027-03-01"})
    assert REFUSAL in text_of(earlier)
    garbage = await side.click(CHAIR, verbs.TASK_POSTPONE, data | {"postpone_to": "snart"})
    assert REFUSAL in text_of(garbage) and "snart" in text_of(garbage)
    await side.settled()
    assert side.connector.updates() == []
    moved = await side.click(CHAIR, verbs.TASK_POSTPONE, data | {"postpone_to": "2027-04-30"})
    assert REFUSAL not in text_of(moved) and "30. april 2027" in text_of(moved)
    await side.settled()
    assert len(side.connector.updates()) == 2
    assert all("30. april 2027" in str(u.cards()) for u in side.connector.updates())
    assert (await annual_cycle.get(bot.ctx, task.id or 0)).effective_due.isoformat() == "2027-04-30"
