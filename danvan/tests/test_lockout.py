"""Issue 12, item 2: a sign-in lock that an attacker cannot turn against the administrator.

Failures lock the pair (username, client address), and a looser limit locks an address trying many
names; nobody else is locked out. Failing again during a lock does not make it longer. Behind the
site's own proxies the client address is read from X-Forwarded-For, and only through them. The
locked page says the wait in words ("15 phút").
"""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from danvan.lockout import client_ip, wait_words
from danvan.tests.factories import PASSWORD, UserFactory

SIGN_IN = "/dang-nhap/"
START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


def attempt(username, password="sai-mat-khau", address="198.51.100.7", **headers):
    return Client(REMOTE_ADDR=address, **headers).post(SIGN_IN, {"username": username, "password": password})


def signs_in(response) -> bool:
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def test_failures_from_one_address_do_not_lock_the_account_elsewhere(admin_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("admin", address="203.0.113.66")
    locked = attempt("admin", PASSWORD, address="203.0.113.66")
    assert locked.status_code == 429
    assert signs_in(attempt("admin", PASSWORD, address="198.51.100.7"))


def test_failing_during_the_lock_does_not_extend_it(admin_user):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt("admin")
        for minutes in (5, 10, 14):  # the attacker keeps trying while locked
            clock.move_to(START + datetime.timedelta(minutes=minutes))
            assert attempt("admin").status_code == 429
        clock.move_to(START + datetime.timedelta(minutes=settings.AXES_COOLOFF_MINUTES, seconds=1))
        assert signs_in(attempt("admin", PASSWORD))


def test_an_address_trying_many_names_is_locked_by_the_looser_limit(admin_user):
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        assert attempt(f"nguoi-dung-{n}", address="203.0.113.9").status_code == 200  # each name fails once
    assert attempt("nguoi-dung-cuoi", address="203.0.113.9").status_code == 429
    assert attempt("admin", PASSWORD, address="203.0.113.9").status_code == 429
    assert signs_in(attempt("admin", PASSWORD, address="203.0.113.10"))
    assert settings.AXES_ADDRESS_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(admin_user, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("admin", address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert attempt("admin", PASSWORD, address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66").status_code == 429
    assert signs_in(attempt("admin", PASSWORD, address="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7"))


def test_a_forwarded_for_header_from_elsewhere_is_not_believed(admin_user, settings):
    """A client that talks to the site directly cannot pick its address by sending the header."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt("admin", address="203.0.113.66", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert attempt("admin", PASSWORD, address="203.0.113.66", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429


@pytest.mark.parametrize("remote, forwarded, trusted, client", [
    ("203.0.113.5", "", [], "203.0.113.5"),
    ("10.0.0.2", "203.0.113.5", [], "10.0.0.2"),  # no proxy configured: the header is ignored
    ("10.0.0.2", "203.0.113.5", ["10.0.0.0/24"], "203.0.113.5"),
    ("10.0.0.2", "1.1.1.1, 203.0.113.5", ["10.0.0.0/24"], "203.0.113.5"),  # the left part is the client's own claim
    ("10.0.0.2", "203.0.113.5, 10.0.0.7", ["10.0.0.0/24"], "203.0.113.5"),  # two proxies of ours
    ("10.0.0.2", "not-an-address", ["10.0.0.0/24"], "10.0.0.2"),
    ("203.0.113.5", "198.51.100.1", ["10.0.0.0/24"], "203.0.113.5"),
])
def test_client_address(rf, settings, remote, forwarded, trusted, client):
    settings.TRUSTED_PROXIES = trusted
    request = rf.get("/", REMOTE_ADDR=remote, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}))
    assert client_ip(request) == client


def test_the_locked_page_says_the_wait_in_words(admin_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt("admin")
    page = response.content.decode()
    assert response.status_code == 429 and "15 phút" in page and "PT15M" not in page


@pytest.mark.parametrize("minutes, words", [(15, "15 phút"), (1, "1 phút"), (60, "1 giờ"), (90, "1 giờ 30 phút"),
                                            (0.2, "1 phút"), (60 * 24, "24 giờ")])
def test_wait_words(minutes, words):
    assert wait_words(datetime.timedelta(minutes=minutes)) == words


def test_the_unlock_command_in_the_readme_unlocks(admin_user):
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert "manage.py axes_reset_username" in readme
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("admin")
    call_command("axes_reset_username", "admin", verbosity=0)
    assert signs_in(attempt("admin", PASSWORD))
