"""The KẾ HOẠCH document: a plan's printed values, from its issue snapshot or the live objects.

The data is the shape of `plans.services.plan_snapshot` (the JSON frozen when a clerk issues the
plan): an issued plan prints from its stored snapshot, so a reprint is what was signed; a draft
prints from a snapshot taken now. `plan_document(data, pk=...)` turns that dict into the
`Document` every format (PDF, Word, .xlsx) is built from.
"""

from __future__ import annotations

import datetime

from reports.documents.context import (
    Appendix, Block, Column, Document, Table, attached_to, basis_lines, body_blocks, clean, finish_blocks,
    paragraphs, printed_data, roman, state_document,
)

TASK_COLUMNS = [
    Column("STT", 5, "center", 6),
    Column("Nội dung nhiệm vụ", 34, "justify", 60),
    Column("Đơn vị chủ trì", 14, "left", 26),
    Column("Đơn vị phối hợp", 20, "left", 34),
    Column("Thời hạn", 11, "center", 18),
    Column("Sản phẩm", 16, "left", 26),
]

APPENDIX_REFERENCE = ("Nhiệm vụ cụ thể, đơn vị chủ trì, đơn vị phối hợp, thời hạn hoàn thành và sản phẩm: "
                      "chi tiết tại Phụ lục kèm theo Kế hoạch này.")


def _task_due(task: dict) -> str:
    """ "Quý IV/2025", "Trước ngày 30/09/2025 (gia hạn đến 15/10/2025)", "Thường xuyên"."""
    if task.get("due"):
        return clean(task["due"])
    label = clean(task.get("due_label"))
    extended = task.get("extended_due_date")
    if extended and extended != task.get("due_date"):
        label += f" (gia hạn đến {datetime.date.fromisoformat(extended):%d/%m/%Y})"
    return label


def _bases(data: dict) -> list[str]:
    """"Thực hiện <the document the plan implements>" first, then one "Căn cứ" per basis citation.

    The implemented document is usually also cited as a basis: it is printed once. When the
    editor's intro already names it ("Thực hiện Quyết định số 3177/QĐ-UBND …"), it is not repeated.
    """
    implements = data.get("implements") or ""
    if isinstance(implements, dict):  # older snapshots kept the document's fields
        implements = implements.get("text") or ""
    number = data.get("implements_number") or ""
    lines = []
    if implements and not (number and number in (data.get("intro") or "")):
        lines.append(f"Thực hiện {implements}")
    basis = data.get("basis")
    if basis is None:
        basis = [c["text"] for c in data.get("citations") or [] if c.get("role") == "basis"]
    lines.extend(f"Căn cứ {text}" for text in basis if text != implements)
    return basis_lines(lines)


def _body(data: dict) -> list[Block]:
    blocks: list[Block] = paragraphs(data.get("intro"))
    sections = data.get("sections") or []
    # NĐ 30 requires the body to point to its appendix. When the editor's text does not already
    # ("… kèm theo Kế hoạch này", "Phụ lục"), a sentence goes after the section about the tasks
    # (the last one naming NHIỆM VỤ or NỘI DUNG, else the last section).
    written = " ".join([data.get("intro") or "", data.get("closing") or ""]
                       + [s.get("body") or "" for s in sections]).lower()
    needs_reference = bool(data.get("tasks")) and "kèm theo" not in written and "phụ lục" not in written
    target = None
    if needs_reference:
        named = [n for n, s in enumerate(sections) if any(w in s["heading"].upper() for w in ("NHIỆM VỤ", "NỘI DUNG"))]
        target = named[-1] if named else len(sections) - 1
    for n, section in enumerate(sections):
        numeral = section.get("numeral") or roman(n + 1)
        blocks.append(Block("heading", f"{numeral}. {clean(section['heading']).upper()}"))
        blocks.extend(body_blocks(section.get("body", "")))
        if n == target:
            blocks.append(Block("paragraph", APPENDIX_REFERENCE))
    if needs_reference and not sections:
        blocks.append(Block("paragraph", APPENDIX_REFERENCE))
    blocks.extend(paragraphs(data.get("closing")))
    return finish_blocks(blocks)


def plan_document(data: dict, *, pk: int) -> Document:
    """The printed KẾ HOẠCH from a plan's snapshot data.

    "filing_unit" (the drafting unit's short name) completes "- Lưu: VT, …." when the recipients
    the editor typed have no "Lưu" line.
    """
    tasks = data.get("tasks") or []
    appendices = []
    if tasks:
        rows = [
            [str(n), clean(t["content"]), clean(t["lead_unit"]), "; ".join(clean(u) for u in t["coordinating_units"]),
             _task_due(t), clean(t["output"])]
            for n, t in enumerate(tasks, start=1)
        ]
        appendices.append(Appendix(
            label="Phụ lục",
            title=clean(data.get("appendix_title") or "Bảng tổng hợp nhiệm vụ, phân công trách nhiệm").upper(),
            attached_line=attached_to("Kế hoạch", data),
            table=Table(columns=TASK_COLUMNS, rows=rows),
            sheet_name="Nhiệm vụ",
        ))
    return state_document(data, pk=pk, kind="plan", kind_word="KẾ HOẠCH", kind_name="Kế hoạch",
                          basis_lines=_bases(data), blocks=_body(data), appendices=appendices,
                          filing_unit=data.get("filing_unit") or "")


def plan_context(plan) -> Document:
    """The plan as printed: an issued plan from its stored snapshot (what was signed), else live."""
    from plans.services import plan_snapshot

    return plan_document(printed_data(plan, plan_snapshot), pk=plan.pk)
