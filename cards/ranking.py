"""Ranking cards (mandate rule 3): the input card of an open ranking round (a position for each
proposal, 1 the most important) and the standings: the weighted Borda result with points, the
final order and the chair's override with its reason, who and when, with the computed order
beside it; the chair's override form (``cards.ranking_override``) when the view allows it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from microsoft_teams.cards import CardElement, Choice, ChoiceSetInput

from cards.elements import (
    adaptive_card,
    banner,
    buttons,
    caption,
    columns,
    execute,
    facts,
    heading,
    section,
    stored_id,
    text,
)
from cards.ranking_override import override_form
from governance import verbs
from governance.domain.organisation import Mandate
from governance.domain.proposals import Proposal
from governance.domain.ranking import RankedItem, RankingRound
from governance.i18n import N_, translate
from governance.presentation import clip, member_name, moment, municipality_name, names, number

LABEL_LIMIT: Final = 120


def ranking_card(
    ranking_round: RankingRound,
    proposals: Sequence[Proposal],
    mandate: Mandate,
    locale: str = "nb",
    *,
    viewer_municipality: str | None = None,
    viewer_is_chair: bool = False,
    may_override: bool = False,
    places: Mapping[int, str] | None = None,
    reason: str = "",
    error: str | None = None,
    ranks: Mapping[int, str] | None = None,
) -> dict[str, Any]:
    """The ranking form of an open round, filled with ``viewer_municipality``'s earlier ranking
    or, after a refusal (``error``), with ``ranks`` (the positions as chosen); a viewer with no
    municipality (the chair) sees the proposals with the standings so far instead, and the chair
    gets "close the round". A closed round shows its standings, with the override form when
    ``may_override`` (see ``standings_card``)."""
    if not ranking_round.is_open:
        return standings_card(
            ranking_round,
            proposals,
            mandate,
            locale,
            may_override=may_override,
            places=places,
            reason=reason,
            error=error,
        )
    round_id = stored_id(ranking_round.id, "ranking round")
    body: list[CardElement] = [
        caption(translate(N_("Ranking round"), locale)),
        heading(ranking_round.title),
    ]
    if error:
        body.append(banner(error, "attention", title=translate(N_("Please check"), locale)))
    if not viewer_municipality:
        body += _overview(ranking_round, proposals, locale)
    else:
        body += _form(ranking_round, proposals, mandate, locale, viewer_municipality, ranks)
    body.append(text(_status(ranking_round, mandate, locale), subtle=True, spacing="Medium"))
    actions = (
        [
            execute(
                translate(N_("Send the ranking"), locale),
                verbs.RANKING_SUBMIT,
                {"round_id": round_id},
                style="positive",
            )
        ]
        if viewer_municipality
        else []
    )
    if viewer_is_chair:
        actions.append(
            execute(
                translate(N_("Close the round"), locale),
                verbs.RANKING_CLOSE,
                {"round_id": round_id},
            )
        )
    body += buttons(actions, spacing="Large")
    return adaptive_card(body, fallback_text=ranking_round.title)


def _form(
    ranking_round: RankingRound,
    proposals: Sequence[Proposal],
    mandate: Mandate,
    locale: str,
    municipality: str,
    ranks: Mapping[int, str] | None,
) -> list[CardElement]:
    """A position for each proposal, for the viewer's municipality."""
    submission = ranking_round.submission_of(municipality)
    body: list[CardElement] = [
        text(
            translate(
                N_(
                    "Rank the proposals for your municipality: 1 is the most "
                    "important. You may leave a proposal unranked."
                ),
                locale,
            )
        )
    ]
    if submission is not None:
        body.append(
            banner(
                translate(
                    N_(
                        "{municipality} sent its ranking {when}. You can change it until the round "
                        "closes."
                    ),
                    locale,
                    municipality=municipality_name(mandate, submission.municipality),
                    when=moment(submission.submitted_at, locale),
                ),
                "good",
            )
        )
    if ranks is not None:
        positions = {pid: given for pid, given in ranks.items() if given}
    else:
        order = submission.order if submission is not None else []
        positions = {pid: str(n) for n, pid in enumerate(order, start=1)}
    return body + _rank_inputs(ranking_round, _titles(proposals, locale), positions, locale)


def _overview(
    ranking_round: RankingRound, proposals: Sequence[Proposal], locale: str
) -> list[CardElement]:
    """The round's proposals in the order of the rankings sent so far, with their points."""
    titles = _titles(proposals, locale)
    body: list[CardElement] = [
        text(
            translate(
                N_(
                    "Each municipality's bestiller ranks the proposals. The standings of the "
                    "rankings sent so far:"
                ),
                locale,
            )
        ),
        _header(locale),
    ]
    for item in ranking_round.standings():
        body.append(_standing(item.position, item.proposal_id, titles, item, locale))
    return body


