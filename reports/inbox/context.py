"""The count of “Việc cần làm” in the menu of every page, read only when a page shows it."""

from django.utils.functional import SimpleLazyObject

from reports.inbox.items import inbox_total


def inbox_count(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_total": SimpleLazyObject(lambda: inbox_total(user))}
