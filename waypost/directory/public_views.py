"""The public directory at /services/: no sign-in, phone first. The search, each service's
page and "Get help now".

Nothing here is personal, and nothing is for professionals only: services' referral routes
and internal contacts are never loaded for these pages (waypost.directory.search). A service
of another partnership, or one that is not running, is "Page not found". The search is
limited per client address (PUBLIC_SEARCH_RATE): each call runs the full search.
"""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from waypost.accounts.models import Partnership
from waypost.directory.help_now import beds_for, help_tonight
from waypost.directory.models import Area
from waypost.directory.search import find_service, search, service_page, shown_services
from waypost.directory.search_forms import SearchForm, chosen_filters, query_pairs
from waypost.referrals.ratelimit import allow, too_many_requests
from waypost.swep.context_processors import active_tonight


def _partnership(slug: str) -> Partnership:
    found = Partnership.objects.filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


def search_context(
    request: HttpRequest,
    partnership: Partnership,
    *,
    action: str,
    extra: list[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """The search form and one page of results, for the public page and the professionals'
    (which pass `extra`: the partnership, for staff in more than one)."""
    extra = extra or []
    areas = list(Area.objects.filter(partnership=partnership).order_by("name"))
    form = SearchForm(request.GET, place_name=partnership.name, areas=areas)
    query = form.query()
    page = None
    if not form.errors:
        page = search(partnership, query, now=timezone.now(), page_number=request.GET.get("page"))
    pairs = query_pairs(query, area=form.area_chosen)
    without_location = [(k, v) for k, v in pairs if k not in ("lat", "lng")]
    device = query.near is not None and query.near.label == "your location"
    return {
        "partnership": partnership,
        "form": form,
        "query": query,
        "page_obj": page,
        "results": page.object_list if page is not None else [],
        "query_string": urlencode(extra + pairs),
        "chosen_filters": chosen_filters(query),
        "clear_url": f"{action}?{urlencode(extra)}" if extra else action,
        "device_location": device,
        "stop_location_url": f"{action}?{urlencode(extra + without_location)}",
        "form_action": action,
        "extra_fields": extra,
        "areas": areas,
    }


def index(request: HttpRequest) -> HttpResponse:
    """Every partnership's directory; straight to it when there is only one."""
    partnerships = list(Partnership.objects.order_by("name"))
    if len(partnerships) == 1:
        return redirect("services:search", partnerships[0].slug)
    return render(request, "directory/public/index.html", {"partnerships": partnerships})


def search_page(request: HttpRequest, slug: str) -> HttpResponse:
    if not allow(request, "public-search", settings.PUBLIC_SEARCH_RATE):
        return too_many_requests(request, settings.PUBLIC_SEARCH_RATE)
    partnership = _partnership(slug)
    action = reverse("services:search", args=[partnership.slug])
    context = search_context(request, partnership, action=action)
    return render(request, "directory/public/search.html", context | {"professional": False})


def service(request: HttpRequest, slug: str, service_id: Any) -> HttpResponse:
    """One service: what it is, when it is open, how to get there and how to get in."""
    partnership = _partnership(slug)
    found = find_service(shown_services(partnership), service_id, professional=False)
    if found is None:
        raise Http404
    now = timezone.now()
    return render(
        request,
        "directory/public/service.html",
        {
            "partnership": partnership,
            "page": service_page(found, now=now),
            "beds": beds_for(found, now=now),
            "professional": False,
        },
    )


def help_now(request: HttpRequest, slug: str) -> HttpResponse:
    """What is open tonight, SWEP first when it is active here."""
    partnership = _partnership(slug)
    swep_here = bool(active_tonight([partnership.pk]))
    return render(
        request,
        "directory/public/help_now.html",
        {
            "partnership": partnership,
            "swep_here": swep_here,
            # This page says it first, in its own words: no second banner above it.
            "hide_swep_banner": swep_here,
            "tonight": help_tonight(partnership, now=timezone.now()),
            "open_now_query": urlencode({"open_now": "on"}),
        },
    )
