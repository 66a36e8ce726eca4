"""A proposal's attachments, its discussion thread and its full card, over real HTTP as Teams
drives them: links to the Teams area added and removed from the proposal card (a refusal keeps
what was typed and changes nothing), the card posted once in the committee's channel and kept
up to date there, and every text in full on demand."""

from __future__ import annotations

from typing import Any
from unittest.mock import ANY

from bot.app import Bot
from governance.domain.outbox import PublicationKind, discussion_key
from governance.domain.proposals import ProposalState
from governance.domain.subjects import AuditSubject
from governance.services import outbox, proposals
from governance.services.context import Context
from tests.emulators.connector import Received
from tests.integration.bot.refusals import refused_click
from tests.integration.bot.teams import (
    AUKRA,
    BOARD_MEMBER,
    CHAIR,
    COMMITTEE_CHANNEL,
    MOLDE,
    Person,
    TeamsSide,
)
from tests.integration.bot.test_protocol import (
    FORM,
    REFUSAL,
    _actions,
    _inputs,
    submitted_by_molde,
    text_of,
)
from tests.integration.helpers import ready_proposal

NOT_SAVED = "Ikke lagret"  # the title of the notice on a refused attachment
LINK = "https://rorikt.sharepoint.com/sites/bestillerutvalget/Delte%20dokumenter/krav.docx"
TEAMS_LINK = "https://teams.microsoft.com/l/file/ABC123?tenantId=x"
MESSAGE_LINK = "https://teams.microsoft.com/l/message/"


def open_urls(node: Any) -> dict[str, str]:
    """Every Action.OpenUrl of the card (nested cards too), title → url."""
    found: dict[str, str] = {}
    if isinstance(node, dict):
        if node.get("type") == "Action.OpenUrl":
            found[node["title"]] = node["url"]
        for value in node.values():
            found |= open_urls(value)
    elif isinstance(node, list):
        for value in node:
            found |= open_urls(value)
    return found


def notice(card: dict[str, Any]) -> list[str]:
    """The texts of the refusal's notice at the top of the card (none: no notice)."""
    first = card["body"][0]
    if first.get("type") != "Container" or first.get("style") != "attention":
        return []
    return [item["text"] for item in first["items"]]


def detach_buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [a["data"] for a in _actions(card) if a["verb"] == "proposal.detach"]


def channel_posts(side: TeamsSide) -> list[Received]:
    """The new messages with a card in the committee's channel since the connector was cleared."""
    return [r for r in side.connector.messages(COMMITTEE_CHANNEL) if r.cards()]


async def submitted_in_linked_channel(side: TeamsSide, ctx: Context) -> tuple[int, Received]:
    """The chair has spoken in the committee's channel (so it is linked), and everyone of these
    tests in their chat with the bot (a first message records the chat: not what a refusal
    must leave as it was); Molde submits a proposal; its card is posted in the channel. The
    proposal's id and that post."""
    await side.say(CHAIR, "hjelp", COMMITTEE_CHANNEL)
    for person in (CHAIR, AUKRA, BOARD_MEMBER):
        await side.say(person, "hjelp")
    side.connector.clear()
    number = await submitted_by_molde(side, ctx)
    await side.settled()
    [post] = channel_posts(side)
    side.connector.clear()
    return number, post


async def attach(
    side: TeamsSide, person: Person, proposal_id: int, title: str, url: str
) -> dict[str, Any]:
    card = await side.click(
        person,
        "proposal.attach",
        {"proposal_id": proposal_id, "attachment_title": title, "attachment_url": url},
    )
    assert REFUSAL not in text_of(card), text_of(card)[:600]
    return card


async def audit_actions(ctx: Context, proposal_id: int) -> list[tuple[str, str, dict[str, Any]]]:
    async with ctx.reading() as uow:
        entries = await uow.audit.entries(subject=AuditSubject.proposal(proposal_id).key)
    return [(e.actor, e.action, dict(e.data)) for e in entries]


