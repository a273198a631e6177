"""Timeline and plan API: a person's timeline, with the same filtering as the page.

The same door as the page (`find_person`, then `read_timeline` through the access policy):
404 for a person who does not exist or whom the caller may not know of; entries the caller
may not see are left out, and `hidden_by_sharing` says when any were. Every answer records
access events with channel "api".
"""

from typing import Any
from uuid import UUID

from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from waypost.audit.models import Channel
from waypost.cases.timeline import Event, Kind, read_timeline, record_timeline_shown
from waypost.people.access import PersonMoved, find_person
from waypost.people.api import PERMISSIONS

API_PAGE_SIZE = 50


class TimelineEventSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.ChoiceField(choices=Kind.choices, help_text="What the entry is")
    at = serializers.DateTimeField(help_text="When it happened or was recorded")
    title = serializers.CharField()
    section = serializers.CharField(help_text="The part of the record it belongs to")
    record_id = serializers.UUIDField()
    agency = serializers.CharField(help_text="The agency that recorded it")
    recorded_by = serializers.CharField(help_text="Who recorded it (staff name), or empty")
    details = serializers.ListField(child=serializers.CharField())
    text = serializers.CharField(help_text="Free text: a note, a summary, what was done")
    status = serializers.CharField(help_text="For goals and actions: Open, Done, Overdue…")


class TimelinePageSerializer(serializers.Serializer):  # type: ignore[type-arg]
    count = serializers.IntegerField(help_text="Entries you may see, of the kinds asked for")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    hidden_by_sharing = serializers.BooleanField(
        help_text="Whether some entries exist that sharing rules keep from you"
    )
    results = TimelineEventSerializer(many=True)


def _event(event: Event) -> dict[str, Any]:
    return {
        "kind": event.kind,
        "at": event.at,
        "title": event.title,
        "section": event.section,
        "record_id": event.record_id,
        "agency": event.agency,
        "recorded_by": event.by,
        "details": list(event.details),
        "text": event.text,
        "status": event.status,
    }


def _page_link(request: Request, number: int) -> str:
    query = request.query_params.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@extend_schema(
    tags=["people"],
    summary="A person's timeline",
    description=(
        "Notes, street contacts, list status changes, assessments, tiers, meeting minutes, "
        "support plan goals and actions, enforcement, deaths and accommodation (placements, "
        "tenancies and Housing First stages), newest first, 50 a page. "
        "Only what the access policy lets you see is listed (notes and minutes by their "
        "kind); `hidden_by_sharing` is true when some entries were left out. Filter with "
        "`kind` (repeat it for several). 404 for a person who does not exist or whom you "
        "may not know of; 301 to the record a merged one was merged into. Each section "
        "shown is recorded in the access log."
    ),
    parameters=[
        OpenApiParameter(
            "kind",
            OpenApiTypes.STR,
            enum=Kind.values,
            many=True,
            explode=True,
            description="Only entries of these kinds",
        ),
        OpenApiParameter("page", OpenApiTypes.INT, description="Page number, from 1"),
    ],
    responses={200: TimelinePageSerializer},
)
# An unknown `kind` is refused with a validation error: the schema says so.
@extend_validation_errors(["invalid"], field_name="kind", methods=["get"])
@api_view(["GET"])
@permission_classes(PERMISSIONS)
def person_timeline(request: Request, person_id: UUID) -> Response:
    memberships = request.memberships  # type: ignore[attr-defined]
    try:
        person, access = find_person(request.user, person_id, memberships)  # type: ignore[arg-type]
    except PersonMoved as moved:
        response = Response(status=status.HTTP_301_MOVED_PERMANENTLY)
        response["Location"] = reverse("api-person-timeline", args=[moved.person_id])
        return response
    kinds = [k for k in request.query_params.getlist("kind") if k in Kind.values]
    unknown = set(request.query_params.getlist("kind")) - set(Kind.values)
    if unknown:
        raise serializers.ValidationError({"kind": f"Use one of: {', '.join(Kind.values)}"})
    read = read_timeline(
        person,
        access,
        kinds=kinds,
        page=request.query_params.get("page", 1),
        per_page=API_PAGE_SIZE,
    )
    record_timeline_shown(
        request.user,  # type: ignore[arg-type]
        person,
        access,
        read,
        memberships,
        channel=Channel.API,
        route="api-person-timeline",
        name_shown=False,  # the answer carries no name
    )
    page = read.page
    return Response(
        {
            "count": page.paginator.count,
            "next": _page_link(request, page.next_page_number()) if page.has_next() else None,
            "previous": _page_link(request, page.previous_page_number())
            if page.has_previous()
            else None,
            "hidden_by_sharing": read.hidden,
            "results": [_event(e) for e in read.events],
        }
    )


urlpatterns = [
    path("people/<uuid:person_id>/timeline/", person_timeline, name="api-person-timeline"),
]
