"""Housing First (mounted at /housing/housing-first/): the pipeline, referring someone, each
case and its steps, and the partnership's housing settings."""

from django.urls import path

from waypost.housing import housing_first_views as views

urlpatterns = [
    path("", views.pipeline, name="hf_pipeline"),
    path("settings/", views.housing_settings, name="settings"),
    path("people/<uuid:person_id>/refer/", views.refer, name="hf_refer"),
    path("<uuid:case_id>/", views.case_page, name="hf_case"),
    path("<uuid:case_id>/eligibility/", views.eligibility, name="hf_eligibility"),
    path("<uuid:case_id>/panel/", views.panel, name="hf_panel"),
    path("<uuid:case_id>/offer/", views.offer, name="hf_offer"),
    path("<uuid:case_id>/tenancy/", views.tenancy, name="hf_tenancy"),
    path("<uuid:case_id>/close/", views.close, name="hf_close"),
]
