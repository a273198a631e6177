"""/directory/gaps/: need recorded in assessments against services by area (namespace
"directory")."""

from django.urls import path

from waypost.directory import gap_views

urlpatterns = [
    path("", gap_views.gaps_page, name="gaps"),
    path("csv/", gap_views.gaps_csv, name="gaps_csv"),
]
