"""/referrals/: the Duty to Refer and discharge referrals. Each part keeps its own URLs."""

from django.urls import include, path

app_name = "referrals"
urlpatterns = [
    path("", include("waypost.referrals.referrer_urls")),  # referrers: send, see your own
    path("", include("waypost.referrals.triage_urls")),  # housing options: triage and duties
    path("discharges/", include("waypost.referrals.discharge_urls")),  # countdown board, KPI
    path("analysis/", include("waypost.referrals.analysis_urls")),  # P1.4 figures
]
