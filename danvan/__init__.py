# The Celery app is loaded with Django, so jobs queued by the web process use its settings.
from danvan.celery import app as celery_app

__all__ = ["celery_app"]
