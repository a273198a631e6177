"""URLs of the sweep (/swep/<activation>/sweep/...) and the end-of-activation report."""

from django.urls import path

from waypost.swep import report_views, sweep_views

urlpatterns = [
    path("<uuid:activation_id>/sweep/", sweep_views.sweep, name="sweep"),
    path("<uuid:activation_id>/sweep/new/", sweep_views.sweep_new_person, name="sweep_new_person"),
    path(
        "<uuid:activation_id>/sweep/<uuid:person_id>/",
        sweep_views.sweep_person,
        name="sweep_person",
    ),
    path("<uuid:activation_id>/report/", report_views.report_page, name="report"),
    path("<uuid:activation_id>/report/csv/", report_views.report_csv, name="report_csv"),
]
