"""plan_create_from_import: recognised (and reviewed) data → one ordinary draft plan, and the two
plan shapes printed as their authors wrote them (Shape B: duties inside section III, no appendix)."""

import datetime
import io

import pdfplumber
import pytest
from django.core.exceptions import ValidationError

from danvan.models import Unit
from danvan.tests import factories as f
from plans.importing.services import due_kind_of, plan_create_from_import
from plans.models import Citation, LegalDocument, Plan
from reports import documents
from reports.documents.registry import build
from tasks.models import ReportingRound, Task

SHAPE_A = {
    "title": "Triển khai thực hiện công tác dân vận chính quyền 6 tháng cuối năm 2025",
    "issuer": "ỦY BAN NHÂN DÂN PHƯỜNG THỬ", "number": "125/KH-UBND", "date": "2025-08-15",
    "citations": [
        {"kind": "Quyết định", "number": "3177/QĐ-UBND", "date": "2025-08-06",
         "issuer": "Ủy ban nhân dân thành phố Hải Phòng", "subject": "ban hành danh mục nhiệm vụ",
         "role": "implements"},
        {"kind": "Chỉ thị", "number": "33/CT-TTg", "date": "2021-11-26", "issuer": "Thủ tướng Chính phủ",
         "subject": "về tiếp tục tăng cường và đổi mới công tác dân vận", "role": "basis"},
        {"kind": "Nghị định", "number": "61/2023/NĐ-CP", "date": "2023-08-16", "issuer": "Chính phủ",
         "subject": "về xây dựng và thực hiện hương ước, quy ước", "role": "mention"},
    ],
    "sections": [
        {"heading": "I. MỤC ĐÍCH, YÊU CẦU", "text": "1. Mục đích\n- Nâng cao hiệu quả công tác dân vận.",
         "span": [0, 100]},
        {"heading": "II. NỘI DUNG", "text": "Triển khai Nghị định số 61/2023/NĐ-CP.", "span": [100, 200]},
        {"heading": "III. TỔ CHỨC THỰC HIỆN",
         "text": "Các đơn vị báo cáo kết quả trước ngày 03/9/2025 và trước ngày 02/12/2025.", "span": [200, 300]},
    ],
    "tasks": [
        {"content": "Tuyên truyền Chỉ thị số 33/CT-TTg", "lead": "Phòng Văn hóa - Xã hội",
         "co": ["UBND phường", "Trung tâm sự nghiệp công"], "due_text": "Quý IV/2025", "due": "2025-12-31",
         "output": "Tin bài"},
        {"content": "Tiếp công dân định kỳ", "lead": "Văn phòng HĐND và UBND", "co": [],
         "due_text": "Thường xuyên", "due": None, "output": ""},
        {"content": "Hội nghị đối thoại", "lead": "Phong Van hoa - Xa hoi", "co": [],
         "due_text": "Trước ngày 30/9/2025", "due": "2025-09-30", "output": "Hội nghị"},
    ],
    "units": [],
    "rounds": [
        {"name": "Báo cáo lần 1", "deadline": "2025-09-03", "period_start": None, "period_end": None},
        {"name": "Báo cáo lần 2", "deadline": "2025-12-02", "period_start": None, "period_end": None},
    ],
    "recipients": ["Thường trực Đảng ủy phường;", "Lưu: VT, VHXH."],
    "signer": {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "name": "Trần Văn Bình"},
}

SECTION_III = ("Giao công chức chuyên môn thực hiện các nhiệm vụ sau:\n"
               "1. Công chức Văn phòng - Thống kê:\n"
               "- Tham mưu tổ chức tiếp công dân định kỳ.\n"
               "2. Công chức Văn hóa - Xã hội:\n"
               "- Tuyên truyền trên hệ thống loa truyền thanh.\n"
               "3. Chế độ báo cáo: các công chức báo cáo định kỳ 6 tháng, một năm.")

