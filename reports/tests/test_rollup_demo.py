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
from danvan.models import Organization
from plans.models import Plan
from reports import rollup as services
from reports.documents import render
from reports.tests.factories_rollup import issue_rollup, local

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "rollup"

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
    # load_demo seeded round 1's unit reports (reports/demo/progress.py).
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
                                            "Chưa báo cáo: 1 đơn vị (Ủy ban nhân dân xã Hòa Phong)",
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
