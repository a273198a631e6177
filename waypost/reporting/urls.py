"""/reports/: figures for the partnership, its returns, forecasts and the region. Each part
keeps its own URLs; every name is in the "reporting" namespace."""

from django.urls import include, path

app_name = "reporting"
urlpatterns = [
    path("dashboard/", include("waypost.reporting.dashboard_urls")),
    path("returns/", include("waypost.reporting.return_urls")),
    path("forecasts/", include("waypost.reporting.forecast_urls")),
    path("cohort/", include("waypost.reporting.cohort_urls")),
    path("region/", include("waypost.reporting.region_urls")),
]
