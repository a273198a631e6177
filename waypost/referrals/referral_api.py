"""The Duty to Refer API, for a public body's own system (a hospital's patient system, a
prison's release planner): send a referral as the form does, and follow the agency's referrals
as the referrer sees them.

- `POST /api/v1/referrals/`: the form's fields as JSON; `partnership` is the council's slug
  (like `coventry`); `discharge` is a nested object for a hospital or prison pathway. Send an
  `Idempotency-Key` header so a retry cannot refer twice. The same person from the same
  agency within a day answers 200 with the earlier referral and `duplicate: true`.
- `GET /api/v1/referrals/` and `GET /api/v1/referrals/{id}/`: the caller's agencies' referrals
  with their status and outcomes; never triage, reconnection or the person's record.

Every referral shown is recorded in the access log (channel "api").
"""

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.urls import path, reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import permissions, serializers, status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from waypost.accounts.api_auth import HasActiveMembership, acting_agency
from waypost.accounts.idempotency import idempotent_write
from waypost.accounts.models import Agency, Partnership
from waypost.audit.models import Channel
from waypost.people.api import AgencyRefSerializer
from waypost.referrals.models import (
    AccommodationType,
    BodyType,
    ClosureReason,
    ConsentMethod,
    ContactMethod,
    Discharge,
    DutyOutcome,
    HousingSituation,
    Pathway,
    Referral,
    ReferralReason,
    ReferralSource,
)
from waypost.referrals.referral_access import (
    REFERRING_ROLES,
    get_referral_for_user,
    record_referrals_listed,
    referrer_q,
)
from waypost.referrals.referral_actions import make_referral
from waypost.referrals.referrer_forms import referral_problems
from waypost.referrals.referrer_views import referring_agencies, with_outcomes

SCOPE = "api-referrals"
# The idempotency record keeps only an id: a duplicate's answer (200) is told apart this way.
DUPLICATE_PREFIX = "duplicate:"
CONSENT_MESSAGE = (
    "The person must agree to the referral: send consent_given true. Without their consent, "
    "do not refer them: ring the council's housing options team for advice instead."
)


class IsReferrer(permissions.BasePermission):
    message = "Your role does not include sending referrals."

    def has_permission(self, request: Request, view: Any) -> bool:
        return any(m.role in REFERRING_ROLES for m in getattr(request, "memberships", []))


PERMISSIONS = [HasActiveMembership, IsReferrer]


class RefusesUnknownFields(serializers.Serializer):  # type: ignore[type-arg]
    """Refuses fields it does not know, so a misspelt optional field is not silently lost."""

    what = "this object"

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = set(data) - set(self.fields)
            if unknown:
                raise serializers.ValidationError(
                    {name: f"This field is not part of {self.what}." for name in sorted(unknown)}
                )
        return super().to_internal_value(data)


class DischargeRequestSerializer(RefusesUnknownFields):
    """The discharge or release details of a hospital or prison pathway referral."""

    what = "the discharge details"

    expected_on = serializers.DateField(help_text="The expected discharge or release date")
    institution = serializers.CharField(max_length=200, help_text="The hospital or prison")
    ward_or_wing = serializers.CharField(max_length=100, allow_blank=True, default="")
    contact_name = serializers.CharField(
        max_length=200, help_text="Whom the housing team should talk to about the day"
    )
    contact_role = serializers.CharField(
        max_length=100, help_text="Like discharge nurse, prison officer or probation officer"
    )
    contact_phone = serializers.CharField(max_length=30, allow_blank=True, default="")
    contact_email = serializers.EmailField(allow_blank=True, required=False)
    needs_on_release = serializers.CharField(max_length=4000)


