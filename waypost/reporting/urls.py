"""/reports/: figures for the partnership, its returns, forecasts and the region. Each part
keeps its own URLs; every name is in the "reporting" namespace."""

from django.urls import include, path

from waypost.reporting import hub_views

app_name = "reporting"
urlpatterns = [
    path("", hub_views.home, name="home"),
    path("dashboard/", include("waypost.reporting.dashboard_urls")),
    path("returns/", include("waypost.reporting.return_urls")),
    path("forecasts/", include("waypost.reporting.forecast_urls")),
    path("cohort/", include("waypost.reporting.cohort_urls")),
    path("region/", include("waypost.reporting.region_urls")),
]
