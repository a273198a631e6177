"""The street contacts API, for an outreach team's own app or a partner system: record a contact
as the form does, and read the contacts the caller may see.

- `POST /api/v1/street-contacts/`: one contact as JSON. Send an `Idempotency-Key` header so a
  retry on a poor connection cannot record it twice.
- `GET /api/v1/street-contacts/` (newest first, cursor pages; `?person=<id>` for one person's,
  `?identified=false` for those not identified yet) and `GET /api/v1/street-contacts/{id}/`.

The same doors as the pages (contact_access) and the same action (contact_actions): only
outreach workers, coordinators and caseworkers; a contact with a known person only when the
access policy shows the caller that person's contact section. Every contact returned is
recorded in the access log (channel "api").
"""

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import permissions, serializers, status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from waypost.accounts.api_auth import HasActiveMembership, acting_agency
from waypost.accounts.idempotency import idempotent_write
from waypost.accounts.models import Agency
from waypost.audit.models import Channel
from waypost.outreach.contact_access import (
    RECORD_ROLES,
    ContactRow,
    get_contact_for_user,
    read_contacts,
    recording_agencies,
    visible_contacts,
)
from waypost.outreach.contact_actions import LOCATION_PROBLEM, record_street_contact
from waypost.outreach.models import Activity, Offer, Place, StreetContact
from waypost.people.api import AgencyRefSerializer
from waypost.people.models import Person

SCOPE = "api-street-contacts"
NO_PERSON = "No person you can see has this id in the partnership you record for."
NO_PLACE = "No place of the partnership you record for has this id."


class RecordsContacts(permissions.BasePermission):
    message = "Your role does not include street contacts."

    def has_permission(self, request: Request, view: Any) -> bool:
        return any(m.role in RECORD_ROLES for m in getattr(request, "memberships", []))


PERMISSIONS = [HasActiveMembership, RecordsContacts]


class ContactRequestSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One street contact, as the form records it. Unknown fields are refused."""

    agency = serializers.UUIDField(
        required=False,
        help_text="The id of the agency you record for; needed only when you record for more "
        "than one",
    )
    person = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The person's id when you know who they are; leave out (or null) for "
        "someone not identified yet, and send `description`",
    )
    description = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=1000,
        help_text="For someone not identified yet: what would help someone recognise them",
    )
    contacted_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When you met them (ISO 8601 with a time zone); not in the future. "
        "Leave out for now.",
    )
    place = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="One of the partnership's places or hotspots",
    )
    location_detail = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    latitude = serializers.DecimalField(
        max_digits=12,
        decimal_places=8,
        required=False,
        allow_null=True,
        default=None,
        coerce_to_string=False,
        help_text="From the device, only if the worker allowed it; kept to 4 decimal places",
    )
    longitude = serializers.DecimalField(
        max_digits=12,
        decimal_places=8,
        required=False,
        allow_null=True,
        default=None,
        coerce_to_string=False,
    )
    bedded_down = serializers.BooleanField(
        help_text="Seen sleeping or bedded down in the open air or a place not designed for "
        "habitation (the verified rough-sleeping definition)"
    )
    activities = serializers.ListField(
        child=serializers.ChoiceField(choices=Activity.choices), required=False, default=list
    )
    offered = serializers.ListField(
        child=serializers.ChoiceField(choices=Offer.choices), required=False, default=list
    )
    accepted = serializers.ListField(
        child=serializers.ChoiceField(choices=Offer.choices),
        required=False,
        default=list,
        help_text="What they accepted: only codes also in `offered`",
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = set(data) - set(self.fields)
            if unknown:
                raise serializers.ValidationError(
                    {
                        name: "This field is not part of a street contact."
                        for name in sorted(unknown)
                    }
                )
        return super().to_internal_value(data)


class ContactPartnershipSerializer(serializers.Serializer):  # type: ignore[type-arg]
    slug = serializers.CharField()
    name = serializers.CharField()


class PlaceRefSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.UUIDField()
    name = serializers.CharField()
    # A plain string: other APIs have enums named "kind" with other values.
    kind = serializers.CharField(help_text="`place` (a named place) or `hotspot`")
    area = serializers.CharField()


class PersonRefSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.UUIDField()
    display_name = serializers.CharField(
        allow_null=True, help_text="Null when the person's name is not shared with you"
    )


class ContactSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.UUIDField()
    partnership = ContactPartnershipSerializer()
    person = PersonRefSerializer(allow_null=True, help_text="Null until the person is identified")
    description = serializers.CharField()
    contacted_at = serializers.DateTimeField()
    place = PlaceRefSerializer(allow_null=True)
    location_detail = serializers.CharField()
    latitude = serializers.DecimalField(
        max_digits=8, decimal_places=5, allow_null=True, coerce_to_string=False
    )
    longitude = serializers.DecimalField(
        max_digits=8, decimal_places=5, allow_null=True, coerce_to_string=False
    )
    bedded_down = serializers.BooleanField()
    activities = serializers.ListField(child=serializers.ChoiceField(choices=Activity.choices))
    offered = serializers.ListField(child=serializers.ChoiceField(choices=Offer.choices))
    accepted = serializers.ListField(child=serializers.ChoiceField(choices=Offer.choices))
    notes = serializers.CharField()
    recorded_by_agency = AgencyRefSerializer()
    recorded_at = serializers.DateTimeField()
    identified_at = serializers.DateTimeField(allow_null=True)
    url = serializers.URLField(help_text="This contact in the API")
    page_url = serializers.URLField(help_text="This contact in Waypost")


def contact_data(request: Request, contact: StreetContact, *, shows_identity: bool) -> Any:
    person = contact.person
    place = contact.place
    return {
        "id": contact.pk,
        "partnership": {"slug": contact.partnership.slug, "name": contact.partnership.name},
        "person": None
        if person is None
        else {"id": person.pk, "display_name": person.display_name if shows_identity else None},
        "description": contact.description,
        "contacted_at": contact.contacted_at,
        "place": None
        if place is None
        else {"id": place.pk, "name": place.name, "kind": place.kind, "area": place.area},
        "location_detail": contact.location_detail,
        "latitude": contact.latitude,
        "longitude": contact.longitude,
        "bedded_down": contact.bedded_down,
        "activities": contact.activities,
        "offered": contact.offered,
        "accepted": contact.accepted,
        "notes": contact.notes,
        "recorded_by_agency": {
            "id": contact.recorded_by_agency_id,
            "name": contact.recorded_by_agency.name,
        },
        "recorded_at": contact.recorded_at,
        "identified_at": contact.identified_at,
        "url": request.build_absolute_uri(reverse("api-street-contact", args=[contact.pk])),
        "page_url": request.build_absolute_uri(reverse("outreach:contact", args=[contact.pk])),
    }


class ContactPagination(CursorPagination):
    ordering = ("-contacted_at", "-id")


def _filtered(request: Request) -> QuerySet[StreetContact]:
    contacts = visible_contacts(request.user, request.memberships)  # type: ignore[arg-type,attr-defined]
    errors: dict[str, str] = {}
    raw_person = request.query_params.get("person")
    if raw_person:
        try:
            contacts = contacts.filter(person_id=UUID(raw_person))
        except ValueError:
            errors["person"] = "Send a person's id (a UUID)."
    identified = request.query_params.get("identified")
    if identified is not None:
        if identified not in ("true", "false"):
            errors["identified"] = "Send true or false."
        else:
            contacts = contacts.filter(person__isnull=identified == "false")
    if errors:
        raise serializers.ValidationError(errors)
    return contacts


@extend_schema(
    methods=["GET"],
    tags=["street contacts"],
    summary="Street contacts you may see",
    description=(
        "Newest first, in pages (cursor pagination). Contacts with a known person are listed "
        "only when the person's sharing permission, or your own agency having recorded the "
        "contact, lets you see their contact and location section; the person's name only "
        "when you may see their identity. Contacts with someone not identified yet are "
        "listed to outreach workers, coordinators and caseworkers whose agency recorded the "
        "contact or has signed the partnership's information sharing agreement. Each contact "
        "listed is recorded in the access log."
    ),
    parameters=[
        OpenApiParameter("person", OpenApiTypes.UUID, description="Only this person's contacts"),
        OpenApiParameter(
            "identified",
            OpenApiTypes.BOOL,
            description="`false`: only contacts not identified yet; `true`: only identified",
        ),
    ],
    responses=ContactSerializer(many=True),
)
@extend_schema(
    methods=["POST"],
    tags=["street contacts"],
    summary="Record a street contact",
    description=(
        "The same as the street contact form. Send `person` for someone you know (an id from "
        "the people API), or `description` for someone not identified yet. Say where: a "
        "`place` of the partnership, the device's `latitude` and `longitude`, or "
        "`location_detail`. `accepted` may hold only codes also in `offered`. A contact with "
        "a known person updates the by-name list (someone bedded down is sleeping rough). "
        "Unknown fields are refused.\n\n"
        "Send an `Idempotency-Key` header (any unique string, up to 255 characters) to make "
        "retries safe: a retry with the same key and body answers as the first call did "
        "(header `Idempotent-Replayed: true`) and records nothing new; the same key with a "
        "different body is refused with 422. Keys are remembered for 24 hours."
    ),
    request=ContactRequestSerializer,
    parameters=[
        OpenApiParameter(
            "Idempotency-Key",
            OpenApiTypes.STR,
            location=OpenApiParameter.HEADER,
            required=False,
            description="A unique string per contact, so a retry does not record it twice",
        )
    ],
    responses={
        201: ContactSerializer,
        400: OpenApiResponse(description="Invalid contact: see `errors`, one per field"),
        409: OpenApiResponse(description="A request with this Idempotency-Key is in progress"),
        422: OpenApiResponse(description="This Idempotency-Key was used for another request"),
    },
    examples=[
        OpenApiExample(
            "Someone not identified yet, bedded down in a doorway",
            value={
                "description": "Man in his 40s, grey beard, red sleeping bag, has a small dog",
                "place": "0b0f4a56-2d0e-4f53-9a55-3b8c0f5c9e21",
                "location_detail": "Doorway of the old bank",
                "bedded_down": True,
                "offered": ["accommodation", "food", "blankets"],
                "accepted": ["food", "blankets"],
                "notes": "Did not want a bed tonight because of the dog.",
            },
            request_only=True,
        )
    ],
)
# The `person` and `identified` filters refuse malformed values with validation errors.
@extend_validation_errors(["invalid"], field_name="person", methods=["get"])
@extend_validation_errors(["invalid"], field_name="identified", methods=["get"])
@api_view(["GET", "POST"])
@permission_classes(PERMISSIONS)
@parser_classes([JSONParser])
def street_contacts(request: Request) -> Response:
    if request.method == "POST":
        return idempotent_write(
            request,
            scope=SCOPE,
            write=lambda: _create(request),
            replay=lambda result_id: _answer(request, result_id, route=SCOPE),
        )
    paginator = ContactPagination()
    page = list(paginator.paginate_queryset(_filtered(request), request) or [])  # type: ignore[arg-type]
    rows: list[ContactRow] = read_contacts(
        request.user,  # type: ignore[arg-type]
        page,
        request.memberships,  # type: ignore[attr-defined]
        route=SCOPE,
        channel=Channel.API,
    )
    return paginator.get_paginated_response(
        ContactSerializer(
            [contact_data(request, r.contact, shows_identity=r.shows_identity) for r in rows],
            many=True,
        ).data
    )


# drf-spectacular documents a list's page shape (and its cursor parameter) from the view's
# pagination_class, which @api_view has no decorator for.
street_contacts.cls.pagination_class = ContactPagination  # type: ignore[attr-defined]


def _agency(request: Request, agency_id: UUID | None) -> Agency:
    agencies = recording_agencies(request.memberships)  # type: ignore[attr-defined]
    return acting_agency(agencies, agency_id, acts="record street contacts")


def _create(request: Request) -> tuple[Response, str]:
    if not isinstance(request.data, dict):
        raise serializers.ValidationError(
            {"non_field_errors": ["Send one street contact as a JSON object."]}
        )
    serializer = ContactRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    agency = _agency(request, data.pop("agency", None))
    person_id, place_id = data.pop("person"), data.pop("place")
    person = None
    if person_id is not None:
        person = (
            Person.objects.visible_to(request.user)  # type: ignore[arg-type]
            .filter(pk=person_id, partnership_id=agency.partnership_id)
            .first()
        )
        if person is None:
            raise serializers.ValidationError({"person": NO_PERSON})
    place = None
    if place_id is not None:
        place = Place.objects.filter(
            pk=place_id, partnership_id=agency.partnership_id, is_active=True
        ).first()
        if place is None:
            raise serializers.ValidationError({"place": NO_PLACE})
    try:
        contact = record_street_contact(
            agency=agency,
            by=request.user,
            person=person,
            place=place,
            **data,  # type: ignore[arg-type]
        )
    except DjangoValidationError as error:
        problems = {
            key: (LOCATION_PROBLEM if key == "latitude" else messages[0])
            for key, messages in error.message_dict.items()
        }
        raise serializers.ValidationError(problems) from None
    except DjangoPermissionDenied:
        raise serializers.ValidationError(
            {"agency": "You cannot record for this agency."}
        ) from None
    response = _answer(request, str(contact.pk), route=SCOPE, created=True)
    return response, str(contact.pk)


def _answer(request: Request, contact_id: str, *, route: str, created: bool = True) -> Response:
    """The contact as the caller may see it now, read through the access door (the caller
    may have lost access since a replayed key was first used)."""
    try:
        read = get_contact_for_user(
            request.user,  # type: ignore[arg-type]
            UUID(contact_id),
            request.memberships,  # type: ignore[attr-defined]
            route=route,
            channel=Channel.API,
        )
    except Http404:
        raise NotFound from None
    body = ContactSerializer(
        contact_data(request, read.contact, shows_identity=read.shows_identity)
    ).data
    response = Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
    if created:
        response["Location"] = reverse("api-street-contact", args=[read.contact.pk])
    return response


@extend_schema(
    tags=["street contacts"],
    summary="One street contact",
    description=(
        "As in the list. 404 for a contact that does not exist and for one you may not see "
        "alike. The read is recorded in the access log."
    ),
    responses={200: ContactSerializer, 404: OpenApiResponse(description="Not found")},
)
@api_view(["GET"])
@permission_classes(PERMISSIONS)
def street_contact(request: Request, contact_id: UUID) -> Response:
    return _answer(request, str(contact_id), route="api-street-contact", created=False)


urlpatterns = [
    path("street-contacts/", street_contacts, name="api-street-contacts"),
    path("street-contacts/<uuid:contact_id>/", street_contact, name="api-street-contact"),
]
