"""Hostile input into the organization admin's forms and imports (issue 16): never a 500, and a
refused form or file changes nothing (see test_fuzz_forms for the strategies)."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from danvan.administration.forms import PersonCreateForm, UnitForm
from danvan.models import AuditEntry, Membership, Organization, Unit
from danvan.tests.test_fuzz_forms import EXAMPLES, FUZZ, RAW, hostile

User = get_user_model()


def snapshot(org):
    return (User.objects.count(), Membership.objects.count(), Organization.objects.count(),
            list(Unit.objects.filter(organization=org).values().order_by("pk")),
            list(Organization.objects.filter(pk=org.pk).values()), AuditEntry.objects.count())


def attempt(client, org, path, data):
    """POST inside a savepoint rolled back afterwards: (status, what changed, page)."""
    with transaction.atomic():
        before = snapshot(org)
        response = client.post(path, data)
        after = snapshot(org)
        transaction.set_rollback(True)
    return response.status_code, before != after, response.content


def check(status, changed, page):
    assert status < 500
    if status != 302:
        assert not changed, "a refused form saved something"
    assert not any(raw in page for raw in RAW)


@pytest.fixture
def admin(client, org_admin):
    client.force_login(org_admin)
    return client


def path(org, name, **kwargs):
    return reverse(f"administration:{name}", kwargs={"code": org.code, **kwargs})


@FUZZ
@given(text=hostile, role=st.sampled_from(["viewer", "reporter", "admin", "xyz", ""]))
@example(text=EXAMPLES[0], role="reporter")
def test_person_form_never_breaks(admin, org, unit_a, text, role):
    data = {"username": text[:160], "full_name": text, "email": text[:60], "role": role, "unit": text[:10],
            "password1": text[:40], "password2": text[:40]}
    check(*attempt(admin, org, path(org, "person_create"), data))
    form = PersonCreateForm(data, organization=org)
    if form.is_valid():  # what the form lets through is something a service can store
        assert len(form.cleaned_data["username"]) <= 150 and "\x00" not in form.cleaned_data["full_name"]


@FUZZ
@given(text=hostile, order=st.one_of(st.integers(-5, 10**7).map(str), hostile.map(lambda t: t[:12])))
def test_unit_form_never_breaks(admin, org, unit_a, text, order):
    data = {"name": text, "short_name": text[:60], "kind": text[:20] or "department", "order": order,
            "contact_phone": text[:40], "email": text[:60]}
    check(*attempt(admin, org, path(org, "unit_create"), data))
    check(*attempt(admin, org, path(org, "unit_edit", pk=unit_a.pk), data))
    if UnitForm(data).is_valid():
        assert UnitForm(data).cleaned_data["name"] == " ".join(UnitForm(data).cleaned_data["name"].split())


@FUZZ
@given(text=hostile)
def test_organization_and_commune_forms_never_break(admin, org, city, text):
    check(*attempt(admin, org, path(org, "organization_edit"), {
        "name": text, "header_name": text, "place_name": text[:120], "issuer_symbol": text[:40],
        "authority_line": text, "default_signer_title": text, "default_recipients": text}))
    city_admin = User.objects.get(username="orgadmin")  # also an admin of the city for this test
    Membership.objects.get_or_create(user=city_admin, organization=city, role="admin")
    check(*attempt(admin, city, path(city, "child_create"), {
        "name": text, "code": text[:60], "header_name": text, "place_name": text[:120],
        "admin-username": text[:160], "admin-full_name": text, "admin-email": text[:60],
        "admin-password1": text[:30], "admin-password2": text[:30]}))


def csv_file(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile("tep.csv", out.getvalue().encode("utf-8", "surrogatepass"))


PEOPLE = ["username", "full_name", "email", "role", "unit", "password"]
UNITS = ["organization", "name", "short_name", "kind", "head_name", "contact_name", "contact_title",
         "contact_phone", "email", "order"]


@FUZZ
@given(cells=st.lists(st.lists(hostile.map(lambda t: t[:200]), min_size=6, max_size=6), min_size=1, max_size=4),
       kind=st.sampled_from(["people", "units"]))
@example(cells=[["\x00", "Ai\x00", "a\x00@example.vn", "Người xem", "", ""]], kind="people")  # PostgreSQL refuses NUL
def test_imports_refuse_whole_files_in_words(admin, org, unit_a, cells, kind):
    header, rows = (PEOPLE, cells) if kind == "people" else (UNITS, [[""] + row + ["", "", "1"] for row in cells])
    status, changed, page = attempt(admin, org, path(org, "import"), {"kind": kind, "file": csv_file(header, rows)})
    check(status, changed, page)
    if status == 200:
        text = page.decode()
        assert "Tệp chưa được nhập" in text or "Không đọc được tệp" in text or "UTF-8" in text
