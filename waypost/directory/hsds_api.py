"""/api/hsds/: the service directory as Open Referral's HSDS 3 API (read-only).

Implements the paths of HSDS 3's OpenAPI description (hsds/openapi.json, served at
/api/hsds/openapi.json): services, organisations, services at locations, taxonomies and terms,
as pages (`Page`: total_items, total_pages, page_number, size, first_page, last_page, empty,
contents) or one record fully nested. Waypost adds one parameter, `partnership=<slug>`, to
keep to one partnership's directory. docs/directory-hsds.md says how to call it.

Public like the directory itself: no token needed, limited per address (API_ANON_RATE, 429
when over); a partner system may send its token and is then not limited. Answers may be cached
for five minutes. Nothing for professionals only ever comes out (waypost.directory.hsds_out).
The views are left out of Waypost's own OpenAPI schema (/api/schema/): HSDS has its own.
"""

import copy
import json
import math
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import re_path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.exceptions import ErrorDetail, NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response

from waypost.accounts.api_auth import ApiTokenAuthentication
from waypost.accounts.models import Partnership
from waypost.directory import hsds_out as out
from waypost.directory.models import (
    Access,
    GenderServed,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    Taxonomy,
    TaxonomyTerm,
)
from waypost.directory.terms import ELIGIBILITY, ELIGIBILITY_TAXONOMY, taxonomy_id, term_id
from waypost.referrals.ratelimit import PublicApiThrottle, SignedInApiThrottle

OPENAPI_PATH = Path(__file__).parent / "hsds" / "openapi.json"
# Waypost follows HSDS 3.0 itself, with no published profile: point at the specification.
PROFILE_URL = "https://github.com/openreferral/specification/tree/3.0"
LICENSE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"

# The directory changes a few times a day: a cache may keep an answer for five minutes.
MAX_AGE_SECONDS = 300
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
# `minimal=true` should fit the whole directory in one page (the specification's advice).
MINIMAL_PER_PAGE = 2000

# Waypost's eligibility terms are columns on Service, not attribute rows.
ELIGIBILITY_FILTERS: dict[Any, Q] = {
    term_id("women-only"): Q(gender=GenderServed.WOMEN),
    term_id("men-only"): Q(gender=GenderServed.MEN),
    term_id("no-recourse-accepted"): Q(accepts_no_recourse=True),
    term_id("local-connection-needed"): Q(needs_local_connection=True),
    term_id("walk-in"): Q(access=Access.WALK_IN),
    term_id("walk-in-or-referral"): Q(access=Access.WALK_IN_OR_REFERRAL),
    term_id("appointment"): Q(access=Access.APPOINTMENT),
    term_id("referral-needed"): Q(access=Access.REFERRAL),
}
assert len(ELIGIBILITY_FILTERS) == len(ELIGIBILITY)  # a new eligibility term needs a filter
# The services whose records carry an eligibility attribute (defaults are left out).
SAYS_ELIGIBILITY = (
    ~Q(gender=GenderServed.ANYONE)
    | Q(accepts_no_recourse=True)
    | Q(needs_local_connection=True)
    | ~Q(access=Access.WALK_IN)
)


# ---------------------------------------------------------------------------------------------
# Parameters: anything malformed is a 400 naming the parameter


