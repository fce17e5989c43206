"""The roll-up BÁO CÁO as a printed document (kind "rollup" of the documents package).

Two steps, as for a plan, so an issued roll-up reprints exactly what was signed:
- `rollup_print_data(rollup)` reads the live roll-up into a JSON-able dict (what a snapshot keeps);
- `rollup_document(data, pk=...)` turns such a dict into the `Document` every format is built from.
The figures are printed from `RollupReport.figures` (linked to the data, never typed); the text
parts are the editor's (section II holds every unit's words, task by task). Two appendices: the
per-task table (status and the lead unit's result) and the units' submission status; each is a
sheet of the .xlsx.
"""

from __future__ import annotations

import datetime

from danvan.text import short_date
from reports.documents import (
    Appendix, Block, Column, Document, DocumentKind, Table, register,
)
from reports.documents.context import (
    attached_to, body_blocks, clean, end_body, paragraphs, printed_data, roman, state_document,
)
from reports.models import RollupReport
from reports.rollups.figures import PENDING_MARK, lower_first

TASK_COLUMNS = [
    Column("STT", 4, "center", 6),
    Column("Nội dung nhiệm vụ", 25, "justify", 50),
    Column("Đơn vị chủ trì", 12, "left", 26),
    Column("Đơn vị phối hợp", 13, "left", 34),
    Column("Thời hạn", 9, "center", 18),
    Column("Tình trạng", 11, "left", 24),
    Column("Kết quả thực hiện của đơn vị chủ trì", 26, "left", 60),  # narrow: justify leaves gaps
]
UNIT_COLUMNS = [
    Column("STT", 6, "center", 6),
    Column("Đơn vị", 44, "left", 45),
    Column("Tình hình báo cáo", 22, "left", 30),
    Column("Thời điểm gửi", 14, "center", 18),
    Column("Xem xét", 14, "center", 16),
]
CHILD_COLUMNS = [
    Column("STT", 4, "center", 6),
    Column("Đơn vị cấp dưới", 20, "left", 40),
    Column("Báo cáo số, ngày", 14, "left", 26),
    Column("Tổng số nhiệm vụ", 8, "center", 10),
    Column("Hoàn thành", 8, "center", 10),
    Column("Đang thực hiện", 8, "center", 10),
    Column("Chưa thực hiện", 8, "center", 10),
    Column("Quá hạn", 8, "center", 10),
    Column("Đơn vị báo cáo đúng hạn", 8, "center", 10),
    Column("Đơn vị báo cáo muộn", 7, "center", 10),
    Column("Đơn vị chưa báo cáo", 7, "center", 10),
]


def rollup_print_data(rollup: RollupReport) -> dict:
    """Every value the printed roll-up shows, read from the live roll-up (no query beyond it)."""
    org = rollup.organization
    issued = rollup.is_issued
    return {
        "organization": {
            "name": org.name, "header_parent_name": org.header_parent_name, "header_lines": org.header_lines,
            "place_name": org.place_name, "issuer_symbol": org.issuer_symbol, "authority_line": org.authority_line,
        },
        "kind": "round" if rollup.round_id else "parent",
        "title": rollup.title,
        "period_label": rollup.period_label,
        "year": (rollup.issued_on or rollup.created_at or datetime.date.today()).year,
        "symbol": rollup.symbol,
        "number": rollup.number if issued else None,
        "issued_on": rollup.issued_on.isoformat() if issued and rollup.issued_on else None,
        "intro": rollup.intro,
        "results_text": rollup.results_text,
        "difficulties_text": rollup.difficulties_text,
        "proposals_text": rollup.proposals_text,
        "direction_text": rollup.direction_text,
        "figures": rollup.figures or {},
        "recipients": rollup.recipient_lines(),
        "signer": {"authority": rollup.signer_authority, "title": rollup.signer_title,
                   "deputy_title": rollup.signer_deputy_title, "name": rollup.signer_name},
    }


