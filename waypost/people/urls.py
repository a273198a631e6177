from django.urls import path

from waypost.people import record_views, views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("id-criteria/", record_views.id_criteria, name="id_criteria"),
    path("id-criteria/<uuid:criterion_id>/", record_views.id_criterion, name="id_criterion"),
    path("<uuid:person_id>/", views.person_detail, name="detail"),
    path("<uuid:person_id>/pdf/", views.person_pdf, name="pdf"),
    path("<uuid:person_id>/change/<slug:part>/", views.person_edit, name="edit"),
    path("<uuid:person_id>/lead-worker/", record_views.lead_worker, name="lead_worker"),
    path("<uuid:person_id>/names/new/", record_views.add_alias, name="add_alias"),
    path("<uuid:person_id>/identifiers/new/", record_views.add_identifier, name="add_identifier"),
    path(
        "<uuid:person_id>/id-verifications/new/",
        record_views.add_id_verification,
        name="add_id_verification",
    ),
    path("<uuid:person_id>/notes/new/", record_views.add_note, name="add_note"),
    path("<uuid:person_id>/warnings/new/", record_views.add_warning, name="add_warning"),
    path(
        "<uuid:person_id>/warnings/<uuid:warning_id>/end/",
        record_views.end_warning,
        name="end_warning",
    ),
    path(
        "<uuid:person_id>/support-needs/new/",
        record_views.add_support_need,
        name="add_support_need",
    ),
    path(
        "<uuid:person_id>/housing-history/new/",
        record_views.add_housing_history,
        name="add_housing_history",
    ),
    path(
        "<uuid:person_id>/contact-details/new/",
        record_views.add_contact_detail,
        name="add_contact_detail",
    ),
    path("<uuid:person_id>/safe-address/", record_views.record_safe_address, name="safe_address"),
    path("<uuid:person_id>/care-of/new/", record_views.add_care_of, name="add_care_of"),
    path(
        "<uuid:person_id>/care-of/<uuid:care_of_id>/post/new/",
        record_views.log_post,
        name="log_post",
    ),
    path(
        "<uuid:person_id>/post/<uuid:item_id>/collected/",
        record_views.post_collected,
        name="post_collected",
    ),
]
