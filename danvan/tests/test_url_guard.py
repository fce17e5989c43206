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

from danvan.models import Role
from danvan.tests import factories as f
from danvan.tests.world import MARK, PERSONAS, World, media, report_form_data, upload, world  # noqa: F401
from plans.services import section_marker
from tasks.services import task_fingerprint

ANONYMOUS = "anonymous"
ALL_PERSONAS = (*PERSONAS, ANONYMOUS)
ORG = frozenset({"editor", "approver", "clerk", "reporter_a", "reporter_b", "viewer"})
READERS = ORG | {"parent_user"}  # the parent organization reads its children's issued documents
PARENT = frozenset({"parent_user"})
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


def on(attr: str, build):
    """Mark a kwargs builder with the world object it points to (see UNISSUED)."""
    build.attr = attr
    return build


def pk_of(attr):
    return on(attr, lambda w: {"pk": getattr(w, attr).pk})


def plan_pk(attr):
    return on(attr, lambda w: {"plan_pk": getattr(w, attr).pk})


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
            "assessment_text": r.assessment_text, "proposals_text": r.proposals_text,
            "direction_text": "Tiếp tục", "recipients": r.recipients, "signer_authority": r.signer_authority,
            "signer_title": r.signer_title, "signer_deputy_title": "", "signer_name": r.signer_name,
            "version": r.version}


def round_data(w: World) -> dict:
    return {"name": "Báo cáo lần 3", "deadline": "03/11/2025"}


TODAY = lambda w: timezone.localdate().isoformat()  # noqa: E731
IMPORT_TEXT = ("KẾ HOẠCH\nThực hiện công tác dân vận năm 2025\nI. MỤC ĐÍCH, YÊU CẦU\nNâng cao hiệu quả.\n"
               "II. NỘI DUNG\nTuyên truyền.\nIII. TỔ CHỨC THỰC HIỆN\nBáo cáo trước ngày 03/9/2025.\n")

# The organization's admin pages (issue 16): ADMINS are personas of test_administration_is_for_its_admins.
ADMINS = frozenset({"org_admin"})
OTHER_ADMINS = frozenset({"other_admin"})  # an admin of the sibling ward: 404
WRITE_OK = frozenset({302})
UNITS_CSV = ("organization,name,short_name,kind,head_name,contact_name,contact_title,contact_phone,email,order\n"
             ",Ban Chỉ huy quân sự,BCHQS,,,,,,,7\n").encode()


def org_code(w: World) -> dict:
    return {"code": w.org.code}


def unit_kwargs(w: World) -> dict:
    return {"code": w.org.code, "pk": w.unit_a.pk}


def person_kwargs(w: World) -> dict:
    return {"code": w.org.code, "pk": w.users["viewer"].pk}


def organization_data(w: World) -> dict:
    return {"name": w.org.name, "header_name": w.org.header_name, "place_name": w.org.place_name,
            "issuer_symbol": "UBND", "authority_line": "TM. ỦY BAN NHÂN DÂN", "default_signer_title": "CHỦ TỊCH"}


