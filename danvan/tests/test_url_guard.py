"""Every URL of the project is guarded (issue 7).

The test walks the project's URL patterns (the admin and static files aside) and, for each one,
asks every persona for it with GET and POST. RULES below is THE table of the permission rules:
for each URL name, how to build its arguments from the populated world (danvan/tests/world.py),
who may read it (GET) and who may write (POST). From that the expected status follows:

- anonymous: sent to the sign-in page (except `public` URLs, such as the token calendar feed);
- a persona allowed: 200 (a write: 200, 204 or a redirect that is not the sign-in page);
- GET on a mutation, POST on a read-only page: 405;
- a user of another organization: 404 (they must not learn that the object exists), as must
  personas listed in `hidden` (another unit's reporter for a unit's report);
- any other signed-in persona (read-only roles, the parent organization's users on a write): 403.

A URL pattern with no rule fails the build: "URL <name> has no permission rule in
test_url_guard.RULES". Each request runs in a savepoint rolled back afterwards, so every persona
meets the same data. A page that an outsider or an anonymous visitor may open must never show
anything of the organization (danvan.tests.world.MARK).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from danvan.tests.world import MARK, PERSONAS, World, media, report_form_data, upload, world  # noqa: F401
from plans.services import section_marker
from tasks.services import task_fingerprint

ANONYMOUS = "anonymous"
ALL_PERSONAS = (*PERSONAS, ANONYMOUS)
ORG = frozenset({"editor", "approver", "clerk", "reporter_a", "reporter_b", "viewer"})
READERS = ORG | {"parent_user"}  # the parent organization reads its children
OFFICE_READERS = READERS - {"reporter_a", "reporter_b"}  # every report of the organization
SIGNED_IN = READERS | {"outsider"}  # pages about the user's own organization or account
EDITORS = frozenset({"editor"})
NOBODY = frozenset()
SKIPPED_NAMESPACES = {"admin"}  # the admin has its own rules (is_staff, model permissions)
LOGIN = "/dang-nhap/"


@dataclass(frozen=True)
class Rule:
    """Who may do what on one URL. `read`/`write`: personas allowed GET/POST, None when the URL
    does not take that method (405). `hidden`: personas who get 404 instead of 403."""

    kwargs: Callable[[World], dict]
    read: frozenset | None = None
    write: frozenset | None = None
    data: Callable[[World], dict] = lambda w: {}
    hidden: frozenset = NOBODY
    public: bool = False  # login_not_required: anonymous is treated like any other persona
    to_login_ok: bool = False  # an allowed request may end on the sign-in page (signing out)
    overrides: dict = field(default_factory=dict)  # {(persona, method): status}
    # An allowed POST succeeds by redirecting (or 204 for htmx); a page that answers 200 to a POST
    # re-showed its form with errors, unless it is a preview.
    write_ok: frozenset = frozenset({204, 302})


def pk_of(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def plan_pk(attr):
    return lambda w: {"plan_pk": getattr(w, attr).pk}


def none(w):
    return {}


def header_data(w: World) -> dict:
    p = w.draft
    return {"title": "Kế hoạch đã sửa", "year": p.year, "period_label": p.period_label,
            "period_start": p.period_start.isoformat(), "period_end": p.period_end.isoformat(),
            "intro": p.intro, "closing": "", "appendix_title": p.appendix_title, "version": p.version}


def task_data(w: World, **extra) -> dict:
    return {"content": "Nhiệm vụ mới", "lead_unit": w.unit_a.pk, "due_kind": "date", "due": "30/10/2025",
            "output": "Báo cáo", **extra}


def rollup_data(w: World) -> dict:
    r = w.rollup
    return {"title": r.title, "period_label": r.period_label, "intro": r.intro, "results_text": r.results_text,
            "difficulties_text": r.difficulties_text, "proposals_text": r.proposals_text,
            "direction_text": "Tiếp tục", "recipients": r.recipients, "signer_authority": r.signer_authority,
            "signer_title": r.signer_title, "signer_deputy_title": "", "signer_name": r.signer_name,
            "version": r.version}


def round_data(w: World) -> dict:
    return {"name": "Báo cáo lần 3", "deadline": "03/11/2025"}


TODAY = lambda w: timezone.localdate().isoformat()  # noqa: E731


def letter(state: str):
    return lambda w: {"pk": w.extra["letters"][state].pk}


def letter_data(w: World) -> dict:
    draft = w.extra["letters"]["draft"]
    return {"units": [w.unit_b.pk], "subject": "đôn đốc báo cáo", "body": "Đề nghị gửi báo cáo.",
            "reply_by": "2025-12-15", "drafting_symbol": "VHXH", "recipients": "Như trên", "signer_authority": "",
            "signer_title": "CHỦ TỊCH", "signer_deputy_title": "", "signer_name": "Nguyễn Văn A",
            "version": draft.version}

RULES: dict[str, Rule] = {
    # --- The project: home, sign-in ------------------------------------------------------------
    "home": Rule(none, read=SIGNED_IN),
    "login": Rule(none, read=SIGNED_IN | {ANONYMOUS}, write=SIGNED_IN | {ANONYMOUS}, public=True,
                  data=lambda w: {"username": "khong-co", "password": "sai-mat-khau"},
                  # a signed-in user is sent on to the home page (redirect_authenticated_user)
                  overrides={(p, m): 302 for p in SIGNED_IN for m in ("get", "post")},
                  write_ok=frozenset({200})),  # the wrong password is shown on the form
    "logout": Rule(none, write=SIGNED_IN, to_login_ok=True),
    # --- Plans ----------------------------------------------------------------------------------
    "plans:list": Rule(none, read=SIGNED_IN),
    "plans:create": Rule(none, read=EDITORS | {"outsider"}, write=EDITORS | {"outsider"},  # in their own org
                         data=lambda w: {**header_data(w), "shape": "content"}),
    "plans:detail": Rule(pk_of("draft"), read=READERS),
    "plans:edit": Rule(pk_of("draft"), read=EDITORS, write=EDITORS, data=header_data),
    "plans:signing": Rule(pk_of("draft"), write=EDITORS,
                          data=lambda w: {"recipients": "UBND thành phố;\nLưu: VT.", "signer_authority": "TM. UBND",
                                          "signer_title": "CHỦ TỊCH", "signer_deputy_title": "",
                                          "signer_name": "Nguyễn Văn A", "version": w.draft.version}),
    "plans:suggest_recipients": Rule(pk_of("draft"), read=EDITORS),
    "plans:history": Rule(pk_of("draft"), read=READERS),
    "plans:submit": Rule(pk_of("draft"), write=EDITORS),
    "plans:approve": Rule(pk_of("submitted"), write=frozenset({"approver"})),
    "plans:return": Rule(pk_of("submitted"), write=frozenset({"approver"}), data=lambda w: {"reason": "Sửa lại"}),
    "plans:issue": Rule(pk_of("approved"), write=frozenset({"clerk"}),
                        data=lambda w: {"number": 40, "issued_on": TODAY(w)}),
    "plans:attach_scan": Rule(pk_of("issued"), write=frozenset({"clerk", "editor"}),
                              data=lambda w: {"file": upload()}),
    "plans:scan": Rule(pk_of("issued"), read=READERS),
    "plans:delete": Rule(pk_of("draft"), read=EDITORS, write=EDITORS),
    "plans:archive": Rule(pk_of("issued"), write=EDITORS),
    "plans:citation_add": Rule(pk_of("draft"), write=EDITORS,
                               data=lambda w: {"document": w.document.pk, "role": "carry_out"}),
    "plans:citation_parse": Rule(pk_of("draft"), write=EDITORS, data=lambda w: {
        "text": "Nghị định số 61/2023/NĐ-CP ngày 16/8/2023 của Chính phủ", "role": "basis"},
        write_ok=frozenset({200})),  # a preview of the parsed citation, nothing saved yet
    "plans:citation_paste_save": Rule(pk_of("draft"), write=EDITORS, data=lambda w: {
        "prefix": "p0", "p0-kind": "Nghị định", "p0-number": "61/2023/NĐ-CP", "p0-issuer": "Chính phủ",
        "p0-role": "basis"}),
    "plans:citation_role": Rule(pk_of("citation"), write=EDITORS, data=lambda w: {"role": "carry_out"}),
    "plans:citation_move": Rule(pk_of("citation"), write=EDITORS, data=lambda w: {"direction": "down"}),
    "plans:citation_delete": Rule(pk_of("citation"), write=EDITORS),
    "plans:section_add": Rule(pk_of("draft"), write=EDITORS, data=lambda w: {"heading": "NỘI DUNG"}),
    "plans:section_update": Rule(pk_of("section"), write=EDITORS, data=lambda w: {
        "heading": "MỤC ĐÍCH", "body": "1. Mục đích", "marker": section_marker(w.section)}),
    "plans:section_move": Rule(pk_of("section"), write=EDITORS, data=lambda w: {"direction": "down"}),
    "plans:section_delete": Rule(pk_of("section"), write=EDITORS),
    "plans:documents": Rule(none, read=SIGNED_IN),
    "plans:document_search": Rule(none, read=SIGNED_IN),
    # --- Tasks and rounds of a draft plan --------------------------------------------------------
    "tasks:task_list": Rule(plan_pk("draft"), read=READERS),
    "tasks:task_new": Rule(plan_pk("draft"), read=EDITORS),
    "tasks:task_create": Rule(plan_pk("draft"), write=EDITORS, data=task_data),
    "tasks:task_row": Rule(pk_of("task"), read=READERS),
    "tasks:task_edit": Rule(pk_of("task"), read=EDITORS),
    "tasks:task_update": Rule(pk_of("task"), write=EDITORS,
                              data=lambda w: task_data(w, fingerprint=task_fingerprint(w.task))),
    "tasks:task_delete": Rule(pk_of("task"), write=EDITORS),
    "tasks:task_move": Rule(lambda w: {"pk": w.task.pk, "direction": "down"}, write=EDITORS),
    "tasks:task_extend": Rule(pk_of("task"), write=EDITORS,
                              data=lambda w: {"extended_due_date": "31/10/2025", "extension_reason": "Thiếu kinh phí"}),
    "tasks:round_list": Rule(plan_pk("draft"), read=READERS),
    "tasks:round_new": Rule(plan_pk("draft"), read=EDITORS),
    "tasks:round_create": Rule(plan_pk("draft"), write=EDITORS, data=round_data),
    "tasks:round_generate_form": Rule(plan_pk("draft"), read=EDITORS),
    "tasks:rounds_generate": Rule(plan_pk("draft"), write=EDITORS,
                                  data=lambda w: {"period": "half", "days": 2, "day_kind": "working"}),
    "tasks:round_row": Rule(pk_of("draft_round"), read=READERS),
    "tasks:round_edit": Rule(pk_of("draft_round"), read=EDITORS),
    "tasks:round_update": Rule(pk_of("draft_round"), write=EDITORS, data=round_data),
    "tasks:round_delete": Rule(pk_of("draft_round"), write=EDITORS),
    "tasks:plan_copy": Rule(plan_pk("draft"), write=EDITORS),
    # --- Printed documents -----------------------------------------------------------------------
    "reports:plan_pdf": Rule(pk_of("draft"), read=READERS),
    "reports:plan_docx": Rule(pk_of("draft"), read=READERS),
    "reports:plan_xlsx": Rule(pk_of("draft"), read=READERS),
    # --- Unit reports ------------------------------------------------------------------------------
    "reports:my_unit": Rule(none, read=SIGNED_IN),
    "reports:unit_report_edit": Rule(lambda w: {"round_id": w.round2.pk, "unit_id": w.unit_a.pk},
                                     read=frozenset({"reporter_a"}), write=frozenset({"reporter_a"}),
                                     data=lambda w: report_form_data(w.open_report_a),
                                     hidden=frozenset({"reporter_b"})),
    "reports:unit_report_detail": Rule(pk_of("report_a"), read=READERS - {"reporter_b"},
                                       hidden=frozenset({"reporter_b"})),
    "reports:unit_report_accept": Rule(pk_of("report_a"), write=EDITORS, hidden=frozenset({"reporter_b"}),
                                       data=lambda w: {"version": w.report_a.version}),
    "reports:unit_report_return": Rule(pk_of("report_a"), write=EDITORS, hidden=frozenset({"reporter_b"}),
                                       data=lambda w: {"version": w.report_a.version, "reason": "Bổ sung số liệu"}),
    "reports:evidence": Rule(pk_of("evidence"), read=READERS - {"reporter_b"}, hidden=frozenset({"reporter_b"})),
    "reports:round_board": Rule(lambda w: {"round_id": w.round1.pk}, read=OFFICE_READERS),
    "reports:calendar_settings": Rule(none, read=SIGNED_IN),
    "reports:calendar_token_reset": Rule(none, write=SIGNED_IN),
    "reports:calendar_token_revoke": Rule(none, write=SIGNED_IN),
    # The feed is read by calendar programs that cannot sign in: the secret token is the key.
    "reports:calendar_feed": Rule(lambda w: {"token": w.token.token}, read=SIGNED_IN | {ANONYMOUS}, public=True),
    # --- Roll-ups: a draft is seen only inside its organization ---------------------------------
    "reports:rollup_list": Rule(none, read=SIGNED_IN),
    "reports:rollup_round": Rule(lambda w: {"round_pk": w.round1.pk}, read=READERS),
    "reports:rollup_compile": Rule(lambda w: {"round_pk": w.round1.pk}, write=EDITORS),
    "reports:rollup_detail": Rule(pk_of("rollup"), read=ORG, hidden=frozenset({"parent_user"})),
    "reports:rollup_edit": Rule(pk_of("rollup"), read=EDITORS, write=EDITORS, data=rollup_data,
                                hidden=frozenset({"parent_user"})),
    "reports:rollup_refresh": Rule(pk_of("rollup"), write=EDITORS, hidden=frozenset({"parent_user"})),
    "reports:rollup_submit": Rule(pk_of("rollup"), write=EDITORS, hidden=frozenset({"parent_user"})),
    "reports:rollup_approve": Rule(pk_of("submitted_rollup"), write=frozenset({"approver"}),
                                   hidden=frozenset({"parent_user"})),
    "reports:rollup_return": Rule(pk_of("submitted_rollup"), write=frozenset({"approver"}),
                                  hidden=frozenset({"parent_user"}), data=lambda w: {"reason": "Sửa lại"}),
    "reports:rollup_issue": Rule(pk_of("approved_rollup"), write=frozenset({"clerk"}),
                                 hidden=frozenset({"parent_user"}), data=lambda w: {"issued_on": TODAY(w)}),
    "reports:rollup_scan": Rule(pk_of("issued_rollup"), write=frozenset({"clerk", "editor"}),
                                data=lambda w: {"scan": upload()}),
    "reports:rollup_scan_file": Rule(pk_of("issued_rollup"), read=READERS),
    "reports:rollup_pdf": Rule(pk_of("rollup"), read=ORG, hidden=frozenset({"parent_user"})),
    "reports:rollup_docx": Rule(pk_of("rollup"), read=ORG, hidden=frozenset({"parent_user"})),
    "reports:rollup_xlsx": Rule(pk_of("rollup"), read=ORG, hidden=frozenset({"parent_user"})),
    # The level above: each user sees their own organization's children (the outsider their own).
    "reports:parent_overview": Rule(none, read=SIGNED_IN),
    "reports:parent_compile": Rule(none, write=EDITORS | {"outsider"}, data=lambda w: {"year": 2025}),
    # --- Việc cần làm, Tổng quan, reminders and the công văn đôn đốc (issue 15) ------------------
    # Switching to an organization one has no role in is refused in words (a redirect, nothing kept).
    "organization_switch": Rule(none, write=SIGNED_IN, data=lambda w: {"organization": w.org.pk}),
    "reports:inbox_count": Rule(none, read=SIGNED_IN),
    # Each user's own organization (the outsider's, the parent's: nothing of this one).
    "reports:dashboard": Rule(none, read=OFFICE_READERS | {"outsider"}),
    "reports:dashboard_xlsx": Rule(none, read=OFFICE_READERS | {"outsider"}),
    # Only an organization with children has the per-ward view (the ward's people: 404).
    "reports:dashboard_children": Rule(none, read=frozenset({"parent_user"}),
                                       hidden=frozenset({"editor", "approver", "clerk", "viewer"})),
    "reports:child_documents": Rule(lambda w: {"org_id": w.org.pk}, read=READERS),
    "reports:round_remind": Rule(lambda w: {"round_id": w.round2.pk}, write=EDITORS,
                                 data=lambda w: {"unit": w.unit_b.pk}),
    "reports:letter_create": Rule(lambda w: {"round_id": w.round2.pk}, write=EDITORS),
    "reports:letter_detail": Rule(letter("draft"), read=ORG, hidden=frozenset({"parent_user"})),
    "reports:letter_edit": Rule(letter("draft"), read=EDITORS, write=EDITORS, data=letter_data,
                                hidden=frozenset({"parent_user"})),
    "reports:letter_submit": Rule(letter("draft"), write=EDITORS, hidden=frozenset({"parent_user"})),
    "reports:letter_approve": Rule(letter("submitted"), write=frozenset({"approver"}),
                                   hidden=frozenset({"parent_user"})),
    "reports:letter_return": Rule(letter("submitted"), write=frozenset({"approver"}),
                                  hidden=frozenset({"parent_user"}), data=lambda w: {"reason": "Sửa lại"}),
    "reports:letter_issue": Rule(letter("approved"), write=frozenset({"clerk"}), hidden=frozenset({"parent_user"}),
                                 data=lambda w: {"number": 41, "issued_on": TODAY(w)}),
    "reports:letter_pdf": Rule(letter("draft"), read=ORG, hidden=frozenset({"parent_user"})),
    "reports:letter_docx": Rule(letter("draft"), read=ORG, hidden=frozenset({"parent_user"})),
}


# --- Walking the URL patterns ---------------------------------------------------------------------

def project_urls() -> dict[str, str]:
    """Every named URL pattern of the project: {"namespace:name": "route"}, admin aside."""
    found: dict[str, str] = {}

    def walk(patterns, namespace: str, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in SKIPPED_NAMESPACES:
                    continue
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                found[f"{namespace}{entry.name}" if entry.name else f"<unnamed {route}>"] = route

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_url_has_a_permission_rule():
    missing = [name for name in project_urls() if name not in RULES]
    assert not missing, "\n".join(f"URL {name} has no permission rule in test_url_guard.RULES" for name in missing)


def test_every_rule_names_a_url_of_the_project():
    """A rule left behind by a removed URL would silently test nothing."""
    stale = sorted(set(RULES) - set(project_urls()))
    assert not stale, f"RULES has rules for URLs that no longer exist: {stale}"


# --- Asking every persona -------------------------------------------------------------------------

def expected(rule: Rule, persona: str, method: str) -> int | str:
    """The status the rules give: an int, "ok" (allowed) or "login" (sent to sign in)."""
    if (persona, method) in rule.overrides:
        return rule.overrides[(persona, method)]
    if persona == ANONYMOUS and not rule.public:
        return "login"
    allowed = rule.read if method == "get" else rule.write
    if allowed is None:
        return 405
    if persona in allowed:
        return "ok"
    if persona in ("outsider", ANONYMOUS) or persona in rule.hidden:
        return 404
    return 403


def clients(world: World) -> dict[str, Client]:
    """A test client per persona, signed in (anonymous: not signed in)."""
    made = {}
    for persona in ALL_PERSONAS:
        made[persona] = Client()
        if persona != ANONYMOUS:
            made[persona].force_login(world.users[persona])
    return made


def ask(world: World, rule: Rule, url: str, client: Client, method: str):
    """One request, inside a savepoint rolled back afterwards; returns (status, response)."""
    with transaction.atomic():
        try:
            if method == "get":
                response = client.get(url)
            else:
                response = client.post(url, rule.data(world))
        except Exception as exc:  # a 500: report it with the others instead of stopping
            transaction.set_rollback(True)
            return f"500 ({type(exc).__name__}: {exc})", None
        body = b"".join(response.streaming_content) if response.streaming else response.content
        response.body = body
        transaction.set_rollback(True)
    return response.status_code, response


def judge(rule: Rule, persona: str, method: str, status, response) -> str:
    """"" when the response is what the rules give, else what went wrong."""
    want = expected(rule, persona, method)
    if response is None:
        return f"expected {want}, got {status}"
    location = response.get("Location", "")
    to_login = location.startswith(LOGIN) and not rule.to_login_ok
    if want == "login":
        ok = status == 302 and location.startswith(LOGIN)
    elif want == "ok":
        if method == "get":
            ok = status == 200 and not to_login
        else:
            ok = status in rule.write_ok and not to_login
    else:
        ok = status == want
    if not ok:
        return f"expected {want}, got {status} {location}".rstrip()
    if persona in ("outsider", ANONYMOUS) and MARK.encode() in response.body:
        return f"status {status} but the page shows data of the organization to {persona}"
    return ""


def url_problems(world: World, name: str) -> list[str]:
    rule = RULES[name]
    url = reverse(name, kwargs=rule.kwargs(world))
    problems = []
    for persona, client in clients(world).items():
        for method in ("get", "post"):
            status, response = ask(world, rule, url, client, method)
            problem = judge(rule, persona, method, status, response)
            if problem:
                problems.append(f"{name}: {method.upper()} {url} as {persona}: {problem}")
    return problems


def app_of(name: str) -> str:
    return name.split(":")[0] if ":" in name else "danvan"


# One test per app, so the populated world is built once for many URLs (each request is still
# rolled back); the message lists every URL, persona and method that broke a rule.
@pytest.mark.parametrize("app", sorted({app_of(name) for name in RULES}))
def test_urls_are_guarded(app, world):
    problems = []
    for name in sorted(set(RULES) & set(project_urls())):  # a rule without its URL: see the test above
        if app_of(name) == app:
            problems.extend(url_problems(world, name))
    assert not problems, "\n".join(problems)


def test_calendar_feed_with_a_wrong_token_is_not_found(client, world):
    url = reverse("reports:calendar_feed", kwargs={"token": world.token.token[:-2] + "xx"})
    assert client.get(url).status_code == 404
    assert client.get(reverse("reports:calendar_feed", kwargs={"token": "x" * 500})).status_code == 404


def test_the_table_itself_is_strict():
    """The rules are not vacuous: no URL lets anyone but its own organization write, and every
    URL that writes refuses the read-only personas."""
    for name, rule in RULES.items():
        if rule.write is not None and name not in ("login", "logout", "plans:create", "reports:parent_compile",
                                                   "reports:calendar_token_reset", "reports:calendar_token_revoke",
                                                   "organization_switch"):
            assert not rule.write & {"viewer", "parent_user", "outsider", ANONYMOUS}, name
