"""The document of a registered study (utredning) or measure (tiltak)."""

from __future__ import annotations

from governance.domain.organisation import Mandate
from governance.domain.proposals import Proposal
from governance.domain.reports import Report, ReportKind
from governance.i18n import N_, translate
from governance.presentation import day, member_name
from graph_sync.documents import Document, Section
from graph_sync.status_report import footer

KIND_TITLES = {ReportKind.STUDY: N_("Study"), ReportKind.MEASURE: N_("Measure")}


def report_document(
    report: Report, proposal: Proposal | None, mandate: Mandate, locale: str = "nb"
) -> Document:
    """The registered text as paragraphs, with who registered it, when, and the proposal."""
    kind = translate(KIND_TITLES[report.kind], locale)
    subtitle = translate(
        N_("{kind} registered by {name}, {date}"),
        locale,
        kind=kind,
        name=member_name(mandate, report.registered_by),
        date=day(report.registered_at.date(), locale),
    )
    paragraphs = [p.strip() for p in report.text.split("\n\n") if p.strip()]
    sections = [Section(kind, paragraphs)]
    if proposal is not None:
        sections.append(
            Section(translate(N_("Proposal"), locale), [f"{proposal.number} {proposal.title}"])
        )
    return Document(
        report.title,
        subtitle,
        mandate.name,
        sections,
        footer(mandate, locale),
        locale=locale,
        issued=report.registered_at,
    )
