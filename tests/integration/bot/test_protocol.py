"""The bot over real HTTP, as Teams drives it: five distinct identities of ROR-IKT, a local
connector receiving replies and proactive posts, the real database. A whole proposal goes from
the form to a weighted vote; strangers and tampered cards change nothing."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from governance.domain.proposals import ProposalState, QaItem
from governance.services import conversations, meetings, outbox, proposals
from governance.services.context import Context
from tests.integration.bot.teams import (
    AUKRA,
    CHAIR,
    COMMITTEE_CHANNEL,
    FOREIGN,
    MOLDE,
    RAUMA,
    STRANGER,
    VESTNES,
    Person,
    TeamsSide,
    activity,
)
from tests.integration.helpers import audit_count, ballot_data, ready_proposal, snapshot

REFUSAL = '"style": "attention"'  # the notice card of a refusal

FORM = {
    "title": "Felles innbyggerportal",
    "description": "Én portal for søknader og innsyn.",
    "kind": "new_service",
    "municipalities": "molde,rauma",
    "need_molde": "Mange skjema på papir.",
    "need_rauma": "Ingen digital innsyn i dag.",
    "cost_one_off": "450 000",
    "cost_yearly": "60000,50",
    "benefit_potential": "Færre henvendelser.",
    "benefit_measurement": "Telefoner per måned.",
    "legal_basis": "Forvaltningsloven § 11",
    "user_perspective": "Søk hele døgnet.",
    "org_change": "Nye rutiner i servicetorget.",
}


def text_of(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


async def submitted_by_molde(teams: TeamsSide, ctx: Context) -> int:
    cards = await teams.say(MOLDE, "nytt forslag")
    assert cards and "Input.Text" in text_of(cards[0])
    goal = ctx.mandate.strategy_goals[0].id
    owner = next(b.id for b in ctx.mandate.bodies if b.kind == "faggruppe")
    card = await teams.click(
        MOLDE,
        "proposal.save",
        FORM | {"strategy_goals": goal, "owner_group": owner, "submit": True},
    )
    assert "Felles innbyggerportal" in text_of(card)
    [proposal] = await proposals.mine(ctx, "best-molde")
    assert proposal.state is ProposalState.SUBMITTED and proposal.id is not None
    assert proposal.submitter_municipality == "molde"
    return proposal.id


async def ready_on_agenda(teams: TeamsSide, ctx: Context, number: int) -> None:
    """The chair quality-assures in the committee channel and puts the proposal on the agenda."""
    await teams.say(CHAIR, f"kvalitetssikre {number}", COMMITTEE_CHANNEL)
    ticks = {f"qa_{item.value}": "true" for item in QaItem}
    await teams.click(CHAIR, "qa.save", {"proposal_id": number, **ticks}, COMMITTEE_CHANNEL)
    await teams.click(
        CHAIR, "proposal.step", {"proposal_id": number, "step": "mark_ready"}, COMMITTEE_CHANNEL
    )
    assert (await proposals.get(ctx, number)).state is ProposalState.READY
    await teams.say(CHAIR, f"sett på saksliste {number}", COMMITTEE_CHANNEL)
    assert (await proposals.get(ctx, number)).state is ProposalState.ON_AGENDA


async def open_vote(teams: TeamsSide, number: int) -> int:
    teams.connector.clear()
    await teams.say(CHAIR, f"start avstemning {number}", COMMITTEE_CHANNEL)
    [posted] = [r for r in teams.connector.messages(COMMITTEE_CHANNEL) if r.cards()]
    card = posted.cards()[0]
    assert card["refresh"]["action"]["verb"] == "vote.refresh"
    vote_id = int(card["refresh"]["action"]["data"]["vote_id"])
    # the channel's copy is the same for everyone: no ballot, no close; one's own view by refresh
    assert {a["verb"] for a in _actions(card)} == {"vote.refresh"}
    return vote_id


def _inputs(node: Any) -> dict[str, Any]:
    """The card's inputs by id, with the values they hold."""
    found: dict[str, Any] = {}
    if isinstance(node, dict):
        if str(node.get("type")).startswith("Input."):
            found[node["id"]] = node.get("value")
        for value in node.values():
            found |= _inputs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _inputs(value)
    return found


