"""The referrer's pages, under /referrals/ (namespace "referrals")."""

from django.urls import path

from waypost.referrals import referrer_views

urlpatterns = [
    path("new/", referrer_views.new, name="new"),
    path("mine/", referrer_views.mine, name="mine"),
    path("mine/<uuid:referral_id>/", referrer_views.sent_detail, name="sent_detail"),
    path("mine/<uuid:referral_id>/sent/", referrer_views.sent, name="sent"),
]
