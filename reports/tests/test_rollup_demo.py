"""The demo roll-ups, printed: the ward Phù Liễn's report on round 1 of its 2025 plan (written from
realistic unit reports) and the city's report compiled from its wards. The PDFs and their pages as
PNG (pdftoppm -r 60, when poppler is installed) go to test-artifacts/rollup/ for a look."""

import datetime
import io
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model

from reports.demo.loader import load_demo
from danvan.models import Organization, Unit
from plans.models import Plan
from reports import rollup as services
from reports.documents import render
from reports.models import ReportStatus
from reports.tests.factories_rollup import issue_rollup, local, make_report

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "rollup"

# task number in the plan (1-based) -> (status, what was done, difficulties, proposals), per unit
WORDS = {
    "Phòng Văn hóa - Xã hội": (local(2025, 9, 2, 16), ReportStatus.ACCEPTED, {
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
    "Trung tâm sự nghiệp công phường": (local(2025, 9, 1, 10), ReportStatus.ACCEPTED, {
        1: ("done", "Bố trí hội trường, âm thanh, ánh sáng phục vụ hội nghị quán triệt", "", ""),
        2: ("in_progress", "Phát 24 tin, bài trên hệ thống truyền thanh; đăng 08 tin trên trang thông tin điện tử "
                           "phường", "Cụm loa tại tổ dân phố số 5 và số 7 xuống cấp, phát không rõ",
            "Đề nghị bố trí kinh phí sửa chữa cụm loa truyền thanh tổ dân phố số 5, số 7"),
    }),
    "Văn phòng HĐND và UBND": (local(2025, 9, 4, 8, 30), ReportStatus.ACCEPTED, {
        5: ("in_progress", "Tiếp 18 lượt công dân; tiếp nhận 11 đơn, đã giải quyết 08 đơn, 03 đơn đang xem xét", "",
            ""),
        6: ("done", "Công khai 14 nội dung tại trụ sở và trên trang thông tin điện tử phường", "", ""),
        10: ("not_started", "", "", ""),
    }),
    "Trung tâm Phục vụ hành chính công phường": (local(2025, 9, 2, 9), ReportStatus.SUBMITTED, {
        4: ("in_progress", "Tiếp nhận 1.245 hồ sơ, giải quyết đúng hạn 1.239 hồ sơ (đạt 99,5%); tỷ lệ hồ sơ trực "
                           "tuyến toàn trình đạt 62%", "Đường truyền mạng chập chờn vào giờ cao điểm",
            "Đề nghị nâng cấp đường truyền tại Trung tâm"),
    }),
    "Ủy ban Mặt trận Tổ quốc Việt Nam phường": (local(2025, 9, 2, 14), ReportStatus.ACCEPTED, {
        2: ("in_progress", "Phối hợp tuyên truyền tại 9 khu dân cư thông qua sinh hoạt chi hội", "", ""),
    }),
}


def _pages_png(pdf: Path, stem: str) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        return []
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / stem)], check=True, timeout=120)
    return sorted(ARTIFACTS.glob(f"{stem}-*.png"))


@pytest.fixture
def artifacts():
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


def test_demo_roll_ups_print(db, artifacts):
    from pypdf import PdfReader

    load_demo()
    ward = Organization.objects.get(code="phu-lien")
    plan = Plan.objects.get(organization=ward, number=125)
    round1 = plan.rounds.get(name="Báo cáo lần 1")
    tasks = {n: task for n, task in enumerate(plan.tasks.order_by("order", "pk"), start=1)}
    for unit_name, (moment, status, entries) in WORDS.items():
        make_report(round1, Unit.objects.get(organization=ward, name=unit_name), status=status, submitted_at=moment,
                    entries=[{"task": tasks[n], "status": s, "done_text": d, "difficulties": k, "proposals": p}
                             for n, (s, d, k, p) in entries.items()])
    editor, approver, clerk = (get_user_model().objects.get(username=name)
                               for name in ("bientap", "pheduyet", "vanthu"))
    with time_machine.travel(local(2025, 9, 5, 9), tick=False):
        rollup = services.rollup_compile(round=round1, user=editor)
    rollup = issue_rollup(rollup, approver=approver, clerk=clerk, issued_on=datetime.date(2025, 9, 5), direction=(
        "1. Tiếp tục quán triệt, triển khai Chỉ thị số 33/CT-TTg đến các tổ dân phố.\n"
        "2. Hoàn thành rà soát hương ước, quy ước trước ngày 31/12/2025.\n"
        "3. Tổ chức hội nghị đối thoại giữa Chủ tịch Ủy ban nhân dân phường với Nhân dân trong tháng 11/2025."))
    assert rollup.number_display == "126/BC-UBND"  # after the plan's 125/KH-UBND in the same register

    city = Organization.objects.get(code="hai-phong")
    with time_machine.travel(local(2025, 12, 18, 9), tick=False):
        city_rollup = services.rollup_compile_parent(organization=city, period_start=datetime.date(2025, 1, 1),
                                                     period_end=datetime.date(2025, 12, 31), user=editor)
    city_rollup = issue_rollup(city_rollup, approver=approver, clerk=clerk, issued_on=datetime.date(2025, 12, 20),
                               direction="Tiếp tục chỉ đạo các xã, phường triển khai công tác dân vận chính quyền.")

    for stem, obj, expected in (
        ("bao-cao-phu-lien", rollup, ["Số: 126/BC-UBND", "Phù Liễn, ngày 05 tháng 9 năm 2025",
                                      "Chưa báo cáo: 3 đơn vị",
                                      "Trung tâm Phục vụ hành chính công phường (chưa tiếp nhận)",
                                      "Phụ lục I", "Phụ lục II"]),
        ("bao-cao-hai-phong", city_rollup, ["Số: 01/BC-UBND", "Hải Phòng, ngày 20 tháng 12 năm 2025",
                                            "Chưa báo cáo: 1 đơn vị (Ủy ban nhân dân xã Tân Lương)",
                                            "SỐ LIỆU TỔNG HỢP THEO ĐƠN VỊ CẤP DƯỚI"]),
    ):
        _, _, content = render("rollup", obj, "pdf")
        pdf = artifacts / f"{stem}.pdf"
        pdf.write_bytes(content)
        text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)
        for words in expected:
            assert words in text, words
        pages = _pages_png(pdf, stem)
        assert not shutil.which("pdftoppm") or len(pages) == len(PdfReader(io.BytesIO(content)).pages)
