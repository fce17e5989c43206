"""The import of a plan from a Word / PDF file or pasted text: source → review → "Tạo dự thảo".

Nothing is written to the plans before the last click: what was recognised is kept in the user's
session under a random token (the source text and the recognised data), the review page is built
from it, and only the POST of the review form calls `plan_create_from_import`.
"""

from __future__ import annotations

import datetime
import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan import permissions
from danvan.models import Organization, Unit
from danvan.text import short_date
from plans import importing
from plans.importing import forms as f
from plans.importing.services import NEW_UNIT, plan_create_from_import
from plans.views.common import edit_url
from plans.views.editing import creating_organization

SESSION_KEY = "plan_imports"
KEEP = 3  # imports kept in a session: a user comparing two files does not lose the first


@require_http_methods(["GET", "POST"])
def import_start(request):
    """Upload a file or paste text; on success the review page, on refusal the Vietnamese reason."""
    organization = creating_organization(request.user)
    form = f.SourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload:
                source = importing.read_source(data=upload.read(), filename=upload.name)
            else:
                source = importing.read_source(text=form.cleaned_data["text"])
            data = importing.recognise(source, organization=organization)
        except importing.ImportRefused as refused:
            form.add_error(None, str(refused))
        else:
            if data.get("not_a_plan"):  # the engine says what it found and what it did not
                form.add_error(None, str(data["not_a_plan"]))
            else:
                token = _remember(request, organization, source, data, upload.name if upload else "")
                return redirect("plans:import_review", token=token)
    return render(request, "plans/import_start.html", {"form": form, "organization": organization})


def _remember(request, organization: Organization, source, data: dict, filename: str) -> str:
    token = secrets.token_urlsafe(12)
    stored = dict(request.session.get(SESSION_KEY) or {})
    for old in list(stored)[:-(KEEP - 1)] if len(stored) >= KEEP else []:
        stored.pop(old)
    stored[token] = {"organization": organization.pk, "text": source.text, "kind": getattr(source, "kind", ""),
                     "filename": filename, "data": data}
    request.session[SESSION_KEY] = stored
    return token


def _recalled(request, token: str) -> tuple[dict, Organization]:
    """The import kept under `token` in this user's session (404 otherwise), and its organization
    (403 when the user may no longer create plans there)."""
    entry = (request.session.get(SESSION_KEY) or {}).get(token)
    if entry is None:
        raise Http404("Không tìm thấy bản nhập này (phiên làm việc đã hết hạn?). Hãy nhập lại tệp.")
    organization = Organization.objects.get(pk=entry["organization"])
    if not permissions.can(request.user, "edit", organization):
        raise PermissionDenied("Chỉ chuyên viên soạn thảo mới tạo được kế hoạch.")
    return entry, organization


def _forms(entry: dict, organization: Organization, post=None) -> dict:
    units = list(Unit.objects.filter(organization=organization, is_active=True).order_by("order", "name"))
    initial = f.initial_values(entry["data"], units)
    section_titles = [s["heading"] for s in initial["sections"]]
    if post is not None:  # the reviewer may have renamed sections: the duty choices follow the form
        count = _count(post, "sec")
        section_titles = [post.get(f"sec-{n}-heading", "") for n in range(count)]
    return {
        "header": f.HeaderForm(post, initial=initial["header"], prefix="head"),
        "citations": f.CitationFormSet(post, initial=initial["citations"], prefix="cit"),
        "sections": f.SectionFormSet(post, initial=initial["sections"], prefix="sec"),
        "units": f.UnitChoiceFormSet(post, initial=initial["units"], prefix="unit", form_kwargs={"units": units}),
        "tasks": f.TaskFormSet(post, initial=initial["tasks"], prefix="task"),
        "duties": f.DutyFormSet(post, initial=initial["duties"], prefix="duty",
                                form_kwargs={"sections": section_titles}),
        "rounds": f.RoundFormSet(post, initial=initial["rounds"], prefix="round"),
    }


def _count(post, prefix: str) -> int:
    try:
        return max(0, min(int(post.get(f"{prefix}-TOTAL_FORMS", 0)), 500))
    except ValueError:
        return 0


HEADER_SPANS = (("title_span", "part-head", "meta"), ("issuer_span", "part-head", "meta"),
                ("number_span", "part-head", "meta"), ("date_span", "part-head", "meta"),
                ("recipients_span", "part-signing", "meta"), ("closing_span", "part-signing", "meta"))


def _span(value, length: int) -> tuple[int, int] | None:
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) for v in value) \
            and 0 <= value[0] < value[1]:
        return value[0], min(value[1], length)
    return None


