"""API: find people, read a person by section, record a new person.

The same doors as the pages: `Person.objects.visible_to` and `search_people` for lists,
`read_person` for one person, `register_person` for a new one. Every response that shows
someone records access events with channel "api". A safe address is never in any response.
"""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import prefetch_related_objects
from django.urls import path, reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import permissions, serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from waypost.accounts.api_auth import HasActiveMembership
from waypost.accounts.idempotency import idempotent_write
from waypost.audit.models import Channel, Section
from waypost.people import actions
from waypost.people.access import PersonMoved, PersonRead, read_person, record_listed
from waypost.people.matching import MatchQuery, find_candidates
from waypost.people.models import (
    BirthDatePrecision,
    Gender,
    IdentifierKind,
    Person,
)
from waypost.people.search import search_people
from waypost.sharing.policy import FRONTLINE_ROLES, ROLE_SECTIONS

PAGE_SIZE = 50


class IsFrontline(permissions.BasePermission):
    """Only roles that work with people: admins, commissioners and DPOs get no casework."""

    message = "Your role does not include people's records."

    def has_permission(self, request: Request, view: Any) -> bool:
        return any(m.role in FRONTLINE_ROLES for m in getattr(request, "memberships", []))


PERMISSIONS = [HasActiveMembership, IsFrontline]


class AgencyRefSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.UUIDField()
    name = serializers.CharField()


class PersonSummarySerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A person in a list: identity only."""

    id = serializers.UUIDField()
    display_name = serializers.CharField()
    preferred_name = serializers.CharField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    birth_date_precision = serializers.CharField()
    birth_date_display = serializers.CharField()
    recorded_by_agency = AgencyRefSerializer()
    matched_on = serializers.CharField(required=False, help_text="Why a search found them")


def _summary(person: Person) -> dict[str, Any]:
    data = {
        "id": person.pk,
        "display_name": person.display_name,
        "preferred_name": person.preferred_name,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "birth_date": person.birth_date,
        "birth_date_precision": person.birth_date_precision,
        "birth_date_display": person.birth_date_display(),
        "recorded_by_agency": person.recorded_by_agency,
    }
    if getattr(person, "matched_on", ""):
        data["matched_on"] = person.matched_on  # type: ignore[attr-defined]
    return data


# Described inline: another API's "gender" field (the matcher's agreement levels) has other
# values, and two enums of one name would make the schema's component names unstable.
@extend_schema_field({"type": "string", "enum": Gender.values})
class GenderField(serializers.ChoiceField):
    pass


class PersonCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    preferred_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    given_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    family_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    birth_date_precision = serializers.ChoiceField(
        choices=BirthDatePrecision.choices, default=BirthDatePrecision.UNKNOWN
    )
    birth_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="For month or year precision, any day in that month or year",
    )
    estimated_age_years = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=120
    )
    gender = GenderField(choices=Gender.choices, default=Gender.UNKNOWN)
    gender_self_description = serializers.CharField(
        required=False, allow_blank=True, max_length=100
    )
    nhs_number = serializers.CharField(required=False, allow_blank=True, max_length=20)
    ni_number = serializers.CharField(required=False, allow_blank=True, max_length=20)
    agency = serializers.UUIDField(
        required=False,
        help_text="The agency you record for; needed only when you work for more than one",
    )
    create_anyway = serializers.BooleanField(
        default=False,
        help_text="Create even though possible existing people were found (after checking them)",
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        names = ("preferred_name", "given_name", "family_name")
        if not any(data.get(n, "").strip() for n in names):
            raise serializers.ValidationError(
                {"given_name": "Enter a name: a first name, last name or the name they use"}
            )
        precision = data["birth_date_precision"]
        birth = data.get("birth_date")
        if precision == BirthDatePrecision.ESTIMATED:
            if data.get("estimated_age_years") is None:
                raise serializers.ValidationError(
                    {"estimated_age_years": "Enter their estimated age"}
                )
        elif precision != BirthDatePrecision.UNKNOWN and birth is None:
            raise serializers.ValidationError({"birth_date": "Enter their date of birth"})
        if birth is not None and birth > timezone.localdate():
            raise serializers.ValidationError(
                {"birth_date": "The date of birth must be in the past"}
            )
        for name, kind in (
            ("nhs_number", IdentifierKind.NHS_NUMBER),
            ("ni_number", IdentifierKind.NI_NUMBER),
        ):
            value = data.get(name, "").strip()
            if value:
                problem = actions.identifier_problem(kind, value)
                if problem:
                    raise serializers.ValidationError({name: problem})
                data[name] = actions.normalise_identifier(kind, value)
        return data

    def person_fields(self) -> dict[str, Any]:
        data = self.validated_data
        precision = data["birth_date_precision"]
        birth = data.get("birth_date")
        age = data.get("estimated_age_years")
        today = timezone.localdate()
        fields: dict[str, Any] = {
            "preferred_name": data.get("preferred_name", "").strip(),
            "given_name": data.get("given_name", "").strip(),
            "family_name": data.get("family_name", "").strip(),
            "gender": data["gender"],
            "gender_self_description": data.get("gender_self_description", "").strip()
            if data["gender"] == Gender.SELF_DESCRIBED
            else "",
            "birth_date_precision": precision,
            "birth_date": actions.birth_date_from(
                precision,
                day=birth.day if birth else None,
                month=birth.month if birth else None,
                year=birth.year if birth else None,
                estimated_age=age,
                estimated_on=today,
            ),
        }
        if precision == BirthDatePrecision.ESTIMATED:
            fields.update(estimated_age_years=age, estimated_on=today)
        return fields


class CandidateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A possible existing person, with how likely it is them and why."""

    person = PersonSummarySerializer()
    score = serializers.FloatField(help_text="How likely it is them, from 0 to 1")
    explanation = serializers.ListField(child=serializers.CharField())


