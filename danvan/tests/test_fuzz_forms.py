"""Bad input never breaks the site (issue 7): hostile text posted into every form.

Hypothesis feeds each form of the site, as the persona allowed to use it, text that is very long
(up to 10,000 characters), holds control characters (NUL included), mixed NFC/NFD Vietnamese,
right-to-left marks, SQL- and HTML-looking strings and emoji. For every example:

- the site answers with a status below 500;
- a refused form (any answer but a redirect) saved nothing: the rows and values it could change
  are exactly as before;
- no page, neither the answer nor the page the site goes on to after saving, contains the HTML
  of the input unescaped (a raw "<script>alert(1)" would run in the reader's browser).

Each example runs inside a savepoint rolled back afterwards, so all examples meet the same data.
The spreadsheet import (units, legal documents, tasks) gets hostile cells too: refused whole or
imported cleanly, never an exception, never half-saved. A few fixed examples check that accepted
HTML-looking text is shown escaped, not dropped.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan.models import IssuedNumber, Unit
from danvan.resources import UnitResource
from danvan.tests.test_import_export import DOCUMENT_COLUMNS, TASK_COLUMNS, UNIT_COLUMNS, read_csv, read_xlsx
from danvan.tests.world import World, media, report_form_data, world  # noqa: F401
from plans.models import Citation, LegalDocument, Plan, PlanSection
from plans.resources import LegalDocumentResource
from plans.services import section_marker
from reports.models import Evidence, RollupReport, UnitReport, UnitReportEntry, UnitReportVersion
from tasks.models import ReportingRound, Task
from tasks.resources import TaskResource
from tasks.services import task_fingerprint

SCRIPT = "<script>alert(1)</script>"
FRAGMENTS = [
    SCRIPT, '"><img src=x onerror=alert(1)>', "' onmouseover='alert(1)", "'; DROP TABLE plans_plan; --",
    "\" OR 1=1 --", "&amp; &lt; &", "{{ request.user }}", "{% csrf_token %}", "%s %d %(x)s", "\\x00",
    "\x00", "\x07", "\x1b[31m", "\r\n", "\t", "\u202e", "\u200f", "\u200b", "\ufeff", "\u0301",
    "Dân vận khéo", unicodedata.normalize("NFD", "Dân vận khéo"), "Nghị định số 61/2023/NĐ-CP",
    "🇻🇳", "👍🏽", "𝕏", "ـــ", "עברית", "=HYPERLINK(\"http://x\")", "03/9/2025", "IV/2025", "-1", "9" * 30,
]
# The unescaped HTML of the fragments above: none may ever appear in a page.
RAW = [b"<script>alert(1)", b"<img src=x onerror=alert(1)>", b"' onmouseover='alert(1)"]
HTML_FRAGMENTS = [raw.decode() for raw in RAW]

mixed = st.lists(st.one_of(st.sampled_from(FRAGMENTS),
                           st.text(st.characters(exclude_categories=["Cs"]), max_size=40)),
                 min_size=1, max_size=25).map("".join)
very_long = st.builds(lambda fragment, n: (fragment * (10_000 // len(fragment) + 1))[:n],
                      st.sampled_from(FRAGMENTS), st.integers(min_value=256, max_value=10_000))
normal_forms = st.builds(lambda text, form: unicodedata.normalize(form, text), mixed,
                         st.sampled_from(["NFC", "NFD"]))
hostile = st.one_of(mixed, normal_forms, very_long, st.sampled_from(FRAGMENTS))

# Always tried, besides the random examples: the inputs that broke something once.
EXAMPLES = ["\x00", SCRIPT, "²", "9" * 5000, "x" * 10_000, unicodedata.normalize("NFD", "Dân vận \u202e khéo")]
FUZZ = settings(max_examples=25, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
COUNTED = [Plan, PlanSection, Citation, LegalDocument, Task, ReportingRound, UnitReport, UnitReportEntry,
           UnitReportVersion, Evidence, RollupReport, IssuedNumber, Unit]


@dataclass
class Case:
    """One form: who fills it in, where it is sent, what the hostile text goes into, what it changes."""

    persona: str
    url: Callable[[World, str], str]
    data: Callable[[World, str], dict] = lambda w, t: {}
    values: Callable[[World], object] = lambda w: None  # the values the form may change
    method: str = "post"
    saves: bool = True  # ordinary text in these fields is accepted and saved (checked below)


def at(name, attr=None, key="pk"):
    """A URL builder: reverse(name), with the pk of world.<attr> as `key` when given."""
    if attr is None:
        return lambda w, t: reverse(name)
    return lambda w, t: reverse(name, kwargs={key: getattr(w, attr).pk})


def row(model, obj_attr, *fields):
    return lambda w: list(model.objects.filter(pk=getattr(w, obj_attr).pk).values(*fields))


def header(w: World, t: str) -> dict:
    p = w.draft
    return {"title": t, "year": p.year, "period_label": t[:120], "period_start": p.period_start.isoformat(),
            "period_end": p.period_end.isoformat(), "intro": t, "closing": t, "appendix_title": t[:300],
            "version": p.version}


def task(w: World, t: str, **extra) -> dict:
    return {"content": t, "lead_unit": w.unit_a.pk, "coordinating_units": [w.unit_b.pk], "due_kind": "date",
            "due": "30/10/2025", "output": t[:600], **extra}


def report_entries(w: World, t: str) -> dict:
    data = report_form_data(w.open_report_a, overall=t)
    for key in list(data):
        if key.endswith(("-done_text", "-difficulties", "-proposals")):
            data[key] = t
    return data


def rollup_text(w: World, t: str) -> dict:
    r = w.rollup
    return {"title": t, "period_label": t[:120], "intro": t, "results_text": t, "assessment_text": t,
            "proposals_text": t, "direction_text": t, "recipients": t, "signer_authority": t[:300],
            "signer_title": t[:300], "signer_deputy_title": "", "signer_name": t[:300], "version": r.version}


PLAN_HEADER = ("title", "period_label", "intro", "closing", "appendix_title", "version")
CASES: dict[str, Case] = {
    "plan create": Case("editor", at("plans:create"), lambda w, t: {**header(w, t), "shape": "content"}),
    "plan header": Case("editor", at("plans:edit", "draft"), header, row(Plan, "draft", *PLAN_HEADER)),
    "plan recipients and signer": Case(
        "editor", at("plans:signing", "draft"),
        lambda w, t: {"recipients": t, "signer_authority": t[:300], "signer_title": t[:300],
                      "signer_deputy_title": t[:300], "signer_name": t[:300], "version": w.draft.version},
        row(Plan, "draft", "recipients", "signer_authority", "signer_title", "signer_name", "version")),
    "section add": Case("editor", at("plans:section_add", "draft"), lambda w, t: {"heading": t}),
    "section edit": Case("editor", at("plans:section_update", "section"),
                         lambda w, t: {"heading": t, "body": t, "marker": section_marker(w.section)},
                         row(PlanSection, "section", "heading", "body")),
    "citation paste": Case("editor", at("plans:citation_parse", "draft"), lambda w, t: {"text": t, "role": "basis"},
                           saves=False),
    "citation check and save": Case(
        "editor", at("plans:citation_paste_save", "draft"),
        lambda w, t: {"prefix": "p0", "p0-kind": "Nghị định", "p0-number": t[:120], "p0-name": t[:600],
                      "p0-issuer": t[:300], "p0-subject": t, "p0-issued_on": "16/08/2023", "p0-role": "basis"}),
    "citation date": Case("editor", at("plans:citation_paste_save", "draft"),
                          lambda w, t: {"prefix": t[:20], "p0-kind": t[:30], "p0-number": "61/2023/NĐ-CP",
                                        "p0-issued_on": t[:30], "p0-role": t[:20]}, saves=False),
    "task row": Case("editor", at("tasks:task_create", "draft", "plan_pk"), task),
    "task due": Case("editor", at("tasks:task_update", "task"),
                     lambda w, t: task(w, "Nhiệm vụ", due=t[:50], due_kind=t[:12], fingerprint=t[:20]),
                     row(Task, "task", "content", "due_date", "output"), saves=False),
    "task edit": Case("editor", at("tasks:task_update", "task"),
                      lambda w, t: task(w, t, fingerprint=task_fingerprint(w.task)),
                      row(Task, "task", "content", "due_date", "output")),
    "task extension": Case("editor", at("tasks:task_extend", "task"),
                           lambda w, t: {"extended_due_date": "31/10/2025", "extension_reason": t},
                           row(Task, "task", "extended_due_date", "extension_reason")),
    "task extension date": Case("editor", at("tasks:task_extend", "task"),
                                lambda w, t: {"extended_due_date": t[:30], "extension_reason": "Lý do"},
                                row(Task, "task", "extended_due_date", "extension_reason"), saves=False),
    "round": Case("editor", at("tasks:round_create", "draft", "plan_pk"),
                  lambda w, t: {"name": t, "deadline": "03/11/2025"}),
    "round dates": Case("editor", at("tasks:round_create", "draft", "plan_pk"),
                        lambda w, t: {"name": "Báo cáo lần 3", "deadline": t[:30], "period_start": t[:30],
                                      "period_end": t[:30]}, saves=False),
    "round edit": Case("editor", at("tasks:round_update", "draft_round"),
                       lambda w, t: {"name": t, "deadline": "03/10/2025"},
                       row(ReportingRound, "draft_round", "name", "deadline")),
    "rounds generated": Case("editor", at("tasks:rounds_generate", "draft", "plan_pk"),
                             lambda w, t: {"period": t[:20], "days": t[:20], "day_kind": t[:10]}, saves=False),
    "plan returned": Case("approver", at("plans:return", "submitted"), lambda w, t: {"reason": t},
                          row(Plan, "submitted", "status", "return_reason")),
    "plan issued": Case("clerk", at("plans:issue", "approved"),
                        lambda w, t: {"number": t[:30], "issued_on": t[:30], "suggested": t[:10]},
                        row(Plan, "approved", "status", "number"), saves=False),
    "unit report": Case("reporter_a", lambda w, t: reverse("reports:unit_report_edit", kwargs={
        "round_id": w.round2.pk, "unit_id": w.unit_a.pk}), report_entries,
        lambda w: (list(UnitReport.objects.filter(pk=w.open_report_a.pk).values("overall", "lock_version")),
                   list(UnitReportEntry.objects.filter(report=w.open_report_a).values(
                       "done_text", "difficulties", "proposals").order_by("pk")))),
    "unit report returned": Case("editor", at("reports:unit_report_return", "report_a"),
                                 lambda w, t: {"version": w.report_a.version, "reason": t},
                                 row(UnitReport, "report_a", "status", "return_reason")),
    "roll-up text": Case("editor", at("reports:rollup_edit", "rollup"), rollup_text,
                         row(RollupReport, "rollup", "title", "results_text", "recipients", "version")),
    "roll-up returned": Case("approver", at("reports:rollup_return", "submitted_rollup"),
                             lambda w, t: {"reason": t},
                             row(RollupReport, "submitted_rollup", "status", "return_reason")),
    "roll-up issued": Case("clerk", at("reports:rollup_issue", "approved_rollup"),
                           lambda w, t: {"issued_on": t[:30], "number": t[:30]},
                           row(RollupReport, "approved_rollup", "status", "number"), saves=False),
    "level above compiled": Case("editor", at("reports:parent_compile"),
                                 lambda w, t: {"year": t[:20], "start": t[:20], "end": t[:20]}, saves=False),
    "sign in": Case("anonymous", at("login"), lambda w, t: {"username": t, "password": t}, saves=False),
    "admin sign in": Case("anonymous", at("admin:login"), lambda w, t: {"username": t, "password": t,
                                                                        "next": "/quan-tri/"}, saves=False),
    # Search boxes and query strings (GET)
    "plan list search": Case("editor", lambda w, t: reverse("plans:list"),
                             lambda w, t: {"q": t, "year": t[:10], "status": t[:10], "unit": t[:10],
                                           "sort": t[:10], "page": t[:10]}, method="get"),
    "legal documents search": Case("editor", lambda w, t: reverse("plans:documents"),
                                   lambda w, t: {"q": t, "page": t[:10]}, method="get"),
    "citation autocomplete": Case("editor", lambda w, t: reverse("plans:document_search"),
                                  lambda w, t: {"q": t, "purpose": "pick"}, method="get"),
    "recipients suggestion": Case("editor", at("plans:suggest_recipients", "draft"),
                                  lambda w, t: {"recipients": t}, method="get"),
    "new task row token": Case("editor", at("tasks:task_new", "draft", "plan_pk"), lambda w, t: {"n": t}, method="get"),
    "level above period": Case("parent_user", lambda w, t: reverse("reports:parent_overview"),
                               lambda w, t: {"year": t[:20], "start": t[:20], "end": t[:20], "org": t},
                               method="get"),
    "calendar feed token": Case("anonymous", lambda w, t: reverse("reports:calendar_feed", kwargs={
        "token": "t"}).replace("/t.ics", "/" + quote(t[:200].replace("/", "_") or "x", safe="") + ".ics"),
        method="get"),
}


def counts() -> tuple:
    """Rows of every table a form could write to, in one query."""
    parts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(m._meta.db_table)})" for m in COUNTED)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")  # noqa: S608 - table names from the models
        return tuple(cursor.fetchone())


def client_for(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.users[persona])
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def check(world: World, client: Client, case: Case, text: str) -> None:
    """One hostile example: no 500, a refusal saves nothing, nothing unescaped is shown."""
    with transaction.atomic():
        before = (counts(), case.values(world))
        send = client.get if case.method == "get" else client.post
        response = send(case.url(world, text), case.data(world, text))  # a 500 raises here
        content = body(response)
        assert response.status_code < 500
        for raw in RAW:
            assert raw not in content, f"unescaped {raw!r} in the answer"
        after = (counts(), case.values(world))
        if case.method == "post" and response.status_code not in (301, 302, 303, 204):
            assert after == before, f"refused ({response.status_code}) but something was saved"
        if after != before and response.status_code == 302 and any(h in text for h in HTML_FRAGMENTS):
            shown = client.get(response["Location"])  # the page the user lands on shows the saved text
            assert shown.status_code < 500
            for raw in RAW:
                assert raw not in body(shown), f"unescaped {raw!r} on {response['Location']}"
        transaction.set_rollback(True)


def accepts_ordinary_text(world: World, client: Client, name: str, case: Case) -> None:
    """The fuzzing reaches the saving path: ordinary text in the same fields is saved."""
    text = "Họp dân khu phố 3, " + unicodedata.normalize("NFD", "triển khai công tác dân vận")
    with transaction.atomic():
        before = (counts(), case.values(world))
        response = client.post(case.url(world, text), case.data(world, text))
        assert response.status_code in (302, 204), f"{name}: ordinary text refused ({response.status_code})"
        assert (counts(), case.values(world)) != before, f"{name}: ordinary text was not saved"
        transaction.set_rollback(True)


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_text_in_every_form(name, world):
    case = CASES[name]
    client = client_for(world, case.persona)
    if case.method == "post" and case.saves:
        accepts_ordinary_text(world, client, name, case)

    @FUZZ
    @given(text=hostile)
    def fuzz(text):
        check(world, client, case, text)

    for text in EXAMPLES:
        try:
            check(world, client, case, text)
        except Exception as exc:
            raise AssertionError(f"{name} with {text[:60]!r}: {type(exc).__name__}: {exc}") from exc
    fuzz()


# --- Accepted HTML-looking text is shown, escaped -------------------------------------------------

ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
SHOWN = [
    # (case, page showing the saved text)
    ("plan header", lambda w: reverse("plans:detail", args=[w.draft.pk])),
    ("section edit", lambda w: reverse("plans:edit", args=[w.draft.pk])),
    ("task edit", lambda w: reverse("plans:detail", args=[w.draft.pk])),
    ("round edit", lambda w: reverse("tasks:round_list", args=[w.draft.pk])),
    ("plan returned", lambda w: reverse("plans:edit", args=[w.submitted.pk])),
    ("unit report", lambda w: reverse("reports:unit_report_edit", args=[w.round2.pk, w.unit_a.pk])),
    ("unit report returned", lambda w: reverse("reports:unit_report_detail", args=[w.report_a.pk])),
    ("roll-up text", lambda w: reverse("reports:rollup_detail", args=[w.rollup.pk])),
    ("plan list search", lambda w: reverse("plans:list") + "?q=" + quote(SCRIPT)),
]


@pytest.mark.parametrize("name, page", SHOWN, ids=[name for name, _page in SHOWN])
def test_html_looking_text_is_saved_and_shown_escaped(name, page, world):
    case = CASES[name]
    client = client_for(world, case.persona)
    text = f"Họp dân {SCRIPT} & \"trích dẫn\" <b>đậm</b>"
    if name == "round edit":
        data = {"name": text, "deadline": "03/10/2025"}
    else:
        data = case.data(world, text)
    if case.method == "post":
        response = client.post(case.url(world, text), data)
        assert response.status_code in (302, 204), f"{name}: refused ({response.status_code})"
        if name == "plan returned":
            client = client_for(world, "editor")
    html = client.get(page(world)).content.decode()
    assert SCRIPT not in html and "<b>đậm</b>" not in html
    assert ESCAPED in html, f"{name}: the text is not shown"


def test_sign_in_with_hostile_text_shows_the_form_again(client, world):
    response = client.post(reverse("login"), {"username": SCRIPT + "\x00", "password": "x" * 10_000})
    assert response.status_code == 200
    assert SCRIPT not in response.content.decode()


# --- The spreadsheet import ----------------------------------------------------------------------

IMPORTS = [
    (UnitResource, UNIT_COLUMNS, lambda w, t: ["an-binh", t, t[:60], "", t, t, t, t[:40], "", 3]),
    (LegalDocumentResource, DOCUMENT_COLUMNS, lambda w, t: ["Chỉ thị", t[:120], t, t[:20], t, t]),
    (TaskResource, TASK_COLUMNS, lambda w, t: [w.draft.pk, 9, t, "VHXH", t[:300], "Theo ngày", t[:20], t]),
]


def imported_rows(resource) -> tuple:
    model = resource._meta.model
    return model.objects.count(), sorted(model.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("resource, columns, make_row", IMPORTS, ids=["units", "legal documents", "tasks"])
def test_hostile_cells_in_the_spreadsheet_import(resource, columns, make_row, world):
    def attempt(text, good_rows, as_xlsx):
        rows = [columns] + [make_row(world, f"Dòng tốt số {n}") for n in range(good_rows)] + [make_row(world, text)]
        with transaction.atomic():
            before = imported_rows(resource)
            try:
                dataset = read_xlsx(rows) if as_xlsx else read_csv(rows)
            except Exception:  # noqa: BLE001 - a cell the file format itself cannot hold (checked below)
                dataset = None
            if dataset is not None:
                result = resource().import_data(dataset)  # never raises: errors are collected
                after = imported_rows(resource)
                if result.has_errors() or result.has_validation_errors():
                    assert after == before, "refused, yet some rows were kept"
                else:
                    assert after[0] - before[0] in (0, len(rows) - 1), "only part of the file went in"
            transaction.set_rollback(True)

    for text in EXAMPLES:
        attempt(text, 1, True)
        attempt(text, 1, False)
    FUZZ(given(text=hostile, good_rows=st.integers(min_value=0, max_value=2), as_xlsx=st.booleans())(attempt))()


def test_a_file_the_import_cannot_read_is_refused(login, superuser, world, settings, tmp_path):
    """Through the admin: a spreadsheet full of hostile text, and garbage named .xlsx."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danvan.tests.test_import_export import csv_bytes

    settings.MEDIA_ROOT = tmp_path
    client = login(superuser)
    url = reverse("admin:danvan_unit_import")
    before = Unit.objects.count()
    page = client.post(url, {"format": "1", "import_file": SimpleUploadedFile("don-vi.xlsx", b"\x00" * 100)})
    assert page.status_code == 200 and "Không đọc được tệp" in page.content.decode()
    rows = [UNIT_COLUMNS, ["an-binh", SCRIPT, "", "", "", "", "", "", "", "x"]]
    page = client.post(url, {"format": "0", "import_file": SimpleUploadedFile("don-vi.csv", csv_bytes(rows))})
    assert page.status_code == 200 and SCRIPT not in page.content.decode()
    assert Unit.objects.count() == before
