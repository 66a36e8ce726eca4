"""The chair's card before a ranking round opens (mandate rule 3): the proposals a round would
take, each with its state and a toggle to keep it or leave it out, and the button that opens
the round. Nothing opens until the chair presses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from microsoft_teams.cards import CardElement, ToggleInput

from cards.elements import adaptive_card, banner, buttons, caption, execute, heading, text
from governance import verbs
from governance.domain.proposals import Proposal, state_label
from governance.i18n import N_, translate
from governance.presentation import clip

LABEL_LIMIT: Final = 160


def open_round_card(
    proposals: Sequence[Proposal],
    title: str,
    locale: str = "nb",
    *,
    chosen: frozenset[int] | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    """``proposals`` (those a round would take) to keep or leave out, all kept unless
    ``chosen`` says which were (a refused opening coming back, with ``error``), and the
    "open the round" button (``ranking.open``) for a round named ``title``."""
    body: list[CardElement] = [
        caption(translate(N_("Ranking round"), locale)),
        heading(translate(N_("Open the ranking round “{title}”?"), locale, title=title)),
    ]
    if error:
        body.append(banner(error, "attention", title=translate(N_("Please check"), locale)))
    body.append(
        text(
            translate(
                N_(
                    "No ranking round is open. A round takes the proposals that passed quality "
                    "assurance and wait for a decision or for resources: ready for the agenda, "
                    "on the agenda, being voted on, recommended, escalated to the board, or "
                    "approved. Untick those to leave out; nothing opens before you press "
                    "“Open the round”."
                ),
                locale,
            )
        )
    )
    listed = [p for p in proposals if p.id is not None]
    body += [_toggle(p, chosen, locale) for p in listed]
    if len(listed) < 2:
        body.append(
            text(
                translate(N_("A round needs at least two proposals that can be ranked."), locale),
                subtle=True,
                spacing="Medium",
            )
        )
        return adaptive_card(body, fallback_text=title)
    button = execute(
        translate(N_("Open the round"), locale), verbs.RANKING_OPEN, {}, style="positive"
    )
    body += buttons([button], spacing="Large")
    return adaptive_card(body, fallback_text=title)


def _toggle(proposal: Proposal, chosen: frozenset[int] | None, locale: str) -> ToggleInput:
    assert proposal.id is not None
    state = translate(state_label(proposal.state), locale)
    kept = chosen is None or proposal.id in chosen
    return ToggleInput(
        id=f"{verbs.INCLUDE_PREFIX}{proposal.id}",
        title=clip(f"{proposal.number} {proposal.title} · {state}", LABEL_LIMIT),
        value="true" if kept else "false",
        value_on="true",
        value_off="false",
        wrap=True,
        spacing="Small",
    )