class ReferralRequestSerializer(RefusesUnknownFields):
    what = "a referral"

    partnership = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Partnership.objects.all(),
        help_text="The slug of the council (partnership) the person chose, like `coventry`",
        error_messages={"does_not_exist": "No council has the slug “{value}”."},
    )
    agency = serializers.UUIDField(
        required=False,
        help_text="The id of the agency you refer for; needed only when you refer for more "
        "than one",
    )
    body_type = serializers.ChoiceField(
        choices=BodyType.choices,
        help_text="The kind of service referring. The first twelve values are the public "
        "bodies with the duty to refer; the rest refer voluntarily.",
    )
    referrer_phone = serializers.CharField(max_length=30, allow_blank=True, default="")
    # Not defaulted to "": the schema's default must itself be a valid email address.
    referrer_email = serializers.EmailField(
        allow_blank=True, required=False, help_text="Send this or referrer_phone, or both"
    )
    consent_given = serializers.BooleanField(
        help_text="Must be true: refer only with the person's consent (HRA 2017 s.213B)",
        error_messages={"required": CONSENT_MESSAGE},
    )
    consent_method = serializers.ChoiceField(choices=ConsentMethod.choices)
    consent_given_on = serializers.DateField(help_text="When they agreed; not in the future")
    given_name = serializers.CharField(max_length=100)
    family_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField(allow_null=True, default=None)
    phone = serializers.CharField(max_length=30, allow_blank=True, default="")
    email = serializers.EmailField(allow_blank=True, required=False)
    contact_method = serializers.ChoiceField(
        choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    safe_to_leave_message = serializers.BooleanField(default=False)
    contact_notes = serializers.CharField(max_length=2000, allow_blank=True, default="")
    situation = serializers.ChoiceField(choices=HousingSituation.choices)
    reason = serializers.ChoiceField(choices=ReferralReason.choices)
    reason_detail = serializers.CharField(max_length=4000)
    pathway = serializers.ChoiceField(choices=Pathway.choices, default=Pathway.NONE)
    discharge = DischargeRequestSerializer(
        required=False,
        allow_null=True,
        help_text="Required when pathway is hospital or prison; left out otherwise",
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        problems = referral_problems(data, data.get("discharge"), today=timezone.localdate())
        if "consent_given" in problems:
            problems["consent_given"] = CONSENT_MESSAGE
        if problems:
            nested = {k.split(".", 1)[1]: v for k, v in problems.items() if "." in k}
            errors: dict[str, Any] = {k: v for k, v in problems.items() if "." not in k}
            if nested:
                errors["discharge"] = nested
            raise serializers.ValidationError(errors)
        return data


class PartnershipRefSerializer(serializers.Serializer):  # type: ignore[type-arg]
    slug = serializers.CharField()
    name = serializers.CharField()


class ReferralReceiptSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.UUIDField()
    reference = serializers.CharField(help_text="Quote this to the housing options team")
    # Plain strings for a referral's status and a duty's kind: other APIs have enums named
    # "status" and "kind" with other values, and a second choice set would rename theirs.
    status = serializers.CharField(help_text="As `status` in a referral: waiting for a new one")
    received_at = serializers.DateTimeField()
    duplicate = serializers.BooleanField(
        help_text="True when this person was already referred by your agency in the last day: "
        "this is that earlier referral, and nothing new was sent"
    )
    url = serializers.URLField(help_text="This referral in the API")
    page_url = serializers.URLField(help_text="This referral in Waypost, as you see it")


class DutySentSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.CharField(help_text="`prevention` or `relief`")
    started_on = serializers.DateField()
    ends_on = serializers.DateField(help_text="56 days after it started")
    ended_on = serializers.DateField(allow_null=True)
    outcome = serializers.ChoiceField(choices=DutyOutcome.choices, allow_blank=True)
    outcome_label = serializers.CharField()


class DischargeSentSerializer(serializers.Serializer):  # type: ignore[type-arg]
    expected_on = serializers.DateField()
    institution = serializers.CharField()
    ward_or_wing = serializers.CharField()
    contact_name = serializers.CharField()
    contact_role = serializers.CharField()
    contact_phone = serializers.CharField()
    contact_email = serializers.CharField()
    needs_on_release = serializers.CharField()
    accommodation_confirmed = serializers.BooleanField(
        help_text="Whether somewhere to go is confirmed for the day"
    )
    discharged_on = serializers.DateField(allow_null=True)
    outcome = serializers.ChoiceField(
        choices=AccommodationType.choices, allow_blank=True, help_text="Where they went"
    )
    outcome_label = serializers.CharField()


class ReferralSentSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A referral as its referrer sees it: what was sent, and what became of it."""

    id = serializers.UUIDField()
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    source = serializers.ChoiceField(choices=ReferralSource.choices)
    partnership = PartnershipRefSerializer()
    referring_agency = AgencyRefSerializer()
    status = serializers.CharField(
        help_text="`waiting` (for triage), `accepted` or `closed` (see closure_reason)"
    )
    status_label = serializers.CharField()
    handled_by = serializers.CharField(
        allow_null=True, help_text="The name of the agency responsible for the person now"
    )
    accepted_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    closure_reason = serializers.ChoiceField(choices=ClosureReason.choices, allow_blank=True)
    closure_reason_label = serializers.CharField()
    duties = DutySentSerializer(many=True)
    body_type = serializers.ChoiceField(choices=BodyType.choices)
    is_duty_to_refer = serializers.BooleanField()
    referrer_phone = serializers.CharField()
    referrer_email = serializers.CharField()
    consent_given = serializers.BooleanField()
    consent_method = serializers.ChoiceField(choices=ConsentMethod.choices)
    consent_given_on = serializers.DateField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    phone = serializers.CharField()
    email = serializers.CharField()
    contact_method = serializers.ChoiceField(choices=ContactMethod.choices)
    safe_to_leave_message = serializers.BooleanField()
    contact_notes = serializers.CharField()
    situation = serializers.ChoiceField(choices=HousingSituation.choices)
    reason = serializers.ChoiceField(choices=ReferralReason.choices)
    reason_detail = serializers.CharField()
    pathway = serializers.ChoiceField(choices=Pathway.choices)
    discharge = DischargeSentSerializer(allow_null=True)
    url = serializers.URLField()
    page_url = serializers.URLField()


SENT_FIELDS = (
    "body_type",
    "is_duty_to_refer",
    "referrer_phone",
    "referrer_email",
    "consent_given",
    "consent_method",
    "consent_given_on",
    "given_name",
    "family_name",
    "date_of_birth",
    "phone",
    "email",
    "contact_method",
    "safe_to_leave_message",
    "contact_notes",
    "situation",
    "reason",
    "reason_detail",
    "pathway",
)
DISCHARGE_SENT_FIELDS = (
    "expected_on",
    "institution",
    "ward_or_wing",
    "contact_name",
    "contact_role",
    "contact_phone",
    "contact_email",
    "needs_on_release",
    "accommodation_confirmed",
    "discharged_on",
    "outcome",
)


def _links(request: Request, referral: Referral) -> dict[str, str]:
    return {
        "url": request.build_absolute_uri(reverse("api-referral", args=[referral.pk])),
        "page_url": request.build_absolute_uri(
            reverse("referrals:sent_detail", args=[referral.pk])
        ),
    }


def sent_data(request: Request, referral: Referral) -> dict[str, Any]:
    """The referrer's view of one referral (referral must come through `with_outcomes`)."""
    discharge: Discharge | None = getattr(referral, "discharge", None)
    data: dict[str, Any] = {
        "id": referral.pk,
        "reference": referral.display_reference,
        "received_at": referral.received_at,
        "source": referral.source,
        "partnership": {"slug": referral.partnership.slug, "name": referral.partnership.name},
        "referring_agency": {
            "id": referral.referring_agency_id,
            "name": referral.referring_agency.name,
        },
        "status": referral.status,
        "status_label": referral.get_status_display(),
        "handled_by": referral.lead_agency.name if referral.lead_agency else None,
        "accepted_at": referral.accepted_at,
        "closed_at": referral.closed_at,
        "closure_reason": referral.closure_reason,
        "closure_reason_label": referral.get_closure_reason_display()
        if referral.closure_reason
        else "",
        "duties": [
            {
                "kind": d.kind,
                "started_on": d.started_on,
                "ends_on": d.ends_on,
                "ended_on": d.ended_on,
                "outcome": d.outcome,
                "outcome_label": d.get_outcome_display() if d.outcome else "",
            }
            for d in referral.duties.all()
        ],
        **{name: getattr(referral, name) for name in SENT_FIELDS},
        "discharge": None,
        **_links(request, referral),
    }
    if discharge is not None:
        data["discharge"] = {name: getattr(discharge, name) for name in DISCHARGE_SENT_FIELDS}
        data["discharge"]["outcome_label"] = (
            discharge.get_outcome_display() if discharge.outcome else ""
        )
    return data


class ReferralPagination(CursorPagination):
    ordering = ("-received_at", "-id")


def _sent_queryset(request: Request) -> QuerySet[Referral]:
    memberships = request.memberships  # type: ignore[attr-defined]
    return with_outcomes(
        Referral.objects.filter(referrer_q(memberships)).select_related("partnership")
    )


def _read(request: Request, referral_id: Any, *, route: str) -> Referral:
    """One of the caller's agencies' referrals through the access door (which logs the read);
    404 for a missing referral and another agency's alike."""
    memberships = request.memberships  # type: ignore[attr-defined]
    referral = _sent_queryset(request).filter(pk=referral_id).first()
    if referral is None:
        raise NotFound
    get_referral_for_user(
        request.user,  # type: ignore[arg-type]
        referral.pk,
        memberships,
        route=route,
        channel=Channel.API,
    )
    return referral


@extend_schema(
    methods=["GET"],
    tags=["referrals"],
    summary="Referrals your agency sent",
    description=(
        "The referrals of the agencies you refer for, newest first, in pages (cursor "
        "pagination), with what became of each: status, the agency handling it, each "
        "prevention or relief duty's outcome and, for a discharge pathway, whether somewhere "
        "to go is confirmed and where they went. The housing team's triage, notes and the "
        "person's record are never included. Each referral listed is recorded in the access log."
    ),
    responses=ReferralSentSerializer(many=True),
)
@extend_schema(
    methods=["POST"],
    tags=["referrals"],
    summary="Send a Duty to Refer referral",
    description=(
        "The same as the referral form. Refer only with the person's consent: "
        "`consent_given` must be true. `partnership` is the slug of the council the person "
        "chose. `agency` is needed only when you refer for more than one agency. For a "
        "hospital or prison pathway, send `discharge`; leave it out otherwise. Unknown fields "
        "are refused.\n\n"
        "The answer is 201 with the new referral's reference. When your agency already "
        "referred the same person (same name and date of birth) in the last day, nothing new "
        "is sent or counted: the answer is 200 with that earlier referral and "
        "`duplicate: true`.\n\n"
        "Send an `Idempotency-Key` header (any unique string, up to 255 characters) to make "
        "retries safe: a retry with the same key and body answers as the first call did "
        "(header `Idempotent-Replayed: true`); the same key with a different body is refused "
        "with 422. Keys are remembered for 24 hours."
    ),
    request=ReferralRequestSerializer,
    parameters=[
        OpenApiParameter(
            "Idempotency-Key",
            OpenApiTypes.STR,
            location=OpenApiParameter.HEADER,
            required=False,
            description="A unique string per referral, so a retry does not refer twice",
        )
    ],
    responses={
        201: ReferralReceiptSerializer,
        200: OpenApiResponse(
            ReferralReceiptSerializer,
            description="Already referred by your agency in the last day (`duplicate: true`)",
        ),
        400: OpenApiResponse(description="Invalid referral: see `errors`, one per field"),
        409: OpenApiResponse(description="A request with this Idempotency-Key is in progress"),
        422: OpenApiResponse(description="This Idempotency-Key was used for another request"),
    },
    examples=[
        OpenApiExample(
            "A hospital discharge referral",
            value={
                "partnership": "coventry",
                "body_type": "hospital_inpatient",
                "referrer_phone": "024 7696 4000",
                "referrer_email": "discharge.team@uhcw.example",
                "consent_given": True,
                "consent_method": "verbal",
                "consent_given_on": "2026-03-27",
                "given_name": "Dawn",
                "family_name": "Hartley",
                "date_of_birth": "1979-04-12",
                "phone": "07700 900123",
                "contact_method": "phone",
                "safe_to_leave_message": True,
                "situation": "threatened",
                "reason": "family_friends",
                "reason_detail": "Her sister can no longer put her up after she leaves hospital.",
                "pathway": "hospital",
                "discharge": {
                    "expected_on": "2026-04-06",
                    "institution": "University Hospital Coventry",
                    "ward_or_wing": "Ward 12",
                    "contact_name": "Sam Okafor",
                    "contact_role": "Discharge nurse",
                    "contact_phone": "024 7696 4001",
                    "needs_on_release": "Wound dressing changed daily; a ground-floor room.",
                },
            },
            request_only=True,
        )
    ],
)
@api_view(["GET", "POST"])
@permission_classes(PERMISSIONS)
@parser_classes([JSONParser])
def referrals(request: Request) -> Response:
    if request.method == "POST":
        return idempotent_write(
            request,
            scope=SCOPE,
            write=lambda: _create(request),
            replay=lambda result_id: _replay(request, result_id),
        )
    paginator = ReferralPagination()
    page = list(
        paginator.paginate_queryset(_sent_queryset(request), request) or []  # type: ignore[arg-type]
    )
    record_referrals_listed(
        request.user,  # type: ignore[arg-type]
        page,
        request.memberships,  # type: ignore[attr-defined]
        route=SCOPE,
        channel=Channel.API,
    )
    return paginator.get_paginated_response(
        ReferralSentSerializer([sent_data(request, r) for r in page], many=True).data
    )


# drf-spectacular documents a list's page shape (and its cursor parameter) from the view's
# pagination_class, which @api_view has no decorator for.
referrals.cls.pagination_class = ReferralPagination  # type: ignore[attr-defined]


def _agency(request: Request, agency_id: UUID | None) -> Agency:
    return acting_agency(referring_agencies(request.memberships), agency_id, acts="refer")  # type: ignore[attr-defined]


def _create(request: Request) -> tuple[Response, str]:
    if not isinstance(request.data, dict):
        raise serializers.ValidationError(
            {"non_field_errors": ["Send one referral as a JSON object."]}
        )
    serializer = ReferralRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    agency = _agency(request, data.pop("agency", None))
    partnership = data.pop("partnership")
    discharge = data.pop("discharge", None)
    result = make_referral(
        by=request.user,  # type: ignore[arg-type]
        agency=agency,
        partnership=partnership,
        source=ReferralSource.API,
        discharge=dict(discharge) if discharge is not None else None,
        **data,
    )
    prefix = "" if result.created else DUPLICATE_PREFIX
    return _receipt(request, result.referral.pk, created=result.created), (
        f"{prefix}{result.referral.pk}"
    )


def _replay(request: Request, result_id: str) -> Response:
    created = not result_id.startswith(DUPLICATE_PREFIX)
    return _receipt(request, result_id.removeprefix(DUPLICATE_PREFIX), created=created)


def _receipt(request: Request, referral_id: Any, *, created: bool) -> Response:
    """The answer to a POST, read afresh through the access door (the caller may have lost
    access since a replayed key was first used)."""
    referral = _read(request, referral_id, route=SCOPE)
    body = {
        "id": referral.pk,
        "reference": referral.display_reference,
        "status": referral.status,
        "received_at": referral.received_at,
        "duplicate": not created,
        **_links(request, referral),
    }
    response = Response(
        ReferralReceiptSerializer(body).data,
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )
    if created:
        response["Location"] = reverse("api-referral", args=[referral.pk])
    return response


@extend_schema(
    tags=["referrals"],
    summary="One referral your agency sent",
    description=(
        "What was sent and what became of it, as in the list. 404 for a referral another "
        "agency sent. The read is recorded in the access log."
    ),
    responses={200: ReferralSentSerializer, 404: OpenApiResponse(description="Not found")},
)
@api_view(["GET"])
@permission_classes(PERMISSIONS)
def referral(request: Request, referral_id: UUID) -> Response:
    found = _read(request, referral_id, route="api-referral")
    return Response(ReferralSentSerializer(sent_data(request, found)).data)


urlpatterns = [
    path("referrals/", referrals, name="api-referrals"),
    path("referrals/<uuid:referral_id>/", referral, name="api-referral"),
]
