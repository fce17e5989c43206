"""A GIN index on the text-search vector of Plan.search_text, so that search on PostgreSQL reads
the index instead of computing every plan's vector (plans.search). PostgreSQL only: SQLite searches
with LIKE and gets nothing here. The index is built from the very expression the query uses."""

from django.db import migrations

from plans.search import search_index


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("plans", "Plan"), search_index())


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("plans", "Plan"), search_index())


class Migration(migrations.Migration):
    dependencies = [("plans", "0007_merge_search_document")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