async def test_the_submitter_attaches_a_sharepoint_link_and_the_channel_post_follows(
    ror: tuple[TeamsSide, Bot],
) -> None:
    side, bot = ror
    number, post = await submitted_in_linked_channel(side, bot.ctx)
    assert LINK not in open_urls(post.cards()[0]).values()
    card = await attach(side, MOLDE, number, "Kravspesifikasjon", LINK)
    assert open_urls(card)["Kravspesifikasjon"] == LINK
    assert "Lagt ved av Mari Moen" in text_of(card)
    [removable] = detach_buttons(card)  # the adder may remove it
    assert removable["proposal_id"] == number
    [(actor, _, data)] = [
        e for e in await audit_actions(bot.ctx, number) if e[1] == "proposal.attachment_added"
    ]
    assert actor == "best-molde" and data["url"] == LINK and data["title"] == "Kravspesifikasjon"
    assert data["attachment"] == removable["attachment_id"]

    await side.settled()
    assert channel_posts(side) == []  # the post is refreshed, not posted again
    refreshed = [
        u.cards()[0]
        for u in side.connector.updates()
        if u.conversation == COMMITTEE_CHANNEL and u.message_id == post.message_id
    ]
    assert refreshed, [(u.conversation, u.message_id) for u in side.connector.updates()]
    assert open_urls(refreshed[-1])["Kravspesifikasjon"] == LINK
    assert detach_buttons(refreshed[-1]) == []  # the channel's copy is the same for everyone
    assert NOT_SAVED not in text_of(refreshed[-1])

    teams_file = await attach(side, AUKRA, number, "Referat fra møtet", TEAMS_LINK)
    urls = open_urls(teams_file)
    assert urls["Kravspesifikasjon"] == LINK and urls["Referat fra møtet"] == TEAMS_LINK
    assert detach_buttons(teams_file) != []  # Aukra removes what Aukra added


async def test_refused_links_keep_what_was_typed_and_change_nothing(
    ror: tuple[TeamsSide, Bot],
) -> None:
    side, bot = ror
    number, _post = await submitted_in_linked_channel(side, bot.ctx)
    https, credentials = "Lenken må begynne med https://", "brukernavn, passord eller port"
    # (the card escapes Markdown: Teams shows "\\*" as "*")
    host = "Bare lenker til Teams-området (SharePoint, \\*.sharepoint.com, eller "
    host += "teams.microsoft.com) kan legges ved, ikke til "
    cases: list[tuple[Person, str, str, str]] = [  # who, title, url, the reason (Norwegian)
        (MOLDE, "Krav", "http://rorikt.sharepoint.com/sites/x/krav.docx", https),
        (MOLDE, "Krav", "https://sharepoint.com.evil.example/x", host + "sharepoint.com.evil"),
        (MOLDE, "Krav", "https://evil-sharepoint.com/x", host + "evil-sharepoint.com"),
        (MOLDE, "Krav", "https://sharepoint.com/x", host + "sharepoint.com."),
        (MOLDE, "Krav", "https://rorikt.sharepoint.com.evil.example/x", host + "rorikt."),
        (MOLDE, "Krav", "https://evil.example\\.sharepoint.com/x", host),  # a browser: "\\" is "/"
        (MOLDE, "Krav", "https://evil.example%5C.sharepoint.com/x", host),
        (MOLDE, "Krav", "javascript:alert(1)", https + " (den begynner med «javascript:a»)"),
        (MOLDE, "Krav", "JavaScript://rorikt.sharepoint.com/%0aalert(1)", https),
        (MOLDE, "Krav", "data:text/html,<script>alert(1)</script>", https),
        (MOLDE, "Krav", "https://ola:hemmelig@rorikt.sharepoint.com/x", credentials),
        (MOLDE, "Krav", "https://rorikt.sharepoint.com@evil.example/x", credentials),
        (MOLDE, "Krav", "https://rorikt.sharepoint.com:8443/x", credentials),
        (MOLDE, "Krav", "https://rorikt.sharepoint.com/a b", "ikke en nettadresse"),
        (MOLDE, "", LINK, "Gi vedlegget en tittel"),
        (MOLDE, "   ", LINK, "Gi vedlegget en tittel"),
        (MOLDE, "Krav", "", "Lim inn lenken til filen."),
        (  # a board member, not in the committee
            BOARD_MEMBER,
            "Styrets notat",
            LINK,
            "Bare innsenderen, medlemmene av utvalget og lederen kan legge ved filer til "
            f"forslag #{number}.",
        ),
        (CHAIR, "Krav", "https://evil-sharepoint.com/x", host + "evil-sharepoint.com."),
    ]
    for person, title, url, reason in cases:
        data = {"proposal_id": number, "attachment_title": title, "attachment_url": url}
        card = await refused_click(side, person, "proposal.attach", data, person.personal_chat)
        shown = text_of(card)
        assert notice(card) == [NOT_SAVED, ANY] and reason in notice(card)[1], (url, notice(card))
        assert "Felles innbyggerportal" in shown  # the clicker's proposal card, not an error card
        assert url not in open_urls(card).values() or not url
        if person is BOARD_MEMBER:  # no form for one who may not add: what they typed, to copy
            assert "attachment_url" not in _inputs(card)
            assert title in shown and url in shown
        else:  # the add form again, with the title and the link as typed
            inputs = _inputs(card)
            assert inputs["attachment_title"] == (title.strip() or None), (title, url)
            assert inputs["attachment_url"] == (url or None), (title, url)
    assert (await proposals.get(bot.ctx, number)).attachments == []


