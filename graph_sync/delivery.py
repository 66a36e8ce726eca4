"""What each kind of publication becomes: documents (Word and a PDF twin) in the body's channel
files folder (the bot then announces it in the channel), or the proposal's row in the board's
portfolio list. Pure orchestration: content comes from ``graph_sync.publications`` and
``graph_sync.status_report``, the last writer is a ``PublishTarget``."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from governance.domain.decisions import VERDICT_LABELS
from governance.domain.investment import BenefitFollowUp, benefit_report
from governance.domain.organisation import Mandate
from governance.domain.outbox import (
    Delivery,
    PublicationKind,
    decision_key,
    decision_record_key,
)
from governance.domain.proposals import Proposal, state_label
from governance.domain.tally import Outcome
from governance.domain.votes import Vote
from governance.i18n import N_, translate
from governance.ports.publishing import Column, ListItem, Place, Published, PublishTarget
from governance.presentation import (
    OUTCOME_LABELS,
    clip,
    decider_name,
    in_oslo,
    number,
    short_day,
)
from governance.services import document_queries as read
from governance.services.context import Context
from graph_sync.documents import Document, render_docx, render_pdf
from graph_sync.errors import PublishError
from graph_sync.publications import (
    DocumentKind,
    decision_document,
    decision_record_document,
    document_path,
)
from graph_sync.publications import minutes_document as minutes_doc
from graph_sync.reports import report_document
from graph_sync.status_report import status_document

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PORTFOLIO_LIST = "Saksoversikt"
PORTFOLIO_KEY = "Saksnummer"
PORTFOLIO_COLUMNS = (
    Column(PORTFOLIO_KEY),
    Column("Tittel"),
    Column("Status"),
    Column("Kommuner"),
    Column("Engangskostnad", "number"),
    Column("Aarligkostnad", "number"),
    Column("PlanlagtGevinst"),
    Column("RealisertGevinst"),
    Column("Rangering", "number"),
    Column("SisteVedtak"),
    Column("Lenke", "url"),
    Column("SistEndret", "dateTime"),
)
TEXT_CELL_LIMIT = 255  # characters a single line of text in a SharePoint list holds


@dataclass(frozen=True)
class PortfolioFacts:
    """What a row says beyond the proposal itself: its place in the last closed ranking round,
    its last decision (a closed vote), the published decision document, and its planned and
    realised benefits ("120 timer/år; 40 000 kr")."""

    rank: int | None = None
    decision: str = ""
    link: str = ""
    planned_benefit: str = ""
    realised_benefit: str = ""


@dataclass
class Publisher:
    ctx: Context
    target: PublishTarget

    def place(self, body_id: str) -> Place:
        body = self.ctx.mandate.body(body_id)
        return Place(body.id, body.team_id, body.channel_id, self.ctx.mandate.name, body.name)

    async def document(self, item: Delivery) -> dict[str, Any]:
        doc, kind, on = await self._content(item)
        path = document_path(kind, on, doc.subtitle if kind == "minutes" else doc.title)
        place = self.place(item.body_id)
        # Rendering takes up to a second or two of CPU: off the event loop the bot serves on,
        # one document after the other (matplotlib is not made for concurrent threads).
        word, pdf_bytes = await asyncio.to_thread(_render_both, doc)
        published = await self.target.put_file(place, path, word, DOCX)
        pdf = path.rsplit(".", 1)[0] + ".pdf"
        twin = await self.target.put_file(place, pdf, pdf_bytes, "application/pdf")
        # the title goes with the result: the announcement in the body's channel links it
        return {"url": published.url, "pdf": twin.url, "path": path, "title": doc.title}

    async def _content(self, item: Delivery) -> tuple[Document, DocumentKind, date]:
        locale, mandate = self.ctx.mandate.locale, self.ctx.mandate
        if item.kind is PublicationKind.DECISION and "decision_id" in item.payload:
            record = await read.decision_record(self.ctx, int(item.payload["decision_id"]))
            doc = decision_record_document(
                record.decision,
                record.proposal,
                record.votes,
                record.earlier,
                record.meeting,
                mandate,
                locale,
            )
            return doc, "decision", in_oslo(record.decision.decided_at).date()
        if item.kind is PublicationKind.DECISION:
            board = item.payload.get("board_meeting_id")
            facts = await read.decision(
                self.ctx, int(item.payload["vote_id"]), int(board) if board else None
            )
            vote = facts.vote
            doc = decision_document(
                vote,
                vote.current_tally(),
                facts.proposal,
                mandate,
                locale,
                board_meeting_date=facts.board_meeting,
            )
            return doc, "decision", (vote.closed_at or vote.opened_at).date()
        if item.kind is PublicationKind.MINUTES:
            held = await read.minutes(self.ctx, int(item.payload["meeting_id"]))
            doc = minutes_doc(held.meeting, held.proposals, mandate, locale)
            return doc, "minutes", held.meeting.on
        if item.kind is PublicationKind.STATUS:
            return await self._status(), "status", self.ctx.today()
        if item.kind in (PublicationKind.STUDY, PublicationKind.MEASURE):
            written = await read.report(self.ctx, int(item.payload["report_id"]))
            kind: DocumentKind = "study" if item.kind is PublicationKind.STUDY else "measure"
            return (
                report_document(written.report, written.proposal, mandate, locale),
                kind,
                written.report.registered_at.date(),
            )
        raise PublishError("unknown_kind", f"publication kind {item.kind} has no document")

    async def _status(self) -> Document:
        today = self.ctx.today()
        facts = await read.status(self.ctx, today.year)
        return status_document(
            facts.proposals,
            facts.votes,
            facts.tasks,
            facts.plans,
            self.ctx.mandate,
            self.ctx.mandate.locale,
            today=today,
            benefits=facts.benefits,
        )

    async def portfolio(self, items: Sequence[Delivery]) -> int:
        """One upsert (batched by the target) for all due portfolio rows."""
        ids = [int(i.payload["proposal_id"]) for i in items]
        source = await read.portfolio(self.ctx, ids)
        facts = _portfolio_facts(source, ids, self.ctx.mandate)
        rows = [portfolio_row(source.proposals[pid], self.ctx, facts[pid]) for pid in ids]
        return await self.target.upsert_list_items(
            PORTFOLIO_LIST, PORTFOLIO_KEY, PORTFOLIO_COLUMNS, rows
        )


def _portfolio_facts(
    source: read.PortfolioSource, ids: Sequence[int], mandate: Mandate
) -> dict[int, PortfolioFacts]:
    """Each row's rank and last decision: the later of its last closed vote and its last
    decision after the committee, with the link to that decision's document."""
    locale = mandate.locale
    latest = source.latest_round
    order = (latest.final_order or []) if latest is not None else []
    decided = _last_decisions(source.votes, ids)
    benefits = _benefit_texts(source.benefits, locale)
    records = {d.proposal_id: d for d in source.decisions}  # by id: the last one stays
    facts = {}
    for pid in ids:
        decision = link = ""
        record, voted = records.get(pid), decided.get(pid)
        vote_at = (voted[0].closed_at or voted[0].opened_at) if voted else None
        if (
            record is not None
            and record.id is not None
            and (vote_at is None or record.decided_at >= vote_at)
        ):
            decision = translate(
                N_("{verdict}: {decider} ({date})"),
                locale,
                verdict=translate(VERDICT_LABELS[record.verdict], locale),
                decider=decider_name(mandate, record.decider),
                date=short_day(in_oslo(record.decided_at).date(), locale),
            )
            link = str(source.published.get(decision_record_key(record.id), {}).get("url", ""))
        elif voted is not None and vote_at is not None:
            vote, outcome = voted
            decision = translate(
                N_("{outcome} ({date})"),
                locale,
                outcome=translate(OUTCOME_LABELS[outcome], locale),
                date=short_day(in_oslo(vote_at).date(), locale),
            )
            assert vote.id is not None
            link = str(source.published.get(decision_key(vote.id), {}).get("url", ""))
        planned, realised = benefits.get(pid, ("", ""))
        facts[pid] = PortfolioFacts(
            order.index(pid) + 1 if pid in order else None,
            decision,
            link,
            planned_benefit=planned,
            realised_benefit=realised,
        )
    return facts


