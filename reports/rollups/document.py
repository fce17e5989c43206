"""The roll-up BÁO CÁO as a printed document (kind "rollup" of the documents package).

Two steps, as for a plan, so an issued roll-up reprints exactly what was signed:
- `rollup_print_data(rollup)` reads the live roll-up into a JSON-able dict (what a snapshot keeps);
- `rollup_document(data, pk=...)` turns such a dict into the `Document` every format is built from.
The body follows REPORTS.md §3 (sections I–V, opening with the plan it answers, closing "./.").
The sentences with figures are printed from `RollupReport.figures` by the same functions the
appendices' rows come from (never typed); the rest is the editor's text. Phụ lục I is the
per-task table, Phụ lục II the reporting of the units that must report; each is a sheet of the
.xlsx. Workflow states of the software (not yet accepted, returned) are never printed.
"""

from __future__ import annotations

import datetime

from danvan.text import text_date
from reports.documents import (
    Appendix, Block, Column, Document, DocumentKind, Table, register,
)
from reports.documents.context import (
    attached_to, body_blocks, clean, end_body, paragraphs, printed_data, roman, state_document,
)
from reports.models import RollupReport
from reports.rollups.figures import lower_first, tasks_sentence, units_sentence

TASK_COLUMNS = [
    Column("STT", 5, "center", 6),
    Column("Nội dung nhiệm vụ", 27, "justify", 50),
    Column("Đơn vị chủ trì", 13, "left", 26),
    Column("Đơn vị phối hợp", 13, "left", 34),
    Column("Thời hạn", 11, "center", 18),
    Column("Tình trạng", 11, "left", 24),
    Column("Kết quả thực hiện của đơn vị chủ trì", 20, "left", 60),  # narrow: justify leaves gaps
]
UNIT_COLUMNS = [
    Column("STT", 7, "center", 6),
    Column("Đơn vị", 43, "left", 45),
    Column("Số nhiệm vụ chủ trì", 14, "center", 12),
    Column("Tình hình báo cáo", 22, "left", 30),
    Column("Ngày gửi", 14, "center", 14),
]
CHILD_COLUMNS = [
    Column("STT", 5, "center", 6),
    Column("Đơn vị cấp dưới", 19, "left", 40),
    Column("Báo cáo số, ngày", 14, "left", 26),
    Column("Tổng số nhiệm vụ", 8, "center", 10),
    Column("Hoàn thành", 9, "center", 10),
    Column("Đang thực hiện", 9, "center", 10),
    Column("Chưa thực hiện", 9, "center", 10),
    Column("Quá hạn, chưa hoàn thành", 9, "center", 10),
    Column("Đơn vị báo cáo đúng hạn", 6, "center", 10),
    Column("Đơn vị báo cáo muộn", 6, "center", 10),
    Column("Đơn vị chưa báo cáo", 6, "center", 10),
]
APPENDIX_TASKS = "Phụ lục I"
APPENDIX_UNITS = "Phụ lục II"
APPENDIX_CHILDREN = "Phụ lục"


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
        "addressees": rollup.addressee_lines(),
        "intro": rollup.intro,
        "leadership_text": rollup.leadership_text,
        "results_text": rollup.results_text,
        "assessment_text": rollup.assessment_text,
        "direction_text": rollup.direction_text,
        "proposals_text": rollup.proposals_text,
        "figures": rollup.figures or {},
        "recipients": rollup.recipient_lines(),
        "signer": {"authority": rollup.signer_authority, "title": rollup.signer_title,
                   "deputy_title": rollup.signer_deputy_title, "name": rollup.signer_name},
    }


def _as_of_words(figures: dict) -> str:
    as_of = figures.get("as_of")
    return f"Số liệu tính đến ngày {text_date(datetime.date.fromisoformat(as_of))}." if as_of else ""


def figure_blocks(figures: dict) -> list[Block]:
    """The sentences made from the figures, as the report prints them (and the pages show them):
    the units' reporting and the tasks' results, with the same numbers as the appendices."""
    parent = figures.get("kind") == "parent"
    units = figures.get("units", {})
    if parent:
        children = figures.get("children", {})
        reporting = (f"Có {len(children.get('reported', []))}/{children.get('expected', 0)} đơn vị cấp dưới đã gửi "
                     "báo cáo" + (f"; chưa báo cáo: {', '.join(c['name'] for c in children['missing'])}"
                                  if children.get("missing") else "") + f" (chi tiết tại {APPENDIX_CHILDREN} kèm theo).")
    else:
        reporting = units_sentence(units, APPENDIX_UNITS)
    results = tasks_sentence(figures.get("tasks", {}), APPENDIX_CHILDREN if parent else APPENDIX_TASKS)
    return [Block("paragraph", reporting), Block("paragraph", f"{results} {_as_of_words(figures)}".strip())]


def _section(blocks: list[Block], number: int, heading: str, text: str, empty: str = "") -> None:
    blocks.append(Block("heading", f"{roman(number)}. {heading}"))
    blocks.extend(body_blocks(text) or ([Block("paragraph", empty)] if empty else []))


