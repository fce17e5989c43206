"""Demo unit reports for round 1 of Phù Liễn's plan 125/KH-UBND, so the board and the roll-up
have something real to show: four units accepted (one of them late), one submitted and waiting,
and the rest not reported.

Submission moments are in 2025, so the rows are written directly with those moments (the report
services stamp "now"); each submitted report gets its frozen version exactly as a real submission
does (progress.services.version_snapshot).
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from danvan.models import Organization, Unit
from plans.models import Plan
from reports.models import ReportStatus, UnitReport, UnitReportEntry, UnitReportVersion
from reports.progress.services import version_snapshot

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(year, month, day, hour=9, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


# unit -> (submitted at, status, reporter username or None, {task number in the plan: (status, done, difficulties, proposals)})
WORDS = {
    "Phòng Văn hóa - Xã hội": (local(2025, 9, 2, 16), ReportStatus.ACCEPTED, "baocao_vhxh", {
        1: ("done", "Ngày 22/8/2025 tổ chức hội nghị quán triệt cho 65 cán bộ, công chức, viên chức, người lao "
                    "động; đăng 02 tin bài trên trang thông tin điện tử phường", "", ""),
        2: ("in_progress", "Cung cấp 05 tin bài về gương điển hình “Dân vận khéo” cho hệ thống truyền thanh", "", ""),
        3: ("in_progress", "Ban hành hướng dẫn đăng ký mô hình “Dân vận khéo”; 04/6 đơn vị đã đăng ký", "", ""),
        7: ("not_started", "", "Một số tổ dân phố mới sáp nhập chưa thống nhất được nội dung hương ước, quy ước",
            "Đề nghị Ủy ban nhân dân thành phố sớm hướng dẫn mẫu hương ước, quy ước sau sắp xếp"),
        9: ("in_progress", "Chi trả trợ cấp tháng 7, tháng 8 cho 312 đối tượng đúng thời hạn; niêm yết danh sách "
                           "tại 9/9 tổ dân phố", "", ""),
        12: ("not_started", "", "", ""),
    }),
    "Trung tâm sự nghiệp công phường": (local(2025, 9, 1, 10), ReportStatus.ACCEPTED, "baocao_ttsn", {
        1: ("done", "Bố trí hội trường, âm thanh, ánh sáng phục vụ hội nghị quán triệt", "", ""),
        2: ("in_progress", "Phát 24 tin, bài trên hệ thống truyền thanh; đăng 08 tin trên trang thông tin điện tử "
                           "phường", "Cụm loa tại tổ dân phố số 5 và số 7 xuống cấp, phát không rõ",
            "Đề nghị bố trí kinh phí sửa chữa cụm loa truyền thanh tổ dân phố số 5, số 7"),
    }),
    "Văn phòng HĐND và UBND": (local(2025, 9, 4, 8, 30), ReportStatus.ACCEPTED, None, {
        5: ("in_progress", "Tiếp 18 lượt công dân; tiếp nhận 11 đơn, đã giải quyết 08 đơn, 03 đơn đang xem xét", "",
            ""),
        6: ("done", "Công khai 14 nội dung tại trụ sở và trên trang thông tin điện tử phường", "", ""),
        10: ("not_started", "", "", ""),
    }),
    "Trung tâm Phục vụ hành chính công phường": (local(2025, 9, 2, 9), ReportStatus.SUBMITTED, None, {
        4: ("in_progress", "Tiếp nhận 1.245 hồ sơ, giải quyết đúng hạn 1.239 hồ sơ (đạt 99,5%); tỷ lệ hồ sơ trực "
                           "tuyến toàn trình đạt 62%", "Đường truyền mạng chập chờn vào giờ cao điểm",
            "Đề nghị nâng cấp đường truyền tại Trung tâm"),
    }),
    "Ủy ban Mặt trận Tổ quốc Việt Nam phường": (local(2025, 9, 2, 14), ReportStatus.ACCEPTED, None, {
        2: ("in_progress", "Phối hợp tuyên truyền tại 9 khu dân cư thông qua sinh hoạt chi hội", "", ""),
    }),
}


def load_unit_reports() -> tuple[int, int]:
    """Create the missing demo reports; returns (created, already present)."""
    ward = Organization.objects.get(code="phu-lien")
    plan = Plan.objects.get(organization=ward, number=125)
    round1 = plan.rounds.get(name="Báo cáo lần 1")
    tasks = {n: task for n, task in enumerate(plan.tasks.order_by("order", "pk"), start=1)}
    users = get_user_model().objects.in_bulk(["bientap"] + [w[2] for w in WORDS.values() if w[2]],
                                             field_name="username")
    created = present = 0
    for unit_name, (moment, status, reporter, entries) in WORDS.items():
        unit = Unit.objects.get(organization=ward, name=unit_name)
        if UnitReport.objects.filter(round=round1, unit=unit).exists():
            present += 1
            continue
        submitter = users.get(reporter)
        report = UnitReport.objects.create(
            round=round1, unit=unit, status=status, submitted_at=moment, submitted_by=submitter,
            is_late=round1.is_late(moment), overall="Đơn vị đã triển khai các nhiệm vụ được giao theo kế hoạch.")
        for number, (entry_status, done, difficulties, proposals) in entries.items():
            task = tasks[number]
            UnitReportEntry.objects.create(
                report=report, task=task, is_lead=task.lead_unit_id == unit.pk, status=entry_status,
                done_text=done, difficulties=difficulties, proposals=proposals)
        UnitReportVersion.objects.create(
            report=report, number=1, submitted_at=moment, submitted_by=submitter, is_late=report.is_late,
            data=version_snapshot(report, number=1, submitted_at=moment, user=submitter), outcome=status)
        if status == ReportStatus.ACCEPTED:
            report.reviewed_by = users.get("bientap")
            report.reviewed_at = moment + datetime.timedelta(days=1)
            report.save(update_fields=["reviewed_by", "reviewed_at"])
        created += 1
    return created, present
