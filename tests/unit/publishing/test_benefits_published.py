"""Planned against realised benefit where the board reads it: a section of the status report
(a table per benefit and a chart per unit) and two columns of the portfolio list
("Saksoversikt"), kept the same in the list's columns, the local folder's JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from governance.domain.investment import BenefitFollowUp
from governance.domain.organisation import Mandate
from governance.services.context import Context, FixedClock
from governance.services.document_queries import PortfolioSource
from graph_sync.delivery import (
    PORTFOLIO_COLUMNS,
    PORTFOLIO_KEY,
    PORTFOLIO_LIST,
    TEXT_CELL_LIMIT,
    _portfolio_facts,
    portfolio_row,
)
from graph_sync.documents import Document, Section, render_docx, render_pdf
from graph_sync.local_folder import LocalFolderTarget
from graph_sync.publications import status_document
from tests.fakes.uow import FakeDatabase
from tests.unit.publishing.samples import (
    AT,
    TITLE,
    TODAY,
    make_plan,
    make_portfolio,
    make_tasks,
)

Save = Callable[[str, bytes], None]
NBSP = "\xa0"


def make_benefits() -> list[BenefitFollowUp]:
    """Two benefits of #12 (one measured, one not), one of #9 measured above plan, one of the
    draft #15 that nobody may see."""
    calls = BenefitFollowUp(12, "Færre henvendelser", Decimal("200"), "per måned", id=1)
    calls.record(Decimal("150"), date(2027, 2, 1), by="dl-ror")
    hours = BenefitFollowUp(12, "Spart saksbehandlingstid", Decimal("1200.50"), "timer/år", id=2)
    falls = BenefitFollowUp(9, "Færre fallulykker", Decimal("120"), "timer/år", id=3)
    falls.record(Decimal("130"), date(2027, 3, 1), by="dl-ror")
    hidden = BenefitFollowUp(15, "Hemmelig gevinst", Decimal("5"), "per måned", id=4)
    return [calls, hours, falls, hidden]


def status(mandate: Mandate, locale: str = "nb", **kwargs: object) -> Document:
    proposals, votes = make_portfolio()
    return status_document(
        proposals,
        votes,
        make_tasks(),
        [make_plan()],
        mandate,
        locale,
        today=TODAY,
        **kwargs,  # type: ignore[arg-type]
    )


def benefit_section(doc: Document) -> Section:
    return doc.sections[-1]


# --- the status report ------------------------------------------------------------------------
def test_the_status_report_sets_each_planned_benefit_against_its_measurement(
    mandate: Mandate,
) -> None:
    section = benefit_section(status(mandate, benefits=make_benefits()))
    assert section.heading == "Planlagt mot realisert gevinst"
    table = section.tables[0]
    falls, calls = ["01.03.2027", f"108{NBSP}%"], ["01.02.2027", f"75{NBSP}%"]
    assert table.headers == [
        "Forslag",
        "Gevinst",
        "Enhet",
        "Planlagt",
        "Målt",
        "Måledato",
        "Realiseringsgrad",
    ]
    assert table.rows == [
        ["#9 Felles velferdsteknologi", "Færre fallulykker", "timer/år", "120", "130", *falls],
        [f"#12 {TITLE}", "Færre henvendelser", "per måned", "200", "150", *calls],
        [f"#12 {TITLE}", "Spart saksbehandlingstid", "timer/år", f"1{NBSP}200,5", "", "", ""],
    ]
    assert section.paragraphs == ["Realiseringsgraden er målt verdi delt på planlagt verdi."]


def test_the_chart_has_planned_and_measured_side_by_side_one_chart_per_unit(
    mandate: Mandate,
) -> None:
    hours, month = benefit_section(status(mandate, benefits=make_benefits())).charts
    assert hours.title == "Planlagt mot realisert gevinst (timer/år)"
    assert hours.y_label == "timer/år"
    assert hours.labels == [
        "Planlagt: #9 Færre fallulykker",
        "Målt: #9 Færre fallulykker",
        "Planlagt: #12 Spart saksbehandlingstid",  # not measured yet: no bar of zero
    ]
    assert hours.values == [120.0, 130.0, 1200.5]
    assert month.title == "Planlagt mot realisert gevinst (per måned)"
    assert (month.labels, month.values) == (
        ["Planlagt: #12 Færre henvendelser", "Målt: #12 Færre henvendelser"],
        [200.0, 150.0],
    )


def test_a_drafts_benefits_stay_out_of_the_report(mandate: Mandate) -> None:
    section = benefit_section(status(mandate, benefits=make_benefits()))
    cells = [cell for row in section.tables[0].rows for cell in row]
    labels = [label for chart in section.charts for label in chart.labels]
    assert not [text for text in cells + labels if "Hemmelig" in text]


@pytest.mark.parametrize(
    ("locale", "sentence"),
    [
        ("nb", "Ingen gevinst er planlagt ennå."),
        ("nn", "Ingen gevinst er planlagd enno."),
        ("en", "No benefit is planned yet."),
    ],
)
def test_without_a_planned_benefit_the_section_says_so_without_a_chart(
    mandate: Mandate, locale: str, sentence: str
) -> None:
    for benefits in ([], [make_benefits()[-1]]):  # none, or only the draft's
        section = benefit_section(status(mandate, locale, benefits=benefits))
        assert section.paragraphs == [sentence]
        assert (section.tables, section.charts) == ([], [])