def highlighted_source(text: str, data: dict) -> str:
    """The source as HTML, each recognised piece a link to its row of the form (non-overlapping)."""
    pieces = []  # (start, end, id of the mark, id of the form part it links to, css kind)
    for key, target, css in HEADER_SPANS:
        if span := _span(data.get(key), len(text)):
            pieces.append((*span, key.removesuffix("_span"), target, css))
    if span := _span((data.get("signer") or {}).get("span"), len(text)):
        pieces.append((*span, "signer", "part-signing", "meta"))
    for prefix, key, css in (("cit", "citations", "cite"), ("task", "tasks", "task"), ("duty", "units", "unit"),
                             ("round", "rounds", "round")):
        rows = data.get(key) or []
        if key == "units":
            rows = [row for row in rows if row.get("duties")]
        for index, row in enumerate(rows):
            if span := _span(row.get("span"), len(text)):
                pieces.append((*span, f"{prefix}-{index}", f"row-{prefix}-{index}", css))
    for index, section in enumerate(data.get("sections") or []):
        span = _span(section.get("heading_span"), len(text))
        if span is None and (whole := _span(section.get("span"), len(text))):
            line_end = text.find("\n", whole[0])
            span = (whole[0], min(whole[1], line_end if line_end > whole[0] else whole[1], whole[0] + 200))
        if span:
            pieces.append((*span, f"sec-{index}", f"row-sec-{index}", "section"))
    pieces.sort(key=lambda piece: (piece[0], -piece[1]))
    html, at = [], 0
    for start, end, mark, target, css in pieces:
        if start < at or end <= start:
            continue  # overlaps a piece already marked
        html.append(escape(text[at:start]))
        html.append(f'<a class="hl hl-{css}" id="src-{mark}" href="#{target}">{escape(text[start:end])}</a>')
        at = end
    html.append(escape(text[at:]))
    return mark_safe("".join(html))  # noqa: S308 - every piece of text is escaped above


def _iso_date(value):
    try:
        return datetime.date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None


def _review(request, token: str, entry: dict, organization: Organization, parts: dict, error: str = "",
            status: int = 200):
    data = entry["data"]
    context = {
        "token": token, "organization": organization, "entry": entry, "parts": parts, "error": error,
        "source_html": highlighted_source(entry["text"], data),
        "recognised": {"issuer": data.get("issuer") or "", "issuer_parent": data.get("issuer_parent") or "",
                       "number": data.get("number") or "", "date": short_date(_iso_date(data.get("date"))),
                       "place": data.get("place") or ""},
        "new_unit": NEW_UNIT,
    }
    return render(request, "plans/import_review.html", context, status=status)


@require_GET
def import_review(request, token: str):
    entry, organization = _recalled(request, token)
    return _review(request, token, entry, organization, _forms(entry, organization))


def _included(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms if form.cleaned_data.get("include")]


def reviewed_data(parts: dict) -> dict:
    """The review form's cleaned values as the dictionary plan_create_from_import takes."""
    header = parts["header"].cleaned_data
    return {
        "reviewed": True,
        "title": header["title"], "year": header["year"], "period_label": header["period_label"],
        "period_start": header["period_start"], "period_end": header["period_end"],
        "intro": header["intro"], "closing": header["closing"], "recipients": header["recipients"].splitlines(),
        "signer": {"authority": header["signer_authority"], "title": header["signer_title"],
                   "deputy_title": header["signer_deputy_title"], "name": header["signer_name"]},
        "citations": [{**c, "date": c["date"].isoformat() if c["date"] else None} for c in _included(parts["citations"])],
        "sections": [{"heading": s["heading"], "text": s["text"]} for s in
                     (form.cleaned_data for form in parts["sections"].forms)],
        "unit_map": {u["name"]: u["choice"] or NEW_UNIT for u in (form.cleaned_data for form in parts["units"].forms)},
        "tasks": [{"content": t["content"], "lead": t["lead"], "co": [n for n in t["co"].split(";") if n.strip()],
                   "due_kind": t["due_kind"], "due": t["due"], "due_text": "", "output": t["output"]}
                  for t in _included(parts["tasks"])],
        "units": [{"name": u["name"], "duties": [line for line in u["duties"].splitlines() if line.strip()],
                   "section": u["section"]} for u in _included(parts["duties"])],
        "rounds": [{"name": r["name"], "deadline": r["deadline"], "period_start": r["period_start"],
                    "period_end": r["period_end"]} for r in _included(parts["rounds"])],
    }


@require_POST
def import_create(request, token: str):
    """"Tạo dự thảo": the reviewed values become one draft plan, then its edit page."""
    entry, organization = _recalled(request, token)
    parts = _forms(entry, organization, request.POST)
    if not all(part.is_valid() for part in parts.values()):
        return _review(request, token, entry, organization, parts,
                       error="Có ô chưa đúng (đánh dấu đỏ bên dưới). Sửa rồi bấm “Tạo dự thảo” lần nữa.", status=400)
    try:
        plan = plan_create_from_import(organization=organization, data=reviewed_data(parts), user=request.user)
    except ValidationError as error:
        return _review(request, token, entry, organization, parts, error=" ".join(error.messages), status=400)
    stored = dict(request.session.get(SESSION_KEY) or {})
    stored.pop(token, None)
    request.session[SESSION_KEY] = stored
    messages.success(request, f"Đã tạo dự thảo kế hoạch từ {entry['filename'] or 'nội dung đã dán'}: "
                              f"{plan.tasks.count()} nhiệm vụ, {plan.rounds.count()} đợt báo cáo. Tiếp tục soạn như thường.")
    return redirect(edit_url(plan))
