"""Publishing end to end below the bot: a change puts publications into the outbox; the worker
delivers them to the local folder (the embedded default) or to Microsoft Graph (the emulator,
driven by the real GraphServiceClient); each file and list row exactly once, whatever fails."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from governance.domain.investment import BenefitFollowUp
from governance.domain.outbox import (
    PUBLISHING_KINDS,
    TEAMS_KINDS,
    DeliveryState,
    PublicationKind,
)
from governance.domain.reports import ReportKind
from governance.domain.tally import Choice
from governance.ports.publishing import ListItem
from governance.services import outbox, ranking, reports, votes
from governance.services.commands import (
    CastBallot,
    CloseRound,
    CloseVote,
    OpenRound,
    RegisterReport,
    SubmitRanking,
)
from governance.services.context import Context
from graph_sync.delivery import PORTFOLIO_COLUMNS, PORTFOLIO_KEY, PORTFOLIO_LIST, Publisher
from graph_sync.graph import GraphSettings, GraphTarget
from graph_sync.local_folder import LocalFolderTarget
from graph_sync.worker import OutboxWorker
from tests.emulators.graph import GraphEmulator, refuse, throttle, unavailable
from tests.integration.graph.conftest import emulator_credential
from tests.integration.helpers import (
    BESTILLERE,
    BOARD_CHANNEL,
    BOARD_TEAM,
    CHAIR,
    COMMITTEE_CHANNEL,
    COMMITTEE_TEAM,
    open_vote_on_agenda,
    ready_proposal,
    refused,
)


@dataclass
class Announcements:
    """What the publisher left in the outbox for the bot to post: announcements in channels
    (body, title, link) and the chairs' warnings about parked publications."""

    posted: list[tuple[str, str, str]] = field(default_factory=list)
    parked_keys: list[str] = field(default_factory=list)


async def for_the_bot(ctx: Context) -> Announcements:
    said = Announcements()
    for item in await outbox.listing(ctx, DeliveryState.PENDING, TEAMS_KINDS):
        if item.kind is PublicationKind.ANNOUNCEMENT:
            said.posted.append((item.body_id, item.payload["title"], item.payload["url"]))
        elif item.kind is PublicationKind.WARNING:
            said.parked_keys.append(item.payload["key"])
    return said


async def escalated_vote(ctx: Context) -> int:
    vote_id = await open_vote_on_agenda(ctx)
    for member, choice in zip(
        BESTILLERE.values(), [Choice.FOR, Choice.MOT, Choice.FOR, Choice.FOR], strict=True
    ):
        await votes.cast_ballot(ctx, CastBallot(member, vote_id, choice))
    await votes.close_vote(ctx, CloseVote(CHAIR, vote_id))
    return vote_id


async def test_a_closed_vote_reaches_the_local_folder_once(ctx: Context, tmp_path: Path) -> None:
    vote_id = await escalated_vote(ctx)
    worker = OutboxWorker(Publisher(ctx, LocalFolderTarget(tmp_path)), "w1")
    assert await worker.run_once() >= 3
    committee = sorted((tmp_path / "ROR-IKT" / "Bestillerutvalget").rglob("*.*"))
    names = [p.name for p in committee]
    assert any(n.endswith(".docx") for n in names) and any(n.endswith(".pdf") for n in names)
    assert all("Vedtak" in str(p) for p in committee)
    # "Forslag #1: …" is published as "… Forslag 1 …": a "#" breaks links in SharePoint
    assert all("#" not in p.name for p in committee)
    assert any(" Forslag " in n and n.split(" Forslag ")[1].split()[0].isdigit() for n in names)
    assert list((tmp_path / "ROR-IKT").glob("Styret*/Vedtak/*/*.docx"))  # the escalation
    word = docx.Document(io.BytesIO(next(p for p in committee if p.suffix == ".docx").read_bytes()))
    text = "\n".join(p.text for p in word.paragraphs) + "\n".join(
        c.text for t in word.tables for r in t.rows for c in r.cells
    )
    assert "Felles innbyggerportal" in text and "Molde" in text
    rows = json.loads((tmp_path / "lists" / "Saksoversikt.json").read_text("utf-8"))
    assert [r["Saksnummer"] for r in rows] == ["1"]
    said = await for_the_bot(ctx)
    assert {b for b, _, _ in said.posted} == {ctx.mandate.committee, ctx.mandate.board}
    delivered = await outbox.listing(ctx, DeliveryState.DELIVERED)
    assert f"decision:vote:{vote_id}" in {p.key for p in delivered}
    assert await worker.run_once() == 1  # the portfolio row again, now linking the decision
    assert await worker.run_once() == 0  # nothing twice