def _benefit_texts(followups: Sequence[BenefitFollowUp], locale: str) -> dict[int, tuple[str, str]]:
    """Each proposal's planned and realised benefits as the list shows them, one value with its
    unit per benefit, joined by "; " in the same order: realised is empty while nothing is
    measured; once something is, a benefit not measured yet says so in its place."""
    by_proposal: dict[int, list[tuple[str, str | None]]] = {}
    for row in benefit_report(followups):
        planned = f"{number(row.planned_value, locale)} {row.unit}"
        measured = (
            f"{number(row.measured_value, locale)} {row.unit}"
            if row.measured_value is not None
            else None
        )
        by_proposal.setdefault(row.proposal_id, []).append((planned, measured))
    not_measured = translate(N_("not measured"), locale)
    texts = {}
    for pid, values in by_proposal.items():
        planned_text = "; ".join(p for p, _ in values)
        realised_text = (
            "; ".join(m if m is not None else not_measured for _, m in values)
            if any(m is not None for _, m in values)
            else ""
        )
        texts[pid] = (clip(planned_text, TEXT_CELL_LIMIT), clip(realised_text, TEXT_CELL_LIMIT))
    return texts


def _last_decisions(
    all_votes: Sequence[Vote], ids: Sequence[int]
) -> dict[int, tuple[Vote, Outcome]]:
    """Each proposal's last closed vote with its outcome."""
    found: dict[int, tuple[Vote, Outcome]] = {}
    closed = sorted(
        (
            v
            for v in all_votes
            if v.closed_at is not None and v.outcome is not None and v.proposal_id in ids
        ),
        key=lambda v: (v.closed_at, v.id or 0),
    )
    for vote in closed:
        assert vote.outcome is not None
        found[vote.proposal_id] = (vote, vote.outcome)
    return found


def _render_both(doc: Document) -> tuple[bytes, bytes]:
    return render_docx(doc), render_pdf(doc)


def portfolio_row(
    proposal: Proposal, ctx: Context, facts: PortfolioFacts | None = None
) -> ListItem:
    names = {m.id: m.name for m in ctx.mandate.municipalities}
    changed = proposal.updated_at or proposal.created_at
    known = facts or PortfolioFacts()
    return ListItem(
        proposal.number.lstrip("#"),
        {
            "Tittel": proposal.title,
            "Status": translate(state_label(proposal.state), ctx.mandate.locale),
            "Kommuner": ", ".join(names.get(m, m) for m in proposal.municipalities),
            "Engangskostnad": float(proposal.cost_one_off),
            "Aarligkostnad": float(proposal.cost_yearly),
            "PlanlagtGevinst": known.planned_benefit,
            "RealisertGevinst": known.realised_benefit,
            "Rangering": known.rank,
            "SisteVedtak": known.decision,
            "Lenke": known.link,
            "SistEndret": changed.isoformat(),
        },
    )


__all__ = ["PublishError", "Published", "Publisher", "portfolio_row"]
