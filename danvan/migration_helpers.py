"""Code the data migrations share (kept here so each migration stays a few lines)."""

from __future__ import annotations

import logging

from django.db import IntegrityError, models, transaction

from danvan.text import safe_data, safe_text

logger = logging.getLogger(__name__)


def clean_stored_text(apps, app_label: str) -> int:
    """Drop control characters and bidi tricks from every text and JSON column of the app's models
    (their history tables and the snapshots of issued documents included); returns the rows changed.

    A row whose cleaned value would collide with another (a unique name) is left as it is and
    logged: the renderers print it safely anyway, and its next edit through a form cleans it.
    """
    changed = 0
    for model in apps.get_app_config(app_label).get_models():
        texts = [f.attname for f in model._meta.concrete_fields
                 if isinstance(f, (models.CharField, models.TextField)) and not f.primary_key]
        jsons = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]
        if not texts and not jsons:
            continue
        manager = model._base_manager
        for row in manager.values("pk", *texts, *jsons).iterator():
            values = {c: safe_text(row[c]) for c in texts if isinstance(row[c], str) and safe_text(row[c]) != row[c]}
            values |= {c: safe_data(row[c]) for c in jsons if row[c] is not None and safe_data(row[c]) != row[c]}
            if not values:
                continue
            try:
                with transaction.atomic():
                    manager.filter(pk=row["pk"]).update(**values)
            except IntegrityError:
                logger.warning("%s %s: cleaned text would duplicate another row; left as it is",
                               model._meta.label, row["pk"])
                continue
            changed += 1
    return changed


def clean_stored_text_operation(app_label: str):
    """The RunPython operation of an app's cleaning migration."""
    from django.db import migrations

    return migrations.RunPython(lambda apps, schema_editor: clean_stored_text(apps, app_label),
                                migrations.RunPython.noop)
