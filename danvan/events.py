"""Life-cycle events of printed documents, announced by the services of any app.

`plans` cannot import `reports` (dependencies point one way), yet a submitted, approved, returned
or issued plan must be re-printed in the background. A service therefore announces the event here,
in the lowest app, and whoever cares (reports.documents.prerender) listens:

    document_event(kind="plan", pk=plan.pk, event="issue")

Receivers get `kind`, `pk` and `event`, inside the service's transaction: one that acts on the
outside world defers it with transaction.on_commit, so a change rolled back queues nothing.
"""

from django.dispatch import Signal

document_changed = Signal()  # kwargs: kind, pk, event


def document_event(*, kind: str, pk: int, event: str) -> None:
    """Announce that document `kind` #`pk` went through `event` ("submit", "approve", "return",
    "issue", "compile", "refresh", "scan")."""
    document_changed.send(sender=None, kind=kind, pk=pk, event=event)
