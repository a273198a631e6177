"""The API root: /api/schema/ (OpenAPI 3), /api/docs/ and the versioned /api/v1/ endpoints."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


def api_not_found(request: HttpRequest) -> JsonResponse:
    """Unknown /api/ paths, in the same JSON error shape as every other API error."""
    return JsonResponse(
        {
            "type": "client_error",
            "errors": [{"code": "not_found", "detail": "Not found.", "attr": None}],
        },
        status=404,
    )


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("v1/", include("waypost.accounts.api")),
    path("v1/", include("waypost.notifications.api")),
    path("v1/", include("waypost.people.matching.api")),
    path("v1/", include("waypost.people.api")),
    path("v1/", include("waypost.referrals.api")),
    path("v1/", include("waypost.referrals.referral_api")),
    path("v1/", include("waypost.outreach.contact_api")),
    path("v1/", include("waypost.cases.plan_api")),
    path("v1/", include("waypost.housing.capacity_api")),
    # Open Referral HSDS 3 (its own OpenAPI description: ../shared/standards/hsds3/openapi.json).
    path("hsds/", include("waypost.directory.hsds_api")),
]