SHAPE_B = {
    "title": "Công tác dân vận chính quyền năm 2025",
    "sections": [
        {"heading": "MỤC ĐÍCH, YÊU CẦU", "text": "1. Mục đích\n- Phát huy quyền làm chủ của Nhân dân.",
         "span": [0, 100]},
        {"heading": "NHIỆM VỤ TRỌNG TÂM VÀ GIẢI PHÁP", "text": "1. Tuyên truyền, quán triệt.\n2. Cải cách hành chính.",
         "span": [100, 200]},
        {"heading": "TỔ CHỨC THỰC HIỆN", "text": SECTION_III, "span": [200, 600]},
    ],
    "units": [
        {"name": "Công chức Văn phòng - Thống kê", "duties": ["Tham mưu tổ chức tiếp công dân định kỳ."],
         "span": [260, 330]},
        {"name": "Công chức Văn hóa - Xã hội",
         "duties": ["- Tuyên truyền trên hệ thống loa truyền thanh.", "Theo dõi, tổng hợp báo cáo."],
         "span": [340, 420]},
    ],
    "tasks": [],
    "rounds": [
        {"name": "Báo cáo 6 tháng đầu năm 2025", "deadline": "2025-06-17",
         "period_start": "2024-12-15", "period_end": "2025-06-14"},
        {"name": "Báo cáo năm 2025", "deadline": "2025-12-17",
         "period_start": "2024-12-15", "period_end": "2025-12-14"},
    ],
    "recipients": ["Các công chức chuyên môn;"],
    "signer": {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Nguyễn Văn An"},
}


@pytest.fixture
def units(org):
    return {name: f.UnitFactory(organization=org, name=name, short_name=short) for name, short in [
        ("Phòng Văn hóa - Xã hội", "VHXH"), ("Văn phòng HĐND và UBND", "VP"),
        ("Ủy ban nhân dân phường", "UBND")]}


def test_shape_a_creates_one_draft_with_everything(org, units, editor):
    existing = f.LegalDocumentFactory(number="33/CT-TTg", issued_on=datetime.date(2021, 11, 26))
    plan = plan_create_from_import(organization=org, data=SHAPE_A, user=editor)

    assert (plan.status, plan.number, plan.year) == ("draft", None, 2025)
    assert (plan.period_start, plan.period_end) == (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))
    assert plan.created_by == editor and plan.history.first().history_user == editor
    roles = {c.document.number: c.role for c in plan.citations.select_related("document")}
    assert roles == {"3177/QĐ-UBND": "carry_out", "33/CT-TTg": "basis", "61/2023/NĐ-CP": "mention"}
    assert plan.citations.get(role="basis").document == existing  # reused, not entered twice
    assert LegalDocument.objects.filter(number="33/CT-TTg").count() == 1
    assert plan.implements.number == "3177/QĐ-UBND"
    assert [s.heading for s in plan.sections.all()] == ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG", "TỔ CHỨC THỰC HIỆN"]

    tasks = list(plan.tasks.order_by("order"))
    assert [(t.lead_unit.name, t.due_kind, t.due_date, t.kind) for t in tasks] == [
        ("Phòng Văn hóa - Xã hội", "quarter", datetime.date(2025, 12, 31), "task"),
        ("Văn phòng HĐND và UBND", "continuous", None, "task"),
        ("Phòng Văn hóa - Xã hội", "date", datetime.date(2025, 9, 30), "task"),  # matched without diacritics
    ]
    # "UBND phường" is the unit "Ủy ban nhân dân phường"; an unknown name becomes a new unit
    assert {u.name for u in tasks[0].coordinating_units.all()} == {"Ủy ban nhân dân phường",
                                                                   "Trung tâm sự nghiệp công"}
    assert Unit.objects.get(organization=org, name="Trung tâm sự nghiệp công")
    assert [(r.name, r.deadline) for r in plan.rounds.all()] == [
        ("Báo cáo lần 1", datetime.date(2025, 9, 3)), ("Báo cáo lần 2", datetime.date(2025, 12, 2))]
    assert plan.recipient_lines() == ["Thường trực Đảng ủy phường;", "Lưu: VT, VHXH."]
    assert plan.drafting_unit == units["Phòng Văn hóa - Xã hội"]
    assert (plan.signer_title, plan.signer_deputy_title, plan.signer_name) == (
        "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình")


