"""Error pages speak Vietnamese and say what happened (Django's own are English, and its 403 drops
the reason the app gave)."""

from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


def test_not_found_page(client, viewer):
    client.force_login(viewer)
    response = client.get("/ke-hoach/987654321/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page and "Về trang chủ" in page and "Not Found" not in page


def test_refusal_page_gives_the_reason(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("plans:create"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Chỉ chuyên viên soạn thảo mới tạo được kế hoạch." in page and "Forbidden" not in page


def test_refusal_without_a_reason_says_so_in_vietnamese(client, viewer, plan):
    client.force_login(viewer)
    response = client.post(reverse("plans:submit", args=[plan.pk]))
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này." in response.content.decode()


def test_stale_form_page(viewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(viewer)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "trang đã cũ" in page and "chưa được lưu" in page and "CSRF" not in page


def test_server_error_page_needs_no_request_context(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Có lỗi trong hệ thống" in page and "Server Error" not in page
