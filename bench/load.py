#!/usr/bin/env python
"""Load test: gunicorn on PostgreSQL with a generated data set, driven by wrk on 127.0.0.1.

    .venv/bin/python bench/load.py [--seconds 15] [--connections 8] [--restart-db] [--keep-data]

Creates (once; reused while its row counts match) a database `danvan_load` on the local
PostgreSQL server with 1,000 plans, 40,000 tasks, 200 units and 5,000 unit reports, starts gunicorn
on 127.0.0.1:8765, signs in an editor and a reporter, and runs wrk for a bounded time against the
home page (editor and reporter, with “Việc cần làm”), “Tổng quan”, a plan page, a unit's report page
and the PDF download. Prints requests per second,
latency percentiles (p50/p95/p99) and the error count for each. With --restart-db, PostgreSQL is
restarted in the middle of the home-page run: errors must appear only while it is down, and the
site must answer again afterwards without being restarted.

Everything runs on this machine; every loop is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "danvan_load"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
SIZES = {"orgs": 10, "units_per_org": 20, "plans_per_org": 100, "tasks_per_plan": 40, "reports": 5000}

sys.path.insert(0, str(ROOT))
os.environ.update({"DATABASE_URL": DB_URL, "DEBUG": "0", "SECRET_KEY": "load-test-" + "x" * 50,
                   "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "0",
                   "DJANGO_SETTINGS_MODULE": "danvan.settings", "LOG_LEVEL": "ERROR"})


def psql(sql: str) -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", sql], capture_output=True,
                          text=True, check=True).stdout.strip()


def ensure_database() -> None:
    if not psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"):
        psql(f"CREATE DATABASE {DB_NAME}")


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)


def generate() -> dict:
    """Bulk-create the data set unless it is already there; returns ids the URLs need."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction

    from danvan.models import IssuedNumber, Membership, Organization, Role, Unit
    from plans.models import Plan
    from reports.models import UnitReport, UnitReportEntry
    from tasks.models import ReportingRound, Task

    User = get_user_model()
    wanted_plans = SIZES["orgs"] * SIZES["plans_per_org"]
    if Plan.objects.count() != wanted_plans or UnitReport.objects.count() != SIZES["reports"]:
        print("Tạo bộ dữ liệu thử tải (một lần)…", flush=True)
        started = time.perf_counter()
        with transaction.atomic():
            for model in (UnitReportEntry, UnitReport, Task, ReportingRound, Plan, IssuedNumber, Membership, Unit):
                model.objects.all().delete()
            Organization.objects.filter(code__startswith="load-").delete()
            city = Organization.objects.create(name="Ủy ban nhân dân thành phố Tải Thử", code="load-city",
                                               header_name="ỦY BAN NHÂN DÂN\nTHÀNH PHỐ TẢI THỬ", place_name="Tải Thử")
            today = datetime.date(2025, 8, 15)
            report_budget = SIZES["reports"]
            for o in range(SIZES["orgs"]):
                org = Organization.objects.create(
                    name=f"Ủy ban nhân dân phường Tải {o}", code=f"load-{o}", parent=city,
                    header_name=f"ỦY BAN NHÂN DÂN\nPHƯỜNG TẢI {o}", place_name=f"Tải {o}")
                units = Unit.objects.bulk_create([
                    Unit(organization=org, name=f"Phòng chuyên môn số {u}", short_name=f"P{u}", order=u,
                         search_text=f"phong chuyen mon so {u}") for u in range(SIZES["units_per_org"])])
                numbers = IssuedNumber.objects.bulk_create([
                    IssuedNumber(organization=org, year=2025, number=p + 1, kind="KH", symbol="KH-UBND",
                                 issued_on=today) for p in range(SIZES["plans_per_org"])])
                plans = Plan.objects.bulk_create([
                    Plan(organization=org, title=f"Kế hoạch thực hiện công tác dân vận số {p} năm 2025", year=2025,
                         period_label="6 tháng cuối năm 2025", period_start=datetime.date(2025, 7, 1),
                         period_end=datetime.date(2025, 12, 31), status="issued", number=p + 1, issued_on=today,
                         register_entry=numbers[p], recipients="Thường trực Đảng ủy;\nLưu: VT, VHXH.",
                         signer_authority="TM. ỦY BAN NHÂN DÂN", signer_title="CHỦ TỊCH", signer_name="Nguyễn Văn A",
                         search_text=f"ke hoach thuc hien cong tac dan van so {p} nam 2025")
                    for p in range(SIZES["plans_per_org"])])
                tasks = Task.objects.bulk_create([
                    Task(plan=plan, order=t + 1, content=f"Nhiệm vụ số {t + 1}: tuyên truyền, vận động Nhân dân",
                         lead_unit=units[t % len(units)], due_kind="date", due_date=datetime.date(2025, 9 + t % 3, 28),
                         output="Báo cáo")
                    for plan in plans for t in range(SIZES["tasks_per_plan"])])
                rounds = ReportingRound.objects.bulk_create([
                    ReportingRound(plan=plan, order=r + 1, name=f"Báo cáo lần {r + 1}",
                                   deadline=[datetime.date(2025, 9, 3), datetime.date(2025, 12, 2)][r])
                    for plan in plans for r in range(2)])
                per_org = report_budget // (SIZES["orgs"] - o)
                report_budget -= per_org
                pairs = [(rnd, unit) for rnd in rounds for unit in units[:3]][:per_org]
                reports = UnitReport.objects.bulk_create([
                    UnitReport(round=rnd, unit=unit, status="accepted", overall="Đã triển khai đầy đủ.",
                               submitted_at=datetime.datetime(2025, 9, 1, 9, tzinfo=datetime.timezone.utc),
                               is_late=False) for rnd, unit in pairs])
                by_plan_unit = {}
                for task in tasks:
                    by_plan_unit.setdefault((task.plan_id, task.lead_unit_id), []).append(task)
                UnitReportEntry.objects.bulk_create([
                    UnitReportEntry(report=rep, task=task, status="done", done_text="Đã hoàn thành.")
                    for rep, (rnd, unit) in zip(reports, pairs)
                    for task in by_plan_unit.get((rnd.plan_id, unit.pk), [])])
        print(f"  xong trong {time.perf_counter() - started:.0f} s", flush=True)
    # Fresh planner statistics, as autovacuum keeps them on a live server: right after a bulk load
    # PostgreSQL still believes the tables are nearly empty and scans them whole.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    org = Organization.objects.get(code="load-0")
    unit = Unit.objects.filter(organization=org).order_by("order").first()
    plan = Plan.objects.filter(organization=org).order_by("pk").first()
    report = UnitReport.objects.filter(unit=unit, round__plan__organization=org).order_by("pk").first()
    editor, _ = User.objects.get_or_create(username="load-editor")
    reporter, _ = User.objects.get_or_create(username="load-reporter")
    Membership.objects.get_or_create(user=editor, organization=org, role=Role.EDITOR)
    Membership.objects.get_or_create(user=reporter, organization=org, role=Role.REPORTER, unit=unit)
    sessions = {}
    for user in (editor, reporter):
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.set_expiry(3600 * 4)
        store.create()
        sessions[user.username] = store.session_key
    counts = {"plans": Plan.objects.count(), "tasks": Task.objects.count(), "units": Unit.objects.count(),
              "reports": UnitReport.objects.count()}
    return {"plan": plan.pk, "report": report.pk, "round": report.round_id, "unit": unit.pk,
            "sessions": sessions, "counts": counts}


