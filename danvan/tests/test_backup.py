"""Backup then restore into an empty database gives back every record and every file."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.backup import row_counts
from danvan.tests import factories as f
from plans.models import Plan

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_round_trip_restores_rows_history_and_files(plan, editor, media, tmp_path):
    plan.title = "Kế hoạch đã sửa <một lần>"
    plan.save()
    plan.signed_scan.save("ban-ky.pdf", ContentFile(b"%PDF-1.4 signed copy"), save=True)
    before = row_counts()
    snapshot = (plan.pk, plan.title, plan.tasks.count(), plan.history.count(), plan.signed_scan.name)
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", "-o", str(archive))
    call_command("flush", interactive=False, verbosity=0)
    (media / plan.signed_scan.name).unlink()
    assert Plan.objects.count() == 0

    call_command("restore", str(archive))

    assert row_counts() == before
    restored = Plan.objects.get(pk=plan.pk)
    assert (restored.pk, restored.title, restored.tasks.count(), restored.history.count(),
            restored.signed_scan.name) == snapshot
    assert (media / restored.signed_scan.name).read_bytes() == b"%PDF-1.4 signed copy"
    assert restored.rounds.get(order=1).deadline == datetime.date(2025, 9, 3)


def test_restore_refuses_a_database_with_data(plan, media, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "-o", str(archive))
    with pytest.raises(CommandError, match="không trống"):
        call_command("restore", str(archive))


def test_restore_refuses_a_damaged_archive(db, media, tmp_path):
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="Không đọc được"):
        call_command("restore", str(bad))
    assert f.OrganizationFactory._meta.model.objects.count() == 0


def test_a_restored_site_prints_with_its_document_cache(plan, media, tmp_path, caplog):
    """Restore on a new server (no cache table yet) leaves a site that works like the original:
    printing a document keeps it in the document cache instead of logging it unavailable."""
    from django.core.cache import cache
    from django.db import connection

    from reports import documents

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "-o", str(archive))
    call_command("flush", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE danvan_cache")  # a new server: only migrate has run there
    try:
        call_command("restore", str(archive))

        with caplog.at_level("WARNING"):
            first = documents.render("plan", Plan.objects.get(pk=plan.pk), "docx")
            again = documents.render("plan", Plan.objects.get(pk=plan.pk), "docx")
        assert first == again
        assert not [r for r in caplog.records if "cache unavailable" in r.getMessage()]
        cache.set("restored", "ok")
        assert cache.get("restored") == "ok"
        # New rows get new keys (PostgreSQL's sequences follow the restored rows).
        restored = Plan.objects.get(pk=plan.pk)
        assert f.PlanFactory(organization=restored.organization).pk > restored.pk
    finally:
        call_command("createcachetable", verbosity=0)  # the next tests meet the table again
