"""The app's own Word export of every demo plan, imported back, gives the same plan; and the
demo's Hòa Phong text (reports/demo/hoa-phong-2025.txt, Shape B) is recognised as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from plans.importing import read_source, recognise
from plans.models import CitationRole, Plan

DEMO_TEXT = Path(__file__).resolve().parents[2] / "reports" / "demo" / "hoa-phong-2025.txt"


def squash(text: str) -> str:
    return " ".join((text or "").split())


def recipient(line: str) -> str:
    return squash(line).lstrip("- ").rstrip(" ;,.")


@pytest.fixture
def demo_plans(db):
    from reports.demo.loader import load_demo

    load_demo()
    plans = list(Plan.objects.select_related("organization", "implements").order_by("pk"))
    assert len(plans) >= 3
    return plans


def exported(plan: Plan) -> dict:
    from reports.documents.docx import render_docx
    from reports.documents.plan import plan_context

    source = read_source(data=render_docx(plan_context(plan)), filename=f"ke-hoach-{plan.pk}.docx")
    assert source.kind == "docx"
    return recognise(source, organization=plan.organization)


def test_word_export_imports_back_into_the_same_plan(demo_plans):
    from reports.documents.plan import APPENDIX_REFERENCE

    for plan in demo_plans:
        result = exported(plan)
        label = f"plan {plan.pk}"
        assert result["not_a_plan"] is None, label
        assert result["title"] == plan.title, label
        assert result["issuer"] == plan.organization.name, label
        if plan.number:
            assert result["number"] == plan.number_display, label
            assert result["date"] == plan.issued_on.isoformat(), label

        # citations and roles: the implemented document, the bases, the documents named in the body
        found = {}
        for c in result["citations"]:
            found.setdefault(c["number"] or c["name"], c["role"])
        for citation in plan.citations.select_related("document"):
            document = citation.document
            key = document.number or document.name
            if plan.implements_id == document.pk:
                assert found.get(key) == "implements", (label, key)
            elif citation.role == CitationRole.BASIS:
                assert found.get(key) == "basis", (label, key)
            else:
                assert found.get(key) == "mention", (label, key)
            assert [c["document_id"] for c in result["citations"] if (c["number"] or c["name"]) == key] == [document.pk]

        # sections as written (the export may add its sentence pointing to the appendix)
        sections = list(plan.sections.order_by("order", "pk"))
        assert [s["heading"] for s in result["sections"]] == [s.heading.upper() for s in sections], label
        for mine, theirs in zip(result["sections"], sections):
            body = "\n".join(squash(line) for line in theirs.body.splitlines() if line.strip())
            if theirs.duties.exists():  # Shape B: the units' duties print under their lines of this section
                assert all(line in mine["text"].splitlines() for line in body.splitlines()), (label, theirs.heading)
            else:
                assert mine["text"] in (body, f"{body}\n{APPENDIX_REFERENCE}"), (label, theirs.heading)
        duties = {(task.lead_unit_id, squash(task.content)) for task in plan.tasks.filter(kind="duty")}
        assert duties <= {(unit["match"], duty) for unit in result["units"] for duty in unit["duties"]}, label

        # tasks of the table with their units (matched to the organization's) and dues
        tasks = list(plan.tasks.filter(kind="task").select_related("lead_unit").prefetch_related("coordinating_units")
                     .order_by("order", "pk"))
        assert len(result["tasks"]) == len(tasks), label
        for mine, task in zip(result["tasks"], tasks):
            assert mine["content"] == squash(task.content)
            assert mine["lead"] == task.lead_unit.name and mine["match"]["lead"] == task.lead_unit_id
            assert sorted(mine["match"]["co"]) == sorted(u.pk for u in task.coordinating_units.all())
            assert mine["due"]["kind"] == task.due_kind
            assert mine["due"]["date"] == (task.due_date.isoformat() if task.due_date else None)
            assert mine["output"] == squash(task.output)

        # rounds, recipients, signer
        rounds = list(plan.rounds.order_by("order", "pk"))
        assert [(r["name"], r["deadline"]) for r in result["rounds"]] == [
            (r.name, r.deadline.isoformat()) for r in rounds], label
        for mine, theirs in zip(result["rounds"], rounds):
            if theirs.period_start:
                assert (mine["period_start"], mine["period_end"]) == (
                    theirs.period_start.isoformat(), theirs.period_end.isoformat()), (label, theirs.name)
        assert [recipient(r) for r in result["recipients"]] == [recipient(r) for r in plan.recipient_lines()]
        assert result["signer"]["authority"] == plan.signer_authority
        assert result["signer"]["title"] == plan.signer_title
        assert result["signer"]["deputy_title"] == plan.signer_deputy_title
        assert result["signer"]["name"] == plan.signer_name


@pytest.mark.django_db
def test_hoa_phong_text_is_recognised_as_a_shape_b_plan():
    result = recognise(read_source(data=DEMO_TEXT.read_bytes(), filename=DEMO_TEXT.name))
    assert result["not_a_plan"] is None and result["missing"] == []
    assert result["title"] == "Thực hiện công tác dân vận chính quyền năm 2025"
    assert result["issuer"] == "Ủy ban nhân dân xã Hòa Phong"
    assert (result["number"], result["date"], result["place"]) == ("12/KH-UBND", "2025-01-15", "Hòa Phong")
    assert [(c["kind"], c["number"] or c["name"], c["role"]) for c in result["citations"]] == [
        ("Chỉ thị", "33/CT-TTg", "basis"),
        ("Quyết định", "23-QĐ/TW", "basis"),
        ("Luật", "Luật Thực hiện dân chủ ở cơ sở", "basis"),
        ("Nghị định", "09/2019/NĐ-CP", "mention"),
    ]
    assert [s["heading"] for s in result["sections"]] == [
        "MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ TRỌNG TÂM VÀ GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN"]
    # the ten lines of work name no unit: they stay section text, no task is invented
    assert result["tasks"] == []
    focus = result["sections"][1]["text"].splitlines()
    assert len(focus) == 10 and focus[9].startswith("10. Quản lý chặt chẽ đất đai")
    # the posts of section III with their duties
    units = {u["name"]: u["duties"] for u in result["units"]}
    assert list(units) == [
        "Công chức Văn phòng UBND xã", "Công chức Văn hóa - Xã hội xã", "Công chức Tư pháp - Hộ tịch xã",
        "Công chức Tài chính - Kế toán xã", "Công chức Địa chính - Xây dựng xã", "Công an xã",
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã",
    ]
    assert units["Công chức Tài chính - Kế toán xã"] == [
        "Công khai dự toán, quyết toán ngân sách xã và các khoản đóng góp tự nguyện của Nhân dân đúng thời hạn.",
        "Bảo đảm kinh phí thực hiện Kế hoạch.",
    ]
    # "định kỳ 6 tháng, một năm": the NĐ 09/2019 periods, due two working days after the cut-off
    # (14/6/2025 is a Saturday: on time until Tuesday 17/6, "trước ngày 18/6/2025")
    assert [(r["name"], r["period_start"], r["period_end"], r["deadline"]) for r in result["rounds"]] == [
        ("Báo cáo 6 tháng đầu năm 2025", "2024-12-15", "2025-06-14", "2025-06-18"),
        ("Báo cáo năm 2025", "2024-12-15", "2025-12-14", "2025-12-17"),
    ]
    assert (result["period_start"], result["period_end"]) == ("2025-01-01", "2025-12-31")
    assert result["recipients"][-1] == "Lưu: VT, VHXH"
    assert result["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "deputy_title": "",
                                "name": "Trần Văn Sơn", "span": result["signer"]["span"]}
