"""Citations of a plan: pick from the registry, paste a citation to parse, role, order, delete."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from plans import services
from plans.citation_parser import parse_citations, parse_one
from plans.forms import (CitationAddForm, CitationPasteForm, CitationRoleForm, LegalDocumentForm, MoveForm,
                         add_service_errors, parsed_date)
from plans.models import Citation, CitationRole, LegalDocument, number_key
from plans.views.common import done, get_part, get_plan, is_htmx, not_editable_message, refusal
from plans.views.context import citation_list, edit_context

NOT_A_CITATION = ("Không nhận ra trích dẫn văn bản nào trong đoạn đã dán. Trích dẫn cần có loại văn bản và số, "
                  "ký hiệu (ví dụ: Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ) hoặc tên luật.")
MAX_RESULTS = 10


def search_documents(query: str):
    """Registry entries matching words (with or without diacritics) or the start of a number."""
    query = " ".join(query.split())[:200]
    if not query:
        return LegalDocument.objects.none()
    key = number_key(query)
    matches = LegalDocument.objects.filter(
        Q(pk__in=LegalDocument.objects.search(query).values("pk")) | Q(number_key__startswith=key))
    exact = Case(When(number_key=key, then=Value(0)), default=Value(1), output_field=IntegerField())
    return matches.annotate(exact=exact).order_by("exact", "-issued_on", "number")


@require_GET
def document_search(request):
    """Autocomplete results: `purpose=cite` for the citation box, `purpose=pick` for "implements"."""
    query = request.GET.get("q", "")
    results = list(search_documents(query)[:MAX_RESULTS])
    template = "plans/_document_pick_results.html" if request.GET.get("purpose") == "pick" \
        else "plans/_document_cite_results.html"
    return render(request, template, {"results": results, "query": query.strip()})


def _list_response(request, plan, error: str = "", status: int = 200):
    if not is_htmx(request):
        if error:
            return refusal(request, plan, error)
        return done(request, plan, "Đã cập nhật danh sách căn cứ.")
    return render(request, "plans/_citation_list.html", citation_list(plan, citation_error=error), status=status)


@require_POST
def citation_add(request, pk: int):
    """Cite a registry document (from the autocomplete, or an existing one found by the paste box)."""
    plan = get_plan(request, pk, "edit")
    if not plan.is_editable:
        return refusal(request, plan, not_editable_message(plan))
    form = CitationAddForm(request.POST)
    from_paste = request.POST.get("from") == "paste"
    error = ""
    if form.is_valid():
        document = form.cleaned_data["document"]
        try:
            services.citation_add(plan=plan, user=request.user, document=document, role=form.cleaned_data["role"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return _paste_done(request, plan, document) if from_paste else _list_response(request, plan)
    else:
        error = " ".join(m for ms in form.errors.values() for m in ms)
    if from_paste and is_htmx(request) and form.is_valid():
        candidate = {"index": request.POST.get("index", "0"), "span": request.POST.get("span", ""),
                     "existing": form.cleaned_data["document"], "role": form.cleaned_data["role"], "error": error}
        return render(request, "plans/_paste_candidate.html", {"plan": plan, "candidate": candidate})
    return _list_response(request, plan, error)


def _paste_done(request, plan, document):
    """Reply to a paste candidate that was cited: a confirmation line plus the refreshed list."""
    if not is_htmx(request):
        return done(request, plan, f"Đã thêm trích dẫn: {document}.")
    html = render_to_string("plans/_paste_done.html", {"document": document}, request=request)
    html += render_to_string("plans/_citation_list.html", citation_list(plan, oob=True), request=request)
    return HttpResponse(html)


def _candidates(text: str, role: str) -> list[dict]:
    """Each citation found in the pasted text: the registry entry if it is there, else a form."""
    found = _found(text)
    candidates = []
    for index, parsed in enumerate(found):
        existing = services.legal_document_find(number=parsed.get("number") or "", name=parsed.get("name") or "",
                                                issued_on=parsed_date(parsed))
        form = None if existing else LegalDocumentForm(
            initial=LegalDocumentForm.initial_from_parse(parsed, role), prefix=f"p{index}")
        candidates.append({"index": index, "span": parsed.get("span", ""), "existing": existing, "form": form,
                           "role": role})
    return candidates


@require_POST
def citation_parse(request, pk: int):
    """Parse pasted citation text; show what was found for checking (nothing is saved yet)."""
    plan = get_plan(request, pk, "edit")
    if not plan.is_editable:
        return refusal(request, plan, not_editable_message(plan))
    form = CitationPasteForm(request.POST, auto_id="id_paste_%s")
    role = request.POST.get("role") if request.POST.get("role") in CitationRole.values else CitationRole.BASIS
    candidates = []
    if form.is_valid():
        candidates = _candidates(form.cleaned_data["text"], role)
        if not candidates:
            form.add_error("text", NOT_A_CITATION)
    context = {"paste_form": form, "candidates": candidates, "paste_role": role}
    if is_htmx(request):
        return render(request, "plans/_paste_area.html", {"plan": plan, **context})
    return render(request, "plans/edit.html", edit_context(plan, **context))


def _found(text: str) -> list[dict]:
    found = parse_citations(text)
    if not found:
        one = parse_one(text)
        found = [one] if one else []
    return found


@require_POST
def citation_paste_all(request, pk: int):
    """"Thêm tất cả văn bản nhận diện được": cite every document found in the pasted text at once."""
    plan = get_plan(request, pk, "edit")
    if not plan.is_editable:
        return refusal(request, plan, not_editable_message(plan))
    form = CitationPasteForm(request.POST, auto_id="id_paste_%s")
    role = request.POST.get("role") if request.POST.get("role") in CitationRole.values else CitationRole.BASIS
    context = {"paste_form": form, "candidates": [], "paste_role": role}
    found = _found(form.cleaned_data["text"]) if form.is_valid() else []
    if form.is_valid() and not found:
        form.add_error("text", NOT_A_CITATION)
    elif found:
        try:
            cited, already = services.citations_add_found(plan=plan, user=request.user, found=found, role=role)
        except ValidationError as error:
            context.update(candidates=_candidates(form.cleaned_data["text"], role), paste_all_error=" ".join(error.messages))
        else:
            message = f"Đã thêm {len(cited)} văn bản ({CitationRole(role).label.lower()})."
            if already:
                message += f" {already} văn bản đã có trong danh sách nên không thêm lại."
            if not is_htmx(request):
                return done(request, plan, message)
            context = {"paste_form": CitationPasteForm(auto_id="id_paste_%s"), "candidates": [], "paste_role": role,
                       "paste_all_done": message}
            html = render_to_string("plans/_paste_area.html", {"plan": plan, **context}, request=request)
            html += render_to_string("plans/_citation_list.html", citation_list(plan, oob=True), request=request)
            return HttpResponse(html)
    if is_htmx(request):
        return render(request, "plans/_paste_area.html", {"plan": plan, **context})
    return render(request, "plans/edit.html", edit_context(plan, **context))


@require_POST
def citation_paste_save(request, pk: int):
    """Save a checked paste candidate to the registry (or reuse the entry already there) and cite it."""
    plan = get_plan(request, pk, "edit")
    if not plan.is_editable:
        return refusal(request, plan, not_editable_message(plan))
    prefix = request.POST.get("prefix", "p0")
    prefix = prefix if prefix[:1] == "p" and prefix[1:].isdigit() else "p0"
    form = LegalDocumentForm(request.POST, prefix=prefix)
    if form.is_valid():
        data = form.cleaned_data
        try:
            document, _created = services.legal_document_register(
                kind=data["kind"], number=data["number"], name=data["name"], issued_on=data["issued_on"],
                issuer=data["issuer"], subject=data["subject"])
            services.citation_add(plan=plan, user=request.user, document=document, role=data["role"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _paste_done(request, plan, document)
    candidate = {"index": prefix[1:], "span": request.POST.get("span", ""), "existing": None, "form": form}
    if is_htmx(request):
        return render(request, "plans/_paste_candidate.html", {"plan": plan, "candidate": candidate})
    return render(request, "plans/edit.html", edit_context(plan, candidates=[candidate]))


def _change(request, pk: int, action, form_class=None):
    """Run a change on one citation and reply with the refreshed list (or the refusal)."""
    citation = get_part(request, Citation.objects.all(), pk)
    plan = citation.plan
    if not plan.is_editable:
        return refusal(request, plan, not_editable_message(plan))
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return _list_response(request, plan, "Yêu cầu không hợp lệ.")
    try:
        action(citation, form.cleaned_data if form else {})
    except ValidationError as error:
        return _list_response(request, plan, " ".join(error.messages))
    return _list_response(request, plan)


@require_POST
def citation_role(request, pk: int):
    return _change(request, pk, lambda citation, data: services.citation_set_role(
        citation=citation, user=request.user, role=data["role"]), CitationRoleForm)


@require_POST
def citation_move(request, pk: int):
    return _change(request, pk, lambda citation, data: services.citation_move(
        citation=citation, user=request.user, direction=data["direction"]), MoveForm)


@require_POST
def citation_delete(request, pk: int):
    return _change(request, pk, lambda citation, data: services.citation_delete(citation=citation, user=request.user))