def child_data(w: World) -> dict:
    return {"name": "Ủy ban nhân dân xã Mới Lập", "code": "moi-lap", "header_name": "ỦY BAN NHÂN DÂN\nXÃ MỚI LẬP",
            "place_name": "Mới Lập", "admin-username": "quantri-moilap", "admin-full_name": "Phạm Văn Quản",
            "admin-email": "quantri@moilap.vn"}



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
    "plans:detail": Rule(pk_of("draft"), read=ORG, hidden=PARENT),
    "plans:edit": Rule(pk_of("draft"), read=EDITORS, write=EDITORS, data=header_data, hidden=PARENT),
    "plans:signing": Rule(pk_of("draft"), write=EDITORS,
                          data=lambda w: {"recipients": "UBND thành phố;\nLưu: VT.", "signer_authority": "TM. UBND",
                                          "signer_title": "CHỦ TỊCH", "signer_deputy_title": "",
                                          "signer_name": "Nguyễn Văn A", "version": w.draft.version}, hidden=PARENT),
    "plans:suggest_recipients": Rule(pk_of("draft"), read=EDITORS, hidden=PARENT),
    "plans:history": Rule(pk_of("draft"), read=ORG, hidden=PARENT),
    "plans:submit": Rule(pk_of("draft"), write=EDITORS, hidden=PARENT),
    "plans:approve": Rule(pk_of("submitted"), write=frozenset({"approver"}), hidden=PARENT),
    "plans:return": Rule(pk_of("submitted"), write=frozenset({"approver"}), data=lambda w: {"reason": "Sửa lại"}, hidden=PARENT),
    "plans:issue": Rule(pk_of("approved"), write=frozenset({"clerk"}),
                        data=lambda w: {"number": 40, "issued_on": TODAY(w)}, hidden=PARENT),
    "plans:attach_scan": Rule(pk_of("issued"), write=frozenset({"clerk", "editor"}),
                              data=lambda w: {"file": upload()}),
    "plans:scan": Rule(pk_of("issued"), read=READERS),
    "plans:delete": Rule(pk_of("draft"), read=EDITORS, write=EDITORS, hidden=PARENT),
    "plans:archive": Rule(pk_of("issued"), write=EDITORS),
    "plans:citation_add": Rule(pk_of("draft"), write=EDITORS,
                               data=lambda w: {"document": w.document.pk, "role": "carry_out"}, hidden=PARENT),
    "plans:citation_parse": Rule(pk_of("draft"), write=EDITORS, data=lambda w: {
        "text": "Nghị định số 61/2023/NĐ-CP ngày 16/8/2023 của Chính phủ", "role": "basis"},
        write_ok=frozenset({200}), hidden=PARENT),  # a preview of the parsed citation, nothing saved yet
    "plans:citation_paste_save": Rule(pk_of("draft"), write=EDITORS, data=lambda w: {
        "prefix": "p0", "p0-kind": "Nghị định", "p0-number": "61/2023/NĐ-CP", "p0-issuer": "Chính phủ",
        "p0-role": "basis"}, hidden=PARENT),
    "plans:citation_paste_all": Rule(pk_of("draft"), write=EDITORS, data=lambda w: {
        "text": "Nghị định số 61/2023/NĐ-CP ngày 16/8/2023 của Chính phủ", "role": "mention"}, hidden=PARENT),
    # The import: its review lives in the session of the editor who uploaded, so a token nobody
    # holds answers 404 to everyone (tested with a real upload in plans/tests/test_import_views.py).
    "plans:import_start": Rule(none, read=EDITORS | {"outsider"}, write=EDITORS | {"outsider"},  # in their own org
                               data=lambda w: {"text": IMPORT_TEXT}),
    "plans:import_review": Rule(lambda w: {"token": "khong-co"}, read=NOBODY,
                                overrides={(p, "get"): 404 for p in READERS | {"outsider"}}),
    "plans:import_create": Rule(lambda w: {"token": "khong-co"}, write=NOBODY,
                                overrides={(p, "post"): 404 for p in READERS | {"outsider"}}),
    "plans:citation_role": Rule(pk_of("citation"), write=EDITORS, data=lambda w: {"role": "carry_out"}, hidden=PARENT),
    "plans:citation_move": Rule(pk_of("citation"), write=EDITORS, data=lambda w: {"direction": "down"}, hidden=PARENT),
    "plans:citation_delete": Rule(pk_of("citation"), write=EDITORS, hidden=PARENT),
    "plans:section_add": Rule(pk_of("draft"), write=EDITORS, data=lambda w: {"heading": "NỘI DUNG"}, hidden=PARENT),
    "plans:section_update": Rule(pk_of("section"), write=EDITORS, data=lambda w: {
        "heading": "MỤC ĐÍCH", "body": "1. Mục đích", "marker": section_marker(w.section)}, hidden=PARENT),
    "plans:section_move": Rule(pk_of("section"), write=EDITORS, data=lambda w: {"direction": "down"}, hidden=PARENT),
    "plans:section_delete": Rule(pk_of("section"), write=EDITORS, hidden=PARENT),
    "plans:documents": Rule(none, read=SIGNED_IN),
    "plans:document_search": Rule(none, read=SIGNED_IN),
    # --- Tasks and rounds of a draft plan --------------------------------------------------------
    "tasks:task_list": Rule(plan_pk("draft"), read=ORG, hidden=PARENT),
    "tasks:task_new": Rule(plan_pk("draft"), read=EDITORS, hidden=PARENT),
    "tasks:task_create": Rule(plan_pk("draft"), write=EDITORS, data=task_data, hidden=PARENT),
    "tasks:task_table_import": Rule(plan_pk("draft"), write=EDITORS, data=lambda w: {"file": upload(
        "nhiem-vu.csv", "Nội dung nhiệm vụ;Đơn vị chủ trì;Đơn vị phối hợp;Thời hạn;Sản phẩm\n"
        f"Nhiệm vụ mới;{w.unit_a.name};;Thường xuyên;\n".encode(), "text/csv")}, hidden=PARENT),
    "tasks:task_row": Rule(pk_of("task"), read=ORG, hidden=PARENT),
    "tasks:task_edit": Rule(pk_of("task"), read=EDITORS, hidden=PARENT),
    "tasks:task_update": Rule(pk_of("task"), write=EDITORS,
                              data=lambda w: task_data(w, fingerprint=task_fingerprint(w.task)), hidden=PARENT),
    "tasks:task_delete": Rule(pk_of("task"), write=EDITORS, hidden=PARENT),
    "tasks:task_move": Rule(on("task", lambda w: {"pk": w.task.pk, "direction": "down"}), write=EDITORS, hidden=PARENT),
    "tasks:task_extend": Rule(pk_of("task"), write=EDITORS,
                              data=lambda w: {"extended_due_date": "31/10/2025", "extension_reason": "Thiếu kinh phí"}, hidden=PARENT),
    "tasks:round_list": Rule(plan_pk("draft"), read=ORG, hidden=PARENT),
    "tasks:round_new": Rule(plan_pk("draft"), read=EDITORS, hidden=PARENT),
    "tasks:round_create": Rule(plan_pk("draft"), write=EDITORS, data=round_data, hidden=PARENT),
    "tasks:round_generate_form": Rule(plan_pk("draft"), read=EDITORS, hidden=PARENT),
    "tasks:rounds_generate": Rule(plan_pk("draft"), write=EDITORS,
                                  data=lambda w: {"period": "half", "days": 2, "day_kind": "working"}, hidden=PARENT),
    "tasks:round_row": Rule(pk_of("draft_round"), read=ORG, hidden=PARENT),
    "tasks:round_edit": Rule(pk_of("draft_round"), read=EDITORS, hidden=PARENT),
    "tasks:round_update": Rule(pk_of("draft_round"), write=EDITORS, data=round_data, hidden=PARENT),
    "tasks:round_delete": Rule(pk_of("draft_round"), write=EDITORS, hidden=PARENT),
    "tasks:plan_copy": Rule(plan_pk("draft"), write=EDITORS, hidden=PARENT),
    # --- Printed documents -----------------------------------------------------------------------
    "reports:plan_pdf": Rule(pk_of("draft"), read=ORG, hidden=PARENT),
    "reports:plan_docx": Rule(pk_of("draft"), read=ORG, hidden=PARENT),
    "reports:plan_xlsx": Rule(pk_of("draft"), read=ORG, hidden=PARENT),
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
    # --- Passwords: Django's views; the reset pages are for people who cannot sign in ------------
    "password_change": Rule(none, read=SIGNED_IN, write=SIGNED_IN, write_ok=frozenset({200}),  # wrong old password
                            data=lambda w: {"old_password": "sai", "new_password1": "Moi-2025-x", "new_password2": "Moi-2025-x"}),
    "password_change_done": Rule(none, read=SIGNED_IN),
    "password_reset": Rule(none, read=SIGNED_IN | {ANONYMOUS}, write=SIGNED_IN | {ANONYMOUS}, public=True,
                           data=lambda w: {"email": "khong-co@example.vn"}),
    "password_reset_done": Rule(none, read=SIGNED_IN | {ANONYMOUS}, public=True),
    "password_reset_confirm": Rule(lambda w: {"uidb64": "MQ", "token": "sai-ma"}, read=SIGNED_IN | {ANONYMOUS},
                                   write=SIGNED_IN | {ANONYMOUS}, public=True, write_ok=frozenset({200})),
    "password_reset_complete": Rule(none, read=SIGNED_IN | {ANONYMOUS}, public=True),
    # --- Running the organization (issue 16): its admins only. The personas here hold no admin
    # role, so they get 403 (404 outside the organization); test_administration_is_for_its_admins
    # asks the organization's admin, another ward's admin (404) and the city's admin (403). -------
    "administration:start": Rule(none, read=NOBODY, overrides={("outsider", "get"): 403}),
    **{name: Rule(org_code, read=ADMINS, write=ADMINS, data=data, hidden=OTHER_ADMINS, write_ok=ok)
       for name, data, ok in [
           ("administration:organization_edit", organization_data, WRITE_OK),
           ("administration:unit_create", lambda w: {"name": "Ban mới", "kind": "department", "order": 9}, WRITE_OK),
           ("administration:person_create", lambda w: {"username": "nguoimoi", "full_name": "Trần Thị Mới",
                                                       "email": "moi@example.vn", "role": "viewer"}, WRITE_OK),
           ("administration:import", lambda w: {"kind": "units", "file": upload("don-vi.csv", UNITS_CSV, "text/csv")},
            WRITE_OK),
           ("administration:child_create", child_data, WRITE_OK)]},
    **{name: Rule(org_code, read=ADMINS, hidden=OTHER_ADMINS) for name in [
        "administration:home", "administration:units", "administration:people", "administration:audit_log",
        "administration:children"]},
    "administration:export": Rule(lambda w: {"code": w.org.code, "kind": "nguoi-dung"}, read=ADMINS, hidden=OTHER_ADMINS),
    "administration:unit_edit": Rule(unit_kwargs, read=ADMINS, write=ADMINS, hidden=OTHER_ADMINS,
                                     data=lambda w: {"name": w.unit_a.name, "kind": "department", "order": 1}),
    # Both units reported for round 1, so merging them is refused on the form (200); merges that
    # go through are tested in danvan/tests/test_administration.py.
    "administration:unit_merge": Rule(unit_kwargs, read=ADMINS, write=ADMINS, hidden=OTHER_ADMINS,
                                      data=lambda w: {"target": w.unit_b.pk}, write_ok=frozenset({200})),
    **{name: Rule(unit_kwargs, write=ADMINS, hidden=OTHER_ADMINS) for name in [
        "administration:unit_deactivate", "administration:unit_activate", "administration:unit_delete"]},
    "administration:person": Rule(person_kwargs, read=ADMINS, write=ADMINS, hidden=OTHER_ADMINS,
                                  data=lambda w: {"full_name": "Lê Thị Xem", "email": "xem@example.vn"}),
    "administration:role_grant": Rule(person_kwargs, write=ADMINS, hidden=OTHER_ADMINS, data=lambda w: {"role": "clerk"}),
    "administration:role_revoke": Rule(lambda w: {**person_kwargs(w), "membership_pk": w.users["viewer"].memberships.get().pk},
                                       write=ADMINS, hidden=OTHER_ADMINS),
    "administration:person_temporary_password": Rule(person_kwargs, write=ADMINS, hidden=OTHER_ADMINS, data=lambda w: {
        "password1": "Tam-thoi-2025", "password2": "Tam-thoi-2025"}),
    **{name: Rule(person_kwargs, write=ADMINS, hidden=OTHER_ADMINS) for name in [
        "administration:person_deactivate", "administration:person_activate", "administration:person_force_reset"]},
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
    "reports:letter_scan": Rule(letter("issued"), write=frozenset({"clerk", "editor"}),
                                data=lambda w: {"scan": upload()}),
    "reports:letter_scan_file": Rule(letter("issued"), read=READERS),
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
        if rule.write is not None and name not in ("login", "logout", "plans:create", "plans:import_start",
                                                   "reports:parent_compile",
                                                   "reports:calendar_token_reset", "reports:calendar_token_revoke",
                                                   "password_change", "password_reset", "password_reset_confirm",
                                                   "organization_switch"):
            assert not rule.write & {"viewer", "parent_user", "outsider", ANONYMOUS}, name


