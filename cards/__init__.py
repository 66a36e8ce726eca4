"""Adaptive Cards: pure functions from governance objects to Teams cards (schema 1.5).

Every card function returns the card as a plain ``dict`` (camelCase, no nulls) built with the
typed models of ``microsoft_teams.cards``; wrap it with ``attachment(card)`` to send it. Cards
render and decide nothing: which steps a viewer may take, who is chair, today's date and the
like are passed in. All text comes from the message catalogue in the ``locale`` given ("nb" by
default, "nn", "en"); amounts and dates are formatted the Norwegian way, times in Europe/Oslo.
The buttons' verbs and data are the contract in ``governance.verbs``.

Card families (module → public functions):

- ``proposal_form``: ``proposal_form(mandate, locale, *, values=None, error=None,
  proposal_id=None)``, the form to write or edit a proposal (a failed validation comes back
  with its message and the user's input); ``values_of(proposal, locale)`` gives the form
  values of a draft.
- ``proposal``: ``proposal_card(proposal, mandate, locale, *, next_steps=(), can_edit=False,
  can_show=False)``.
- ``quality``: ``qa_card(proposal, mandate, locale, *, steps=(MARK_READY, RETURN))``, the
  chair's quality-assurance checklist.
- ``agenda``: ``agenda_card(meeting, mandate, locale, *, proposals=None)``.
- ``vote``: ``vote_card(vote, proposal, tally, mandate, locale, *, viewer_municipality,
  viewer_is_chair, refresh_user_ids)`` and ``result_card(vote, proposal, tally, mandate,
  locale, *, board_meeting_date)``.
- ``ranking``: ``ranking_card(ranking_round, proposals, mandate, locale, *,
  viewer_municipality=None, viewer_is_chair=False, may_override=False, places=None, reason="",
  error=None)`` and ``standings_card(ranking_round, proposals, mandate, locale, *,
  may_override=False, places=None, reason="", error=None)``: the standings show an override with
  its reason beside the computed order, and the chair's override form when ``may_override``.
- ``annual_cycle``: ``task_card(occurrence, mandate, locale, *, today, can_mark_done=True)``.
- ``election``: ``election_card(election, group, mandate, locale, *, today, viewer=None)``, a
  development group's leader election (the ballot, or its result once closed).
- ``systems``: ``systems_card(inventory, mandate, locale, *, query=None, limit=10,
  group_names=None)``.
- ``help``: ``HelpEntry(usage, description, chair_only=False)`` and ``help_card(entries,
  locale)``.
- ``toast``: ``toast_card(text, locale, *, title=None, tone="default")`` for confirmations
  and refusals; ``publication_card(title, url, locale)``, a published document with a button
  that opens it.
- ``markdown``: ``escape_markdown(text)``: Teams reads text blocks and facts as Markdown, so
  every text helper of ``elements`` shows its text as written (a title cannot become a link).
- ``elements``: ``attachment(card)`` → ``{"contentType": "application/vnd.microsoft.card.adaptive",
  "content": card}``.
"""

from cards.agenda import agenda_card
from cards.annual_cycle import task_card
from cards.election import election_card
from cards.elements import attachment
from cards.help import help_card
from cards.proposal import proposal_card
from cards.proposal_form import proposal_form, values_of
from cards.quality import qa_card
from cards.ranking import ranking_card, standings_card
from cards.systems import systems_card
from cards.toast import toast_card
from cards.vote import result_card, vote_card
from governance.views import HelpEntry

__all__ = [
    "HelpEntry",
    "agenda_card",
    "attachment",
    "election_card",
    "help_card",
    "proposal_card",
    "proposal_form",
    "qa_card",
    "ranking_card",
    "result_card",
    "standings_card",
    "systems_card",
    "task_card",
    "toast_card",
    "values_of",
    "vote_card",
]
