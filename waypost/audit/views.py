"""Data protection officer pages: search and export the access log of their partnerships."""

import csv
from collections.abc import Iterator
from datetime import UTC

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.accounts.roles import partnerships_where, role_required
from waypost.audit.access import record_request_access
from waypost.audit.forms import AccessLogSearchForm
from waypost.audit.models import AccessEvent, AccessEventQuerySet, Channel, Section
from waypost.lib.csv_safety import safe_row

PAGE_SIZE = 50
CSV_HEADER = [
    "When (UTC)",
    "Staff email",
    "Staff name",
    "Agency",
    "Person ID",
    "Section",
    "Channel",
    "Subject type",
    "Subject ID",
    "Route",
    "Reason",
]


def _search(request: HttpRequest) -> tuple[AccessLogSearchForm, AccessEventQuerySet | None]:
    partnerships = partnerships_where(request, Role.DPO)
    form = AccessLogSearchForm(request.GET, partnerships=partnerships)
    if not form.is_valid():
        return form, None
    events = (
        AccessEvent.objects.in_partnerships(partnerships)
        .select_related("user", "agency")
        .order_by("-occurred_at", "-id")
    )
    return form, form.filter(events)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@role_required(Role.DPO)
def log(request: HttpRequest) -> HttpResponse:
    form, events = _search(request)
    page_obj = None
    if events is not None:
        # Reviewing the log is itself a read of staff activity (and, by person, of a person).
        record_request_access(
            request,
            channel=Channel.PAGE,
            section=Section.AUDIT,
            subject_type="audit_log",
            subject_id="search",
            person_id=form.cleaned_data.get("person_id"),
        )
        page_obj = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {"form": form, "page_obj": page_obj, "query": _query_without_page(request)},
    )


@role_required(Role.DPO)
def export(request: HttpRequest) -> HttpResponse:
    form, events = _search(request)
    if events is None:
        # The search page shows what is wrong with the filters.
        return redirect(f"{reverse('audit:log')}?{_query_without_page(request)}")
    record_request_access(
        request,
        channel=Channel.EXPORT,
        section=Section.AUDIT,
        subject_type="audit_log",
        subject_id="export",
        person_id=form.cleaned_data.get("person_id"),
    )
    filename = f"waypost-access-log-{timezone.now():%Y%m%d-%H%M%S}.csv"
    response = StreamingHttpResponse(_csv_lines(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(events: AccessEventQuerySet) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    for event in events.iterator(chunk_size=2000):
        yield writer.writerow(
            safe_row(
                [
                    event.occurred_at.astimezone(UTC).isoformat(timespec="seconds"),
                    event.user.email if event.user else "system",
                    event.user.full_name if event.user else "",
                    event.agency.name if event.agency else "",
                    event.person_id or "",
                    event.section,
                    event.channel,
                    event.subject_type,
                    event.subject_id,
                    event.route,
                    event.reason,
                ]
            )
        )
