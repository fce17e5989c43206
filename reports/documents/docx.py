"""The same Document as an editable Word file (python-docx), with real Word formatting.

Header and signature blocks are borderless tables, the short lines are paragraph borders sized
from the text they underline, the body has first-line indents and justification, the phụ lục is a
landscape section whose table repeats its header row (w:tblHeader) and never splits a row
(w:cantSplit). Page numbers: a PAGE field in the header, none on the first page of the document
and of the phụ lục (different first page), numbering restarting in the phụ lục.
"""

from __future__ import annotations

import datetime
import io

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.documents.context import APPENDIX_END, MOTTO, NATIONAL_NAME, Document, fitted_widths, number_spans
from reports.documents.fonts import text_width_mm
from reports.documents.ooxml import stable_zip

FONT = "Times New Roman"
PORTRAIT_TEXT_MM = 165  # 210 - 30 - 15
LANDSCAPE_TEXT_MM = 252  # 297 - 30 - 15
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "right": WD_ALIGN_PARAGRAPH.RIGHT}


# Word refuses ("unreadable content") properties written out of the schema's order, so children
# are inserted where ECMA-376 puts them, not appended.
SCHEMA_ORDER = {
    "w:pPr": ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
    "w:tblPr": ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
                "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"),
    "w:trPr": ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
               "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange"),
    "w:sectPr": ("w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz",
                 "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt",
                 "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                 "w:printerSettings", "w:sectPrChange"),
    "w:rPr": ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
              "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
              "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"),
    # Children of these are all of one kind, in a fixed order too.
    "w:pBdr": ("w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"),
    "w:tblBorders": ("w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"),
    "w:tblCellMar": ("w:top", "w:left", "w:bottom", "w:right"),
}


def _prefixed(element) -> str:
    namespace, _, local = element.tag.rpartition("}")
    return f"w:{local}" if namespace.endswith("wordprocessingml/2006/main") else local


def _set(element, tag: str, **attrs) -> OxmlElement:
    """Get or create child `tag` of an element (in schema order) and set its w: attributes."""
    child = element.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        order = SCHEMA_ORDER.get(_prefixed(element), ())
        later = set(order[order.index(tag) + 1:]) if tag in order else set()
        successor = next((c for c in element if _prefixed(c) in later), None)
        if successor is None:
            element.append(child)
        else:
            successor.addprevious(child)
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), str(value))
    return child


def _paragraph(container, text: str = "", *, size: float = 14, bold: bool = False, italic: bool = False,
               align=WD_ALIGN_PARAGRAPH.CENTER, before: float = 0, line: float | None = None, indent_cm: float = 0,
               keep_next: bool = False):
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(0)
    if line:
        fmt.line_spacing = line
    if indent_cm:
        fmt.first_line_indent = Mm(indent_cm * 10)
    if keep_next:
        fmt.keep_with_next = True
    if text:
        for part, number in number_spans(text):
            run = paragraph.add_run("" if number else part)
            run.font.size = Pt(size)
            run.bold = bold or None
            run.italic = italic or None
            if number:
                _unbreakable(run, part)
    return paragraph


WORD_JOINER = "\u2060"
WORD_CELL_PADDING_MM = 2 * 1.9 + 0.6  # "Table Grid": 0.19 cm each side of a cell, and the borders


def _unbreakable(run, number: str) -> None:
    """A document number or date that Word never breaks: its hyphens are Word's non-breaking hyphen,
    and a word joiner follows each slash that a letter follows ("09/2019/NĐ-CP")."""
    for index, segment in enumerate(number.split("-")):
        if index:
            run._r.append(OxmlElement("w:noBreakHyphen"))
        text = "".join(char + (WORD_JOINER if char == "/" and nxt.isalpha() else "")
                       for char, nxt in zip(segment, segment[1:] + " "))
        if text:
            element = OxmlElement("w:t")
            element.text = text
            element.set(qn("xml:space"), "preserve")
            run._r.append(element)


def _rule(container, line_mm: float, box_mm: float, gap: float = 0):
    """A 0.75 pt line `line_mm` long, centred in a box `box_mm` wide: an empty bordered paragraph,
    `gap` points below the text above (under a trích yếu: clear of its dấu nặng)."""
    paragraph = _paragraph(container, size=1, before=gap)
    side = max((box_mm - line_mm) / 2, 0)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = _set(paragraph._p.get_or_add_pPr(), "w:pBdr")
    _set(borders, "w:top", val="single", sz=6, space=1, color="000000")
    return paragraph


