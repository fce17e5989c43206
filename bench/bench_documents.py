"""Benchmark of printed documents: median of 5 renders for PDF and Word, and a cached re-download.

    .venv/bin/python bench/bench_documents.py [--runs 5] [--out DIR]

Renders the demo plan (loaded by `manage.py load_demo`; skipped with a message when absent) and a
synthetic plan of 40 tasks and 10 citations. The synthetic plan is written inside a transaction
that is rolled back, so the configured database is left as it was. Target: the 40-task PDF under
0.4 s on a 2-core machine; a cached re-download under 20 ms. With --out, the PDFs are written there.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402

from danvan.models import Organization, Unit  # noqa: E402
from plans.models import Citation, LegalDocument, Plan, PlanSection  # noqa: E402
from reports.documents import plan_context, render  # noqa: E402
from reports.documents.registry import build  # noqa: E402
from tasks.models import Task  # noqa: E402


class Rollback(Exception):
    pass


def synthetic_plan(tasks: int = 40, citations: int = 10) -> Plan:
    org, _ = Organization.objects.get_or_create(
        code="bench-documents",
        defaults={"name": "Ủy ban nhân dân phường Đo Tốc Độ", "header_name": "ỦY BAN NHÂN DÂN\nPHƯỜNG ĐO TỐC ĐỘ",
                  "place_name": "Đo Tốc Độ"})
    units = [Unit.objects.get_or_create(organization=org, name=name, defaults={"short_name": short, "order": n})[0]
             for n, (name, short) in enumerate([
                 ("Văn phòng HĐND và UBND phường", "VP"), ("Phòng Văn hóa - Xã hội", "VHXH"),
                 ("Phòng Kinh tế, Hạ tầng và Đô thị", "KT"), ("Trung tâm sự nghiệp công phường", "TTSNC"),
                 ("Công chức Tư pháp - Hộ tịch", "TP"), ("Ủy ban MTTQ Việt Nam phường", "MTTQ"),
                 ("Công an phường", "CA"), ("Các tổ dân phố", "TDP")])]
    plan = Plan.objects.create(
        organization=org, title="Triển khai thực hiện công tác dân vận của cơ quan hành chính nhà nước, "
                                "chính quyền cơ sở trên địa bàn phường năm 2025",
        year=2025, period_label="6 tháng cuối năm 2025", period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 12, 31), drafting_unit=units[1],
        intro="Ủy ban nhân dân phường ban hành Kế hoạch thực hiện công tác dân vận trên địa bàn phường "
              "6 tháng cuối năm 2025, như sau:",
        closing="Trên đây là Kế hoạch thực hiện công tác dân vận 6 tháng cuối năm 2025 của Ủy ban nhân dân phường.",
        recipients="Thường trực Đảng ủy phường;\nThường trực HĐND phường;\nCT, các PCT UBND phường;\n"
                   "Ủy ban MTTQ Việt Nam phường và các đoàn thể;\nCác phòng, đơn vị thuộc phường;\nLưu: VT, VHXH.",
        signer_authority="TM. ỦY BAN NHÂN DÂN", signer_title="KT. CHỦ TỊCH", signer_deputy_title="PHÓ CHỦ TỊCH",
        signer_name="Nguyễn Thị Bình")
    for n in range(citations):
        doc, _ = LegalDocument.objects.get_or_create(
            kind="Chỉ thị", number=f"{9000 + n}/CT-BENCH", issued_on=datetime.date(2021, 11, 26),
            issuer="Thủ tướng Chính phủ", subject="về tiếp tục tăng cường và đổi mới công tác dân vận của cơ quan "
                                                 "hành chính nhà nước, chính quyền các cấp trong tình hình mới")
        Citation.objects.create(plan=plan, document=doc, role="basis", order=n)
    paragraph = ("- Tuyên truyền, phổ biến, quán triệt và triển khai các văn bản của Trung ương, thành phố, phường "
                 "về công tác dân vận gắn với việc thực hiện dân chủ ở cơ sở; nâng cao nhận thức của cán bộ, "
                 "công chức, viên chức và người lao động về vị trí, vai trò của công tác dân vận.")
    for n, heading in enumerate(["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG, NHIỆM VỤ", "TỔ CHỨC THỰC HIỆN"]):
        PlanSection.objects.create(plan=plan, order=n, heading=heading,
                                   body="\n".join(["1. Mục đích", paragraph, paragraph, "2. Yêu cầu", paragraph]))
    kinds = ["date", "month", "quarter", "continuous"]
    for n in range(tasks):
        kind = kinds[n % 4]
        task = Task.objects.create(
            plan=plan, order=n, lead_unit=units[n % len(units)], due_kind=kind,
            due_date=None if kind == "continuous" else datetime.date(2025, 9 + n % 4, 15),
            content=f"Tổ chức tuyên truyền, phổ biến các văn bản về công tác dân vận chính quyền, thực hiện dân chủ "
                    f"ở cơ sở và quy chế dân chủ trong cơ quan, đơn vị (nhiệm vụ {n + 1})",
            output="Báo cáo kết quả thực hiện")
        task.coordinating_units.add(units[(n + 1) % len(units)], units[(n + 3) % len(units)])
    return plan


def timed(function, runs: int) -> tuple[float, float, object]:
    """Median wall time and median CPU time of `runs` calls (CPU time shows what a busy machine hides)."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def page_count(content: bytes) -> str:
    try:
        import pypdf  # a test requirement; the count is informative only
    except ImportError:
        return "?"
    import io

    return str(len(pypdf.PdfReader(io.BytesIO(content)).pages))


