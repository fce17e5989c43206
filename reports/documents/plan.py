"""The KẾ HOẠCH document: a plan's printed values, from its issue snapshot or the live objects.

The data is the shape of `plans.services.plan_snapshot` (the JSON frozen when a clerk issues the
plan): an issued plan prints from its stored snapshot, so a reprint is what was signed; a draft
prints from a snapshot taken now. `plan_document(data, pk=...)` turns that dict into the
`Document` every format (PDF, Word, .xlsx) is built from.
"""

from __future__ import annotations

import datetime
import re

from danvan.text import search_key
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


def table_tasks(data: dict) -> list[dict]:
    """The tasks of the appendix table (Shape A); duties units hold (Shape B) print in the body."""
    return [t for t in data.get("tasks") or [] if t.get("kind", "task") != "duty"]


def _duties_by_section(data: dict, sections: list[dict]) -> dict[int, list[dict]]:
    """Duties by the index (0-based) of the section that prints them: the one the author wrote
    them in, else the last "TỔ CHỨC THỰC HIỆN" section, else the last section."""
    duties = [t for t in data.get("tasks") or [] if t.get("kind") == "duty"]
    if not duties or not sections:
        return {}
    organizing = [n for n, s in enumerate(sections) if "TỔ CHỨC THỰC HIỆN" in clean(s["heading"]).upper()]
    fallback = organizing[-1] if organizing else len(sections) - 1
    placed: dict[int, list[dict]] = {}
    for duty in duties:
        number = duty.get("section")
        index = number - 1 if isinstance(number, int) and 1 <= number <= len(sections) else fallback
        placed.setdefault(index, []).append(duty)
    return placed


def _unit_key(text: str) -> str:
    """A unit heading line compared without its number, punctuation or diacritics."""
    text = re.sub(r"^\s*(\d+(\.\d+)*\.|[a-zđ]\)|[-+–])\s*", "", clean(text))
    return re.sub(r"^(de nghi|dong chi)\s+", "", search_key(text)).strip(" :.;,")


def _with_duties(blocks: list[Block], duties: list[dict]) -> list[Block]:
    """A section's blocks with the duties of each unit printed as "- …" items under the unit's
    line where the author wrote it ("2. Công chức Văn hóa - Xã hội:"); a unit without such a line
    gets a numbered line of its own after the section's text, numbered after its last khoản."""
    groups: dict[str, list[str]] = {}
    for duty in duties:
        groups.setdefault(clean(duty["lead_unit"]), []).append(clean(duty["content"]).lstrip("-–+ "))
    result = list(blocks)
    numbers = [int(m[1]) for b in blocks if (m := re.match(r"^(\d+)\.\s", b.text))]
    next_number = (max(numbers) if numbers else 0) + 1
    for unit, contents in groups.items():
        items = [Block("item", f"- {text}") for text in contents if text]
        key = _unit_key(unit)
        at = next((n for n, b in enumerate(result) if b.kind != "item" and len(b.text) <= 200
                   and key and _unit_key(b.text).startswith(key)), None)
        if at is None:
            result.append(Block("subheading", f"{next_number}. {unit}"))
            next_number += 1
            result.extend(items)
        else:
            end = at + 1
            while end < len(result) and result[end].kind == "item":
                end += 1
            result[end:end] = items
    return result


def _body(data: dict) -> list[Block]:
    blocks: list[Block] = paragraphs(data.get("intro"))
    sections = data.get("sections") or []
    duties = _duties_by_section(data, sections)
    # NĐ 30 requires the body to point to its appendix. When the editor's text does not already
    # ("… kèm theo Kế hoạch này", "Phụ lục"), a sentence goes after the section about the tasks
    # (the last one naming NHIỆM VỤ or NỘI DUNG, else the last section).
    written = " ".join([data.get("intro") or "", data.get("closing") or ""]
                       + [s.get("body") or "" for s in sections]).lower()
    needs_reference = bool(table_tasks(data)) and "kèm theo" not in written and "phụ lục" not in written
    target = None
    if needs_reference:
        named = [n for n, s in enumerate(sections) if any(w in s["heading"].upper() for w in ("NHIỆM VỤ", "NỘI DUNG"))]
        target = named[-1] if named else len(sections) - 1
    for n, section in enumerate(sections):
        numeral = section.get("numeral") or roman(n + 1)
        blocks.append(Block("heading", f"{numeral}. {clean(section['heading']).upper()}"))
        section_blocks = body_blocks(section.get("body", ""))
        blocks.extend(_with_duties(section_blocks, duties[n]) if n in duties else section_blocks)
        if n == target:
            blocks.append(Block("paragraph", APPENDIX_REFERENCE))
    if needs_reference and not sections:
        blocks.append(Block("paragraph", APPENDIX_REFERENCE))
    if not sections:  # duties of a plan without sections still print, after the intro
        blocks.extend(_with_duties([], [t for t in data.get("tasks") or [] if t.get("kind") == "duty"]))
    blocks.extend(paragraphs(data.get("closing")))
    return finish_blocks(blocks)


def plan_document(data: dict, *, pk: int) -> Document:
    """The printed KẾ HOẠCH from a plan's snapshot data.

    "filing_unit" (the drafting unit's short name) completes "- Lưu: VT, …." when the recipients
    the editor typed have no "Lưu" line.
    """
    tasks = table_tasks(data)
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
