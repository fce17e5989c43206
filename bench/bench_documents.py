"""Benchmark of printed documents: median of 5 renders for PDF and Word, and a cached re-download.

    .venv/bin/python bench/bench_documents.py [--runs 5] [--out DIR] [--clicks 15] [--think 3]

Renders the demo plan (loaded by `manage.py load_demo`; skipped with a message when absent) and a
synthetic plan of 40 tasks and 10 citations. The synthetic plan is written inside a transaction
that is rolled back, so the configured database is left as it was. Target: the 40-task PDF under
0.4 s on a 2-core machine; a cached re-download under 20 ms. With --out, the PDFs are written there.

PDFs are printed as the site prints them: the body, the phụ lục and the pieces of a long phụ lục laid
out at once by the calling process and settings.DOCUMENT_RENDER_PROCESSES workers (default: the
cores less one; DOCUMENT_RENDER_PROCESSES=0 measures one process alone).

Then, interleaved in one loop, the cold 40-task PDF (WeasyPrint, nothing cached) beside a warm
LibreOffice (unoserver, started here; installed when missing: `apt-get install
libreoffice-writer-nogui python3-uno` as root and `pip install unoserver`) converting the same
plan's .docx to PDF, and their ratio (target <= 1.0).

Last, a click on "In" after a life-cycle event with the worker running (a Celery worker started
here on the configured database): a committed copy of the synthetic plan has its text changed and
is submitted (the event queues its render), the clerk clicks "In" --think seconds later (the page
reloading after the POST and reading it; 0 measures a click that waits for the render), and the
download is timed through the whole Django stack; the plan is returned to draft and the loop
repeats, then the plan is deleted. Target: p95 <= 50 ms.

The last two lines read exactly `ratio weasyprint/libreoffice: R` and `click after event p95: N ms`.
The machine's load average is printed first: on a shared 2-core machine the figures are noisy.
"""

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
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


UNO_PORT, XMLRPC_PORT = 2102, 2103


def ensure_libreoffice() -> None:
    """LibreOffice (Debian's writer without GUI), its Python bridge and unoserver: installed when missing."""
    if not shutil.which("soffice") or subprocess.run(["/usr/bin/python3", "-c", "import uno"],
                                                     capture_output=True).returncode:
        if os.geteuid() != 0:
            sys.exit("Cần LibreOffice: apt-get install libreoffice-writer-nogui python3-uno (với quyền root)")
        print("Cài LibreOffice (libreoffice-writer-nogui, python3-uno)…", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", "libreoffice-writer-nogui",
                        "python3-uno"], check=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
                       stdout=subprocess.DEVNULL)
    try:
        import unoserver  # noqa: F401
    except ImportError:
        print("Cài unoserver…", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "unoserver"], check=True)


