"""/street/list/ and /street/flows/: the by-name list and the flows of people sleeping rough."""

from django.urls import path

from waypost.outreach import flow_views, list_views

urlpatterns = [
    path("list/", list_views.by_name_list, name="list"),
    path("list/export.csv", list_views.by_name_list_csv, name="list_export"),
    path("list/settings/", list_views.list_settings, name="list_settings"),
    path("list/add/<uuid:person_id>/", list_views.add_to_list, name="list_add"),
    path("list/status/<uuid:person_id>/", list_views.change_status, name="list_status"),
    path("flows/", flow_views.flows_page, name="flows"),
    path("flows/flows.csv", flow_views.flows_csv, name="flows_csv"),
]
