"""The background worker (Celery): rendering documents after their life-cycle events, mails.

Jobs live in each app's `jobs.py` (never `tasks.py`: `tasks` is an app of this project). The
message broker is the project's own database by default (kombu's SQLAlchemy transport on the
database of DATABASE_URL, SQLite or PostgreSQL), so `make run` needs no other server; a province
points CELERY_BROKER_URL at Redis (redis://host:6379/0) or RabbitMQ (amqp://user:pass@host:5672//)
and runs as many workers on as many machines as it likes, without changing code.

    celery -A danvan worker --loglevel=INFO
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")

app = Celery("danvan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")