def test_unit_map_chooses_the_unit_the_reviewer_picked(org, units, editor):
    data = dict(SHAPE_A, unit_map={"Trung tâm sự nghiệp công": units["Văn phòng HĐND và UBND"].pk,
                                   "Văn phòng HĐND và UBND": "new"})
    plan = plan_create_from_import(organization=org, data=data, user=editor)
    assert not Unit.objects.filter(name="Trung tâm sự nghiệp công").exists()
    # "new" for a name that exists keeps the existing unit (a name is unique in an organization)
    assert plan.tasks.get(order=2).lead_unit == units["Văn phòng HĐND và UBND"]


def test_shape_b_duties_are_continuous_tasks_of_section_iii(org, editor):
    plan = plan_create_from_import(organization=org, data=SHAPE_B, user=editor)
    duties = list(plan.tasks.order_by("order"))
    assert [(t.kind, t.due_kind, t.lead_unit.name, t.section.heading) for t in duties] == [
        ("duty", "continuous", "Công chức Văn phòng - Thống kê", "TỔ CHỨC THỰC HIỆN"),
        ("duty", "continuous", "Công chức Văn hóa - Xã hội", "TỔ CHỨC THỰC HIỆN"),
        ("duty", "continuous", "Công chức Văn hóa - Xã hội", "TỔ CHỨC THỰC HIỆN"),
    ]
    assert duties[1].content == "Tuyên truyền trên hệ thống loa truyền thanh."
    assert Unit.objects.get(organization=org, name="Công chức Văn hóa - Xã hội").kind == "post"
    body = plan.sections.get(heading="TỔ CHỨC THỰC HIỆN").body
    assert "1. Công chức Văn phòng - Thống kê:" in body and "loa truyền thanh" not in body  # no line twice
    assert not plan.appendix_title


def test_refusal_saves_nothing(org, editor):
    bad_round = dict(SHAPE_B, rounds=[{"name": "Báo cáo", "deadline": "2025-06-01",
                                       "period_start": "2025-01-01", "period_end": "2025-06-14"}])
    with pytest.raises(ValidationError) as error:
        plan_create_from_import(organization=org, data=bad_round, user=editor)
    assert "Đợt báo cáo 1 (Báo cáo)" in error.value.messages[0]
    with pytest.raises(ValidationError):
        plan_create_from_import(organization=org, data=dict(SHAPE_A, title=" "), user=editor)
    assert not Plan.objects.exists() and not Task.objects.exists() and not ReportingRound.objects.exists()
    assert not Unit.objects.filter(organization=org, kind="post").exists()


@pytest.mark.parametrize(("text", "due", "kind"), [
    ("Thường xuyên", None, "continuous"), ("Quý IV/2025", datetime.date(2025, 12, 31), "quarter"),
    ("Tháng 9/2025", datetime.date(2025, 9, 30), "month"), ("Trước ngày 30/9/2025", datetime.date(2025, 9, 30), "date"),
])
def test_due_kind_from_the_words_of_the_source(text, due, kind):
    assert due_kind_of(text, due) == kind


def _pdf_text(plan) -> tuple[str, int]:
    content = build(documents.plan_context(plan), "pdf")
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        pages = [" ".join((page.extract_text() or "").split()) for page in pdf.pages]
    return " ".join(pages), len(pages)