async def test_the_adder_or_the_chair_removes_and_a_tampered_id_is_refused(
    ror: tuple[TeamsSide, Bot],
) -> None:
    side, bot = ror
    number, post = await submitted_in_linked_channel(side, bot.ctx)
    added = await attach(side, MOLDE, number, "Kravspesifikasjon", LINK)
    [molde_one] = detach_buttons(added)
    aukras = await attach(side, AUKRA, number, "Referat", TEAMS_LINK)
    [aukra_one] = detach_buttons(aukras)  # Aukra may remove only her own
    assert aukra_one["attachment_id"] != molde_one["attachment_id"]

    # someone else than the adder, not the chair: refused, with the card as it was
    refused = await refused_click(side, AUKRA, "proposal.detach", molde_one, AUKRA.personal_chat)
    only = "Bare den som la ved «{}», eller lederen kan fjerne det."
    assert notice(refused) == [NOT_SAVED, only.format("Kravspesifikasjon")]
    assert open_urls(refused)["Kravspesifikasjon"] == LINK  # still there
    refused = await refused_click(side, MOLDE, "proposal.detach", aukra_one, MOLDE.personal_chat)
    assert notice(refused) == [NOT_SAVED, only.format("Referat")]

    # a tampered id: an attachment of another proposal, even by its adder or the chair
    other = await ready_proposal(bot.ctx, "Felles chatbot")
    assert other.id is not None
    elsewhere = await attach(side, MOLDE, other.id, "Chatbot-notat", LINK + "?v=2")
    [foreign] = detach_buttons(elsewhere)
    forged = {"proposal_id": number, "attachment_id": foreign["attachment_id"]}
    no_such = f"Forslag #{number} har ikke dette vedlegget (det kan være fjernet)."
    for person in (MOLDE, CHAIR):
        card = await refused_click(side, person, "proposal.detach", forged, person.personal_chat)
        assert notice(card) == [NOT_SAVED, no_such], person
        assert "Chatbot-notat" not in text_of(card)  # the clicker's card of the first proposal
    assert [a.title for a in (await proposals.get(bot.ctx, other.id)).attachments] == [
        "Chatbot-notat"
    ]

    # the adder removes hers; the chair removes Molde's
    side.connector.clear()
    mine = await side.click(AUKRA, "proposal.detach", aukra_one)
    assert REFUSAL not in text_of(mine) and "Referat" not in open_urls(mine)
    by_chair = await side.click(CHAIR, "proposal.detach", molde_one)
    assert REFUSAL not in text_of(by_chair) and open_urls(by_chair).get("Kravspesifikasjon") is None
    assert (await proposals.get(bot.ctx, number)).attachments == []
    removed = [
        (actor, data["title"])
        for actor, action, data in await audit_actions(bot.ctx, number)
        if action == "proposal.attachment_removed"
    ]
    assert removed == [("best-aukra", "Referat"), ("dl-ror", "Kravspesifikasjon")]
    await side.settled()
    last = [u.cards()[0] for u in side.connector.updates() if u.message_id == post.message_id]
    assert last and "Kravspesifikasjon" not in open_urls(last[-1])
    # removing again (a stale card): refused, nothing changes
    again = await refused_click(side, CHAIR, "proposal.detach", molde_one, CHAIR.personal_chat)
    assert notice(again) == [NOT_SAVED, no_such]