def start_unoserver() -> subprocess.Popen:
    """unoserver under Debian's python3 (the one with the `uno` module), importing unoserver from this venv."""
    import unoserver
    from unoserver.client import UnoClient

    site = str(Path(unoserver.__file__).resolve().parent.parent)
    server = subprocess.Popen(
        ["/usr/bin/python3", "-c", "import sys; sys.path.append(sys.argv.pop(1)); from unoserver.server import main; "
         "main()", site, "--interface", "127.0.0.1", "--port", str(XMLRPC_PORT), "--uno-port", str(UNO_PORT)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    client = UnoClient(server="127.0.0.1", port=str(XMLRPC_PORT))
    deadline = time.time() + 120
    while True:
        try:
            client.convert(indata=minimal_docx(), convert_to="pdf")
            return server
        except Exception:
            if time.time() > deadline or server.poll() is not None:
                stop(server)
                sys.exit("unoserver không khởi động được")
            time.sleep(1)


def minimal_docx() -> bytes:
    import io

    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Khởi động")
    document.save(out)
    return out.getvalue()


def stop(process: subprocess.Popen) -> None:
    import signal

    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def versus_libreoffice(plan: Plan, runs: int) -> float:
    """Interleaved: the cold PDF by WeasyPrint, then LibreOffice converting the same plan's .docx."""
    from unoserver.client import UnoClient

    client = UnoClient(server="127.0.0.1", port=str(XMLRPC_PORT))
    document = plan_context(plan)
    docx_bytes = build(document, "docx")
    ours, theirs = [], []
    for _ in range(runs):
        start = time.perf_counter()
        build(document, "pdf")  # cold: no part cached
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        pdf = client.convert(indata=docx_bytes, convert_to="pdf")
        theirs.append(time.perf_counter() - start)
        assert pdf.startswith(b"%PDF")
    weasy, office = statistics.median(ours), statistics.median(theirs)
    print(f"Synthetic plan (40 tasks), interleaved x{runs}: WeasyPrint cold PDF median {weasy * 1000:.0f} ms; "
          f"LibreOffice (unoserver, warm) .docx -> PDF median {office * 1000:.0f} ms")
    return weasy / office


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]


def click_after_event(clicks: int, think: float) -> float:
    """p95 in ms of a download `think` s after a life-cycle event, with a worker running."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from plans import services as plan_services

    worker = subprocess.Popen([str(ROOT / ".venv/bin/celery"), "-A", "danvan", "worker", "--pool", "solo",
                               "--loglevel", "WARNING"], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    user, _ = get_user_model().objects.get_or_create(username="bench-documents", defaults={"is_superuser": True})
    if not user.is_superuser:
        user.is_superuser = True
        user.save()
    plan = synthetic_plan()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = reverse("reports:plan_pdf", args=[plan.pk])
    from reports.documents.cache import cache_key, cached

    times, ready = [], 0
    try:
        for n in range(clicks + 1):  # the first round warms the worker up (WeasyPrint, fonts)
            with transaction.atomic():
                Plan.objects.filter(pk=plan.pk).update(intro=f"Ủy ban nhân dân phường ban hành Kế hoạch (lần {n}):")
                plan_services.plan_submit(plan=plan, user=user)
            time.sleep(think if n else 10)
            if n and cached(cache_key(plan_context(Plan.objects.get(pk=plan.pk)), "pdf")) is not None:
                ready += 1  # the worker had finished: the click is a cache hit
            start = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - start
            assert response.status_code == 200 and response.content.startswith(b"%PDF"), response.status_code
            if n:
                times.append(elapsed)
            plan_services.plan_return(plan=plan, user=user, reason="Đo tốc độ")
        result = p95(times) * 1000
        print(f"Click after a life-cycle event ({think:g} s later, worker running), {clicks} clicks: "
              f"median {statistics.median(times) * 1000:.0f} ms, p95 {result:.0f} ms, max {max(times) * 1000:.0f} ms; "
              f"the worker had finished before {ready} of them (the others waited for its render)")
        return result
    finally:
        stop(worker)
        Task.objects.filter(plan=plan).delete()
        plan.delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--clicks", type=int, default=15)
    parser.add_argument("--think", type=float, default=3.0)
    args = parser.parse_args()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    if "plans_plan" not in connection.introspection.table_names():
        sys.exit("Cơ sở dữ liệu chưa được khởi tạo: chạy `make migrate` (hoặc manage.py migrate) trước.")
    from django.conf import settings

    print(f"Database: {connection.vendor}; CPUs: {os.cpu_count()}; load average: "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"print processes: 1 + {settings.DOCUMENT_RENDER_PROCESSES} (DOCUMENT_RENDER_PROCESSES)")
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
            ensure_libreoffice()
            office = start_unoserver()
            try:
                ratio = versus_libreoffice(plan, args.runs)
            finally:
                stop(office)
            raise Rollback
    except Rollback:
        pass
    click = click_after_event(args.clicks, args.think)
    print(f"ratio weasyprint/libreoffice: {ratio:.2f}")
    print(f"click after event p95: {click:.0f} ms")


if __name__ == "__main__":
    main()
