"""Project-wide fixtures: one organization with its parent and a sibling, and every persona."""

import datetime

import pytest

from danvan.models import Role
from danvan.tests import factories as f


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The rendered-document cache lives in a database table (settings.CACHES).

    Connections are not kept between requests in tests: the live server answers each request in a
    new thread, and a persistent connection left by one would keep PostgreSQL from dropping the
    test database at the end.
    """
    from django.core.management import call_command
    from django.db import connections

    for alias in connections:
        connections.settings[alias]["CONN_MAX_AGE"] = 0
        connections[alias].settings_dict["CONN_MAX_AGE"] = 0
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)
    yield
    # A connection a test thread left open would keep PostgreSQL from dropping the test database.
    with django_db_blocker.unblock():
        for alias in connections:
            connection = connections[alias]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                   "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture(autouse=True)
def documents_print_in_the_test_process(settings):
    """PDF parts are printed in the test process: a pool of worker processes per test would only add
    start-up time (reports/tests/test_documents_parallel.py turns the pool on)."""
    settings.DOCUMENT_RENDER_PROCESSES = 0


@pytest.fixture(scope="session", autouse=True)
def compiled_messages():
    """locale/vi/LC_MESSAGES/django.mo (not committed) is built from its .po when it is older."""
    from pathlib import Path

    from django.core.management import call_command

    po = Path(__file__).parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        call_command("compilemessages", locale=["vi"], ignore_patterns=[".venv", "node_modules"], verbosity=0)
        from django.utils.translation import trans_real

        trans_real._translations = {}  # a catalog read before the file existed is read again


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Real hashing costs ~0.3 s per login; tests check rules, not hash strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def city(db):
    return f.OrganizationFactory(name="Ủy ban nhân dân thành phố Thử Nghiệm", code="thanh-pho",
                                 header_name="ỦY BAN NHÂN DÂN\nTHÀNH PHỐ THỬ NGHIỆM", place_name="Thử Nghiệm")


@pytest.fixture
def org(city):
    return f.OrganizationFactory(parent=city, name="Ủy ban nhân dân phường An Bình", code="an-binh",
                                 header_name="ỦY BAN NHÂN DÂN\nPHƯỜNG AN BÌNH", place_name="An Bình")


@pytest.fixture
def other_org(city):
    """A sibling ward: its people must see nothing of `org`."""
    return f.OrganizationFactory(parent=city, name="Ủy ban nhân dân xã Bình Yên", code="binh-yen",
                                 header_name="ỦY BAN NHÂN DÂN\nXÃ BÌNH YÊN", place_name="Bình Yên")


@pytest.fixture
def unit_a(org):
    return f.UnitFactory(organization=org, name="Phòng Văn hóa - Xã hội", short_name="VHXH", order=1)


@pytest.fixture
def unit_b(org):
    return f.UnitFactory(organization=org, name="Trung tâm sự nghiệp công", short_name="TTSNC", order=2)


def _persona(org, role, unit=None, username=None):
    user = f.UserFactory(username=username or f"{role}-{org.code}-{unit.pk if unit else ''}")
    f.MembershipFactory(user=user, organization=org, role=role, unit=unit)
    return user


@pytest.fixture
def editor(org):
    return _persona(org, Role.EDITOR, username="editor")


@pytest.fixture
def approver(org):
    return _persona(org, Role.APPROVER, username="approver")


@pytest.fixture
def clerk(org):
    return _persona(org, Role.CLERK, username="clerk")


@pytest.fixture
def org_admin(org):
    return _persona(org, Role.ADMIN, username="orgadmin")


@pytest.fixture
def viewer(org):
    return _persona(org, Role.VIEWER, username="viewer")


@pytest.fixture
def reporter_a(org, unit_a):
    return _persona(org, Role.REPORTER, unit_a, username="reporter_a")


@pytest.fixture
def reporter_b(org, unit_b):
    return _persona(org, Role.REPORTER, unit_b, username="reporter_b")


@pytest.fixture
def outsider(other_org):
    return _persona(other_org, Role.EDITOR, username="outsider")


@pytest.fixture
def parent_user(city):
    return _persona(city, Role.VIEWER, username="parent_user")


@pytest.fixture
def superuser(db):
    return f.UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def plan(org, unit_a, unit_b, editor):
    """A draft plan with two tasks (one each unit leads) and two rounds."""
    plan = f.PlanFactory(organization=org, created_by=editor, drafting_unit=unit_a)
    task1 = f.TaskFactory(plan=plan, lead_unit=unit_a, order=1, due_date=datetime.date(2025, 9, 30))
    task1.coordinating_units.add(unit_b)
    f.TaskFactory(plan=plan, lead_unit=unit_b, order=2, due_kind="continuous", due_date=None)
    f.RoundFactory(plan=plan, order=1, name="Báo cáo lần 1", deadline=datetime.date(2025, 9, 3))
    f.RoundFactory(plan=plan, order=2, name="Báo cáo lần 2", deadline=datetime.date(2025, 12, 2))
    return plan


@pytest.fixture
def login(client):
    """login(user) signs the test client in as that user and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


# --- Browser tests -------------------------------------------------------------------------------
# Playwright drives Debian's chromium package (never a downloaded browser). Screenshots go to
# test-artifacts/screenshots/, emptied once at the start of each session.

import os  # noqa: E402
import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def screenshot_dir():
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM must be allowed here.
    # Restored afterwards so it never leaks into subprocesses of later tests.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's outcome on the test item (the page fixture checks the last page only after a pass)."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, live_server, request):
    """A browser tab. Every page it reaches (goto, wait_for_url) and the page it ends on are checked
    with axe-core against WCAG 2.1 A/AA (danvan/tests/a11y.py): any violation fails the test."""
    from danvan.tests import a11y

    if reason := a11y.axe_missing_reason():
        pytest.skip(reason)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(15000)
    a11y.audit_every_page(page)
    yield page
    passed = getattr(request.node, "report_call", None) is not None and request.node.report_call.passed
    try:
        if passed and not page.is_closed():
            a11y.assert_accessible(page)
    finally:
        context.close()


@pytest.fixture
def browser_login(live_server):
    """browser_login(page, user) signs in through the real login form."""
    from danvan.tests.factories import PASSWORD

    def _login(page, user):
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/**")
        return page

    return _login


@pytest.fixture(autouse=True)
def no_background_renders(settings):
    """Jobs run at once in tests (Celery's eager mode), and life-cycle events queue no document
    render unless a test asks for it (reports/tests/test_prerender.py): most tests issue plans
    without wanting their PDFs printed."""
    from danvan.celery import app

    app.conf.task_always_eager = True
    settings.DOCUMENT_PRERENDER = False
