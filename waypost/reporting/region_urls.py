"""/reports/region/: the regional view and the practice notes shared across the region."""

from django.urls import path

from waypost.reporting import practice_views, region_views

urlpatterns = [
    path("", region_views.region_page, name="region"),
    path("figures.csv", region_views.region_csv, name="region_csv"),
    path("notes/", practice_views.note_list, name="region_notes"),
    path("notes/new/", practice_views.note_new, name="region_note_new"),
    path("notes/<uuid:note_id>/", practice_views.note_detail, name="region_note"),
]
