"""Published documents: a small model (``Document`` of ``Section``s with paragraphs, ``Table``s
and bar ``Chart``s) and its renderers: Word (``render_docx``, python-docx) in the cooperation's
sober style, its PDF twin for reading and archiving (``render_pdf``, fpdf2), and chart images
(``chart_png``, matplotlib's Agg canvas).

Rendering is deterministic: the same document gives the same bytes (fixed ZIP entry times, the
document's own ``issued`` time as creation date, no timestamps in the PNG), so a repeated
publication replaces a file with an identical one. Nothing is downloaded: the PDF's font is the
DejaVu Sans that ships with matplotlib, which has æ, ø, å, “ ” and –.
"""

from __future__ import annotations

import io
import re
import textwrap
import zipfile
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import docx
import matplotlib
from babel.numbers import format_decimal
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from fpdf import FPDF, FontFace, XPos, YPos
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from governance.domain.text import clean_text
from governance.presentation import babel_locale

CHART_SIZE_PX: Final = (1600, 900)  # width, height of every chart image
_CHART_DPI: Final = 200
_ACCENT: Final = (0x1F, 0x3A, 0x5F)  # the cooperation style's one colour: a dark blue
_FIXED_ZIP_TIME: Final = (1980, 1, 1, 0, 0, 0)
_NUMERIC = re.compile(r"^[-+−]?[\d\s\u00a0\u202f.,]+(\s?(%|kr|NOK))?$")
DOCX_CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE: Final = "application/pdf"


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.headers):
                raise ValueError(f"a row has {len(row)} cells, the headers {len(self.headers)}")


@dataclass(frozen=True)
class Chart:
    """A bar chart; ``locale`` decides how the value axis writes numbers."""

    title: str
    labels: list[str]
    values: list[float]
    y_label: str
    locale: str = "nb"

    def __post_init__(self) -> None:
        if len(self.labels) != len(self.values):
            raise ValueError("a chart needs one value per label")


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass(frozen=True)
class Document:
    """``issued`` is the document's creation date in its metadata (now when not given)."""

    title: str
    subtitle: str
    cooperation: str
    sections: list[Section]
    footer: str
    locale: str = "nb"
    issued: datetime | None = None

    def charts(self) -> list[Chart]:
        return [chart for section in self.sections for chart in section.charts]