# --- The organization admin's pages (issue 16) ------------------------------------------------------

def test_administration_is_for_its_admins(world, city):
    """The organization's admin may do everything; another ward's admin gets 404 (they must not
    learn the page exists); the city's admin gets 403: it creates communes and their first admin
    (administration:child_create on its own pages) but does not run them."""
    admins = {"org_admin": world.org, "other_admin": world.other_org, "city_admin": city}
    users = {}
    for persona, organization in admins.items():
        users[persona] = f.UserFactory(username=persona)
        f.MembershipFactory(user=users[persona], organization=organization, role=Role.ADMIN)
    problems = []
    for name in sorted(n for n in RULES if n.startswith("administration:") and n != "administration:start"):
        rule = RULES[name]
        url = reverse(name, kwargs=rule.kwargs(world))
        for persona, user in users.items():
            client = Client()
            client.force_login(user)
            for method in ("get", "post"):
                status, response = ask(world, rule, url, client, method)
                problem = judge(rule, persona, method, status, response)
                if problem:
                    problems.append(f"{name}: {method.upper()} {url} as {persona}: {problem}")
                if persona == "other_admin" and response is not None and MARK.encode() in response.body:
                    problems.append(f"{name}: {url} shows the organization to another ward's admin")
    assert not problems, "\n".join(problems)


