"""A null character in a web address's query is refused with 400 before any view runs.

PostgreSQL cannot hold a NUL in text, so a search or look-up passing one to the database would be
a server error; nothing anyone types or links to needs one. Forms and API bodies are already
covered: Django's and DRF's text fields refuse a NUL with a field error.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

MESSAGE = "The web address contains a null character, which Waypost cannot use"


class RefuseNullCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = _name_holding_a_null(request)
        if name is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            # The API's one error shape (drf-standardized-errors), naming the parameter.
            error = {"code": "null_characters_not_allowed", "detail": f"{MESSAGE}.", "attr": name}
            return JsonResponse({"type": "validation_error", "errors": [error]}, status=400)
        return render(request, "400.html", status=400)


def _name_holding_a_null(request: HttpRequest) -> str | None:
    """The first query parameter whose name or value holds a NUL (its name without the NUL)."""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return name.replace("\x00", "")
    return None
