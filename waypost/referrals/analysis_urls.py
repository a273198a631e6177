"""/referrals/analysis/: P1.4's figures (aggregates only) and the partnership's target."""

from django.urls import path

from waypost.referrals import analysis_views

urlpatterns = [
    path("", analysis_views.analysis_page, name="analysis"),
    path("csv/", analysis_views.analysis_csv, name="analysis_csv"),
    path("target/<slug:slug>/", analysis_views.duty_target, name="duty_target"),
]
