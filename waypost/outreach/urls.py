"""/street/: street work. Each part keeps its own URLs."""

from django.urls import include, path

app_name = "outreach"
urlpatterns = [
    path("", include("waypost.outreach.contact_urls")),  # contacts, places, identifying people
    path("counts/", include("waypost.outreach.count_urls")),  # annual snapshot, monthly figures
    path("", include("waypost.outreach.list_urls")),  # the by-name list and flows
]
