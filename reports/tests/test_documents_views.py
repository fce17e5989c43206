"""Downloads of a plan (PDF, Word, .xlsx): who may, what they get, the command and the cache."""

import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.urls import reverse

from reports import documents
from reports.documents import fonts
from reports.documents import pdf as pdf_module
from reports.tests.factories_documents import document_cache, issue  # noqa: F401  (fixture)
from tasks.models import Task

pytestmark = pytest.mark.usefixtures("document_cache")

MIMES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def url(name: str, plan) -> str:
    return reverse(f"reports:{name}", args=[plan.pk])


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_editor_downloads_each_format(login, editor, plan, fmt):
    response = login(editor).get(url(f"plan_{fmt}", plan))
    assert response.status_code == 200
    assert response["Content-Type"] == MIMES[fmt]
    suffix = "-phu-luc" if fmt == "xlsx" else ""
    assert response["Content-Disposition"] == f'attachment; filename="du-thao-ke-hoach-{plan.pk}{suffix}.{fmt}"'
    magic = b"%PDF" if fmt == "pdf" else b"PK"
    assert response.content.startswith(magic)


def test_issued_plan_filename(login, editor, approver, clerk, plan):
    plan = issue(plan, editor=editor, approver=approver, clerk=clerk)
    response = login(clerk).get(url("plan_pdf", plan))
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-05-KH-UBND-2025.pdf"'


@pytest.mark.parametrize("persona", ["viewer", "reporter_a", "approver"])
def test_readers_may_download(request, login, plan, persona):
    user = request.getfixturevalue(persona)
    assert login(user).get(url("plan_docx", plan)).status_code == 200


def test_the_level_above_downloads_only_issued_plans(login, parent_user, editor, approver, clerk, plan):
    for name in ("plan_pdf", "plan_docx", "plan_xlsx"):
        assert login(parent_user).get(url(name, plan)).status_code == 404  # a draft
    plan = issue(plan, editor=editor, approver=approver, clerk=clerk)
    for name in ("plan_pdf", "plan_docx", "plan_xlsx"):
        assert login(parent_user).get(url(name, plan)).status_code == 200


def test_outsider_gets_404_and_anonymous_is_sent_to_sign_in(client, login, outsider, plan):
    for name in ("plan_pdf", "plan_docx", "plan_xlsx"):
        assert login(outsider).get(url(name, plan)).status_code == 404
    client.logout()
    response = client.get(url("plan_pdf", plan))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_post_is_refused(login, editor, plan):
    assert login(editor).post(url("plan_pdf", plan)).status_code == 405


def test_xlsx_of_a_plan_without_tasks_says_why(login, editor, plan):
    Task.objects.filter(plan=plan).delete()
    response = login(editor).get(url("plan_xlsx", plan))
    assert response.status_code == 404
    assert "Văn bản này không có bảng phụ lục để xuất ra Excel." in response.content.decode()


def test_missing_font_page(login, editor, plan, monkeypatch):
    fonts.print_font_files.cache_clear()
    monkeypatch.setattr(fonts, "_fc_match", lambda pattern: (["DejaVu Serif"], "/nonexistent.ttf"))
    try:
        response = login(editor).get(url("plan_pdf", plan))
    finally:
        fonts.print_font_files.cache_clear()
    assert response.status_code == 503
    assert "Không tìm thấy phông Times New Roman hoặc Liberation Serif (cài gói fonts-liberation2)" in (
        response.content.decode())


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_command_writes_the_bytes_the_site_serves(login, editor, plan, tmp_path, fmt):
    served = login(editor).get(url(f"plan_{fmt}", plan)).content
    target = tmp_path / f"out.{fmt}"
    call_command("print_document", "plan", str(plan.pk), "--format", fmt, "-o", str(target))
    assert target.read_bytes() == served


def test_command_errors_are_vietnamese(plan, tmp_path):
    with pytest.raises(CommandError, match="Không có loại văn bản “baocao”"):
        call_command("print_document", "baocao", str(plan.pk), "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="Không tìm thấy kế hoạch có mã “999999”"):
        call_command("print_document", "plan", "999999", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="Không tìm thấy kế hoạch có mã “abc”"):
        call_command("print_document", "plan", "abc", "-o", str(tmp_path / "x.pdf"))


def test_second_download_comes_from_the_cache_and_a_change_prints_anew(login, editor, plan, monkeypatch):
    calls = []
    real = pdf_module.render_pdf

    def counting(document, **kwargs):
        calls.append(document.title)
        return real(document, **kwargs)

    monkeypatch.setattr(pdf_module, "render_pdf", counting)
    client = login(editor)
    first = client.get(url("plan_pdf", plan)).content
    second = client.get(url("plan_pdf", plan)).content
    assert second == first
    assert len(calls) == 1  # WeasyPrint ran once

    task = plan.tasks.first()
    task.content = "Nội dung nhiệm vụ đã sửa"
    task.save()
    third = client.get(url("plan_pdf", plan)).content
    assert len(calls) == 2 and third != first


def test_any_part_of_the_plan_changes_the_cache_key(plan):
    from danvan.tests import factories as f
    from reports.documents.cache import cache_key

    def key():
        plan.refresh_from_db()
        return cache_key(documents.plan_context(plan), "pdf")

    keys = [key()]
    section = f.SectionFactory(plan=plan, heading="Tổ chức thực hiện", body="Các phòng thực hiện.")
    keys.append(key())
    section.body = "Các phòng, đơn vị thực hiện."
    section.save()
    keys.append(key())
    f.CitationFactory(plan=plan, role="basis")
    keys.append(key())
    task = plan.tasks.first()
    task.coordinating_units.clear()
    keys.append(key())
    plan.recipients = "Thường trực HĐND;\nLưu: VT."
    plan.save()
    keys.append(key())
    assert len(set(keys)) == len(keys)
    assert key() == keys[-1]  # nothing changed: same key


def test_plan_page_buttons(plan):
    html = render_to_string("reports/_plan_documents.html", {"plan": plan})
    assert f'href="{url("plan_pdf", plan)}">In kế hoạch</a>' in html
    assert f'href="{url("plan_docx", plan)}">Tải Word</a>' in html
    assert f'href="{url("plan_xlsx", plan)}">Tải bảng nhiệm vụ (.xlsx)</a>' in html
    assert "DỰ THẢO" in html


def test_plan_page_links_to_the_downloads(login, viewer, plan):
    page = login(viewer).get(plan.get_absolute_url()).content.decode()
    for name, label in (("plan_pdf", "In kế hoạch"), ("plan_docx", "Tải Word"),
                        ("plan_xlsx", "Tải bảng nhiệm vụ (.xlsx)")):
        assert f'href="{url(name, plan)}">{label}</a>' in page