class PersonPagination(PageNumberPagination):
    # Page numbers rather than cursors: search results are ranked, not in a stable order.
    page_size = PAGE_SIZE


@extend_schema(
    methods=["GET"],
    tags=["people"],
    summary="Find people",
    description=(
        "People whose identity you may see. With `q`, a search by name (fuzzy, nicknames, "
        "other names), date of birth or identifier, best match first; without it, the most "
        "recently active first. Each person listed is recorded in the access log."
    ),
    parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="What to search for")],
    responses=PersonSummarySerializer(many=True),
)
@extend_schema(
    methods=["POST"],
    tags=["people"],
    summary="Record a new person",
    description=(
        "Checks first for people the partnership may already know. When there are any, "
        "nothing is created: the answer is 409 with `candidates` (each with a score and the "
        "reasons). Check them; send again with `create_anyway: true` if none is the person. "
        "Send an `Idempotency-Key` header (any unique string, up to 255 characters) to make "
        "retries safe: a retry with the same key and body answers with the person first "
        "created (header `Idempotent-Replayed: true`); the same key with a different body is "
        "refused with 422. Keys are remembered for 24 hours."
    ),
    request=PersonCreateSerializer,
    parameters=[
        OpenApiParameter(
            "Idempotency-Key",
            OpenApiTypes.STR,
            location=OpenApiParameter.HEADER,
            required=False,
            description="A unique string per create, so a retry does not create twice",
        )
    ],
    responses={
        201: PersonSummarySerializer,
        409: inline_serializer(
            "PossibleExistingPeople",
            {
                "type": serializers.CharField(),
                "errors": serializers.ListField(child=serializers.DictField()),
                "candidates": CandidateSerializer(many=True),
            },
        ),
    },
)
@api_view(["GET", "POST"])
@permission_classes(PERMISSIONS)
def people(request: Request) -> Response:
    if request.method == "POST":
        return idempotent_write(
            request,
            scope="api-people",
            write=lambda: _create(request),
            replay=lambda person_id: _created(request, person_id),
        )
    text = str(request.query_params.get("q", "")).strip()[:200]
    memberships = request.memberships  # type: ignore[attr-defined]
    if text:
        results: Any = search_people(request.user, text, memberships=memberships)  # type: ignore[arg-type]
    else:
        results = Person.objects.visible_to(request.user).order_by(  # type: ignore[arg-type]
            "-last_activity_at", "-id"
        )
    paginator = PersonPagination()
    page = list(paginator.paginate_queryset(results, request) or [])  # type: ignore[arg-type]
    prefetch_related_objects(page, "recorded_by_agency")
    record_listed(
        request.user,  # type: ignore[arg-type]
        page,
        channel=Channel.API,
        route="api-people",
        memberships=memberships,
    )
    return paginator.get_paginated_response(
        PersonSummarySerializer([_summary(p) for p in page], many=True).data
    )


# drf-spectacular documents a list's page shape (and its page parameter) from the view's
# pagination_class, which @api_view has no decorator for.
people.cls.pagination_class = PersonPagination  # type: ignore[attr-defined]