# --- charts ---------------------------------------------------------------------------------
def chart_png(chart: Chart) -> bytes:
    """The chart as a PNG of ``CHART_SIZE_PX``; horizontal bars when the labels are long."""
    width, height = CHART_SIZE_PX
    figure = Figure(
        figsize=(width / _CHART_DPI, height / _CHART_DPI), dpi=_CHART_DPI, layout="constrained"
    )
    FigureCanvasAgg(figure)  # our own canvas: no pyplot, no global backend
    axes = figure.add_subplot()
    horizontal = any(len(label) > 12 for label in chart.labels) or len(chart.labels) > 8
    labels = [textwrap.shorten(label, 40, placeholder="…") for label in chart.labels]
    loc = babel_locale(chart.locale)
    ticks = FuncFormatter(lambda value, _pos: format_decimal(value, locale=loc))
    colour = tuple(c / 255 for c in _ACCENT)
    whole = all(float(v).is_integer() for v in chart.values)
    value_axis: Axis
    if horizontal:
        bars = axes.barh(labels[::-1], chart.values[::-1], color=colour)
        value_axis = axes.xaxis
        axes.set_xlabel(chart.y_label)
    else:
        bars = axes.bar(labels, chart.values, color=colour)
        value_axis = axes.yaxis
        axes.set_ylabel(chart.y_label)
    value_axis.set_major_formatter(ticks)
    value_axis.set_major_locator(MaxNLocator(integer=whole))
    shown = chart.values[::-1] if horizontal else chart.values
    whole_units = "#,##0" if any(abs(v) >= 1000 for v in shown) else None  # kroner, not øre
    axes.bar_label(
        bars,
        labels=[format_decimal(v, whole_units, locale=loc) for v in shown],
        padding=3,
        fontsize=8,
    )
    if horizontal:
        axes.margins(x=0.08)
    else:
        axes.margins(y=0.08)
    axes.set_title(chart.title, loc="left", fontweight="bold")
    axes.spines[["top", "right"]].set_visible(False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _numeric_columns(table: Table) -> list[bool]:
    return [
        bool(table.rows) and all(not row[i] or _NUMERIC.match(row[i]) for row in table.rows)
        for i in range(len(table.headers))
    ]


# --- Word -----------------------------------------------------------------------------------
def printable(doc: Document) -> Document:
    """``doc`` with every text cleaned of the characters Word (XML) and PDF cannot hold
    (``governance.domain.text``): a record stored before those were refused must never make a
    publication fail, nor block the ones after it."""

    def table(t: Table) -> Table:
        return Table(
            [clean_text(h) for h in t.headers], [[clean_text(c) for c in row] for row in t.rows]
        )

    def chart(c: Chart) -> Chart:
        return replace(
            c,
            title=clean_text(c.title),
            labels=[clean_text(x) for x in c.labels],
            y_label=clean_text(c.y_label),
        )

    sections = [
        Section(
            clean_text(s.heading),
            [clean_text(p) for p in s.paragraphs],
            [table(t) for t in s.tables],
            [chart(c) for c in s.charts],
        )
        for s in doc.sections
    ]
    return replace(
        doc,
        title=clean_text(doc.title),
        subtitle=clean_text(doc.subtitle),
        cooperation=clean_text(doc.cooperation),
        footer=clean_text(doc.footer),
        sections=sections,
    )


def render_docx(doc: Document) -> bytes:
    """The document as Word: title page heading, a header line with the cooperation's name,
    headings, tables with a repeated header row, charts as PNG, a footer with page numbers."""
    doc = printable(doc)
    word = docx.Document()
    _style(word, doc.locale)
    _header_and_footer(word, doc)
    word.add_paragraph(doc.title, style="Title")
    if doc.subtitle:
        word.add_paragraph(doc.subtitle, style="Subtitle")
    for section in doc.sections:
        word.add_heading(section.heading, level=1)
        for text in section.paragraphs:
            word.add_paragraph(text)
        for table in section.tables:
            _docx_table(word, table)
            word.add_paragraph()
        for chart in section.charts:
            word.add_picture(io.BytesIO(chart_png(chart)), width=Cm(16))
    props = word.core_properties
    # Word's core properties hold at most 255 characters; a proposal title may be longer.
    props.title, props.subject, props.author = (
        textwrap.shorten(text, 255, placeholder="…")
        for text in (doc.title, doc.subtitle, doc.cooperation)
    )
    props.last_modified_by, props.language, props.revision = "Samstyre", _lang(doc.locale), 1
    props.created = props.modified = _issued(doc)
    buffer = io.BytesIO()
    word.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _lang(locale: str) -> str:
    return babel_locale(locale).replace("_", "-")


def _style(word: docx.document.Document, locale: str) -> None:
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(10.5)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), _lang(locale))
    normal.element.get_or_add_rPr().append(lang)
    for name, size in (("Title", 24), ("Subtitle", 13), ("Heading 1", 14), ("Heading 2", 12)):
        style = word.styles[name]
        style.font.name, style.font.size = "Calibri", Pt(size)
        style.font.color.rgb = RGBColor(*_ACCENT)


def _header_and_footer(word: docx.document.Document, doc: Document) -> None:
    section = word.sections[0]
    header = section.header.paragraphs[0]
    header.text = doc.cooperation
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "6"),
        ("w:space", "1"),
        ("w:color", "".join(f"{c:02X}" for c in _ACCENT)),
    ):
        bottom.set(qn(key), value)
    border.append(bottom)
    header._p.get_or_add_pPr().append(border)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{doc.footer}  ·  " if doc.footer else "")
    page = OxmlElement("w:fldSimple")
    page.set(qn("w:instr"), "PAGE")
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    page.append(run)
    footer._p.append(page)


