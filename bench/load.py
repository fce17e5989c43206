#!/usr/bin/env python
"""Load test: gunicorn on PostgreSQL with generated data at two sizes, driven by wrk on 127.0.0.1.

    .venv/bin/python bench/load.py [--seconds 15] [--connections 4] [--sizes city,province]
                                   [--restart-db] [--pages LABEL,...]

Two data sets, each in its own database (created once, reused while its row counts match):

- "city" (database danvan_load): a city of 10 communes/wards, 1,000 plans, 30,000 tasks,
  200 units, 5,000 unit reports;
- "province" (danvan_load_province), ten times as much: 10 cities of 10 communes (100
  organizations), 10,000 plans, 300,000 tasks, 2,000 units, 50,000 unit reports.

Every commune has the same shape in both, so a page of one commune (or one city) should cost the
same whatever the rest of the database holds. For each data set the script counts the SQL queries
of each page (in-process, Django's test client), starts one gunicorn per data set (127.0.0.1:8765,
8766) and runs wrk against each page, the sizes alternating in --rounds short runs (a change of the
machine's load then weighs on both alike); then prints per page: p95 at both sizes, their ratio
(target <= 1.2), the errors (target 0) and the queries at both sizes (target: equal). With
--restart-db, PostgreSQL is restarted in the middle of the home-page run of the first size: errors
must appear only while it is down, and the site must answer again without being restarted.

Pages are the PAGES list below: (label, persona, path from the data set's ids); add a line to
measure another page. Everything runs on this machine; every loop is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765


@dataclass(frozen=True)
class Size:
    database: str
    cities: int
    communes_per_city: int
    units_per_org: int = 20
    plans_per_org: int = 100
    tasks_per_plan: int = 30
    reports_per_org: int = 500

    @property
    def orgs(self) -> int:
        return self.cities * self.communes_per_city

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:5432/{self.database}"


SIZES = {
    "city": Size("danvan_load", cities=1, communes_per_city=10),
    "province": Size("danvan_load_province", cities=10, communes_per_city=10),
}


def _reverse(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


# (label, persona, path from ids). Personas: "editor" (of commune load-0), "reporter" (of its first
# unit), "city" (editor of the city load-city-0, for the overview of its communes).
PAGES: list[tuple[str, str, Callable[[dict], str]]] = [
    ("Trang chủ", "editor", lambda ids: _reverse("home")),  # with "Việc cần làm"
    ("Trang chủ (báo cáo)", "reporter", lambda ids: _reverse("home")),
    ("Tổng quan", "editor", lambda ids: _reverse("reports:dashboard")),
    ("Tổng quan cấp dưới (đơn vị)", "city", lambda ids: _reverse("reports:dashboard_children")),
    ("Danh sách kế hoạch", "editor", lambda ids: _reverse("plans:list")),
    ("Trang kế hoạch", "editor", lambda ids: _reverse("plans:detail", ids["plan"])),
    ("Báo cáo của đơn vị", "reporter", lambda ids: _reverse("reports:unit_report_detail", ids["report"])),
    ("Các đợt báo cáo của đơn vị", "reporter", lambda ids: _reverse("reports:my_unit")),
    ("Tiến độ đợt báo cáo", "editor", lambda ids: _reverse("reports:round_board", ids["round"])),
    ("Danh sách báo cáo tổng hợp", "editor", lambda ids: _reverse("reports:rollup_list")),
    ("Tổng quan cấp dưới (thành phố)", "city", lambda ids: _reverse("reports:parent_overview")),
    ("Tải PDF kế hoạch", "editor", lambda ids: _reverse("reports:plan_pdf", ids["plan"])),
]


def configure(size: Size) -> None:
    os.environ.update({"DATABASE_URL": size.url, "DEBUG": "0", "SECRET_KEY": "load-test-" + "x" * 50,
                       "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "SECURE_SSL_REDIRECT": "0",
                       "DJANGO_SETTINGS_MODULE": "danvan.settings", "LOG_LEVEL": "ERROR",
                       "DOCUMENT_PRERENDER": "0"})
    sys.path.insert(0, str(ROOT))


def psql(sql: str) -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", sql], capture_output=True,
                          text=True, check=True).stdout.strip()


def ensure_database(size: Size) -> None:
    if not psql(f"SELECT 1 FROM pg_database WHERE datname = '{size.database}'"):
        psql(f"CREATE DATABASE {size.database}")


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)


def expected_counts(size: Size) -> dict:
    return {"plans": size.orgs * size.plans_per_org, "tasks": size.orgs * size.plans_per_org * size.tasks_per_plan,
            "units": size.orgs * size.units_per_org, "reports": size.orgs * size.reports_per_org}


def counts() -> dict:
    from danvan.models import Unit
    from plans.models import Plan
    from reports.models import UnitReport
    from tasks.models import Task

    return {"plans": Plan.objects.count(), "tasks": Task.objects.count(), "units": Unit.objects.count(),
            "reports": UnitReport.objects.count()}


def generate(size: Size) -> None:
    """Bulk-create the data set (every commune alike) unless it is already there."""
    from django.db import connection, transaction

    from danvan.models import Organization
    from tasks.models import ReportingRound

    today = datetime.date.today()
    if counts() == expected_counts(size) and ReportingRound.objects.filter(deadline__gte=today).exists():
        return
    print(f"Tạo bộ dữ liệu {size.database} (một lần): {size.orgs} xã/phường…", flush=True)
    started = time.perf_counter()
    with transaction.atomic():
        # Dates follow today's (upcoming deadlines, this year's plans), so the pages show what they
        # show on a live server; a data set whose deadlines have all passed is made again.
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE reports_unitreportentry, reports_unitreport, tasks_task, tasks_reportinground, "
                           "plans_plan, danvan_issuednumber, danvan_membership, danvan_unit, danvan_organization "
                           "RESTART IDENTITY CASCADE")
        for c in range(size.cities):
            city = Organization.objects.create(
                name=f"Ủy ban nhân dân thành phố Tải Thử {c}", code=f"load-city-{c}",
                header_name=f"ỦY BAN NHÂN DÂN\nTHÀNH PHỐ TẢI THỬ {c}", place_name=f"Tải Thử {c}")
            for k in range(size.communes_per_city):
                _commune(size, city, c * size.communes_per_city + k, today)
            print(f"  thành phố {c + 1}/{size.cities}: {time.perf_counter() - started:.0f} s", flush=True)
    print(f"  xong trong {time.perf_counter() - started:.0f} s", flush=True)
    # Fresh planner statistics, as autovacuum keeps them on a live server: right after a bulk load
    # PostgreSQL still believes the tables are nearly empty and scans them whole.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _commune(size: Size, city, o: int, today: datetime.date) -> None:
    from danvan.models import IssuedNumber, Organization, Unit
    from plans.models import Plan
    from reports.models import UnitReport, UnitReportEntry
    from tasks.models import ReportingRound, Task

    year = today.year
    issued_on = max(datetime.date(year, 1, 1), today - datetime.timedelta(days=30))
    deadlines = [today + datetime.timedelta(days=10), today + datetime.timedelta(days=100)]
    org = Organization.objects.create(
        name=f"Ủy ban nhân dân phường Tải {o}", code=f"load-{o}", parent=city,
        header_name=f"ỦY BAN NHÂN DÂN\nPHƯỜNG TẢI {o}", place_name=f"Tải {o}")
    units = Unit.objects.bulk_create([
        Unit(organization=org, name=f"Phòng chuyên môn số {u}", short_name=f"P{u}", order=u,
             search_text=f"phong chuyen mon so {u}") for u in range(size.units_per_org)])
    numbers = IssuedNumber.objects.bulk_create([
        IssuedNumber(organization=org, year=year, number=p + 1, kind="KH", symbol="KH-UBND", issued_on=issued_on)
        for p in range(size.plans_per_org)])
    plans = Plan.objects.bulk_create([
        Plan(organization=org, title=f"Kế hoạch thực hiện công tác dân vận số {p} năm {year}", year=year,
             period_label=f"Năm {year}", period_start=datetime.date(year, 1, 1),
             period_end=datetime.date(year, 12, 31), status="issued", number=p + 1, issued_on=issued_on,
             register_entry=numbers[p], recipients="Thường trực Đảng ủy;\nLưu: VT, VHXH.",
             signer_authority="TM. ỦY BAN NHÂN DÂN", signer_title="CHỦ TỊCH", signer_name="Nguyễn Văn A",
             search_text=f"ke hoach thuc hien cong tac dan van so {p} nam {year}")
        for p in range(size.plans_per_org)])
    tasks = Task.objects.bulk_create([
        Task(plan=plan, order=t + 1, content=f"Nhiệm vụ số {t + 1}: tuyên truyền, vận động Nhân dân",
             lead_unit=units[t % len(units)], due_kind="date",
             due_date=min(datetime.date(year, 12, 31), today + datetime.timedelta(days=20 + 30 * (t % 3))),
             output="Báo cáo")
        for plan in plans for t in range(size.tasks_per_plan)], batch_size=2000)
    rounds = ReportingRound.objects.bulk_create([
        ReportingRound(plan=plan, order=r + 1, name=f"Báo cáo lần {r + 1}",
                       deadline=deadlines[r])
        for plan in plans for r in range(2)])
    pairs = [(rnd, unit) for rnd in rounds for unit in units[:3]][:size.reports_per_org]
    reports = UnitReport.objects.bulk_create([
        UnitReport(round=rnd, unit=unit, status="accepted", overall="Đã triển khai đầy đủ.",
                   submitted_at=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1),
                   is_late=False)
        for rnd, unit in pairs])
    by_plan_unit: dict = {}
    for task in tasks:
        by_plan_unit.setdefault((task.plan_id, task.lead_unit_id), []).append(task)
    UnitReportEntry.objects.bulk_create([
        UnitReportEntry(report=rep, task=task, status="done", done_text="Đã hoàn thành.")
        for rep, (rnd, unit) in zip(reports, pairs)
        for task in by_plan_unit.get((rnd.plan_id, unit.pk), [])], batch_size=2000)


def sequential_scans(captured: list[dict], min_rows: int = 10_000) -> list[str]:
    """The tables of more than `min_rows` rows a page's queries read whole ("Seq Scan" in their
    EXPLAIN), with the query's start (a small table is rightly read whole)."""
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > %s", [min_rows])
        big = {row[0] for row in cursor.fetchall()}
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            for table in sorted(big):
                if f"Seq Scan on {table} " in plan + " ":
                    found.append(f"{table}: {sql[:160]}…")
    return found


