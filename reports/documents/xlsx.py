"""The appendix tables as a spreadsheet (openpyxl): one sheet per table, header row first."""

from __future__ import annotations

import datetime
import io
import zipfile

from reports.documents.context import Document
from reports.documents.ooxml import stable_zip


def render_xlsx(document: Document) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    workbook.remove(workbook.active)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name="Times New Roman", size=12)
    bold = Font(name="Times New Roman", size=12, bold=True)
    for number, appendix in enumerate(document.appendices, start=1):
        title = appendix.sheet_name if len(document.appendices) == 1 else f"{number}. {appendix.sheet_name}"
        sheet = workbook.create_sheet(title[:31])
        columns = appendix.table.columns
        sheet.append([column.label for column in columns])
        for row in appendix.table.rows:
            sheet.append([int(cell) if index == 0 and cell.isdigit() else cell for index, cell in enumerate(row)])
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.xlsx_width
        for cell in sheet[1]:
            cell.font = bold
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for row in sheet.iter_rows(min_row=2):
            for cell, column in zip(row, columns):
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    # User text is never a formula ("=HYPERLINK(...)" would run in Excel).
                    cell.data_type = "s"
                cell.font = font
                cell.border = border
                cell.alignment = Alignment(horizontal=column.align if column.align != "justify" else "left",
                                           vertical="top", wrap_text=True)
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    workbook.properties.creator = ""
    workbook.properties.title = f"Phụ lục – {document.kind_word.capitalize()} {document.title}"[:255]
    # Workbook.save() stamps the current time into the file; write it with fixed dates instead.
    workbook.properties.created = workbook.properties.modified = datetime.datetime(2000, 1, 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    return stable_zip(out.getvalue())