def test_the_section_reads_in_nynorsk_and_english(mandate: Mandate) -> None:
    nn = benefit_section(status(mandate, "nn", benefits=make_benefits()))
    assert nn.heading == "Planlagd mot realisert gevinst"
    assert nn.tables[0].headers[2] == "Eining"
    assert nn.charts[0].labels[0] == "Planlagt: #9 Færre fallulykker"
    en = benefit_section(status(mandate, "en", benefits=make_benefits()))
    assert en.heading == "Planned against realised benefit"
    assert en.tables[0].headers[-1] == "Share realised"
    assert en.tables[0].rows[0][-1] == "108%"
    assert en.charts[1].labels[1] == "Measured: #12 Færre henvendelser"


def test_the_report_with_benefits_renders_every_chart(mandate: Mandate, save: Save) -> None:
    doc = status(mandate, benefits=make_benefits())
    content, pdf = render_docx(doc), render_pdf(doc)
    save("status-benefits-nb.docx", content)
    save("status-benefits-nb.pdf", pdf)
    assert len(doc.charts()) == 5
    assert len(docx.Document(io.BytesIO(content)).inline_shapes) == 5


# --- the portfolio list -----------------------------------------------------------------------
@pytest.fixture
def ctx(mandate: Mandate) -> Context:
    return Context(mandate=mandate, units=FakeDatabase().unit, clock=FixedClock(AT))


def rows(ctx: Context, benefits: list[BenefitFollowUp]) -> dict[int, dict[str, object]]:
    proposals, _ = make_portfolio()
    found = {p.id or 0: p for p in proposals}
    ids = list(found)
    source = PortfolioSource(found, None, [], {}, (), benefits)
    facts = _portfolio_facts(source, ids, ctx.mandate)
    return {pid: dict(portfolio_row(found[pid], ctx, facts[pid]).fields) for pid in ids}


def test_the_portfolio_row_shows_planned_and_realised_benefit(ctx: Context) -> None:
    by_id = rows(ctx, make_benefits())
    assert by_id[12]["PlanlagtGevinst"] == f"200 per måned; 1{NBSP}200,5 timer/år"
    assert by_id[12]["RealisertGevinst"] == "150 per måned; ikke målt"
    assert (by_id[9]["PlanlagtGevinst"], by_id[9]["RealisertGevinst"]) == (
        "120 timer/år",
        "130 timer/år",
    )
    assert (by_id[14]["PlanlagtGevinst"], by_id[14]["RealisertGevinst"]) == ("", "")


def test_realised_is_empty_while_nothing_is_measured(ctx: Context) -> None:
    planned = [
        BenefitFollowUp(14, "Færre papirsøknader", Decimal("300"), "søknader/år", id=5),
        BenefitFollowUp(14, "Kortere ventetid", Decimal("14"), "dager", id=6),
    ]
    row = rows(ctx, planned)[14]
    assert row["PlanlagtGevinst"] == "300 søknader/år; 14 dager"  # by benefit, as in the report
    assert row["RealisertGevinst"] == ""


def test_many_benefits_fit_one_line_of_a_sharepoint_list(ctx: Context) -> None:
    many = [
        BenefitFollowUp(14, f"Gevinst {n:02}", Decimal(1000 + n), "timer per år", id=n)
        for n in range(1, 40)
    ]
    for benefit in many:
        benefit.record(Decimal(900), date(2027, 3, 1), by="dl-ror")
    row = rows(ctx, many)[14]
    for column in ("PlanlagtGevinst", "RealisertGevinst"):
        text = str(row[column])
        assert len(text) == TEXT_CELL_LIMIT and text.endswith("…")


def test_the_row_fills_exactly_the_lists_columns(ctx: Context) -> None:
    row = rows(ctx, make_benefits())[12]
    assert {PORTFOLIO_KEY, *row} == {c.name for c in PORTFOLIO_COLUMNS}
    kinds = {c.name: c.kind for c in PORTFOLIO_COLUMNS}
    assert kinds["PlanlagtGevinst"] == kinds["RealisertGevinst"] == "text"


async def test_the_local_folder_writes_the_benefit_columns_to_json_and_csv(
    ctx: Context, tmp_path: Path
) -> None:
    proposals, _ = make_portfolio()
    found = {p.id or 0: p for p in proposals}
    source = PortfolioSource(found, None, [], {}, (), make_benefits())
    item = portfolio_row(found[12], ctx, _portfolio_facts(source, [12], ctx.mandate)[12])
    target = LocalFolderTarget(tmp_path)
    await target.upsert_list_items(PORTFOLIO_LIST, PORTFOLIO_KEY, PORTFOLIO_COLUMNS, [item])
    base = tmp_path / "lists" / PORTFOLIO_LIST
    (stored,) = json.loads(base.with_suffix(".json").read_text("utf-8"))
    assert stored["RealisertGevinst"] == "150 per måned; ikke målt"
    header, line = list(csv.reader(io.StringIO(base.with_suffix(".csv").read_text("utf-8-sig"))))
    assert header == [c.name for c in PORTFOLIO_COLUMNS]
    cell = dict(zip(header, line, strict=True))
    assert cell["PlanlagtGevinst"] == f"200 per måned; 1{NBSP}200,5 timer/år"
    assert cell["RealisertGevinst"] == "150 per måned; ikke målt"