def prepare(size: Size) -> dict:
    """The data set, the sessions of the personas, the ids of the pages and their query counts."""
    ensure_database(size)
    setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from danvan.models import Membership, Organization, Role, Unit
    from plans.models import Plan
    from reports.models import UnitReport

    generate(size)
    User = get_user_model()
    org = Organization.objects.get(code="load-0")
    city = Organization.objects.get(code="load-city-0")
    unit = Unit.objects.filter(organization=org).order_by("order").first()
    plan = Plan.objects.filter(organization=org).order_by("pk").first()
    report = UnitReport.objects.filter(unit=unit, round__plan__organization=org).order_by("pk").first()
    personas = {"editor": (org, Role.EDITOR, None), "reporter": (org, Role.REPORTER, unit),
                "city": (city, Role.EDITOR, None)}
    sessions = {}
    for persona, (organization, role, member_unit) in personas.items():
        user, _ = User.objects.get_or_create(username=f"load-{persona}")
        Membership.objects.get_or_create(user=user, organization=organization, role=role, unit=member_unit)
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        # The site's own sign-in backend (by name or e-mail), not axes' lock-out checker: a session
        # naming a backend the settings do not list is treated as signed out.
        store["_auth_user_backend"] = next(path for path in settings.AUTHENTICATION_BACKENDS if "axes" not in path)
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.set_expiry(3600 * 4)
        store.create()
        sessions[persona] = store.session_key
    ids = {"plan": plan.pk, "report": report.pk, "round": report.round_id, "unit": unit.pk, "org": org.pk,
           "city": city.pk}
    pages = []
    for label, persona, path in PAGES:
        client = Client()
        client.cookies["sessionid"] = sessions[persona]
        url = path(ids)
        client.get(url)  # warm: lazy imports, the document cache
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        pages.append({"label": label, "persona": persona, "path": url, "status": status,
                      "queries": len(queries.captured_queries), "scans": sequential_scans(queries.captured_queries)})
    return {"counts": counts(), "sessions": sessions, "pages": pages}


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


