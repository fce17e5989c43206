"""Downloads of printed documents: thin wrappers around reports.documents.render()."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from danvan import permissions
from danvan.files import private_download
from plans.models import Plan
from reports import documents


def _download(request, kind: str, obj, fmt: str):
    try:
        filename, mime, content = documents.render(kind, obj, fmt)
    except documents.DocumentError as error:
        # No print font installed (503), or nothing to export (a plan without tasks as .xlsx): say so.
        status = 503 if isinstance(error, documents.FontMissingError) else 404
        try:
            back = obj.get_absolute_url()
        except NoReverseMatch:
            back = ""
        return render(request, "documents/unavailable.html", {"message": str(error), "back": back}, status=status)
    return document_response(documents.Rendered(filename, mime, content))


def document_response(rendered: documents.Rendered, *, inline: bool = False) -> HttpResponse:
    """The printed bytes as a download (or shown in the browser), never kept by shared caches."""
    response = HttpResponse(rendered.content, content_type=rendered.mime)
    response["Content-Disposition"] = content_disposition_header(as_attachment=not inline, filename=rendered.filename)
    response["Content-Length"] = str(len(rendered.content))
    return private_download(response)


def _plan(request, pk: int) -> Plan:
    queryset = Plan.objects.select_related("organization", "drafting_unit", "implements")
    return permissions.fetch(request.user, queryset, "view", pk=pk)


@require_GET
def plan_pdf(request, pk: int):
    return _download(request, "plan", _plan(request, pk), "pdf")


@require_GET
def plan_docx(request, pk: int):
    return _download(request, "plan", _plan(request, pk), "docx")


@require_GET
def plan_xlsx(request, pk: int):
    return _download(request, "plan", _plan(request, pk), "xlsx")
