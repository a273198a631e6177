"""/referrals/discharges/: the hospital discharge and prison release countdown board, the
changes to a discharge plan (by the referral's id; nothing personal in the URL) and the
figures."""

from django.urls import path

from waypost.referrals import discharge_views

urlpatterns = [
    path("", discharge_views.board, name="discharge_board"),
    path("outcomes/", discharge_views.kpi, name="discharge_kpi"),
    path("<uuid:referral_id>/confirm/", discharge_views.confirm, name="discharge_confirm"),
    path("<uuid:referral_id>/fell-through/", discharge_views.unconfirm, name="discharge_unconfirm"),
    path("<uuid:referral_id>/date/", discharge_views.change_date, name="discharge_change_date"),
    path("<uuid:referral_id>/outcome/", discharge_views.outcome, name="discharge_outcome"),
]