def _names(units: list[dict]) -> str:
    return ", ".join(u["name"] + ("" if u.get("accepted") in (True, None) else f" {PENDING_MARK}") for u in units)


def _count_line(label: str, units: list[dict], unit_word: str = "đơn vị") -> str:
    if not units:
        return f"- {label}: không có."
    return f"- {label}: {len(units)} {unit_word} ({_names(units)})."


def figure_blocks(figures: dict) -> list[Block]:
    """Section I of the report: the figures, in sentences (they follow the data, not the editor)."""
    tasks = figures.get("tasks", {})
    blocks = []
    if figures.get("kind") == "parent":
        children = figures.get("children", {})
        units = figures.get("units", {})
        blocks.append(Block("subheading", "1. Tình hình báo cáo của các đơn vị cấp dưới"))
        blocks.append(Block("item", f"- Số đơn vị cấp dưới: {children.get('expected', 0)}."))
        blocks.append(Block("item", _count_line("Đã gửi báo cáo", children.get("reported", []))))
        blocks.append(Block("item", _count_line("Chưa báo cáo", children.get("missing", []))))
        blocks.append(Block("item", (
            f"- Các đơn vị cấp dưới tổng hợp từ {units.get('expected', 0)} đơn vị thực hiện: báo cáo đúng hạn "
            f"{units.get('on_time', 0)}, báo cáo muộn {units.get('late', 0)}, "
            f"chưa báo cáo {units.get('missing', 0)}.")))
    else:
        units = figures.get("units", {})
        blocks.append(Block("subheading", "1. Tình hình báo cáo của các đơn vị"))
        blocks.append(Block("item", f"- Số đơn vị phải báo cáo: {units.get('expected', 0)}."))
        blocks.append(Block("item", _count_line("Báo cáo đúng hạn", units.get("on_time", []))))
        blocks.append(Block("item", _count_line("Báo cáo muộn", units.get("late", []))))
        blocks.append(Block("item", _count_line("Chưa báo cáo", units.get("missing", []))))
    blocks.append(Block("subheading", "2. Kết quả thực hiện nhiệm vụ"))
    blocks.append(Block("item", f"- Tổng số nhiệm vụ: {tasks.get('total', 0)}."))
    blocks.append(Block("item", f"- Hoàn thành: {tasks.get('done', 0)} (đúng hạn: {tasks.get('done_on_time', 0)}; "
                                f"quá hạn: {tasks.get('done_late', 0)})."))
    blocks.append(Block("item", f"- Đang thực hiện: {tasks.get('in_progress', 0)}."))
    blocks.append(Block("item", f"- Chưa thực hiện: {tasks.get('not_started', 0)}."))
    blocks.append(Block("item", f"- Quá hạn mà chưa hoàn thành: {tasks.get('overdue', 0)}."))
    as_of = figures.get("as_of")
    if as_of:
        blocks.append(Block("paragraph", f"(Số liệu tính đến ngày {short_date(datetime.date.fromisoformat(as_of))}; "
                                         "chi tiết tại Phụ lục kèm theo Báo cáo này.)"))
    return blocks


def _section(blocks: list[Block], number: int, heading: str, text: str, empty: str) -> None:
    blocks.append(Block("heading", f"{roman(number)}. {heading}"))
    blocks.extend(body_blocks(text) or ([Block("paragraph", empty)] if empty else []))  # V may stay empty


