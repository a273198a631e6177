"""The API root: /api/schema/ (OpenAPI 3), /api/docs/ and the versioned /api/v1/ endpoints."""

import re
from typing import Any

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


# The schema and its viewer read nothing from the database: not counted by the per-user limit
# (SignedInApiThrottle counts in the database cache).
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(throttle_classes=[]), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", throttle_classes=[]),
        name="api-docs",
    ),
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


def list_index_attrs_as_patterns(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: a validation error inside a list names its item,
    as in `identifiers.0.value`, but drf-standardized-errors documents that `attr` as the
    single value `identifiers.INDEX.value`. Document it as the pattern the API really sends,
    and drop the discriminator that maps `attr` values (a mapping cannot hold a pattern: the
    `oneOf` still tells the errors apart)."""
    for component in result.get("components", {}).get("schemas", {}).values():
        attr = component.get("properties", {}).get("attr", {})
        names = attr.get("enum") or []
        if len(names) == 1 and _is_list_item_attr(names[0]):
            parts = [r"\d+" if part == "INDEX" else re.escape(part) for part in names[0].split(".")]
            del attr["enum"]
            attr["pattern"] = "^" + r"\.".join(parts) + "$"
        mapping = component.get("discriminator", {}).get("mapping", {})
        if any(_is_list_item_attr(value) for value in mapping):
            del component["discriminator"]
    return result


def _is_list_item_attr(name: str) -> bool:
    return "INDEX" in name.split(".")
