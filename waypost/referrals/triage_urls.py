"""/referrals/: the housing options team's pages (triage, duties, reconnection, out of hours)."""

from django.urls import path

from waypost.referrals import triage_views

urlpatterns = [
    path("queue/", triage_views.queue, name="queue"),
    path("queue/open/", triage_views.queue_open, name="queue_open"),
    path("queue/closed/", triage_views.queue_closed, name="queue_closed"),
    path("caseload/", triage_views.caseload, name="caseload"),
    path("<uuid:referral_id>/", triage_views.detail, name="detail"),
    path("<uuid:referral_id>/accept/", triage_views.accept, name="accept"),
    path("<uuid:referral_id>/assign/", triage_views.reassign, name="reassign"),
    path("<uuid:referral_id>/first-contact/", triage_views.first_contact, name="first_contact"),
    path("<uuid:referral_id>/person/", triage_views.link_person, name="link_person"),
    path("<uuid:referral_id>/triage/", triage_views.triage, name="triage"),
    path("<uuid:referral_id>/duty/", triage_views.start_duty, name="start_duty"),
    path("<uuid:referral_id>/duty/<uuid:duty_id>/end/", triage_views.end_duty, name="end_duty"),
    path("<uuid:referral_id>/close/", triage_views.close, name="close"),
    path(
        "<uuid:referral_id>/reconnection/",
        triage_views.reconnection_offer,
        name="reconnection_offer",
    ),
    path(
        "<uuid:referral_id>/reconnection/<uuid:offer_id>/response/",
        triage_views.offer_response,
        name="offer_response",
    ),
    path(
        "<uuid:referral_id>/reconnection/<uuid:offer_id>/follow-up/",
        triage_views.follow_up,
        name="follow_up",
    ),
    path("out-of-hours/<uuid:partnership_id>/", triage_views.out_of_hours, name="out_of_hours"),
    path(
        "out-of-hours/<uuid:partnership_id>/edit/",
        triage_views.out_of_hours_edit,
        name="out_of_hours_edit",
    ),
]