def _actions(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") == "Action.Execute":
            found.append(node)
        for value in node.values():
            found += _actions(value)
    elif isinstance(node, list):
        for value in node:
            found += _actions(value)
    return found


async def test_a_proposal_goes_from_the_form_to_a_recommendation(
    teams: TeamsSide,
    ctx: Context,
) -> None:
    number = await submitted_by_molde(teams, ctx)
    await ready_on_agenda(teams, ctx, number)
    vote_id = await open_vote(teams, number)
    for person, choice in [
        (AUKRA, "mot"),
        (MOLDE, "for"),
        (RAUMA, "for"),
        (VESTNES, "for"),
        (AUKRA, "for"),
    ]:  # Aukra changes its ballot
        card = await teams.click(
            person, "ballot.cast", ballot_data(vote_id, choice), COMMITTEE_CHANNEL
        )
        assert card["refresh"]["action"]["data"]["vote_id"] == vote_id
    teams.connector.clear()
    await teams.say(CHAIR, f"avslutt avstemning {number}", COMMITTEE_CHANNEL)
    assert (await proposals.get(ctx, number)).state is ProposalState.RECOMMENDED
    await teams.settled()
    [update] = teams.connector.updates()
    assert "refresh" not in update.cards()[0]  # the outcome replaces the vote card for everyone


async def test_one_mot_escalates_to_the_board_agenda(teams: TeamsSide, ctx: Context) -> None:
    number = await submitted_by_molde(teams, ctx)
    await ready_on_agenda(teams, ctx, number)
    vote_id = await open_vote(teams, number)
    for person, choice in [(AUKRA, "for"), (MOLDE, "for"), (RAUMA, "mot"), (VESTNES, "for")]:
        await teams.click(person, "ballot.cast", ballot_data(vote_id, choice), COMMITTEE_CHANNEL)
    card = await teams.click(CHAIR, "vote.close", {"vote_id": vote_id}, COMMITTEE_CHANNEL)
    assert (await proposals.get(ctx, number)).state is ProposalState.ESCALATED
    board = await meetings.next_meeting(ctx, ctx.mandate.board)
    assert board is not None and number in board.proposal_ids()
    assert board.on.isoformat()[:4] in text_of(card)


async def refused_without_change(
    teams: TeamsSide, ctx: Context, engine: AsyncEngine, person: Any, verb: str, data: Any
) -> str:
    await teams.settled()  # the outbox posted what earlier steps left
    before, entries = await snapshot(engine), await audit_count(ctx)
    card = await teams.click(person, verb, data, COMMITTEE_CHANNEL)
    assert await snapshot(engine) == before and await audit_count(ctx) == entries
    return text_of(card)


async def test_strangers_and_other_tenants_are_refused_and_nothing_is_written(
    teams: TeamsSide,
    ctx: Context,
    engine: AsyncEngine,
) -> None:
    number = await submitted_by_molde(teams, ctx)
    await ready_on_agenda(teams, ctx, number)
    vote_id = await open_vote(teams, number)
    await teams.settled()  # the outbox posted what earlier steps left
    before, entries = await snapshot(engine), await audit_count(ctx)
    for person in (STRANGER, FOREIGN):
        card = await teams.click(
            person, "ballot.cast", {"vote_id": vote_id, "choice": "for"}, COMMITTEE_CHANNEL
        )
        assert "ROR-IKT" in text_of(card) and REFUSAL in text_of(card)
        [answer] = await teams.say(person, "nytt forslag")
        assert "Input.Text" not in text_of(answer)
    assert await snapshot(engine) == before and await audit_count(ctx) == entries


async def test_tampered_card_data_is_refused_with_a_card_and_changes_nothing(
    teams: TeamsSide,
    ctx: Context,
    engine: AsyncEngine,
) -> None:
    number = await submitted_by_molde(teams, ctx)
    await ready_on_agenda(teams, ctx, number)
    vote_id = await open_vote(teams, number)
    await teams.click(AUKRA, "vote.refresh", {"vote_id": vote_id}, COMMITTEE_CHANNEL)
    forged = [
        ("ballot.cast", {"vote_id": vote_id, "choice": "for", "municipality": "molde"}),
        ("ballot.cast", {"vote_id": vote_id + 99, "choice": "for"}),
        ("ballot.cast", {"vote_id": "1 OR 1=1", "choice": "for"}),
        ("ballot.cast", {"vote_id": vote_id, "choice": "ja"}),
        ("ballot.cast", ["not", "an", "object"]),
        ("vote.close", {"vote_id": vote_id}),  # a bestiller is not the chair
        ("vote.delete", {"vote_id": vote_id}),
        ("proposal.step", {"proposal_id": number, "step": "board_approve"}),
        ("proposal.step", {"proposal_id": number, "step": "recommend"}),
        ("proposal.save", {"proposal_id": number, "title": "Kapret", "submitter": "best-aukra"}),
    ]
    for verb, data in forged:
        text = await refused_without_change(teams, ctx, engine, AUKRA, verb, data)
        assert REFUSAL in text, (verb, data)
    await teams.click(CHAIR, "vote.close", {"vote_id": vote_id}, COMMITTEE_CHANNEL)
    closed = await refused_without_change(
        teams, ctx, engine, AUKRA, "ballot.cast", {"vote_id": vote_id, "choice": "mot"}
    )
    assert REFUSAL in closed


async def test_the_submit_fallback_of_old_clients_reaches_the_same_handlers(
    teams: TeamsSide,
    ctx: Context,
) -> None:
    number = await submitted_by_molde(teams, ctx)
    teams.connector.clear()
    status, _ = await teams.post(
        activity(
            MOLDE,
            service_url=teams.connector_url,
            value={"verb": "proposal.show", "proposal_id": number},
        )
    )
    assert status in (200, 202)
    [reply] = teams.connector.messages()
    assert "Felles innbyggerportal" in text_of(reply.cards()[0])


async def test_http_errors_are_precise_and_probes_stay_open(teams: TeamsSide) -> None:
    assert (await teams.post(None, raw=b"{not json"))[0] == 400
    assert (await teams.post([1, 2]))[0] == 400
    assert (await teams.post({"type": "message", "timestamp": "yesterday"}))[0] == 400
    huge = b'{"type": "message", "text": "' + b"x" * 300_000 + b'"}'
    assert (await teams.post(None, raw=huge))[0] == 413
    unknown = activity(MOLDE, service_url=teams.connector_url, type="somethingNew")
    assert (await teams.post(unknown))[0] == 200
    typing = activity(MOLDE, service_url=teams.connector_url, type="typing")
    assert (await teams.post(typing))[0] == 200
    assert teams.connector.received == []
    for probe in ("/healthz", "/readyz"):
        async with teams.http.get(teams.bot_url + probe) as response:
            assert response.status == 200, probe


async def test_commands_answer_in_the_chosen_language_with_suggestions_for_typos(
    teams: TeamsSide,
) -> None:
    [help_card] = await teams.say(MOLDE, "<at>Samstyre</at> Hjelp")
    assert "nytt forslag" in text_of(help_card)
    [typo] = await teams.say(MOLDE, "nytt forlsag")
    assert "«nytt forslag»" in text_of(typo)
    [chosen] = await teams.say(MOLDE, "språk nn")
    assert "nynorsk" in text_of(chosen)
    [again] = await teams.say(MOLDE, "arshjul")
    assert "Årshjul" in text_of(again) or "årshjul" in text_of(again).lower()
    [listed] = await teams.say(MOLDE, "forslag sendt inn")
    assert REFUSAL not in text_of(listed) and "Forslag" in text_of(listed)
    [unknown_state] = await teams.say(MOLDE, "forslag halvferdig")
    assert REFUSAL in text_of(unknown_state) and "halvferdig" in text_of(unknown_state)
    [english] = await teams.say(MOLDE, "language en")
    assert "English" in text_of(english) or "english" in text_of(english)


async def test_chair_only_commands_explain_why_to_others(
    teams: TeamsSide,
    ctx: Context,
    engine: AsyncEngine,
) -> None:
    number = await submitted_by_molde(teams, ctx)
    await teams.settled()  # the outbox posted what earlier steps left
    before = await snapshot(engine)
    for command in (
        f"kvalitetssikre {number}",
        f"start avstemning {number}",
        f"sett på saksliste {number}",
    ):
        [answer] = await teams.say(RAUMA, command)
        assert REFUSAL in text_of(answer) and "daglig leder" in text_of(answer), command
    after = await snapshot(engine)
    assert {k: v for k, v in after.items() if k not in ("conversations", "member_settings")} == {
        k: v for k, v in before.items() if k not in ("conversations", "member_settings")
    }


async def test_the_chair_links_a_channel_to_a_body_by_command(
    teams: TeamsSide,
    ctx: Context,
) -> None:
    board_channel = "19:styret-kanal@thread.tacv2"
    [status] = await teams.say(CHAIR, "kanal", board_channel)
    assert "ikke til noe organ" in text_of(status) and "styret" in text_of(status)
    [refused] = await teams.say(RAUMA, "kanal styret", board_channel)
    assert REFUSAL in text_of(refused)
    [linked] = await teams.say(CHAIR, "koble kanal Styret i ROR-IKT", board_channel)
    assert "Styret i ROR-IKT" in text_of(linked)
    found = await conversations.of_body(ctx, "styret")
    assert found is not None and found.key == board_channel
    [personal] = await teams.say(CHAIR, "kanal styret")
    assert REFUSAL in text_of(personal)


async def test_a_member_of_another_cooperation_is_not_a_member_here(
    teams: TeamsSide,
    ctx: Context,
    engine: AsyncEngine,
) -> None:
    # A member of IKT Fjellregionen's mandate (config/fartt.yaml), from that cooperation's tenant.
    fartt_member = Person(
        "fartt-leder",
        "00000000-0000-4000-8000-000000000101",
        "Leder i FARTT",
        tenant="00000000-0000-4000-8000-0000000000bb",
    )
    await teams.settled()  # the outbox posted what earlier steps left
    before = await snapshot(engine)
    [answer] = await teams.say(fartt_member, "nytt forslag")
    assert REFUSAL in text_of(answer) and "ROR-IKT" in text_of(answer)
    assert await snapshot(engine) == before


async def test_a_ranking_round_from_chat_to_standings(teams: TeamsSide, ctx: Context) -> None:
    """The chair opens a round from `prioriter`'s card; two municipalities rank; the chair
    closes it."""
    first = (await ready_proposal(ctx)).id
    second = (await ready_proposal(ctx, "Felles chatbot")).id
    [asked] = await teams.say(CHAIR, "prioriter", COMMITTEE_CHANNEL)
    assert [a["verb"] for a in _actions(asked)] == ["ranking.open"]
    kept = {k: v for k, v in _inputs(asked).items() if k.startswith("include_")}
    assert kept == {f"include_{first}": "true", f"include_{second}": "true"}
    opened = await teams.click(CHAIR, "ranking.open", kept, COMMITTEE_CHANNEL)
    close = next(a for a in _actions(opened) if a["verb"] == "ranking.close")
    round_id = close["data"]["round_id"]
    assert not [a for a in _actions(opened) if a["verb"] == "ranking.submit"]  # no municipality
    for person in (MOLDE, AUKRA):
        [form] = await teams.say(person, "prioriter")
        assert any(a["verb"] == "ranking.submit" for a in _actions(form))
        await teams.click(person, "ranking.submit", {"round_id": round_id, f"rank_{first}": "1"})
    refused = await teams.click(RAUMA, "ranking.close", {"round_id": round_id})
    assert REFUSAL in text_of(refused)
    standings = await teams.click(
        CHAIR, "ranking.close", {"round_id": round_id, f"rank_{first}": ""}
    )
    assert REFUSAL not in text_of(standings) and "Felles innbyggerportal" in text_of(standings)
    assert [a["verb"] for a in _actions(standings)] == ["ranking.override"]  # the chair's form


async def test_the_chair_asks_for_a_status_report(teams: TeamsSide, ctx: Context) -> None:
    [refused] = await teams.say(RAUMA, "statusrapport")
    assert REFUSAL in text_of(refused)
    [queued] = await teams.say(CHAIR, "statusrapport")
    assert REFUSAL not in text_of(queued) and "styrets kanal" in text_of(queued)
    assert [p.key for p in await outbox.listing(ctx)] == [f"status:{ctx.today().isoformat()}"]


async def test_the_chair_registers_a_study_through_its_form(teams: TeamsSide, ctx: Context) -> None:
    [refused] = await teams.say(RAUMA, "utredning")
    assert REFUSAL in text_of(refused)
    [form] = await teams.say(CHAIR, "utredning")
    assert any(a["verb"] == "report.save" for a in _actions(form))
    again = await teams.click(
        CHAIR,
        "report.save",
        {"kind": "study", "report_title": "Skjema", "report_text": "", "proposal_number": "x"},
    )
    assert REFUSAL in text_of(again) and '"value": "Skjema"' in text_of(again)
    done = await teams.click(
        CHAIR,
        "report.save",
        {"kind": "study", "report_title": "Skjema", "report_text": "Vi fant 212 skjema."},
    )
    assert REFUSAL not in text_of(done) and "Skjema" in text_of(done)
    assert any(p.key.startswith("study:report:") for p in await outbox.listing(ctx))
    forged = await teams.click(
        CHAIR, "report.save", {"kind": "memo", "report_title": "x", "report_text": "y"}
    )
    assert REFUSAL in text_of(forged)
