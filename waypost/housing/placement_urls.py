"""Placements, housing needs, suitable beds and room for all (under /housing/)."""

from django.urls import path

from waypost.housing import needs_views, placement_views, room_for_all_views

urlpatterns = [
    path(
        "people/<uuid:person_id>/placements/",
        placement_views.person_placements,
        name="person_placements",
    ),
    path("people/<uuid:person_id>/needs/", needs_views.needs, name="needs"),
    path("people/<uuid:person_id>/beds/", placement_views.person_beds, name="person_beds"),
    path(
        "people/<uuid:person_id>/place/<uuid:unit_id>/",
        placement_views.place,
        name="place",
    ),
    path(
        "placements/<uuid:placement_id>/end/",
        placement_views.placement_end,
        name="placement_end",
    ),
    path("room-for-all/", room_for_all_views.room_for_all, name="room_for_all"),
]
