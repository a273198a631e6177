"""Refusals logged where they reach the user (ASVS 16.3.2): pages through the middleware, the
API through its exception handler. Rate-limit refusals on public pages are logged by
`referrals.ratelimit.allow` itself, plain-HTTP API calls by `lib.api_https`.
"""

from collections.abc import Callable
from functools import cache
from uuid import UUID

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.db.models import CharField, Model, UUIDField, Value
from django.http import Http404, HttpRequest, HttpResponse
from drf_standardized_errors.handler import ExceptionHandler
from rest_framework import exceptions
from rest_framework.response import Response

from waypost.lib import security_log
from waypost.lib.security_log import RecordHidden


class RefusalLogMiddleware:
    """Logs a page's refusal: a record that exists but is not the user's (RecordHidden, or a
    plain 404 on a route naming a record that exists; both still answer "Page not found") and
    a 403 (PermissionDenied). Other 404s are not logged: a mistyped address or a record that
    does not exist is not an attempt on anyone's record."""

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
    elif isinstance(exc, Http404 | exceptions.NotFound) and (found := _existing_record(request)):
        security_log.refused(request, reason="hidden", object_kind=found[0], object_id=found[1])
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


def _existing_record(request: HttpRequest) -> tuple[str, UUID] | None:
    """The record a plain 404 was about, when it exists: most views answer a record outside
    the user's scope with get_object_or_404 on a scoped query, which cannot tell "hidden" from
    "missing". The route's last UUID names the most specific record (a person's warning, not
    the person); one query, and only on a 404."""
    record_id = security_log.uuid_in_route(request, last=True)
    if record_id is None:
        return None
    kind = record_kind(record_id)
    return (kind, record_id) if kind else None


def record_kind(record_id: UUID) -> str | None:
    """The kind of Waypost record with this primary key, if any: one UNION ALL of primary-key
    look-ups over every model keyed by UUID (UUID4s do not collide across tables)."""
    parts, params = [], []
    for model in _uuid_keyed_models():
        lookup = (
            model._base_manager.filter(pk=record_id)
            .order_by()
            .annotate(refused_record_kind=Value(model._meta.model_name, output_field=CharField()))
            .values_list("refused_record_kind")
        )
        sql, lookup_params = lookup.query.sql_with_params()
        # The ORM compiled each look-up; its values stay parameters.
        parts.append(f"SELECT * FROM ({sql}) AS k{len(parts)}")  # noqa: S608
        params.extend(lookup_params)
    if not parts:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts) + " LIMIT 1", params)
            row = cursor.fetchone()
    except DatabaseError:  # a 404 must stay a 404: the line is lost, not the answer
        return None
    return row[0] if row else None


@cache
def _uuid_keyed_models() -> tuple[type[Model], ...]:
    return tuple(
        model
        for model in apps.get_models()
        if model.__module__.startswith("waypost.") and isinstance(model._meta.pk, UUIDField)
    )
