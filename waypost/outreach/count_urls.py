"""/street/counts/: the annual rough sleeping snapshot and the monthly single-night figures."""

from django.urls import path

from waypost.outreach import count_views

urlpatterns = [
    path("", count_views.count_list, name="counts"),
    path("snapshot/new/", count_views.snapshot_new, name="count_new"),
    path("monthly/", count_views.monthly, name="count_monthly"),
    path("monthly/<slug:month>/", count_views.monthly_record, name="count_month"),
    path("<uuid:count_id>/", count_views.detail, name="count_detail"),
    path("<uuid:count_id>/change/", count_views.snapshot_edit, name="count_edit"),
    path("<uuid:count_id>/submit/", count_views.submit, name="count_submit"),
    path("<uuid:count_id>/return.csv", count_views.return_csv, name="count_csv"),
    path(
        "<uuid:count_id>/bedded-down/",
        count_views.add_bedded_down,
        name="count_add_bedded_down",
    ),
    path("<uuid:count_id>/people/new/", count_views.person_add, name="count_person_add"),
    path(
        "<uuid:count_id>/people/<uuid:row_id>/",
        count_views.person_edit,
        name="count_person_edit",
    ),
    path(
        "<uuid:count_id>/people/<uuid:row_id>/remove/",
        count_views.person_remove,
        name="count_person_remove",
    ),
    path(
        "<uuid:count_id>/people/<uuid:row_id>/person/",
        count_views.person_link,
        name="count_person_link",
    ),
]