def bench(label: str, plan: Plan, runs: int, out: Path | None) -> None:
    document = plan_context(plan)
    for fmt in ("pdf", "docx"):
        wall, cpu, content = timed(lambda: build(document, fmt), runs)
        extra = f"{len(content) // 1024} KiB"
        if fmt == "pdf":
            extra += f", {page_count(content)} pages"
            if out:
                (out / f"{document.filename_stem}.pdf").write_bytes(content)
        print(f"{label:<36} {fmt:<4} median of {runs}: {wall * 1000:7.1f} ms (CPU {cpu * 1000:6.1f} ms)  [{extra}]")
    render("plan", plan, "pdf")  # fills the cache

    def download():
        fresh = Plan.objects.select_related("organization", "drafting_unit", "implements").get(pk=plan.pk)
        return render("plan", fresh, "pdf")

    wall, cpu, _ = timed(download, runs)
    print(f"{label:<36} pdf  cached re-download (read plan, context, hash, cache): "
          f"{wall * 1000:6.1f} ms (CPU {cpu * 1000:5.1f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    if "plans_plan" not in connection.introspection.table_names():
        sys.exit("Cơ sở dữ liệu chưa được khởi tạo: chạy `make migrate` (hoặc manage.py migrate) trước.")
    print(f"Database: {connection.vendor}; CPUs: {os.cpu_count()}; load average: "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    from reports.documents.pdf import _weasyprint

    start = time.perf_counter()
    _weasyprint()
    print(f"WeasyPrint import + stylesheet (once per process): {(time.perf_counter() - start) * 1000:.0f} ms")

    # The demo's issued plan: the Phù Liễn plan with the most tasks.
    demo = (Plan.objects.select_related("organization").filter(organization__code="phu-lien")
            .annotate(task_count=Count("tasks")).order_by("-task_count", "pk").first())
    try:
        with transaction.atomic():
            call_command("createcachetable", verbosity=0)
            cache.clear()
            # Warm-up: the first render in a process loads fonts and the layout code.
            warm = synthetic_plan(tasks=2, citations=1)
            build(plan_context(warm), "pdf")
            if demo is None:
                print("Demo plan: not found (run `manage.py load_demo`); skipped.")
            else:
                bench(f"Demo plan #{demo.pk} ({demo.tasks.count()} tasks)", demo, args.runs, args.out)
            plan = synthetic_plan()
            bench("Synthetic plan (40 tasks, 10 citations)", plan, args.runs, args.out)
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
