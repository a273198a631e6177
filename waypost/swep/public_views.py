"""The public severe weather pages: is SWEP active tonight, and how to get help. No sign-in;
nothing personal (activations are the partnership's public business)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.referrals.ratelimit import limited_per_address
from waypost.swep.activation_access import settings_for_many
from waypost.swep.context_processors import tonight_cutoff
from waypost.swep.models import Activation, ActivationStatus


def _places(partnerships: list[Partnership]) -> list[dict[str, object]]:
    """Each partnership with its active activation tonight (if any) and its help."""
    ids = [p.pk for p in partnerships]
    active = {
        a.partnership_id: a
        for a in Activation.objects.filter(
            partnership_id__in=ids, status=ActivationStatus.ACTIVE, starts_at__lt=tonight_cutoff()
        )
    }
    help_settings = settings_for_many(ids)
    return [
        {
            "partnership": p,
            "activation": active.get(p.pk),
            "settings": help_settings[p.pk],
        }
        for p in partnerships
    ]


@limited_per_address("public-weather", "PUBLIC_PAGE_RATE")
def status(request: HttpRequest) -> HttpResponse:
    """Every partnership: whether SWEP is active tonight, and how to get help where it is."""
    places = _places(list(Partnership.objects.order_by("name")))
    return render(
        request,
        "weather/status.html",
        {
            "places": places,
            "any_active": any(p["activation"] for p in places),
            "now": timezone.now(),
            "hide_swep_banner": True,  # this page says it already
        },
    )


@limited_per_address("public-weather", "PUBLIC_PAGE_RATE")
def partnership(request: HttpRequest, slug: str) -> HttpResponse:
    """One partnership's page (the banner links here)."""
    found = Partnership.objects.filter(slug=slug).first()
    if found is None:
        raise Http404
    [place] = _places([found])
    return render(
        request,
        "weather/partnership.html",
        {"place": place, "single": True, "now": timezone.now(), "hide_swep_banner": True},
    )
