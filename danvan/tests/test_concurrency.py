"""Concurrency (issue 7): two clerks issuing at once never get the same number, two saves of one
draft never silently overwrite each other, two submissions of one report make one.

The concurrent tests run on PostgreSQL with real connections: one thread per user, each with its
own database connection, started together at a barrier. To make the race certain rather than
lucky, the slow step of each service (reading the next number, checking the plan, freezing the
report) is stretched by a short sleep: without the row locks and the unique register, both
threads would pass their checks before either commits. The same three run in sequence on every
database.
"""

from __future__ import annotations

import datetime
import sys
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from danvan import services as danvan_services
from danvan.models import IssuedNumber, Role
from danvan.tests import factories as f
from danvan.tests.world import draft_plan, media, report_form_data, world  # noqa: F401
from plans import services as plan_services
from plans.models import Plan, PlanStatus
from reports import progress
from reports.rollups import services as rollup_services
from reports.models import ReportStatus, UnitReport, UnitReportVersion

ISSUED_ON = datetime.date(2025, 8, 15)
STRETCH = 0.3  # seconds added inside each service's critical step

concurrent = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="needs real concurrent connections (run with DATABASE_URL=postgres://...)")


def run_together(*calls):
    """Run each call in its own thread (own DB connection), all released at once.

    Returns one ("ok", value) or ("error", exception) per call, in order.
    """
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, call), name=f"call-{i}") for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (dead lock?)"
    return results


def stretch(monkeypatch, owner, name, delays=None):
    """Make owner.name pause after doing its work (a read), widening the window of the race.

    `owner` is a class, a module, or a function whose module's global `name` is to be stretched
    (the module a service looks the name up in, wherever the package keeps it). `delays` maps a
    thread's position in run_together to its pause, to decide who goes on first.
    """
    if callable(owner) and not isinstance(owner, type):
        owner = sys.modules[owner.__module__]
    original = getattr(owner, name)

    def slow(*args, **kwargs):
        result = original(*args, **kwargs)
        position = int(threading.current_thread().name.removeprefix("call-") or 0) \
            if threading.current_thread().name.startswith("call-") else 0
        time.sleep((delays or {}).get(position, STRETCH))
        return result

    monkeypatch.setattr(owner, name, slow)


def approved_plan(org, unit_a, unit_b, editor, approver, title):
    plan = draft_plan(org, unit_a, unit_b, editor, title)
    plan_services.plan_submit(plan=plan, user=editor)
    return plan_services.plan_approve(plan=plan, user=approver)


# --- Issuing: one number per document ---------------------------------------------------------

def issue(plan, user):
    return lambda: plan_services.plan_issue(plan=plan, user=user, issued_on=ISSUED_ON).number


@pytest.fixture
def approved_plans(org, unit_a, unit_b, editor, approver):
    return [approved_plan(org, unit_a, unit_b, editor, approver, f"Kế hoạch số {n}") for n in range(4)]


@pytest.fixture
def clerks(org, clerk):
    others = [f.UserFactory(username=f"clerk{n}") for n in range(2, 5)]
    for user in others:
        f.MembershipFactory(user=user, organization=org, role=Role.CLERK)
    return [clerk, *others]


def numbers_in_register(org) -> list[int]:
    return sorted(IssuedNumber.objects.filter(organization=org, year=2025).values_list("number", flat=True))


@concurrent
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_clerks_issuing_at_the_same_moment_get_different_numbers(monkeypatch, approved_plans, org, clerks):
    # Every clerk reads the same "next free number" before anyone writes it.
    stretch(monkeypatch, danvan_services.register_claim, "register_next_number")
    results = run_together(*(issue(plan, user) for plan, user in zip(approved_plans, clerks, strict=True)))
    assert [kind for kind, _value in results] == ["ok"] * len(approved_plans), results
    numbers = sorted(value for _kind, value in results)
    assert numbers == [1, 2, 3, 4]
    assert numbers_in_register(org) == [1, 2, 3, 4]
    assert sorted(Plan.objects.filter(organization=org).values_list("number", flat=True)) == numbers


@concurrent
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_clerks_issuing_the_same_plan_issue_it_once(monkeypatch, approved_plans, org, clerks):
    stretch(monkeypatch, danvan_services.register_claim, "register_next_number")
    plan = approved_plans[0]
    results = run_together(issue(plan, clerks[0]), issue(plan, clerks[1]))
    kinds = sorted(kind for kind, _value in results)
    assert kinds == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, ValidationError) and "Đã ban hành" in " ".join(error.messages)
    assert numbers_in_register(org) == [1]  # no number was used up by the refused clerk


@concurrent
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_plan_and_a_roll_up_issued_at_once_share_the_register(monkeypatch, world, clerks):
    """Plans (KH) and reports (BC) take their numbers from one register: never the same number, and
    neither clerk gets an error. Both read the same next number; the plan's clerk writes it first."""
    stretch(monkeypatch, danvan_services.register_claim, "register_next_number", delays={0: 0.1, 1: 0.6})
    taken = numbers_in_register(world.org)
    results = run_together(
        issue(world.approved, clerks[0]),
        # The roll-up is dated after its figures' cut-off (an earlier date is refused, REPORTS.md §3).
        lambda: rollup_services.rollup_issue(rollup=world.approved_rollup, user=clerks[1],
                                             issued_on=datetime.date(2025, 12, 10)).number)
    assert [kind for kind, _value in results] == ["ok", "ok"], results
    new = sorted(value for _kind, value in results)
    assert new == [max(taken) + 1, max(taken) + 2]
    assert numbers_in_register(world.org) == sorted(taken + new)


