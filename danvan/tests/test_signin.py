"""Repeated failed sign-ins lock the account for a while, on the site and in the admin."""

import pytest
from django.conf import settings

from danvan.tests.factories import PASSWORD


def fail(client, url, username, times):
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "sai-mat-khau"})
    return response


@pytest.mark.parametrize("url", ["/dang-nhap/", "/quan-tri/login/"])
def test_account_locked_after_repeated_failures(client, editor, url):
    response = fail(client, url, editor.username, settings.AXES_FAILURE_LIMIT)
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(url, {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_few_failures_then_success_signs_in(client, editor):
    fail(client, "/dang-nhap/", editor.username, settings.AXES_FAILURE_LIMIT - 1)
    response = client.post("/dang-nhap/", {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_wrong_password_message_is_vietnamese(client, editor):
    response = client.post("/dang-nhap/", {"username": editor.username, "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_session_expires_after_inactivity():
    assert settings.SESSION_COOKIE_AGE <= 60 * 60 * 8
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
