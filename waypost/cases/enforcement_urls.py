"""Enforcement under the charter of care, and death reviews (mounted at /cases/)."""

from django.urls import path

from waypost.cases import death_views, enforcement_views

urlpatterns = [
    path(
        "people/<uuid:person_id>/enforcement/new/",
        enforcement_views.enforcement_new,
        name="enforcement_new",
    ),
    path(
        "people/<uuid:person_id>/enforcement/",
        enforcement_views.person_enforcement,
        name="person_enforcement",
    ),
    path("enforcement/", enforcement_views.enforcement_list, name="enforcement_list"),
    path("people/<uuid:person_id>/death/new/", death_views.death_new, name="death_new"),
    path("deaths/", death_views.death_list, name="death_list"),
    path("deaths/learning/", death_views.death_learning, name="death_learning"),
    path("deaths/<uuid:review_id>/", death_views.death_review, name="death_review"),
    path("deaths/<uuid:review_id>/summary/", death_views.death_summary, name="death_summary"),
]
