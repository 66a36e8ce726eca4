"""The chair's form on a closed ranking round (mandate rule 3): a place for every proposal and
the reason for departing from the computed (weighted Borda) order. Shown only when the view says
the viewer may override; the computed order stays on the card beside the chair's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from microsoft_teams.cards import CardElement, NumberInput, TextInput

from cards.elements import buttons, execute, section, stored_id, text
from governance import verbs
from governance.domain.ranking import RankingRound
from governance.i18n import N_, translate

REASON_LIMIT: Final = 2000


def override_form(
    ranking_round: RankingRound,
    titles: Mapping[int, str],
    locale: str,
    *,
    places: Mapping[int, str] | None = None,
    reason: str = "",
) -> list[CardElement]:
    """Inputs ``place_<proposal id>`` (filled with the final order, or with ``places`` as the
    chair entered them before a refusal) and ``override_reason``; the button sends
    ``ranking.override`` with ``{"round_id": int}``."""
    round_id = stored_id(ranking_round.id, "ranking round")
    count = len(ranking_round.proposal_ids)
    allowed = {str(n) for n in range(1, count + 1)}
    if places is None:
        final = ranking_round.final_order or []
        places = {pid: str(n) for n, pid in enumerate(final, start=1)}
    unplaced = translate(N_("Choose a place from 1 to {count}."), locale, count=count)
    body: list[CardElement] = [
        section(translate(N_("Override the order"), locale)),
        text(
            translate(
                N_(
                    "Give every proposal its place, 1 the most important, and say why. "
                    "The computed order stays on record beside yours."
                ),
                locale,
            )
        ),
    ]
    # Number inputs, not choice sets: with the two orders above, 25 proposals stay below 40 KB.
    body += [
        NumberInput(
            id=f"{verbs.PLACE_PREFIX}{pid}",
            label=titles.get(pid, f"#{pid}"),
            min=1,
            max=count,
            is_required=True,
            error_message=unplaced,
            value=int(places[pid]) if places.get(pid) in allowed else None,
            spacing="Medium",
        )
        for pid in ranking_round.proposal_ids
    ]
    body.append(
        TextInput(
            id=verbs.OVERRIDE_REASON,
            label=translate(N_("Reason for the override"), locale),
            is_multiline=True,
            is_required=True,
            error_message=translate(N_("Give a reason for the override."), locale),
            max_length=REASON_LIMIT,
            value=reason or None,
            spacing="Medium",
        )
    )
    body += buttons(
        [
            execute(
                translate(N_("Save the new order"), locale),
                verbs.RANKING_OVERRIDE,
                {"round_id": round_id},
                style="positive",
            )
        ]
    )
    return body