def _rank_inputs(
    ranking_round: RankingRound,
    titles: dict[int, str],
    positions: Mapping[int, str],
    locale: str,
) -> list[CardElement]:
    """A position (1..n) for each proposal, filled with ``positions`` (proposal id → "3").

    The choice sets grow with n²: about 25 proposals keep the card below 40 KB.
    """
    count = len(ranking_round.proposal_ids)
    choices = [Choice(title=str(n), value=str(n)) for n in range(1, count + 1)]
    return [
        ChoiceSetInput(
            id=f"{verbs.RANK_PREFIX}{pid}",
            label=titles.get(pid, f"#{pid}"),
            style="compact",
            choices=choices,
            value=positions.get(pid) or None,
            placeholder=translate(N_("Not ranked"), locale),
            spacing="Medium",
        )
        for pid in ranking_round.proposal_ids
    ]


def standings_card(
    ranking_round: RankingRound,
    proposals: Sequence[Proposal],
    mandate: Mandate,
    locale: str = "nb",
    *,
    may_override: bool = False,
    places: Mapping[int, str] | None = None,
    reason: str = "",
    error: str | None = None,
) -> dict[str, Any]:
    """The standings of a round: final after closing, preliminary while it is open. An
    override shows the chair's order with its reason, who and when, and the computed order
    beside it. ``may_override`` adds the chair's override form (filled with ``places`` and
    ``reason`` when it comes back after a refusal, whose message is ``error``)."""
    titles = _titles(proposals, locale)
    standings = {item.proposal_id: item for item in ranking_round.standings()}
    order = ranking_round.final_order or [item.proposal_id for item in standings.values()]
    label = N_("Preliminary standings") if ranking_round.is_open else N_("Result")
    body: list[CardElement] = [
        caption(translate(label, locale)),
        heading(ranking_round.title),
    ]
    if error:
        body.append(banner(error, "attention", title=translate(N_("Please check"), locale)))
    overridden = ranking_round.override_order is not None
    if overridden:
        body.append(_override_banner(ranking_round, mandate, locale))
    body.append(section(translate(N_("The chair's order") if overridden else N_("Order"), locale)))
    body.append(_header(locale))
    for place, pid in enumerate(order, start=1):
        body.append(_standing(place, pid, titles, standings.get(pid), locale))
    if overridden:  # the computed order stays in view, beside the chair's
        body.append(section(translate(N_("Computed order (weighted)"), locale)))
        body.append(
            facts(
                [
                    (str(item.position), titles.get(item.proposal_id, f"#{item.proposal_id}"))
                    for item in standings.values()
                ]
            )
        )
    body.append(
        text(
            translate(
                N_(
                    "Weighted Borda count: a ranking of n proposals gives n-1 "
                    "points for first place, down to 0, times the municipality's "
                    "voting weight."
                ),
                locale,
            ),
            subtle=True,
            size="Small",
            spacing="Medium",
        )
    )
    body.append(text(_status(ranking_round, mandate, locale), subtle=True, size="Small"))
    if may_override:
        body += override_form(ranking_round, titles, locale, places=places, reason=reason)
    return adaptive_card(body, fallback_text=ranking_round.title)


def _override_banner(ranking_round: RankingRound, mandate: Mandate, locale: str) -> CardElement:
    """The chair's reason, titled with who changed the order and when."""
    when = moment(ranking_round.overridden_at, locale) if ranking_round.overridden_at else ""
    return banner(
        ranking_round.override_reason or "",
        "warning",
        title=translate(
            N_("{name} changed the order {when}"),
            locale,
            name=member_name(mandate, ranking_round.overridden_by or ""),
            when=when,
        ),
    )


def _header(locale: str) -> CardElement:
    return _row(
        translate(N_("Place"), locale),
        translate(N_("Proposal"), locale),
        translate(N_("Points"), locale),
        bold=True,
    )


def _titles(proposals: Sequence[Proposal], locale: str) -> dict[int, str]:
    return {p.id: clip(f"{p.number} {p.title}", LABEL_LIMIT) for p in proposals if p.id is not None}


def _standing(
    place: int,
    pid: int,
    titles: dict[int, str],
    item: RankedItem | None,
    locale: str,
) -> CardElement:
    points = number(item.points, locale) if item else "—"
    title = titles.get(pid, f"#{pid}")
    if item is not None and item.position != place:
        title += " " + translate(N_("(computed place {position})"), locale, position=item.position)
    return _row(str(place), title, points)


def _row(place: str, title: str, points: str, *, bold: bool = False) -> CardElement:
    return columns(
        ([text(place, bold=bold)], "50px"),
        ([text(title, bold=bold)], "stretch"),
        ([text(points, bold=bold, align="Right")], "60px"),
        spacing="Small",
    )


def _status(ranking_round: RankingRound, mandate: Mandate, locale: str) -> str:
    sent = [
        municipality_name(mandate, m)
        for m in ranking_round.weights
        if ranking_round.submission_of(m) is not None
    ]
    missing = [municipality_name(mandate, m) for m in ranking_round.missing_municipalities()]
    status = translate(N_("Sent: {names}."), locale, names=names(sent, locale) or "—")
    if missing:
        status += " " + translate(N_("Missing: {names}."), locale, names=names(missing, locale))
    return status
