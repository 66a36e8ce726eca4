"""Nothing typed is lost, over real HTTP: a refused quality assurance, ranking, proposal form
or opening of a ranking round comes back as its card with what was entered and exactly what is
missing, and changes nothing; `prioriter` asks the chair before a round opens."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from governance.domain.proposals import ProposalState, QaItem
from governance.services import proposals, ranking
from governance.services.commands import CreateDraft, OpenRound, SubmitProposal
from governance.services.context import Context
from tests.integration.bot.teams import CHAIR, COMMITTEE_CHANNEL, MOLDE, RAUMA, TeamsSide
from tests.integration.helpers import (
    BESTILLERE,
    audit_count,
    open_vote_on_agenda,
    ready_proposal,
    snapshot,
    submittable_input,
)

REFUSAL = '"style": "attention"'  # the notice of a refusal
TITLE = "Prioritering 11.01.2027"  # the round opened on the test clock's day
CHAT_TABLES = ("conversations", "member_settings")  # a chat message remembers where it came


def text_of(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


def nodes(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += nodes(value)
    elif isinstance(node, list):
        for value in node:
            found += nodes(value)
    return found


def verbs_of(card: dict[str, Any]) -> list[str]:
    return [n["verb"] for n in nodes(card) if n.get("type") == "Action.Execute"]


def inputs_of(card: dict[str, Any]) -> dict[str, Any]:
    return {n["id"]: n.get("value") for n in nodes(card) if str(n.get("type")).startswith("Input.")}


def notice_of(card: dict[str, Any]) -> str:
    """The words of the refusal's box and the lines after it, without the inputs' ids."""
    body = card["body"]
    start = next(i for i, n in enumerate(body) if n.get("style") == "attention")
    words = [t["text"] for n in body[start:] for t in nodes(n) if t.get("type") == "TextBlock"]
    return "\n".join(words[:8])


async def state(teams: TeamsSide, ctx: Context, engine: AsyncEngine) -> tuple[Any, int]:
    await teams.settled()  # the outbox posted what earlier steps left
    rows = await snapshot(engine)
    return {k: v for k, v in rows.items() if k not in CHAT_TABLES}, await audit_count(ctx)


async def in_review(teams: TeamsSide, ctx: Context) -> int:
    """Molde's proposal, submitted; the chair opens its checklist (the review starts)."""
    draft = await proposals.create_draft(
        ctx, CreateDraft(BESTILLERE["molde"], submittable_input(ctx))
    )
    assert draft.id is not None
    await proposals.submit(ctx, SubmitProposal(BESTILLERE["molde"], draft.id))
    await teams.say(CHAIR, f"kvalitetssikre {draft.id}", COMMITTEE_CHANNEL)
    assert (await proposals.get(ctx, draft.id)).state is ProposalState.IN_REVIEW
    return draft.id


