"""/directory/manage/: agencies keep their own services; coordinators keep areas and
organisations (waypost.directory.manage_views)."""

from django.urls import path

from waypost.directory import manage_views as views

urlpatterns = [
    path("", views.manage, name="manage"),
    path("services/new/", views.service_new, name="service_new"),
    path("services/<uuid:service_id>/", views.service_edit, name="service_edit"),
    path("services/<uuid:service_id>/check/", views.service_check, name="service_check"),
    path("services/<uuid:service_id>/closures/", views.closures, name="closures"),
    path(
        "services/<uuid:service_id>/closures/remove/",
        views.closure_remove,
        name="closure_remove",
    ),
    path("places/<uuid:location_id>/", views.location_edit, name="location_edit"),
    path("areas/", views.areas, name="areas"),
    path("areas/<uuid:area_id>/", views.area_edit, name="area_edit"),
    path("areas/<uuid:area_id>/remove/", views.area_remove, name="area_remove"),
    path("organisations/", views.organizations, name="organizations"),
    path("organisations/new/", views.organization_new, name="organization_new"),
    path(
        "organisations/<uuid:organization_id>/",
        views.organization_edit,
        name="organization_edit",
    ),
]
