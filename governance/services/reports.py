"""Use cases of studies (utredninger) and measures (tiltak): the chair registers one, and it is
published on the committee's Teams area (mandate: "utredninger, tiltak … publiseres")."""

from __future__ import annotations

from governance.domain.outbox import PublicationKind, report_key
from governance.domain.reports import Report
from governance.domain.subjects import AuditSubject
from governance.domain.text import require_clean_text
from governance.i18n import N_, Msg
from governance.services import policies
from governance.services.commands import RegisterReport
from governance.services.context import Context, record, retry_on_conflict
from governance.services.outbox import enqueue


@retry_on_conflict
async def register(ctx: Context, cmd: RegisterReport) -> Report:
    actor, kind, title, text, proposal_id = (
        cmd.actor,
        cmd.kind,
        cmd.title,
        cmd.text,
        cmd.proposal_id,
    )
    policies.require_chair(ctx.mandate.member(actor), ctx.mandate)
    require_clean_text(title, Msg(N_("Title")))
    require_clean_text(text, Msg(N_("Text")))
    body = ctx.mandate.committee
    async with ctx.unit() as uow:
        if proposal_id is not None:
            await uow.proposals.get(proposal_id)
        report = Report.register(
            kind, title, text, body_id=body, by=actor, at=ctx.clock.now(), proposal_id=proposal_id
        )
        uow.reports.add(report)
        await uow.flush()
        assert report.id is not None
        await record(
            ctx,
            uow,
            actor,
            f"{kind.value}.registered",
            AuditSubject.report(report.id),
            {"title": report.title, "proposal": proposal_id},
        )
        await enqueue(
            ctx,
            uow,
            PublicationKind(kind.value),
            report_key(PublicationKind(kind.value), report.id),
            body,
            {"report_id": report.id},
        )
        await uow.commit()
    return report


async def get(ctx: Context, report_id: int) -> Report:
    async with ctx.reading() as uow:
        return await uow.reports.get(report_id)