def graph_target(emulator: GraphEmulator) -> GraphTarget:
    settings = GraphSettings(
        base_url=f"{emulator.base}/v1.0",
        board_team_id=BOARD_TEAM,
        base_delay=0.01,
        max_delay=0.05,
        request_timeout=5,
    )

    async def no_wait(seconds: float) -> None:
        await asyncio.sleep(0)

    return GraphTarget(settings, emulator_credential(), sleep=no_wait)


async def test_throttled_graph_still_gets_each_file_and_row_once(
    ctx: Context,
    graph: GraphEmulator,
) -> None:
    await escalated_vote(ctx)
    graph.arm("content", throttle(1), unavailable(), throttle(2))
    graph.arm("batch", unavailable())
    target = graph_target(graph)
    try:
        workers = [OutboxWorker(Publisher(ctx, target), f"w{n}") for n in (1, 2)]
        await asyncio.gather(*(w.run_once() for w in workers))  # two workers, one database
        for _ in range(3):
            await asyncio.gather(*(w.run_once() for w in workers))
    finally:
        await target.aclose()
    committee = graph.files(COMMITTEE_TEAM, COMMITTEE_CHANNEL)
    assert len(committee) == 2 and all(p.startswith("Vedtak/") for p in committee)
    assert len(graph.files(BOARD_TEAM, BOARD_CHANNEL)) == 2
    portfolio = graph.list_named(BOARD_TEAM, "Saksoversikt")
    assert portfolio.created == 1 and len(portfolio.items) == 1
    published = await outbox.listing(ctx, kinds=PUBLISHING_KINDS)
    assert {p.state for p in published} == {DeliveryState.DELIVERED}
    assert graph.count("content") == 7 and graph.count("batch") >= 2  # faults met and retried


async def test_a_refusal_from_graph_parks_the_publication_and_tells_the_chair(
    ctx: Context,
    graph: GraphEmulator,
) -> None:
    await outbox.status_report(ctx, CHAIR)
    graph.arm("filesFolder", refuse(403))
    target = graph_target(graph)
    try:
        assert await OutboxWorker(Publisher(ctx, target), "w1").run_once() == 1
    finally:
        await target.aclose()
    [parked] = await outbox.listing(ctx, DeliveryState.FAILED)
    assert parked.attempts == 1 and "graph_forbidden" in parked.last_error
    assert (await for_the_bot(ctx)).parked_keys == [parked.key]


async def test_a_registered_study_is_published(ctx: Context, tmp_path: Path) -> None:
    proposal = await ready_proposal(ctx)
    study = await reports.register(
        ctx,
        RegisterReport(
            CHAIR,
            ReportKind.STUDY,
            "Kartlegging av skjema",
            "Vi fant 212 papirskjema.\n\nMolde har flest.",
            proposal_id=proposal.id,
        ),
    )
    worker = OutboxWorker(Publisher(ctx, LocalFolderTarget(tmp_path)), "w1")
    await worker.run_once()
    [word] = sorted((tmp_path / "ROR-IKT" / "Bestillerutvalget" / "Utredninger").rglob("*.docx"))
    assert "Kartlegging av skjema" in word.name
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.read_bytes())).paragraphs)
    assert "212 papirskjema" in text and "Felles innbyggerportal" in text
    assert f"study:report:{study.id}" in {p.key for p in await outbox.listing(ctx)}


