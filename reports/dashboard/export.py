"""The per-unit table of “Tổng quan” as an .xlsx sheet, built by the documents package's
spreadsheet writer (same fonts, borders and header row as the appendices)."""

from __future__ import annotations

from danvan.models import Organization
from plans.models import Plan
from reports.dashboard.queries import UnitFigures
from reports.documents import MIME_TYPES, Appendix, Column, Document, Rendered, Signer, Table
from reports.documents.context import ascii_slug
from reports.documents.registry import build

COLUMNS = [
    Column("STT", 5, "center", 6),
    Column("Đơn vị", 35, "left", 45),
    Column("Nhiệm vụ chủ trì", 10, "center", 12),
    Column("Hoàn thành đúng hạn", 10, "center", 14),
    Column("Hoàn thành quá hạn", 10, "center", 14),
    Column("Đang thực hiện", 10, "center", 14),
    Column("Quá hạn", 10, "center", 10),
    Column("Tỷ lệ đúng hạn (%)", 10, "center", 14),
]


def _rate(row: UnitFigures) -> str:
    return "" if row.on_time_rate is None else f"{row.on_time_rate:g}".replace(".", ",")


def unit_table_xlsx(organization: Organization, rows: list[UnitFigures], *, year: int,
                    plan: Plan | None) -> Rendered:
    scope = f"Kế hoạch số {plan.number_display}" if plan is not None and plan.number else f"năm {year}"
    title = f"Tình hình thực hiện nhiệm vụ theo đơn vị – {scope}"
    table = Table(COLUMNS, [[str(n), row.unit.name, str(row.led), str(row.done_on_time), str(row.done_late),
                             str(row.in_progress), str(row.overdue), _rate(row)]
                            for n, row in enumerate(rows, start=1)])
    document = Document(
        kind="dashboard", template="", kind_word="Tổng quan", draft=False, header_lines=[organization.name],
        number_line="", date_line="", title=title, signer=Signer("", [], ""), filename_stem="",
        appendices=[Appendix("Tổng quan", title.upper(), "", table, sheet_name="Theo đơn vị")])
    stem = f"tong-quan-{ascii_slug(organization.code)}-{ascii_slug(scope)}".lower()
    return Rendered(f"{stem}.xlsx", MIME_TYPES["xlsx"], build(document, "xlsx"))
