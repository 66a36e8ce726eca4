"""The systems card (mandate rule 7): line-of-business systems with their functions, owning
group and integrations, for an optional search; capped so the card stays small, saying how many
more matched.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from microsoft_teams.cards import CardElement, Container

from cards.elements import adaptive_card, facts, heading, text
from governance.domain.errors import NotFound
from governance.domain.organisation import Mandate
from governance.domain.systems import Inventory, System
from governance.i18n import N_, translate
from governance.presentation import clip, excerpt, municipality_name, names

DEFAULT_LIMIT: Final = 10
FUNCTIONS_LIMIT: Final = 240
INTEGRATIONS_SHOWN: Final = 6


def systems_card(
    inventory: Inventory,
    mandate: Mandate,
    locale: str = "nb",
    *,
    query: str | None = None,
    limit: int = DEFAULT_LIMIT,
    group_names: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The systems in use, or those matching ``query`` (name, vendor or function), at most
    ``limit`` of them. ``group_names`` names owning groups that the mandate file does not list
    (groups established later); the mandate's bodies are named anyway."""
    query = (query or "").strip()
    found = inventory.search(query) if query else inventory.systems()
    owners = {b.id: b.name for b in mandate.bodies} | dict(group_names or {})
    title = translate(N_("Systems"), locale)
    body: list[CardElement] = [heading(title, size="Medium")]
    if query:
        body.append(
            text(
                translate(
                    N_("Search: “{query}” ({count} found)"),
                    locale,
                    query=excerpt(query),
                    count=len(found),
                ),
                subtle=True,
            )
        )
    if not found:
        body.append(text(translate(N_("No system matches."), locale)))
    for system in found[: max(limit, 0)]:
        body.append(_system(system, inventory, owners, mandate, locale))
    if len(found) > limit:
        body.append(
            text(
                translate(
                    N_("Showing {shown} of {count}. Search more precisely to see the rest."),
                    locale,
                    shown=limit,
                    count=len(found),
                ),
                subtle=True,
                spacing="Medium",
            )
        )
    return adaptive_card(body, fallback_text=title)


def _system(
    system: System,
    inventory: Inventory,
    owners: Mapping[str, str],
    mandate: Mandate,
    locale: str,
) -> Container:
    def t(msgid: str) -> str:
        return translate(msgid, locale)

    header = f"{system.name} · {system.vendor}" if system.vendor else system.name
    used_by = names((municipality_name(mandate, m) for m in system.municipalities), locale)
    owner = owners.get(system.owner_body, system.owner_body) if system.owner_body else ""
    return Container(
        separator=True,
        spacing="Medium",
        items=[
            text(clip(header, 150), bold=True),
            facts(
                [
                    (t(N_("Functions")), clip(", ".join(system.functions), FUNCTIONS_LIMIT)),
                    (t(N_("Owner")), owner),
                    (t(N_("Integrations")), _integrations(system, inventory)),
                    (t(N_("Used by")), used_by),
                ],
                spacing="Small",
            ),
        ],
    )


def _integrations(system: System, inventory: Inventory) -> str:
    """ "→ Acos WebSak, ← Gerica": arrows show the direction of each integration."""
    parts = []
    for integration in inventory.integrations_of(system.key):
        outgoing = integration.source == system.key
        other = integration.target if outgoing else integration.source
        try:
            other_name = inventory.get(other).name
        except NotFound:
            other_name = other
        parts.append(f"{'→' if outgoing else '←'} {other_name}")
    shown = ", ".join(parts[:INTEGRATIONS_SHOWN])
    return shown + (
        f" (+{len(parts) - INTEGRATIONS_SHOWN})" if len(parts) > INTEGRATIONS_SHOWN else ""
    )