async def test_only_the_chair_registers_studies_and_measures(
    ctx: Context, engine: AsyncEngine
) -> None:
    await refused(
        ctx,
        engine,
        "policy.chair_only",
        reports.register(
            ctx, RegisterReport(BESTILLERE["molde"], ReportKind.MEASURE, "Tiltak", "Tekst")
        ),
    )
    await refused(
        ctx,
        engine,
        "report.text",
        reports.register(ctx, RegisterReport(CHAIR, ReportKind.MEASURE, "Tiltak", "   ")),
    )
    await refused(
        ctx,
        engine,
        "proposal.not_found",
        reports.register(
            ctx, RegisterReport(CHAIR, ReportKind.MEASURE, "Tiltak", "Tekst", proposal_id=999)
        ),
    )


async def test_the_portfolio_row_shows_rank_last_decision_and_the_document_link(
    ctx: Context,
    tmp_path: Path,
) -> None:
    vote_id = await escalated_vote(ctx)
    other = await ready_proposal(ctx, "Felles kartløsning")
    first = (await votes.get(ctx, vote_id)).proposal_id
    assert other.id is not None
    round_ = await ranking.open_round(ctx, OpenRound(CHAIR, "Prioritering 2028", [first, other.id]))
    assert round_.id is not None
    for member in BESTILLERE.values():
        await ranking.submit_ranking(ctx, SubmitRanking(member, round_.id, [other.id, first]))
    await ranking.close_round(ctx, CloseRound(CHAIR, round_.id))
    worker = OutboxWorker(Publisher(ctx, LocalFolderTarget(tmp_path)), "w1")
    while await worker.run_once():  # the decision's link reaches the row on a second pass
        pass
    rows = {
        r["Saksnummer"]: r
        for r in json.loads((tmp_path / "lists" / "Saksoversikt.json").read_text("utf-8"))
    }
    decided, ranked = rows[str(first)], rows[str(other.id)]
    assert (decided["Rangering"], ranked["Rangering"]) == (2, 1)
    assert decided["SisteVedtak"] == "Løftet til styret (11.01.2027)"
    assert decided["Lenke"].endswith(".docx") and "Vedtak" in decided["Lenke"]
    assert ranked["SisteVedtak"] == "" and ranked["Lenke"] == ""
    csv_text = (tmp_path / "lists" / "Saksoversikt.csv").read_text("utf-8-sig")
    header = next(csv.reader(io.StringIO(csv_text)))
    assert header == [c.name for c in PORTFOLIO_COLUMNS]
    assert header[-4:] == ["Rangering", "SisteVedtak", "Lenke", "SistEndret"]
    assert (decided["PlanlagtGevinst"], decided["RealisertGevinst"]) == ("", "")


async def test_a_title_stored_with_control_characters_blocks_no_publication(
    ctx: Context,
    engine: AsyncEngine,
    tmp_path: Path,
) -> None:
    """Legacy data: a title stored before invisible characters were refused (written here
    straight into the table, as an old row would be) is published without them, and the
    board's status report after it is delivered too."""
    vote_id = await open_vote_on_agenda(ctx)
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE proposals SET title = :title"),
            {"title": "Felles\x01 innbygger\x0bportal\x1f"},
        )
    for member, choice in zip(
        BESTILLERE.values(), [Choice.FOR, Choice.MOT, Choice.FOR, Choice.FOR], strict=True
    ):
        await votes.cast_ballot(ctx, CastBallot(member, vote_id, choice))
    await votes.close_vote(ctx, CloseVote(CHAIR, vote_id))
    await outbox.status_report(ctx, CHAIR)
    worker = OutboxWorker(Publisher(ctx, LocalFolderTarget(tmp_path)), "w1")
    while await worker.run_once():
        pass
    assert (await for_the_bot(ctx)).parked_keys == []
    assert await outbox.listing(ctx, DeliveryState.FAILED) == []
    assert await outbox.listing(ctx, DeliveryState.PENDING, PUBLISHING_KINDS) == []  # no retry
    texts, reports = _word_texts_and_status_reports(tmp_path)
    assert any("Felles innbyggerportal" in t for t in texts)
    assert reports == [".docx", ".pdf"]


