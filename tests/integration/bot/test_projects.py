"""After approval, played over the local connector as the mandates name the people: whoever
approved the matter (the board's chair for the board, daglig leder following the committee)
starts the project from the project card, appointing a project group with scope, budget and
owner group; the project group posts its status; its leader records the delivery; when a
benefit's follow-up date comes, the owning group is reminded in person and measures it from the
card. Every step is refused for the wrong person with the card and its notice, and nothing
changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.app import Bot
from cards.renderer import CardRenderer
from governance.domain.calendar import OSLO
from governance.domain.proposals import ProposalState, QaItem
from governance.services import conversations, groups, investment, meetings, projects, proposals
from governance.services.context import FixedClock
from scheduler.sweeps import NoticeSender
from tests.integration.bot.refusals import refused_click
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
from tests.integration.bot.test_decisions import voted
from tests.integration.bot.test_protocol import (
    _actions,
    open_vote,
    ready_on_agenda,
    submitted_by_molde,
    text_of,
)
from tests.integration.helpers import ballot_data

LEADER = Person("fg-arkiv-leder", "00000000-0000-4000-8000-000000000010", "Anita Aarø")
PROJECT_CHANNEL = "19:prosjekt-portal@thread.tacv2"
SCOPE = "Innføre portalen i Molde og Rauma innen sommeren."


def verbs_of(card: dict[str, Any]) -> list[str]:
    return [a["verb"] for a in _actions(card)]


async def unchanged(
    side: TeamsSide, person: Person, verb: str, data: dict[str, Any], conversation: str
) -> str:
    """Any card's button pressed by the wrong person: the refusal, and no row or audit entry
    changes."""
    return text_of(await refused_click(side, person, verb, data, conversation))


async def refused(
    side: TeamsSide, person: Person, verb: str, data: dict[str, Any], words: str
) -> dict[str, Any]:
    """The project card comes back with the refusal; no row and no audit entry change."""
    card = await refused_click(side, person, verb, data, person.personal_chat)
    shown = text_of(card)
    assert "Prosjekt for forslag" in shown, shown[:400]
    assert words.lower() in shown.lower(), shown[:3000]
    return card


def reminders(side: TeamsSide, person: Person) -> list[dict[str, Any]]:
    """The project cards posted to ``person`` in personal chat (the annual cycle's task cards
    arrive there too)."""
    return [
        c
        for r in side.connector.messages(person.personal_chat)
        for c in r.cards()
        if "Prosjekt for forslag" in text_of(c)
    ]


def told(side: TeamsSide, person: Person) -> str:
    return " ".join(
        text_of(c) for r in side.connector.messages(person.personal_chat) for c in r.cards()
    )


async def test_an_escalated_matter_becomes_a_project_followed_up_to_its_benefit(
    ror: tuple[TeamsSide, Bot], clock: FixedClock
) -> None:
    side, bot = ror
    ctx = bot.ctx
    for person in (MOLDE, AUKRA, RAUMA, CHAIR, BOARD_CHAIR, BOARD_MEMBER, LEADER):
        await side.say(person, "hjelp")  # everyone's personal chat, before any refusal
    await side.say(CHAIR, "koble kanal Styret i ROR-IKT", BOARD_CHANNEL)
    await side.say(CHAIR, "hjelp", COMMITTEE_CHANNEL)  # the bot learns the committee's channel
    number = await submitted_by_molde(side, ctx)
    ticks = {f"qa_{item.value}": "true" for item in QaItem}
    await unchanged(side, MOLDE, "qa.save", {"proposal_id": number, **ticks}, COMMITTEE_CHANNEL)
    await ready_on_agenda(side, ctx, number)
    vote_id = await open_vote(side, number)
    ballot = {"vote_id": vote_id, "choice": "for"}
    await unchanged(side, BOARD_MEMBER, "ballot.cast", ballot, COMMITTEE_CHANNEL)
    for person, choice in ((AUKRA, "for"), (MOLDE, "for"), (RAUMA, "mot"), (VESTNES, "for")):
        data = ballot_data(vote_id, choice)
        await side.click(person, "ballot.cast", data, COMMITTEE_CHANNEL)
    await unchanged(side, MOLDE, "vote.close", {"vote_id": vote_id}, COMMITTEE_CHANNEL)
    await side.click(CHAIR, "vote.close", {"vote_id": vote_id}, COMMITTEE_CHANNEL)
    await side.settled()
    assert (await proposals.get(ctx, number)).state is ProposalState.ESCALATED
    board_meeting = await meetings.next_meeting(ctx, "styret")
    assert board_meeting is not None and board_meeting.id is not None
    clock.advance_to(datetime(2027, 2, 11, 14, 0, tzinfo=OSLO))
    decide = {
        "proposal_id": number,
        "decision_verdict": "approved",
        "decision_reason": "Styret prioriterer portalen i 2027.",
        "decision_meeting": str(board_meeting.id),
    }
    for person in (CHAIR, BOARD_MEMBER):
        await unchanged(side, person, "decision.save", decide, BOARD_CHANNEL)
    await side.click(BOARD_CHAIR, "decision.save", decide, BOARD_CHANNEL)
    assert (await proposals.get(ctx, number)).state is ProposalState.BOARD_APPROVED

    # The board approved: its chair gets the project form; the proposal card opens it.
    shown = await side.click(MOLDE, "proposal.show", {"proposal_id": number}, MOLDE.personal_chat)
    assert "project.show" in verbs_of(shown)
    form = await side.click(BOARD_CHAIR, "project.show", {"proposal_id": number})
    assert "project.start" in verbs_of(form) and "project_scope" in text_of(form)
    assert "Faggruppe sak og arkiv" in text_of(form) and "Anita Aarø" in text_of(form)
    for person in (CHAIR, BOARD_MEMBER, MOLDE):
        view = await side.click(person, "project.show", {"proposal_id": number})
        assert "project.start" not in verbs_of(view) and "Styret i ROR-IKT" in text_of(view)
    start = {
        "proposal_id": number,
        "project_scope": SCOPE,
        "project_budget": "450 000",
        "project_owner": "faggruppe-arkiv",
        "project_leader": LEADER.member_id,
        "project_members": f"{MOLDE.member_id},{RAUMA.member_id}",
    }
    for person in (CHAIR, BOARD_MEMBER, MOLDE):
        await refused(side, person, "project.start", start, "Styret i ROR-IKT")
    await refused(side, BOARD_CHAIR, "project.start", start | {"project_scope": " "}, "omfang")
    await refused(side, BOARD_CHAIR, "project.start", start | {"project_budget": "mye"}, "budget")
    side.connector.clear()
    started = text_of(await side.click(BOARD_CHAIR, "project.start", start))
    assert SCOPE in started and "Anita Aarø" in started and "450" in started
    assert (await proposals.get(ctx, number)).state is ProposalState.IN_PROGRESS
    group = await groups.group(ctx, projects.project_group_key(number))
    assert group.kind == "prosjektgruppe" and group.parent == "faggruppe-arkiv"
    assert [m.member_id for m in group.active_members(ctx.today())] == [
        LEADER.member_id,
        MOLDE.member_id,
        RAUMA.member_id,
    ]
    # The project group gets a channel like any body.
    [linked] = await side.say(CHAIR, f"koble kanal {group.key}", PROJECT_CHANNEL)
    assert group.name in text_of(linked)
    channel = await conversations.of_body(ctx, group.key)
    assert channel is not None and channel.key.endswith(PROJECT_CHANNEL)
    await side.settled()
    await NoticeSender(ctx, bot.notifier, CardRenderer(), "test").sweep()
    assert "prosjekt" in told(side, MOLDE).lower()  # the submitter is told in person

    # The submitter plans the benefit to follow up after delivery.
    plan = {
        "proposal_id": number,
        "benefit_text": "Færre telefonhenvendelser",
        "benefit_value": "200",
        "benefit_unit": "per måned",
    }
    planned = text_of(await side.click(MOLDE, "benefit.plan", plan, MOLDE.personal_chat))
    assert "Færre telefonhenvendelser" in planned

    # The project group posts its status twice; others are refused.
    status = {
        "proposal_id": number,
        "project_status": "on_track",
        "project_comment": "Kontrakt signert, oppstart i Molde.",
    }
    for person in (AUKRA, BOARD_CHAIR, CHAIR):
        await refused(side, person, "project.status", status, "prosjektgruppe")
    await refused(side, LEADER, "project.status", status | {"project_comment": ""}, "kommentar")
    await refused(side, LEADER, "project.status", status | {"project_status": "great"}, "status")
    first = text_of(await side.click(LEADER, "project.status", status, LEADER.personal_chat))
    assert "Kontrakt signert, oppstart i Molde." in first and "Status: i rute" in first
    clock.advance_to(datetime(2027, 4, 6, 10, 0, tzinfo=OSLO))
    risk = status | {"project_status": "at_risk", "project_comment": "Integrasjonen er forsinket."}
    second = text_of(await side.click(MOLDE, "project.status", risk, MOLDE.personal_chat))
    assert "Integrasjonen er forsinket." in second and "Status: i fare" in second
    project = await projects.of_proposal(ctx, number)
    assert project is not None and [u.status.value for u in project.updates] == [
        "on_track",
        "at_risk",
    ]

    # The project leader records the delivery; a member of the group may not.
    clock.advance_to(datetime(2027, 6, 1, 12, 0, tzinfo=OSLO))
    deliver = {"proposal_id": number, "project_comment": "Portalen er i drift."}
    for person in (MOLDE, BOARD_CHAIR):
        await refused(side, person, "project.deliver", deliver, "leder")
    side.connector.clear()
    delivered = text_of(await side.click(LEADER, "project.deliver", deliver, LEADER.personal_chat))
    assert "Portalen er i drift." in delivered and "1. desember 2027" in delivered
    assert (await proposals.get(ctx, number)).state is ProposalState.DELIVERED
    await side.settled()
    await NoticeSender(ctx, bot.notifier, CardRenderer(), "test").sweep()
    assert "levert" in told(side, MOLDE).lower()
    await refused(side, LEADER, "project.status", status, "levert")

    # The follow-up date comes: the owning group is reminded in person, with the form.
    clock.advance_to(datetime(2027, 12, 1, 9, 0, tzinfo=OSLO))
    side.connector.clear()
    sender = NoticeSender(ctx, bot.notifier, CardRenderer(), "test")
    await sender.sweep()
    [reminder] = reminders(side, LEADER)
    assert "benefit.measure" in verbs_of(reminder) and "Færre telefonhenvendelser" in text_of(
        reminder
    )
    assert "1. desember 2027" in text_of(reminder)
    await sender.sweep()  # once per date
    assert len(reminders(side, LEADER)) == 1
    [followup] = await investment.benefits_of(ctx, number)
    assert followup.id is not None
    measure = {
        "proposal_id": number,
        "followup_id": followup.id,
        f"measure_{followup.id}": "150",
        "measure_on": "2027-11-30",
        "measure_note": "Telling i servicetorget.",
    }
    for person in (AUKRA, BOARD_CHAIR):
        await refused(side, person, "benefit.measure", measure, "gevinst")
    await refused(side, LEADER, "benefit.measure", measure | {"measure_on": "2027-12-24"}, "etter")
    measured = text_of(await side.click(LEADER, "benefit.measure", measure, LEADER.personal_chat))
    assert "150 per måned" in measured
    assert (await proposals.get(ctx, number)).state is ProposalState.BENEFITS_FOLLOWED_UP
    async with ctx.reading() as uow:
        actions = [e.action for e in await uow.audit.entries()]
    for action in ("project.started", "project.status_posted", "project.delivered"):
        assert action in actions
    assert actions.count("project.status_posted") == 2 and "benefit.measured" in actions


async def test_daglig_leder_follows_a_recommendation_and_starts_the_project(
    ror: tuple[TeamsSide, Bot],
) -> None:
    side, bot = ror
    ctx = bot.ctx
    for person in (CHAIR, BOARD_CHAIR, MOLDE):
        await side.say(person, "hjelp")
    number = await voted(side, [(p, "for") for p in (AUKRA, MOLDE, RAUMA, VESTNES)])
    decide = {
        "proposal_id": number,
        "decision_verdict": "approved",
        "decision_reason": "Følger bestillerutvalgets innstilling.",
    }
    await side.click(CHAIR, "decision.save", decide)
    assert (await proposals.get(ctx, number)).state is ProposalState.BOARD_APPROVED
    start = {
        "proposal_id": number,
        "project_scope": SCOPE,
        "project_budget": "450000",
        "project_owner": "faggruppe-arkiv",
        "project_leader": LEADER.member_id,
        "project_members": "",
    }
    for person in (BOARD_CHAIR, MOLDE):
        await refused(side, person, "project.start", start, "Dagny Lie")
    started = text_of(await side.click(CHAIR, "project.start", start))
    assert SCOPE in started and "Dagny Lie" in started
    project = await projects.of_proposal(ctx, number)
    assert project is not None and project.commissioner == CHAIR.member_id
    assert (await proposals.get(ctx, number)).state is ProposalState.IN_PROGRESS