def _docx_table(word: docx.document.Document, table: Table) -> None:
    grid = word.add_table(rows=1, cols=len(table.headers))
    grid.style = word.styles["Light Grid Accent 1"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    numeric = _numeric_columns(table)
    heading = grid.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    heading._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(heading.cells, table.headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for values in table.rows:
        for index, (cell, text) in enumerate(zip(grid.add_row().cells, values, strict=True)):
            cell.text = text
            if numeric[index]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _issued(doc: Document) -> datetime:
    issued = doc.issued or datetime.now(UTC)
    return issued.astimezone(UTC) if issued.tzinfo else issued.replace(tzinfo=UTC)


def _fixed_zip_times(package: bytes) -> bytes:
    """The same package with every entry dated 1980-01-01, so equal documents are equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, _FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(entry))
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------------
_FONT: Final = "DejaVuSans"
_TABLE_FONT_SIZE: Final = 9
_CELL_PADDING: Final = 1.2


def _font_file(name: str) -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


class _Pdf(FPDF):
    def __init__(self, doc: Document) -> None:
        super().__init__(format="A4")
        self.doc = doc
        self.add_font(_FONT, "", _font_file("DejaVuSans.ttf"))
        self.add_font(_FONT, "B", _font_file("DejaVuSans-Bold.ttf"))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=20)

    def header(self) -> None:
        self.set_font(_FONT, "", 8)
        self.set_text_color(*_ACCENT)
        self.cell(0, 5, self.doc.cooperation, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*_ACCENT)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_text_color(0)
        self.ln(6)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(_FONT, "", 8)
        self.set_text_color(90)
        prefix = f"{self.doc.footer}  ·  " if self.doc.footer else ""
        self.cell(0, 5, f"{prefix}{self.page_no()}/{{nb}}", align="C")


def render_pdf(doc: Document) -> bytes:
    """The PDF twin of ``render_docx``: the same text, tables and charts on A4."""
    doc = printable(doc)
    pdf = _Pdf(doc)
    pdf.set_title(doc.title)
    pdf.set_subject(doc.subtitle)
    pdf.set_author(doc.cooperation)
    pdf.set_creator("Samstyre")
    pdf.set_lang(_lang(doc.locale))
    pdf.set_creation_date(_issued(doc))
    pdf.add_page()
    _pdf_text(pdf, doc.title, size=20, bold=True, colour=_ACCENT)
    if doc.subtitle:
        _pdf_text(pdf, doc.subtitle, size=12, colour=_ACCENT)
    for section in doc.sections:
        if pdf.will_page_break(40):
            pdf.add_page()
        pdf.ln(4)
        _pdf_text(pdf, section.heading, size=14, bold=True, colour=_ACCENT)
        for text in section.paragraphs:
            _pdf_text(pdf, text, size=10)
        for table in section.tables:
            _pdf_table(pdf, table)
        for chart in section.charts:
            width = pdf.epw
            if pdf.will_page_break(width * CHART_SIZE_PX[1] / CHART_SIZE_PX[0]):
                pdf.add_page()
            pdf.image(io.BytesIO(chart_png(chart)), w=width)
            pdf.ln(3)
    return bytes(pdf.output())


def _pdf_text(
    pdf: FPDF,
    text: str,
    *,
    size: float,
    bold: bool = False,
    colour: tuple[int, int, int] = (0, 0, 0),
) -> None:
    pdf.set_font(_FONT, "B" if bold else "", size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    pdf.ln(1.5)


def _pdf_table(pdf: FPDF, table: Table) -> None:
    numeric = _numeric_columns(table)
    widths = _column_widths(pdf, table)
    align = tuple("RIGHT" if n else "LEFT" for n in numeric)
    heading = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=_ACCENT)
    pdf.set_font(_FONT, "", _TABLE_FONT_SIZE)
    with pdf.table(
        col_widths=widths,
        text_align=align,
        headings_style=heading,
        line_height=5,
        padding=_CELL_PADDING,
        width=pdf.epw,
    ) as grid:
        for values in [table.headers, *table.rows]:
            row = grid.row()
            for text in values:
                row.cell(text)
    pdf.ln(3)


def _column_widths(pdf: FPDF, table: Table) -> tuple[float, ...]:
    """Widths in mm: every column at least as wide as its longest word (up to an equal share of
    the page), so numbers and amounts, whose spaces do not break, stay on one line; the rest of
    the page is shared out by how much more each column needs to hold its text on one line."""
    extra = 2 * _CELL_PADDING + 1

    def width(text: str, bold: bool) -> float:
        pdf.set_font(_FONT, "B" if bold else "", _TABLE_FONT_SIZE)
        return float(pdf.get_string_width(text))

    least, wanted = [], []
    for index, header in enumerate(table.headers):
        cells = [(header, True)] + [(row[index], False) for row in table.rows]
        longest_word = (
            max(width(word, bold) for text, bold in cells for word in [*text.split(" "), ""])
            + extra
        )
        least.append(min(longest_word, pdf.epw / len(table.headers)))  # longer words break
        wanted.append(max(width(text, bold) for text, bold in cells) + extra)
    spare = pdf.epw - sum(least)
    growth = [w - m for w, m in zip(wanted, least, strict=True)]
    if sum(growth) <= spare or sum(growth) == 0:
        return tuple(w * pdf.epw / sum(wanted) for w in wanted)
    return tuple(m + spare * g / sum(growth) for m, g in zip(least, growth, strict=True))
