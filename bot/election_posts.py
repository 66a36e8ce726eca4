"""Where an election's card lives and how its copies are kept current: the copy for everyone in
the group's channel (subject ``election:<id>``) and each chair's own copy in personal chat,
with the button that closes the election (subject ``election-chair:<id>:<member>``)."""

from __future__ import annotations

from typing import Any

from bot.notifier import TeamsNotifier
from cards.election import election_card
from governance.domain.elections import Election
from governance.domain.subjects import CardSubject
from governance.services import groups


def shared_subject(election: Election) -> str:
    assert election.id is not None
    return CardSubject.election(election.id).key


def chair_subject(election: Election, chair_id: str) -> str:
    assert election.id is not None
    return CardSubject.election_chair(election.id, chair_id).key


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


async def refresh(notifier: TeamsNotifier, election: Election) -> int:
    """Update every posted copy (the outbox calls this after a ballot or when the election
    closes); how many copies were replaced."""
    shared, chairs = await views(notifier, election)
    updated = await notifier.update_posts(shared_subject(election), shared)
    for chair_id, card in chairs.items():
        updated += await notifier.update_posts(chair_subject(election, chair_id), card)
    return updated