def _word_texts_and_status_reports(root: Path) -> tuple[list[str], list[str]]:
    words = [docx.Document(io.BytesIO(p.read_bytes())) for p in root.rglob("*.docx")]
    texts = [
        "\n".join(p.text for p in w.paragraphs)
        + "\n".join(c.text for t in w.tables for r in t.rows for c in r.cells)
        for w in words
    ]
    return texts, sorted(p.suffix for p in root.rglob("Statusrapporter/*/*.*"))


async def plan_benefits(ctx: Context, proposal_id: int) -> None:
    """Two benefits of ``proposal_id``, one measured (stored as the benefit use cases would)."""
    calls = BenefitFollowUp(proposal_id, "Færre telefonhenvendelser", Decimal("200"), "per måned")
    calls.record(Decimal("150"), date(2027, 1, 10), by=CHAIR)
    hours = BenefitFollowUp(proposal_id, "Spart saksbehandlingstid", Decimal("1200.5"), "timer/år")
    async with ctx.unit() as uow:
        uow.benefits.add(calls)
        uow.benefits.add(hours)
        await uow.commit()


async def test_planned_and_realised_benefit_reach_the_status_report_and_the_list(
    ctx: Context, tmp_path: Path
) -> None:
    vote_id = await escalated_vote(ctx)
    await plan_benefits(ctx, (await votes.get(ctx, vote_id)).proposal_id)
    await outbox.status_report(ctx, CHAIR)
    worker = OutboxWorker(Publisher(ctx, LocalFolderTarget(tmp_path)), "w1")
    while await worker.run_once():
        pass
    (report,) = await asyncio.to_thread(lambda: list(tmp_path.rglob("Statusrapporter/*/*.docx")))
    word = docx.Document(io.BytesIO(report.read_bytes()))
    headings = [p.text for p in word.paragraphs if p.style and p.style.name.startswith("Heading")]
    assert headings[-1] == "Planlagt mot realisert gevinst"
    cells = [[c.text for c in r.cells] for t in word.tables for r in t.rows]
    assert cells[-2][1:5] == ["Færre telefonhenvendelser", "per måned", "200", "150"]
    assert cells[-2][-1] == "75\xa0%" and cells[-1][4:] == ["", "", ""]
    assert len(word.inline_shapes) == 5  # state, municipality, cost, and one chart per unit
    (row,) = json.loads((tmp_path / "lists" / "Saksoversikt.json").read_text("utf-8"))
    assert row["PlanlagtGevinst"] == "200 per måned; 1\xa0200,5 timer/år"
    assert row["RealisertGevinst"] == "150 per måned; ikke målt"


async def test_a_list_made_before_the_benefit_columns_gets_them_in_graph(
    ctx: Context, graph: GraphEmulator
) -> None:
    older = [c for c in PORTFOLIO_COLUMNS if "Gevinst" not in c.name]
    before = graph_target(graph)  # the list as an earlier release made it
    try:
        await before.upsert_list_items(PORTFOLIO_LIST, PORTFOLIO_KEY, older, [ListItem("1", {})])
    finally:
        await before.aclose()
    target = graph_target(graph)
    try:
        vote_id = await escalated_vote(ctx)
        await plan_benefits(ctx, (await votes.get(ctx, vote_id)).proposal_id)
        worker = OutboxWorker(Publisher(ctx, target), "w1")
        while await worker.run_once():
            pass
    finally:
        await target.aclose()
    portfolio = graph.list_named(BOARD_TEAM, PORTFOLIO_LIST)
    added = ["PlanlagtGevinst", "RealisertGevinst"]
    assert list(portfolio.columns) == ["Title", *(c.name for c in older), *added]
    assert portfolio.columns["PlanlagtGevinst"]["text"] == {}  # one line of text
    (fields,) = portfolio.items.values()
    assert fields["PlanlagtGevinst"] == "200 per måned; 1\xa0200,5 timer/år"
    assert fields["RealisertGevinst"] == "150 per måned; ikke målt"