def _first_cell_paragraph(cell):
    """Cells start with one empty paragraph: use it for the first line, then add the rest."""
    paragraph = cell.paragraphs[0]
    paragraph._p.getparent().remove(paragraph._p)
    return cell


def _plain_table(doc, widths_mm: list[float], rows: int = 1):
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr
    borders = _set(tbl_pr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _set(borders, f"w:{edge}", val="nil")
    _set(tbl_pr, "w:tblLayout", type="fixed")
    cell_margins = _set(tbl_pr, "w:tblCellMar")
    for edge in ("left", "right"):
        _set(cell_margins, f"w:{edge}", w=0, type="dxa")
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    for row in table.rows:
        for cell in row.cells:
            _first_cell_paragraph(cell)
    return table


def _page_field(paragraph, size: float = 14):
    """A PAGE field: Word and LibreOffice fill in the page number."""
    run = paragraph.add_run()
    run.font.size = Pt(size)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.extend([begin, instruction, end])


def _draft_mark(header, text_mm: float):
    label = "DỰ THẢO"
    box = text_width_mm(label, 13, bold=True) + 6
    paragraph = _paragraph(header, label, size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.paragraph_format.left_indent = Mm(text_mm - box)
    borders = _set(paragraph._p.get_or_add_pPr(), "w:pBdr")
    for edge in ("top", "left", "bottom", "right"):
        _set(borders, f"w:{edge}", val="single", sz=12, space=1, color="000000")


def _setup_section(section, *, landscape: bool, draft: bool, restart: bool):
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = (
            Mm(20), Mm(15), Mm(15), Mm(30))
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = (
            Mm(20), Mm(15), Mm(20), Mm(30))
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    text_mm = LANDSCAPE_TEXT_MM if landscape else PORTRAIT_TEXT_MM
    for header, numbered in ((section.header, True), (section.first_page_header, False)):
        header.is_linked_to_previous = False
        for paragraph in list(header.paragraphs):
            paragraph._p.getparent().remove(paragraph._p)
        if numbered:
            _page_field(_paragraph(header))
        if draft:
            _draft_mark(header, text_mm)
        if not header.paragraphs:
            _paragraph(header)
    if restart:
        _set(section._sectPr, "w:pgNumType", start=1)


def _letterhead(doc, document: Document):
    left, right = PORTRAIT_TEXT_MM * 0.38, PORTRAIT_TEXT_MM * 0.62
    table = _plain_table(doc, [left, right], rows=2)
    issuer, nation = table.rows[0].cells
    if document.parent_line:
        _paragraph(issuer, document.parent_line, size=13)
    for line in document.header_lines:
        _paragraph(issuer, line, size=13, bold=True)
    widest = max([text_width_mm(line, 13, bold=True) for line in document.header_lines] + [10])
    _rule(issuer, widest * 0.4, left)
    _paragraph(nation, NATIONAL_NAME, size=13, bold=True)
    _paragraph(nation, MOTTO, size=14, bold=True)
    _rule(nation, text_width_mm(MOTTO, 14, bold=True), right)
    number, date = table.rows[1].cells
    _paragraph(number, document.number_line, size=13, before=6)
    if document.letter_subject:  # công văn: "V/v …" under the number, 12 pt (FORMAT.md §4.1)
        _paragraph(number, document.letter_subject, size=12, before=6)
    _paragraph(date, document.date_line, size=14, italic=True, before=6)


def _title(doc, document: Document):
    if document.letter_subject:  # a công văn has no title block, only Kính gửi
        _paragraph(doc, size=14, before=12, keep_next=True)
    else:
        _paragraph(doc, document.kind_word, bold=True, before=26, keep_next=True)
        _paragraph(doc, document.title, bold=True, keep_next=True)
        width = min(text_width_mm(document.title, 14, bold=True), PORTRAIT_TEXT_MM)
        _rule(doc, width * 0.4, PORTRAIT_TEXT_MM, gap=4).paragraph_format.keep_with_next = True
    if document.addressees:
        if len(document.addressees) == 1:
            _paragraph(doc, f"Kính gửi: {document.addressees[0]}", before=6)
        else:
            _paragraph(doc, "Kính gửi:", before=6, align=WD_ALIGN_PARAGRAPH.LEFT).paragraph_format.left_indent = Mm(40)
            for line in document.addressees:
                item = _paragraph(doc, line, align=WD_ALIGN_PARAGRAPH.LEFT)
                item.paragraph_format.left_indent = Mm(40 + text_width_mm("Kính gửi", 14))
    _paragraph(doc, size=6, keep_next=True)


def _body(doc, document: Document):
    for line in document.basis_lines:
        _paragraph(doc, line, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=6, line=1.3, indent_cm=1)
    last = None
    for block in document.blocks:
        bold = block.kind in ("heading", "subheading")
        last = _paragraph(doc, block.text, bold=bold, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=6, line=1.3,
                          indent_cm=1, keep_next=bold)
        if bold:  # real headings for Word's navigation pane, with the look NĐ 30 wants
            _set(last._p.get_or_add_pPr(), "w:outlineLvl", val=0 if block.kind == "heading" else 1)
    if last is not None:
        last.paragraph_format.keep_with_next = True  # the signature stays with the last paragraph


def _signature(doc, document: Document):
    _paragraph(doc, size=8)
    table = _plain_table(doc, [PORTRAIT_TEXT_MM * 0.45, PORTRAIT_TEXT_MM * 0.55])
    _set(table.rows[0]._tr.get_or_add_trPr(), "w:cantSplit")
    recipients, signer = table.rows[0].cells
    _paragraph(recipients, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in document.recipients:
        item = _paragraph(recipients, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
        item.paragraph_format.left_indent = Pt(8.8)
        item.paragraph_format.first_line_indent = Pt(-8.8)
    _paragraph(signer, document.signer.authority, bold=True)
    for line in document.signer.title_lines:
        _paragraph(signer, line, bold=True)
    _paragraph(signer, document.signer.name, bold=True, before=Mm(28).pt)


def _appendix(doc, document: Document, appendix):
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _setup_section(section, landscape=True, draft=document.draft, restart=True)
    _paragraph(doc, appendix.label, bold=True, keep_next=True)
    _paragraph(doc, appendix.title, bold=True, keep_next=True)
    _paragraph(doc, appendix.attached_line, size=13, italic=True, keep_next=True)
    width = min(text_width_mm(appendix.attached_line, 13, italic=True), LANDSCAPE_TEXT_MM)
    _rule(doc, width * 0.4, LANDSCAPE_TEXT_MM, gap=4).paragraph_format.keep_with_next = True
    _paragraph(doc, size=8, keep_next=True)

    columns = appendix.table.columns
    table = doc.add_table(rows=1 + len(appendix.table.rows), cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set(table._tbl.tblPr, "w:tblLayout", type="fixed")
    widths = fitted_widths(appendix.table, LANDSCAPE_TEXT_MM, padding_mm=WORD_CELL_PADDING_MM)
    for column, width in zip(table.columns, widths):
        column.width = Mm(width)
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        _set(tr_pr, "w:cantSplit")
        if index == 0:
            _set(tr_pr, "w:tblHeader")
        values = [c.label for c in columns] if index == 0 else appendix.table.rows[index - 1]
        for cell, column, width, value in zip(row.cells, columns, widths, values):
            cell.width = Mm(width)
            _first_cell_paragraph(cell)
            if index == 0:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                _paragraph(cell, value, size=13, bold=True)
            else:
                _paragraph(cell, value, size=13, align=ALIGN.get(column.align, WD_ALIGN_PARAGRAPH.LEFT))
    _paragraph(doc, APPENDIX_END, align=WD_ALIGN_PARAGRAPH.LEFT, before=6)


def render_docx(document: Document) -> bytes:
    doc = WordDocument()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.widow_control = True
    language = _set(normal.element.get_or_add_rPr(), "w:lang", val="vi-VN")
    language.set(qn("w:eastAsia"), "vi-VN")

    properties = doc.core_properties
    properties.title = (document.letter_subject or f"{document.kind_word.capitalize()} {document.title}")[:255]
    properties.author = properties.last_modified_by = ""
    properties.language = "vi-VN"
    properties.created = properties.modified = datetime.datetime(2000, 1, 1)
    properties.revision = 1

    # The template's body starts with an empty paragraph.
    for paragraph in list(doc.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    _setup_section(doc.sections[0], landscape=False, draft=document.draft, restart=False)
    _letterhead(doc, document)
    _title(doc, document)
    _body(doc, document)
    _signature(doc, document)
    for appendix in document.appendices:
        _appendix(doc, document, appendix)

    out = io.BytesIO()
    doc.save(out)
    return stable_zip(out.getvalue())
