"""Use cases of a proposal's attachments: links to files in the Teams area (mandate rule 1),
added by the submitter, the committee's members or its chair, removed by whoever added one or
the chair. Every change is audited, and the proposal's card in the committee's channel follows.
The actor is always a member id taken from the caller's identity."""

from __future__ import annotations

from governance.domain.attachments import Attachment
from governance.domain.subjects import AuditSubject
from governance.domain.text import require_clean_text
from governance.i18n import N_, Msg
from governance.services import outbox, policies
from governance.services.commands import AddAttachment, RemoveAttachment
from governance.services.context import Context, record, retry_on_conflict


@retry_on_conflict
async def add_attachment(ctx: Context, cmd: AddAttachment) -> Attachment:
    """Link a file to the proposal; an address outside the Teams area is refused, nothing kept."""
    member = ctx.mandate.member(cmd.actor)
    require_clean_text(cmd.title, Msg(N_("Title")))
    async with ctx.unit() as uow:
        proposal = await uow.proposals.get(cmd.proposal_id)
        policies.require_may_add_attachment(member, proposal, ctx.mandate)
        attachment = proposal.attach(cmd.title, cmd.url, by=member.id, at=ctx.clock.now())
        await uow.flush()
        await record(
            ctx,
            uow,
            member.id,
            "proposal.attachment_added",
            AuditSubject.proposal(proposal.id),
            {"attachment": attachment.id, "title": attachment.title, "url": attachment.url},
        )
        await outbox.proposal_card_changed(ctx, uow, cmd.proposal_id)
        await uow.commit()
    return attachment


@retry_on_conflict
async def remove_attachment(ctx: Context, cmd: RemoveAttachment) -> Attachment:
    """Remove a link from the proposal (the file itself stays where it is)."""
    member = ctx.mandate.member(cmd.actor)
    async with ctx.unit() as uow:
        proposal = await uow.proposals.get(cmd.proposal_id)
        attachment = proposal.attachment(cmd.attachment_id)
        policies.require_may_remove_attachment(member, attachment, ctx.mandate)
        proposal.detach(cmd.attachment_id)
        await record(
            ctx,
            uow,
            member.id,
            "proposal.attachment_removed",
            AuditSubject.proposal(proposal.id),
            {"attachment": attachment.id, "title": attachment.title, "url": attachment.url},
        )
        await outbox.proposal_card_changed(ctx, uow, cmd.proposal_id)
        await uow.commit()
    return attachment