def targets(ids: dict) -> list[tuple[str, str, str]]:
    """(label, path, session) for each measured page."""
    from django.urls import reverse

    editor, reporter = ids["sessions"]["load-editor"], ids["sessions"]["load-reporter"]
    return [
        ("Trang chủ", reverse("home"), editor),
        ("Trang chủ (báo cáo)", reverse("home"), reporter),
        ("Tổng quan", reverse("reports:dashboard"), editor),
        ("Trang kế hoạch", reverse("plans:detail", args=[ids["plan"]]), editor),
        ("Báo cáo của đơn vị", unit_report_path(ids), reporter),
        ("Tải PDF kế hoạch", reverse("reports:plan_pdf", args=[ids["plan"]]), editor),
    ]


def unit_report_path(ids: dict) -> str:
    from django.urls import NoReverseMatch, reverse

    for name, args in (("reports:unit_report_detail", [ids["report"]]), ("reports:my_unit", [])):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    raise SystemExit("Không tìm thấy URL trang báo cáo của đơn vị")


LUA = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
               + summary.errors.status + summary.errors.timeout
  io.write(string.format('RESULT {"requests": %d, "seconds": %f, "errors": %d, "non2xx": %d, '
    .. '"p50": %f, "p95": %f, "p99": %f}\\n', summary.requests, summary.duration / 1e6, errors,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def run_wrk(path: str, session: str, seconds: int, connections: int, script: str) -> dict:
    out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
                          "-s", script, "-H", f"Cookie: sessionid={session}", BASE + path],
                         capture_output=True, text=True, timeout=seconds + 60).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit("wrk không trả kết quả:\n" + out)
    return json.loads(line[len("RESULT "):])


def wait_up(timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(BASE + "/dang-nhap/", timeout=2)
            return
        except Exception:
            time.sleep(0.5)
    raise SystemExit("gunicorn không khởi động được")


def restart_postgres_later(delay: float) -> subprocess.Popen:
    cluster = os.listdir("/etc/postgresql")[0]
    cmd = f"sleep {delay}; pg_ctlcluster --skip-systemctl-redirect {cluster} main restart"
    return subprocess.Popen(["bash", "-c", cmd])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--restart-db", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("Cần wrk: apt-get install wrk")
    ensure_database()
    setup_django()
    ids = generate()
    print("Dữ liệu:", ", ".join(f"{k} {v:,}" for k, v in ids["counts"].items()))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(LUA)
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "danvan.wsgi", "-b", f"127.0.0.1:{PORT}",
                               "-w", str(args.workers), "--access-logfile", "/dev/null", "--error-logfile", "-",
                               "--log-level", "warning", "--timeout", "60"],
                              cwd=ROOT, env=os.environ.copy(), stderr=subprocess.DEVNULL)
    try:
        wait_up()
        print(f"gunicorn {args.workers} worker, wrk {args.connections} kết nối, {args.seconds} s mỗi trang\n")
        print(f"{'trang':<22}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'lỗi':>6}")
        for label, path, session in targets(ids):
            # Warm-up at full concurrency so every worker has imported its lazy modules (WeasyPrint,
            # templates) and filled the document cache: the figures are steady-state.
            run_wrk(path, session, 3, args.connections, handle.name)
            restarter = restart_postgres_later(args.seconds / 3) if args.restart_db and label == "Trang chủ" else None
            r = run_wrk(path, session, args.seconds, args.connections, handle.name)
            if restarter:
                restarter.wait()
            print(f"{label:<22}{r['requests'] / r['seconds']:>8.1f}{r['p50']:>9.1f}{r['p95']:>9.1f}"
                  f"{r['p99']:>9.1f}{r['errors']:>6}")
            if restarter:
                after = run_wrk(path, session, 3, 2, handle.name)
                print(f"  sau khi PostgreSQL khởi động lại: {after['requests']} yêu cầu, {after['errors']} lỗi")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        os.unlink(handle.name)


if __name__ == "__main__":
    main()
