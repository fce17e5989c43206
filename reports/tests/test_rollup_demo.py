"""The demo roll-ups, printed: the ward Phù Liễn's issued report 126/BC-UBND on round 1 of its 2025 plan
(load_demo compiles it from realistic unit reports) and the city's report compiled from its wards.
The PDFs, Word files and their pages as PNG (pdftoppm -r 70, when poppler is installed) go to
test-artifacts/rollup/ for a look."""

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
from reports.models import RollupReport
from reports.rollups import services as services
from reports.documents import render
from reports.tests.factories_rollup import issue_rollup, local

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "rollup"

def _pages_png(pdf: Path, stem: str) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        return []
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(ARTIFACTS / stem)], check=True, timeout=120)
    return sorted(ARTIFACTS.glob(f"{stem}-*.png"))


@pytest.fixture
def artifacts():
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


def test_demo_roll_ups_print(db, artifacts):
    import docx
    from pypdf import PdfReader

    load_demo()
    ward = Organization.objects.get(code="phu-lien")
    plan = Plan.objects.get(organization=ward, number=125)
    round1 = plan.rounds.get(name="Báo cáo lần 1")
    # load_demo seeded round 1's unit reports (reports/demo/progress.py) and issued their roll-up.
    rollup = RollupReport.objects.get(round=round1, number=126)
    assert rollup.number_display == "126/BC-UBND" and rollup.issued_on == datetime.date(2025, 9, 5)
    assert rollup.figures["as_of"] == "2025-08-31"  # as of the round, not of the day the demo loads
    editor, approver, clerk = (get_user_model().objects.get(username=name)
                               for name in ("bientap", "pheduyet", "vanthu"))

    city = Organization.objects.get(code="hai-phong")
    with time_machine.travel(local(2025, 12, 18, 9), tick=False):
        city_rollup = services.rollup_compile_parent(organization=city, period_start=datetime.date(2025, 1, 1),
                                                     period_end=datetime.date(2025, 12, 31), user=editor)
    city_rollup = issue_rollup(city_rollup, approver=approver, clerk=clerk, issued_on=datetime.date(2025, 12, 20),
                               direction="Tiếp tục chỉ đạo các xã, phường triển khai công tác dân vận chính quyền.")

    for stem, obj, expected in (
        ("bao-cao-phu-lien", rollup, ["Số: 126/BC-UBND", "Phù Liễn, ngày 05 tháng 9 năm 2025",
                                      "Kính gửi: Ủy ban nhân dân thành phố Hải Phòng.",
                                      "Thực hiện Kế hoạch số 125/KH-UBND ngày 15/8/2025",
                                      "Số liệu tính đến ngày 31/8/2025", "- Như trên;",
                                      "Phụ lục I", "Phụ lục II"]),
        ("bao-cao-hai-phong", city_rollup, ["Số: 01/BC-UBND", "Hải Phòng, ngày 20 tháng 12 năm 2025",
                                            "chưa báo cáo: Ủy ban nhân dân xã Hòa Phong",
                                            "SỐ LIỆU TỔNG HỢP THEO ĐƠN VỊ CẤP DƯỚI"]),
    ):
        _, _, content = render("rollup", obj, "pdf")
        pdf = artifacts / f"{stem}.pdf"
        pdf.write_bytes(content)
        text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)
        for words in expected:
            assert words in text, words
        for state in ("chưa tiếp nhận", "Chờ tiếp nhận", "Xem xét"):
            assert state not in text, state
        word = render("rollup", obj, "docx")[2]
        (artifacts / f"{stem}.docx").write_bytes(word)
        paragraphs = [p.text.replace("\u2060", "") for p in docx.Document(io.BytesIO(word)).paragraphs]
        assert paragraphs.count("./.") == (2 if obj.round_id else 1)  # under each appendix
        assert any(p.endswith("./.") and p.startswith("Trên đây là báo cáo") for p in paragraphs)
        assert not any("chưa tiếp nhận" in p for p in paragraphs)
        pages = _pages_png(pdf, stem)
        assert not shutil.which("pdftoppm") or len(pages) == len(PdfReader(io.BytesIO(content)).pages)
