"""The demo leaves work waiting for each of its accounts: every demo home shows its “Việc cần làm”
at first sign-in, each item one click from where it is handled."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from reports.inbox import inbox

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 8, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

# account -> the groups that must hold something for it
WAITING = {
    "pheduyet": {"approve"},
    "vanthu": {"issue", "scan"},
    "bientap": {"review", "compile"},
    "baocao_vhxh": {"due"},
    "baocao_ttsn": {"returned_reports"},
    "admin": {"unstaffed"},
    "tanluong": {"compile"},
}


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


@pytest.mark.parametrize("username, keys", WAITING.items())
def test_each_demo_account_has_work_waiting(client, demo, username, keys):
    user = get_user_model().objects.get(username=username)
    with time_machine.travel(NOW, tick=False):
        groups = {group.key: group for group in inbox(user)}
        for key in keys:
            assert groups[key].total >= 1, (username, key)
            assert groups[key].items[0].url
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        for key in keys:
            assert f'id="inbox-{key}"' in page
            item = groups[key].items[0]
            assert client.get(item.url).status_code == 200, (username, item.url)