async def test_a_refused_mark_ready_brings_the_checklist_back_naming_what_is_missing(
    teams: TeamsSide, ctx: Context, engine: AsyncEngine
) -> None:
    number = await in_review(teams, ctx)
    async with ctx.unit() as uow:  # stored before the form asked for it: no org. change
        stored = await uow.proposals.get(number)
        stored.org_change = ""
        await uow.commit()
    ticks = {f"qa_{item.value}": "true" for item in QaItem} | {"qa_strategy_link": "false"}
    step = {"proposal_id": number, "step": "mark_ready", "qa_comment": "Sjekk strategien."}
    before = await state(teams, ctx, engine)

    card = await teams.click(CHAIR, "proposal.step", step | ticks, COMMITTEE_CHANNEL)

    notice = notice_of(card)
    assert f"Kvalitetssikringen av forslag #{number} er ikke fullført." in notice
    assert "«Knyttet til digitaliseringsstrategien» er ikke krysset av." in notice
    assert "«Organisasjonsendring er vurdert»: forslaget mangler Organisasjonsendring." in notice
    assert "Ansvarlig gruppe er angitt" not in notice  # ticked, and the proposal names one
    shown = inputs_of(card)
    assert {k: v for k, v in shown.items() if k.startswith("qa_")} == ticks | {
        "qa_comment": "Sjekk strategien."
    }
    assert {"qa.save", "proposal.step"} <= set(verbs_of(card))
    assert await state(teams, ctx, engine) == before
    assert (await proposals.get(ctx, number)).qa == {}  # no tick saved

    # "Lagre" with the tick the proposal cannot back: the same card, nothing saved
    save = {"proposal_id": number, "qa_comment": "Sjekk strategien."} | ticks
    saved = await teams.click(CHAIR, "qa.save", save, COMMITTEE_CHANNEL)
    assert "forslaget mangler Organisasjonsendring" in notice_of(saved)
    assert "ikke krysset av" not in notice_of(saved)  # saving needs no complete checklist
    assert inputs_of(saved)["qa_comment"] == "Sjekk strategien."
    assert inputs_of(saved)["qa_catalogue_checked"] == "true"
    assert await state(teams, ctx, engine) == before

    # the proposal card's "klar" button: the checklist, with every point still to tick
    plain = await teams.click(
        CHAIR, "proposal.step", {"proposal_id": number, "step": "mark_ready"}, COMMITTEE_CHANNEL
    )
    assert notice_of(plain).count("er ikke krysset av") == len(QaItem) - 1
    assert "forslaget mangler Organisasjonsendring" in notice_of(plain)
    assert await state(teams, ctx, engine) == before

    # someone else than the chair is refused as before, and nothing is written either
    other = await teams.click(RAUMA, "proposal.step", step | ticks, COMMITTEE_CHANNEL)
    assert REFUSAL in text_of(other) and "daglig leder" in text_of(other)
    assert await state(teams, ctx, engine) == before


async def test_a_refused_ranking_comes_back_with_the_places_chosen_and_why(
    teams: TeamsSide, ctx: Context, engine: AsyncEngine
) -> None:
    first = (await ready_proposal(ctx)).id
    second = (await ready_proposal(ctx, "Felles chatbot")).id
    assert first is not None and second is not None
    opened = await ranking.open_round(ctx, OpenRound(CHAIR.member_id, TITLE, [first, second]))
    await teams.say(MOLDE, "prioriter")  # Molde's first turn remembers its chat
    data = {"round_id": opened.id, f"rank_{first}": "1", f"rank_{second}": "1"}
    before = await state(teams, ctx, engine)

    card = await teams.click(MOLDE, "ranking.submit", data)

    notice = notice_of(card)
    assert f"#{first}, #{second} har samme plass, 1: gi hvert forslag sin egen plass." in notice
    assert inputs_of(card) == {f"rank_{first}": "1", f"rank_{second}": "1"}
    assert "ranking.submit" in verbs_of(card)
    assert await state(teams, ctx, engine) == before

    empty = await teams.click(MOLDE, "ranking.submit", {"round_id": opened.id})
    assert "Prioriter minst ett forslag." in notice_of(empty)
    assert await state(teams, ctx, engine) == before

    done = await teams.click(MOLDE, "ranking.submit", data | {f"rank_{second}": "2"})
    assert REFUSAL not in text_of(done)
    stored = await ranking.get_round(ctx, opened.id or 0)
    submission = stored.submission_of("molde")
    assert submission is not None and submission.order == [first, second]


