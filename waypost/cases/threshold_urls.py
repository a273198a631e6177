"""Assessments, the threshold model and tiers."""

from django.urls import path

from waypost.cases import assessment_views, threshold_views

urlpatterns = [
    path(
        "people/<uuid:person_id>/assessments/",
        assessment_views.assessment_list,
        name="assessments",
    ),
    path(
        "people/<uuid:person_id>/assessments/new/",
        assessment_views.assessment_new,
        name="assessment_new",
    ),
    path(
        "people/<uuid:person_id>/assessments/<uuid:assessment_id>/",
        assessment_views.assessment_detail,
        name="assessment",
    ),
    path("people/<uuid:person_id>/tier/", assessment_views.person_tier, name="tier"),
    path("threshold/", threshold_views.threshold_page, name="threshold"),
    path("threshold/<slug:slug>/change/", threshold_views.threshold_edit, name="threshold_edit"),
    path(
        "threshold/versions/<uuid:model_id>/",
        threshold_views.threshold_version,
        name="threshold_version",
    ),
]