def _bad(attr: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({attr: [ErrorDetail(message, code="invalid")]})


def _text(request: Request, name: str) -> str:
    return (request.query_params.get(name) or "").strip()


def _bool(request: Request, name: str) -> bool:
    value = _text(request, name).lower()
    if value in ("", "false", "0", "no"):
        return False
    if value in ("true", "1", "yes"):
        return True
    raise _bad(name, f"{name} must be true or false.")


def _int(request: Request, name: str, default: int, maximum: int) -> int:
    value = _text(request, name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise _bad(name, f"{name} must be a whole number.") from None
    if number < 1:
        raise _bad(name, f"{name} must be 1 or more.")
    if number > maximum:
        raise _bad(name, f"{name} must be {maximum} or fewer.")
    return number


def _uuid(request: Request, name: str) -> uuid.UUID | None:
    value = _text(request, name)
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise _bad(name, f"{name} must be a UUID, like {uuid.UUID(int=0)}.") from None


def _datetime(request: Request, name: str) -> datetime | None:
    value = _text(request, name)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _bad(
            name, f"{name} must be a date and time, like 2025-01-31T09:00:00Z (ISO 8601)."
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _partnership(request: Request) -> Partnership | None:
    slug = _text(request, "partnership")
    if not slug:
        return None
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise _bad("partnership", "No partnership has that short name, like coventry.")
    return partnership


def _only_json(request: Request) -> None:
    if _text(request, "format") not in ("", "json"):
        raise _bad("format", "Only format=json is available.")


def _path_id(value: str, kind: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise _bad("id", f"A {kind}'s id is a UUID, like {uuid.UUID(int=0)}.") from None


# ---------------------------------------------------------------------------------------------
# Answers


def _answer(data: Any) -> Response:
    response = Response(data)
    response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    return response


def page_of(
    rows: QuerySet[Any], page: int, per_page: int, render: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    """HSDS's `Page`: a page past the end is empty, not an error, so a client can loop
    until `last_page`."""
    total = rows.count()
    start = (page - 1) * per_page
    contents = [render(row) for row in rows[start : start + per_page]] if start < total else []
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _paging(request: Request, *, minimal: bool = False) -> tuple[int, int]:
    page = _int(request, "page", 1, 10**6)
    if minimal:
        return page, _int(request, "per_page", MINIMAL_PER_PAGE, MINIMAL_PER_PAGE)
    return page, _int(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)


class JsonOnly(DefaultContentNegotiation):
    """Always JSON. `format` is HSDS's parameter here (json or ndjson), not DRF's."""

    def select_renderer(
        self, request: Request, renderers: list[Any], format_suffix: str | None = None
    ) -> tuple[Any, str]:
        return renderers[0], renderers[0].media_type


def hsds_endpoint(view: Callable[..., Response]) -> Any:
    """A public GET endpoint: a token is optional (and lifts the per-address limit)."""
    view.content_negotiation_class = JsonOnly  # type: ignore[attr-defined]
    view = throttle_classes([PublicApiThrottle, SignedInApiThrottle])(view)
    view = permission_classes([permissions.AllowAny])(view)
    view = authentication_classes([ApiTokenAuthentication])(view)
    return extend_schema(exclude=True)(api_view(["GET"])(view))


# ---------------------------------------------------------------------------------------------
# Filters


def service_search(search: str) -> Q:
    return (
        Q(name__icontains=search)
        | Q(alternate_name__icontains=search)
        | Q(description__icontains=search)
        | Q(organization__name__icontains=search)
    )


def service_filter(request: Request, *, with_search: bool = True) -> Q:
    """The services the parameters ask for: partnership, search, taxonomy_term_id,
    taxonomy_id, organization_id and modified_after (at or after)."""
    q = Q()
    partnership = _partnership(request)
    if partnership is not None:
        q &= Q(partnership=partnership)
    search = _text(request, "search")
    if search and with_search:
        q &= service_search(search)
    term = _uuid(request, "taxonomy_term_id")
    if term in ELIGIBILITY_FILTERS:
        q &= ELIGIBILITY_FILTERS[term]
    elif term is not None:
        q &= Q(Exists(ServiceAttribute.objects.filter(service=OuterRef("pk"), taxonomy_term=term)))
    taxonomy = _uuid(request, "taxonomy_id")
    if taxonomy == taxonomy_id(ELIGIBILITY_TAXONOMY):
        q &= SAYS_ELIGIBILITY
    elif taxonomy is not None:
        in_taxonomy = ServiceAttribute.objects.filter(
            service=OuterRef("pk"), taxonomy_term__taxonomy_id=taxonomy
        )
        q &= Q(Exists(in_taxonomy))
    organization = _uuid(request, "organization_id")
    if organization is not None:
        q &= Q(organization_id=organization)
    modified_after = _datetime(request, "modified_after")
    if modified_after is not None:
        q &= Q(last_modified__gte=modified_after)
    return q


# ---------------------------------------------------------------------------------------------
# Endpoints


@hsds_endpoint
def root(request: Request) -> Response:
    return _answer(
        {
            "version": out.HSDS_VERSION,
            "profile": PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("hsds-openapi")),
        }
    )


@cache
def _openapi_template() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    return document


def openapi_document(base_url: str, site_url: str) -> dict[str, Any]:
    """HSDS 3's OpenAPI description with Waypost's details filled in (hsds/README.md)."""
    document = copy.deepcopy(_openapi_template())
    document["info"] = {
        "title": "Waypost service directory (Open Referral HSDS 3)",
        "version": "1",
        "summary": "Services for people sleeping rough or at risk of it, as HSDS 3.0.",
        "description": (
            "A read-only HSDS 3.0 API over a Waypost installation's service directory. Public: "
            "no token is needed, calls without one are limited per address (429 when over). "
            "Waypost adds the `partnership` parameter to keep to one partnership's services. "
            "Adapted from Open Referral's HSDS 3 OpenAPI description (CC BY-SA 4.0)."
        ),
        "contact": {"name": "Waypost", "url": site_url},
        "license": {"name": "CC BY-SA 4.0", "url": LICENSE_URL},
    }
    document["servers"] = [{"url": base_url.rstrip("/")}]
    partnership = {
        "name": "partnership",
        "in": "query",
        "required": False,
        "description": "Waypost extension: only this partnership's records (its short name, "
        "like `coventry`).",
        "schema": {"type": "string"},
    }
    document["components"]["parameters"]["partnership"] = partnership
    for path in ("/services", "/organizations", "/service_at_locations"):
        document["paths"][path]["get"]["parameters"].append(
            {"$ref": "#/components/parameters/partnership"}
        )
    return document


@hsds_endpoint
def openapi(request: Request) -> Response:
    return _answer(
        openapi_document(
            request.build_absolute_uri(reverse("hsds-root")), request.build_absolute_uri("/")
        )
    )


@hsds_endpoint
def services(request: Request) -> Response:
    _only_json(request)
    minimal = _bool(request, "minimal")
    full = _bool(request, "full")
    if minimal and full:
        raise _bad("minimal", "Ask for minimal or full, not both.")
    page, per_page = _paging(request, minimal=minimal)
    rows = Service.objects.filter(service_filter(request)).order_by("name", "id")
    if minimal:
        return _answer(page_of(rows, page, per_page, out.service_minimal))
    if full:
        return _answer(page_of(out.full_services(rows), page, per_page, out.service_out))
    rows = rows.select_related("organization")
    return _answer(page_of(rows, page, per_page, out.service_list_item))


@hsds_endpoint
def service(request: Request, id: str) -> Response:
    found = out.full_services(Service.objects.filter(pk=_path_id(id, "service"))).first()
    if found is None:
        raise NotFound("No service has that id.")
    return _answer(out.service_out(found))


@hsds_endpoint
def organizations(request: Request) -> Response:
    _only_json(request)
    full = _bool(request, "full")
    full_service = _bool(request, "full_service")
    page, per_page = _paging(request)
    q = Q()
    partnership = _partnership(request)
    if partnership is not None:
        q &= Q(partnership=partnership)
    search = _text(request, "search")
    if search:
        q &= (
            Q(name__icontains=search)
            | Q(alternate_name__icontains=search)
            | Q(description__icontains=search)
        )
    rows = Organization.objects.filter(q).order_by("name", "id")
    if full or full_service:
        rows = out.full_organizations(rows, full_service=full_service)
        return _answer(page_of(rows, page, per_page, _organization_renderer(full_service)))
    return _answer(page_of(rows, page, per_page, out.organization_list_item))


def _organization_renderer(full_service: bool) -> Callable[[Organization], dict[str, Any]]:
    def render(org: Organization) -> dict[str, Any]:
        if full_service:
            nested = [out.service_out(s, with_organization=False) for s in org.services.all()]
        else:
            nested = [out.service_list_item(s, with_organization=False) for s in org.services.all()]
        return out.organization_out(org, services=nested)

    return render


@hsds_endpoint
def organization(request: Request, id: str) -> Response:
    full_service = _bool(request, "full_service")
    rows = Organization.objects.filter(pk=_path_id(id, "organization"))
    found = out.full_organizations(rows, full_service=full_service).first()
    if found is None:
        raise NotFound("No organization has that id.")
    return _answer(_organization_renderer(full_service)(found))


@hsds_endpoint
def services_at_locations(request: Request) -> Response:
    _only_json(request)
    for unsupported in ("postcode", "proximity"):
        if _text(request, unsupported):
            raise _bad(
                unsupported,
                f"{unsupported} is not available here: filter by partnership or search instead.",
            )
    full = _bool(request, "full")
    page, per_page = _paging(request)
    q = Q()
    wanted = service_filter(request, with_search=False)
    if wanted:
        q &= Q(service__in=Service.objects.filter(wanted))
    search = _text(request, "search")
    if search:  # the service's words, or the place's name
        matching = Service.objects.filter(service_search(search))
        q &= Q(service__in=matching) | Q(location__name__icontains=search)
    rows = ServiceAtLocation.objects.filter(q).order_by("service__name", "location__name", "id")
    if full:
        rows = out.full_services_at_locations(rows)
        return _answer(page_of(rows, page, per_page, out.service_at_location_out))
    rows = rows.select_related("service__organization", "location")
    return _answer(page_of(rows, page, per_page, out.service_at_location_list_item))


@hsds_endpoint
def service_at_location(request: Request, id: str) -> Response:
    rows = ServiceAtLocation.objects.filter(pk=_path_id(id, "service at location"))
    found = out.full_services_at_locations(rows).first()
    if found is None:
        raise NotFound("No service at location has that id.")
    return _answer(out.service_at_location_out(found))


@hsds_endpoint
def taxonomies(request: Request) -> Response:
    _only_json(request)
    page, per_page = _paging(request)
    rows = Taxonomy.objects.order_by("name", "id")
    search = _text(request, "search")
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(description__icontains=search))
    return _answer(page_of(rows, page, per_page, out.taxonomy_out))


@hsds_endpoint
def taxonomy(request: Request, id: str) -> Response:
    found = Taxonomy.objects.filter(pk=_path_id(id, "taxonomy")).first()
    if found is None:
        raise NotFound("No taxonomy has that id.")
    return _answer(out.taxonomy_out(found))


@hsds_endpoint
def taxonomy_terms(request: Request) -> Response:
    _only_json(request)
    page, per_page = _paging(request)
    rows = TaxonomyTerm.objects.select_related("taxonomy")
    search = _text(request, "search")
    if search:
        rows = rows.filter(
            Q(name__icontains=search) | Q(description__icontains=search) | Q(code__iexact=search)
        )
    taxonomy = _uuid(request, "taxonomy_id")
    if taxonomy is not None:
        rows = rows.filter(taxonomy_id=taxonomy)
    # The parameter's name says top-level terms; its description's "no child terms" reads as
    # a slip, and top-level terms are what a client building a menu wants.
    if _bool(request, "top_only"):
        rows = rows.filter(parent__isnull=True, parent_uid="")
    parent = _uuid(request, "parent_id")
    if parent is not None:
        rows = rows.filter(Q(parent_id=parent) | Q(parent_uid=str(parent)))
    rows = rows.order_by("taxonomy__name", "position", "name", "id")
    return _answer(page_of(rows, page, per_page, out.taxonomy_term_out))


@hsds_endpoint
def taxonomy_term(request: Request, id: str) -> Response:
    rows = TaxonomyTerm.objects.select_related("taxonomy")
    found = rows.filter(pk=_path_id(id, "taxonomy term")).first()
    if found is None:
        raise NotFound("No taxonomy term has that id.")
    return _answer(out.taxonomy_term_out(found))


# HSDS clients call /services, Django's habit is /services/: both work.
ID = r"(?P<id>[^/]+)"
urlpatterns = [
    re_path(r"^$", root, name="hsds-root"),
    re_path(r"^openapi\.json$", openapi, name="hsds-openapi"),
    re_path(r"^services/?$", services, name="hsds-services"),
    re_path(rf"^services/{ID}/?$", service, name="hsds-service"),
    re_path(r"^organizations/?$", organizations, name="hsds-organizations"),
    re_path(rf"^organizations/{ID}/?$", organization, name="hsds-organization"),
    re_path(r"^service_at_locations/?$", services_at_locations, name="hsds-service-at-locations"),
    re_path(
        rf"^service_at_locations/{ID}/?$", service_at_location, name="hsds-service-at-location"
    ),
    re_path(r"^taxonomies/?$", taxonomies, name="hsds-taxonomies"),
    re_path(rf"^taxonomies/{ID}/?$", taxonomy, name="hsds-taxonomy"),
    re_path(r"^taxonomy_terms/?$", taxonomy_terms, name="hsds-taxonomy-terms"),
    re_path(rf"^taxonomy_terms/{ID}/?$", taxonomy_term, name="hsds-taxonomy-term"),
]
