"""The demo's issued roll-up: Phù Liễn's report on round 1 of its plan 125/KH-UBND, numbered
126/BC-UBND on 05/9/2025, compiled by the roll-up services from the unit reports of
reports/demo/progress.py, as of the round's cut-off (31/8/2025), then edited as an editor would."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from danvan.models import Organization
from plans.models import Plan
from reports.models import RollupReport
from reports.rollups import services

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NUMBER = 126
ISSUED_ON = datetime.date(2025, 9, 5)

LEADERSHIP = (
    "Ngày 22/8/2025, Ủy ban nhân dân phường tổ chức hội nghị quán triệt Kế hoạch cho 65 cán bộ, công chức, "
    "viên chức, người lao động; chỉ đạo các phòng, đơn vị sự nghiệp xây dựng kế hoạch cụ thể, gắn công tác dân "
    "vận với nhiệm vụ chuyên môn; đăng tải Kế hoạch trên trang thông tin điện tử phường.\n"
    "Công tác tuyên truyền được triển khai trên hệ thống truyền thanh, trang thông tin điện tử phường và qua "
    "sinh hoạt của các chi hội tại 9 khu dân cư."
)
PROPOSALS = (
    "- Đề nghị Ủy ban nhân dân thành phố sớm ban hành hướng dẫn mẫu hương ước, quy ước của tổ dân phố sau "
    "sắp xếp đơn vị hành chính.\n"
    "- Đề nghị Ủy ban nhân dân thành phố hỗ trợ kinh phí nâng cấp hệ thống truyền thanh cơ sở."
)


def load_issued_rollup() -> bool:
    """Compile, edit, approve and issue 126/BC-UBND unless it exists. True when it was created."""
    ward = Organization.objects.get(code="phu-lien")
    plan = Plan.objects.get(organization=ward, number=125)
    round1 = plan.rounds.get(name="Báo cáo lần 1")
    if RollupReport.objects.filter(organization=ward, round=round1, number=NUMBER).exists():
        return False
    users = get_user_model().objects.in_bulk(["bientap", "pheduyet", "vanthu"], field_name="username")
    editor, approver, clerk = users["bientap"], users["pheduyet"], users["vanthu"]
    rollup = services.rollup_compile(round=round1, user=editor)
    rollup = services.rollup_update(rollup=rollup, user=editor, expected_version=rollup.version, data={
        "leadership_text": f"{rollup.leadership_text}\n{LEADERSHIP}", "proposals_text": PROPOSALS})
    rollup = services.rollup_submit(rollup=rollup, user=editor)
    rollup = services.rollup_approve(rollup=rollup, user=approver)
    rollup = services.rollup_issue(rollup=rollup, user=clerk, issued_on=ISSUED_ON, number=NUMBER)
    moment = datetime.datetime(2025, 9, 5, 8, 0, tzinfo=TZ)  # the workflow's own times, in 2025 like the rest
    RollupReport.objects.filter(pk=rollup.pk).update(created_at=moment - datetime.timedelta(hours=3),
                                                     figures_refreshed_at=moment - datetime.timedelta(hours=3),
                                                     approved_at=moment)
    return True
