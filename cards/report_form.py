"""The chair's form to register a study (utredning) or a measure (tiltak): title, text and the
proposal it concerns (optional). It is published on the committee's Teams area when saved."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_teams.cards import CardElement, TextInput

from cards.elements import adaptive_card, banner, buttons, execute, heading
from governance import verbs
from governance.domain.reports import ReportKind
from governance.i18n import N_, translate

TITLES = {ReportKind.STUDY: N_("Register a study"), ReportKind.MEASURE: N_("Register a measure")}


def report_form(
    kind: ReportKind,
    locale: str = "nb",
    *,
    values: Mapping[str, str] | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    """Inputs ``report_title``, ``report_text``, ``proposal_number``; the button sends
    ``report.save`` with ``{"kind": "study"|"measure"}``. A refusal brings the form back with
    its message and what was written."""
    v = values or {}
    title = translate(TITLES[kind], locale)
    body: list[CardElement] = [heading(title, size="Medium")]
    if error:
        body.append(banner(error, "attention"))
    body += [
        TextInput(
            id="report_title",
            label=translate(N_("Title"), locale),
            is_required=True,
            error_message=translate(N_("Give it a title."), locale),
            max_length=300,
            value=v.get("report_title") or None,
        ),
        TextInput(
            id="report_text",
            label=translate(N_("Text"), locale),
            is_multiline=True,
            is_required=True,
            error_message=translate(N_("Write the text."), locale),
            max_length=20_000,
            value=v.get("report_text") or None,
        ),
        TextInput(
            id="proposal_number",
            label=translate(N_("Proposal number (if it concerns one)"), locale),
            max_length=10,
            value=v.get("proposal_number") or None,
        ),
    ]
    body += buttons(
        [
            execute(
                translate(N_("Register and publish"), locale),
                verbs.REPORT_SAVE,
                {"kind": kind.value},
                style="positive",
            )
        ]
    )
    return adaptive_card(body, fallback_text=title)
