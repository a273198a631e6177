"""/cases/meetings/: meetings and tasking (plans P1.7, CP1, P3.4)."""

from django.urls import path

from waypost.cases import meeting_views as views

urlpatterns = [
    path("", views.meetings, name="meetings"),
    path("new/", views.meeting_new, name="meeting_new"),
    path("person/<uuid:person_id>/", views.person_meetings, name="meeting_person_meetings"),
    path("series/new/", views.series_new, name="meeting_series_new"),
    path("series/<uuid:series_id>/", views.series_edit, name="meeting_series_edit"),
    path("series/<uuid:series_id>/stop/", views.series_stop, name="meeting_series_stop"),
    path("series/<uuid:series_id>/start/", views.series_start, name="meeting_series_start"),
    path("<uuid:meeting_id>/", views.meeting, name="meeting"),
    path("<uuid:meeting_id>/attendance/", views.attendance, name="meeting_attendance"),
    path("<uuid:meeting_id>/held/", views.held, name="meeting_held"),
    path("<uuid:meeting_id>/cancel/", views.cancel, name="meeting_cancel"),
    path("<uuid:meeting_id>/pack/", views.pack, name="meeting_pack"),
    path("<uuid:meeting_id>/agenda/", views.agenda, name="meeting_agenda"),
    path("<uuid:meeting_id>/agenda/build/", views.agenda_build, name="meeting_agenda_build"),
    path("<uuid:meeting_id>/agenda/add/", views.agenda_add, name="meeting_agenda_add"),
    path(
        "<uuid:meeting_id>/agenda/<uuid:item_id>/move/",
        views.agenda_move,
        name="meeting_agenda_move",
    ),
    path(
        "<uuid:meeting_id>/agenda/<uuid:item_id>/remove/",
        views.agenda_remove,
        name="meeting_agenda_remove",
    ),
    path(
        "<uuid:meeting_id>/agenda/<uuid:item_id>/restore/",
        views.agenda_restore,
        name="meeting_agenda_restore",
    ),
    path(
        "<uuid:meeting_id>/people/<uuid:item_id>/",
        views.meeting_person,
        name="meeting_person",
    ),
]