def _body(data: dict) -> list[Block]:
    """REPORTS.md §3: the opening that names the plan, I. lãnh đạo, chỉ đạo (with how the units
    reported), II. kết quả (the figures, then the editor's text), III. đánh giá chung, IV. phương
    hướng, V. đề xuất, kiến nghị, then the closing sentence ending "./."."""
    figures = data.get("figures") or {}
    reporting, results = figure_blocks(figures)
    blocks = paragraphs(data.get("intro"))
    _section(blocks, 1, "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN", data.get("leadership_text"))
    blocks.append(reporting)
    _section(blocks, 2, "KẾT QUẢ THỰC HIỆN", "")
    blocks.append(results)
    blocks.extend(body_blocks(data.get("results_text")))
    _section(blocks, 3, "ĐÁNH GIÁ CHUNG", data.get("assessment_text"), "Không có.")
    _section(blocks, 4, "PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", data.get("direction_text"), "Không có.")
    _section(blocks, 5, "ĐỀ XUẤT, KIẾN NGHỊ", data.get("proposals_text"), "Không có.")
    org_name = clean(data["organization"]["name"])
    subject = lower_first(clean(data["title"]))
    blocks.append(Block("paragraph", end_body(f"Trên đây là báo cáo {subject} của {org_name}")))
    return blocks


def _lead_result(row: dict) -> str:
    """The result column: the lead unit's words (the co-ordinating units' parts are in section II)."""
    if not row.get("reported"):
        return "Chưa có báo cáo"
    return (clean(row.get("done_text")) or row.get("entry_status", "")).rstrip(" .;")


def _round_appendices(figures: dict, attached: str) -> list[Appendix]:
    task_rows = []
    for row in figures.get("rows", []):
        task_rows.append([str(row["number"]), clean(row["content"]), row["lead_unit"],
                          "; ".join(row.get("coordinating_units", [])), row.get("due_label", ""),
                          row.get("status_text", ""), _lead_result(row)])
    unit_rows = []
    for n, u in enumerate(figures.get("unit_rows", []), start=1):
        sent = text_date(datetime.date.fromisoformat(u["submitted_on"])) if u.get("submitted_on") else ""
        unit_rows.append([str(n), u["name"], str(u.get("led", "")) if u.get("owed", True) else "", u["state"], sent])
    return [
        Appendix(label=APPENDIX_TASKS, title="KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", attached_line=attached,
                 table=Table(columns=TASK_COLUMNS, rows=task_rows), sheet_name="Nhiệm vụ"),
        Appendix(label=APPENDIX_UNITS, title="TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ", attached_line=attached,
                 table=Table(columns=UNIT_COLUMNS, rows=unit_rows), sheet_name="Tình hình báo cáo"),
    ]


def _parent_appendices(figures: dict, attached: str) -> list[Appendix]:
    rows = []
    for n, row in enumerate(figures.get("rows", []), start=1):
        issued = text_date(datetime.date.fromisoformat(row["issued_on"])) if row.get("issued_on") else ""
        t, u = row["tasks"], row["units"]
        rows.append([str(n), row["organization"], f"Số {row['number_display']} ngày {issued}",
                     *(str(t[key]) for key in ("total", "done", "in_progress", "not_started", "overdue")),
                     *(str(u[key]) for key in ("on_time", "late", "missing"))])
    start = len(rows) + 1
    for n, child in enumerate(figures.get("children", {}).get("missing", []), start=start):
        rows.append([str(n), child["name"], "Chưa báo cáo", *[""] * 8])
    return [Appendix(label=APPENDIX_CHILDREN, title="SỐ LIỆU TỔNG HỢP THEO ĐƠN VỊ CẤP DƯỚI", attached_line=attached,
                     table=Table(columns=CHILD_COLUMNS, rows=rows), sheet_name="Đơn vị cấp dưới")]


def rollup_document(data: dict, *, pk: int) -> Document:
    """The printed BÁO CÁO from a roll-up's print data (live or snapshot)."""
    attached = attached_to("Báo cáo", data)
    figures = data.get("figures") or {}
    appendices = (_parent_appendices(figures, attached) if data.get("kind") == "parent"
                  else _round_appendices(figures, attached))
    document = state_document(data, pk=pk, kind="rollup", kind_word="BÁO CÁO", kind_name="Báo cáo",
                              blocks=_body(data), appendices=appendices)
    addressees = [clean(line).rstrip(".;") for line in data.get("addressees") or []]
    if len(addressees) == 1:
        document.addressees = [f"{addressees[0]}."]  # "Kính gửi: Ủy ban nhân dân thành phố Hải Phòng."
    else:
        document.addressees = [f"- {line}{'.' if n == len(addressees) - 1 else ';'}" for n, line in enumerate(addressees)]
    if document.addressees and not any("như trên" in line.lower() for line in document.recipients):
        document.recipients.insert(0, "- Như trên;")  # a report sent up: Nơi nhận opens with "- Như trên;"
    return document


def rollup_context(rollup: RollupReport) -> Document:
    """The roll-up as printed: an issued one from its snapshot (what was signed), else live."""
    return rollup_document(printed_data(rollup, rollup_print_data, "organization", "figures"), pk=rollup.pk)


register(DocumentKind(name="rollup", label="báo cáo tổng hợp", model=RollupReport, context=rollup_context,
                      select_related=("organization",)))
