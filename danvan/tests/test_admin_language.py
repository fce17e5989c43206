"""Issue 12, item 9: people are named by their names, and the admin speaks Vietnamese throughout.

Every page of the admin (index, each list, add and change form, history, import and export) is
read as a superuser would see it; none may show the English labels the walk found.
"""

import html
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse

from danvan.tests.world import media, world  # noqa: F401

ENGLISH = ["Model name", "Add link", "Change or view list link", "Skip to main content", "Toggle theme",
           "Show counts", "Axes", "Access attempts", "Access logs", "Access failures", "access attempt",
           "Can add", "Can change", "Can delete", "Can view", "historical", "Sessions", "Attempt Time",
           "IP Address", "User Agent", "Logout Time", "Locked Out", "Meta Data", "Password-based",
           "Raw passwords", "After you’ve created a user", "Reset password", "Enabled", "Disabled"]


def visible_text(content: bytes) -> str:
    text = re.sub(r"(?s)<script.*?</script>|<style.*?</style>|<[^>]+>", " ", content.decode())
    return " ".join(html.unescape(text).split())


def admin_pages() -> list[str]:
    urls = [reverse("admin:index"), reverse("admin:app_list", args=["auth"]), reverse("admin:app_list", args=["axes"])]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        obj = model._default_manager.order_by("pk").first()
        for name, args in (("add", []), ("import", []), ("export", []),
                           ("change", [obj.pk] if obj else None), ("history", [obj.pk] if obj else None)):
            if args is None:
                continue
            try:
                urls.append(reverse("admin:{}_{}_{}".format(*info, name), args=args))
            except NoReverseMatch:
                continue
    return urls


def test_the_admin_has_no_english_labels(world, admin_client, client):
    client.post("/dang-nhap/", {"username": "khong-co", "password": "sai"})  # an access failure to list
    found = {}
    for url in admin_pages():
        response = admin_client.get(url)
        if response.status_code != 200:
            continue
        text = visible_text(response.content)
        for phrase in ENGLISH:
            if re.search(rf"(?<![\w]){re.escape(phrase)}(?![\w])", text):
                found.setdefault(phrase, url)
    assert not found, found


def test_permissions_are_named_in_vietnamese(db):
    names = set(Permission.objects.values_list("name", flat=True))
    assert "Thêm kế hoạch" in names and "Xem lịch sử kế hoạch" in names
    assert not [name for name in names if name.startswith("Can ")]


def test_the_admin_history_names_people(world, admin_client, approver, client):
    approver.first_name, approver.last_name = "Phạm Văn", "Diện"
    approver.save()
    client.force_login(approver)
    assert client.post(reverse("plans:approve", args=[world.submitted.pk])).status_code == 302
    page = visible_text(admin_client.get(reverse("admin:plans_plan_history", args=[world.submitted.pk])).content)
    assert "Phạm Văn Diện" in page  # who did it, and who approved (the changed field)
    assert "Người phê duyệt: (trống) → Phạm Văn Diện" in page
    assert "Trạng thái: Chờ phê duyệt → Đã phê duyệt, chờ cấp số" in page and "None" not in page
    assert not re.search(r"(?<![\w-])approver(?![\w-])", page)


@pytest.mark.parametrize("who, shown", [(("Phạm Văn", "Diện", "pheduyet"), "Phạm Văn Diện"),
                                        (("", "", "pheduyet"), "pheduyet"), (None, "(hệ thống)")])
def test_person_name(who, shown, django_user_model, db):
    from danvan.models import person_name

    user = django_user_model(first_name=who[0], last_name=who[1], username=who[2]) if who else None
    assert person_name(user) == shown
