"""The professionals' view of the directory: the public search and service pages, plus each
service's referral route, its internal contacts and when it was last checked.

Any member of staff with an active membership sees their own partnerships' directories (the
directory holds nothing personal; referral routes and internal contacts are for professionals,
not for the public). Another partnership's service is "Page not found", as is one that does
not exist; a partnership in the query string that is not theirs too.
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Membership, Partnership, Role
from waypost.accounts.roles import role_required
from waypost.directory.help_now import beds_for
from waypost.directory.manage_access import editable_services
from waypost.directory.models import Service
from waypost.directory.public_views import search_context
from waypost.directory.search import SHOWN_STATUSES, find_service, service_page

member_view = role_required(*Role)


def partnerships_of(memberships: Sequence[Membership]) -> list[Partnership]:
    """The user's partnerships, by name."""
    found: dict[Any, Partnership] = {}
    for membership in memberships:
        found.setdefault(membership.agency.partnership_id, membership.agency.partnership)
    return sorted(found.values(), key=lambda p: p.name)


def _chosen(request: HttpRequest) -> tuple[Partnership, list[Partnership]]:
    """The partnership asked for (the first when none is) and all of the user's; 404 for one
    that is not theirs."""
    partnerships = partnerships_of(request.memberships)  # type: ignore[attr-defined]
    if not partnerships:
        raise PermissionDenied
    slug = request.GET.get("partnership")
    if not slug:
        return partnerships[0], partnerships
    for partnership in partnerships:
        if partnership.slug == slug:
            return partnership, partnerships
    raise Http404


@member_view
def search_page(request: HttpRequest) -> HttpResponse:
    partnership, partnerships = _chosen(request)
    extra = [("partnership", partnership.slug)] if len(partnerships) > 1 else []
    context = search_context(request, partnership, action=reverse("directory:search"), extra=extra)
    return render(
        request,
        "directory/search/search.html",
        context | {"professional": True, "partnerships": partnerships},
    )


@member_view
def service(request: HttpRequest, service_id: Any) -> HttpResponse:
    """One service with its referral route and internal contacts."""
    partnerships = partnerships_of(request.memberships)  # type: ignore[attr-defined]
    services = Service.objects.filter(
        partnership__in=[p.pk for p in partnerships], status__in=SHOWN_STATUSES
    ).select_related("partnership")
    found = find_service(services, service_id, professional=True)
    if found is None:
        raise Http404
    now = timezone.now()
    return render(
        request,
        "directory/search/service.html",
        {
            "partnership": found.partnership,
            "partnerships": partnerships,
            "page": service_page(found, now=now),
            "beds": beds_for(found, now=now),
            "professional": True,
            # Whoever keeps this entry changes it from here.
            "can_edit": editable_services(request.user, request.memberships)  # type: ignore[arg-type, attr-defined]
            .filter(pk=found.pk)
            .exists(),
        },
    )
