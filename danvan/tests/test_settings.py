"""Production settings: `check --deploy` is clean, and a missing secret or host refuses to start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "9f3Qz!x#Lm2$Vb7&Rt5^Wn8*Pq4@Hs6%Jd1" + "z" * 20


def manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    full_env.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_reports_nothing_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    DEBUG="0", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="danvan.example.vn")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {"DEBUG": "0", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "danvan.example.vn"}
    env.pop(missing)
    result = manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} is required" in result.stderr


def test_bad_boolean_fails_loudly():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr



def test_reminder_mail_goes_to_the_configured_smtp_server():
    env = {"EMAIL_HOST": "smtp.example.vn", "EMAIL_PORT": "587", "EMAIL_HOST_USER": "nhac-han",
           "EMAIL_HOST_PASSWORD": "bí mật", "EMAIL_USE_TLS": "1"}
    result = manage("shell", "-c", "from django.conf import settings as s; "
                    "print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS)",
                    **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "smtp.example.vn 587 nhac-han bí mật True"


CLICKS = """
import threading, time
from django.db import connection, transaction
with connection.cursor() as c:
    c.execute("CREATE TABLE clicks (n integer)")
errors = []
def click():  # what a save does: read, then write, in one transaction
    try:
        with transaction.atomic():
            with connection.cursor() as c:
                c.execute("SELECT count(*) FROM clicks")
                time.sleep(0.3)
                c.execute("INSERT INTO clicks VALUES (1)")
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()
threads = [threading.Thread(target=click) for _ in range(3)]
[t.start() for t in threads]
[t.join() for t in threads]
with connection.cursor() as c:
    c.execute("SELECT count(*) FROM clicks")
    print(c.fetchone()[0], errors)
"""


def test_the_embedded_database_lets_simultaneous_saves_wait_their_turn(tmp_path):
    """Three saves at once on SQLite (a triple click): each waits for the lock, none fails with
    "database is locked" (a 500 before the database options were set)."""
    result = manage("shell", "-c", CLICKS, DATABASE_URL=f"sqlite:///{tmp_path / 'clicks.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "3 []"

def test_security_headers_on_pages(client, db):
    response = client.get("/dang-nhap/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
