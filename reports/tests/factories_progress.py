"""Fixtures and helpers for the unit-report tests: an issued plan, files of every kind, and
shortcuts that drive the services the way the pages do."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from danvan.models import IssuedNumber, Role
from danvan.tests import factories as f
from danvan.tests.files import (  # noqa: F401 - the file makers, imported from here by report tests
    PDF_BYTES, docx_file, image_bytes, jpeg_file, ole_file, pdf_file, png_file, xlsx_file,
)
from reports import progress
from reports.models import UnitReport

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(year, month, day, hour=9, minute=0):
    """An aware moment in Vietnamese local time, for time_machine."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


def issue(plan, number: int = 12, issued_on=datetime.date(2025, 8, 15)):
    """Make a plan issued the way the database requires (register entry, number, date)."""
    entry = IssuedNumber.objects.create(organization=plan.organization, year=issued_on.year, number=number,
                                        kind="KH", symbol=f"KH-{plan.organization.issuer_symbol}",
                                        issued_on=issued_on, title=plan.title)
    plan.status = "issued"
    plan.number = number
    plan.issued_on = issued_on
    plan.register_entry = entry
    plan.save()
    return plan


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def issued_plan(plan, media_root):
    """The conftest plan, issued: task 1 led by unit A (unit B co-ordinates, due 30/09/2025), task 2
    led by unit B (continuous); rounds due before 03/09/2025 and 02/12/2025."""
    return issue(plan)


@pytest.fixture
def round1(issued_plan):
    return issued_plan.rounds.get(order=1)


@pytest.fixture
def round2(issued_plan):
    return issued_plan.rounds.get(order=2)


@pytest.fixture
def task1(issued_plan):
    return issued_plan.tasks.get(order=1)


@pytest.fixture
def task2(issued_plan):
    return issued_plan.tasks.get(order=2)


def reporter(org, unit, username):
    user = f.UserFactory(username=username)
    f.MembershipFactory(user=user, organization=org, role=Role.REPORTER, unit=unit)
    return user


# --- Files ---------------------------------------------------------------------------------------

# --- Driving the services -----------------------------------------------------------------------

def change(entry, **fields):
    values = {"status": entry.status, "done_text": entry.done_text, "difficulties": entry.difficulties,
              "proposals": entry.proposals, "included": entry.included}
    values.update(fields)
    return progress.EntryChange(entry_id=entry.pk, **values)


def save_draft(round_, unit, user, *, status="in_progress", done_text="Đã tổ chức tuyên truyền", overall="",
               include_parts=False) -> UnitReport:
    report = progress.unit_report_open(round=round_, unit=unit)
    changes = [change(entry, status=status, done_text=done_text, included=entry.is_lead or include_parts)
               for entry in report.entries.all()]
    return progress.unit_report_save(report=report, user=user, lock_version=report.lock_version,
                                     overall=overall, changes=changes)


def submit(round_, unit, user, **kwargs) -> UnitReport:
    report = save_draft(round_, unit, user, **kwargs)
    assert progress.unit_report_submit(report=report, user=user, lock_version=report.lock_version)
    report.refresh_from_db()
    return report
