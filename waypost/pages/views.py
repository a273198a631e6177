import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "pages/start.html")
    return render(request, "pages/home.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/cookies.html")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The error page. When the database could not be reached (it went away, or refused the
    connection), say so with 503 and when to try again: nothing the user can do but wait."""
    # No context processors that touch the database: the database may be why we are here.
    from django.template import loader

    # Django calls this inside its `except` block, so the exception is still the current one.
    unavailable = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    page = loader.get_template("500.html").render({"unavailable": unavailable})
    if not unavailable:
        return HttpResponse(page, status=500)
    response = HttpResponse(page, status=503)
    response["Retry-After"] = "60"
    return response
