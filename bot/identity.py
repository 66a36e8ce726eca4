"""Who is speaking: ``from.aadObjectId`` and the tenant of the activity, mapped to a member of the
mandate. The member decides the municipality of a ballot, the owner of a proposal and the actor of
an audit entry; nothing a card sends back is trusted for that."""

from __future__ import annotations

from typing import Any

from microsoft_agents.activity import Activity

from governance.domain.errors import Forbidden, NotFound
from governance.domain.organisation import Mandate, Member
from governance.i18n import N_


class UnknownCaller(Forbidden):
    """The caller is not a member of this cooperation (or comes from another tenant)."""


def tenant_of(activity: Activity) -> str | None:
    """Teams names the tenant on the conversation and in ``channelData.tenant.id``."""
    if activity.conversation is not None and activity.conversation.tenant_id:
        return str(activity.conversation.tenant_id)
    data: Any = activity.channel_data
    if isinstance(data, dict):
        tenant = data.get("tenant")
        if isinstance(tenant, dict) and isinstance(tenant.get("id"), str):
            return str(tenant["id"])
    return None


def identify(activity: Activity, mandate: Mandate) -> Member:
    """The mandate's member behind ``activity``, or ``UnknownCaller``."""
    sender = activity.from_property
    object_id = sender.aad_object_id if sender is not None else None
    tenant = tenant_of(activity)
    if mandate.tenant_ids and (tenant is None or tenant.lower() not in _lower(mandate.tenant_ids)):
        raise UnknownCaller(
            "identity.foreign_tenant",
            N_(
                "You are signed in to another organisation than {cooperation}. "
                "This assistant serves only members of {cooperation}."
            ),
            cooperation=mandate.name,
        )
    if not object_id:
        raise UnknownCaller(
            "identity.anonymous", N_("Teams did not say who you are, so nothing was done.")
        )
    try:
        return mandate.member_by_identity(object_id=str(object_id))
    except NotFound:
        raise UnknownCaller(
            "identity.not_member",
            N_(
                "You are not registered as a member of {cooperation}. Ask the chair (daglig "
                "leder) to add you to the mandate if you should take part."
            ),
            cooperation=mandate.name,
        ) from None


def _lower(values: tuple[str, ...]) -> set[str]:
    return {v.lower() for v in values}