def _body(data: dict) -> list[Block]:
    blocks = paragraphs(data.get("intro"))
    parent = data.get("kind") == "parent"
    blocks.append(Block("heading", "I. TÌNH HÌNH BÁO CÁO VÀ SỐ LIỆU TỔNG HỢP"))
    blocks.extend(figure_blocks(data.get("figures") or {}))
    _section(blocks, 2, "KẾT QUẢ THỰC HIỆN CỦA CÁC ĐƠN VỊ" if parent else "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ",
             data.get("results_text"), "Không có nội dung.")
    _section(blocks, 3, "KHÓ KHĂN, VƯỚNG MẮC", data.get("difficulties_text"), "Không có.")
    _section(blocks, 4, "ĐỀ XUẤT, KIẾN NGHỊ", data.get("proposals_text"), "Không có.")
    _section(blocks, 5, "PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", data.get("direction_text"), "")
    org_name = clean(data["organization"]["name"])
    blocks.append(Block("paragraph", end_body(f"Trên đây là báo cáo {lower_first(clean(data['title']))} "
                                              f"của {org_name}")))
    return blocks


def _lead_result(row: dict) -> str:
    """The lead unit's words for the appendix (the co-ordinating units' parts are in section II)."""
    if not row.get("reported"):
        return "Chưa báo cáo"
    words = clean(row.get("done_text")) or row.get("entry_status", "")
    return f"{words} {PENDING_MARK}" if row.get("accepted") is False else words


def _round_appendices(figures: dict, attached: str) -> list[Appendix]:
    task_rows = []
    for row in figures.get("rows", []):
        task_rows.append([str(row["number"]), clean(row["content"]), row["lead_unit"],
                          "; ".join(row.get("coordinating_units", [])), row.get("due_label", ""),
                          row.get("status_text", ""), _lead_result(row)])
    unit_rows = [[str(n), u["name"], u["state"], u.get("submitted_at", ""), u.get("reviewed", "")]
                 for n, u in enumerate(figures.get("unit_rows", []), start=1)]
    return [
        Appendix(label="Phụ lục I", title="KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", attached_line=attached,
                 table=Table(columns=TASK_COLUMNS, rows=task_rows), sheet_name="Nhiệm vụ"),
        Appendix(label="Phụ lục II", title="TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ", attached_line=attached,
                 table=Table(columns=UNIT_COLUMNS, rows=unit_rows), sheet_name="Tình hình báo cáo"),
    ]


def _parent_appendices(figures: dict, attached: str) -> list[Appendix]:
    rows = []
    for n, row in enumerate(figures.get("rows", []), start=1):
        issued = short_date(datetime.date.fromisoformat(row["issued_on"])) if row.get("issued_on") else ""
        t, u = row["tasks"], row["units"]
        rows.append([str(n), row["organization"], f"Số {row['number_display']} ngày {issued}",
                     *(str(t[key]) for key in ("total", "done", "in_progress", "not_started", "overdue")),
                     *(str(u[key]) for key in ("on_time", "late", "missing"))])
    start = len(rows) + 1
    for n, child in enumerate(figures.get("children", {}).get("missing", []), start=start):
        rows.append([str(n), child["name"], "Chưa báo cáo", *[""] * 8])
    return [Appendix(label="Phụ lục", title="SỐ LIỆU TỔNG HỢP THEO ĐƠN VỊ CẤP DƯỚI", attached_line=attached,
                     table=Table(columns=CHILD_COLUMNS, rows=rows), sheet_name="Đơn vị cấp dưới")]


def rollup_document(data: dict, *, pk: int) -> Document:
    """The printed BÁO CÁO from a roll-up's print data (live or snapshot)."""
    attached = attached_to("Báo cáo", data)
    figures = data.get("figures") or {}
    appendices = (_parent_appendices(figures, attached) if data.get("kind") == "parent"
                  else _round_appendices(figures, attached))
    return state_document(data, pk=pk, kind="rollup", kind_word="BÁO CÁO", kind_name="Báo cáo",
                          blocks=_body(data), appendices=appendices)


def rollup_context(rollup: RollupReport) -> Document:
    """The roll-up as printed: an issued one from its snapshot (what was signed), else live."""
    return rollup_document(printed_data(rollup, rollup_print_data, "organization", "figures"), pk=rollup.pk)


register(DocumentKind(name="rollup", label="báo cáo tổng hợp", model=RollupReport, context=rollup_context,
                      select_related=("organization",)))
