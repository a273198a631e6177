from django.urls import include, path, re_path
from django.views.generic import RedirectView

from waypost.api import api_not_found
from waypost.pages.views import not_found

handler403 = "waypost.pages.views.forbidden"
handler404 = "waypost.pages.views.not_found"
handler500 = "waypost.pages.views.server_error"

urlpatterns = [
    path("", include("waypost.pages.urls")),
    # Staff email addresses are set by invitation; allauth's page to add more is switched off.
    path("accounts/email/", not_found, name="account_email"),
    # allauth.usersessions' own page ends sessions without asking for the password again: ours
    # (/account/sessions/) does. A POST here is answered with a redirect and ends nothing.
    path(
        "accounts/sessions/",
        RedirectView.as_view(pattern_name="accounts:sessions"),
        name="usersessions_list",
    ),
    path("accounts/", include("allauth.urls")),
    path("", include("waypost.accounts.urls")),
    path("audit/", include("waypost.audit.urls")),
    path("people/duplicates/", include("waypost.people.matching.urls")),
    path("people/merge/", include("waypost.people.merge_urls")),
    path("people/", include("waypost.people.urls")),
    path("sharing/", include("waypost.sharing.urls")),
    path("alerts/", include("waypost.referrals.urls")),
    path("referrals/", include("waypost.referrals.referral_urls")),
    path("street/", include("waypost.outreach.urls")),
    path("cases/", include("waypost.cases.urls")),
    path("housing/", include("waypost.housing.urls")),
    path("swep/", include("waypost.swep.urls")),
    path("severe-weather/", include("waypost.swep.public_urls")),
    path("directory/", include("waypost.directory.urls")),
    path("services/", include("waypost.directory.public_urls")),
    path("commissioning/", include("waypost.commissioning.urls")),
    path("funds/", include("waypost.funds.urls")),
    path("giving/", include("waypost.funds.public_urls")),
    path("strategy/", include("waypost.strategy.urls")),
    path("reports/", include("waypost.reporting.urls")),
    path("notifications/", include("waypost.notifications.urls")),
    path("api/", include("waypost.api")),
    # Unknown API paths answer in the API's JSON error shape, not an HTML page.
    re_path(r"^api/", api_not_found),
]
