from django.urls import path

from waypost.referrals import area_views, public_views, views

app_name = "alerts"
urlpatterns = [
    # Public: no sign-in
    path("", public_views.alert_new, name="new"),
    path("sent/<str:reference>/", public_views.alert_sent, name="sent"),
    path("status/", public_views.status_lookup, name="status_lookup"),
    path("status/<str:reference>/", public_views.alert_status, name="status"),
    # Outreach and coordinators
    path("queue/", views.queue, name="queue"),
    path("queue/closed/", views.closed, name="closed"),
    path("<uuid:alert_id>/", views.detail, name="detail"),
    path("<uuid:alert_id>/visit/", views.record_visit, name="record_visit"),
    path("<uuid:alert_id>/person/", views.link_person, name="link_person"),
    path("<uuid:alert_id>/forward/", views.forward, name="forward"),
    # Partnership admins
    path("areas/", area_views.areas, name="areas"),
    path("areas/<uuid:partnership_id>/", area_views.area_edit, name="area_edit"),
]
