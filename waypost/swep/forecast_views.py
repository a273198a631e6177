"""A coordinator enters the forecast for one night by hand (or corrects one)."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from waypost.accounts.models import Membership, User
from waypost.accounts.roles import role_required
from waypost.swep.activation_access import COORDINATORS, choose_partnership, settings_for
from waypost.swep.activation_actions import record_forecast
from waypost.swep.activation_views import home_url
from waypost.swep.forecast_forms import ForecastForm
from waypost.swep.models import Forecast
from waypost.swep.triggers import crossed, describe_night


def _memberships(request: HttpRequest) -> list[Membership]:
    return request.memberships  # type: ignore[attr-defined,no-any-return]


@role_required(*COORDINATORS)
def forecast_new(request: HttpRequest) -> HttpResponse:
    """The form for one night; `?night=YYYY-MM-DD` opens that night's forecast to correct."""
    memberships = _memberships(request)
    slug = request.POST.get("partnership") or request.GET.get("partnership")
    partnership, partnerships = choose_partnership(memberships, slug, COORDINATORS)
    try:
        night = date.fromisoformat(request.GET.get("night", ""))
    except ValueError:
        night = timezone.localdate()
    existing = Forecast.objects.filter(partnership=partnership, night=night).first()
    form = ForecastForm(
        request.POST if request.method == "POST" else None,
        initial=ForecastForm.initial_from(existing, night),
    )
    if request.method == "POST" and form.is_valid():
        user: User = request.user  # type: ignore[assignment]
        try:
            forecast = record_forecast(partnership, **form.values(), by=user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            reasons = crossed(settings_for(partnership), forecast)
            text = f"Forecast saved for the night of {describe_night(forecast.night)}."
            if reasons:
                text += " It crosses a SWEP trigger."
            messages.success(request, text)
            return redirect(home_url(partnership))
    return render(
        request,
        "swep/forecast_form.html",
        {
            "form": form,
            "partnership": partnership,
            "partnerships": partnerships,
            "existing": existing,
            "back": home_url(partnership),
        },
    )
