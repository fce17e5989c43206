"""Request hygiene shared by every view."""

from django.http import Http404


class RejectNulMiddleware:
    """NUL characters have no meaning in any field, and PostgreSQL refuses them in text: strip them
    from form and query values, and answer 404 for a path that contains one (a token, a slug)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404
        for name in ("GET", "POST"):
            data = getattr(request, name)
            if any("\x00" in value for values in data.lists() for value in values[1]) \
                    or any("\x00" in key for key in data):
                cleaned = data.copy()
                for key in list(cleaned.keys()):
                    values = [value.replace("\x00", "") for value in cleaned.getlist(key)]
                    del cleaned[key]
                    cleaned.setlist(key.replace("\x00", ""), values)
                cleaned._mutable = False
                setattr(request, name, cleaned)
        return self.get_response(request)