def test_administration_start_leads_each_admin_to_their_own_organization(world, city):
    for organization in (world.org, world.other_org, city):
        user = f.UserFactory(username=f"admin-{organization.code}")
        f.MembershipFactory(user=user, organization=organization, role=Role.ADMIN)
        client = Client()
        client.force_login(user)
        response = client.get(reverse("administration:start"))
        assert response.status_code == 302
        assert response["Location"] == reverse("administration:home", kwargs={"code": organization.code})


# --- The level above sees only issued documents -----------------------------------------------------

# World objects that are, or belong to, a document not issued yet (a draft, one waiting for approval
# or for its number): the parent organization must not learn they exist.
UNISSUED = {"draft", "section", "citation", "task", "draft_round", "submitted", "approved", "rollup",
            "submitted_rollup", "approved_rollup"}


def test_the_level_above_sees_only_issued_documents():
    """Every URL of an unissued document is a 404 to the parent organization's users, whatever the
    method: plan pages, history, tasks, rounds, PDF, Word and xlsx of a draft, roll-ups alike."""
    wrong = [name for name, rule in RULES.items() if getattr(rule.kwargs, "attr", None) in UNISSUED
             and ("parent_user" not in rule.hidden or PARENT & (rule.read or NOBODY) or PARENT & (rule.write or NOBODY))]
    assert not wrong, f"URLs of unissued documents that the level above may reach: {wrong}"


def test_unissued_means_unissued(world):
    for attr in UNISSUED:
        obj = getattr(world, attr)
        assert not getattr(obj, "plan", obj).is_issued, attr


def test_the_level_above_lists_only_issued_plans(world):
    client = Client()
    client.force_login(world.users["parent_user"])
    page = client.get(reverse("plans:list")).content.decode()
    assert world.issued.title in page
    for attr in ("draft", "submitted", "approved"):
        assert getattr(world, attr).title not in page, attr
    own = Client()
    own.force_login(world.users["viewer"])
    assert world.draft.title in own.get(reverse("plans:list")).content.decode()
