"""Issue 12, item 1: control characters and bidi tricks never get in, and never break a print.

A plan titled "Kế hoạch tuyên truyền\\x08 năm 2027" once made its Word file a 500 for good; a task
holding "\\x1b[31m\\u202eRLO\\x07" did the same to the .xlsx. Text is cleaned at the edge (every
form, the admin, the spreadsheet import, every model save), what is already stored is cleaned by a
migration, and every renderer is safe on whatever is stored anyway.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.db import models, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan.forms import SafeTextMixin
from danvan.migration_helpers import clean_stored_text
from danvan.tests.test_fuzz_forms import CASES, client_for
from danvan.tests.test_import_export import TASK_COLUMNS, read_csv
from danvan.tests.world import media, world  # noqa: F401
from danvan.text import safe_text
from plans import services as plan_services
from plans.models import Plan
from reports import documents
from reports.models import RollupReport
from tasks.models import Task
from tasks.resources import TaskResource

PROJECT_APPS = ("danvan", "plans", "tasks", "reports")
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")
CONTROLS = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\x9f", "\u202a", "\u202b", "\u202c",
            "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c", "\ufeff",
            "\ufffe", "\uffff", "\r", "\r\n"]
BAD_TITLE = "Kế hoạch tuyên truyền\x08 năm 2027"
BAD_TASK = "\x1b[31m\u202eRLO\x07 Tuyên truyền"


@pytest.mark.parametrize("raw, clean", [
    (BAD_TITLE, "Kế hoạch tuyên truyền năm 2027"),
    (BAD_TASK, "[31mRLO Tuyên truyền"),
    ("Dòng 1\r\nDòng 2\rDòng 3\n\tthụt lề", "Dòng 1\nDòng 2\nDòng 3\n\tthụt lề"),
    ("\u2066Tổ dân phố\u2069 số 3\u200f", "Tổ dân phố số 3"),
    ("Dân vận khéo 👍🏽 🇻🇳 \u200d", "Dân vận khéo 👍🏽 🇻🇳 \u200d"),  # joiners of emoji stay
    ("", ""),
])
def test_safe_text_keeps_tab_and_newline_and_drops_the_rest(raw, clean):
    assert safe_text(raw) == clean


# --- Every form, the admin's included, cleans -------------------------------------------------------

def project_forms() -> list[type]:
    found = set()
    for label in PROJECT_APPS:
        config = apps.get_app_config(label)
        # every forms/admin module of the app, the concerns' folders included (reports/rollups/forms.py, ...)
        names = [info.name for info in pkgutil.walk_packages([config.path], prefix=f"{config.name}.")
                 if info.name.rsplit(".", 1)[-1] in ("forms", "admin") or ".forms_" in info.name]
        for module_name in names:
            module = importlib.import_module(module_name)
            for _name, obj in inspect.getmembers(module, inspect.isclass):
                if issubclass(obj, forms.BaseForm) and obj.__module__.split(".")[0] in PROJECT_APPS:
                    found.add(obj)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def test_every_form_of_the_project_cleans_its_text():
    forms_found = project_forms()
    assert len(forms_found) > 20
    missing = [f"{cls.__module__}.{cls.__qualname__}" for cls in forms_found if not issubclass(cls, SafeTextMixin)]
    assert not missing, f"forms that keep control characters: {missing}"


def test_every_admin_form_cleans_its_text(superuser):
    request = RequestFactory().get("/")
    request.user = superuser
    missing = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS + ("auth",):
            continue
        built = [model_admin.get_form(request)]
        built += [inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)]
        missing += [f"{model.__name__}: {form.__name__}" for form in built if not issubclass(form, SafeTextMixin)]
    assert not missing, missing


def test_text_posted_with_controls_is_stored_clean(world):
    client = client_for(world, "editor")
    response = client.post(reverse("plans:edit", args=[world.draft.pk]),
                           CASES["plan header"].data(world, BAD_TITLE) | {"intro": "Mở đầu\x07\r\nDòng hai"})
    assert response.status_code == 302
    world.draft.refresh_from_db()
    assert (world.draft.title, world.draft.intro) == ("Kế hoạch tuyên truyền năm 2027", "Mở đầu\nDòng hai")


def test_a_title_of_control_characters_only_is_refused_as_empty(world):
    client = client_for(world, "editor")
    before = Plan.objects.count()
    response = client.post(reverse("plans:create"),
                           {**CASES["plan create"].data(world, "x"), "title": "\x07\x08\u202e"})
    assert response.status_code == 200 and Plan.objects.count() == before
    assert response.context["form"].errors["title"]


def test_the_admin_stores_clean_text(admin_client, unit_a):
    url = reverse("admin:danvan_unit_change", args=[unit_a.pk])
    data = {"organization": unit_a.organization_id, "name": "Phòng\x1b Văn hóa\u202e", "short_name": "VH\x00XH",
            "kind": unit_a.kind, "order": 1, "is_active": "on", "head_name": "", "contact_name": "",
            "contact_title": "", "contact_phone": "", "email": ""}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    unit_a.refresh_from_db()
    assert (unit_a.name, unit_a.short_name) == ("Phòng Văn hóa", "VHXH")


def test_the_spreadsheet_import_stores_clean_text(plan, unit_a):
    rows = [TASK_COLUMNS, [plan.pk, 9, BAD_TASK, unit_a.name, "", "Theo ngày", "30/10/2025", "Báo cáo\x07"]]
    result = TaskResource().import_data(read_csv(rows))  # a .csv holds control characters (.xlsx refuses most)
    assert not result.has_errors() and not result.has_validation_errors()
    task = Task.objects.get(plan=plan, order=9)
    assert (task.content, task.output) == ("[31mRLO Tuyên truyền", "Báo cáo")


def test_a_save_from_code_stores_clean_text(plan):
    """The last guard: a service, a command or the shell saving a model stores clean text too."""
    task = plan.tasks.first()
    task.content = BAD_TASK
    task.save()
    task.refresh_from_db()
    assert task.content == "[31mRLO Tuyên truyền"


# --- What is already stored prints, and the migration cleans it --------------------------------------

def text_columns(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices and not f.primary_key
            and f.name not in ("search_text", "password", "username", "token", "session_key")]


def poison(text: str) -> str:
    return f"{text[:40]}\x08\x1b[31m\u202e\x07" if text else text


def store_bad_text() -> None:
    """Bad text in every text column and every snapshot, written past every guard (as old rows are)."""
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            columns = text_columns(model)
            json_columns = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]
            for row in model._base_manager.all():
                values = {c: poison(getattr(row, c)) for c in columns if getattr(row, c)}
                values |= {c: _poison_data(getattr(row, c)) for c in json_columns if getattr(row, c)}
                if values:
                    model._base_manager.filter(pk=row.pk).update(**values)


def _poison_data(value):
    if isinstance(value, str):  # the people's text in a snapshot; its ISO dates are the site's own
        return value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else poison(value)
    if isinstance(value, dict):
        return {key: _poison_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_poison_data(item) for item in value]
    return value


def print_everything() -> int:
    """Every document kind, every object, every format: the number of files made."""
    made = 0
    for kind in documents.kinds().values():
        for obj in kind.model._default_manager.all():
            for fmt in kind.formats:
                try:
                    rendered = documents.render(kind.name, obj, fmt)
                except documents.DocumentError:
                    continue  # nothing to print in that format (a plan without tasks as .xlsx)
                assert rendered.content
                made += 1
    return made


def test_stored_bad_text_prints_and_the_pages_answer(world):
    store_bad_text()
    assert "\x08" in Plan.objects.get(pk=world.issued.pk).snapshot["title"]
    assert print_everything() >= 12
    client = client_for(world, "editor")
    for url in (reverse("plans:detail", args=[world.issued.pk]), reverse("plans:edit", args=[world.draft.pk]),
                reverse("reports:plan_docx", args=[world.issued.pk]), reverse("reports:plan_xlsx", args=[world.draft.pk]),
                reverse("reports:rollup_docx", args=[world.rollup.pk]),
                reverse("reports:rollup_xlsx", args=[world.rollup.pk]),
                reverse("reports:rollup_detail", args=[world.rollup.pk])):
        assert client.get(url).status_code == 200, url
    # The plan can still be edited: its stored title goes through the form and comes back clean.
    draft = Plan.objects.get(pk=world.draft.pk)
    data = CASES["plan header"].data(world, "x") | {"title": draft.title, "version": draft.version}
    assert client.post(reverse("plans:edit", args=[draft.pk]), data).status_code == 302


def test_the_migration_cleans_every_stored_text(world):
    store_bad_text()
    for label in PROJECT_APPS:
        clean_stored_text(apps, label)
    left = []
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            for row in model._base_manager.all():
                for column in text_columns(model):
                    if UNSAFE.search(getattr(row, column) or ""):
                        left.append(f"{model.__name__}.{column}")
    assert not left, sorted(set(left))
    issued = Plan.objects.get(pk=world.issued.pk)
    assert not UNSAFE.search(str(issued.snapshot)) and issued.snapshot["title"].endswith("[31m")
    assert not UNSAFE.search(str(RollupReport.objects.get(pk=world.issued_rollup.pk).snapshot))


# --- Hypothesis: hostile text through every form, then every print ------------------------------------

controlled = st.lists(st.one_of(st.sampled_from(CONTROLS), st.text(st.characters(exclude_categories=["Cs"]),
                                                                    max_size=12)),
                      min_size=1, max_size=12).map("".join)
SAVING = [name for name, case in CASES.items() if case.method == "post" and case.saves]


def stored_unsafe() -> list[str]:
    left = []
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            columns = text_columns(model)
            for row in model._base_manager.values(*columns) if columns else []:
                left += [f"{model.__name__}.{c}" for c, value in row.items() if UNSAFE.search(value or "")]
    return left


def test_control_characters_through_every_form_then_every_print(world):
    clients = {persona: client_for(world, persona) for persona in {CASES[n].persona for n in SAVING}}

    @settings(max_examples=6, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(text=controlled)
    def example(text):
        with transaction.atomic():
            for name in SAVING:
                case = CASES[name]
                response = clients[case.persona].post(case.url(world, text), case.data(world, text))
                assert response.status_code < 500, name
            assert not stored_unsafe()
            draft = Plan.objects.get(pk=world.draft.pk)
            editor, approver, clerk = (world.users[p] for p in ("editor", "approver", "clerk"))
            plan_services.plan_submit(plan=draft, user=editor)
            plan_services.plan_approve(plan=draft, user=approver)
            plan_services.plan_issue(plan=draft, user=clerk, issued_on=world.issued.issued_on)
            assert print_everything() >= 12
            transaction.set_rollback(True)

    example()


def test_the_probes_examples_print(world):
    """The two texts of the report, typed into the forms, then printed in every format."""
    client = client_for(world, "editor")
    assert client.post(CASES["plan header"].url(world, BAD_TITLE),
                       CASES["plan header"].data(world, BAD_TITLE)).status_code == 302
    task = Task.objects.get(pk=world.task.pk)
    assert client.post(CASES["task edit"].url(world, BAD_TASK), CASES["task edit"].data(world, BAD_TASK)).status_code == 302
    for name in ("plan_pdf", "plan_docx", "plan_xlsx"):
        assert client.get(reverse(f"reports:{name}", args=[world.draft.pk])).status_code == 200
    assert Task.objects.get(pk=task.pk).content.startswith("[31mRLO")