def run_wrk(port: int, path: str, session: str, seconds: int, connections: int, script: str) -> dict:
    out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
                          "-s", script, "-H", f"Cookie: sessionid={session}", f"http://127.0.0.1:{port}{path}"],
                         capture_output=True, text=True, timeout=seconds + 60).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit("wrk không trả kết quả:\n" + out)
    return json.loads(line[len("RESULT "):])


def wait_up(base: str, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/dang-nhap/", timeout=2)
            return
        except Exception:
            time.sleep(0.5)
    raise SystemExit("gunicorn không khởi động được")


def restart_postgres_later(delay: float) -> subprocess.Popen:
    cluster = os.listdir("/etc/postgresql")[0]
    cmd = f"sleep {delay}; pg_ctlcluster --skip-systemctl-redirect {cluster} main restart"
    return subprocess.Popen(["bash", "-c", cmd])


def start_server(size: Size, port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=size.url)
    return subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "danvan.wsgi", "-b", f"127.0.0.1:{port}",
                             "-w", str(workers), "--access-logfile", "/dev/null", "--error-logfile", "-",
                             "--log-level", "warning", "--timeout", "60"],
                            cwd=ROOT, env=env, stderr=subprocess.DEVNULL)


def measure(names: list[str], prepared: dict, args, handle: str) -> dict[str, dict[str, dict]]:
    """Per page, the sizes interleaved: `--rounds` short wrk runs on each, alternating, so a change
    of the machine's load during the run (other jobs) weighs on both sizes alike. A page's p95 is
    the median of its runs' p95."""
    servers = {name: start_server(SIZES[name], PORT + n, args.workers) for n, name in enumerate(names)}
    results: dict[str, dict[str, dict]] = {name: {} for name in names}
    try:
        for n, name in enumerate(names):
            wait_up(f"http://127.0.0.1:{PORT + n}")
        for p, page in enumerate(prepared[names[0]]["pages"]):
            label = page["label"]
            runs: dict[str, list[dict]] = {name: [] for name in names}
            for n, name in enumerate(names):
                # Warm-up at full concurrency so every worker has imported its lazy modules (WeasyPrint,
                # templates) and filled the document cache: the figures are steady-state.
                this = next(x for x in prepared[name]["pages"] if x["label"] == label)
                run_wrk(PORT + n, this["path"], prepared[name]["sessions"][this["persona"]], 2,
                        args.connections, handle)
            for r in range(args.rounds):
                for n, name in enumerate(names):
                    this = next(x for x in prepared[name]["pages"] if x["label"] == label)
                    session = prepared[name]["sessions"][this["persona"]]
                    restart = args.restart_db and p == 0 and r == 0 and n == 0
                    restarter = restart_postgres_later(args.seconds / args.rounds / 3) if restart else None
                    runs[name].append(run_wrk(PORT + n, this["path"], session, max(1, args.seconds // args.rounds),
                                              args.connections, handle))
                    if restarter:
                        restarter.wait()
                        after = run_wrk(PORT + n, this["path"], session, 3, 2, handle)
                        print(f"  sau khi PostgreSQL khởi động lại: {after['requests']} yêu cầu, "
                              f"{after['errors']} lỗi")
            for name in names:
                results[name][label] = {
                    "p95": statistics.median(r["p95"] for r in runs[name]),
                    "p50": statistics.median(r["p50"] for r in runs[name]),
                    "errors": sum(r["errors"] for r in runs[name]),
                    "rps": sum(r["requests"] for r in runs[name]) / sum(r["seconds"] for r in runs[name])}
            print("  " + f"{label:<32}" + "  ".join(
                f"{name}: {results[name][label]['rps']:5.1f} req/s, p50 {results[name][label]['p50']:6.1f}, "
                f"p95 {results[name][label]['p95']:6.1f} ms" for name in names), flush=True)
    finally:
        for server in servers.values():
            server.send_signal(signal.SIGTERM)
        for server in servers.values():
            server.wait(timeout=30)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=15, help="per page and size, split into --rounds runs")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--sizes", default="city,province")
    parser.add_argument("--pages", help="only these page labels (comma-separated)")
    parser.add_argument("--restart-db", action="store_true")
    parser.add_argument("--prepare", choices=SIZES, help=argparse.SUPPRESS)  # child process: one data set
    args = parser.parse_args()
    if args.prepare:
        configure(SIZES[args.prepare])
        print("PREPARED " + json.dumps(prepare(SIZES[args.prepare])), flush=True)
        return
    if not shutil.which("wrk"):
        raise SystemExit("Cần wrk: apt-get install wrk")
    names = [name.strip() for name in args.sizes.split(",") if name.strip()]
    print(f"CPU: {os.cpu_count()}, load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"gunicorn {args.workers} worker, wrk {args.connections} kết nối, {args.seconds} s mỗi trang và cỡ "
          f"({args.rounds} lượt xen kẽ)")
    prepared = {}
    for name in names:
        # Django is configured once per process, with one database: each data set is prepared in a
        # child process of its own.
        started = time.perf_counter()
        out = subprocess.run([sys.executable, __file__, "--prepare", name], cwd=ROOT, capture_output=True, text=True)
        sys.stdout.write("".join(line + "\n" for line in out.stdout.splitlines() if not line.startswith("PREPARED ")))
        line = next((ln for ln in out.stdout.splitlines() if ln.startswith("PREPARED ")), None)
        if line is None:
            raise SystemExit(f"Chuẩn bị dữ liệu {name} lỗi:\n{out.stderr[-3000:]}")
        data = json.loads(line[len("PREPARED "):])
        if args.pages:
            wanted = {label.strip() for label in args.pages.split(",")}
            data["pages"] = [page for page in data["pages"] if page["label"] in wanted]
        prepared[name] = data
        print(f"[{name}] " + ", ".join(f"{k} {v:,}" for k, v in data["counts"].items())
              + f" (chuẩn bị {time.perf_counter() - started:.0f} s)")
        for page in data["pages"]:
            if page["status"] != 200:
                print(f"  {page['label']}: HTTP {page['status']} khi đếm truy vấn")
            for scan in page["scans"]:
                print(f"  {page['label']}: đọc cả bảng {scan}")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "danvan.settings", "DEBUG": "0",
                       "SECRET_KEY": "load-test-" + "x" * 50, "ALLOWED_HOSTS": "127.0.0.1,localhost",
                       "SECURE_SSL_REDIRECT": "0", "LOG_LEVEL": "ERROR", "DOCUMENT_PRERENDER": "0"})
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(LUA)
    try:
        measured = measure(names, prepared, args, handle.name)
    finally:
        os.unlink(handle.name)
    report(names, prepared, measured)


def report(names: list[str], prepared: dict, measured: dict) -> None:
    print()
    header = f"{'trang':<32}" + "".join(f"{'p95 ' + n + ' ms':>18}" for n in names)
    if len(names) == 2:
        header += f"{'tỉ lệ':>8}"
    header += f"{'lỗi':>6}" + "".join(f"{'truy vấn ' + n:>20}" for n in names)
    print(header)
    for page in prepared[names[0]]["pages"]:
        label = page["label"]
        p95 = [measured[n][label]["p95"] for n in names]
        line = f"{label:<32}" + "".join(f"{value:>18.1f}" for value in p95)
        if len(names) == 2:
            line += f"{p95[1] / p95[0]:>8.2f}"
        line += f"{sum(measured[n][label]['errors'] for n in names):>6}"
        queries = [next(p["queries"] for p in prepared[n]["pages"] if p["label"] == label) for n in names]
        line += "".join(f"{q:>20}" for q in queries)
        if len(set(queries)) > 1:
            line += "  (khác nhau)"
        print(line)


if __name__ == "__main__":
    main()
