"""GET /api/v1/housing/capacity/?partnership=<slug>: how many emergency beds are free now, for
a public directory, a partner's app or an outreach map.

Public: no token needed, limited per address (API_ANON_RATE) like the public alert endpoint; a
partner system may send its token and is then not limited by address. The answer is a list of
Open Referral HSDS 3.1 `service_capacity` objects (waypost/housing/schemas/): counts only,
never who is placed anywhere.
"""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import permissions, serializers
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.exceptions import ErrorDetail, NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from waypost.accounts.api_auth import ApiTokenAuthentication
from waypost.accounts.models import Partnership
from waypost.housing.capacity import capacity_for_partnership
from waypost.referrals.ratelimit import PublicApiThrottle, SignedInApiThrottle

# Counts change as beds are filled: caches may keep an answer for a minute at most.
MAX_AGE_SECONDS = 60


class HsdsUnitSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.UUIDField(help_text="The unit of measure's id (the same for every bed)")
    name = serializers.CharField(help_text="Always `Bed`")
    scheme = serializers.CharField(help_text="Always `Waypost`")
    identifier = serializers.CharField(help_text="Always `bed`")


class ServiceCapacitySerializer(serializers.Serializer):  # type: ignore[type-arg]
    """An Open Referral HSDS 3.1 service_capacity object."""

    id = serializers.UUIDField(help_text="Stable for a scheme from one call to the next")
    service_id = serializers.UUIDField(help_text="The scheme's id")
    unit = HsdsUnitSerializer()
    available = serializers.IntegerField(
        min_value=0, help_text="Beds free now, as the provider last said"
    )
    maximum = serializers.IntegerField(min_value=0, help_text="Beds in use at the scheme")
    description = serializers.CharField(help_text="The kind, scheme, provider and who it suits")
    updated = serializers.DateTimeField(
        help_text="When the provider last checked its vacancies (or, if never, when the scheme "
        "was added), with milliseconds"
    )


@extend_schema(
    summary="Free emergency beds in a partnership",
    description=(
        "Night shelter, emergency, severe weather (SWEP) and hostel beds: how many are free now "
        "and how many there are, per scheme, as Open Referral HSDS 3.1 `service_capacity` "
        "objects. Counts only, never who is placed. No token is needed; calls without one are "
        "limited per address (429 when over the limit). `updated` says how fresh each count "
        "is: a provider's check more than a day old may no longer be right."
    ),
    parameters=[
        OpenApiParameter(
            "partnership",
            OpenApiTypes.STR,
            required=True,
            description="The partnership's short name, like `coventry`",
        )
    ],
    responses={
        200: ServiceCapacitySerializer(many=True),
        400: OpenApiResponse(description="No partnership given"),
        404: OpenApiResponse(description="No partnership has that short name"),
        429: OpenApiResponse(description="Too many requests from this address: retry later"),
    },
    examples=[
        OpenApiExample(
            "A night shelter with 3 of its 12 beds free",
            value=[
                {
                    "id": "2f0b3c9e-3a57-5a41-9a3e-6f1d2c4b5a60",
                    "service_id": "6d1f0c2a-8b3e-4c5d-9e7f-0a1b2c3d4e5f",
                    "unit": {
                        "id": "1b7c3f5e-9d2a-5c4b-8e6f-7a9b0c1d2e3f",
                        "name": "Bed",
                        "scheme": "Waypost",
                        "identifier": "bed",
                    },
                    "available": 3,
                    "maximum": 12,
                    "description": "Night shelter at Harnall Lane, run by Coventry Night "
                    "Shelter and Hostels",
                    "updated": "2026-01-14T21:05:00.000+00:00",
                }
            ],
            response_only=True,
        )
    ],
    tags=["housing"],
)
@api_view(["GET"])
@authentication_classes([ApiTokenAuthentication])
@permission_classes([permissions.AllowAny])
@throttle_classes([PublicApiThrottle, SignedInApiThrottle])
def capacity(request: Request) -> Response:
    slug = (request.query_params.get("partnership") or "").strip()
    if not slug:
        raise serializers.ValidationError(
            {
                "partnership": [
                    ErrorDetail(
                        "Give the partnership's short name, like ?partnership=coventry",
                        code="required",
                    )
                ]
            }
        )
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise NotFound("No partnership has that short name.")
    response = Response(capacity_for_partnership(partnership.pk))
    response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    return response


urlpatterns = [path("housing/capacity/", capacity, name="api-housing-capacity")]
