"""Benchmark of roll-up reports: SQL queries and time to compile, and time to print the PDF.

    .venv/bin/python bench/bench_rollup.py [--runs 5] [--out DIR]

Builds one issued plan of 60 tasks over 40 units with 3 rounds fully reported (and, to show the
query count does not grow, a plan of half that size), and a parent organization with 30 child
organizations that have each issued a roll-up. Everything is written inside a transaction that is
rolled back, so the configured database (migrated: `make migrate`) is left as it was.
Targets: the query count is the same at both sizes; compiling at most 100 ms; the PDF at most 1.5 s cold.
"""

import argparse
import datetime
import io
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

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.utils import OperationalError, ProgrammingError  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from danvan.models import Organization  # noqa: E402
from reports.rollups import services as services  # noqa: E402
from reports.documents.registry import build  # noqa: E402
from reports.rollups.document import rollup_context  # noqa: E402
from reports.tests.factories_rollup import build_plan, issue_rollup  # noqa: E402
from tasks.models import ReportingRound  # noqa: E402


class Rollback(Exception):
    pass


def organization(code: str, parent=None) -> Organization:
    name = f"Ủy ban nhân dân phường Đo Tốc Độ {code}"
    return Organization.objects.create(code=f"bench-rollup-{code}", name=name, parent=parent, place_name="Đo Tốc Độ",
                                       header_name=f"ỦY BAN NHÂN DÂN\nPHƯỜNG ĐO TỐC ĐỘ {code.upper()}")


def last_round(plan) -> ReportingRound:
    return (ReportingRound.objects.select_related("plan__organization__parent", "plan__drafting_unit")
            .filter(plan=plan).order_by("-order").first())


def measure(function, runs: int):
    """(queries of one run, median seconds, the last result); each run is rolled back to a savepoint,
    so every run compiles from scratch."""
    seconds, cpu, counted, result = [], [], None, None
    for _ in range(runs):
        savepoint = transaction.savepoint()
        with CaptureQueriesContext(connection) as context:
            start, start_cpu = time.perf_counter(), time.process_time()
            result = function()
            seconds.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        counted = len(context.captured_queries) if counted is None else counted
        transaction.savepoint_rollback(savepoint)
    measure.cpu = statistics.median(cpu)  # CPU seconds of the last measure, printed beside wall time
    return counted, statistics.median(seconds), result


def run(runs: int, out: Path | None) -> None:
    user = get_user_model().objects.create(username="bench-rollup")
    full_org, half_org = organization("a"), organization("b")
    full = last_round(build_plan(full_org, units=40, tasks=60, rounds=3))
    half = last_round(build_plan(half_org, units=20, tasks=30, rounds=3))

    print("Tổng hợp báo cáo của một đợt (kế hoạch 60 nhiệm vụ, 40 đơn vị, 3 đợt đều đã báo cáo):")
    for label, round_ in (("60 nhiệm vụ, 40 đơn vị", full), ("30 nhiệm vụ, 20 đơn vị", half)):
        queries, seconds, _ = measure(lambda r=round_: services.rollup_compile(round=r, user=user), runs)
        print(f"  {label}: {queries} truy vấn SQL, {seconds * 1000:.0f} ms, CPU {measure.cpu * 1000:.0f} ms "
              f"(trung vị {runs} lần; mục tiêu ≤ 100 ms)")

    rollup = services.rollup_compile(round=full, user=user)
    queries, seconds, _ = measure(lambda: services.rollup_refresh_figures(rollup=rollup, user=user), runs)
    print(f"  Cập nhật số liệu (60 nhiệm vụ, 40 đơn vị): {queries} truy vấn SQL, {seconds * 1000:.0f} ms")

    document = rollup_context(rollup)
    start = time.perf_counter()
    pdf = build(document, "pdf")
    cold = time.perf_counter() - start
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        pdf = build(rollup_context(rollup), "pdf")
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"In PDF ({len(document.appendices[0].table.rows)} nhiệm vụ, {pages} trang; không dùng bộ nhớ đệm): "
          f"{statistics.median(wall) * 1000:.0f} ms, CPU {statistics.median(cpu) * 1000:.0f} ms "
          f"(trung vị {runs} lần; lần đầu {cold * 1000:.0f} ms gồm nạp WeasyPrint; mục tiêu ≤ 1,5 s), "
          f"{len(pdf) // 1024} KB")
    if out:
        out.mkdir(parents=True, exist_ok=True)
        (out / "bench-rollup.pdf").write_bytes(pdf)

    print("Tổng hợp ở cấp trên (báo cáo đã ban hành của các đơn vị cấp dưới):")
    start_of_year, end_of_year = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    for count in (30, 15):
        city = organization(f"tp{count}")
        for n in range(count):
            ward = organization(f"tp{count}-{n}", parent=city)
            child = services.rollup_compile(round=last_round(build_plan(ward, units=4, tasks=6, prefix=f"{n} ")),
                                            user=user)
            issue_rollup(child, approver=user, clerk=user, issued_on=datetime.date(2025, 9, 10))
        queries, seconds, made = measure(lambda c=city: services.rollup_compile_parent(
            organization=c, period_start=start_of_year, period_end=end_of_year, user=user), runs)
        print(f"  {count} đơn vị cấp dưới: {queries} truy vấn SQL, {seconds * 1000:.0f} ms "
              f"({len(made.figures['rows'])} báo cáo được tổng hợp)")


def main() -> None:
    # CPU time is printed beside wall time: on a busy machine it is the figure to compare with the target.
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, help="write the PDF of the 60-task roll-up there")
    args = parser.parse_args()
    print(f"Cơ sở dữ liệu: {connection.vendor}; CPU: {os.cpu_count()}; tải máy: "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    try:
        with transaction.atomic():
            run(args.runs, args.out)
            raise Rollback
    except Rollback:
        pass
    except (OperationalError, ProgrammingError) as error:
        sys.exit(f"Cơ sở dữ liệu chưa sẵn sàng ({error}); chạy `make migrate` trước.")


if __name__ == "__main__":
    main()
