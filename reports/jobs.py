"""Background jobs of the reports app, run by the worker (danvan/celery.py; `celery -A danvan worker`).

Each job is safe to run twice: a document render stores under a content hash and skips what is
cached, a reminder claims its ReminderLog row before sending. A job that raises is retried with a
growing delay; after the last try its failure is kept and shown in the admin ("Celery Results").
"""

from __future__ import annotations

import datetime

import logging

from celery import Task, shared_task
from celery.signals import worker_process_init

logger = logging.getLogger(__name__)

RETRY = {"autoretry_for": (Exception,), "retry_backoff": 30, "retry_backoff_max": 3600, "retry_jitter": True}


@worker_process_init.connect(dispatch_uid="reports-print-alone")
def _print_alone(**kwargs) -> None:
    """Each child of a prefork worker prints its document in its own process: `--concurrency`
    children already keep the cores busy, one document each (reports/documents/parallel.py)."""
    from reports.documents import parallel

    parallel.print_alone()


class ReminderMailError(Exception):
    """Some reminder mails could not be sent; the job is retried for them (the others are claimed)."""


@shared_task(name="reports.render_document", max_retries=3, **RETRY)
def render_document(kind: str, pk: int, token: str | None = None) -> list[str]:
    """Print document `kind` #`pk` (PDF and Word) into the document cache, unless a newer job for
    the same document was queued since (`token`), or it is cached or being rendered already.
    Returns the formats it rendered."""
    from reports.documents import get_kind
    from reports.documents.prerender import current_token
    from reports.documents.registry import prerender

    if token is not None and current_token(kind, pk) not in (token, None):
        return []  # superseded: a later edit or event queued its own render
    document_kind = get_kind(kind)
    try:
        obj = document_kind.get(pk)
    except document_kind.model.DoesNotExist:
        return []
    document = document_kind.context(obj)
    return prerender(document, [fmt for fmt in ("pdf", "docx") if fmt in document_kind.formats])


def _send(**kwargs) -> int:
    from reports.reminders import reminders_send

    sent, errors = reminders_send(**kwargs)
    if errors:
        raise ReminderMailError("; ".join(errors))
    return len(sent)


@shared_task(name="reports.send_reminders", max_retries=6, **RETRY)
def send_reminders(on: str) -> int:
    """The day's reminder mails (ISO date `on`); returns how many went out."""
    return _send(on=datetime.date.fromisoformat(on))


class UnitReminderTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """After the last try, whatever failed (the mail server, the database, a bug): the day's
        request shows "không gửi được" instead of "đang gửi", and the editor may ask again."""
        from reports.reminders import unit_reminder_failed

        try:
            unit_reminder_failed(*args, **kwargs, error=f"{type(exc).__name__}: {exc}")
        except Exception:  # noqa: BLE001 - the database may be what failed; the result is kept anyway
            logger.warning("Could not mark the reminder request failed", exc_info=True)


@shared_task(bind=True, base=UnitReminderTask, name="reports.send_unit_reminder", max_retries=6, **RETRY)
def send_unit_reminder(self, round_id: int, unit_id: int, on: str) -> int:
    """"Nhắc đơn vị": remind the reporters of one unit that owes its report for one round, now (ISO
    date `on`, the day of the request); its ReminderRequest is marked sent, or failed after the
    last try. Returns how many mails went out."""
    from reports.reminders import unit_reminder_run

    sent, errors = unit_reminder_run(round_id=round_id, unit_id=unit_id, on=datetime.date.fromisoformat(on),
                                     final=self.request.retries >= self.max_retries)
    if errors:
        raise ReminderMailError("; ".join(errors))
    return len(sent)