def _created(request: Request, person_id: str) -> Response:
    """The answer to a retried create: the person it created, if the caller may still see it."""
    person = (
        Person.objects.visible_to(request.user)  # type: ignore[arg-type]
        .filter(pk=person_id)
        .select_related("recorded_by_agency")
        .first()
    )
    if person is None:
        raise NotFound
    record_listed(
        request.user,  # type: ignore[arg-type]
        [person],
        channel=Channel.API,
        route="api-people",
        memberships=request.memberships,  # type: ignore[attr-defined]
    )
    return Response(PersonSummarySerializer(_summary(person)).data, status=status.HTTP_201_CREATED)


def _create(request: Request) -> tuple[Response, str]:
    memberships = request.memberships  # type: ignore[attr-defined]
    agencies = {
        m.agency_id: m.agency
        for m in memberships
        if Section.IDENTITY in ROLE_SECTIONS.get(m.role, frozenset())
    }
    serializer = PersonCreateSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    if data.get("agency"):
        agency = agencies.get(data["agency"])
        if agency is None:
            raise serializers.ValidationError({"agency": "Choose an agency you work for"})
    elif len(agencies) == 1:
        agency = next(iter(agencies.values()))
    else:
        raise serializers.ValidationError(
            {"agency": "You work for more than one agency: say which one you record for"}
        )
    fields = serializer.person_fields()
    identifiers = {
        IdentifierKind.NHS_NUMBER: data.get("nhs_number", ""),
        IdentifierKind.NI_NUMBER: data.get("ni_number", ""),
    }
    if not data["create_anyway"]:
        query = MatchQuery.for_new_person(fields, identifiers)
        candidates = find_candidates(request.user, query, memberships=memberships)  # type: ignore[arg-type]
        if candidates:
            people_shown = [c.person for c in candidates]
            prefetch_related_objects(people_shown, "recorded_by_agency")
            record_listed(
                request.user,  # type: ignore[arg-type]
                people_shown,
                channel=Channel.API,
                route="api-people",
                memberships=memberships,
            )
            return Response(
                {
                    "type": "client_error",
                    "errors": [
                        {
                            "code": "possible_existing_person",
                            "detail": (
                                "The partnership may already know this person. Check the "
                                "candidates; send again with create_anyway true if none is them."
                            ),
                            "attr": None,
                        }
                    ],
                    "candidates": [
                        {
                            "person": PersonSummarySerializer(_summary(c.person)).data,
                            "score": c.score,
                            "explanation": c.explanation,
                        }
                        for c in candidates
                    ],
                },
                status=status.HTTP_409_CONFLICT,
            ), ""
    try:
        person = actions.register_person(
            agency=agency,
            by=request.user,  # type: ignore[arg-type]
            identifiers=identifiers,
            **fields,
        )
    except DjangoValidationError as error:
        raise serializers.ValidationError(
            error.message_dict if hasattr(error, "error_dict") else error.messages
        ) from None
    # The answer shows the new person's identity: that is a read like any other.
    record_listed(
        request.user,  # type: ignore[arg-type]
        [person],
        channel=Channel.API,
        route="api-people",
        memberships=memberships,
    )
    response = Response(PersonSummarySerializer(_summary(person)).data, status=201)
    return response, str(person.pk)


# --- One person, by section ------------------------------------------------------------------


def _agency(obj: Any) -> dict[str, Any]:
    return {"id": obj.pk, "name": obj.name}


def _base(row: Any) -> dict[str, Any]:
    return {
        "id": row.pk,
        "recorded_by_agency": _agency(row.recorded_by_agency),
        "recorded_at": row.recorded_at,
    }


def _note(n: Any) -> dict[str, Any]:
    return {**_base(n), "kind": n.kind, "text": n.text}