def test_issuing_one_after_the_other_gives_consecutive_numbers(approved_plans, org, clerk):
    numbers = [plan_services.plan_issue(plan=plan, user=clerk, issued_on=ISSUED_ON).number
               for plan in approved_plans[:2]]
    assert numbers == [1, 2]
    with pytest.raises(ValidationError) as refused:
        plan_services.plan_issue(plan=approved_plans[2], user=clerk, issued_on=ISSUED_ON, number=2)
    assert "Số 2 năm 2025 đã được cấp cho văn bản khác" in " ".join(refused.value.messages)
    assert Plan.objects.get(pk=approved_plans[2].pk).status == PlanStatus.APPROVED
    assert numbers_in_register(org) == [1, 2]


# --- Saving one draft twice: never a silent overwrite -------------------------------------------

def save_title(plan, user, title, version):
    def run():
        return plan_services.plan_update(plan=plan, user=user, data={"title": title}, expected_version=version)
    return run


@pytest.fixture
def second_editor(org):
    user = f.UserFactory(username="editor2")
    f.MembershipFactory(user=user, organization=org, role=Role.EDITOR)
    return user


@concurrent
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_saves_of_one_draft_at_once_one_wins_one_is_told(monkeypatch, plan, editor, second_editor):
    stretch(monkeypatch, Plan, "clean")  # runs after the version check, before the save
    version = plan.version
    results = run_together(save_title(plan, editor, "Bản của người thứ nhất", version),
                           save_title(plan, second_editor, "Bản của người thứ hai", version))
    kinds = sorted(kind for kind, _value in results)
    assert kinds == ["error", "ok"], results
    saved = next(value for kind, value in results if kind == "ok")
    stale = next(value for kind, value in results if kind == "error")
    assert isinstance(stale, plan_services.StaleEdit)
    assert "đã được người khác sửa" in str(stale) and stale.changes[0].name == "title"
    plan.refresh_from_db()
    assert plan.title == saved.title and plan.version == version + 1


def test_two_saves_of_one_draft_in_sequence(plan, editor, second_editor):
    version = plan.version
    save_title(plan, editor, "Bản của người thứ nhất", version)()
    with pytest.raises(plan_services.StaleEdit) as stale:
        save_title(plan, second_editor, "Bản của người thứ hai", version)()
    assert stale.value.changes[0].theirs == "Bản của người thứ nhất"
    plan.refresh_from_db()
    assert plan.title == "Bản của người thứ nhất" and plan.version == version + 1


def test_two_browser_tabs_saving_the_same_draft(client, plan, editor, second_editor):
    """Through the edit page: the second save shows who changed what and keeps the typed text."""
    def post(user, title):
        client.force_login(user)
        return client.post(reverse("plans:edit", args=[plan.pk]), {
            "title": title, "year": plan.year, "period_label": plan.period_label,
            "period_start": plan.period_start.isoformat(), "period_end": plan.period_end.isoformat(),
            "intro": plan.intro, "closing": "", "appendix_title": plan.appendix_title, "version": plan.version})

    assert post(editor, "Bản của người thứ nhất").status_code == 302
    page = post(second_editor, "Bản của người thứ hai").content.decode()
    assert "đã được người khác sửa" in page and "Bản của người thứ hai" in page
    plan.refresh_from_db()
    assert plan.title == "Bản của người thứ nhất"


# --- Submitting one report twice: one submission ------------------------------------------------

@pytest.fixture
def open_report(media, plan, editor, approver, clerk, unit_a, reporter_a):
    plan_services.plan_submit(plan=plan, user=editor)
    plan_services.plan_approve(plan=plan, user=approver)
    issued = plan_services.plan_issue(plan=plan, user=clerk, issued_on=ISSUED_ON)
    round1 = issued.rounds.get(order=1)
    report = progress.unit_report_open(round=round1, unit=unit_a)
    changes = [progress.EntryChange(entry.pk, "done", "Đã tổ chức hội nghị") for entry in report.entries.all()]
    return progress.unit_report_save(report=report, user=reporter_a, lock_version=report.lock_version,
                                     overall="Tốt", changes=changes)


def submit(report, user):
    return lambda: progress.unit_report_submit(report=report, user=user, lock_version=report.lock_version)


@concurrent
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_submissions_of_one_report_at_once_make_one(monkeypatch, open_report, reporter_a):
    # version_snapshot runs after the status check and before the version is inserted
    stretch(monkeypatch, progress.unit_report_submit, "version_snapshot")
    report = UnitReport.objects.get(pk=open_report.pk)
    results = run_together(submit(report, reporter_a), submit(UnitReport.objects.get(pk=report.pk), reporter_a))
    assert sorted(results) == [("ok", False), ("ok", True)], results
    assert UnitReportVersion.objects.filter(report=report).count() == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.version == 1


def test_two_submissions_of_one_report_in_sequence_make_one(open_report, reporter_a):
    report = UnitReport.objects.get(pk=open_report.pk)
    assert submit(report, reporter_a)() is True
    assert submit(UnitReport.objects.get(pk=report.pk), reporter_a)() is False
    assert UnitReportVersion.objects.filter(report=report).count() == 1


def test_double_click_on_submit_in_the_page_makes_one(client, open_report, reporter_a):
    """Two posts of the same form (a double click, two tabs): one version, the second is told."""
    client.force_login(reporter_a)
    url = reverse("reports:unit_report_edit", args=[open_report.round_id, open_report.unit_id])
    data = report_form_data(open_report, action="submit")
    first = client.post(url, data, follow=True).content.decode()
    second = client.post(url, data, follow=True).content.decode()
    assert "Đã gửi báo cáo (lần 1" in first
    assert "lần bấm này không tạo bản gửi mới" in second
    assert UnitReportVersion.objects.filter(report=open_report).count() == 1