async def test_a_refused_submit_lists_the_missing_fields_by_the_forms_labels(
    teams: TeamsSide, ctx: Context
) -> None:
    await teams.say(MOLDE, "nytt forslag")
    form = {
        "title": "Felles innbyggerportal",
        "kind": "new_service",
        "municipalities": "molde",
        "need_molde": "Mange skjema på papir.",
        "cost_one_off": "450 000",
        "benefit_potential": "Færre henvendelser.",
        "user_perspective": "Søk hele døgnet.",
        "submit": True,
    }

    card = await teams.click(MOLDE, "proposal.save", form)

    notice = notice_of(card)
    assert (
        "Forslaget kan ikke sendes inn; dette mangler: Beskrivelse av forslaget, "
        "Organisasjonsendring, Mål i digitaliseringsstrategien og Ansvarlig gruppe." in notice
    )
    for internal in ("description", "org_change", "strategy_goals", "owner_group"):
        assert internal not in notice
    shown = inputs_of(card)
    assert shown["title"] == "Felles innbyggerportal" and shown["cost_one_off"] == "450 000"
    labels = {n["id"]: n.get("label") for n in nodes(card) if "label" in n}
    assert labels["org_change"] == "Organisasjonsendring *"  # what quality assurance checks
    assert labels["owner_group"] == "Ansvarlig gruppe *"
    [draft] = await proposals.mine(ctx, "best-molde")
    assert draft.state is ProposalState.DRAFT  # kept as a draft, not submitted


async def test_prioriter_asks_the_chair_before_a_round_opens(
    teams: TeamsSide, ctx: Context, engine: AsyncEngine
) -> None:
    await open_vote_on_agenda(ctx)  # a proposal being voted on: a round would take it too
    [voting] = await proposals.listing(ctx, ProposalState.VOTING)
    first = (await ready_proposal(ctx, "Felles chatbot")).id
    second = (await ready_proposal(ctx, "Felles arkiv")).id
    assert voting.id is not None and first is not None and second is not None
    before = await state(teams, ctx, engine)

    [nothing] = await teams.say(RAUMA, "prioriter")
    assert "Ingen prioriteringsrunde er åpen." in text_of(nothing)
    [asked] = await teams.say(CHAIR, "prioriter", COMMITTEE_CHANNEL)

    shown = text_of(asked)
    assert f"Åpne prioriteringsrunden «{TITLE}»?" in shown
    assert f"#{voting.id} Felles innbyggerportal · til avstemning" in shown
    assert f"#{first} Felles chatbot · klar til saksliste" in shown
    kept = {f"include_{pid}": "true" for pid in (voting.id, first, second)}
    assert inputs_of(asked) == kept
    assert verbs_of(asked) == ["ranking.open"]
    assert await ranking.current_round(ctx) is None
    assert await state(teams, ctx, engine) == before

    one = kept | {f"include_{voting.id}": "false", f"include_{second}": "false"}
    refused = await teams.click(CHAIR, "ranking.open", one, COMMITTEE_CHANNEL)
    assert "En prioriteringsrunde må ha minst to forslag." in notice_of(refused)
    assert inputs_of(refused) == one
    assert await state(teams, ctx, engine) == before

    chosen = kept | {f"include_{voting.id}": "false"}
    opened = await teams.click(CHAIR, "ranking.open", chosen, COMMITTEE_CHANNEL)
    current = await ranking.current_round(ctx)
    assert current is not None and current.proposal_ids == [first, second]
    assert current.title == TITLE and TITLE in text_of(opened)
    # the chair ranks for no municipality: the proposals and standings, no choice sets
    assert inputs_of(opened) == {} and verbs_of(opened) == ["ranking.close"]
    assert "Stillingen etter rangeringene som er sendt inn så langt" in text_of(opened)
    assert "Felles chatbot" in text_of(opened) and "for kommunen din" not in text_of(opened)

    [form] = await teams.say(MOLDE, "prioriter")
    assert set(inputs_of(form)) == {f"rank_{first}", f"rank_{second}"}
    assert verbs_of(form) == ["ranking.submit"]

    entries = await audit_count(ctx)
    again = await teams.click(CHAIR, "ranking.open", chosen, COMMITTEE_CHANNEL)
    assert f"Prioriteringsrunden «{TITLE}» er allerede åpen" in notice_of(again)
    assert await audit_count(ctx) == entries
