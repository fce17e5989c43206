"""Text stored before it was cleaned at the edge loses its control characters and bidi tricks
(issue 12): every text and JSON column of the reports app, history included."""

from django.db import migrations

from danvan.migration_helpers import clean_stored_text_operation


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0002_progress_parts_and_withdrawn'),
    ]

    operations = [
        clean_stored_text_operation("reports"),
    ]
