"""Documents printed in the background after their life-cycle events (reports/documents/prerender.py):
one render per event, a draft once its edits pause, a download that waits instead of rendering twice,
a late render that cannot replace a newer printout, and a download that works with no worker."""

import pytest
from django.urls import reverse

from danvan.tests import factories as f
from plans import services as plan_services
from reports import jobs
from reports.documents import cache as document_cache_module
from reports.documents import pdf as pdf_module
from reports.documents import plan_context, registry
from reports.tests.factories_documents import builds, document_cache, queued  # noqa: F401  (fixtures)

pytestmark = pytest.mark.usefixtures("document_cache")


@pytest.fixture
def prerender_on(settings, plan):
    """Background renders on, from now: the fixtures' own saves (the plan, its tasks) queue nothing.

    (In a test everything happens in one transaction that never commits; what one service call
    queues is seen through django_capture_on_commit_callbacks.)"""
    settings.DOCUMENT_WAIT_SECONDS = 5
    return turn_on(settings)


def turn_on(settings):
    settings.DOCUMENT_PRERENDER = True


def pdf_url(plan) -> str:
    return reverse("reports:plan_pdf", args=[plan.pk])


def test_submitting_a_plan_prints_it_once_in_the_background_and_the_click_is_a_cache_hit(
        prerender_on, builds, login, editor, plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.plan_submit(plan=plan, user=editor)  # the service also saves the plan (an "edit")
    assert sorted(builds) == ["docx", "pdf"]  # one job, each format once (the worker is eager in tests)
    builds.clear()
    response = login(editor).get(pdf_url(plan))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert builds == []  # served from the cache
    assert login(editor).get(reverse("reports:plan_docx", args=[plan.pk])).status_code == 200
    assert builds == []


@pytest.mark.parametrize("event", ["submit", "approve", "return", "issue"])
def test_each_life_cycle_event_queues_exactly_one_render(queued, editor, approver, clerk, plan, event, settings,
                                                        django_capture_on_commit_callbacks):
    import datetime

    if event != "submit":
        plan_services.plan_submit(plan=plan, user=editor)
    if event == "issue":
        plan_services.plan_approve(plan=plan, user=approver)
    turn_on(settings)
    with django_capture_on_commit_callbacks(execute=True):
        if event == "submit":
            plan_services.plan_submit(plan=plan, user=editor)
        elif event == "approve":
            plan_services.plan_approve(plan=plan, user=approver)
        elif event == "return":
            plan_services.plan_return(plan=plan, user=approver, reason="Bổ sung nhiệm vụ")
        else:
            plan_services.plan_issue(plan=plan, user=clerk, issued_on=datetime.date(2025, 8, 20))
    assert [(args, countdown) for args, _kwargs, countdown in queued] == [(("plan", plan.pk), None)]


def test_a_change_rolled_back_queues_nothing(prerender_on, queued, editor, plan, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            plan_services.plan_submit(plan=plan, user=editor)
            raise RuntimeError
    assert queued == []


def test_a_draft_is_printed_once_its_edits_pause(queued, builds, editor, plan, settings,
                                                 django_capture_on_commit_callbacks):
    """Three saves of a section: three delayed jobs, but only the last prints; the others see that
    a later edit superseded them."""
    section = f.SectionFactory(plan=plan, order=1, heading="Mục đích, yêu cầu", body="Nội dung.")
    turn_on(settings)
    for n in range(3):
        section.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            plan_services.section_update(section=section, user=editor, heading="Mục đích, yêu cầu",
                                         body=f"Nội dung lần {n}.", expected_marker=plan_services.section_marker(section))
    assert len(queued) == 3
    assert {countdown for _args, _kwargs, countdown in queued} == {settings.DOCUMENT_DEBOUNCE_SECONDS}
    rendered = [jobs.render_document(*args, **kwargs) for args, kwargs, _countdown in queued]
    assert rendered == [[], [], ["pdf", "docx"]]
    assert sorted(builds) == ["docx", "pdf"]


def test_editing_an_issued_plan_part_queues_nothing(queued, editor, approver, clerk, plan, settings,
                                                    django_capture_on_commit_callbacks):
    """Only a draft's printout follows its edits (an issued plan prints its frozen snapshot)."""
    import datetime

    plan_services.plan_submit(plan=plan, user=editor)
    plan_services.plan_approve(plan=plan, user=approver)
    plan_services.plan_issue(plan=plan, user=clerk, issued_on=datetime.date(2025, 8, 20))
    draft = f.PlanFactory(organization=plan.organization, created_by=editor)
    turn_on(settings)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for each in (plan, draft):
            task = f.TaskFactory(plan=each, lead_unit=plan.tasks.first().lead_unit, order=9)
            task.output = "Báo cáo"
            task.save()
    assert len(callbacks) == 1  # one batch for the transaction…
    assert [args for args, _kwargs, _countdown in queued] == [("plan", draft.pk)]  # …printing only the draft


def test_a_stale_render_never_replaces_a_newer_one(prerender_on, queued, login, editor, plan):
    """A job that read the plan before an edit and finishes after it stores under the old content's
    key: the download prints the new text."""
    stale = plan_context(plan)  # what a slow job read
    plan.title = "Kế hoạch đã đổi tên sau khi bắt đầu in"
    plan.save()
    client = login(editor)
    newer = client.get(pdf_url(plan)).content
    assert registry.prerender(stale, ["pdf"]) == ["pdf"]  # the slow job finishes now
    assert client.get(pdf_url(plan)).content == newer
    assert newer != registry.render_document(stale, "pdf").content


def test_a_click_during_a_render_waits_for_it_instead_of_rendering_twice(prerender_on, builds, login, editor, plan,
                                                                         monkeypatch):
    key = document_cache_module.cache_key(plan_context(plan), "pdf")
    assert document_cache_module.claim(key)  # the worker started printing this content
    from_worker = b"%PDF-1.7 printed by the worker %%EOF"

    def worker_finishes(seconds):
        document_cache_module.store(key, from_worker)
        document_cache_module.release(key)

    monkeypatch.setattr(document_cache_module.time, "sleep", worker_finishes)
    assert login(editor).get(pdf_url(plan)).content == from_worker
    assert builds == []


def test_with_the_worker_down_the_click_still_renders(prerender_on, queued, builds, login, editor, plan,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.plan_submit(plan=plan, user=editor)
    assert len(queued) == 1  # queued, never run
    response = login(editor).get(pdf_url(plan))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert builds == ["pdf"]


def test_a_worker_that_died_while_printing_delays_the_click_but_does_not_fail_it(prerender_on, builds, login,
                                                                                 editor, plan, settings):
    settings.DOCUMENT_WAIT_SECONDS = 0.3
    document_cache_module.claim(document_cache_module.cache_key(plan_context(plan), "pdf"))  # never released
    response = login(editor).get(pdf_url(plan))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert builds == ["pdf"]


def test_no_broker_costs_a_warning_not_the_submission(prerender_on, monkeypatch, editor, plan, caplog,
                                                      django_capture_on_commit_callbacks):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("[Errno 111] Connection refused")

    monkeypatch.setattr(jobs.render_document, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.plan_submit(plan=plan, user=editor)
    plan.refresh_from_db()
    assert plan.status == "submitted"
    assert "Could not queue the render" in caplog.text


def test_editing_the_body_prints_only_the_body_again(login, editor, plan, monkeypatch):
    """The body and the phụ lục are cached apart: a changed section does not print the task table again."""
    written = []
    real = pdf_module._write

    def counting(html):
        written.append("appendix" if 'class="appendix"' in html else "body")
        return real(html)

    monkeypatch.setattr(pdf_module, "_write", counting)
    client = login(editor)
    first = client.get(pdf_url(plan)).content
    assert sorted(written) == ["appendix", "body"]
    written.clear()
    plan.intro = "Ủy ban nhân dân phường ban hành Kế hoạch, với lời mở đầu đã sửa."
    plan.save()
    second = client.get(pdf_url(plan)).content
    assert written == ["body"]
    assert second != first

    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(second)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "lời mở đầu đã sửa" in text and "PHỤ LỤC" in text.upper()


def test_a_job_that_keeps_failing_is_retried_then_shown_to_the_administrator(db, admin_client, monkeypatch):
    from django_celery_results.models import TaskResult

    from danvan.celery import app

    attempts = []
    real = registry.get_kind

    def failing(name):
        attempts.append(name)
        return real(name)

    monkeypatch.setattr("reports.documents.get_kind", failing)
    app.conf.task_store_eager_result = True  # what a worker does; eager results are not stored by default
    try:
        jobs.render_document.apply_async(args=("khong-co", 1))
    finally:
        app.conf.task_store_eager_result = False
    assert len(attempts) == 4  # the first try and 3 retries
    failed = TaskResult.objects.get(status="FAILURE")
    assert failed.task_name == "reports.render_document"
    page = admin_client.get(reverse("admin:django_celery_results_taskresult_changelist")).content.decode()
    assert "reports.render_document" in page and "FAILURE" in page
