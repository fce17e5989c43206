"""Nothing is lost (issue 7): every change is in the history with who and when; a plan that units
reported on cannot be deleted (archive it instead); a draft nobody reported on can be deleted by
its editor, and the history keeps the deletion.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from danvan.tests.world import World, local, media, report_form_data, world  # noqa: F401
from plans import archive
from plans.models import Citation, Plan, PlanSection, PlanStatus
from plans.services import section_marker
from reports import progress
from reports.models import RollupReport, UnitReport, UnitReportEntry
from tasks.models import ReportingRound, Task
from tasks.services import task_fingerprint

NOW = local(2025, 12, 20, 10)


# --- History: who and when, for every change made through the site ------------------------------

def header(w: World) -> dict:
    p = w.draft
    return {"title": "Tiêu đề đã sửa", "year": p.year, "period_label": p.period_label,
            "period_start": p.period_start.isoformat(), "period_end": p.period_end.isoformat(),
            "intro": p.intro, "closing": "", "appendix_title": p.appendix_title, "version": p.version}


def rollup_text(w: World) -> dict:
    r = w.rollup
    return {"title": "Báo cáo đã sửa", "period_label": r.period_label, "intro": r.intro,
            "results_text": r.results_text, "assessment_text": "", "proposals_text": "",
            "direction_text": "Tiếp tục", "recipients": r.recipients, "signer_authority": r.signer_authority,
            "signer_title": r.signer_title, "signer_deputy_title": "", "signer_name": r.signer_name,
            "version": r.version}


# (what, persona, url, data, the history records of the changed row, expected history type)
CHANGES = [
    ("plan header", "editor", lambda w: reverse("plans:edit", args=[w.draft.pk]), header,
     lambda w: Plan.history.filter(id=w.draft.pk), "~"),
    ("plan created", "editor", lambda w: reverse("plans:create"), lambda w: {**header(w), "shape": "content"},
     lambda w: Plan.history.filter(title="Tiêu đề đã sửa"), "+"),
    ("plan submitted", "editor", lambda w: reverse("plans:submit", args=[w.draft.pk]), lambda w: {},
     lambda w: Plan.history.filter(id=w.draft.pk), "~"),
    ("plan approved", "approver", lambda w: reverse("plans:approve", args=[w.submitted.pk]), lambda w: {},
     lambda w: Plan.history.filter(id=w.submitted.pk), "~"),
    ("plan issued", "clerk", lambda w: reverse("plans:issue", args=[w.approved.pk]),
     lambda w: {"number": 77, "issued_on": "2025-12-20"}, lambda w: Plan.history.filter(id=w.approved.pk), "~"),
    ("section", "editor", lambda w: reverse("plans:section_update", args=[w.section.pk]),
     lambda w: {"heading": "MỤC ĐÍCH", "body": "1. Mục đích", "marker": section_marker(w.section)},
     lambda w: PlanSection.history.filter(id=w.section.pk), "~"),
    ("section deleted", "editor", lambda w: reverse("plans:section_delete", args=[w.section.pk]), lambda w: {},
     lambda w: PlanSection.history.filter(id=w.section.pk), "-"),
    ("citation", "editor", lambda w: reverse("plans:citation_role", args=[w.citation.pk]),
     lambda w: {"role": "carry_out"}, lambda w: Citation.history.filter(id=w.citation.pk), "~"),
    ("task", "editor", lambda w: reverse("tasks:task_update", args=[w.task.pk]),
     lambda w: {"content": "Nội dung đã sửa", "lead_unit": w.unit_a.pk, "due_kind": "date", "due": "30/10/2025",
                "output": "", "fingerprint": task_fingerprint(w.task)},
     lambda w: Task.history.filter(id=w.task.pk), "~"),
    ("task deleted", "editor", lambda w: reverse("tasks:task_delete", args=[w.task.pk]), lambda w: {},
     lambda w: Task.history.filter(id=w.task.pk), "-"),
    ("task extended", "editor", lambda w: reverse("tasks:task_extend", args=[w.issued.tasks.get(order=1).pk]),
     lambda w: {"extended_due_date": "31/12/2025", "extension_reason": "Chờ kinh phí"},
     lambda w: Task.history.filter(id=w.issued.tasks.get(order=1).pk), "~"),
    ("round", "editor", lambda w: reverse("tasks:round_update", args=[w.draft_round.pk]),
     lambda w: {"name": "Báo cáo quý", "deadline": "03/10/2025"},
     lambda w: ReportingRound.history.filter(id=w.draft_round.pk), "~"),
    ("unit report", "reporter_a",
     lambda w: reverse("reports:unit_report_edit", args=[w.round2.pk, w.unit_a.pk]),
     lambda w: report_form_data(w.open_report_a), lambda w: UnitReport.history.filter(id=w.open_report_a.pk), "~"),
    ("unit report entry", "reporter_a",
     lambda w: reverse("reports:unit_report_edit", args=[w.round2.pk, w.unit_a.pk]),
     lambda w: report_form_data(w.open_report_a),
     lambda w: UnitReportEntry.history.filter(report_id=w.open_report_a.pk), "~"),
    ("unit report returned", "editor", lambda w: reverse("reports:unit_report_return", args=[w.report_a.pk]),
     lambda w: {"version": w.report_a.version, "reason": "Bổ sung số liệu"},
     lambda w: UnitReport.history.filter(id=w.report_a.pk), "~"),
    ("roll-up", "editor", lambda w: reverse("reports:rollup_edit", args=[w.rollup.pk]), rollup_text,
     lambda w: RollupReport.history.filter(id=w.rollup.pk), "~"),
    ("roll-up approved", "approver", lambda w: reverse("reports:rollup_approve", args=[w.submitted_rollup.pk]),
     lambda w: {}, lambda w: RollupReport.history.filter(id=w.submitted_rollup.pk), "~"),
]


@pytest.mark.parametrize("what, persona, url, data, records, kind", CHANGES, ids=[c[0] for c in CHANGES])
def test_every_change_through_the_site_is_in_the_history(what, persona, url, data, records, kind, world, login):
    user = world.users[persona]
    before = set(records(world).values_list("history_id", flat=True))
    with time_machine.travel(NOW, tick=False):
        response = login(user).post(url(world), data(world))
    assert response.status_code in (302, 204, 200), response.status_code
    new = records(world).exclude(history_id__in=before).order_by("history_date")
    assert new.exists(), f"{what}: the change left no history"
    assert {record.history_user_id for record in new} == {user.pk}, f"{what}: not recorded as {persona}"
    assert {record.history_date for record in new} == {NOW}
    assert kind in {record.history_type for record in new}


def test_the_history_page_says_who_changed_what(world, login):
    editor = world.users["editor"]
    with time_machine.travel(NOW, tick=False):
        login(editor).post(reverse("plans:edit", args=[world.draft.pk]), header(world))
    page = login(world.users["viewer"]).get(reverse("plans:history", args=[world.draft.pk])).content.decode()
    assert "Tiêu đề đã sửa" in page and (editor.get_full_name() or editor.username) in page
    assert "10:00 20/12/2025" in page


# --- Deleting and archiving ----------------------------------------------------------------------

def test_the_database_protects_a_plan_that_units_reported_on(world):
    with pytest.raises(ProtectedError):
        Plan.objects.filter(pk=world.issued.pk).delete()
    assert UnitReport.objects.filter(round__plan=world.issued).count() == 3


def test_the_admin_refuses_to_delete_a_plan_with_reports(world, login, superuser):
    client = login(superuser)
    url = reverse("admin:plans_plan_delete", args=[world.issued.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Không thể xóa kế hoạch" in text and "các đối tượng được bảo vệ sau đây" in text
    assert "Báo cáo của đơn vị: Báo cáo của Phòng Văn hóa - Xã hội" in text  # the protected rows are listed
    assert 'name="post"' not in html  # no confirmation button
    response = client.post(url, {"post": "yes"})
    assert response.status_code in (200, 403)
    assert Plan.objects.filter(pk=world.issued.pk).exists()


def test_the_service_refuses_with_a_message_and_offers_archive(world):
    with pytest.raises(ValidationError) as refused:
        archive.plan_delete(plan=world.issued, user=world.users["editor"])
    assert refused.value.messages == ["Kế hoạch đã có báo cáo, không thể xóa; hãy lưu trữ (kết thúc) kế hoạch."]
    assert Plan.objects.filter(pk=world.issued.pk, status=PlanStatus.ISSUED).exists()
    closed = archive.plan_archive(plan=world.issued, user=world.users["editor"])
    assert closed.status == PlanStatus.CLOSED
    assert Plan.objects.get(pk=world.issued.pk).status == PlanStatus.CLOSED
    assert Plan.history.filter(id=world.issued.pk).first().history_user == world.users["editor"]


def test_the_delete_page_refuses_and_offers_archive(world, login):
    client = login(world.users["editor"])
    url = reverse("plans:delete", args=[world.issued.pk])
    page = client.get(url).content.decode()
    assert "Kế hoạch đã có báo cáo, không thể xóa; hãy lưu trữ (kết thúc) kế hoạch." in page
    assert reverse("plans:archive", args=[world.issued.pk]) in page
    assert 'class="btn danger"' not in page  # no delete button
    response = client.post(url)
    assert response.status_code == 409
    assert "Kế hoạch đã có báo cáo, không thể xóa" in response.content.decode()
    assert Plan.objects.filter(pk=world.issued.pk).exists()

    response = client.post(reverse("plans:archive", args=[world.issued.pk]), follow=True)
    assert "Đã lưu trữ (kết thúc) kế hoạch" in response.content.decode()
    plan = Plan.objects.get(pk=world.issued.pk)
    assert plan.status == PlanStatus.CLOSED and plan.number == world.issued.number  # the number stays
    assert UnitReport.objects.filter(round__plan=plan).count() == 3  # and every report


def test_a_closed_plan_stays_readable_and_takes_no_new_report(world, login):
    closed = archive.plan_archive(plan=world.issued, user=world.users["editor"])
    viewer = login(world.users["viewer"])
    assert viewer.get(closed.get_absolute_url()).status_code == 200
    assert viewer.get(reverse("plans:history", args=[closed.pk])).status_code == 200
    assert viewer.get(reverse("reports:unit_report_detail", args=[world.report_a.pk])).status_code == 200
    with pytest.raises(progress.ProgressError):
        progress.unit_report_open(round=ReportingRound.objects.get(pk=world.round2.pk), unit=world.unit_b)
    with pytest.raises(ValidationError) as again:
        archive.plan_archive(plan=closed, user=world.users["editor"])
    assert "đã được lưu trữ" in " ".join(again.value.messages)


@pytest.mark.parametrize("state, message", [
    ("draft", "Chỉ kế hoạch đã ban hành mới lưu trữ (kết thúc) được"),
    ("submitted", "Chỉ kế hoạch đã ban hành mới lưu trữ (kết thúc) được"),
])
def test_only_an_issued_plan_is_archived(state, message, world):
    with pytest.raises(ValidationError) as refused:
        archive.plan_archive(plan=getattr(world, state), user=world.users["editor"])
    assert message in " ".join(refused.value.messages)
    assert Plan.objects.get(pk=getattr(world, state).pk).status == state


def test_an_issued_plan_without_reports_is_not_deleted_either(world):
    bare = archive.plan_delete_refusal(Plan.objects.get(pk=world.approved.pk))
    assert "Chỉ xóa được dự thảo" in bare
    from plans import services

    issued = services.plan_issue(plan=world.approved, user=world.users["clerk"], issued_on=datetime.date(2025, 9, 1))
    with pytest.raises(ValidationError) as refused:
        archive.plan_delete(plan=issued, user=world.users["editor"])
    assert refused.value.messages == ["Kế hoạch đã ban hành, không thể xóa; hãy lưu trữ (kết thúc) kế hoạch."]


def test_a_draft_without_reports_is_deleted_by_its_editor(world, login):
    draft = world.draft
    client = login(world.users["editor"])
    page = client.get(reverse("plans:delete", args=[draft.pk])).content.decode()
    assert "Xóa dự thảo này sẽ xóa cả 1 mục, 1 trích dẫn" in " ".join(page.split())
    assert login(world.users["viewer"]).post(reverse("plans:delete", args=[draft.pk])).status_code == 403
    assert login(world.users["outsider"]).post(reverse("plans:delete", args=[draft.pk])).status_code == 404
    task_ids = list(draft.tasks.values_list("pk", flat=True))
    with time_machine.travel(NOW, tick=False):
        response = login(world.users["editor"]).post(reverse("plans:delete", args=[draft.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("plans:list")
    assert "Đã xóa dự thảo kế hoạch" in response.content.decode()
    assert not Plan.objects.filter(pk=draft.pk).exists()
    assert not Task.objects.filter(pk__in=task_ids).exists()
    # The deletion itself is in the history: who, when, and the rows that went with it.
    deleted = Plan.history.get(id=draft.pk, history_type="-")
    assert deleted.history_user == world.users["editor"] and deleted.history_date == NOW
    assert deleted.title == draft.title
    assert Task.history.filter(id__in=task_ids, history_type="-").count() == len(task_ids)
    assert PlanSection.history.filter(plan_id=draft.pk, history_type="-").exists()


def test_the_last_history_entry_of_a_deleted_plan_keeps_its_content(world):
    archive.plan_delete(plan=world.draft, user=world.users["editor"])
    last = Plan.history.filter(id=world.draft.pk).order_by("-history_date").first()
    assert last.history_type == "-" and last.title == world.draft.title and last.intro == world.draft.intro


def test_a_delete_racing_a_new_report_is_refused(world, monkeypatch):
    """If a report arrives between the check and the delete, the database still refuses."""
    monkeypatch.setattr(archive, "plan_delete_refusal", lambda plan: "")
    with pytest.raises(ValidationError) as refused:
        archive.plan_delete(plan=world.issued, user=world.users["editor"])
    assert refused.value.messages == [archive.HAS_REPORTS]
    assert Plan.objects.filter(pk=world.issued.pk).exists()
    assert Task.objects.filter(plan=world.issued).count() == 2  # the delete rolled back whole


@pytest.mark.browser
def test_in_the_browser_a_plan_with_reports_is_archived_and_a_draft_deleted(page, live_server, browser_login,
                                                                            screenshot_dir, world):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    browser_login(page, world.users["editor"])
    page.goto(f"{live_server.url}{reverse('plans:delete', args=[world.issued.pk])}")
    refused = page.locator("#delete-refused")
    assert refused.inner_text() == "Kế hoạch đã có báo cáo, không thể xóa; hãy lưu trữ (kết thúc) kế hoạch."
    page.screenshot(path=screenshot_dir / "7-plan-delete-refused.png", full_page=True)
    page.get_by_role("button", name="Lưu trữ (kết thúc) kế hoạch").click()
    page.wait_for_url(f"{live_server.url}{world.issued.get_absolute_url()}")
    assert "Đã lưu trữ (kết thúc) kế hoạch" in page.content()
    assert Plan.objects.get(pk=world.issued.pk).status == PlanStatus.CLOSED
    page.screenshot(path=screenshot_dir / "7-plan-archived.png", full_page=True)

    page.goto(f"{live_server.url}{reverse('plans:delete', args=[world.draft.pk])}")
    page.get_by_role("button", name="Xóa dự thảo").click()
    page.wait_for_url(f"{live_server.url}{reverse('plans:list')}")
    assert "Đã xóa dự thảo kế hoạch" in page.content()
    assert not Plan.objects.filter(pk=world.draft.pk).exists()
    assert not errors, errors  # no script error, no Content-Security-Policy violation
