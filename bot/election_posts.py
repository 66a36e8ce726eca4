"""Where an election's card lives and how its copies are kept current: the copy for everyone in
the group's channel (subject ``election:<id>``) and each chair's own copy in personal chat,
with the button that closes the election (subject ``election-chair:<id>:<member>``)."""

from __future__ import annotations

import logging
from typing import Any

from bot.notifier import TeamsNotifier
from cards.election import election_card
from governance.domain.elections import Election
from governance.services import groups

log = logging.getLogger("samstyre.bot")


def shared_subject(election: Election) -> str:
    return f"election:{election.id}"


def chair_subject(election: Election, chair_id: str) -> str:
    return f"election-chair:{election.id}:{chair_id}"


async def views(
    notifier: TeamsNotifier, election: Election
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The copy for everyone and each chair's copy, in the cooperation's language."""
    ctx = notifier.ctx
    group, today, locale = (
        await groups.group(ctx, election.group_key),
        ctx.today(),
        ctx.mandate.locale,
    )
    shared = election_card(election, group, ctx.mandate, locale, today=today)
    chairs = {
        c.id: election_card(
            election, group, ctx.mandate, locale, today=today, viewer=c.id, viewer_is_chair=True
        )
        for c in ctx.mandate.chairs()
    }
    return shared, chairs


async def refresh(notifier: TeamsNotifier, election: Election) -> None:
    """Update every posted copy after a ballot or when the election closes; a copy that cannot
    be updated is logged, the ballot stays recorded."""
    try:
        shared, chairs = await views(notifier, election)
        await notifier.update_posts(shared_subject(election), shared)
        for chair_id, card in chairs.items():
            await notifier.update_posts(chair_subject(election, chair_id), card)
    except Exception as error:
        log.warning("could not update the posted cards of election %s", election.id, exc_info=error)
