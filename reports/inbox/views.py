"""The count of “Việc cần làm” in the menu, fetched by htmx after a page has loaded (so no page
waits for it; the home page, which reads the whole inbox anyway, prints it directly)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from reports.inbox.items import inbox_total


@require_GET
def inbox_count(request):
    response = render(request, "reports/_inbox_count.html", {"total": inbox_total(request.user)})
    response["Cache-Control"] = "private, no-store"
    return response
