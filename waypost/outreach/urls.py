"""/street/: street work. Each part keeps its own URLs."""

from django.urls import include, path

from waypost.outreach import hub_views

app_name = "outreach"
urlpatterns = [
    path("", hub_views.home, name="home"),
    path("", include("waypost.outreach.contact_urls")),  # contacts, places, identifying people
    path("counts/", include("waypost.outreach.count_urls")),  # annual snapshot, monthly figures
    path("", include("waypost.outreach.list_urls")),  # the by-name list and flows
]
