"""Issue 12, item 5: every permission-checked download tells caches to keep nothing.

Signed scans, evidence files and printed documents are read only after a permission check; a
shared cache (a proxy, the browser's disk cache on a shared office computer) must not keep them.
"""

import pytest
from django.test import Client
from django.urls import reverse

from danvan.tests.world import media, world  # noqa: F401

DOWNLOADS = [
    ("plans:scan", "issued"), ("reports:rollup_scan_file", "issued_rollup"), ("reports:evidence", "evidence"),
    ("reports:plan_pdf", "issued"), ("reports:plan_docx", "issued"), ("reports:plan_xlsx", "issued"),
    ("reports:rollup_pdf", "issued_rollup"), ("reports:rollup_docx", "issued_rollup"),
    ("reports:rollup_xlsx", "issued_rollup"), ("reports:letter_scan_file", "issued_letter"),
]


@pytest.mark.parametrize("name, attr", DOWNLOADS, ids=[name for name, _attr in DOWNLOADS])
def test_permission_checked_downloads_are_not_stored_by_caches(name, attr, world):
    client = Client()
    client.force_login(world.users["editor"])
    document = world.extra["letters"]["issued"] if attr == "issued_letter" else getattr(world, attr)
    response = client.get(reverse(name, kwargs={"pk": document.pk}))
    assert response.status_code == 200
    response.close()
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_the_admins_spreadsheet_export_is_not_stored_by_caches(admin_client, unit_a):
    response = admin_client.post(reverse("admin:danvan_unit_export"), {"format": "1", "resource": "0"})
    assert response.status_code == 200 and response.has_header("Content-Disposition")
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