def _section_data(read: PersonRead, section: Section) -> dict[str, Any]:
    """What the user may see of one section. Safe addresses are left out on purpose: they are
    sealed, and never leave the page of the agency that holds them."""
    view = read.sections[section]
    person = read.person
    records = view.records
    data: dict[str, Any] = {"state": view.state}
    if view.hidden_reason:  # partial: why other agencies' records are not shown
        data["reason"] = view.hidden_reason
    if section == Section.IDENTITY:
        if view.shows_person_fields:
            data["fields"] = {
                "preferred_name": person.preferred_name,
                "given_name": person.given_name,
                "family_name": person.family_name,
                "birth_date": person.birth_date,
                "birth_date_precision": person.birth_date_precision,
                "birth_date_display": person.birth_date_display(),
                "estimated_age_years": person.estimated_age_years,
                "estimated_on": person.estimated_on,
                "gender": person.gender,
                "gender_self_description": person.gender_self_description,
                "pronouns": person.pronouns,
                "ethnicity": person.ethnicity,
                "nationality": person.nationality,
                "first_language": person.first_language,
                "needs_interpreter": person.needs_interpreter,
            }
        data["aliases"] = [
            {**_base(a), "kind": a.kind, "given_name": a.given_name, "family_name": a.family_name}
            for a in records["aliases"]
        ]
        data["identifiers"] = [_identifier(i) for i in records["identifiers"]]
        data["id_verifications"] = [
            {
                **_base(v),
                "verifier_name": v.verifier_name,
                "verifier_role": v.verifier_role,
                "verifier_organisation": v.verifier_organisation,
                "verified_on": v.verified_on,
                "criteria": [c.text for c in v.criteria.all()],
                "notes": v.notes,
            }
            for v in records["verifications"]
        ]
    elif section == Section.CONTACT:
        data["contact_details"] = [
            {**_base(c), "kind": c.kind, "value": c.value, "notes": c.notes}
            for c in records["contact_details"]
        ]
        data["care_of_addresses"] = [
            {
                **_base(c),
                "hub": _agency(c.hub),
                "address": c.address,
                "starts_on": c.starts_on,
                "ends_on": c.ends_on,
                "post": [
                    {
                        "id": p.pk,
                        "received_on": p.received_on,
                        "description": p.description,
                        "collected_at": p.collected_at,
                    }
                    for p in c.post.all()
                ],
            }
            for c in records["care_of"]
        ]
    elif section == Section.SUPPORT:
        data["support_needs"] = [
            {**_base(n), "kind": n.kind, "detail": n.detail} for n in records["needs"]
        ]
    elif section == Section.OFFENDING:
        data["identifiers"] = [_identifier(i) for i in records["identifiers"]]
    elif section == Section.IMMIGRATION and view.shows_person_fields:
        data["fields"] = {
            "immigration_status": person.immigration_status,
            "public_funds": person.public_funds,
        }
    elif section == Section.HOUSING_HISTORY:
        if view.shows_person_fields:
            data["fields"] = {
                "local_connection": person.local_connection,
                "local_connection_area": person.local_connection_area,
            }
        data["entries"] = [
            {
                **_base(e),
                "accommodation": e.accommodation,
                "from_on": e.from_on,
                "to_on": e.to_on,
                "reason_left": e.reason_left,
            }
            for e in records["history"]
        ]
    data["notes"] = [_note(n) for n in records["notes"]]
    return data


def _identifier(i: Any) -> dict[str, Any]:
    return {**_base(i), "kind": i.kind, "system": i.system, "value": i.value}


def person_data(read: PersonRead) -> dict[str, Any]:
    """The API's view of one person: the sections the user may see, the hidden ones by name
    with who to ask, staff-safety warnings and the lead worker."""
    person = read.person
    contact = read.contact
    contact_data = {
        "lead_worker": contact.lead_worker_name if contact else "",
        "agency": _agency(contact.agency) if contact and contact.agency else None,
    }
    return {
        "id": person.pk,
        "recorded_by_agency": _agency(person.recorded_by_agency),
        "created_at": person.created_at,
        "version": person.version,
        "contact": contact_data,
        "warnings": [{**_base(w), "text": w.text} for w in read.warnings],
        "sections": {
            section.value: _section_data(read, section)
            for section, view in read.sections.items()
            if not view.is_hidden
        },
        "hidden_sections": [
            {
                "section": view.section.value,
                "label": view.label,
                "reason": view.hidden_reason,
                "contact": contact_data,
            }
            for view in read.hidden_sections
        ],
    }


@extend_schema(
    tags=["people"],
    summary="One person, by section",
    description=(
        "The sections of the record you may see. `state` is `shared` (everything) or "
        "`partial` (only your agency's records, with the `reason`). Sections you may not "
        "see are listed in `hidden_sections` with the reason (`role`, `agreement` or "
        "`consent`) and who to contact. A merged record answers 301 with the record it "
        "was merged into. Each section shown is recorded in the access log."
    ),
    responses=OpenApiTypes.OBJECT,
)
@api_view(["GET"])
@permission_classes(PERMISSIONS)
def person(request: Request, person_id: UUID) -> Response:
    try:
        read = read_person(
            request.user,  # type: ignore[arg-type]
            person_id,
            channel=Channel.API,
            route="api-person",
            memberships=request.memberships,  # type: ignore[attr-defined]
        )
    except PersonMoved as moved:
        response = Response(status=status.HTTP_301_MOVED_PERMANENTLY)
        response["Location"] = reverse("api-person", args=[moved.person_id])
        return response
    return Response(person_data(read))


urlpatterns = [
    path("people/", people, name="api-people"),
    path("people/<uuid:person_id>/", person, name="api-person"),
]
