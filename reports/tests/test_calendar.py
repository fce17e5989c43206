"""The private iCalendar feed of report deadlines, and its revocable token."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from danvan.models import CalendarToken
from danvan.tests import factories as f
from reports.tests.factories_progress import issue, issued_plan, media_root  # noqa: F401


def create_token(client) -> str:
    response = client.post(reverse("reports:calendar_token_reset"))
    assert response.status_code == 302
    return CalendarToken.objects.get(user=response.wsgi_request.user).token


def events(client, token):
    response = client.get(reverse("reports:calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return [c for c in Calendar.from_ical(response.content).walk() if c.name == "VEVENT"]


def test_reporter_feed_has_the_units_deadlines(issued_plan, reporter_a, login, client, settings):
    settings.SITE_URL = "https://danvan.example.vn"
    token = create_token(login(reporter_a))
    client.logout()  # calendar apps fetch without a session
    found = events(client, token)
    assert [(e.decoded("dtstart"), str(e["summary"])) for e in found] == [
        (datetime.date(2025, 9, 2), "Hạn báo cáo: Báo cáo lần 1 – Phòng Văn hóa - Xã hội"),
        (datetime.date(2025, 12, 1), "Hạn báo cáo: Báo cáo lần 2 – Phòng Văn hóa - Xã hội"),
    ]
    first = found[0]
    assert first.decoded("dtend") == datetime.date(2025, 9, 3)
    assert "trước ngày 03/09/2025" in str(first["description"])
    assert "12/KH-UBND" in str(first["description"])
    assert str(first["url"]).startswith("https://danvan.example.vn/bao-cao/don-vi/dot/")


def test_inclusive_deadline_moves_the_event(issued_plan, reporter_a, login, client, settings):
    settings.REPORT_DEADLINE_EXCLUSIVE = False
    token = create_token(login(reporter_a))
    assert events(client, token)[0].decoded("dtstart") == datetime.date(2025, 9, 3)


def test_editor_feed_has_the_organizations_rounds(issued_plan, editor, outsider, login, client):
    token = create_token(login(editor))
    assert [str(e["summary"]) for e in events(client, token)] == [
        "Hạn báo cáo: Báo cáo lần 1", "Hạn báo cáo: Báo cáo lần 2"]
    outsider_token = create_token(login(outsider))
    assert events(client, outsider_token) == []


def test_unissued_plans_are_not_in_the_feed(plan, reporter_a, login, client):
    token = create_token(login(reporter_a))
    assert events(client, token) == []


def test_regenerate_and_revoke(issued_plan, reporter_a, login, client):
    signed_in = login(reporter_a)
    old = create_token(signed_in)
    page = signed_in.get(reverse("reports:calendar_settings")).content.decode()
    assert f"/bao-cao/lich/{old}.ics" in page
    new = create_token(signed_in)
    assert new != old
    client.logout()
    assert client.get(reverse("reports:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("reports:calendar_feed", args=[new])).status_code == 200
    signed_in.force_login(reporter_a)
    assert signed_in.post(reverse("reports:calendar_token_revoke")).status_code == 302
    client.logout()
    assert client.get(reverse("reports:calendar_feed", args=[new])).status_code == 404
    assert not CalendarToken.objects.exists()


@pytest.mark.parametrize("token", ["khong-ton-tai", "x" * 200])
def test_unknown_token_is_404(token, client, db):
    assert client.get(f"/bao-cao/lich/{token}.ics").status_code == 404


def test_inactive_users_feed_is_404(issued_plan, reporter_a, login, client):
    token = create_token(login(reporter_a))
    reporter_a.is_active = False
    reporter_a.save()
    client.logout()
    assert client.get(reverse("reports:calendar_feed", args=[token])).status_code == 404


def test_token_is_long_and_random(reporter_a, viewer, login):
    first = create_token(login(reporter_a))
    second = create_token(login(viewer))
    assert len(first) >= 40 and first != second


def test_feed_lists_each_plan_once(org, unit_a, reporter_a, login, client, media_root):
    other = issue(f.PlanFactory(organization=org, title="Kế hoạch khác"), number=20)
    for index in range(3):
        f.TaskFactory(plan=other, lead_unit=unit_a, order=index)
    f.RoundFactory(plan=other, name="Sơ kết", deadline=datetime.date(2025, 10, 1))
    token = create_token(login(reporter_a))
    assert [str(e["summary"]) for e in events(client, token)] == ["Hạn báo cáo: Sơ kết – Phòng Văn hóa - Xã hội"]
