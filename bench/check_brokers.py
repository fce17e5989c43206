#!/usr/bin/env python
"""Check that the same code runs its jobs through each broker: the database, Redis, RabbitMQ.

    .venv/bin/python bench/check_brokers.py [URL ...]

For each broker URL (default: the project's database, redis://127.0.0.1:6379/0 and
amqp://guest:guest@127.0.0.1:5672//), starts two workers with CELERY_BROKER_URL set to it, queues
the background render of a few plans of the configured database (load_demo's), and waits until
their PDF and Word files are in the document cache. Prints, per broker, how many files were printed
and how long that took. Nothing in the code changes between brokers: only the environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
DEFAULT_URLS = ["", "redis://127.0.0.1:6379/0", "amqp://guest:guest@127.0.0.1:5672//"]


def check(url: str) -> None:
    env = {name: value for name, value in os.environ.items() if name != "CELERY_BROKER_URL"}
    if url:
        env["CELERY_BROKER_URL"] = url
    # Queueing happens in a child process too, so the broker is chosen the same way as for the site.
    workers = [subprocess.Popen([str(ROOT / ".venv/bin/celery"), "-A", "danvan", "worker", "--pool", "solo",
                                 "-n", f"check{n}@%h", "--loglevel", "WARNING"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for n in range(2)]
    try:
        out = subprocess.run([sys.executable, "-c", QUEUE], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=240)
        print(f"{url or '(cơ sở dữ liệu của dự án)'}: {out.stdout.strip() or out.stderr.strip()[-400:]}")
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)


QUEUE = r"""
import time, django
django.setup()
from celery import current_app
from django.core.cache import cache
from plans.models import Plan
from reports.documents import get_kind
from reports.documents.cache import cache_key
from reports.documents.prerender import queue
plans = list(Plan.objects.order_by("-pk")[:4])
if not plans:
    raise SystemExit("không có kế hoạch nào: chạy manage.py load_demo")
kind = get_kind("plan")
documents = [kind.context(kind.get(plan.pk)) for plan in plans]
keys = [cache_key(d, fmt) for d in documents for fmt in ("pdf", "docx")]
cache.delete_many(keys)
started = time.perf_counter()
for plan in plans:
    queue("plan", plan.pk)
deadline = time.time() + 180
while time.time() < deadline and any(cache.get(k) is None for k in keys):
    time.sleep(0.2)
done = sum(cache.get(k) is not None for k in keys)
print(f"{done}/{len(keys)} tệp in xong sau {time.perf_counter() - started:.1f} s "
      f"(broker {current_app.connection().as_uri()})")
"""


def main() -> None:
    for url in sys.argv[1:] or DEFAULT_URLS:
        check(url)


if __name__ == "__main__":
    main()
