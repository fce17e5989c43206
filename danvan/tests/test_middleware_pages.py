"""What a user meets at the edges: an htmx save after the session expired, a form's address opened
by hand, a calendar app checking the feed with HEAD."""

from django.urls import reverse

HX = {"HTTP_HX_REQUEST": "true"}


def test_htmx_save_after_the_session_expired_is_refused_with_the_reason(client, plan):
    """Not the sign-in page swapped into a table row: a 401 with words, and htmx swaps nothing."""
    response = client.post(reverse("plans:section_add", args=[plan.pk]), {"heading": "MỤC MỚI"}, **HX)
    assert response.status_code == 401 and response["Content-Type"].startswith("text/plain")
    assert "Phiên đăng nhập đã hết hạn" in response.content.decode()
    assert plan.sections.filter(heading="MỤC MỚI").count() == 0
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 302  # a page still goes to sign-in


def test_a_forms_address_opened_by_hand_says_what_it_is(client, editor, plan):
    client.force_login(editor)
    response = client.get(reverse("plans:submit", args=[plan.pk]))
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "Địa chỉ này chỉ dùng để gửi biểu mẫu" in response.content.decode()


def test_calendar_feed_answers_head(client, editor):
    from danvan.models import CalendarToken

    token = CalendarToken.objects.create(user=editor, token="h" * 43)
    url = reverse("reports:calendar_feed", args=[token.token])
    assert client.get(url).status_code == 200
    assert client.head(url).status_code == 200