async def test_submitting_posts_the_card_once_in_the_committee_channel(
    ror: tuple[TeamsSide, Bot],
) -> None:
    side, bot = ror
    ctx = bot.ctx
    await side.say(CHAIR, "hjelp", COMMITTEE_CHANNEL)
    side.connector.clear()
    number = await submitted_by_molde(side, ctx)
    await side.settled()
    [post] = channel_posts(side)
    shown = text_of(post.cards()[0])
    assert f"Forslag #{number}" in shown and "Felles innbyggerportal" in shown
    assert not [a for a in _actions(post.cards()[0]) if a["verb"] == "proposal.step"]
    [queued] = [d for d in await outbox.listing(ctx) if d.key == discussion_key(number)]
    assert queued.kind is PublicationKind.DISCUSSION and queued.result["posted"] is True
    side.connector.clear()

    # the chair returns it; Molde changes it and submits again: the same thread, no new post
    returned = await side.click(
        CHAIR,
        "proposal.step",
        {"proposal_id": number, "step": "return", "comment": "Beskriv behovet i Rauma bedre."},
        COMMITTEE_CHANNEL,
    )
    assert REFUSAL not in text_of(returned)
    assert (await proposals.get(ctx, number)).state is ProposalState.RETURNED
    goal = ctx.mandate.strategy_goals[0].id
    owner = next(b.id for b in ctx.mandate.bodies if b.kind == "faggruppe")
    again = await side.click(
        MOLDE,
        "proposal.save",
        FORM
        | {
            "proposal_id": number,
            "need_rauma": "Ingen digital innsyn i dag; 40 skjema på papir.",
            "strategy_goals": goal,
            "owner_group": owner,
            "submit": True,
        },
    )
    assert REFUSAL not in text_of(again)
    assert (await proposals.get(ctx, number)).state is ProposalState.SUBMITTED
    await side.settled()
    assert channel_posts(side) == []  # no second post: the first one follows
    [after] = [d for d in await outbox.listing(ctx) if d.key == discussion_key(number)]
    assert (after.id, after.result) == (queued.id, queued.result)  # not queued again
    followed = [u.cards()[0] for u in side.connector.updates() if u.message_id == post.message_id]
    assert followed and "40 skjema på papir" in text_of(followed[-1])

    own = await side.click(MOLDE, "proposal.show", {"proposal_id": number})
    link = open_urls(own)["Diskusjon i kanalen"]
    assert link.startswith(MESSAGE_LINK) and post.message_id in link


async def test_the_full_card_holds_every_text_and_the_normal_one_a_preview(
    ror: tuple[TeamsSide, Bot],
) -> None:
    side, bot = ror
    ctx = bot.ctx
    need = ("Mange skjema på papir i alle etatene og lange køer ved skranken " * 30)[:1490]
    need = need.rstrip() + " SLUTTEN"
    need = need + "x" * (1500 - len(need))
    assert len(need) == 1500
    await side.say(MOLDE, "nytt forslag")
    goal = ctx.mandate.strategy_goals[0].id
    owner = next(b.id for b in ctx.mandate.bodies if b.kind == "faggruppe")
    await side.click(
        MOLDE,
        "proposal.save",
        FORM | {"need_molde": need, "strategy_goals": goal, "owner_group": owner, "submit": True},
    )
    [proposal] = await proposals.mine(ctx, "best-molde")
    assert proposal.id is not None and proposal.needs["molde"] == need
    number = proposal.id

    normal = await side.click(MOLDE, "proposal.show", {"proposal_id": number})
    assert need not in text_of(normal) and need[:200] in text_of(normal)
    [read_all] = [a for a in _actions(normal) if a["title"] == "Les alt"]
    assert read_all["verb"] == "proposal.show"
    assert read_all["data"] == {"proposal_id": number, "full": True}

    full = await side.click(MOLDE, "proposal.show", read_all["data"])
    assert need in text_of(full) and "Les alt" not in text_of(full)
    assert "Ingen digital innsyn i dag." in text_of(full)  # every need, not only the long one
    back = [a for a in _actions(full) if a["verb"] == "proposal.show"]
    assert [a["data"] for a in back] == [{"proposal_id": number}]
    for person in (AUKRA, CHAIR):  # the committee reads it in full too
        assert need in text_of(await side.click(person, "proposal.show", read_all["data"]))
