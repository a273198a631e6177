"""POST /api/v1/alerts/: send an alert from another app (a street-outreach app, a council's
own website) exactly as the public form does.

Public: no token needed, limited per address (API_ANON_RATE). A partner system may send its
token to be recorded as the sender (and is then not limited by address). Only JSON; bodies
over MAX_BODY_BYTES, malformed JSON, unknown fields and invalid values are refused with the
API's one error shape. The answer holds the reference and the status page's address, never
anything that was sent.
"""

from datetime import date
from decimal import Decimal
from typing import Any

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
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    parser_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from waypost.accounts.api_auth import ApiTokenAuthentication
from waypost.accounts.idempotency import idempotent_write
from waypost.referrals import actions
from waypost.referrals.models import (
    AgeRange,
    Alert,
    AlerterType,
    AlertSource,
    HowOften,
    SeenGender,
    TimeOfDay,
)
from waypost.referrals.ratelimit import PublicApiThrottle, SignedInApiThrottle
from waypost.referrals.routing import postcode_problem

MAX_BODY_BYTES = 64 * 1024


class AlertRequestSerializer(serializers.Serializer):  # type: ignore[type-arg]
    street = serializers.CharField(required=False, allow_blank=True, max_length=200)
    building = serializers.CharField(required=False, allow_blank=True, max_length=200)
    postcode = serializers.CharField(
        required=False, allow_blank=True, max_length=10, help_text="A postcode or its first half"
    )
    town = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Needed without a postcode"
    )
    location_description = serializers.CharField(
        max_length=2000, help_text="Exactly where the person sleeps"
    )
    latitude = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(
        required=False, allow_null=True, min_value=-180, max_value=180
    )
    seen_on = serializers.DateField(help_text="When the alerter last saw them there")
    seen_time = serializers.ChoiceField(choices=TimeOfDay.choices)
    how_often = serializers.ChoiceField(choices=HowOften.choices)
    appearance = serializers.CharField(max_length=1000, help_text="What the person looks like")
    age_range = serializers.ChoiceField(choices=AgeRange.choices)
    gender = serializers.ChoiceField(choices=SeenGender.choices)
    name_if_known = serializers.CharField(required=False, allow_blank=True, max_length=200)
    concerns = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Anything the outreach team should be aware of",
    )
    alerter_type = serializers.ChoiceField(choices=AlerterType.choices)
    alerter_email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    wants_feedback = serializers.BooleanField(
        default=False, help_text="Email the alerter an update (needs alerter_email)"
    )

    def validate_postcode(self, value: str) -> str:
        problem = postcode_problem(value)
        if problem:
            raise serializers.ValidationError("Send a UK postcode, like CV1 2AB, or leave it out.")
        return value.strip()

    def validate_seen_on(self, value: date) -> date:
        if value > timezone.localdate():
            raise serializers.ValidationError("The date must be today or in the past.")
        return value

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError(
                {name: "This field is not part of an alert." for name in sorted(unknown)}
            )
        if not (data.get("postcode", "").strip() or data.get("town", "").strip()):
            raise serializers.ValidationError({"town": "Send the town or area, or the postcode."})
        if data["wants_feedback"] and not data.get("alerter_email"):
            raise serializers.ValidationError(
                {"alerter_email": "Send the alerter's email address to give them an update."}
            )
        if data.get("alerter_email") and not data["wants_feedback"]:
            raise serializers.ValidationError(
                {"wants_feedback": "Send true when the alerter gave their email for an update."}
            )
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise serializers.ValidationError(
                {"longitude": "Send both latitude and longitude, or neither."}
            )
        return data

    def alert_fields(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        for name in ("latitude", "longitude"):
            value = data.get(name)
            data[name] = round(Decimal(str(value)), 5) if value is not None else None
        for name in ("street", "building", "postcode", "town", "name_if_known", "concerns"):
            data[name] = data.get(name, "").strip()
        data["alerter_email"] = data.get("alerter_email", "")
        return data


class AlertReceiptSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reference = serializers.CharField(help_text="Give this to the alerter: it finds the status")
    status = serializers.ChoiceField(
        choices=[("waiting", "Waiting for outreach"), ("out_of_area", "Being passed on")]
    )
    status_url = serializers.URLField(help_text="The public status page: status and dates only")
    received_at = serializers.DateTimeField()
    outcome_due_on = serializers.DateField()


def _too_large() -> Response:
    return Response(
        {
            "type": "client_error",
            "errors": [
                {
                    "code": "request_too_large",
                    "detail": f"The request body is larger than {MAX_BODY_BYTES // 1024} KB. "
                    "Keep each field within its maximum length.",
                    "attr": None,
                }
            ],
        },
        status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    )


@extend_schema(
    summary="Send an alert about someone sleeping rough",
    description=(
        "The same as the public alert form. No token is needed; calls without one are limited "
        "per address (429 when over the limit). Send JSON only, up to 64 KB. The alert goes to "
        "the outreach team of the partnership whose area covers the postcode or town, or to a "
        "coordinator to forward when none does. Unknown fields are refused. With a token, "
        "send an `Idempotency-Key` header to make retries safe: a retry with the same key "
        "and body answers with the alert first created (`Idempotent-Replayed: true`)."
    ),
    request=AlertRequestSerializer,
    parameters=[
        OpenApiParameter(
            "Idempotency-Key",
            OpenApiTypes.STR,
            location=OpenApiParameter.HEADER,
            required=False,
            description="With a token: a unique string per alert, so a retry does not send "
            "it twice",
        )
    ],
    responses={
        201: AlertReceiptSerializer,
        400: OpenApiResponse(description="Invalid or malformed alert: see `errors`"),
        413: OpenApiResponse(description="The body is over 64 KB"),
        415: OpenApiResponse(description="Not JSON"),
        429: OpenApiResponse(description="Too many alerts from this address: retry later"),
    },
    examples=[
        OpenApiExample(
            "An alert",
            value={
                "street": "Hertford Street",
                "postcode": "CV1 1LA",
                "town": "Coventry",
                "location_description": "In the doorway of the bank opposite the bus stop",
                "seen_on": "2026-03-27",
                "seen_time": "early_morning",
                "how_often": "regularly",
                "appearance": "Man in a green coat with a blue sleeping bag",
                "age_range": "36_50",
                "gender": "man",
                "alerter_type": "public",
                "alerter_email": "alerter@example.com",
                "wants_feedback": True,
            },
            request_only=True,
        )
    ],
    tags=["alerts"],
)
@api_view(["POST"])
@authentication_classes([ApiTokenAuthentication])
@permission_classes([permissions.AllowAny])
@throttle_classes([PublicApiThrottle, SignedInApiThrottle])
@parser_classes([JSONParser])
def alerts(request: Request) -> Response:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        return _too_large()
    if request.user and request.user.is_authenticated:
        # Partner systems with a token may retry safely; keys belong to a user, so calls
        # without a token cannot use them.
        return idempotent_write(
            request,
            scope="api-alerts",
            write=lambda: _receive(request),
            replay=lambda alert_id: _receipt(request, Alert.objects.get(pk=alert_id)),
        )
    return _receive(request)[0]


def _receive(request: Request) -> tuple[Response, str]:
    if not isinstance(request.data, dict):
        raise serializers.ValidationError(
            {"non_field_errors": ["Send one alert as a JSON object."]}
        )
    serializer = AlertRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    user = request.user if request.user and request.user.is_authenticated else None
    alert = actions.receive_alert(
        source=AlertSource.API,
        sent_by=user,  # type: ignore[arg-type]
        **serializer.alert_fields(),
    )
    return _receipt(request, alert), str(alert.pk)


def _receipt(request: Request, alert: Alert) -> Response:
    status_path = reverse("alerts:status", args=[alert.reference])
    body = {
        "reference": alert.display_reference,
        "status": alert.status,
        "status_url": request.build_absolute_uri(status_path),
        "received_at": alert.received_at,
        "outcome_due_on": alert.due_on,
    }
    response = Response(AlertReceiptSerializer(body).data, status=status.HTTP_201_CREATED)
    response["Location"] = status_path
    return response


urlpatterns = [path("alerts/", alerts, name="api-alerts")]
