"""Work left waiting for the demo accounts, so every demo home shows its “Việc cần làm” at first
sign-in: a plan submitted for approval (pheduyet), one approved and waiting for its number
(vanthu), a unit report to review (bientap: from reports.demo.progress), a report due
(baocao_vhxh: round 2 of 125/KH-UBND) and one returned for revision (baocao_ttsn).

The two plans are ordinary demo plans (created by the loader like the others, then moved through
the plan services as the editor and the approver would); the returned report is written with its
2025 moments like the other demo reports. Everything is created only when missing.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from danvan.models import Organization, Unit
from plans import services as plan_services
from plans.models import Plan, PlanStatus
from reports.demo.helpers import CONTINUOUS, day, due_on
from reports.demo.phu_lien import RECIPIENTS, SIGNER, TTSNC, VHXH, VP
from reports.demo.progress import local
from reports.models import ReportStatus, UnitReport, UnitReportEntry, UnitReportVersion
from reports.progress.services import version_snapshot


def _plan(title: str, topic: str, tasks: list[dict]) -> dict:
    return {
        "title": title, "year": 2026, "period_label": "Năm 2026",
        "period_start": day("01/01/2026"), "period_end": day("31/12/2026"), "implements": None,
        "drafting_unit": VHXH, "created_by": "bientap",
        "intro": f"Ủy ban nhân dân phường Phù Liễn ban hành Kế hoạch {topic} như sau:",
        "closing": f"Trên đây là Kế hoạch {topic} của Ủy ban nhân dân phường Phù Liễn./.",
        "appendix_title": f"Bảng phân công nhiệm vụ {topic}", "recipients": RECIPIENTS, **SIGNER, "issue": None,
        "citations": [("33/CT-TTg", "basis")],
        "sections": [
            ("MỤC ĐÍCH, YÊU CẦU", "1. Mục đích\n- Tổ chức thực hiện hiệu quả, đúng tiến độ.\n2. Yêu cầu\n"
                                  "- Phân công rõ người, rõ việc, rõ thời hạn."),
            ("TỔ CHỨC THỰC HIỆN", "1. Phòng Văn hóa - Xã hội: theo dõi, tổng hợp, báo cáo kết quả thực hiện.\n"
                                  "2. Các phòng, đơn vị được giao nhiệm vụ báo cáo kết quả thực hiện năm 2026 (số liệu "
                                  "tính từ ngày 15/12/2025 đến ngày 14/12/2026) về Ủy ban nhân dân phường (qua Phòng "
                                  "Văn hóa - Xã hội):\n- Báo cáo năm 2026 trước ngày 17/12/2026."),
        ],
        "tasks": tasks,
        "rounds": [{"name": "Báo cáo năm 2026", "deadline": day("17/12/2026"),
                    "period_start": day("15/12/2025"), "period_end": day("14/12/2026")}],
    }


SUBMITTED_PLAN = _plan(
    "Xây dựng và thực hiện hương ước, quy ước của các tổ dân phố phường Phù Liễn năm 2026",
    "xây dựng và thực hiện hương ước, quy ước năm 2026",
    [{"content": "Rà soát, sửa đổi hương ước, quy ước của các tổ dân phố sau sắp xếp", "lead": VHXH,
      "coordinating": [VP], "due": due_on("30/09/2026"), "output": "Hương ước, quy ước được phê duyệt"},
     {"content": "Tuyên truyền nội dung hương ước, quy ước trên hệ thống truyền thanh phường", "lead": TTSNC,
      "coordinating": [], "due": CONTINUOUS, "output": "Tin, bài tuyên truyền"}])

APPROVED_PLAN = _plan(
    "Thực hiện phong trào thi đua “Dân vận khéo” trên địa bàn phường Phù Liễn năm 2026",
    "thực hiện phong trào thi đua “Dân vận khéo” năm 2026",
    [{"content": "Hướng dẫn các phòng, đơn vị đăng ký mô hình “Dân vận khéo”", "lead": VHXH,
      "coordinating": [], "due": due_on("31/03/2026"), "output": "Văn bản hướng dẫn"},
     {"content": "Tổng hợp, đề xuất khen thưởng mô hình “Dân vận khéo” tiêu biểu", "lead": VP,
      "coordinating": [VHXH], "due": due_on("30/11/2026"), "output": "Tờ trình khen thưởng"}])

# (plan data, the state it waits in)
PLANS = [(SUBMITTED_PLAN, PlanStatus.SUBMITTED), (APPROVED_PLAN, PlanStatus.APPROVED)]

RETURNED_AT = local(2025, 12, 1, 15)
RETURN_REASON = "Đề nghị bổ sung số tin, bài đã phát trong kỳ và kinh phí sửa chữa cụm loa đã được bố trí."


def advance(plan: Plan, state: str) -> None:
    """Move a just-created demo plan to the state it waits in, as the editor and approver would."""
    users = get_user_model().objects.in_bulk(["bientap", "pheduyet"], field_name="username")
    if plan.status == PlanStatus.DRAFT:
        plan = plan_services.plan_submit(plan=plan, user=users["bientap"])
    if state == PlanStatus.APPROVED and plan.status == PlanStatus.SUBMITTED:
        plan_services.plan_approve(plan=plan, user=users["pheduyet"])


def load_returned_report() -> tuple[int, int]:
    """Trung tâm sự nghiệp công's report for round 2 of 125/KH-UBND, sent and returned for revision."""
    ward = Organization.objects.get(code="phu-lien")
    plan = Plan.objects.get(organization=ward, number=125)
    round2 = plan.rounds.get(name="Báo cáo lần 2")
    unit = Unit.objects.get(organization=ward, name=TTSNC)
    if UnitReport.objects.filter(round=round2, unit=unit).exists():
        return 0, 1
    users = get_user_model().objects.in_bulk(["bientap", "baocao_ttsn"], field_name="username")
    submitted_at = RETURNED_AT - datetime.timedelta(days=1)
    report = UnitReport.objects.create(
        round=round2, unit=unit, status=ReportStatus.RETURNED, submitted_at=submitted_at,
        submitted_by=users.get("baocao_ttsn"), is_late=round2.is_late(submitted_at), return_reason=RETURN_REASON,
        reviewed_by=users.get("bientap"), reviewed_at=RETURNED_AT, version=2,
        overall="Đơn vị đã thực hiện các nhiệm vụ tuyên truyền được giao.")
    for task in plan.tasks.filter(lead_unit=unit).order_by("order"):
        UnitReportEntry.objects.create(report=report, task=task, is_lead=True, status="in_progress",
                                       done_text="Phát tin, bài tuyên truyền trên hệ thống truyền thanh phường")
    UnitReportVersion.objects.create(
        report=report, number=1, submitted_at=submitted_at, submitted_by=users.get("baocao_ttsn"),
        is_late=report.is_late, outcome=ReportStatus.RETURNED, outcome_reason=RETURN_REASON,
        data=version_snapshot(report, number=1, submitted_at=submitted_at, user=users.get("baocao_ttsn")))
    return 1, 0
