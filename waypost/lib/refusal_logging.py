"""Refusals logged where they reach the user (ASVS 16.3.2): pages through the middleware, the
API through its exception handler. Rate-limit refusals on public pages are logged by
`referrals.ratelimit.allow` itself, plain-HTTP API calls by `lib.api_https`.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from drf_standardized_errors.handler import ExceptionHandler
from rest_framework import exceptions
from rest_framework.response import Response

from waypost.lib import security_log
from waypost.lib.security_log import RecordHidden


class RefusalLogMiddleware:
    """Logs a page's refusal: a record that exists but is not the user's (RecordHidden, which
    still answers "Page not found") and a 403 (PermissionDenied). Other 404s are not logged:
    a mistyped address is not an attempt on anyone's record."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        log_refusal(request, exception)
        return None  # Django's handler403/handler404 answer as before


class LoggingExceptionHandler(ExceptionHandler):
    """drf-standardized-errors' handler (the API's error shape is unchanged) that first logs
    refusals: hidden records, 403s, throttled calls and tokens that were refused."""

    def run(self) -> Response | None:
        request = getattr(self.context.get("request"), "_request", None)
        if request is not None:
            log_refusal(request, self.exc)
        return super().run()


def log_refusal(request: HttpRequest, exc: BaseException) -> None:
    hidden: BaseException | None = exc
    if isinstance(exc, Http404 | exceptions.NotFound) and not isinstance(exc, RecordHidden):
        # A view may answer a hidden record with its own 404 (the API's NotFound, or another
        # door that was tried next and failed too): the hidden record is then the context.
        hidden = exc.__context__
    if isinstance(hidden, RecordHidden):
        security_log.refused(
            request, reason="hidden", object_kind=hidden.object_kind, object_id=hidden.object_id
        )
    elif isinstance(exc, PermissionDenied | exceptions.PermissionDenied):
        security_log.refused(
            request,
            reason="forbidden",
            object_kind="page",
            object_id=security_log.uuid_in_route(request),
        )
    elif isinstance(exc, exceptions.Throttled):
        security_log.refused(request, reason="rate_limited", object_kind="api")
    elif isinstance(exc, exceptions.AuthenticationFailed):
        security_log.refused(request, reason="bad_credentials", object_kind="api")
