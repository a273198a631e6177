"""/street/contacts/ and /street/places/: recording street contacts, the lists of recent and
not-yet-identified contacts, identifying the person, and the partnership's places."""

from django.urls import path

from waypost.outreach import contact_views, place_views

urlpatterns = [
    path("contacts/", contact_views.contact_list, name="contacts"),
    path("contacts/new/", contact_views.contact_new, name="contact_new"),
    path("contacts/unidentified/", contact_views.unidentified_list, name="contacts_unidentified"),
    path("contacts/<uuid:contact_id>/", contact_views.contact_detail, name="contact"),
    path(
        "contacts/<uuid:contact_id>/identify/",
        contact_views.contact_identify,
        name="contact_identify",
    ),
    path(
        "contacts/<uuid:contact_id>/identify/new/",
        contact_views.contact_identify_new,
        name="contact_identify_new",
    ),
    path("places/", place_views.place_list, name="places"),
    path("places/new/", place_views.place_new, name="place_new"),
    path("places/<uuid:place_id>/", place_views.place_edit, name="place_edit"),
    path("places/<uuid:place_id>/active/", place_views.place_active, name="place_active"),
]