def test_shape_b_prints_duties_inside_section_iii_without_appendix(org, editor):
    plan = plan_create_from_import(organization=org, data=SHAPE_B, user=editor)
    text, _pages = _pdf_text(plan)
    section_iii = text[text.index("III. TỔ CHỨC THỰC HIỆN"):]
    office = section_iii.index("1. Công chức Văn phòng - Thống kê")
    culture = section_iii.index("2. Công chức Văn hóa - Xã hội")
    reporting = section_iii.index("3. Chế độ báo cáo")
    assert office < section_iii.index("- Tham mưu tổ chức tiếp công dân định kỳ") < culture
    assert culture < section_iii.index("- Tuyên truyền trên hệ thống loa truyền thanh") < reporting
    assert culture < section_iii.index("- Theo dõi, tổng hợp báo cáo") < reporting
    assert section_iii.count("loa truyền thanh") == 1
    assert "Phụ lục" not in text and "PHỤ LỤC" not in text and "kèm theo Kế hoạch" not in text.lower()


def test_shape_a_still_prints_its_task_table_as_the_appendix(org, units, editor):
    plan = plan_create_from_import(organization=org, data=SHAPE_A, user=editor)
    text, _pages = _pdf_text(plan)
    assert "Phụ lục" in text and "Tuyên truyền Chỉ thị số 33/CT-TTg" in text
    assert "chi tiết tại Phụ lục kèm theo" in text
    # a basis prints as "Căn cứ", the implemented document as "Thực hiện", a mention not at all before I.
    opening = text[:text.index("I. MỤC ĐÍCH")]
    assert "Căn cứ Chỉ thị số 33/CT-TTg" in opening and "Thực hiện Quyết định số 3177/QĐ-UBND" in opening
    assert "61/2023/NĐ-CP" not in opening


def test_a_mention_is_searchable_in_the_registry_and_linked_to_the_plan(org, units, editor):
    plan = plan_create_from_import(organization=org, data=SHAPE_A, user=editor)
    mention = Citation.objects.get(plan=plan, role="mention")
    assert mention.get_role_display() == "Nhắc đến"
    assert LegalDocument.objects.search("huong uoc quy uoc").get() == mention.document


def test_command_save_creates_one_draft_of_the_organization(org):
    """`import_plan FILE --organization CODE --save`: the Hòa Phong text becomes a Shape B draft."""
    from io import StringIO
    from pathlib import Path

    from django.core.management import call_command

    source = Path(__file__).resolve().parents[2] / "reports" / "demo" / "hoa-phong-2025.txt"
    out = StringIO()
    call_command("import_plan", str(source), "--organization", org.code, "--save", stdout=out)
    plan = Plan.objects.get(organization=org)
    assert (plan.status, plan.title, plan.created_by) == ("draft", "Thực hiện công tác dân vận chính quyền năm 2025",
                                                          None)
    assert plan.tasks.filter(kind="duty", due_kind="continuous").count() == 15
    assert not plan.tasks.filter(kind="task").exists()
    assert plan.rounds.count() == 2 and plan.citations.filter(role="mention").count() == 1
    assert Unit.objects.get(organization=org, name="Công chức Tư pháp - Hộ tịch xã").kind == "post"
    # a second run is a second draft, not a change of the first (each run is one import)
    call_command("import_plan", str(source), "--organization", org.code, "--save", stdout=StringIO())
    assert Plan.objects.filter(organization=org).count() == 2
    assert Unit.objects.filter(organization=org, name="Công chức Tư pháp - Hộ tịch xã").count() == 1


def test_shape_b_offers_no_task_table_spreadsheet(login, org, editor):
    from django.urls import reverse

    plan = plan_create_from_import(organization=org, data=SHAPE_B, user=editor)
    client = login(editor)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Tải Word" in page and "Tải bảng nhiệm vụ (.xlsx)" not in page
    response = client.get(reverse("reports:plan_xlsx", args=[plan.pk]))
    assert response.status_code == 404 and "không có bảng phụ lục" in response.content.decode()  # said in words
