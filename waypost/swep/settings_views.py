"""The partnership's SWEP settings page, for coordinators and partnership admins."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from waypost.accounts.models import Membership, User
from waypost.accounts.roles import role_required
from waypost.swep.activation_access import SETTINGS_ROLES, choose_partnership, settings_to_edit
from waypost.swep.activation_views import home_url
from waypost.swep.forecast_feed import last_report
from waypost.swep.settings_forms import SettingsForm


@role_required(*SETTINGS_ROLES)
def settings_page(request: HttpRequest) -> HttpResponse:
    """The triggers, the forecast source and the public help; the feed's last reading."""
    memberships: list[Membership] = request.memberships  # type: ignore[attr-defined]
    slug = request.POST.get("partnership") or request.GET.get("partnership")
    partnership, partnerships = choose_partnership(memberships, slug, SETTINGS_ROLES)
    swep_settings = settings_to_edit(partnership)
    form = SettingsForm(request.POST if request.method == "POST" else None, instance=swep_settings)
    if request.method == "POST" and form.is_valid():
        user: User = request.user  # type: ignore[assignment]
        try:
            form.save_by(user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"SWEP settings saved for {partnership.name}.")
            url = reverse("swep:settings")
            if len(partnerships) > 1:
                url += "?" + urlencode({"partnership": partnership.slug})
            return redirect(url)
    return render(
        request,
        "swep/settings.html",
        {
            "form": form,
            "partnership": partnership,
            "partnerships": partnerships,
            "report": last_report(partnership.pk),
            "back": home_url(partnership),
        },
    )
