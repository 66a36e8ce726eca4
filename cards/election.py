"""The leader election card of a development group (FARTT mandate, tasks 5 and 6).

While the election is open: the candidates to choose from (never the group's ICT staffer), the
"vote" button, how many members have voted of how many (never who voted what; a viewer sees only
their own choice), and the chair's "close the election". Once closed: the result (the elected
leader, or no winner and the chair decides) with the votes per candidate, and no buttons.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from microsoft_teams.cards import CardElement, Choice, ChoiceSetInput

from cards.elements import (
    Tone,
    adaptive_card,
    banner,
    buttons,
    caption,
    execute,
    facts,
    heading,
    section,
    stored_id,
    text,
)
from governance import verbs
from governance.domain import elections as rules
from governance.domain.elections import Election
from governance.domain.groups import Group
from governance.domain.organisation import Mandate
from governance.i18n import N_, translate
from governance.presentation import day, in_oslo, member_name, moment

SYSTEM: Final = "system"
# Why a winner was not recorded as leader, by the code of the group's rule that refused it.
REFUSALS: Final = {
    "group.leader_already_elected": N_("The group already has a leader for {year}."),
    "group.leader_not_member": N_("The leader must be an active member of the group."),
    "group.ict_staffer_cannot_lead": N_("The group's ICT staffer may not lead it."),
    "group.closed": N_("The group is closed."),
}


def election_card(
    election: Election,
    group: Group,
    mandate: Mandate,
    locale: str = "nb",
    *,
    today: date,
    viewer: str | None = None,
    viewer_is_chair: bool = False,
) -> dict[str, Any]:
    """The election as ``viewer`` sees it on ``today`` (``None``: the copy posted for everyone,
    with the ballot but without anyone's choice or the chair's button); the chair (as the
    caller's policy says: ``viewer_is_chair``) gets the button that closes it. A closed
    election shows its result."""
    title = translate(N_("Leader election {year}"), locale, year=election.year)
    body: list[CardElement] = [caption(title), heading(group.name)]
    if election.is_open:
        body += _ballot(
            election, group, mandate, locale, today, viewer, viewer_is_chair and viewer is not None
        )
    else:
        body += _result(election, group, mandate, locale)
    return adaptive_card(body, fallback_text=f"{title}: {group.name}")


def _ballot(
    election: Election,
    group: Group,
    mandate: Mandate,
    locale: str,
    today: date,
    viewer: str | None,
    chair: bool,
) -> list[CardElement]:
    election_id = stored_id(election.id, "election")
    voters = rules.voters(group, today)
    candidates = rules.candidates(group, today, rules.ict_staffer_of(mandate, group.key))
    staffers = [voter for voter in voters if voter not in candidates]
    body: list[CardElement] = [_intro(election, mandate, locale, staffers, today)]
    ballot = election.ballot_of(viewer) if viewer else None
    voting = not election.is_due(today) and (viewer is None or viewer in voters)
    if ballot is not None:
        body.append(
            banner(
                translate(N_("You can change your vote until the election closes."), locale),
                "good",
                title=translate(
                    N_("You voted for {name}."), locale, name=member_name(mandate, ballot.candidate)
                ),
            )
        )
    elif viewer is not None and viewer not in voters:
        body.append(
            banner(
                translate(
                    N_("Only the members of {group} vote in its election."),
                    locale,
                    group=group.name,
                ),
                "default",
            )
        )
    actions = []
    if voting:
        body.append(_choices(candidates, mandate, locale, ballot.candidate if ballot else None))
        actions.append(
            execute(
                translate(N_("Vote"), locale),
                verbs.ELECTION_VOTE,
                {"election_id": election_id},
                style="positive",
            )
        )
    cast, total = election.turnout(group, today)
    body.append(
        text(
            translate(N_("{cast} of {total} members have voted."), locale, cast=cast, total=total),
            subtle=True,
            spacing="Medium",
        )
    )
    body += buttons(actions, spacing="Medium")
    if chair:
        close = execute(
            translate(N_("Close the election"), locale),
            verbs.ELECTION_CLOSE,
            {"election_id": election_id},
        )
        body += buttons([close], spacing="Large")
    return body


def _intro(
    election: Election,
    mandate: Mandate,
    locale: str,
    staffers: list[str],
    today: date,
) -> CardElement:
    if election.is_due(today):
        when = translate(
            N_("Voting ended on {date}. The result is ready when the election is closed."),
            locale,
            date=day(election.closes_on, locale),
        )
    else:
        when = translate(
            N_("Choose your leader for {year}. Voting is open until {date}."),
            locale,
            year=election.year,
            date=day(election.closes_on, locale),
        )
    if staffers:
        when += " " + translate(
            N_("The group's ICT staffer ({name}) votes too, but cannot be elected."),
            locale,
            name=", ".join(member_name(mandate, s) for s in staffers),
        )
    return text(when)


def _choices(
    candidates: list[str],
    mandate: Mandate,
    locale: str,
    chosen: str | None,
) -> ChoiceSetInput:
    return ChoiceSetInput(
        id=verbs.ELECTION_CANDIDATE,
        label=translate(N_("Choose your leader"), locale),
        style="expanded",
        wrap=True,
        value=chosen,
        is_required=True,
        error_message=translate(N_("Choose a candidate."), locale),
        spacing="Medium",
        choices=[Choice(title=member_name(mandate, c), value=c) for c in candidates],
    )


def _result(
    election: Election,
    group: Group,
    mandate: Mandate,
    locale: str,
) -> list[CardElement]:
    message, tone, title = _outcome(election, mandate, locale)
    body: list[CardElement] = [banner(message, tone, title=title)]
    counts = election.counts()
    if counts:
        body.append(section(translate(N_("Votes"), locale)))
        body.append(facts([(member_name(mandate, c), str(n)) for c, n in counts.items()]))
    closed_on = in_oslo(election.closed_at).date() if election.closed_at else election.closes_on
    cast, total = election.turnout(group, closed_on)
    body.append(
        text(
            translate(N_("{cast} of {total} members voted."), locale, cast=cast, total=total),
            subtle=True,
            spacing="Medium",
        )
    )
    if election.closed_at is not None:
        when = moment(election.closed_at, locale)
        closed = (
            translate(N_("Closed automatically {when}"), locale, when=when)
            if election.closed_by in (None, SYSTEM)
            else translate(
                N_("Closed {when} by {name}"),
                locale,
                when=when,
                name=member_name(mandate, election.closed_by),
            )
        )
        body.append(text(closed, subtle=True, size="Small"))
    return body


def _outcome(election: Election, mandate: Mandate, locale: str) -> tuple[str, Tone, str]:
    """The result banner: its text, tone and title."""
    if election.winner is None:
        why = (
            N_("The vote was tied, so the chair decides who leads the group.")
            if election.ballots
            else N_("Nobody voted, so the chair decides who leads the group.")
        )
        return translate(why, locale), "warning", translate(N_("No winner"), locale)
    name = member_name(mandate, election.winner)
    if election.leader_refusal is None:
        return (
            translate(
                N_("{name} is the group's leader for {year}."),
                locale,
                name=name,
                year=election.year,
            ),
            "good",
            translate(N_("Elected"), locale),
        )
    message = translate(
        N_("{name} got the most votes, but is not recorded as the group's leader."),
        locale,
        name=name,
    )
    reason = REFUSALS.get(election.leader_refusal)
    if reason is not None:
        message += " " + translate(reason, locale, year=election.year)
    message += " " + translate(N_("The chair decides."), locale)
    return message, "warning", translate(N_("No leader recorded"), locale)
