"""The document renderers: Word files that python-docx opens again, PDFs that pypdf reads (with
æ, ø, å, “ ” and –), chart PNGs of a fixed size, deterministic bytes, and stable, sanitised
paths. Samples go to ``test-artifacts/publishing/``."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import docx
import pytest
from PIL import Image
from pypdf import PdfReader

from governance.domain.organisation import Mandate
from governance.domain.tally import Choice
from graph_sync.documents import (
    CHART_SIZE_PX,
    Chart,
    Document,
    Section,
    Table,
    chart_png,
    render_docx,
    render_pdf,
)
from graph_sync.publications import decision_document, document_path, status_document
from tests.unit.publishing.samples import (
    AT,
    BOARD_DAY,
    TITLE,
    TODAY,
    docx_text,
    make_plan,
    make_portfolio,
    make_proposal,
    make_tasks,
    make_vote,
    pdf_text,
)

Save = Callable[[str, bytes], None]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
UNICODE = "Særskilt økonomi på Åndalsnes – “sitat” og ÆØÅ"


def small_document() -> Document:
    chart = Chart("Forslag per år", ["2027", "2028"], [3.0, 5.0], "Antall")
    table = Table(["Kommune", "Stemmevekt"], [["Aukra", "1"], ["Molde", "2,5"]])
    section = Section("Første del", [UNICODE], [table], [chart])
    return Document(
        UNICODE, "Undertittel", "ROR-IKT", [section], "Publisert av Samstyre", issued=AT
    )


def mixed_vote_document(mandate: Mandate) -> Document:
    vote = make_vote([("aukra", Choice.FOR), ("molde", Choice.MOT), ("rauma", Choice.AVSTAR)])
    return decision_document(
        vote, vote.current_tally(), make_proposal(), mandate, "nb", board_meeting_date=BOARD_DAY
    )


# --- Word ------------------------------------------------------------------------------------
def test_decision_docx_has_the_decision_the_title_and_every_weight_and_choice(
    mandate: Mandate,
    save: Save,
) -> None:
    content = render_docx(mixed_vote_document(mandate))
    save("decision-escalated-nb.docx", content)
    text, tables = docx_text(content)
    assert f"Forslag #12: {TITLE}" in text
    assert "Bestillerutvalget kom ikke til enighet, så saken løftes til Styret i ROR-IKT." in text
    assert "Saken står på sakslisten til styremøtet tirsdag 23. mars 2027." in text
    assert "Avsluttet 09.03.2027 kl. 12:00 av Dagny Lie" in text
    ballots = next(t for t in tables if t[0][:3] == ["Kommune", "Stemmevekt", "Stemme"])
    by_municipality = {row[0]: row[1:3] for row in ballots[1:]}
    assert by_municipality == {
        "Aukra": ["1", "For"],
        "Molde": ["2,5", "Mot"],
        "Rauma": ["1,5", "Avstår"],
        "Vestnes": ["0,75", "Stemte ikke"],
    }
    assert ballots[2][3] == "Mari Moen"


def test_decision_docx_has_weighted_and_unweighted_totals(mandate: Mandate) -> None:
    _, tables = docx_text(render_docx(mixed_vote_document(mandate)))
    totals = next(t for t in tables if t[0][0] == "Opptelling")
    assert totals[1:] == [
        ["For", "1", "1"],
        ["Mot", "2,5", "1"],
        ["Avstår", "1,5", "1"],
        ["Stemte ikke", "0,75", "1"],
        ["Totalt", "5,75", "4"],
    ]


def test_docx_has_the_cooperation_in_its_header_and_page_numbers_in_its_footer() -> None:
    word = docx.Document(io.BytesIO(render_docx(small_document())))
    section = word.sections[0]
    assert section.header.paragraphs[0].text == "ROR-IKT"
    assert 'w:instr="PAGE"' in section.footer.paragraphs[0]._p.xml
    assert word.paragraphs[0].style is not None and word.paragraphs[0].style.name == "Title"
    assert word.core_properties.title == UNICODE
    assert len(word.inline_shapes) == 1


def test_the_same_document_renders_to_the_same_bytes() -> None:
    doc = small_document()
    assert render_docx(doc) == render_docx(doc)
    assert render_pdf(doc) == render_pdf(doc)


# --- PDF --------------------------------------------------------------------------------------
def test_pdf_parses_and_keeps_norwegian_letters_quotes_and_dashes(save: Save) -> None:
    content = render_pdf(small_document())
    save("small.pdf", content)
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata is not None and reader.metadata.title == UNICODE
    text = pdf_text(content)
    assert UNICODE in text
    assert "Molde 2,5" in text


def test_decision_pdf_has_the_title_with_aeoa(mandate: Mandate, save: Save) -> None:
    content = render_pdf(mixed_vote_document(mandate))
    save("decision-escalated-nb.pdf", content)
    text = pdf_text(content)
    assert f"Forslag #12: {TITLE}" in text
    assert "Vestnes 0,75 Stemte ikke" in text


# --- charts -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "labels", [["2027", "2028", "2029"], ["klar for sakslisten", "løftet til styret", "anbefalt"]]
)
def test_chart_is_a_png_of_the_expected_size_without_timestamps(
    labels: list[str],
    save: Save,
) -> None:
    chart = Chart("Kostnad per år – “plan”", labels, [450000.0, 1200000.5, 0.0], "kr")
    png = chart_png(chart)
    save(f"chart-{len(labels[0])}.png", png)
    assert png.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == CHART_SIZE_PX
        assert "Software" not in image.info
    assert b"tIME" not in png
    assert chart_png(chart) == png


def test_an_empty_chart_still_renders() -> None:
    png = chart_png(Chart("Ingenting", [], [], "Antall"))
    assert png.startswith(PNG_SIGNATURE)


def test_status_document_has_its_three_charts(mandate: Mandate, save: Save) -> None:
    proposals, votes = make_portfolio()
    doc = status_document(proposals, votes, make_tasks(), [make_plan()], mandate, "nb", today=TODAY)
    assert [c.title for c in doc.charts()] == [
        "Forslag etter status",
        "Forslag per kommune",
        "Kostnad per år",
    ]
    content = render_docx(doc)
    save("status-nb.docx", content)
    assert len(docx.Document(io.BytesIO(content)).inline_shapes) == 3
    pdf = render_pdf(doc)
    save("status-nb.pdf", pdf)
    images = sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert images == 3


# --- model ------------------------------------------------------------------------------------
def test_a_table_row_must_match_its_headers() -> None:
    with pytest.raises(ValueError, match="cells"):
        Table(["Kommune", "Stemmevekt"], [["Aukra"]])


def test_a_chart_needs_one_value_per_label() -> None:
    with pytest.raises(ValueError, match="one value per label"):
        Chart("Feil", ["a", "b"], [1.0], "Antall")


# --- paths ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "title", "expected"),
    [
        ("minutes", "Bestillerutvalget", "Referater/2027/2027-03-09 Bestillerutvalget.docx"),
        (
            "decision",
            "Forslag 12 Felles innbyggerportal",
            "Vedtak/2027/2027-03-09 Forslag 12 Felles innbyggerportal.docx",
        ),
        (  # a document's title ("Forslag #12: …"): no "#", which breaks links in SharePoint
            "decision",
            "Forslag #12: Felles innbyggerportal",
            "Vedtak/2027/2027-03-09 Forslag 12 Felles innbyggerportal.docx",
        ),
        ("study", "100 % digitalt #2", "Utredninger/2027/2027-03-09 100 digitalt 2.docx"),
        ("status", "Statusrapport", "Statusrapporter/2027/2027-03-09 Statusrapport.docx"),
        (
            "study",
            'Utredning: "sky" * <ny> ? a/b \\ c | d',
            "Utredninger/2027/2027-03-09 Utredning sky ny a b c d.docx",
        ),
        ("measure", " ..Tiltak.. ", "Tiltak/2027/2027-03-09 Tiltak.docx"),
        ("decision", "...", "Vedtak/2027/2027-03-09.docx"),
        (
            "decision",
            "Linje\nskift\tog   mellomrom",
            "Vedtak/2027/2027-03-09 Linje skift og mellomrom.docx",
        ),
    ],
)
def test_document_paths_are_stable_and_sanitised(kind: str, title: str, expected: str) -> None:
    path = document_path(kind, date(2027, 3, 9), title)  # type: ignore[arg-type]
    assert path == expected
    assert path == document_path(kind, date(2027, 3, 9), title)  # type: ignore[arg-type]


def test_document_path_of_the_pdf_twin_and_a_long_title() -> None:
    path = document_path("decision", date(2027, 3, 9), "Forslag 12 " + "å" * 300, "pdf")
    folder, year, name = path.split("/")
    assert (folder, year) == ("Vedtak", "2027")
    assert name.endswith("å.pdf") and len(name) <= 140
    assert not any(c in name for c in '"*:<>?\\|#%')
