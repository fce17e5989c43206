"""Documents printed in the background, so that "In" after a life-cycle event is a cache hit.

- A life-cycle event (danvan.events.document_event: submit, approve, return, issue, compile,
  refresh figures, signed scan) queues one render of the document's PDF and Word file.
- A draft being edited (a save of the plan, a section, a citation, a task; of a draft roll-up; of a
  draft công văn or its addressees)
  queues a render DOCUMENT_DEBOUNCE_SECONDS later; each new edit supersedes the previous job
  (a token in the cache), so a draft is printed once its edits pause, not after every save.
- Whatever one transaction does to a document queues at most one job, after it commits.

The job (reports.jobs.render_document) renders the current data through the same cache as the
downloads (reports.documents.cache): a download arriving while it runs waits for its bytes, a job
finding the bytes cached (or being rendered by a download) does nothing. A broker that cannot be
reached costs a warning: the download then renders the document itself.
"""

from __future__ import annotations

import logging
import threading
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction

logger = logging.getLogger(__name__)

EVENT, EDIT = "event", "edit"
_local = threading.local()


def token_key(kind: str, pk: int) -> str:
    return f"document-render-token:{kind}:{pk}"


def current_token(kind: str, pk: int) -> str | None:
    try:
        with transaction.atomic():
            return cache.get(token_key(kind, pk))
    except DatabaseError:
        return None


def note(kind: str, pk: int, reason: str) -> None:
    """Remember that document `kind` #`pk` changed (`reason` EVENT or EDIT); one job per document
    is queued when the current transaction commits (an event wins over edits)."""
    if not settings.DOCUMENT_PRERENDER or pk is None:
        return
    batch = getattr(_local, "batch", None)
    if batch is None or not batch.pending():
        batch = _local.batch = _Batch()
        transaction.on_commit(batch)
    if batch.changes.get((kind, pk)) != EVENT:
        batch.changes[(kind, pk)] = reason


class _Batch:
    """The documents one transaction changed, queued by its on-commit callback."""

    def __init__(self):
        self.changes: dict[tuple[str, int], str] = {}
        self.done = False

    def pending(self) -> bool:
        """Still registered to run on commit (not run yet, not dropped by a rollback)?"""
        return not self.done and any(entry[1] is self for entry in connection.run_on_commit)

    def __call__(self):
        self.done = True
        if getattr(_local, "batch", None) is self:
            _local.batch = None
        drafts = _drafts([key for key, reason in self.changes.items() if reason == EDIT])
        for (kind, pk), reason in self.changes.items():
            if reason == EVENT:
                queue(kind, pk)
            elif (kind, pk) in drafts:
                queue(kind, pk, delay=settings.DOCUMENT_DEBOUNCE_SECONDS)


def _drafts(keys: list[tuple[str, int]]) -> set[tuple[str, int]]:
    """Which of these documents are drafts (only a draft's printout changes when it is edited)."""
    from plans.models import Plan, PlanStatus
    from reports.letters.models import ReminderLetter
    from reports.models import RollupReport

    models = {"plan": Plan, "rollup": RollupReport, "letter": ReminderLetter}
    found = set()
    for kind, model in models.items():
        pks = [pk for k, pk in keys if k == kind]
        if pks:
            found.update((kind, pk) for pk in model.objects.filter(pk__in=pks, status=PlanStatus.DRAFT)
                         .values_list("pk", flat=True))
    return found


def queue(kind: str, pk: int, *, delay: float = 0) -> str | None:
    """Queue a render of the document; a later call supersedes it. Returns the job's token."""
    from reports.jobs import render_document

    token = uuid.uuid4().hex
    try:
        with transaction.atomic():
            cache.set(token_key(kind, pk), token, 24 * 3600)
        render_document.apply_async(args=(kind, pk), kwargs={"token": token}, countdown=delay or None)
    except Exception:  # noqa: BLE001 - no broker or cache: the download will render it itself
        logger.warning("Could not queue the render of %s #%s", kind, pk, exc_info=True)
        return None
    return token


# --- hooks ---------------------------------------------------------------------------------------

def _on_event(sender, *, kind, pk, event, **kwargs):
    note(kind, pk, EVENT)


def _plan_saved(sender, instance, **kwargs):
    note("plan", instance.pk, EDIT)


def _part_saved(sender, instance, **kwargs):
    note("plan", instance.plan_id, EDIT)


def _task_units_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        note("plan", instance.plan_id, EDIT)


def _rollup_saved(sender, instance, **kwargs):
    note("rollup", instance.pk, EDIT)


def _letter_saved(sender, instance, **kwargs):
    note("letter", instance.pk, EDIT)


def _letter_units_changed(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        note("letter", instance.pk, EDIT)


def connect() -> None:
    """Called once by ReportsConfig.ready()."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from danvan.events import document_changed
    from plans.models import Citation, Plan, PlanSection
    from reports.letters.models import ReminderLetter
    from reports.models import RollupReport
    from tasks.models import Task

    document_changed.connect(_on_event, dispatch_uid="prerender-event")
    post_save.connect(_plan_saved, sender=Plan, dispatch_uid="prerender-plan")
    for model in (PlanSection, Citation, Task):
        post_save.connect(_part_saved, sender=model, dispatch_uid=f"prerender-save-{model.__name__}")
        post_delete.connect(_part_saved, sender=model, dispatch_uid=f"prerender-delete-{model.__name__}")
    m2m_changed.connect(_task_units_changed, sender=Task.coordinating_units.through, dispatch_uid="prerender-m2m")
    post_save.connect(_rollup_saved, sender=RollupReport, dispatch_uid="prerender-rollup")
    post_save.connect(_letter_saved, sender=ReminderLetter, dispatch_uid="prerender-letter")
    m2m_changed.connect(_letter_units_changed, sender=ReminderLetter.units.through,
                        dispatch_uid="prerender-letter-units")
